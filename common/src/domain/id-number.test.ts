import { idCheckCharacter, makeIdNumber, maskIdNumber, normalizeIdNumberInput, parseIdNumber } from './id-number';

describe('resident ID numbers (GB 11643-1999)', () => {
  const today = new Date('2026-01-01T00:00:00Z');

  it('computes the ISO 7064 MOD 11-2 check character', () => {
    // worked example of the standard: 11010519491231002 -> X
    expect(idCheckCharacter('11010519491231002')).toBe('X');
    expect(idCheckCharacter('44052418800101001')).toBe('4');
  });

  it('parses a valid number into its parts', () => {
    const r = parseIdNumber('11010519491231002X', today);
    expect(r).toEqual({ ok: true, value: { canonical: '11010519491231002X', addressCode: '110105', birthDate: '1949-12-31', gender: 'FEMALE', sequence: '002' } });
    const m = parseIdNumber(makeIdNumber('370281', '1987-06-15', 123), today);
    expect(m.ok && m.value.gender).toBe('MALE');
  });

  it('accepts the forms people type: spaces, hyphens, full-width digits, a lower-case x', () => {
    expect(normalizeIdNumberInput(' １１０１０５ 19491231-002x ')).toBe('11010519491231002X');
    const r = parseIdNumber(' １１０１０５ 19491231-002x ', today);
    expect(r.ok && r.value.canonical).toBe('11010519491231002X');
  });

  it('converts the legacy 15-digit form', () => {
    const r = parseIdNumber('110105491231002', today);
    expect(r).toMatchObject({ ok: true, value: { canonical: '11010519491231002X', birthDate: '1949-12-31' } });
  });

  it.each([
    ['', 'EMPTY'],
    ['1101051949123100', 'LENGTH'],
    ['11010519491231002Y', 'CHARACTERS'],
    ['00010519491231002X', 'ADDRESS_CODE'],
    ['110105194913310021', 'BIRTH_DATE'],
    ['110105203001010021', 'BIRTH_DATE'],
    ['110105194912310021', 'CHECK_CHARACTER'],
  ])('refuses %j with %s', (input, problem) => {
    expect(parseIdNumber(input, today)).toEqual({ ok: false, problem });
  });

  it('refuses an address code outside the provinces of GB/T 2260', () => {
    expect(parseIdNumber(makeIdNumber('999999', '1971-05-01', 377), today)).toEqual({ ok: false, problem: 'ADDRESS_CODE' });
    expect(parseIdNumber(makeIdNumber('370281', '1971-05-01', 377), today).ok).toBe(true);
  });

  it('masks the birth date and sequence', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
  });
});
