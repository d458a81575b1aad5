import { defineReferralDecisions } from '@aidgraph/subgraph-kit';
import { LegalAidCase } from '../legal-aid-case/legal-aid-case.entity';

/**
 * 协同办理 Referrals to 市司法局 (JUSTICE), decided here (the kit's referral module): accepted with the legal aid case opened for the applicant, or refused with the reason. Adds `Referral.legalAidDecision` and `decideLegalAidReferral`.
 */
export const legalAidReferrals = defineReferralDecisions({
  department: 'JUSTICE',
  name: 'LegalAid',
  title: '市司法局',
  recordType: () => LegalAidCase,
  recordDescription: '法律援助案件 (LegalAidCase)',
  records: [{ entity: LegalAidCase, personsOf: (r: LegalAidCase) => [r.personId] }],
});
