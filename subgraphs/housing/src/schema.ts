import { buildFederatedSchema } from '@aidgraph/subgraph-kit';
import { PersonStub, personStubReference } from './modules/person/person.stub';
import { HouseholdStub, householdStubReference } from './modules/household/household.stub';
import { loadHousingLimits } from './modules/common/housing-limits';
import { RentSubsidyResolver } from './modules/rent-subsidy/rent-subsidy.resolver';
import { PublicRentalAllocationResolver } from './modules/public-rental-allocation/public-rental-allocation.resolver';
import { DilapidatedHouseRenovationResolver } from './modules/dilapidated-house-renovation/dilapidated-house-renovation.resolver';
import { HousingAssistanceResolver } from './modules/housing-assistance/housing-assistance.resolver';
import { PersonHousingResolver } from './modules/person/person.resolver';
import { HouseholdHousingResolver } from './modules/household/household.resolver';
import { housingReferrals } from './modules/referral/referral';
import { housingStatisticsResolvers } from './modules/statistics/statistics';

/** The housing subgraph's federated schema and SDL. */
export function buildHousingSchema() {
  loadHousingLimits(); // a bad RENT_SUBSIDY_LIMITS_FILE, RENOVATION_SUBSIDY_LIMITS_FILE or PUBLIC_RENTAL_LIMITS_FILE stops the start
  return buildFederatedSchema({
    subgraph: 'housing',
    resolvers: [
      RentSubsidyResolver, PublicRentalAllocationResolver, DilapidatedHouseRenovationResolver, HousingAssistanceResolver,
      PersonHousingResolver, HouseholdHousingResolver, ...housingReferrals.resolvers, ...housingStatisticsResolvers,
    ],
    orphanedTypes: [PersonStub, HouseholdStub, housingReferrals.ReferralStub],
    referenceResolvers: { Person: personStubReference, Household: householdStubReference, Referral: housingReferrals.referralStubReference },
  });
}
