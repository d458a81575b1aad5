import { defineReferralDecisions } from '@aidgraph/subgraph-kit';
import { EducationAid } from '../education-aid/education-aid.entity';

/**
 * 协同办理 Referrals to the education bureau (EDUCATION), decided here (the kit's referral module): accepted with the
 * education aid record created for the applicant, or refused with the reason. Adds `Referral.educationDecision` and
 * `decideEducationReferral`.
 */
export const educationReferrals = defineReferralDecisions({
  department: 'EDUCATION',
  name: 'Education',
  title: '市教育体育局',
  recordType: () => EducationAid,
  recordDescription: '教育救助记录 (EducationAid)',
  records: [{ entity: EducationAid, personsOf: (r: EducationAid) => [r.personId] }],
});
