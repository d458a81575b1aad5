import fs from 'node:fs';
import { z } from 'zod';
import { ConfigError } from '../config';
import { badInput } from '../errors';
import { Decimal, parseYuan } from './money';

/**
 * Plausibility of what is written (issue 14, item 11): every date a record carries is a real calendar date inside a
 * window (not before the programme or kind of record could exist, not further in the future than makes sense), and
 * every amount is within the limit the policy tables set for it. One module, used by every subgraph's writes.
 *
 * Errors are BAD_USER_INPUT with `extensions.field` (the input field) and `extensions.reason`:
 * - `BAD_DATE`: not a calendar date YYYY-MM-DD (2025-02-30 is not);
 * - `DATE_OUT_OF_RANGE`: before EARLIEST_RECORD_DATE, or further in the future than the field's window allows;
 * - `BEFORE_PROGRAMME`: before the first date the programme's policy table (or the kind of record) knows;
 * - `AMOUNT_ABOVE_LIMIT`: above the limit in force (the message names the limit in yuan, never personal data);
 * - `BAD_AMOUNT`: not an amount of yuan, or not above zero where it must be.
 */

/** No record of any programme is dated before this (the registry's assistance records begin in the 2000s). */
export const EARLIEST_RECORD_DATE = '2000-01-01';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** True for a real calendar date written YYYY-MM-DD (2024-02-29 yes, 2025-02-29 and 2025-13-01 no). */
export function isCalendarDate(s: unknown): s is string {
  if (typeof s !== 'string' || !ISO_DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** `value` when it is a real calendar date YYYY-MM-DD; BAD_USER_INPUT `BAD_DATE` naming `field` otherwise. */
export function checkCalendarDate(value: string, field: string): string {
  if (!isCalendarDate(value)) throw badInput(`\`${field}\` is not a calendar date YYYY-MM-DD`, field, 'BAD_DATE');
  return value;
}

/** China Standard Time is UTC+8 all year (no daylight saving since 1991). */
const CHINA_OFFSET_MS = 8 * 3600_000;

/**
 * Today's date in China (Asia/Shanghai), ISO YYYY-MM-DD: the calendar the departments work by. Computed from the fixed
 * UTC+8 offset: `toLocaleDateString` with a time zone built an Intl formatter per call, 5 % of a subgraph's busy time
 * on a person lookup (it is called for every age and date check).
 */
export function todayInChina(now = new Date()): string {
  return new Date(now.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** The ISO date `days` days after `date` (negative: before). */
export function addCalendarDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The window a date field must fall in. */
export interface DateWindow {
  /**
   * The first date the programme or kind of record could have (e.g. the earliest effective date of its policy
   * table); earlier dates are refused with BEFORE_PROGRAMME. Never earlier than EARLIEST_RECORD_DATE.
   */
  earliest?: string;
  /** What `earliest` is, for the message (e.g. "the first dibao standard"). */
  earliestWhat?: string;
  /**
   * How many days after today the date may be: 0 for what has happened (an approval, a payment, a discharge), a few
   * weeks for the start of a monthly payment, years for the end of a lease. Default 0.
   */
  maxFutureDays?: number;
  /** Today (ISO), for tests; default todayInChina(). */
  today?: string;
}

/**
 * `value` when it is a calendar date inside `window`; BAD_USER_INPUT naming `field` otherwise: `BAD_DATE`,
 * `DATE_OUT_OF_RANGE` (before EARLIEST_RECORD_DATE or too far in the future) or `BEFORE_PROGRAMME`.
 */
export function checkDateInWindow(value: string, field: string, window: DateWindow = {}): string {
  checkCalendarDate(value, field);
  if (value < EARLIEST_RECORD_DATE)
    throw badInput(`\`${field}\` is before ${EARLIEST_RECORD_DATE}, earlier than any assistance record`, field, 'DATE_OUT_OF_RANGE');
  if (window.earliest && value < window.earliest)
    throw badInput(
      `\`${field}\` is before ${window.earliest}, ${window.earliestWhat ?? 'the first date this kind of record can have'}`,
      field,
      'BEFORE_PROGRAMME',
    );
  const days = window.maxFutureDays ?? 0;
  const latest = addCalendarDays(window.today ?? todayInChina(), days);
  if (value > latest)
    throw badInput(
      days === 0 ? `\`${field}\` is in the future (after ${latest})` : `\`${field}\` is more than ${days} days ahead (after ${latest})`,
      field,
      'DATE_OUT_OF_RANGE',
    );
  return value;
}

/** A month YYYY-MM inside a window: its first day must pass checkDateInWindow (the same reasons). */
export function checkMonthInWindow(value: string, field: string, window: DateWindow = {}): string {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(value)) throw badInput(`\`${field}\` must be a month YYYY-MM`, field, 'BAD_MONTH');
  checkDateInWindow(`${value}-01`, field, window);
  return value;
}

/** A limit that an amount may not exceed: the figure in yuan and what it is, for the message. */
export interface AmountLimit {
  /** the largest amount allowed, in yuan (inclusive) */
  max: Decimal | string;
  /** what the limit is, e.g. "the dibao standard in force on 2025-07-01" */
  what: string;
}

/**
 * Throw BAD_USER_INPUT `AMOUNT_ABOVE_LIMIT` (naming `field` and the limit, never the value) when `amount` is above
 * `limit.max`; exactly at the limit is accepted.
 */
export function checkAmountAtMost(amount: Decimal | string, field: string, limit: AmountLimit): void {
  const max = new Decimal(limit.max);
  if (new Decimal(amount).greaterThan(max))
    throw badInput(`\`${field}\` is above the limit of ${max.toFixed(2)} yuan (${limit.what})`, field, 'AMOUNT_ABOVE_LIMIT');
}

/**
 * A positive amount of yuan within `limit`, as a canonical 2-decimal string: `BAD_AMOUNT` when it is not an amount
 * or not above 0, `AMOUNT_ABOVE_LIMIT` above the limit.
 */
export function checkPositiveAmount(value: string, field: string, limit: AmountLimit): string {
  const parsed = parseYuan(value);
  const a = parsed === null ? null : new Decimal(parsed);
  if (!a || !a.greaterThan(0)) throw badInput(`\`${field}\` must be an amount of yuan above 0`, field, 'BAD_AMOUNT');
  checkAmountAtMost(a, field, limit);
  return a.toFixed(2);
}

// ---- effective-dated limit tables ----------------------------------------------------------------------------

/** An amount of yuan with two decimals in a policy table, e.g. "2000.00". */
export const tableYuan = z.string().regex(/^\d{1,12}\.\d{2}$/, 'an amount of yuan with two decimals, e.g. "2000.00"');
/** A positive decimal multiple in a policy table, e.g. "1.3" or "6". */
export const tableMultiple = z.string().regex(/^\d{1,4}(\.\d{1,4})?$/, 'a decimal number, e.g. "1.3"');

/**
 * The shape of a limits table: a description (saying the figures are placeholders to be set from the published local
 * figures), a source, and entries with the date each takes effect (`effectiveFrom`, unique), sorted on load.
 */
export function limitsTableSchema<E extends z.ZodRawShape>(entry: E) {
  return z
    .object({
      description: z.string().optional(),
      source: z.string().optional(),
      /** true while the figures are placeholders of the right magnitude, not the published local figures */
      placeholder: z.boolean().optional(),
      limits: z.array(z.strictObject({ effectiveFrom: z.iso.date(), ...entry })).min(1),
    })
    .superRefine((t, ctx) => {
      const seen = new Set<string>();
      (t.limits as { effectiveFrom: string }[]).forEach((e, i) => {
        if (seen.has(e.effectiveFrom)) ctx.addIssue({ code: 'custom', path: ['limits', i, 'effectiveFrom'], message: 'two entries take effect on the same date' });
        seen.add(e.effectiveFrom);
      });
    });
}

/** The entry of an effective-dated list in force on `date` (ISO): the latest with effectiveFrom <= date, or undefined. */
export function entryInForce<T extends { effectiveFrom: string }>(entries: readonly T[], date: string): T | undefined {
  let found: T | undefined;
  for (const e of entries) if (e.effectiveFrom <= date && (!found || e.effectiveFrom >= found.effectiveFrom)) found = e;
  return found;
}

/** The earliest effective date of an effective-dated list. */
export function earliestEffective(entries: readonly { effectiveFrom: string }[]): string {
  return entries.reduce((min, e) => (e.effectiveFrom < min ? e.effectiveFrom : min), entries[0].effectiveFrom);
}

/** A limits table, loaded once per value of its environment variable. */
export interface PolicyTable<T> {
  /** the environment variable that names a replacement file, e.g. EDUCATION_AID_LIMITS_FILE */
  envVar: string;
  /** read and validate the table from `file` (or the bundled one when unset); throws ConfigError listing every problem */
  load(file?: string): T;
  /** the table in force for this process (read from the env variable's file, cached) */
  get(): T;
}

/**
 * Define a limits table: the bundled JSON beside the module, replaceable by the file `envVar` names; validated with
 * `schema` (zod) when first read — the subgraph's schema builder calls `get()` at start, so a bad file stops the start
 * with every problem listed (by path, never by value). Entries are sorted by effective date.
 */
export function definePolicyTable<S extends z.ZodType<{ limits: { effectiveFrom: string }[] }>>(o: {
  envVar: string;
  schema: S;
  bundled: unknown;
}): PolicyTable<z.infer<S>> {
  const load = (file?: string): z.infer<S> => {
    let raw: unknown = structuredClone(o.bundled);
    if (file) {
      try {
        raw = JSON.parse(fs.readFileSync(file, 'utf8'));
      } catch (e) {
        throw new ConfigError([`${o.envVar}: cannot read a JSON table there (${(e as NodeJS.ErrnoException).code ?? 'invalid JSON'})`]);
      }
    }
    const parsed = o.schema.safeParse(raw);
    if (!parsed.success)
      throw new ConfigError(parsed.error.issues.map((i) => `${file ? o.envVar : `bundled table of ${o.envVar}`}: ${i.path.join('.') || '(root)'}: ${i.message}`));
    const t = parsed.data as z.infer<S>;
    t.limits.sort((a: { effectiveFrom: string }, b: { effectiveFrom: string }) => a.effectiveFrom.localeCompare(b.effectiveFrom));
    return t;
  };
  let cached: { file: string | undefined; table: z.infer<S> } | undefined;
  return {
    envVar: o.envVar,
    load,
    get() {
      const file = process.env[o.envVar] || undefined;
      if (!cached || cached.file !== file) cached = { file, table: load(file) };
      return cached.table;
    },
  };
}
