import fs from 'node:fs';
import { z } from 'zod';
import { ConfigError, type Yuan } from '@aidgraph/subgraph-kit';
import defaults from './disability-subsidy-rates.json';
import { DisabilitySubsidyKind } from './disability-subsidy.enums';

/**
 * The monthly amounts of the two disability subsidies, a local setting with effective dates: read from the JSON file
 * named by DISABILITY_SUBSIDY_RATES_FILE when set, else the bundled table (disability-subsidy-rates.json, whose
 * figures are placeholders). Validated with zod; every problem is listed by path, never by value.
 */
const amount = z.string().regex(/^\d{1,7}\.\d{2}$/, 'an amount of yuan with two decimals, e.g. "150.00"');
const rateRow = z.object({
  effectiveFrom: z.iso.date(),
  living: z.strictObject({ '1': amount, '2': amount, '3': amount, '4': amount }),
  nursing: z.strictObject({ '1': amount, '2': amount }),
});
const tableSchema = z
  .object({ description: z.string().optional(), source: z.string().optional(), rates: z.array(rateRow).min(1) })
  .superRefine((t, ctx) => {
    const seen = new Set<string>();
    t.rates.forEach((r, i) => {
      if (seen.has(r.effectiveFrom)) ctx.addIssue({ code: 'custom', message: 'two rows take effect on the same date', path: ['rates', i, 'effectiveFrom'] });
      seen.add(r.effectiveFrom);
    });
  });
export type DisabilitySubsidyRateTable = z.infer<typeof tableSchema>;

/** Read and validate a rate table (the env var's file, or the bundled one); rows sorted by effective date. */
export function loadSubsidyRates(file = process.env.DISABILITY_SUBSIDY_RATES_FILE): DisabilitySubsidyRateTable {
  let raw: unknown = defaults;
  if (file) {
    try {
      raw = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (e) {
      throw new ConfigError([`DISABILITY_SUBSIDY_RATES_FILE: cannot read a JSON file there (${(e as Error).name})`]);
    }
  }
  const parsed = tableSchema.safeParse(raw);
  if (!parsed.success)
    throw new ConfigError(parsed.error.issues.map((i) => `DISABILITY_SUBSIDY_RATES_FILE ${i.path.join('.') || '(root)'}: ${i.message}`));
  return { ...parsed.data, rates: [...parsed.data.rates].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom)) };
}

let loaded: DisabilitySubsidyRateTable | undefined;
/** The process's rate table, read once (index.ts reads it at start-up so that a bad file stops the subgraph). */
export function subsidyRates(): DisabilitySubsidyRateTable {
  return (loaded ??= loadSubsidyRates());
}

/**
 * The monthly amount of `kind` for a holder of `grade` in force on `date` (ISO), with the row's effective date;
 * undefined before the first row, or for a nursing subsidy of grade 3-4 (no such rate).
 */
export function subsidyRateOn(
  table: DisabilitySubsidyRateTable,
  kind: DisabilitySubsidyKind,
  grade: number,
  date: string,
): { effectiveFrom: string; monthlyAmount: Yuan } | undefined {
  let row: DisabilitySubsidyRateTable['rates'][number] | undefined;
  for (const r of table.rates) if (r.effectiveFrom <= date) row = r;
  if (!row) return undefined;
  const byGrade: Record<string, string> = kind === DisabilitySubsidyKind.NURSING ? row.nursing : row.living;
  const monthlyAmount = byGrade[String(grade)];
  return monthlyAmount ? { effectiveFrom: row.effectiveFrom, monthlyAmount } : undefined;
}
