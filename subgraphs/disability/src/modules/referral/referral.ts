import { defineReferralDecisions } from '@aidgraph/subgraph-kit';
import { RehabilitationService } from '../rehabilitation-service/rehabilitation-service.entity';

/**
 * 协同办理 Referrals to 市残联 (DISABLED_PERSONS_FEDERATION), decided here (the kit's referral module): accepted with the rehabilitation service (康复救助) arranged for the applicant, or refused with the reason. Adds `Referral.disabilityDecision` and `decideDisabilityReferral`.
 */
export const disabilityReferrals = defineReferralDecisions({
  department: 'DISABLED_PERSONS_FEDERATION',
  name: 'Disability',
  title: '市残联',
  recordType: () => RehabilitationService,
  recordDescription: '康复救助服务记录 (RehabilitationService)',
  records: [{ entity: RehabilitationService, personsOf: (r: RehabilitationService) => [r.personId] }],
});
