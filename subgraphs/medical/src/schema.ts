import { buildFederatedSchema } from '@aidgraph/subgraph-kit';
import { MedicalClaimResolver } from './modules/medical-claim/medical-claim.resolver';
import { PersonMedicalResolver } from './modules/person/person.resolver';
import { PersonStub, personStubReference } from './modules/person/person.stub';
import { medicalPolicy } from './modules/medical-assistance/medical-policy';
import { medicalClaimLimits } from './modules/medical-claim/medical-claim.limits';
import { medicalReferrals } from './modules/referral/referral';
import { medicalClaimStatistics } from './modules/statistics/statistics';

/**
 * The medical subgraph's federated schema and SDL (with the auditors' `medicalAuditLog`). Loads (and so validates) the policy table first: a bad
 * MEDICAL_POLICY_FILE stops the start with a ConfigError listing every problem.
 */
export function buildMedicalSchema() {
  medicalPolicy();
  medicalClaimLimits.get(); // likewise MEDICAL_CLAIM_LIMITS_FILE
  return buildFederatedSchema({
    subgraph: 'medical',
    resolvers: [MedicalClaimResolver, PersonMedicalResolver, ...medicalReferrals.resolvers, ...medicalClaimStatistics.resolvers],
    orphanedTypes: [PersonStub, medicalReferrals.ReferralStub],
    referenceResolvers: { Person: personStubReference, Referral: medicalReferrals.referralStubReference },
  });
}
