import { registerEnumType } from 'type-graphql';

/** 就医类型 Inpatient or outpatient care. */
export enum MedicalCareType {
  INPATIENT = 'INPATIENT',
  OUTPATIENT = 'OUTPATIENT',
}
registerEnumType(MedicalCareType, {
  name: 'MedicalCareType',
  description: '就医类型 Kind of care a medical assistance claim settles: a hospital stay (住院) or outpatient care (门诊).',
  valuesConfig: {
    INPATIENT: { description: '住院 a hospital stay, from admission (入院) to discharge (出院)' },
    OUTPATIENT: {
      description:
        '门诊 outpatient care (including 门诊慢特病 chronic and special-disease outpatient treatment); the admission and ' +
        'discharge dates bound the visits settled together (one day for a single visit)',
    },
  },
});

/** 救助申请状态 Status of a medical assistance claim. */
export enum MedicalClaimStatus {
  RECORDED = 'RECORDED',
  WITHDRAWN = 'WITHDRAWN',
}
registerEnumType(MedicalClaimStatus, {
  name: 'MedicalClaimStatus',
  description: '状态 Status of a medical assistance claim.',
  valuesConfig: {
    RECORDED: { description: '已登记 recorded: counts towards the medical aid of its calendar year' },
    WITHDRAWN: { description: '已撤回 withdrawn (recorded in error, duplicate, or settled elsewhere): kept for the record, counts for nothing' },
  },
});
