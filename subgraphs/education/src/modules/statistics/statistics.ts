import { defineFundUse, defineStatistics, statisticsDimension as dim } from '@aidgraph/subgraph-kit';
import { EducationAid } from '../education-aid/education-aid.entity';
import { EducationAidStatus, EducationAidType, SchoolStage } from '../education-aid/education-aid.enums';

/** 教育救助统计 Statistics of education aid (Query.educationStatistics): suppressed aggregates (kit statistics/). */
export const educationStatistics = defineStatistics({
  name: 'education',
  records: '教育救助 education aid records',
  entity: EducationAid,
  person: 'personId',
  amount: 'amount',
  departments: ['EDUCATION', 'CIVIL_AFFAIRS'],
  dimensions: {
    TOWNSHIP: dim.township(),
    SCHOOL_STAGE: dim.enumOf('schoolStage', SchoolStage, '学段 The school stage.'),
    AID_TYPE: dim.enumOf('aidType', EducationAidType, '资助类型 The kind of aid.'),
    STATUS: dim.enumOf('status', EducationAidStatus, '状态 The status of the record.'),
    YEAR: dim.year('approvedOn', '年份 The year of approval.'),
    MONTH: dim.month('approvedOn', '月份 The month of approval (YYYY-MM).'),
  },
});

/** 资金使用 Fund use of education aid (Query.educationFundUse): each aid once, in the month of its approval, unless revoked. */
export const educationFundUse = defineFundUse({
  name: 'education',
  programmes: 'EDUCATION_AID, one-off in the month of approval, revoked aid left out',
  roles: ['caseworker', 'township_approver', 'department_officer', 'analyst', 'auditor', 'public'],
  departments: ['EDUCATION', 'CIVIL_AFFAIRS'],
  sources: [
    {
      entity: EducationAid,
      person: 'personId',
      programme: { value: 'EDUCATION_AID' },
      payment: { oneOff: { amount: 'amount', date: 'approvedOn' } },
      where: (ref) => ({ sql: `${ref('status')} <> :revoked`, params: { revoked: EducationAidStatus.REVOKED } }),
    },
  ],
});
