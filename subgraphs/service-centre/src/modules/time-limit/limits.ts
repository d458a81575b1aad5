import fs from 'node:fs';
import { z } from 'zod';
import { ConfigError, PROGRAMMES, entryInForce } from '@aidgraph/subgraph-kit';
import bundled from './time-limits.json';

/**
 * The limit table (办理时限表) with effective dates: time-limits.json, or the file TIME_LIMIT_TABLE_FILE names (same
 * shape, validated with zod: a bad table stops the subgraph at start with every problem listed). See the JSON's
 * description for the rules; `resolveStepLimit` is their one implementation in JavaScript, `overdueWhere` (overdue.ts)
 * the same in SQL.
 */

export const LIMITS_ENV = 'TIME_LIMIT_TABLE_FILE';

/** The steps of an application (ApplicationStep's values, fixed by the brief). */
export const STEPS = [
  'SUBMITTED', 'NOT_ACCEPTED', 'INVESTIGATION', 'VERIFICATION', 'PRELIMINARY_REVIEW', 'PUBLIC_NOTICE', 'CONFIRMED', 'REFUSED', 'CLOSED',
] as const;
export type StepName = (typeof STEPS)[number];

/** Steps that are finished: no time limit runs. */
export const FINISHED_STEPS: readonly StepName[] = ['NOT_ACCEPTED', 'CONFIRMED', 'REFUSED', 'CLOSED'];
/** Steps a limit runs in. */
export const OPEN_STEPS: readonly StepName[] = STEPS.filter((s) => !FINISHED_STEPS.includes(s));
/** Steps after acceptance: the whole-process limit runs in them as well. */
export const ACCEPTED_OPEN_STEPS: readonly StepName[] = OPEN_STEPS.filter((s) => s !== 'SUBMITTED');

const programmeCodes = new Set(PROGRAMMES.map((p) => p.code));
const basis = z.enum(['POLICY', 'CONFIGURATION']);
const workingDays = z.number().int().min(1).max(250);

const stepRow = z.object({
  step: z.enum(OPEN_STEPS as [StepName, ...StepName[]], { message: `an open step: ${OPEN_STEPS.join(', ')} (finished steps have no limit)` }),
  programme: z.string().refine((p) => p === '*' || programmeCodes.has(p), { message: "'*' or a programme code of programmes.json" }),
  urgent: z.boolean().optional(),
  workingDays,
  basis,
  source: z.string().min(1),
});
export type StepLimitRow = z.infer<typeof stepRow>;

const entry = z
  .object({
    effectiveFrom: z.iso.date(),
    noticeCalendarDays: z.number().int().min(1).max(60),
    wholeProcess: z.object({ workingDays, specialCaseWorkingDays: workingDays, basis, source: z.string().min(1) }),
    steps: z.array(stepRow).min(1),
  })
  .superRefine((e, ctx) => {
    for (const s of OPEN_STEPS)
      if (!e.steps.some((r) => r.step === s && r.programme === '*' && r.urgent === undefined))
        ctx.addIssue({ code: 'custom', path: ['steps'], message: `no default row for ${s} (programme '*', no urgent)` });
    const seen = new Set<string>();
    e.steps.forEach((r, i) => {
      const k = `${r.step}|${r.programme}|${r.urgent}`;
      if (seen.has(k)) ctx.addIssue({ code: 'custom', path: ['steps', i], message: `a second row for ${r.step}, ${r.programme}, urgent ${r.urgent ?? 'any'}` });
      seen.add(k);
    });
    if (e.wholeProcess.specialCaseWorkingDays < e.wholeProcess.workingDays)
      ctx.addIssue({ code: 'custom', path: ['wholeProcess', 'specialCaseWorkingDays'], message: 'a special case has at least the ordinary limit' });
  });
export type LimitEntry = z.infer<typeof entry>;

export const limitTableSchema = z
  .object({ description: z.string().optional(), limits: z.array(entry).min(1) })
  .superRefine((t, ctx) => {
    const dates = t.limits.map((l) => l.effectiveFrom);
    if (new Set(dates).size !== dates.length) ctx.addIssue({ code: 'custom', path: ['limits'], message: 'two entries take effect on the same date' });
  });
export type LimitTable = z.infer<typeof limitTableSchema>;

/** Parse and validate a limit table; throws ConfigError listing every problem. */
export function parseLimitTable(raw: unknown, where: string): LimitTable {
  const parsed = limitTableSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => `${where}: ${i.path.join('.') || '(root)'}: ${i.message}`));
  const t = parsed.data;
  t.limits.sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
  return t;
}

/** Read the table from `file` (or the bundled one); throws ConfigError listing every problem. */
export function loadLimitTable(file?: string): LimitTable {
  if (!file) return parseLimitTable(structuredClone(bundled), `bundled table of ${LIMITS_ENV}`);
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ConfigError([`${LIMITS_ENV}: cannot read a JSON table there (${(e as NodeJS.ErrnoException).code ?? 'invalid JSON'})`]);
  }
  return parseLimitTable(raw, LIMITS_ENV);
}

let cached: { file: string | undefined; table: LimitTable } | undefined;
/** The limit table of this process (TIME_LIMIT_TABLE_FILE or the bundled one), read once per file. */
export function limitTable(): LimitTable {
  const file = process.env[LIMITS_ENV] || undefined;
  if (!cached || cached.file !== file) cached = { file, table: loadLimitTable(file) };
  return cached.table;
}

/**
 * The entry in force on `date`; before the first entry, the first (a count that starts before the table begins is held
 * to the oldest limits rather than to none).
 */
export function entryOn(table: LimitTable, date: string): LimitEntry {
  return entryInForce(table.limits, date) ?? table.limits[0];
}

/**
 * The precedence tier of a row: a row for urgent (or non-urgent) applications only beats one for both (+2), a row for a
 * programme beats '*' (+1). The highest tier with a matching row applies; within it, the fewest working days.
 */
export function tierOf(r: StepLimitRow): number {
  return (r.urgent !== undefined ? 2 : 0) + (r.programme !== '*' ? 1 : 0);
}

/** Whether a row applies to an application of these programmes and urgency. */
export function rowMatches(r: StepLimitRow, programmes: readonly string[], urgent: boolean): boolean {
  return (r.urgent === undefined || r.urgent === urgent) && (r.programme === '*' || programmes.includes(r.programme));
}

/** The row of `step` that applies to an application (the entry always has a default row for every open step). */
export function resolveStepLimit(e: LimitEntry, step: StepName, programmes: readonly string[], urgent: boolean): StepLimitRow {
  let best: StepLimitRow | undefined;
  for (const r of e.steps) {
    if (r.step !== step || !rowMatches(r, programmes, urgent)) continue;
    if (!best || tierOf(r) > tierOf(best) || (tierOf(r) === tierOf(best) && r.workingDays < best.workingDays)) best = r;
  }
  if (!best) throw new Error(`time limits: no row for ${step}`); // the schema requires a default row
  return best;
}
