import Decimal from 'decimal.js';

/**
 * Money in AidGraph is an exact decimal amount of yuan (元) with at most two decimals (fen, 分), never a float.
 * In GraphQL it is the `Yuan` scalar, a string such as "1234.50"; in the databases an integer count of fen.
 * In code it is a canonical string ("1234.50"); arithmetic goes through decimal.js.
 * The column transformer and the GraphQL scalar are the subgraph kit's (subgraphs/kit/src/domain/money.ts).
 */
export type Yuan = string;

const YUAN_PATTERN = /^-?\d{1,13}(\.\d{1,2})?$/;

/** Parse a yuan amount as typed ("1,234.5", "１２３", " 80 ") into its canonical form, or null when it is not one. */
export function parseYuan(input: string | number): Yuan | null {
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return null;
    input = String(input);
  }
  let s = input
    .replace(/[\uFF10-\uFF19\uFF0E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .trim()
    .replace(/^[¥￥]\s*/, '')
    .replace(/\s*元$/, '');
  // thousands separators only where they belong (1,234,567.89); no inner spaces ("1 2 3" is not 123)
  if (/[,，]/.test(s)) {
    if (!/^-?\d{1,3}([,，]\d{3})+(\.\d{1,2})?$/.test(s)) return null;
    s = s.replace(/[,，]/g, '');
  }
  if (!YUAN_PATTERN.test(s)) return null;
  return new Decimal(s).toFixed(2);
}

/** Canonical yuan string for a decimal value, rounded half-up to the fen. */
export function yuan(value: Decimal.Value): Yuan {
  return new Decimal(value).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
}

/**
 * A yuan amount as an integer count of fen (rounded half-up), exactly: a count of fen that a JavaScript number cannot
 * hold exactly (above Number.MAX_SAFE_INTEGER, about 90 trillion yuan) is refused with a RangeError rather than stored
 * with its last digits lost. Every amount the Yuan scalar accepts (at most 13 digits of yuan) fits.
 */
export function yuanToFen(value: Yuan): number {
  const fen = new Decimal(value).times(100).toDecimalPlaces(0, Decimal.ROUND_HALF_UP);
  if (fen.abs().greaterThan(Number.MAX_SAFE_INTEGER))
    throw new RangeError(`an amount of yuan beyond ${new Decimal(Number.MAX_SAFE_INTEGER).dividedBy(100).toFixed(2)} cannot be counted in fen exactly`);
  return fen.toNumber();
}

export function fenToYuan(fen: number | string | bigint): Yuan {
  return new Decimal(String(fen)).dividedBy(100).toFixed(2);
}

/** Exact sum of yuan amounts. */
export function sumYuan(values: Iterable<Yuan>): Yuan {
  let total = new Decimal(0);
  for (const v of values) total = total.plus(v);
  return total.toFixed(2);
}

export { Decimal };
