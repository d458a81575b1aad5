/**
 * "Today" of the time limits: the ONE clock every deadline and the overdue list read. The calendar date in China
 * (Asia/Shanghai, UTC+8, no daylight saving), overridden by `AIDGRAPH_TODAY=YYYY-MM-DD` (demos, end-to-end tests) and,
 * above that, by `setTodayForTests` (unit tests; null restores the clock).
 */

import { todayInChina } from '@aidgraph/subgraph-kit';

export const TODAY_ENV = 'AIDGRAPH_TODAY';

const ISO = /^\d{4}-\d{2}-\d{2}$/;
let fixed: string | null = null;

function validDate(d: string): boolean {
  if (!ISO.test(d)) return false;
  const t = Date.UTC(+d.slice(0, 4), +d.slice(5, 7) - 1, +d.slice(8, 10));
  return new Date(t).toISOString().slice(0, 10) === d;
}

/** Today's date (ISO) for the time limits: the test setter, else AIDGRAPH_TODAY, else the date in China now. */
export function today(): string {
  if (fixed) return fixed;
  const env = process.env[TODAY_ENV];
  if (env) {
    if (!validDate(env)) throw new Error(`${TODAY_ENV} must be an ISO date YYYY-MM-DD`);
    return env;
  }
  return todayInChina();
}

/** Fix today's date for tests (null: the real clock again, or AIDGRAPH_TODAY). */
export function setTodayForTests(date: string | null): void {
  if (date !== null && !validDate(date)) throw new Error(`setTodayForTests: not an ISO date: ${date}`);
  fixed = date;
}

/** Check AIDGRAPH_TODAY at start: a list of problems (empty when fine). */
export function todayConfigProblems(): string[] {
  const env = process.env[TODAY_ENV];
  return env && !validDate(env) ? [`${TODAY_ENV}: must be an ISO date YYYY-MM-DD`] : [];
}
