import { defineReferralDecisions } from '@aidgraph/subgraph-kit';
import { MedicalClaim } from '../medical-claim/medical-claim.entity';

/**
 * 协同办理 Referrals to 市医疗保障局 (MEDICAL_SECURITY), decided here (the kit's referral module): accepted with the medical claim (医疗救助 settlement) of the applicant that carries the aid, or refused with the reason. Adds `Referral.medicalDecision` and `decideMedicalReferral`.
 */
export const medicalReferrals = defineReferralDecisions({
  department: 'MEDICAL_SECURITY',
  name: 'Medical',
  title: '市医疗保障局',
  recordType: () => MedicalClaim,
  recordDescription: '医疗救助结算记录 (MedicalClaim: the claim whose medical aid was paid)',
  records: [{ entity: MedicalClaim, personsOf: (r: MedicalClaim) => [r.personId] }],
});
