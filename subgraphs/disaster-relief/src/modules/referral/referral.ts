import { defineReferralDecisions } from '@aidgraph/subgraph-kit';
import { DisasterRelief } from '../disaster-relief/disaster-relief.entity';

/**
 * 协同办理 Referrals to 市应急管理局 (EMERGENCY_MANAGEMENT), decided here (the kit's referral module): accepted with the relief paid to the applicant (the recipient, 领款人), or refused with the reason. Adds `Referral.disasterReliefDecision` and `decideDisasterReliefReferral`.
 */
export const disasterReliefReferrals = defineReferralDecisions({
  department: 'EMERGENCY_MANAGEMENT',
  name: 'DisasterRelief',
  title: '市应急管理局',
  recordType: () => DisasterRelief,
  recordDescription: '受灾人员救助记录 (DisasterRelief, paid to the applicant)',
  records: [{ entity: DisasterRelief, personsOf: (r: DisasterRelief) => [r.personId] }],
});
