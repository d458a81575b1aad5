/**
 * Resident ID numbers (居民身份证号码), GB 11643-1999.
 * 18 characters: 6-digit address code, 8-digit birth date YYYYMMDD, 3-digit sequence (odd = male, even = female),
 * and a check character computed by ISO 7064 MOD 11-2. The canonical form is 18 characters with an upper-case X.
 */

/** The province-level codes of GB/T 2260 that an address code starts with. */
const PROVINCES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41', '42', '43', '44', '45',
  '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71', '81', '82',
]);

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** The ISO 7064 MOD 11-2 check character for the first 17 digits of an ID number. */
export function idCheckCharacter(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error('idCheckCharacter needs exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

/** What a valid ID number says about its holder. */
export interface IdNumberParts {
  /** canonical 18-character form, upper-case X */
  canonical: string;
  /** 6-digit county code of first registration (it does not change when the person moves) */
  addressCode: string;
  /** ISO date YYYY-MM-DD */
  birthDate: string;
  gender: 'MALE' | 'FEMALE';
  /** 3-digit sequence number */
  sequence: string;
}

/** A reason an ID number is refused, phrased for the person who typed it (never echoing the number). */
export type IdNumberProblem =
  | 'EMPTY'
  | 'LENGTH'
  | 'CHARACTERS'
  | 'ADDRESS_CODE'
  | 'BIRTH_DATE'
  | 'CHECK_CHARACTER';

export const ID_NUMBER_PROBLEM_MESSAGES: Record<IdNumberProblem, string> = {
  EMPTY: 'the ID number is empty',
  LENGTH: 'an ID number has 18 characters (or 15 in the legacy form)',
  CHARACTERS: 'an ID number has 17 digits followed by a digit or X',
  ADDRESS_CODE: 'the first 6 digits are not a valid address code',
  BIRTH_DATE: 'digits 7-14 are not a valid birth date (YYYYMMDD, not in the future)',
  CHECK_CHARACTER: 'the last character does not match the check character of the first 17 digits',
};

/**
 * Normalise what people type: full-width digits and letters become half-width, spaces, hyphens and invisible
 * characters are removed, and a lower-case x becomes X. Does not validate.
 */
export function normalizeIdNumberInput(raw: string): string {
  return raw
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000\u200B-\u200D\uFEFF\-_.]/g, '')
    .toUpperCase();
}

function validDate(y: number, m: number, d: number, today: Date): boolean {
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return false;
  return y >= 1880 && dt.getTime() <= today.getTime();
}

/**
 * Parse and validate an ID number as typed. A legacy 15-digit number (GB 11643-1989: YYMMDD, no check character)
 * is converted to its 18-character form (born 19YY). Returns the parts, or the problem found.
 */
export function parseIdNumber(
  raw: string,
  today: Date = new Date(),
): { ok: true; value: IdNumberParts } | { ok: false; problem: IdNumberProblem } {
  let s = normalizeIdNumberInput(raw ?? '');
  if (!s) return { ok: false, problem: 'EMPTY' };
  if (s.length === 15) {
    if (!/^\d{15}$/.test(s)) return { ok: false, problem: 'CHARACTERS' };
    const first17 = s.slice(0, 6) + '19' + s.slice(6);
    s = first17 + idCheckCharacter(first17);
  }
  if (s.length !== 18) return { ok: false, problem: 'LENGTH' };
  if (!/^\d{17}[\dX]$/.test(s)) return { ok: false, problem: 'CHARACTERS' };
  if (!/^[1-9]\d{5}$/.test(s.slice(0, 6)) || /^\d{2}0000$/.test(s.slice(0, 6)) || !PROVINCES.has(s.slice(0, 2)))
    return { ok: false, problem: 'ADDRESS_CODE' };
  const y = Number(s.slice(6, 10));
  const m = Number(s.slice(10, 12));
  const d = Number(s.slice(12, 14));
  if (!validDate(y, m, d, today)) return { ok: false, problem: 'BIRTH_DATE' };
  if (idCheckCharacter(s.slice(0, 17)) !== s[17]) return { ok: false, problem: 'CHECK_CHARACTER' };
  const seq = s.slice(14, 17);
  return {
    ok: true,
    value: {
      canonical: s,
      addressCode: s.slice(0, 6),
      birthDate: `${s.slice(6, 10)}-${s.slice(10, 12)}-${s.slice(12, 14)}`,
      gender: Number(seq) % 2 === 1 ? 'MALE' : 'FEMALE',
      sequence: seq,
    },
  };
}

/** Build a valid ID number from its parts (used by the population generator and tests). */
export function makeIdNumber(addressCode: string, birthDate: string, sequence: number): string {
  const first17 = addressCode + birthDate.replace(/-/g, '') + String(sequence).padStart(3, '0');
  return first17 + idCheckCharacter(first17);
}

/**
 * Mask an ID number for roles that may not see it whole: the first 6 and last 4 characters stay,
 * the birth date and sequence are hidden (370281********123X).
 */
export function maskIdNumber(idNumber: string): string {
  if (idNumber.length !== 18) return '*'.repeat(idNumber.length);
  return idNumber.slice(0, 6) + '********' + idNumber.slice(14);
}
