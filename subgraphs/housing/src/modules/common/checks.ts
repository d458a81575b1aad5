import { Decimal, badInput, checkAmountAtMost, checkCalendarDate, isTownshipCode, parseYuan, type Yuan } from '@aidgraph/subgraph-kit';

/**
 * Input checks shared by the housing mutations and list filters. Each failure is a BAD_USER_INPUT error whose
 * `extensions.field` names the input field and `extensions.reason` says what is wrong; messages never echo the value.
 */

/** The department code of housing (programmes.json): 市房产服务中心 / 市城乡建设局. */
export const HOUSING = 'HOUSING';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** A 9-digit Jiaozhou township code (divisions.json). */
export function checkTownship(value: string, field: string): string {
  if (!isTownshipCode(value)) throw badInput(`\`${field}\` is not a Jiaozhou township code`, field, 'UNKNOWN_TOWNSHIP');
  return value;
}

/** An ISO calendar date YYYY-MM-DD that exists (no 2025-02-30). */
export function checkDate(value: string, field: string): string {
  return checkCalendarDate(value, field);
}

/** A calendar month YYYY-MM. */
export function checkMonth(value: string, field: string): string {
  if (!MONTH.test(value)) throw badInput(`\`${field}\` must be a month YYYY-MM`, field, 'BAD_MONTH');
  return value;
}

/** A calendar year between 2000 and 2099 (list filters). */
export function checkYear(value: number, field: string): number {
  if (!Number.isInteger(value) || value < 2000 || value > 2099) throw badInput(`\`${field}\` must be a year between 2000 and 2099`, field, 'BAD_YEAR');
  return value;
}

/** A yuan amount above zero and at most `max` (a bound against typing errors, not a policy standard). */
export function checkPositiveYuan(value: Yuan, max: string, field: string): Yuan {
  const parsed = parseYuan(value);
  const a = parsed === null ? null : new Decimal(parsed);
  if (!a || !a.greaterThan(0)) throw badInput(`\`${field}\` must be above 0 and at most ${max} yuan`, field, 'BAD_AMOUNT');
  checkAmountAtMost(a, field, { max, what: 'the largest amount this field accepts' });
  return a.toFixed(2);
}

/** Number of calendar months from `start` to `end` inclusive (YYYY-MM). */
export function monthsInclusive(start: string, end: string): number {
  const [sy, sm] = start.split('-').map(Number);
  const [ey, em] = end.split('-').map(Number);
  return (ey - sy) * 12 + (em - sm) + 1;
}

/** The month YYYY-MM of an ISO date. */
export function monthOf(date: string): string {
  return date.slice(0, 7);
}

/** `months` calendar months after the month `month` (YYYY-MM), negative for before. */
export function addMonths(month: string, months: number): string {
  const [y, m] = month.split('-').map(Number);
  const index = y * 12 + (m - 1) + months;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The ISO date `years` years after `date` (29 February falls back to 28 February). */
export function addYears(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const target = new Date(Date.UTC(y + years, m - 1, d));
  if (target.getUTCMonth() !== m - 1) target.setUTCDate(0);
  return target.toISOString().slice(0, 10);
}

/** A free-text field: trimmed, inner runs of white space collapsed, 1 to `max` characters. */
export function checkText(value: string, max: number, field: string): string {
  const s = value.replace(/\s+/g, ' ').trim();
  if (s.length < 1 || Array.from(s).length > max) throw badInput(`\`${field}\` must have 1 to ${max} characters`, field, 'BAD_LENGTH');
  return s;
}

/** The first day (ISO date) of a month YYYY-MM. */
export function firstDayOf(month: string): string {
  return `${month}-01`;
}

/** The last day (ISO date) of a month YYYY-MM. */
export function lastDayOf(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}
