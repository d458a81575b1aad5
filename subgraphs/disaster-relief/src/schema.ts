import { buildFederatedSchema } from '@aidgraph/subgraph-kit';
import { PersonStub, personStubReference } from './modules/person/person.stub';
import { HouseholdStub, householdStubReference } from './modules/household/household.stub';
import { reliefStandards } from './modules/disaster-relief/disaster-relief.rules';
import { DisasterEventResolver } from './modules/disaster-event/disaster-event.resolver';
import { DisasterAssessmentResolver } from './modules/disaster-assessment/disaster-assessment.resolver';
import { DisasterReliefResolver } from './modules/disaster-relief/disaster-relief.resolver';
import { PersonDisasterReliefResolver } from './modules/person/person.resolver';
import { HouseholdDisasterReliefResolver } from './modules/household/household.resolver';
import { disasterReliefReferrals } from './modules/referral/referral';
import { disasterReliefStatisticsResolvers } from './modules/statistics/statistics';

/** The disaster-relief subgraph's federated schema and SDL. */
export function buildDisasterReliefSchema() {
  reliefStandards.get(); // a bad DISASTER_RELIEF_STANDARDS_FILE stops the start with every problem listed
  return buildFederatedSchema({
    subgraph: 'disaster-relief',
    resolvers: [DisasterEventResolver, DisasterAssessmentResolver, DisasterReliefResolver, PersonDisasterReliefResolver, HouseholdDisasterReliefResolver, ...disasterReliefReferrals.resolvers, ...disasterReliefStatisticsResolvers],
    orphanedTypes: [PersonStub, HouseholdStub, disasterReliefReferrals.ReferralStub],
    referenceResolvers: { Person: personStubReference, Household: householdStubReference, Referral: disasterReliefReferrals.referralStubReference },
  });
}
