import { buildFederatedSchema } from '@aidgraph/subgraph-kit';
import { PersonStub, personStubReference } from './modules/person/person.stub';
import { HouseholdStub, householdStubReference } from './modules/household/household.stub';
import { loadCharityLimits } from './modules/common/charity-limits';
import { CharityProjectResolver } from './modules/charity-project/charity-project.resolver';
import { CharityDonationResolver } from './modules/charity-donation/charity-donation.resolver';
import { CharityGrantResolver } from './modules/charity-grant/charity-grant.resolver';
import { PersonCharityResolver } from './modules/person/person.resolver';
import { HouseholdCharityResolver } from './modules/household/household.resolver';
import { charityReferrals } from './modules/referral/referral';
import { charityStatisticsResolvers } from './modules/statistics/statistics';

/** The charity subgraph's federated schema and SDL. */
export function buildCharitySchema() {
  loadCharityLimits(); // a bad CHARITY_GRANT_LIMITS_FILE or CHARITY_DONATION_LIMITS_FILE stops the start with every problem listed
  return buildFederatedSchema({
    subgraph: 'charity',
    resolvers: [CharityProjectResolver, CharityDonationResolver, CharityGrantResolver, PersonCharityResolver, HouseholdCharityResolver, ...charityReferrals.resolvers, ...charityStatisticsResolvers],
    orphanedTypes: [PersonStub, HouseholdStub, charityReferrals.ReferralStub],
    referenceResolvers: { Person: personStubReference, Household: householdStubReference, Referral: charityReferrals.referralStubReference },
  });
}
