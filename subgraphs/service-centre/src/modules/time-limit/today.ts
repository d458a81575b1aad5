/**
 * "Today" of the time limits: the ONE clock every deadline and the overdue list read. The calendar date in China
 * (Asia/Shanghai, UTC+8, no daylight saving), overridden by `AIDGRAPH_TODAY=YYYY-MM-DD` (the kit's clock: demos, end-to-end tests; `now` is the real date) and,
 * above that, by `setTodayForTests` (unit tests; null restores the clock).
 */

import { clockProblems, clockToday, isIsoCalendarDate as validDate, TODAY_VARIABLE } from '@aidgraph/subgraph-kit';

export const TODAY_ENV = TODAY_VARIABLE;

let fixed: string | null = null;

/** Today's date (ISO) for the time limits: the test setter, else AIDGRAPH_TODAY, else the date in China now. */
export function today(): string {
  if (fixed) return fixed;
  return clockToday();
}

/** Fix today's date for tests (null: the real clock again, or AIDGRAPH_TODAY). */
export function setTodayForTests(date: string | null): void {
  if (date !== null && !validDate(date)) throw new Error(`setTodayForTests: not an ISO date: ${date}`);
  fixed = date;
}

/** Check AIDGRAPH_TODAY at start: a list of problems (empty when fine). */
export function todayConfigProblems(): string[] {
  return clockProblems();
}
