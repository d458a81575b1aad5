import { addDays, type WorkingDayCalendar } from './calendar';
import { ACCEPTED_OPEN_STEPS, OPEN_STEPS, tierOf, type LimitEntry, type LimitTable, type StepLimitRow, type StepName } from './limits';

/**
 * The overdue test of deadlineDetail (deadline.ts) as ONE SQL condition over assistance_application, the same on SQLite
 * and PostgreSQL: overdue today ⇔ step limit due < today OR whole-process due < today. A limit of n working days counted
 * from date d is due addWorkingDays(d, n), which never decreases as d grows; so "due before today" is "d on or before
 * the cutoff", the latest start whose due date is before today — computed here from the calendar, one date per limit
 * (and per table entry in force), so the database compares dates only. Each table entry applies to the starts on or
 * after its effective date and before the next one's (the first also to earlier starts, as entryOn does); the row of a
 * step is chosen in SQL as resolveStepLimit does: the highest precedence tier with a matching row (urgent flag,
 * programme in the JSON list `programmes`), and the fewest working days within it (the largest cutoff).
 */

/** Columns (SQL expressions, already quoted) of the application. */
export interface OverdueColumns {
  step: string;
  programmes: string;
  urgent: string;
  specialCase: string;
  acceptedOn: string;
  stepEnteredOn: string;
  noticeEndsOn: string;
}

export interface SqlCondition {
  sql: string;
  params: Record<string, unknown>;
}

/** The latest start date whose limit of `n` working days is due before `today` (so overdue today). */
export function overdueCutoff(calendar: WorkingDayCalendar, n: number, today: string): string {
  let d = addDays(today, -1);
  while (calendar.addWorkingDays(d, n) >= today) d = addDays(d, -1);
  return d;
}

/** A LIKE pattern that finds `"CODE"` in a JSON list of strings (`!` escapes LIKE's wildcards). */
export function jsonListPattern(code: string): string {
  return `%${JSON.stringify(code).replace(/[!%_]/g, (c) => `!${c}`)}%`;
}

/**
 * The SQL condition "overdue on `today`" for the application columns `c`. `booleans` are the values the database
 * compares a boolean column with (PostgreSQL true/false, SQLite 1/0); parameter names start with `prefix`.
 */
export function overdueCondition(
  c: OverdueColumns,
  today: string,
  src: { calendar: WorkingDayCalendar; table: LimitTable },
  o: { booleans: [unknown, unknown]; prefix?: string },
): SqlCondition {
  const params: Record<string, unknown> = {};
  let seq = 0;
  const p = (v: unknown) => {
    const name = `${o.prefix ?? 'ov'}${seq++}`;
    params[name] = v;
    return `:${name}`;
  };
  const [yes, no] = o.booleans;
  const cutoffs = new Map<number, string>();
  const cutoff = (n: number) => {
    let v = cutoffs.get(n);
    if (v === undefined) cutoffs.set(n, (v = overdueCutoff(src.calendar, n, today)));
    return v;
  };
  const or = (xs: string[]) => (xs.length === 0 ? '1 = 0' : xs.length === 1 ? xs[0] : `(${xs.map((x) => `(${x})`).join(' OR ')})`);
  const and = (xs: string[]) => (xs.length === 0 ? '1 = 1' : xs.length === 1 ? xs[0] : `(${xs.map((x) => `(${x})`).join(' AND ')})`);

  const entries = src.table.limits; // sorted by effectiveFrom
  /** `col + offset` lies in entry i's range */
  const inRange = (col: string, offset: number, i: number) => {
    const xs: string[] = [];
    if (i > 0) xs.push(`${col} >= ${p(addDays(entries[i].effectiveFrom, -offset))}`);
    if (i < entries.length - 1) xs.push(`${col} < ${p(addDays(entries[i + 1].effectiveFrom, -offset))}`);
    return and(xs);
  };
  const matches = (r: StepLimitRow) => {
    const xs: string[] = [];
    if (r.urgent !== undefined) xs.push(`${c.urgent} = ${p(r.urgent ? yes : no)}`);
    if (r.programme !== '*') xs.push(`${c.programmes} LIKE ${p(jsonListPattern(r.programme))} ESCAPE '!'`);
    return and(xs);
  };
  /** the step's row of entry e is overdue, counted from `col + offset` */
  const stepOverdue = (e: LimitEntry, step: StepName, col: string, offset: number) => {
    const rows = e.steps.filter((r) => r.step === step);
    const tiers = [...new Set(rows.map(tierOf))].sort((a, b) => b - a);
    return or(
      tiers.map((t, k) => {
        const inTier = rows.filter((r) => tierOf(r) === t);
        const higher = rows.filter((r) => tiers.slice(0, k).includes(tierOf(r)));
        return and([
          or(inTier.map(matches)),
          ...(higher.length ? [`NOT ${or(higher.map(matches))}`] : []),
          or(inTier.map((r) => and([matches(r), `${col} <= ${p(addDays(cutoff(r.workingDays), -offset))}`]))),
        ]);
      }),
    );
  };
  /** overdue under the entry in force on `col + offset`, for each entry */
  const byEntry = (step: StepName, col: string, offset: number, restrict?: (i: number) => string) =>
    or(entries.map((e, i) => and([inRange(col, offset, i), ...(restrict ? [restrict(i)] : []), stepOverdue(e, step, col, offset)])));

  const steps = OPEN_STEPS.map((step) => {
    if (step !== 'PUBLIC_NOTICE') return and([`${c.step} = ${p(step)}`, byEntry(step, c.stepEnteredOn, 0)]);
    // the notice: from noticeEndsOn; when unknown, from the notice's last calendar day counted from stepEnteredOn (the
    // entry in force on stepEnteredOn gives the notice's length, the one in force on that last day the limit)
    const known = and([`${c.noticeEndsOn} IS NOT NULL`, byEntry(step, c.noticeEndsOn, 0)]);
    const unknown = and([
      `${c.noticeEndsOn} IS NULL`,
      or(entries.map((w, j) => byEntry(step, c.stepEnteredOn, w.noticeCalendarDays - 1, () => inRange(c.stepEnteredOn, 0, j)))),
    ]);
    return and([`${c.step} = ${p(step)}`, or([known, unknown])]);
  });

  const whole = and([
    `${c.step} IN (${ACCEPTED_OPEN_STEPS.map((s) => p(s)).join(', ')})`,
    `${c.acceptedOn} IS NOT NULL`,
    or(
      entries.map((e, i) =>
        and([
          inRange(c.acceptedOn, 0, i),
          or([
            and([`${c.specialCase} = ${p(yes)}`, `${c.acceptedOn} <= ${p(cutoff(e.wholeProcess.specialCaseWorkingDays))}`]),
            and([`${c.specialCase} = ${p(no)}`, `${c.acceptedOn} <= ${p(cutoff(e.wholeProcess.workingDays))}`]),
          ]),
        ]),
      ),
    ),
  ]);
  return { sql: or([...steps, whole]), params };
}

