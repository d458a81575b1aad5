import { GraphQLError } from 'graphql';
import { Decimal, addCalendarDays, badInput, checkDateInWindow, isTownshipCode, parseYuan, type DateWindow } from '@aidgraph/subgraph-kit';

/**
 * Input checks shared by the disaster-relief mutations and list filters. Each throws BAD_USER_INPUT naming the input
 * field at fault (`extensions.field`, answered with its path from the argument) and a short machine-readable reason;
 * messages never repeat the value typed.
 */

/**
 * The first date a record of this subgraph may carry (BEFORE_PROGRAMME before it): the revised 自然灾害救助条例
 * (国务院令第709号, in force 2019-03-02), the regulation the department applies.
 */
export const EARLIEST_DISASTER_DATE = '2019-03-02';

/** A 9-digit Jiaozhou township code (divisions.json). */
export function checkTownship(value: string, field: string): string {
  if (!isTownshipCode(value)) throw badInput(`\`${field}\` is not a Jiaozhou township code`, field, 'UNKNOWN_TOWNSHIP');
  return value;
}

/** A trimmed text of `min`-`max` characters (Unicode code points), inner white space collapsed. */
export function checkText(value: string, field: string, min: number, max: number): string {
  const t = value.replace(/\s+/g, ' ').trim();
  const n = Array.from(t).length;
  if (n < min || n > max) throw badInput(`\`${field}\` must have ${min} to ${max} characters`, field, 'BAD_LENGTH');
  return t;
}

/** A whole number from `min` to `max` (TOO_SMALL / TOO_LARGE). */
export function checkCount(value: number, field: string, min: number, max: number): number {
  if (!Number.isInteger(value)) throw badInput(`\`${field}\` must be a whole number`, field, 'BAD_FORMAT');
  if (value < min) throw badInput(`\`${field}\` must be at least ${min}`, field, 'TOO_SMALL');
  if (value > max) throw badInput(`\`${field}\` must be at most ${max}`, field, 'TOO_LARGE');
  return value;
}

/**
 * A calendar date of this subgraph inside `window` (the kit's checkDateInWindow: BAD_DATE, DATE_OUT_OF_RANGE,
 * BEFORE_PROGRAMME): never before EARLIEST_DISASTER_DATE; by default not in the future (what it dates has happened).
 */
export function checkDate(value: string, field: string, window: DateWindow = {}): string {
  return checkDateInWindow(value, field, { earliest: EARLIEST_DISASTER_DATE, earliestWhat: 'the revised 自然灾害救助条例 (2019-03-02)', maxFutureDays: 0, ...window });
}

/** BAD_USER_INPUT `reason` when `date` is before `notBefore` (a date relative to another record, e.g. BEFORE_EVENT). */
export function checkNotBefore(date: string, notBefore: string, field: string, reason: string, what: string): void {
  if (date < notBefore) throw badInput(`\`${field}\` is before ${what}`, field, reason);
}

/** BAD_USER_INPUT `reason` when `date` is more than `days` days after `from` (a window relative to another record). */
export function checkWithinDays(date: string, from: string, days: number, field: string, reason: string, what: string): void {
  if (date > addCalendarDays(from, days)) throw badInput(`\`${field}\` is more than ${days} days after ${what}`, field, reason);
}

/** An amount in yuan above 0, canonical with two decimals (BAD_AMOUNT otherwise; the standards are checked by the caller). */
export function checkPositiveYuan(value: string, field: string): string {
  const parsed = parseYuan(value);
  const a = parsed === null ? null : new Decimal(parsed);
  if (!a || !a.greaterThan(0)) throw badInput(`\`${field}\` must be an amount above 0 yuan`, field, 'BAD_AMOUNT');
  return a.toFixed(2);
}

/** Inclusive number of days from `start` to `end` (ISO dates). */
export function daysInclusive(start: string, end: string): number {
  return Math.round((Date.parse(`${end}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / 86_400_000) + 1;
}

/** NOT_FOUND naming the input field whose id matches no record (e.g. `eventId`, reason UNKNOWN_EVENT). */
export function notFoundAt(message: string, field: string, reason: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'NOT_FOUND', field, reason } });
}
