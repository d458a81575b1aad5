import { z } from 'zod';
import { definePolicyTable, earliestEffective, entryInForce, limitsTableSchema, tableYuan, type AmountLimit } from '@aidgraph/subgraph-kit';
import bundled from './education-aid-limits.json';
import { EducationAidType, SchoolStage } from './education-aid.enums';

const byType = z.strictObject(Object.fromEntries(Object.values(EducationAidType).map((t) => [t, tableYuan.optional()])) as Record<EducationAidType, z.ZodOptional<typeof tableYuan>>);

/**
 * Most an education aid may pay per academic year, by stage and kind (education-aid-limits.json, placeholders;
 * EDUCATION_AID_LIMITS_FILE replaces it), with effective dates: the entry in force on 1 September of the academic year.
 */
export const educationAidLimits = definePolicyTable({
  envVar: 'EDUCATION_AID_LIMITS_FILE',
  bundled,
  schema: limitsTableSchema({
    amounts: z.strictObject(Object.fromEntries(Object.values(SchoolStage).map((s) => [s, byType])) as Record<SchoolStage, typeof byType>),
  }),
});

/** The first day of an academic year "YYYY-YYYY": 1 September of its first year. */
export function academicYearStart(academicYear: string): string {
  return `${academicYear.slice(0, 4)}-09-01`;
}

/** The first academic year start the table knows (aid for earlier years is BEFORE_PROGRAMME). */
export function earliestAcademicYearStart(): string {
  return earliestEffective(educationAidLimits.get().limits);
}

/** The most an aid of `type` at `stage` may pay for `academicYear`, or undefined when the table sets none. */
export function educationAidLimit(stage: SchoolStage, type: EducationAidType, academicYear: string): AmountLimit | undefined {
  const start = academicYearStart(academicYear);
  const entry = entryInForce(educationAidLimits.get().limits, start);
  const max = entry?.amounts[stage]?.[type];
  return max ? { max, what: `the ${type} limit for ${stage} in academic year ${academicYear} (from ${entry!.effectiveFrom})` } : undefined;
}
