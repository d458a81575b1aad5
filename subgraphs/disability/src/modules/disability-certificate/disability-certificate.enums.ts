import { registerEnumType } from 'type-graphql';

/**
 * 残疾类别 The seven categories of GB/T 26341-2010 (残疾人残疾分类和分级). The digit is the 19th character of a
 * second-generation certificate number (domain file disability.json).
 */
export enum DisabilityCategory {
  VISUAL = 'VISUAL',
  HEARING = 'HEARING',
  SPEECH = 'SPEECH',
  PHYSICAL = 'PHYSICAL',
  INTELLECTUAL = 'INTELLECTUAL',
  MENTAL = 'MENTAL',
  MULTIPLE = 'MULTIPLE',
}
registerEnumType(DisabilityCategory, {
  name: 'DisabilityCategory',
  description:
    '残疾类别 Category of disability (GB/T 26341-2010). Its digit (1-7) is the 19th character of a second-generation ' +
    'disability certificate number.',
  valuesConfig: {
    VISUAL: { description: '视力残疾 visual disability (digit 1)' },
    HEARING: { description: '听力残疾 hearing disability (digit 2)' },
    SPEECH: { description: '言语残疾 speech disability (digit 3)' },
    PHYSICAL: { description: '肢体残疾 physical disability (digit 4)' },
    INTELLECTUAL: { description: '智力残疾 intellectual disability (digit 5)' },
    MENTAL: { description: '精神残疾 mental (psychiatric) disability (digit 6)' },
    MULTIPLE: { description: '多重残疾 multiple disabilities (digit 7)' },
  },
});

/** Category <-> certificate digit (disability.json). */
export const CATEGORY_DIGITS: Readonly<Record<DisabilityCategory, number>> = {
  VISUAL: 1, HEARING: 2, SPEECH: 3, PHYSICAL: 4, INTELLECTUAL: 5, MENTAL: 6, MULTIPLE: 7,
};
export const CATEGORY_BY_DIGIT: ReadonlyMap<number, DisabilityCategory> = new Map(
  Object.entries(CATEGORY_DIGITS).map(([c, d]) => [d, c as DisabilityCategory]),
);

/** 残疾等级 Grade of disability, 1 (most severe) to 4; stored as the digit. Grades 1-2 are severe (重度). */
export enum DisabilityGrade {
  GRADE_1 = 1,
  GRADE_2 = 2,
  GRADE_3 = 3,
  GRADE_4 = 4,
}
registerEnumType(DisabilityGrade, {
  name: 'DisabilityGrade',
  description:
    '残疾等级 Grade of disability (GB/T 26341-2010), 一级 (most severe) to 四级. Its digit (1-4) is the 20th character ' +
    'of a second-generation certificate number. Grades 1 and 2 are severe (重度残疾).',
  valuesConfig: {
    GRADE_1: { description: '一级 grade 1 (severe, 重度)' },
    GRADE_2: { description: '二级 grade 2 (severe, 重度)' },
    GRADE_3: { description: '三级 grade 3' },
    GRADE_4: { description: '四级 grade 4' },
  },
});

/** Grades 1 and 2 are severe (重度残疾): the nursing subsidy's condition (国发〔2015〕52号). */
export function isSevereGrade(grade: number): boolean {
  return grade === 1 || grade === 2;
}

/** 证件状态 Status of a disability certificate. */
export enum DisabilityCertificateStatus {
  VALID = 'VALID',
  REPLACED = 'REPLACED',
  REVOKED = 'REVOKED',
}
registerEnumType(DisabilityCertificateStatus, {
  name: 'DisabilityCertificateStatus',
  description:
    '证件状态 Status of a disability certificate. A VALID certificate is in force until `expiresOn`; a person holds at most ' +
    'one VALID certificate.',
  valuesConfig: {
    VALID: { description: '有效 in force (see `expiresOn` for its validity period)' },
    REPLACED: { description: '已换发/补发 superseded by a later certificate (reissue after loss, renewal or re-assessment)' },
    REVOKED: { description: '已注销 revoked (see `revocationReason`)' },
  },
});

/** 注销原因 Why a certificate was revoked. */
export enum DisabilityCertificateRevocationReason {
  DECEASED = 'DECEASED',
  MOVED_AWAY = 'MOVED_AWAY',
  NO_LONGER_DISABLED = 'NO_LONGER_DISABLED',
  ISSUED_IN_ERROR = 'ISSUED_IN_ERROR',
  OTHER = 'OTHER',
}
registerEnumType(DisabilityCertificateRevocationReason, {
  name: 'DisabilityCertificateRevocationReason',
  description: '注销原因 Why a disability certificate was revoked.',
  valuesConfig: {
    DECEASED: { description: '死亡 the holder died' },
    MOVED_AWAY: { description: '迁出 the holder moved away; the certificate is now managed by another county\'s federation' },
    NO_LONGER_DISABLED: { description: '评残不符 a re-assessment found no disability within the standard' },
    ISSUED_IN_ERROR: { description: '错误发证 issued in error (wrong person or forged application)' },
    OTHER: { description: '其他 another reason, kept in the paper file' },
  },
});
