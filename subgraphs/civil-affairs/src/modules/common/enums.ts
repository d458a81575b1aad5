import { registerEnumType } from 'type-graphql';

/** 性别 Gender, as the ID number's sequence digit gives it (odd = male, even = female). */
export enum Gender {
  MALE = 'MALE',
  FEMALE = 'FEMALE',
}
registerEnumType(Gender, {
  name: 'Gender',
  description: '性别 Gender, as recorded with the resident ID number (GB 11643: odd sequence = male, even = female).',
  valuesConfig: { MALE: { description: '男 male' }, FEMALE: { description: '女 female' } },
});

/** 人员状态 Registry status of a person. */
export enum PersonStatus {
  ACTIVE = 'ACTIVE',
  DECEASED = 'DECEASED',
  MOVED_AWAY = 'MOVED_AWAY',
}
registerEnumType(PersonStatus, {
  name: 'PersonStatus',
  description: '人员状态 A person\'s status in the civil-affairs registry.',
  valuesConfig: {
    ACTIVE: { description: '在册 registered and living in Jiaozhou' },
    DECEASED: { description: '死亡 deceased (assistance ends on the date of death)' },
    MOVED_AWAY: { description: '迁出 moved away from Jiaozhou (assistance ends on the date of moving)' },
  },
});

/** 与户主关系 Relation to the household head. */
export enum HouseholdRelation {
  HEAD = 'HEAD',
  SPOUSE = 'SPOUSE',
  CHILD = 'CHILD',
  PARENT = 'PARENT',
  OTHER = 'OTHER',
}
registerEnumType(HouseholdRelation, {
  name: 'HouseholdRelation',
  description: '与户主关系 Relation of a member to the household head.',
  valuesConfig: {
    HEAD: { description: '户主 the household head' },
    SPOUSE: { description: '配偶 spouse of the head' },
    CHILD: { description: '子女 child of the head' },
    PARENT: { description: '父母 parent of the head' },
    OTHER: { description: '其他 another co-resident member with a legal duty of support' },
  },
});

/** The programmes that civil affairs runs itself (programmes.json). */
export enum CivilAffairsProgramme {
  DIBAO = 'DIBAO',
  TEKUN = 'TEKUN',
  MARGINAL = 'MARGINAL',
  TEMPORARY = 'TEMPORARY',
}
registerEnumType(CivilAffairsProgramme, {
  name: 'CivilAffairsProgramme',
  description: '民政救助项目 The assistance programmes run by civil affairs (民政局).',
  valuesConfig: {
    DIBAO: { description: '最低生活保障 minimum living allowance: monthly, standard minus per-capita household income (社会救助暂行办法 art. 9-13)' },
    TEKUN: { description: '特困人员救助供养 support for the extremely poor: no capacity to work, no source of living, no legal supporter (art. 14-17)' },
    MARGINAL: { description: '低保边缘家庭 marginal household: not eligible for dibao, per-capita income under 1.5 x the standard; a status other programmes use, not a payment' },
    TEMPORARY: { description: '临时救助 temporary assistance: a one-off payment for sudden difficulty (art. 47-50)' },
  },
});

/** 救助状态 Status of an enrolment. */
export enum EnrolmentStatus {
  ACTIVE = 'ACTIVE',
  SUSPENDED = 'SUSPENDED',
  PHASING_OUT = 'PHASING_OUT',
  ENDED = 'ENDED',
}
registerEnumType(EnrolmentStatus, {
  name: 'EnrolmentStatus',
  description: '救助状态 Status of a person\'s enrolment in a programme.',
  valuesConfig: {
    ACTIVE: { description: '在保 receiving assistance' },
    SUSPENDED: { description: '暂停 payments suspended pending review' },
    PHASING_OUT: { description: '渐退 in a phase-out period after a review found the income at or above the standard (最低生活保障审核确认办法 民发〔2021〕57号, 渐退期): still paid until its end date, then ENDED' },
    ENDED: { description: '停保/已结束 ended (income rose, death, moving away, or a one-off payment made)' },
  },
});

/** 发放周期 How an enrolment's amount is paid. */
export enum AmountPeriod {
  MONTHLY = 'MONTHLY',
  ONE_OFF = 'ONE_OFF',
  NONE = 'NONE',
}
registerEnumType(AmountPeriod, {
  name: 'AmountPeriod',
  description: '发放周期 How an enrolment\'s amount is paid.',
  valuesConfig: {
    MONTHLY: { description: '按月 every month, from the month after confirmation' },
    ONE_OFF: { description: '一次性 once' },
    NONE: { description: '无 no payment (a status such as 低保边缘)' },
  },
});

/** 救助对象 CoveredGroup is the kit's (shared with the charity federation's projects). */
export { CoveredGroup } from '@aidgraph/subgraph-kit';

/** 救助类别 AssistanceCategory is the kit's (shared with the departments that @require it). */
export { AssistanceCategory } from '@aidgraph/subgraph-kit';

/** 年龄段 The age bands analysts see instead of ages (the kit's AGE_BANDS). */
export enum AgeBand {
  AGE_0_17 = 'AGE_0_17',
  AGE_18_39 = 'AGE_18_39',
  AGE_40_59 = 'AGE_40_59',
  AGE_60_PLUS = 'AGE_60_PLUS',
}
registerEnumType(AgeBand, {
  name: 'AgeBand',
  description: '年龄段 Age band of a person, in whole years: wide enough that analysts\' rows keep k people per combination.',
  valuesConfig: {
    AGE_0_17: { description: '0-17岁 未成年 minors' },
    AGE_18_39: { description: '18-39岁' },
    AGE_40_59: { description: '40-59岁' },
    AGE_60_PLUS: { description: '60岁及以上 老年 the elderly' },
  },
});

/** 人员状态变更 A status change recordPersonStatus records (ACTIVE is where every person starts; it is not recorded). */
export enum PersonStatusChange {
  DECEASED = 'DECEASED',
  MOVED_AWAY = 'MOVED_AWAY',
}
registerEnumType(PersonStatusChange, {
  name: 'PersonStatusChange',
  description: '人员状态变更 The status change recorded for a person: death or moving away (the person stays in the registry).',
  valuesConfig: {
    DECEASED: { description: '死亡 deceased, on the date of death' },
    MOVED_AWAY: { description: '迁出 moved away from Jiaozhou, on the date of moving' },
  },
});

/** 信息来源 Where the registry learned of a status change. */
export enum PersonStatusSource {
  HOSPITAL = 'HOSPITAL',
  POLICE = 'POLICE',
  FUNERAL_SERVICE = 'FUNERAL_SERVICE',
  FAMILY = 'FAMILY',
  VILLAGE_COMMITTEE = 'VILLAGE_COMMITTEE',
  OTHER = 'OTHER',
}
registerEnumType(PersonStatusSource, {
  name: 'PersonStatusSource',
  description: '信息来源 The source of the information about a death or a move, as recorded with the status change.',
  valuesConfig: {
    HOSPITAL: { description: '医疗机构 a hospital (死亡医学证明)' },
    POLICE: { description: '公安机关 the police household registration (户籍注销 or 迁移证明)' },
    FUNERAL_SERVICE: { description: '殡葬服务机构 a funeral service (火化证明)' },
    FAMILY: { description: '家属告知 the family' },
    VILLAGE_COMMITTEE: { description: '村(居)民委员会 the village or residents\' committee' },
    OTHER: { description: '其他 another source (say which in the reason)' },
  },
});

/** 变更类型 What a registry change (a history entry) did. */
export enum RegistryAction {
  HOUSEHOLD_REGISTERED = 'HOUSEHOLD_REGISTERED',
  PERSON_REGISTERED = 'PERSON_REGISTERED',
  MEMBER_ADDED = 'MEMBER_ADDED',
  MEMBER_REMOVED = 'MEMBER_REMOVED',
  PERSON_CORRECTED = 'PERSON_CORRECTED',
  STATUS_RECORDED = 'STATUS_RECORDED',
}
registerEnumType(RegistryAction, {
  name: 'RegistryAction',
  description: '变更类型 What a change of the civil-affairs registry did (one history entry per person or household changed).',
  valuesConfig: {
    HOUSEHOLD_REGISTERED: { description: '家庭登记 a household registered at the window (the household\'s own entry)' },
    PERSON_REGISTERED: { description: '人员登记 a person registered with a new household (one entry per member)' },
    MEMBER_ADDED: { description: '增加家庭成员 a new person added to an existing household' },
    MEMBER_REMOVED: { description: '减少家庭成员 a member removed from a household (the person stays in the registry, in no household)' },
    PERSON_CORRECTED: { description: '信息更正 a correction of a person\'s data (name, ID number, phone, relation to the head)' },
    STATUS_RECORDED: { description: '状态变更 a death or a move recorded, with its date and source' },
  },
});
