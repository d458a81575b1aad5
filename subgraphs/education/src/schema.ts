import { buildFederatedSchema } from '@aidgraph/subgraph-kit';
import { PersonStub, personStubReference } from './modules/person/person.stub';
import { educationAidLimits } from './modules/education-aid/education-aid.limits';
import { EducationAidResolver } from './modules/education-aid/education-aid.resolver';
import { PersonEducationResolver } from './modules/person/person.resolver';
import { educationReferrals } from './modules/referral/referral';
import { educationFundUse, educationStatistics } from './modules/statistics/statistics';

/** The education subgraph's federated schema and SDL. */
export function buildEducationSchema() {
  educationAidLimits.get(); // a bad EDUCATION_AID_LIMITS_FILE stops the start with every problem listed
  return buildFederatedSchema({
    subgraph: 'education',
    resolvers: [EducationAidResolver, PersonEducationResolver, ...educationReferrals.resolvers, ...educationStatistics.resolvers, ...educationFundUse.resolvers],
    orphanedTypes: [PersonStub, educationReferrals.ReferralStub],
    referenceResolvers: { Person: personStubReference, Referral: educationReferrals.referralStubReference },
  });
}
