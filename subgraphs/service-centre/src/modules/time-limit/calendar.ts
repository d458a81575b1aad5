import fs from 'node:fs';
import { z } from 'zod';
import { ConfigError } from '@aidgraph/subgraph-kit';
import bundled from './working-day-calendar.json';

/**
 * The working-day calendar (工作日历) of the time limits: weekends, public holidays with the State Council's days off
 * (法定节假日、放假调休) and adjusted working days (调休上班: a Saturday or Sunday that is a working day), per year, from
 * working-day-calendar.json or the file WORKING_DAY_CALENDAR_FILE names (same shape, validated with zod: a bad file stops
 * the subgraph at start with every problem listed). A date in a year the calendar does not list counts weekends only.
 *
 * Dates are ISO `YYYY-MM-DD` strings (China's calendar days); the arithmetic is on calendar days, never on instants.
 */

export const CALENDAR_ENV = 'WORKING_DAY_CALENDAR_FILE';

const ISO = /^\d{4}-\d{2}-\d{2}$/;
const isoDate = z.iso.date();

const yearSchema = z.object({
  source: z.string().min(1, 'name the State Council notice the year comes from'),
  holidays: z.array(z.object({ name: z.string().min(1), from: isoDate, to: isoDate })),
  workingDays: z.array(z.object({ date: isoDate, note: z.string().optional() })),
});

export const calendarSchema = z
  .object({
    description: z.string().optional(),
    years: z.record(z.string().regex(/^\d{4}$/, 'a year (YYYY)'), yearSchema),
  })
  .superRefine((c, ctx) => {
    for (const [year, y] of Object.entries(c.years)) {
      const off = new Set<string>();
      y.holidays.forEach((h, i) => {
        const path = ['years', year, 'holidays', i];
        if (h.from.slice(0, 4) !== year || h.to.slice(0, 4) !== year) ctx.addIssue({ code: 'custom', path, message: `${h.from}..${h.to} is not within ${year}` });
        if (h.to < h.from) ctx.addIssue({ code: 'custom', path, message: `ends (${h.to}) before it starts (${h.from})` });
        else for (let d = h.from; d <= h.to; d = addDays(d, 1)) off.add(d);
      });
      y.workingDays.forEach((w, i) => {
        const path = ['years', year, 'workingDays', i];
        if (w.date.slice(0, 4) !== year) ctx.addIssue({ code: 'custom', path, message: `${w.date} is not within ${year}` });
        if (!isWeekend(w.date)) ctx.addIssue({ code: 'custom', path, message: `${w.date} is a weekday: an adjusted working day (调休上班) is a Saturday or Sunday` });
        if (off.has(w.date)) ctx.addIssue({ code: 'custom', path, message: `${w.date} is also listed as a holiday` });
      });
    }
  });
export type CalendarFile = z.infer<typeof calendarSchema>;

/** The day number of an ISO date (days since 1970-01-01). */
export function dayNumber(date: string): number {
  return Math.round(Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10)) / 86_400_000);
}

/** The ISO date of a day number. */
export function dateOfDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** `date` plus `n` calendar days (n may be negative). */
export function addDays(date: string, n: number): string {
  return dateOfDay(dayNumber(date) + n);
}

/** Saturday or Sunday. */
export function isWeekend(date: string): boolean {
  const wd = (dayNumber(date) + 4) % 7; // 1970-01-01 was a Thursday (4)
  return wd === 0 || wd === 6;
}

function checkDate(date: string, what: string): void {
  if (typeof date !== 'string' || !ISO.test(date) || dateOfDay(dayNumber(date)) !== date) throw new RangeError(`${what} is not an ISO date (YYYY-MM-DD): ${String(date)}`);
}

/** A loaded calendar: which days are working days. */
export class WorkingDayCalendar {
  /** the years the calendar lists (others: weekends only) */
  readonly years: ReadonlySet<string>;
  /** day numbers of the holidays and days off, and of the adjusted working days */
  private readonly holidays = new Set<number>();
  private readonly workingWeekends = new Set<number>();

  constructor(readonly file: CalendarFile) {
    this.years = new Set(Object.keys(file.years));
    for (const y of Object.values(file.years)) {
      for (const h of y.holidays) for (let d = dayNumber(h.from); d <= dayNumber(h.to); d++) this.holidays.add(d);
      for (const w of y.workingDays) this.workingWeekends.add(dayNumber(w.date));
    }
  }

  /** Whether the calendar lists the year of `date` (outside it: weekends only). */
  covers(date: string): boolean {
    return this.years.has(date.slice(0, 4));
  }

  /** A working day: Monday to Friday unless a holiday or day off; Saturday or Sunday only when an adjusted working day. */
  isWorkingDay(date: string): boolean {
    checkDate(date, 'date');
    return this.isWorkingDayNumber(dayNumber(date));
  }

  private isWorkingDayNumber(day: number): boolean {
    if (this.holidays.has(day)) return false;
    if (this.workingWeekends.has(day)) return true;
    const wd = (day + 4) % 7;
    return wd !== 0 && wd !== 6;
  }

  /**
   * The `n`-th working day after `date` (`date` itself is not counted, whether or not it is a working day): the due date
   * of a limit of `n` working days counted from `date`. `n` = 0 is `date`; a negative `n` counts backwards.
   */
  addWorkingDays(date: string, n: number): string {
    checkDate(date, 'date');
    if (!Number.isSafeInteger(n)) throw new RangeError(`working days must be an integer: ${n}`);
    let day = dayNumber(date);
    const step = n < 0 ? -1 : 1;
    for (let left = Math.abs(n); left > 0; ) {
      day += step;
      if (this.isWorkingDayNumber(day)) left--;
    }
    return dateOfDay(day);
  }

  /**
   * Working days from `from` to `to`: how many working days lie after `from` up to and including `to` (so
   * `workingDaysBetween(d, addWorkingDays(d, n)) === n`); negative when `to` is before `from` (minus the working days after
   * `to` up to and including `from`); 0 when equal.
   */
  workingDaysBetween(from: string, to: string): number {
    checkDate(from, 'from');
    checkDate(to, 'to');
    if (from === to) return 0;
    const sign = from < to ? 1 : -1;
    const [a, b] = sign > 0 ? [dayNumber(from), dayNumber(to)] : [dayNumber(to), dayNumber(from)];
    let n = 0;
    for (let d = a + 1; d <= b; d++) if (this.isWorkingDayNumber(d)) n++;
    return sign * n;
  }
}

/** Parse and validate a calendar; throws ConfigError listing every problem (`where` names the source in the messages). */
export function parseCalendar(raw: unknown, where: string): WorkingDayCalendar {
  const parsed = calendarSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => `${where}: ${i.path.join('.') || '(root)'}: ${i.message}`));
  return new WorkingDayCalendar(parsed.data);
}

/** Read the calendar from `file` (or the bundled one when unset); throws ConfigError listing every problem. */
export function loadCalendar(file?: string): WorkingDayCalendar {
  if (!file) return parseCalendar(structuredClone(bundled), `bundled calendar of ${CALENDAR_ENV}`);
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ConfigError([`${CALENDAR_ENV}: cannot read a JSON calendar there (${(e as NodeJS.ErrnoException).code ?? 'invalid JSON'})`]);
  }
  return parseCalendar(raw, CALENDAR_ENV);
}

let cached: { file: string | undefined; calendar: WorkingDayCalendar } | undefined;
/** The calendar of this process (WORKING_DAY_CALENDAR_FILE or the bundled one), read once per file. */
export function workingDayCalendar(): WorkingDayCalendar {
  const file = process.env[CALENDAR_ENV] || undefined;
  if (!cached || cached.file !== file) cached = { file, calendar: loadCalendar(file) };
  return cached.calendar;
}

/** Whether `date` is a working day on the process's calendar. */
export function isWorkingDay(date: string, calendar = workingDayCalendar()): boolean {
  return calendar.isWorkingDay(date);
}

/** The `n`-th working day after `date` on the process's calendar (see WorkingDayCalendar.addWorkingDays). */
export function addWorkingDays(date: string, n: number, calendar = workingDayCalendar()): string {
  return calendar.addWorkingDays(date, n);
}

/** Working days after `from` up to and including `to` (negative backwards; see WorkingDayCalendar.workingDaysBetween). */
export function workingDaysBetween(from: string, to: string, calendar = workingDayCalendar()): number {
  return calendar.workingDaysBetween(from, to);
}

/**
 * How far ahead of today the calendar must reach: 90 calendar days. The longest limit — 30 working days for a special
 * case (特殊情况) from acceptance, or a step's limit after the 7-day public notice — spans about 45-60 calendar days,
 * more when the Spring Festival week falls in it; 90 leaves a margin and warns a month or more before the year runs out.
 */
export const CALENDAR_HORIZON_DAYS = 90;

/** The years from `from` to `from` + `days` (inclusive) the calendar does not list (their dates would count weekends only). */
export function missingYears(calendar: WorkingDayCalendar, from: string, days = CALENDAR_HORIZON_DAYS): string[] {
  checkDate(from, 'from');
  const out: string[] = [];
  for (let y = +from.slice(0, 4); y <= +addDays(from, days).slice(0, 4); y++) if (!calendar.years.has(String(y))) out.push(String(y));
  return out;
}

/**
 * The warning, if any, that the working-day calendar does not cover today + CALENDAR_HORIZON_DAYS: naming the missing
 * year(s) and how to add one. Logged at the subgraph's start and listed by its /ready (`warnings`); the limits still
 * answer (a missing year counts weekends only, so its holidays — the Spring Festival — would be counted as working days).
 */
export function calendarCoverageWarnings(today: string, calendar = workingDayCalendar()): string[] {
  const missing = missingYears(calendar, today);
  if (!missing.length) return [];
  const through = addDays(today, CALENDAR_HORIZON_DAYS);
  return [
    `the working-day calendar does not cover ${missing.join(', ')} (due dates are computed up to ${through}, today + ${CALENDAR_HORIZON_DAYS} days): ` +
      `dates there count weekends only, public holidays such as the Spring Festival are ignored. Add the year from the State Council's ` +
      `notice (国务院办公厅关于${missing[0]}年部分节假日安排的通知, usually published in November of the year before) to ` +
      `working-day-calendar.json or to the file ${CALENDAR_ENV} names`,
  ];
}
