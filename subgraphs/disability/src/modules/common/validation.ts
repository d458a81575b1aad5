import { badInput, isTownshipCode } from '@aidgraph/subgraph-kit';

/** Shared input checks of the disability subgraph's mutations; each throws BAD_USER_INPUT naming the field. */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A registry or record id (UUID), lower-cased. */
export function checkId(value: string, field: string): string {
  if (!UUID.test(String(value))) throw badInput(`\`${field}\` is not a valid id`, field, 'BAD_ID');
  return String(value).toLowerCase();
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

export function checkTownship(value: string, field = 'townshipCode'): string {
  if (!isTownshipCode(value)) throw badInput(`\`${field}\` is not a Jiaozhou township code`, field, 'UNKNOWN_TOWNSHIP');
  return value;
}

/** Today's date (ISO, UTC). */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** The later of two ISO dates. */
export function laterOf(a: string, b: string): string {
  return a > b ? a : b;
}
