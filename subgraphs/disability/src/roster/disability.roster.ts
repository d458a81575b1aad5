import type { EntityManager } from 'typeorm';
import { badInput, conflict, type SubgraphContext } from '@aidgraph/subgraph-kit';
import {
  cellText, choiceParser, dateParser, idNumberParser, nameParser, parseFail, parseOk, townshipParser, type CellParser,
  type RosterAdapter, type RosterField,
} from '@aidgraph/roster';
import { DEPARTMENT, DisabilityCertificate } from '../modules/disability-certificate/disability-certificate.entity';
import { DisabilityCategory, DisabilityCertificateStatus, type DisabilityGrade } from '../modules/disability-certificate/disability-certificate.enums';
import { CERTIFICATE_NUMBER_PROBLEM_MESSAGES, parseCertificateNumber } from '../modules/disability-certificate/certificate-number';
import { correctDisabilityCertificateIn, issueDisabilityCertificateIn } from '../modules/disability-certificate/disability-certificate.service';
import { DisabilitySubsidy } from '../modules/disability-subsidy/disability-subsidy.entity';
import {
  DisabilitySubsidyDifficulty, DisabilitySubsidyEndReason, DisabilitySubsidyKind, DisabilitySubsidyStatus,
} from '../modules/disability-subsidy/disability-subsidy.enums';
import { endDisabilitySubsidyIn, grantDisabilitySubsidyIn } from '../modules/disability-subsidy/disability-subsidy.service';

/** 残疾类别 labels (GB/T 26341-2010). */
export const CATEGORY_LABELS: Record<string, DisabilityCategory> = {
  视力残疾: DisabilityCategory.VISUAL, 视力: DisabilityCategory.VISUAL,
  听力残疾: DisabilityCategory.HEARING, 听力: DisabilityCategory.HEARING,
  言语残疾: DisabilityCategory.SPEECH, 言语: DisabilityCategory.SPEECH,
  肢体残疾: DisabilityCategory.PHYSICAL, 肢体: DisabilityCategory.PHYSICAL,
  智力残疾: DisabilityCategory.INTELLECTUAL, 智力: DisabilityCategory.INTELLECTUAL,
  精神残疾: DisabilityCategory.MENTAL, 精神: DisabilityCategory.MENTAL,
  多重残疾: DisabilityCategory.MULTIPLE, 多重: DisabilityCategory.MULTIPLE,
};

/** 残疾等级 labels. */
export const GRADE_LABELS: Record<string, DisabilityGrade> = {
  一级: 1, 二级: 2, 三级: 3, 四级: 4, '1级': 1, '2级': 2, '3级': 3, '4级': 4, 一: 1, 二: 2, 三: 3, 四: 4,
};

/** 补贴类型 labels (残疾人两项补贴). */
export const SUBSIDY_KIND_LABELS: Record<string, DisabilitySubsidyKind> = {
  生活补贴: DisabilitySubsidyKind.LIVING, 困难残疾人生活补贴: DisabilitySubsidyKind.LIVING,
  护理补贴: DisabilitySubsidyKind.NURSING, 重度残疾人护理补贴: DisabilitySubsidyKind.NURSING,
};

/** 困难情形 labels. */
export const DIFFICULTY_LABELS: Record<string, DisabilitySubsidyDifficulty> = {
  低保: DisabilitySubsidyDifficulty.DIBAO, 低保家庭: DisabilitySubsidyDifficulty.DIBAO,
  特困: DisabilitySubsidyDifficulty.TEKUN, 特困人员: DisabilitySubsidyDifficulty.TEKUN,
  低保边缘: DisabilitySubsidyDifficulty.MARGINAL, 低保边缘家庭: DisabilitySubsidyDifficulty.MARGINAL,
  其他困难: DisabilitySubsidyDifficulty.OTHER_DIFFICULTY,
};

/** 停发原因 labels. */
export const END_REASON_LABELS: Record<string, DisabilitySubsidyEndReason> = {
  死亡: DisabilitySubsidyEndReason.DECEASED,
  迁出: DisabilitySubsidyEndReason.MOVED_AWAY,
  脱困: DisabilitySubsidyEndReason.NO_LONGER_IN_DIFFICULTY, 不再困难: DisabilitySubsidyEndReason.NO_LONGER_IN_DIFFICULTY,
  等级调整: DisabilitySubsidyEndReason.GRADE_REASSESSED,
  证件注销: DisabilitySubsidyEndReason.CERTIFICATE_REVOKED,
  其他: DisabilitySubsidyEndReason.OTHER,
};

/** 残疾人证号 as typed: its canonical form (a number cell has lost its last digits). */
export const certificateNumberParser: CellParser<string> = (cell) => {
  if (typeof cell === 'number') return parseFail('BAD_VALUE', 'the spreadsheet stored the certificate number as a number and lost its last digits: format the column as text', 'STORED_AS_NUMBER');
  const parsed = parseCertificateNumber(cellText(cell));
  return parsed.ok ? parseOk(parsed.value.canonical) : parseFail('BAD_VALUE', CERTIFICATE_NUMBER_PROBLEM_MESSAGES[parsed.problem], parsed.problem);
};

const NAME: RosterField = { key: 'name', header: '姓名', aliases: ['残疾人姓名', '持证人姓名'], parse: nameParser, description: 'the holder\'s name, as in the registry' };
const ID_NUMBER: RosterField = { key: 'idNumber', header: '身份证号', aliases: ['身份证号码', '公民身份号码', '证件号码'], parse: idNumberParser(), description: 'the holder\'s resident ID number' };
const TOWNSHIP: RosterField = { key: 'townshipCode', header: '乡镇/街道', aliases: ['乡镇', '街道', '镇街', '乡镇街道', '所属镇街', '乡镇（街道）'], parse: townshipParser, description: 'township whose federation office handles the holder: code or name' };

/** One row of the certificate roster, as the federation's issue input. */
export interface CertificateRosterRecord {
  personId: string;
  number: string;
  category: DisabilityCategory;
  grade: DisabilityGrade;
  issuedOn: string;
  expiresOn: string;
  townshipCode: string;
  holderIdNumber: string;
}

const CERTIFICATE_UPDATABLE = ['issuedOn', 'expiresOn', 'townshipCode'] as const;

/**
 * 持证残疾人花名册 The certificate roster: one row per certificate. Natural key: the certificate number (unique). A new
 * number is issued (issueDisabilityCertificate, checked against the holder's ID number); when the holder has another
 * VALID certificate, the new one replaces it (换发/补发). A recorded certificate gets its dates and township corrected
 * (correctDisabilityCertificate); category and grade are digits of the number, so a change of them is a new number.
 */
export const certificateRoster: RosterAdapter<CertificateRosterRecord> = {
  subgraph: 'disability',
  department: DEPARTMENT,
  kind: 'certificates',
  title: '持证残疾人花名册 disability certificate roster',
  fields: [
    NAME, ID_NUMBER,
    { key: 'number', header: '残疾人证号', aliases: ['残疾证号', '证号', '残疾人证号码'], parse: certificateNumberParser, description: 'the certificate number: ID number + category digit + grade digit (+ B1-B9)' },
    { key: 'category', header: '残疾类别', aliases: ['类别', '残疾类型'], parse: choiceParser(CATEGORY_LABELS), description: '视力, 听力, 言语, 肢体, 智力, 精神 or 多重 (残疾)' },
    { key: 'grade', header: '残疾等级', aliases: ['等级'], parse: choiceParser(GRADE_LABELS), description: '一级 to 四级 (or 1-4)' },
    { key: 'issuedOn', header: '发证日期', aliases: ['发证时间', '办证日期'], parse: dateParser, description: 'date of issue' },
    { key: 'expiresOn', header: '有效期至', aliases: ['有效期', '到期日期', '有效截止日期'], parse: dateParser, description: 'last day of validity' },
    TOWNSHIP,
  ],
  idNumberField: 'idNumber',
  nameField: 'name',
  naturalKey: '残疾人证号 the certificate number',
  toRecord: (v, row) => ({
    personId: row.person.id, number: v.number, category: v.category, grade: v.grade, issuedOn: v.issuedOn, expiresOn: v.expiresOn,
    townshipCode: v.townshipCode, holderIdNumber: row.idNumber,
  }),
  keyOf: (r) => r.number,
  fieldFor: (f) => (f === 'personId' || f === 'holderIdNumber' ? 'idNumber' : ['id', 'replacesCertificateId'].includes(f) ? undefined : f),
  async apply(ctx: SubgraphContext, tx: EntityManager, r) {
    const repo = tx.getRepository(DisabilityCertificate);
    const recorded = await repo.findOneBy({ number: r.number });
    if (!recorded) {
      const current = await repo.findOneBy({ personId: r.personId, status: DisabilityCertificateStatus.VALID });
      const c = await issueDisabilityCertificateIn(ctx, tx, { ...r, replacesCertificateId: current?.id ?? null });
      return { outcome: 'added', id: c.id };
    }
    if (recorded.personId !== r.personId) throw conflict('this certificate number is recorded for another person', 'NUMBER_OF_ANOTHER_PERSON');
    const changed = CERTIFICATE_UPDATABLE.filter((k) => recorded[k] !== r[k]);
    if (!changed.length) return { outcome: 'unchanged', id: recorded.id };
    await correctDisabilityCertificateIn(ctx, tx, { id: recorded.id, holderIdNumber: r.holderIdNumber, ...Object.fromEntries(changed.map((k) => [k, r[k]])) });
    return { outcome: 'updated', id: recorded.id, changed: [...changed] };
  },
};

/** One row of the subsidy roster. */
export interface SubsidyRosterRecord {
  personId: string;
  kind: DisabilitySubsidyKind;
  difficulty: DisabilitySubsidyDifficulty | null;
  startDate: string;
  endDate?: string;
  endReason?: DisabilitySubsidyEndReason;
  townshipCode: string;
}

/**
 * 残疾人两项补贴花名册 The subsidy roster (living and nursing subsidies): one row per grant. Natural key: the person, the
 * kind of subsidy and the start date. A new grant is made with grantDisabilitySubsidy (the monthly amount comes from
 * the rate table, so the roster has none) and ended when the roster gives an end date; a recorded grant is ended when
 * the roster now gives one (endDisabilitySubsidy). A different difficulty or township of a recorded grant is a CONFLICT.
 */
export const subsidyRoster: RosterAdapter<SubsidyRosterRecord> = {
  subgraph: 'disability',
  department: DEPARTMENT,
  kind: 'subsidies',
  title: '残疾人两项补贴花名册 disability subsidy roster',
  fields: [
    NAME, ID_NUMBER,
    { key: 'kind', header: '补贴类型', aliases: ['补贴类别', '补贴项目'], parse: choiceParser(SUBSIDY_KIND_LABELS), description: '生活补贴 (困难残疾人生活补贴) or 护理补贴 (重度残疾人护理补贴)' },
    { key: 'difficulty', header: '困难情形', aliases: ['困难类型', '困难类别'], required: false, parse: choiceParser(DIFFICULTY_LABELS), description: 'for a living subsidy: 低保, 特困, 低保边缘 or 其他困难' },
    { key: 'startDate', header: '开始日期', aliases: ['享受日期', '起始日期', '发放起始日期'], parse: dateParser, description: 'first day of the subsidy' },
    { key: 'endDate', header: '结束日期', aliases: ['停发日期', '终止日期'], required: false, parse: dateParser, description: 'optional: last day, for a grant that has ended' },
    { key: 'endReason', header: '停发原因', aliases: ['终止原因'], required: false, parse: choiceParser(END_REASON_LABELS), description: 'with an end date: 死亡, 迁出, 脱困, 等级调整, 证件注销 or 其他' },
    TOWNSHIP,
  ],
  idNumberField: 'idNumber',
  nameField: 'name',
  naturalKey: 'person + 补贴类型 kind of subsidy + 开始日期 start date',
  toRecord(v, row) {
    if (v.endDate && !v.endReason) throw badInput('停发原因 must be given with an end date', 'endReason', 'REQUIRED');
    if (v.endReason && !v.endDate) throw badInput('a reason to end needs the end date (结束日期)', 'endDate', 'REQUIRED');
    return {
      personId: row.person.id, kind: v.kind, difficulty: v.difficulty ?? null, startDate: v.startDate, endDate: v.endDate, endReason: v.endReason,
      townshipCode: v.townshipCode,
    };
  },
  keyOf: (r) => `${r.personId}|${r.kind}|${r.startDate}`,
  fieldFor: (f) => (f === 'personId' ? 'idNumber' : f === 'id' ? undefined : f === 'reason' ? 'endReason' : f),
  async apply(ctx: SubgraphContext, tx: EntityManager, r) {
    const recorded = await tx.getRepository(DisabilitySubsidy).findOneBy({ personId: r.personId, kind: r.kind, startDate: r.startDate });
    if (!recorded) {
      // an ended grant is recorded at the rate it was last paid (its end date's), a running one at today's
      const s = await grantDisabilitySubsidyIn(ctx, tx, { personId: r.personId, kind: r.kind, difficulty: r.difficulty, startDate: r.startDate, townshipCode: r.townshipCode }, r.endDate ?? undefined);
      if (r.endDate) await endDisabilitySubsidyIn(ctx, tx, { id: s.id, endDate: r.endDate, reason: r.endReason! });
      return { outcome: 'added', id: s.id };
    }
    if (recorded.difficulty !== r.difficulty || recorded.townshipCode !== r.townshipCode)
      throw conflict('the grant is recorded with another difficulty or township: correct it in the back office', 'RECORDED_DIFFERENTLY');
    if (recorded.status === DisabilitySubsidyStatus.ACTIVE) {
      if (!r.endDate) return { outcome: 'unchanged', id: recorded.id };
      await endDisabilitySubsidyIn(ctx, tx, { id: recorded.id, endDate: r.endDate, reason: r.endReason! });
      return { outcome: 'updated', id: recorded.id, changed: ['endDate', 'endReason'] };
    }
    if (recorded.endDate !== r.endDate || recorded.endReason !== r.endReason)
      throw conflict('the grant has ended on another day or for another reason (or the roster gives none)', 'ENDED_DIFFERENTLY');
    return { outcome: 'unchanged', id: recorded.id };
  },
};

/** The disability subgraph's rosters (the import command's --kind; the first is the default): certificates before subsidies. */
export const rosterAdapters: RosterAdapter[] = [certificateRoster, subsidyRoster];
