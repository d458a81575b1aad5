import fs from 'node:fs';
import { z } from 'zod';
import defaults from './dibao-standards.json';
import type { Yuan } from './money';

/**
 * The dibao standard (最低生活保障标准) in force on a date: yuan per person per month, urban and rural, and the
 * multiple of it under which a household is marginal (低保边缘, 1.5 by the domain notes). A local setting with effective
 * dates: read from DIBAO_STANDARDS_FILE when set, else the bundled table (see its description).
 */
const tableSchema = z.object({
  standards: z
    .array(z.object({ effectiveFrom: z.iso.date(), urban: z.string().regex(/^\d+\.\d{2}$/), rural: z.string().regex(/^\d+\.\d{2}$/) }))
    .min(1),
  marginalMultiple: z.string().regex(/^\d+(\.\d+)?$/),
});
export type DibaoStandardTable = z.infer<typeof tableSchema>;

export function loadDibaoStandards(file = process.env.DIBAO_STANDARDS_FILE): DibaoStandardTable {
  const raw = file ? JSON.parse(fs.readFileSync(file, 'utf8')) : defaults;
  const t = tableSchema.parse(raw);
  t.standards.sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
  return t;
}

/** The standard in force on `date` (ISO), or undefined before the first entry. */
export function dibaoStandardOn(
  table: DibaoStandardTable,
  date: string,
): { effectiveFrom: string; urban: Yuan; rural: Yuan } | undefined {
  let found;
  for (const s of table.standards) if (s.effectiveFrom <= date) found = s;
  return found;
}
