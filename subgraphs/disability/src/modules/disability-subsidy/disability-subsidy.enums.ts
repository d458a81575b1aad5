import { registerEnumType } from 'type-graphql';

/** 残疾人两项补贴 The two disability subsidies (国发〔2015〕52号). */
export enum DisabilitySubsidyKind {
  LIVING = 'LIVING',
  NURSING = 'NURSING',
}
registerEnumType(DisabilitySubsidyKind, {
  name: 'DisabilitySubsidyKind',
  description:
    '残疾人两项补贴 The two disability subsidies (国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见, ' +
    '国发〔2015〕52号). A person may receive both.',
  valuesConfig: {
    LIVING: {
      description:
        '困难残疾人生活补贴 living subsidy for disabled people in difficulty: a certificate holder in a dibao household, ' +
        'a 特困 person, a member of a marginal (低保边缘) household or in another recognised difficulty',
    },
    NURSING: { description: '重度残疾人护理补贴 nursing subsidy for the severely disabled: the holder of a grade 1 or 2 certificate' },
  },
});

/** Why a person counts as "in difficulty" for the living subsidy. */
export enum DisabilitySubsidyDifficulty {
  DIBAO = 'DIBAO',
  TEKUN = 'TEKUN',
  MARGINAL = 'MARGINAL',
  OTHER_DIFFICULTY = 'OTHER_DIFFICULTY',
}
registerEnumType(DisabilitySubsidyDifficulty, {
  name: 'DisabilitySubsidyDifficulty',
  description:
    '困难情形 The difficulty on which a living subsidy (困难残疾人生活补贴) rests, as confirmed by civil affairs ' +
    '(Person.assistanceCategory in the civil-affairs subgraph) or by the township.',
  valuesConfig: {
    DIBAO: { description: '低保家庭 member of a household receiving the minimum living allowance' },
    TEKUN: { description: '特困人员 a person supported as extremely poor' },
    MARGINAL: { description: '低保边缘家庭 member of a marginal household (income under 1.5 times the dibao standard)' },
    OTHER_DIFFICULTY: { description: '其他困难 another difficulty recognised by local rules (e.g. low-income disabled person)' },
  },
});

/** 补贴状态 Status of a subsidy grant. */
export enum DisabilitySubsidyStatus {
  ACTIVE = 'ACTIVE',
  ENDED = 'ENDED',
}
registerEnumType(DisabilitySubsidyStatus, {
  name: 'DisabilitySubsidyStatus',
  description: '补贴状态 Status of a disability subsidy grant.',
  valuesConfig: {
    ACTIVE: { description: '发放中 paid monthly' },
    ENDED: { description: '已停发 ended (see `endDate` and `endReason`)' },
  },
});

/** 停发原因 Why a subsidy ended. */
export enum DisabilitySubsidyEndReason {
  DECEASED = 'DECEASED',
  MOVED_AWAY = 'MOVED_AWAY',
  NO_LONGER_IN_DIFFICULTY = 'NO_LONGER_IN_DIFFICULTY',
  GRADE_REASSESSED = 'GRADE_REASSESSED',
  CERTIFICATE_REVOKED = 'CERTIFICATE_REVOKED',
  OTHER = 'OTHER',
}
registerEnumType(DisabilitySubsidyEndReason, {
  name: 'DisabilitySubsidyEndReason',
  description: '停发原因 Why a disability subsidy ended.',
  valuesConfig: {
    DECEASED: { description: '死亡 the recipient died' },
    MOVED_AWAY: { description: '迁出 the recipient moved away from Jiaozhou' },
    NO_LONGER_IN_DIFFICULTY: { description: '脱困 the household left dibao/marginal status (living subsidy)' },
    GRADE_REASSESSED: { description: '等级调整 a re-assessment changed the grade (e.g. no longer grade 1-2 for the nursing subsidy)' },
    CERTIFICATE_REVOKED: { description: '证件注销 the disability certificate was revoked (ended automatically)' },
    OTHER: { description: '其他 another reason, kept in the paper file' },
  },
});
