import { z } from 'zod';
import { definePolicyTable, entryInForce, limitsTableSchema, tableYuan, type AmountLimit } from '@aidgraph/subgraph-kit';
import bundled from './medical-claim-limits.json';
import { MedicalCareType } from './medical-claim.enums';

/**
 * Plausible maximum total cost of one claim by kind of care (medical-claim-limits.json, placeholders;
 * MEDICAL_CLAIM_LIMITS_FILE replaces it), the entry in force on the discharge date.
 */
export const medicalClaimLimits = definePolicyTable({
  envVar: 'MEDICAL_CLAIM_LIMITS_FILE',
  bundled,
  schema: limitsTableSchema({ maxTotalCost: z.strictObject({ INPATIENT: tableYuan, OUTPATIENT: tableYuan }) }),
});

/** The most a claim of `careType` discharged on `date` may cost, or undefined before the table's first entry. */
export function totalCostLimit(careType: MedicalCareType, date: string): AmountLimit | undefined {
  const e = entryInForce(medicalClaimLimits.get().limits, date);
  return e ? { max: e.maxTotalCost[careType], what: `the plausible maximum of one ${careType} claim (from ${e.effectiveFrom})` } : undefined;
}
