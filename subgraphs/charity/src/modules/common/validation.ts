import { Decimal, badInput, checkAmountAtMost, checkDateInWindow, isCalendarDate, type DateWindow } from '@aidgraph/subgraph-kit';

/**
 * Input checks shared by the charity federation's mutations. Each throws BAD_USER_INPUT naming the input field at
 * fault (`extensions.field`) and a short machine-readable reason; messages never repeat the value typed.
 */

// ids: the kit's checkUuid (BAD_ID, lower-cased)

/** True for a real calendar date written YYYY-MM-DD (the kit's isCalendarDate). */
export const isIsoDate = isCalendarDate;

/** Days ahead a date of this subgraph may be: a project is planned at most 10 years ahead. */
export const MAX_DAYS_AHEAD = 10 * 366;

/**
 * A calendar date inside `window` (the kit's checkDateInWindow): by default not before 2000-01-01 and not more than
 * MAX_DAYS_AHEAD days ahead (BAD_DATE, DATE_OUT_OF_RANGE, BEFORE_PROGRAMME). A donation, grant, refund or withdrawal
 * has happened: those pass `{ maxFutureDays: 0 }`.
 */
export function checkDate(value: string, field: string, window: DateWindow = {}): string {
  return checkDateInWindow(value, field, { maxFutureDays: MAX_DAYS_AHEAD, ...window });
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
  if (allowZero ? a.isNegative() : !a.greaterThan(0))
    throw badInput(`\`${field}\` must be ${allowZero ? 'at least 0' : 'above 0'} and at most ${max} yuan`, field, 'BAD_AMOUNT');
  checkAmountAtMost(a, field, { max, what: 'the largest amount this field accepts' });
  return a.toFixed(2);
}
