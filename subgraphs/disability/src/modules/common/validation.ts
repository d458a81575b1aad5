import { badInput, checkDateInWindow, clockToday, isCalendarDate, isTownshipCode, type DateWindow } from '@aidgraph/subgraph-kit';

/** Shared input checks of the disability subgraph's mutations; each throws BAD_USER_INPUT naming the field. */

// ids: the kit's checkUuid (BAD_ID, lower-cased)

/** True for a real calendar date written YYYY-MM-DD (the kit's isCalendarDate). */
export const isIsoDate = isCalendarDate;

/** Days ahead any date of this subgraph may be: a certificate expires at most 10 years after issue; 20 years covers every case. */
export const MAX_DAYS_AHEAD = 20 * 366;

/**
 * A calendar date inside `window` (the kit's checkDateInWindow): by default not before 2000-01-01 and not more than
 * MAX_DAYS_AHEAD days ahead (BAD_DATE, DATE_OUT_OF_RANGE, BEFORE_PROGRAMME).
 */
export function checkDate(value: string, field: string, window: DateWindow = {}): string {
  return checkDateInWindow(value, field, { maxFutureDays: MAX_DAYS_AHEAD, ...window });
}

export function checkTownship(value: string, field = 'townshipCode'): string {
  if (!isTownshipCode(value)) throw badInput(`\`${field}\` is not a Jiaozhou township code`, field, 'UNKNOWN_TOWNSHIP');
  return value;
}

/** Today's date (ISO) by the service clock: the date in China (AIDGRAPH_TODAY when set), never the UTC date. */
export function today(): string {
  return clockToday();
}

/** The later of two ISO dates. */
export function laterOf(a: string, b: string): string {
  return a > b ? a : b;
}
