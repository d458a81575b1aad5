import { Decimal, badInput } from '@aidgraph/subgraph-kit';

/**
 * Input checks shared by the charity federation's mutations. Each throws BAD_USER_INPUT naming the input field at
 * fault (`extensions.field`) and a short machine-readable reason; messages never repeat the value typed.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A record or registry id (a UUID), lower-cased. */
export function checkId(value: string, field: string): string {
  if (!UUID.test(value)) throw badInput(`\`${field}\` is not an id this service gave out`, field, 'BAD_ID');
  return value.toLowerCase();
}

/** True for a real calendar date written YYYY-MM-DD. */
export function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

export function checkDate(value: string, field: string): string {
  if (!isIsoDate(value)) throw badInput(`\`${field}\` is not a calendar date YYYY-MM-DD`, field, 'BAD_DATE');
  return value;
}

/** A trimmed text of `min`-`max` characters (counted as Unicode code points). */
export function checkText(value: string, field: string, min: number, max: number): string {
  const t = value.trim();
  const n = Array.from(t).length;
  if (n < min || n > max) throw badInput(`\`${field}\` must have ${min} to ${max} characters`, field, 'BAD_LENGTH');
  return t;
}

/** An amount in yuan above 0 (or at least 0 when `allowZero`) and at most `max`, as a canonical yuan string. */
export function checkAmount(value: string, field: string, max: string, allowZero = false): string {
  const a = new Decimal(value);
  if ((allowZero ? a.isNegative() : !a.greaterThan(0)) || a.greaterThan(max))
    throw badInput(`\`${field}\` must be ${allowZero ? 'at least 0' : 'above 0'} and at most ${max} yuan`, field, 'BAD_AMOUNT');
  return a.toFixed(2);
}
