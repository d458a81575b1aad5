import { todayInChina } from './domain/plausibility';

/**
 * The demo and test clock of the one-window procedure: `AIDGRAPH_TODAY=YYYY-MM-DD` fixes "today" for the time limits
 * (due dates, the overdue list, the end of a public notice) and the day of a department's referral decision; unset,
 * empty or `now`, today is the date in China. `npm start` sets it to the demo population's date unless the
 * environment or a `.env` says otherwise. Civil affairs' household verification judges "in the future" by it too (the
 * date verified and the dates of its items and circumstances). The registry and the departments' own date checks keep
 * the real date.
 */
export const TODAY_VARIABLE = 'AIDGRAPH_TODAY';

/** True for a real calendar date written YYYY-MM-DD. */
export function isIsoCalendarDate(d: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) return false;
  const t = Date.UTC(+d.slice(0, 4), +d.slice(5, 7) - 1, +d.slice(8, 10));
  return new Date(t).toISOString().slice(0, 10) === d;
}

/** The problems of AIDGRAPH_TODAY (empty when it is unset, `now` or a real date), for the configuration check at start. */
export function clockProblems(env: NodeJS.ProcessEnv = process.env): string[] {
  const v = env[TODAY_VARIABLE];
  return v && v !== 'now' && !isIsoCalendarDate(v) ? [`${TODAY_VARIABLE}: must be an ISO date YYYY-MM-DD or now`] : [];
}

/** Today (ISO date) by the clock: AIDGRAPH_TODAY when it is a date, else the date in China now. Throws on a bad value. */
export function clockToday(env: NodeJS.ProcessEnv = process.env): string {
  const v = env[TODAY_VARIABLE];
  if (!v || v === 'now') return todayInChina();
  if (!isIsoCalendarDate(v)) throw new Error(clockProblems(env)[0]);
  return v;
}

/**
 * The reference date of every age band (Person.ageBand, the AGE_BAND dimension of the statistics and their filters):
 * 1 January of the clock's current year. Bands computed as of the real date would move on each person's birthday, and
 * daily snapshots of an analyst-visible row would then give the birthday away; as of 1 January, every band moves on the
 * same day.
 */
export function ageBandReferenceDate(env: NodeJS.ProcessEnv = process.env): string {
  return `${clockToday(env).slice(0, 4)}-01-01`;
}
