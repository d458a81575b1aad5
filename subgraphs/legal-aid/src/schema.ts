import { buildFederatedSchema } from '@aidgraph/subgraph-kit';
import { PersonStub, personStubReference } from './modules/person/person.stub';
import { LegalAidCaseResolver } from './modules/legal-aid-case/legal-aid-case.resolver';
import { LegalServiceProviderResolver } from './modules/legal-service-provider/legal-service-provider.resolver';
import { PersonLegalAidResolver } from './modules/person/person.resolver';
import { legalAidReferrals } from './modules/referral/referral';
import { legalAidStatistics } from './modules/statistics/statistics';

/** The legal-aid subgraph's federated schema and SDL. */
export function buildLegalAidSchema() {
  return buildFederatedSchema({
    subgraph: 'legal-aid',
    resolvers: [LegalAidCaseResolver, LegalServiceProviderResolver, PersonLegalAidResolver, ...legalAidReferrals.resolvers, ...legalAidStatistics.resolvers],
    orphanedTypes: [PersonStub, legalAidReferrals.ReferralStub],
    referenceResolvers: { Person: personStubReference, Referral: legalAidReferrals.referralStubReference },
  });
}
