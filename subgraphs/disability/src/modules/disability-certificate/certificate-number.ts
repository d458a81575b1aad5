/**
 * 残疾人证号 Second-generation disability certificate numbers (第二代残疾人证), pure functions without database or
 * GraphQL: 20 characters = the holder's 18-character resident ID number (GB 11643-1999) + category digit (1-7) +
 * grade digit (1-4), optionally followed by a reissue suffix B1-B9 (补发/换发), so 20 or 22 characters in all
 * (domain file disability.json). The ID part is validated with the kit's parseIdNumber.
 */
import { maskIdNumber, normalizeIdNumberInput, parseIdNumber, type IdNumberProblem } from '@aidgraph/subgraph-kit';
import { CATEGORY_BY_DIGIT, type DisabilityCategory, type DisabilityGrade } from './disability-certificate.enums';

/** What a valid certificate number says. */
export interface CertificateNumberParts {
  /** canonical form: half-width, upper-case X and B, no spaces (20 or 22 characters) */
  canonical: string;
  /** the holder's canonical 18-character resident ID number */
  idNumber: string;
  /** the holder's birth date (ISO), from the ID part */
  birthDate: string;
  category: DisabilityCategory;
  grade: DisabilityGrade;
  /** 1-9 for a reissue suffix B1-B9, null for an original certificate */
  reissue: number | null;
}

/** A reason a certificate number is refused, phrased for the person who typed it (never echoing the number). */
export type CertificateNumberProblem = 'EMPTY' | 'LENGTH' | 'CHARACTERS' | 'CATEGORY_DIGIT' | 'GRADE_DIGIT' | 'REISSUE_SUFFIX' | 'ID_NUMBER';

export const CERTIFICATE_NUMBER_PROBLEM_MESSAGES: Record<CertificateNumberProblem, string> = {
  EMPTY: 'the certificate number is empty',
  LENGTH: 'a certificate number has 20 characters (22 with a reissue suffix B1-B9)',
  CHARACTERS: 'a certificate number is an 18-character ID number, two digits and an optional suffix B1-B9',
  CATEGORY_DIGIT: 'the 19th character (the category) must be a digit 1-7',
  GRADE_DIGIT: 'the 20th character (the grade) must be a digit 1-4',
  REISSUE_SUFFIX: 'a reissue suffix is B followed by a digit 1-9',
  ID_NUMBER: 'the first 18 characters are not a valid resident ID number',
};

/**
 * Normalise a certificate number as typed: full-width digits and letters become half-width, spaces (also the
 * ideographic space), hyphens and invisible characters are removed, lower-case x and b become X and B.
 */
export function normalizeCertificateNumberInput(raw: string): string {
  return normalizeIdNumberInput(raw ?? '');
}

/**
 * Parse and validate a certificate number as typed: its shape, its category and grade digits, its reissue suffix,
 * and its ID part (a valid 18-character ID number: address code, birth date not after `today`, check character).
 */
export function parseCertificateNumber(
  raw: string,
  today: Date = new Date(),
): { ok: true; value: CertificateNumberParts } | { ok: false; problem: CertificateNumberProblem; idProblem?: IdNumberProblem } {
  const s = normalizeCertificateNumberInput(raw);
  if (!s) return { ok: false, problem: 'EMPTY' };
  if (s.length !== 20 && s.length !== 22) return { ok: false, problem: 'LENGTH' };
  if (!/^\d{17}[\dX]\d\d([A-Z]\d)?$/.test(s)) return { ok: false, problem: 'CHARACTERS' };
  const category = CATEGORY_BY_DIGIT.get(Number(s[18]));
  if (!category) return { ok: false, problem: 'CATEGORY_DIGIT' };
  const grade = Number(s[19]);
  if (grade < 1 || grade > 4) return { ok: false, problem: 'GRADE_DIGIT' };
  let reissue: number | null = null;
  if (s.length === 22) {
    if (s[20] !== 'B' || s[21] === '0') return { ok: false, problem: 'REISSUE_SUFFIX' };
    reissue = Number(s[21]);
  }
  const id = parseIdNumber(s.slice(0, 18), today);
  if (!id.ok) return { ok: false, problem: 'ID_NUMBER', idProblem: id.problem };
  return { ok: true, value: { canonical: s, idNumber: id.value.canonical, birthDate: id.value.birthDate, category, grade: grade as DisabilityGrade, reissue } };
}

/** Build the canonical certificate number of an ID number, category, grade and optional reissue count (1-9). */
export function makeCertificateNumber(idNumber: string, categoryDigit: number, grade: number, reissue: number | null = null): string {
  return `${normalizeIdNumberInput(idNumber)}${categoryDigit}${grade}${reissue ? `B${reissue}` : ''}`;
}

/**
 * True when `certificateNumber` is a valid certificate number whose ID part is the same person's resident ID number
 * as `idNumber` (both as typed: normalised first; a legacy 15-digit ID number is compared by its 18-character form).
 * False when either is invalid or they differ. This is the agreement check between a certificate and the civil-affairs
 * registry's ID number, wherever both are known (the disability subgraph does not hold the registry).
 */
export function certificateMatchesIdNumber(certificateNumber: string, idNumber: string, today: Date = new Date()): boolean {
  const cert = parseCertificateNumber(certificateNumber, today);
  const id = parseIdNumber(idNumber ?? '', today);
  return cert.ok && id.ok && cert.value.idNumber === id.value.canonical;
}

/**
 * Mask a certificate number for analysts: its ID part as the kit masks ID numbers (370281********123X), the
 * category and grade digits and the suffix stay (an analyst may see category and grade).
 */
export function maskCertificateNumber(number: string): string {
  return maskIdNumber(number.slice(0, 18)) + number.slice(18);
}
