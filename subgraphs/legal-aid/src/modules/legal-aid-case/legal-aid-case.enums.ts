import { registerEnumType } from 'type-graphql';

/** The department that owns this subgraph's records (市司法局; programmes.json `departments`). */
export const DEPARTMENT = 'JUSTICE';

/** The data class of legal aid cases (classification.ts): JUSTICE, caseworkers in scope, auditors; no rows for analysts. */
export const LEGAL_AID_CLASS = 'legal.aid' as const;

/** 援助类型 The kind of legal aid (法律援助法 第二十二条). */
export enum LegalAidType {
  CRIMINAL_DEFENCE = 'CRIMINAL_DEFENCE',
  CRIMINAL_VICTIM = 'CRIMINAL_VICTIM',
  CIVIL_REPRESENTATION = 'CIVIL_REPRESENTATION',
  ADMINISTRATIVE_REPRESENTATION = 'ADMINISTRATIVE_REPRESENTATION',
  LABOUR_ARBITRATION = 'LABOUR_ARBITRATION',
  STATE_COMPENSATION = 'STATE_COMPENSATION',
  LEGAL_DOCUMENT = 'LEGAL_DOCUMENT',
}
registerEnumType(LegalAidType, {
  name: 'LegalAidType',
  description: '援助类型 The kind of legal aid (法律援助法 第二十二条).',
  valuesConfig: {
    CRIMINAL_DEFENCE: { description: '刑事辩护 defence of a suspect or defendant (incl. 通知辩护, 第二十五条)' },
    CRIMINAL_VICTIM: { description: '刑事被害人代理 representing the victim of a crime (or a private prosecutor, an incidental civil claimant)' },
    CIVIL_REPRESENTATION: { description: '民事代理 representation in a civil case' },
    ADMINISTRATIVE_REPRESENTATION: { description: '行政代理 representation in an administrative case' },
    LABOUR_ARBITRATION: { description: '劳动仲裁代理 representation before a labour arbitration commission' },
    STATE_COMPENSATION: { description: '国家赔偿代理 representation in a state compensation claim' },
    LEGAL_DOCUMENT: { description: '代写法律文书 drafting a legal document (a complaint, an application)' },
  },
});

/** The aid types of criminal proceedings (they need the matter CRIMINAL, and a provider that may defend). */
export const CRIMINAL_AID_TYPES: readonly LegalAidType[] = [LegalAidType.CRIMINAL_DEFENCE, LegalAidType.CRIMINAL_VICTIM];

/** 案件类别 What the case is about (法律援助法 第三十一条 and the criminal cases). */
export enum LegalAidMatter {
  CRIMINAL = 'CRIMINAL',
  WAGE_ARREARS = 'WAGE_ARREARS',
  WORK_INJURY = 'WORK_INJURY',
  MAINTENANCE = 'MAINTENANCE',
  DOMESTIC_VIOLENCE = 'DOMESTIC_VIOLENCE',
  MARRIAGE_FAMILY = 'MARRIAGE_FAMILY',
  TRAFFIC_ACCIDENT = 'TRAFFIC_ACCIDENT',
  MEDICAL_DISPUTE = 'MEDICAL_DISPUTE',
  SOCIAL_INSURANCE_OR_ASSISTANCE = 'SOCIAL_INSURANCE_OR_ASSISTANCE',
  STATE_COMPENSATION = 'STATE_COMPENSATION',
  OTHER = 'OTHER',
}
registerEnumType(LegalAidMatter, {
  name: 'LegalAidMatter',
  description: '案件类别 What a legal aid case is about (法律援助法 第三十一条, and criminal cases).',
  valuesConfig: {
    CRIMINAL: { description: '刑事案件 a criminal case' },
    WAGE_ARREARS: { description: '追索劳动报酬 unpaid wages, or confirming a labour relation' },
    WORK_INJURY: { description: '工伤 compensation for a work injury' },
    MAINTENANCE: { description: '赡养费、抚养费、扶养费 maintenance owed by children, parents or a spouse' },
    DOMESTIC_VIOLENCE: { description: '家庭暴力 domestic violence, abuse or abandonment (人身安全保护令, divorce on that ground)' },
    MARRIAGE_FAMILY: { description: '婚姻家庭 another marriage or family dispute (divorce, inheritance)' },
    TRAFFIC_ACCIDENT: { description: '交通事故 personal injury in a traffic accident' },
    MEDICAL_DISPUTE: { description: '医疗纠纷 personal injury in a medical accident' },
    SOCIAL_INSURANCE_OR_ASSISTANCE: { description: '社会保险待遇或者社会救助 social insurance benefits, social assistance, a survivor\'s pension (抚恤金)' },
    STATE_COMPENSATION: { description: '国家赔偿 state compensation' },
    OTHER: { description: '其他 another matter the rules cover' },
  },
});

/** 援助理由 Why the applicant is eligible: economic hardship, or a ground that needs no economic test. */
export enum LegalAidEligibility {
  ECONOMIC_HARDSHIP = 'ECONOMIC_HARDSHIP',
  ASSISTANCE_RECIPIENT = 'ASSISTANCE_RECIPIENT',
  SPECIAL_GROUP = 'SPECIAL_GROUP',
  MIGRANT_WORKER = 'MIGRANT_WORKER',
  DOMESTIC_VIOLENCE_VICTIM = 'DOMESTIC_VIOLENCE_VICTIM',
  HEROIC_ACT = 'HEROIC_ACT',
  MARTYR_RELATIVE = 'MARTYR_RELATIVE',
  WRONGFUL_CONVICTION = 'WRONGFUL_CONVICTION',
  APPOINTED_DEFENCE = 'APPOINTED_DEFENCE',
}
registerEnumType(LegalAidEligibility, {
  name: 'LegalAidEligibility',
  description:
    '援助理由 Why the applicant gets legal aid: economic hardship verified (经济困难, 第三十四条), hardship deemed without a check ' +
    '(免予核查, 第四十二条: assistance recipients, special groups, migrant workers), or a ground with no economic test at all ' +
    '(不受经济困难条件限制, 第三十二条; 通知辩护, 第二十五条).',
  valuesConfig: {
    ECONOMIC_HARDSHIP: { description: '经济困难 economic hardship, checked against the standard (山东省法律援助条例)' },
    ASSISTANCE_RECIPIENT: { description: '社会救助对象 a dibao, tekun or marginal recipient: hardship deemed, no check (第四十二条)' },
    SPECIAL_GROUP: { description: '特定群体 a minor, an elderly or disabled person without a fixed income: no check (第四十二条)' },
    MIGRANT_WORKER: { description: '进城务工人员 a migrant worker claiming wages or work-injury compensation: no check (第四十二条)' },
    DOMESTIC_VIOLENCE_VICTIM: { description: '家庭暴力受害人 a victim of abuse, abandonment or domestic violence: no economic test (第三十二条)' },
    HEROIC_ACT: { description: '见义勇为 claims arising from a heroic act: no economic test (第三十二条)' },
    MARTYR_RELATIVE: { description: '英雄烈士近亲属 a close relative protecting a hero\'s or martyr\'s personality rights: no economic test (第三十二条)' },
    WRONGFUL_CONVICTION: { description: '再审改判无罪 state compensation after an acquittal on retrial: no economic test (第三十二条)' },
    APPOINTED_DEFENCE: { description: '通知辩护 defence appointed at the request of a court, procuratorate or police: no application test (第二十五条)' },
  },
});

/** The grounds on which no economic test is made (everything but ECONOMIC_HARDSHIP). */
export const NO_ECONOMIC_TEST: readonly LegalAidEligibility[] = Object.values(LegalAidEligibility).filter((e) => e !== LegalAidEligibility.ECONOMIC_HARDSHIP);

/** 案件状态 Where a case is: APPLIED → ACCEPTED | REFUSED; ACCEPTED → ASSIGNED; ASSIGNED → CLOSED; open ones → WITHDRAWN. */
export enum LegalAidCaseStatus {
  APPLIED = 'APPLIED',
  ACCEPTED = 'ACCEPTED',
  REFUSED = 'REFUSED',
  ASSIGNED = 'ASSIGNED',
  CLOSED = 'CLOSED',
  WITHDRAWN = 'WITHDRAWN',
}
registerEnumType(LegalAidCaseStatus, {
  name: 'LegalAidCaseStatus',
  description: '案件状态 Status of a legal aid case: APPLIED → ACCEPTED or REFUSED; ACCEPTED → ASSIGNED → CLOSED; an open case may end WITHDRAWN.',
  valuesConfig: {
    APPLIED: { description: '已申请 applied, not yet decided' },
    ACCEPTED: { description: '已受理 aid granted (决定给予法律援助), no provider assigned yet' },
    REFUSED: { description: '不予援助 aid refused, with a reason (final)' },
    ASSIGNED: { description: '已指派 a provider assigned (律师事务所, 基层法律服务所 or 法律援助中心)' },
    CLOSED: { description: '已结案 closed with an outcome (final)' },
    WITHDRAWN: { description: '终止 ended before its outcome: withdrawn by the applicant or terminated (第四十八条) (final)' },
  },
});

/** Statuses of a case still going on (another application for the same matter and aid type is a duplicate). */
export const OPEN_STATUSES: readonly LegalAidCaseStatus[] = [LegalAidCaseStatus.APPLIED, LegalAidCaseStatus.ACCEPTED, LegalAidCaseStatus.ASSIGNED];

/** 不予援助理由 Why aid was refused. */
export enum LegalAidRefusalReason {
  NOT_ECONOMIC_HARDSHIP = 'NOT_ECONOMIC_HARDSHIP',
  MATTER_NOT_COVERED = 'MATTER_NOT_COVERED',
  NO_LEGAL_GROUNDS = 'NO_LEGAL_GROUNDS',
  MATERIALS_INCOMPLETE = 'MATERIALS_INCOMPLETE',
}
registerEnumType(LegalAidRefusalReason, {
  name: 'LegalAidRefusalReason',
  description: '不予援助理由 Why legal aid was refused (the applicant is told in writing, 第四十三条).',
  valuesConfig: {
    NOT_ECONOMIC_HARDSHIP: { description: '不符合经济困难标准 income above the economic hardship standard' },
    MATTER_NOT_COVERED: { description: '不属于法律援助事项范围 the matter is not one legal aid covers' },
    NO_LEGAL_GROUNDS: { description: '缺乏事实和法律依据 no factual or legal grounds for the claim' },
    MATERIALS_INCOMPLETE: { description: '材料不齐全且未补正 required materials missing and not supplied' },
  },
});

/** 终止理由 Why an open case ended without an outcome (法律援助法 第四十八条). */
export enum LegalAidWithdrawalReason {
  APPLICANT_WITHDREW = 'APPLICANT_WITHDREW',
  NO_LONGER_ELIGIBLE = 'NO_LONGER_ELIGIBLE',
  OWN_LAWYER_RETAINED = 'OWN_LAWYER_RETAINED',
  PROCEEDINGS_ENDED = 'PROCEEDINGS_ENDED',
  FACTS_CONCEALED = 'FACTS_CONCEALED',
}
registerEnumType(LegalAidWithdrawalReason, {
  name: 'LegalAidWithdrawalReason',
  description: '终止理由 Why an open case ended without an outcome (法律援助法 第四十八条).',
  valuesConfig: {
    APPLICANT_WITHDREW: { description: '受援人要求终止 the applicant withdrew or asked to end the aid' },
    NO_LONGER_ELIGIBLE: { description: '不再符合法律援助条件 no longer eligible' },
    OWN_LAWYER_RETAINED: { description: '受援人自行委托律师或者其他代理人 the applicant retained their own lawyer' },
    PROCEEDINGS_ENDED: { description: '案件终止审理或者已被撤销 the proceedings ended or were dismissed' },
    FACTS_CONCEALED: { description: '受援人故意隐瞒与案件有关的重要事实或者提供虚假证据 facts concealed or false evidence' },
  },
});

/** 结案结果 How a closed case ended. */
export enum LegalAidOutcome {
  WON = 'WON',
  PARTLY_WON = 'PARTLY_WON',
  LOST = 'LOST',
  MEDIATED = 'MEDIATED',
  SETTLED = 'SETTLED',
  CHARGES_DROPPED = 'CHARGES_DROPPED',
  SENTENCE_MITIGATED = 'SENTENCE_MITIGATED',
  DEFENCE_NOT_ADOPTED = 'DEFENCE_NOT_ADOPTED',
  DOCUMENT_DELIVERED = 'DOCUMENT_DELIVERED',
}
registerEnumType(LegalAidOutcome, {
  name: 'LegalAidOutcome',
  description: '结案结果 How a closed legal aid case ended.',
  valuesConfig: {
    WON: { description: '胜诉 the claim was upheld in full' },
    PARTLY_WON: { description: '部分胜诉 the claim was upheld in part' },
    LOST: { description: '败诉 the claim was dismissed' },
    MEDIATED: { description: '调解结案 closed by mediation' },
    SETTLED: { description: '和解 settled, or the claim withdrawn after payment' },
    CHARGES_DROPPED: { description: '不起诉或者无罪 not prosecuted, or acquitted' },
    SENTENCE_MITIGATED: { description: '从轻、减轻或者免除处罚 a lighter sentence on the defence\'s arguments' },
    DEFENCE_NOT_ADOPTED: { description: '辩护意见未被采纳 the defence\'s arguments were not adopted' },
    DOCUMENT_DELIVERED: { description: '文书已出具 the legal document was delivered' },
  },
});

/** The outcomes a case of each aid type may end with (closeLegalAidCase: BAD_USER_INPUT OUTCOME_MISMATCH otherwise). */
export const OUTCOMES_OF: Record<LegalAidType, readonly LegalAidOutcome[]> = (() => {
  const claim = [LegalAidOutcome.WON, LegalAidOutcome.PARTLY_WON, LegalAidOutcome.LOST, LegalAidOutcome.MEDIATED, LegalAidOutcome.SETTLED];
  return {
    CRIMINAL_DEFENCE: [LegalAidOutcome.CHARGES_DROPPED, LegalAidOutcome.SENTENCE_MITIGATED, LegalAidOutcome.DEFENCE_NOT_ADOPTED],
    CRIMINAL_VICTIM: claim,
    CIVIL_REPRESENTATION: claim,
    ADMINISTRATIVE_REPRESENTATION: claim,
    LABOUR_ARBITRATION: claim,
    STATE_COMPENSATION: claim,
    LEGAL_DOCUMENT: [LegalAidOutcome.DOCUMENT_DELIVERED],
  };
})();

/** 服务机构类型 The kind of a legal aid service provider. */
export enum LegalServiceProviderKind {
  LAW_FIRM = 'LAW_FIRM',
  GRASSROOTS_LEGAL_SERVICE = 'GRASSROOTS_LEGAL_SERVICE',
  LEGAL_AID_CENTRE = 'LEGAL_AID_CENTRE',
}
registerEnumType(LegalServiceProviderKind, {
  name: 'LegalServiceProviderKind',
  description: '服务机构类型 The kind of a legal aid service provider.',
  valuesConfig: {
    LAW_FIRM: { description: '律师事务所 a law firm (its lawyers take assigned cases)' },
    GRASSROOTS_LEGAL_SERVICE: { description: '基层法律服务所 a grassroots legal service office (no criminal defence)' },
    LEGAL_AID_CENTRE: { description: '法律援助中心 the city\'s legal aid centre (its own staff lawyers)' },
  },
});
