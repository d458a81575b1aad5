import { registerEnumType } from 'type-graphql';

/** 学段 School stage, from preschool to university. */
export enum SchoolStage {
  PRESCHOOL = 'PRESCHOOL',
  PRIMARY = 'PRIMARY',
  JUNIOR_SECONDARY = 'JUNIOR_SECONDARY',
  SENIOR_SECONDARY = 'SENIOR_SECONDARY',
  VOCATIONAL = 'VOCATIONAL',
  UNIVERSITY = 'UNIVERSITY',
}
registerEnumType(SchoolStage, {
  name: 'SchoolStage',
  description: '学段 School stage of an education aid record.',
  valuesConfig: {
    PRESCHOOL: { description: '学前教育 preschool (kindergarten)' },
    PRIMARY: { description: '小学 primary school' },
    JUNIOR_SECONDARY: { description: '初中 junior secondary school' },
    SENIOR_SECONDARY: { description: '普通高中 senior secondary school' },
    VOCATIONAL: { description: '中等职业教育 secondary vocational school' },
    UNIVERSITY: { description: '高等教育 university or college (up to bachelor level)' },
  },
});

/** 资助类型 Kind of education aid. */
export enum EducationAidType {
  TUITION_WAIVER = 'TUITION_WAIVER',
  LIVING_SUBSIDY = 'LIVING_SUBSIDY',
  GRANT = 'GRANT',
  BOARDING_FEE_WAIVER = 'BOARDING_FEE_WAIVER',
}
registerEnumType(EducationAidType, {
  name: 'EducationAidType',
  description: '资助类型 Kind of education assistance (教育救助).',
  valuesConfig: {
    TUITION_WAIVER: { description: '免学费/保教费减免 tuition (or preschool fee) waiver' },
    LIVING_SUBSIDY: { description: '生活补助 living subsidy (e.g. for boarding pupils of families in difficulty)' },
    GRANT: { description: '助学金 student grant (national grant for senior secondary, vocational and university students)' },
    BOARDING_FEE_WAIVER: { description: '免住宿费 boarding-fee waiver' },
  },
});

/** 资助状态 Status of an education aid record. */
export enum EducationAidStatus {
  APPROVED = 'APPROVED',
  PAID = 'PAID',
  REVOKED = 'REVOKED',
}
registerEnumType(EducationAidStatus, {
  name: 'EducationAidStatus',
  description: '资助状态 Status of an education aid record.',
  valuesConfig: {
    APPROVED: { description: '已审核 approved, not yet paid' },
    PAID: { description: '已发放 paid' },
    REVOKED: { description: '已撤销 revoked (granted in error or the pupil left school)' },
  },
});
