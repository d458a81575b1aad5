import fs from 'node:fs';
import path from 'node:path';
import { makeIdNumber } from '@aidgraph/subgraph-kit';
import {
  certificateMatchesIdNumber, makeCertificateNumber, maskCertificateNumber, normalizeCertificateNumberInput, parseCertificateNumber,
} from './certificate-number';
import { CATEGORY_DIGITS } from './disability-certificate.enums';

const ID = makeIdNumber('370281', '1990-05-17', 123);
/** an ID number whose check character is X */
const ID_X = (() => {
  for (let seq = 1; ; seq++) {
    const id = makeIdNumber('370281', '1985-11-02', seq);
    if (id.endsWith('X')) return id;
  }
})();
const OTHER = makeIdNumber('370281', '1990-05-17', 125);
const fullWidth = (s: string) => s.replace(/[0-9A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

describe('certificate numbers (第二代残疾人证)', () => {
  it('parses a 20-character number into its ID part, category, grade and birth date', () => {
    const r = parseCertificateNumber(`${ID}42`);
    expect(r).toEqual({ ok: true, value: { canonical: `${ID}42`, idNumber: ID, birthDate: '1990-05-17', category: 'PHYSICAL', grade: 2, reissue: null } });
  });

  it('parses a reissue suffix B1-B9', () => {
    const r = parseCertificateNumber(`${ID}13B2`);
    expect(r.ok && r.value).toMatchObject({ category: 'VISUAL', grade: 3, reissue: 2, canonical: `${ID}13B2` });
  });

  it('normalises typed input: full-width characters, lower-case x and b, spaces and hyphens', () => {
    const typed = ` ${fullWidth(ID_X.slice(0, 6))} ${ID_X.slice(6, 17)}-x\u3000${fullWidth('71')} ${fullWidth('b')}3 `;
    expect(normalizeCertificateNumberInput(typed)).toBe(`${ID_X}71B3`);
    const r = parseCertificateNumber(typed);
    expect(r.ok && r.value).toMatchObject({ canonical: `${ID_X}71B3`, idNumber: ID_X, category: 'MULTIPLE', grade: 1, reissue: 3 });
  });

  it.each([
    ['', 'EMPTY'],
    [`${ID}4`, 'LENGTH'],
    [`${ID}421`, 'LENGTH'],
    [`${ID}42B10`, 'LENGTH'],
    [`${ID}4A`, 'CHARACTERS'],
    [`${ID}42C1`, 'REISSUE_SUFFIX'],
    [`${ID}42B0`, 'REISSUE_SUFFIX'],
    [`${ID}02`, 'CATEGORY_DIGIT'],
    [`${ID}82`, 'CATEGORY_DIGIT'],
    [`${ID}40`, 'GRADE_DIGIT'],
    [`${ID}45`, 'GRADE_DIGIT'],
  ])('refuses %j: %s', (raw, problem) => {
    expect(parseCertificateNumber(raw)).toEqual({ ok: false, problem });
  });

  it('refuses a number whose ID part is not a valid ID number, saying why', () => {
    const badCheck = ID.slice(0, 17) + (ID[17] === '0' ? '1' : '0');
    expect(parseCertificateNumber(`${badCheck}42`)).toEqual({ ok: false, problem: 'ID_NUMBER', idProblem: 'CHECK_CHARACTER' });
    const future = makeIdNumber('370281', '2031-01-01', 1);
    expect(parseCertificateNumber(`${future}42`, new Date('2026-01-01'))).toEqual({ ok: false, problem: 'ID_NUMBER', idProblem: 'BIRTH_DATE' });
    expect(parseCertificateNumber(`000000${ID.slice(6)}42`)).toMatchObject({ ok: false, problem: 'ID_NUMBER' });
  });

  it('builds the canonical number from its parts', () => {
    expect(makeCertificateNumber(ID_X.toLowerCase(), 6, 4)).toBe(`${ID_X}64`);
    expect(makeCertificateNumber(ID, 2, 1, 1)).toBe(`${ID}21B1`);
  });

  it('masks the ID part for analysts and keeps category, grade and suffix', () => {
    expect(maskCertificateNumber(`${ID}42B1`)).toBe(`370281********${ID.slice(14)}42B1`);
  });

  it('uses the category digits of the domain file disability.json', () => {
    const domain = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../../kit/src/domain/disability.json'), 'utf8'));
    expect(Object.fromEntries(domain.categories.map((c: { code: string; digit: number }) => [c.code, c.digit]))).toEqual(CATEGORY_DIGITS);
  });
});

describe('certificateMatchesIdNumber', () => {
  it('is true when the certificate\'s ID part is the ID number, however both are typed', () => {
    expect(certificateMatchesIdNumber(`${ID}42`, ID)).toBe(true);
    expect(certificateMatchesIdNumber(`${ID}42B1`, ID)).toBe(true);
    expect(certificateMatchesIdNumber(fullWidth(`${ID_X.toLowerCase()}31b1`), ` ${ID_X.toLowerCase()} `)).toBe(true);
  });

  it('compares a legacy 15-digit ID number by its 18-character form', () => {
    const legacy = ID.slice(0, 6) + ID.slice(8, 17); // 370281 900517 123
    expect(certificateMatchesIdNumber(`${ID}42`, legacy)).toBe(true);
  });

  it('is false for another person\'s ID number', () => {
    expect(certificateMatchesIdNumber(`${ID}42`, OTHER)).toBe(false);
    expect(certificateMatchesIdNumber(`${OTHER}42`, ID)).toBe(false);
  });

  it('is false when either is invalid', () => {
    expect(certificateMatchesIdNumber(`${ID}92`, ID)).toBe(false);
    expect(certificateMatchesIdNumber(`${ID}4`, ID)).toBe(false);
    expect(certificateMatchesIdNumber(`${ID}42`, ID.slice(0, 17))).toBe(false);
    expect(certificateMatchesIdNumber(`${ID}42`, '')).toBe(false);
  });
});
