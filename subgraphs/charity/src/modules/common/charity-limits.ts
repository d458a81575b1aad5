import { definePolicyTable, entryInForce, limitsTableSchema, tableYuan, type AmountLimit } from '@aidgraph/subgraph-kit';
import grantBundled from '../charity-grant/charity-grant-limits.json';
import donationBundled from '../charity-donation/charity-donation-limits.json';

/** Charity grant maximums per person and per household (charity-grant-limits.json, CHARITY_GRANT_LIMITS_FILE), by grant date. */
export const charityGrantLimits = definePolicyTable({
  envVar: 'CHARITY_GRANT_LIMITS_FILE',
  bundled: grantBundled,
  schema: limitsTableSchema({ maxPerPerson: tableYuan, maxPerHousehold: tableYuan }),
});

/** Donation maximum (charity-donation-limits.json, CHARITY_DONATION_LIMITS_FILE), by receipt date. */
export const charityDonationLimits = definePolicyTable({
  envVar: 'CHARITY_DONATION_LIMITS_FILE',
  bundled: donationBundled,
  schema: limitsTableSchema({ maxDonation: tableYuan }),
});

/** Load (and so validate) both tables: the schema builder calls it, so a bad file stops the start. */
export function loadCharityLimits(): void {
  charityGrantLimits.get();
  charityDonationLimits.get();
}

/** Most one grant to a person (or a household) made on `date` may be. */
export function charityGrantLimit(toHousehold: boolean, date: string): AmountLimit | undefined {
  const e = entryInForce(charityGrantLimits.get().limits, date);
  return e && { max: toHousehold ? e.maxPerHousehold : e.maxPerPerson, what: `the most one grant to a ${toHousehold ? 'household' : 'person'} may be (from ${e.effectiveFrom})` };
}

/** Most one donation received on `date` may be. */
export function charityDonationLimit(date: string): AmountLimit | undefined {
  const e = entryInForce(charityDonationLimits.get().limits, date);
  return e && { max: e.maxDonation, what: `the most one donation record may be (from ${e.effectiveFrom})` };
}
