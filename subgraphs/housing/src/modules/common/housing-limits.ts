import { z } from 'zod';
import { definePolicyTable, earliestEffective, entryInForce, limitsTableSchema, tableYuan, type AmountLimit } from '@aidgraph/subgraph-kit';
import rentBundled from '../rent-subsidy/rent-subsidy-limits.json';
import renovationBundled from '../dilapidated-house-renovation/renovation-subsidy-limits.json';
import rentalBundled from '../public-rental-allocation/public-rental-limits.json';

/**
 * Housing's plausibility limits (issue 14, item 11), each an effective-dated table beside its module with bundled
 * placeholder figures, replaceable by the file its variable names, validated with zod when the subgraph starts.
 */

/** Rent subsidy: most per month (rent-subsidy-limits.json, RENT_SUBSIDY_LIMITS_FILE), by the first month's date. */
export const rentSubsidyLimits = definePolicyTable({
  envVar: 'RENT_SUBSIDY_LIMITS_FILE',
  bundled: rentBundled,
  schema: limitsTableSchema({ maxMonthlyAmount: tableYuan }),
});

/** Renovation subsidy: most per grade (renovation-subsidy-limits.json, RENOVATION_SUBSIDY_LIMITS_FILE), by assessment date. */
export const renovationSubsidyLimits = definePolicyTable({
  envVar: 'RENOVATION_SUBSIDY_LIMITS_FILE',
  bundled: renovationBundled,
  schema: limitsTableSchema({ maxSubsidy: z.strictObject({ C: tableYuan, D: tableYuan }) }),
});

/** Public rental: most rent per month and floor area bounds (public-rental-limits.json, PUBLIC_RENTAL_LIMITS_FILE), by lease start. */
export const publicRentalLimits = definePolicyTable({
  envVar: 'PUBLIC_RENTAL_LIMITS_FILE',
  bundled: rentalBundled,
  schema: limitsTableSchema({ maxMonthlyRent: tableYuan, minArea: tableYuan, maxArea: tableYuan }),
});

/** Load (and so validate) the three tables: the schema builder calls it, so a bad file stops the start. */
export function loadHousingLimits(): void {
  rentSubsidyLimits.get();
  renovationSubsidyLimits.get();
  publicRentalLimits.get();
}

/** The first date each kind of housing record can have: its table's earliest entry. */
export const earliestRentSubsidyDate = () => earliestEffective(rentSubsidyLimits.get().limits);
export const earliestRenovationDate = () => earliestEffective(renovationSubsidyLimits.get().limits);
export const earliestPublicRentalDate = () => earliestEffective(publicRentalLimits.get().limits);

/** Most a rent subsidy starting on `date` may pay a month. */
export function rentSubsidyLimit(date: string): AmountLimit | undefined {
  const e = entryInForce(rentSubsidyLimits.get().limits, date);
  return e && { max: e.maxMonthlyAmount, what: `the monthly rent subsidy limit (from ${e.effectiveFrom})` };
}

/** Most a renovation of `grade` assessed on `date` may be subsidised. */
export function renovationSubsidyLimit(grade: 'C' | 'D', date: string): AmountLimit | undefined {
  const e = entryInForce(renovationSubsidyLimits.get().limits, date);
  return e && { max: e.maxSubsidy[grade], what: `the grade ${grade} renovation subsidy limit (from ${e.effectiveFrom})` };
}

/** Public rental bounds for a lease starting on `date`. */
export function publicRentalBounds(date: string): { rent: AmountLimit; minArea: string; maxArea: string } | undefined {
  const e = entryInForce(publicRentalLimits.get().limits, date);
  return e && { rent: { max: e.maxMonthlyRent, what: `the public rental monthly rent limit (from ${e.effectiveFrom})` }, minArea: e.minArea, maxArea: e.maxArea };
}
