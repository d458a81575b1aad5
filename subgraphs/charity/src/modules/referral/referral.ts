import { defineReferralDecisions } from '@aidgraph/subgraph-kit';
import { CharityGrant } from '../charity-grant/charity-grant.entity';

/**
 * 协同办理 Referrals to 市慈善总会 (CHARITY_FEDERATION), decided here (the kit's referral module): accepted with the charity grant made to the applicant (a grant to a person; a household grant names no applicant), or refused with the reason. Adds `Referral.charityDecision` and `decideCharityReferral`.
 */
export const charityReferrals = defineReferralDecisions({
  department: 'CHARITY_FEDERATION',
  name: 'Charity',
  title: '市慈善总会',
  recordType: () => CharityGrant,
  recordDescription: '慈善救助发放记录 (CharityGrant to the applicant)',
  records: [{ entity: CharityGrant, personsOf: (r: CharityGrant) => [r.personId] }],
});
