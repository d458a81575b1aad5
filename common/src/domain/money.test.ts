import { fenToYuan, parseYuan, sumYuan, yuan, yuanToFen } from './money';

describe('money in yuan', () => {
  it('parses what people type into canonical two-decimal strings', () => {
    expect(parseYuan('1,234.5')).toBe('1234.50');
    expect(parseYuan('１２３')).toBe('123.00');
    expect(parseYuan(' 80 元')).toBe('80.00');
    expect(parseYuan('0.1')).toBe('0.10');
    expect(parseYuan('1.234')).toBeNull();
    expect(parseYuan('1 2 3')).toBeNull();
    expect(parseYuan('1,2,3,4')).toBeNull();
    expect(parseYuan('12,345,678.9')).toBe('12345678.90');
    expect(parseYuan('1e3')).toBeNull();
    expect(parseYuan('0.001')).toBeNull();
    expect(parseYuan('abc')).toBeNull();
    expect(parseYuan(Number.NaN)).toBeNull();
  });

  it('is exact where floats are not', () => {
    expect(sumYuan(['0.10', '0.20'])).toBe('0.30');
    expect(yuan('2.675')).toBe('2.68');
    expect(yuanToFen('19.99')).toBe(1999);
    expect(fenToYuan('123456789012')).toBe('1234567890.12');
  });

  it('counts fen exactly or refuses: the largest Yuan amount fits, beyond Number.MAX_SAFE_INTEGER fen is a RangeError', () => {
    expect(yuanToFen('9999999999999.99')).toBe(999999999999999);
    expect(yuanToFen('90071992547409.91')).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => yuanToFen('90071992547409.92')).toThrow(RangeError);
    expect(() => yuanToFen('19999999999999999.98')).toThrow(/cannot be counted in fen exactly/);
  });
});
