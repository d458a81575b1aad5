import { defineStatistics, statisticsDimension as dim } from '@aidgraph/subgraph-kit';
import { LegalAidCase } from '../legal-aid-case/legal-aid-case.entity';
import { LegalAidCaseStatus, LegalAidEligibility, LegalAidMatter, LegalAidType } from '../legal-aid-case/legal-aid-case.enums';

/**
 * 法律援助统计 Legal aid cases (Query.legalAidStatistics): amount sums the case subsidies (paid to the providers, not
 * to the applicants: so no fund use here).
 */
export const legalAidStatistics = defineStatistics({
  name: 'legalAid',
  records: '法律援助案件 legal aid cases',
  entity: LegalAidCase,
  person: 'personId',
  amount: 'subsidy',
  departments: ['JUSTICE'],
  dimensions: {
    TOWNSHIP: dim.township(),
    AID_TYPE: dim.enumOf('aidType', LegalAidType, '援助形式 The kind of aid.'),
    MATTER: dim.enumOf('matter', LegalAidMatter, '案件事项 The matter.'),
    ELIGIBILITY: dim.enumOf('eligibility', LegalAidEligibility, '援助依据 The ground of eligibility.'),
    STATUS: dim.enumOf('status', LegalAidCaseStatus, '状态 The case\'s status.'),
    APPLIED_YEAR: dim.year('appliedOn', '申请年份 The year of application.'),
  },
});
