import { buildFederatedSchema } from '@aidgraph/subgraph-kit';
import { PersonStub, personStubReference } from './modules/person/person.stub';
import { DisabilityCertificateResolver } from './modules/disability-certificate/disability-certificate.resolver';
import { RehabilitationServiceResolver } from './modules/rehabilitation-service/rehabilitation-service.resolver';
import { DisabilitySubsidyResolver } from './modules/disability-subsidy/disability-subsidy.resolver';
import { PersonDisabilityResolver } from './modules/person/person.resolver';
import { disabilityReferrals } from './modules/referral/referral';
import { disabilityStatisticsResolvers } from './modules/statistics/statistics';

/** The disability subgraph's federated schema and SDL. */
export function buildDisabilitySchema() {
  return buildFederatedSchema({
    subgraph: 'disability',
    resolvers: [DisabilityCertificateResolver, RehabilitationServiceResolver, DisabilitySubsidyResolver, PersonDisabilityResolver, ...disabilityReferrals.resolvers, ...disabilityStatisticsResolvers],
    orphanedTypes: [PersonStub, disabilityReferrals.ReferralStub],
    referenceResolvers: { Person: personStubReference, Referral: disabilityReferrals.referralStubReference },
  });
}
