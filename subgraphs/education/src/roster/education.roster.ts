import type { EntityManager } from 'typeorm';
import { conflict, type SubgraphContext } from '@aidgraph/subgraph-kit';
import {
  choiceParser, codeText, dateParser, parseFail, idNumberParser, nameParser, parseOk, textParser, townshipParser,
  yuanParser, type CellParser, type RosterAdapter, type RosterField,
} from '@aidgraph/roster';
import { EducationAid } from '../modules/education-aid/education-aid.entity';
import { EducationAidStatus, EducationAidType, SchoolStage } from '../modules/education-aid/education-aid.enums';
import type { RecordEducationAidInput } from '../modules/education-aid/education-aid.input';
import { correctEducationAidIn, recordEducationAidIn } from '../modules/education-aid/education-aid.service';

/** 学段 labels as schools and the bureau write them. */
export const SCHOOL_STAGE_LABELS: Record<string, SchoolStage> = {
  学前教育: SchoolStage.PRESCHOOL, 学前: SchoolStage.PRESCHOOL, 幼儿园: SchoolStage.PRESCHOOL,
  小学: SchoolStage.PRIMARY,
  初中: SchoolStage.JUNIOR_SECONDARY, 初级中学: SchoolStage.JUNIOR_SECONDARY,
  普通高中: SchoolStage.SENIOR_SECONDARY, 高中: SchoolStage.SENIOR_SECONDARY,
  中职: SchoolStage.VOCATIONAL, 中等职业教育: SchoolStage.VOCATIONAL, 职业高中: SchoolStage.VOCATIONAL, 职高: SchoolStage.VOCATIONAL,
  高等教育: SchoolStage.UNIVERSITY, 大学: SchoolStage.UNIVERSITY, 本科: SchoolStage.UNIVERSITY, 专科: SchoolStage.UNIVERSITY, 大专: SchoolStage.UNIVERSITY,
};

/** 资助类型 labels. */
export const AID_TYPE_LABELS: Record<string, EducationAidType> = {
  免学费: EducationAidType.TUITION_WAIVER, 保教费减免: EducationAidType.TUITION_WAIVER, 免保教费: EducationAidType.TUITION_WAIVER,
  生活补助: EducationAidType.LIVING_SUBSIDY, 生活费补助: EducationAidType.LIVING_SUBSIDY,
  助学金: EducationAidType.GRANT, 国家助学金: EducationAidType.GRANT,
  免住宿费: EducationAidType.BOARDING_FEE_WAIVER,
};

/** 状态 labels. */
export const AID_STATUS_LABELS: Record<string, EducationAidStatus> = {
  已审核: EducationAidStatus.APPROVED, 待发放: EducationAidStatus.APPROVED,
  已发放: EducationAidStatus.PAID,
  已撤销: EducationAidStatus.REVOKED,
};

/** 学年 "2024-2025", "2024—2025学年", "2024/2025", "2024~2025", or "2024学年" (the year it starts): "YYYY-YYYY". */
export const academicYearParser: CellParser<string> = (cell) => {
  const s = codeText(cell);
  const m = /^(\d{4})(?:[-—–~/至到](\d{4}))?(?:学年|年度)?$/.exec(s);
  if (!m) return parseFail('BAD_VALUE', 'not an academic year: write it as 2024-2025', 'BAD_ACADEMIC_YEAR');
  const y = Number(m[1]);
  const y2 = m[2] ? Number(m[2]) : y + 1;
  if (y2 !== y + 1 || y < 2000 || y > 2099) return parseFail('BAD_VALUE', 'an academic year spans two consecutive years, e.g. 2024-2025', 'BAD_ACADEMIC_YEAR');
  return parseOk(`${y}-${y2}`);
};

/** One row of the education aid roster, as the bureau's input (plus the status it has reached). */
export interface EducationAidRosterRecord extends RecordEducationAidInput {
  status?: EducationAidStatus;
}

const FIELDS: RosterField[] = [
  { key: 'name', header: '姓名', aliases: ['学生姓名', '受助学生', '受助人姓名'], parse: nameParser, description: 'the pupil\'s name, as in the registry' },
  { key: 'idNumber', header: '身份证号', aliases: ['身份证号码', '公民身份号码', '证件号码', '学生身份证号'], parse: idNumberParser(), description: 'the pupil\'s resident ID number' },
  { key: 'townshipCode', header: '乡镇/街道', aliases: ['乡镇', '街道', '镇街', '乡镇街道', '所属镇街', '乡镇（街道）'], parse: townshipParser, description: 'township that handled the application: code or name' },
  { key: 'schoolStage', header: '学段', aliases: ['就读学段'], parse: choiceParser(SCHOOL_STAGE_LABELS), description: '学前教育, 小学, 初中, 普通高中, 中职 or 高等教育' },
  { key: 'school', header: '学校', aliases: ['学校名称', '就读学校'], parse: textParser({ max: 100 }), description: 'school name' },
  { key: 'aidType', header: '资助类型', aliases: ['资助项目', '救助类型', '资助方式'], parse: choiceParser(AID_TYPE_LABELS), description: '免学费 (保教费减免), 生活补助, 助学金 or 免住宿费' },
  { key: 'academicYear', header: '学年', aliases: ['资助学年'], parse: academicYearParser, description: 'academic year, e.g. 2024-2025' },
  { key: 'amount', header: '金额', aliases: ['资助金额', '发放金额', '补助金额'], parse: yuanParser({ max: '20000' }), description: 'yuan for the year, above 0, at most 20000' },
  { key: 'approvedOn', header: '审批日期', aliases: ['批准日期', '审核日期'], parse: dateParser, description: 'date of approval' },
  { key: 'status', header: '状态', aliases: ['发放状态'], required: false, parse: choiceParser(AID_STATUS_LABELS), description: 'optional: 已审核 (default), 已发放 or 已撤销' },
];

/** The fields correctEducationAid can change; the others identify the aid or are fixed once recorded. */
const CORRECTABLE = ['school', 'amount', 'status'] as const;
const FIXED = ['schoolStage', 'approvedOn', 'townshipCode'] as const;

/**
 * 教育救助花名册 The education aid roster: one row per pupil, academic year and kind of aid. Natural key: the person, the
 * academic year and the kind of aid (the bureau's own uniqueness rule, DUPLICATE_AID). A row whose aid is recorded is
 * compared with it: school, amount and status are corrected (correctEducationAid); a different school stage, approval
 * date or township is a CONFLICT (revoke the record and record it again in the back office).
 */
export const educationAidRoster: RosterAdapter<EducationAidRosterRecord> = {
  subgraph: 'education',
  department: 'EDUCATION',
  kind: 'aids',
  title: '教育救助花名册 education aid roster',
  fields: FIELDS,
  idNumberField: 'idNumber',
  nameField: 'name',
  naturalKey: 'person + 学年 academic year + 资助类型 kind of aid',
  toRecord: (v, row) => ({
    personId: row.person.id, townshipCode: v.townshipCode, schoolStage: v.schoolStage, school: v.school, aidType: v.aidType,
    academicYear: v.academicYear, amount: v.amount, approvedOn: v.approvedOn, status: v.status,
  }),
  keyOf: (r) => `${r.personId}|${r.academicYear}|${r.aidType}`,
  fieldFor: (f) => (f === 'personId' ? 'idNumber' : f === 'id' ? undefined : f),
  async apply(ctx: SubgraphContext, tx: EntityManager, r) {
    const { status, ...input } = r;
    const existing = await tx.getRepository(EducationAid).find({ where: { personId: r.personId, academicYear: r.academicYear, aidType: r.aidType }, order: { id: 'ASC' } });
    const current = existing.find((e) => e.status !== EducationAidStatus.REVOKED) ?? (status === EducationAidStatus.REVOKED ? existing[0] : undefined);
    if (!current) {
      const rec = await recordEducationAidIn(ctx, tx, input);
      if (status && status !== rec.status) await correctEducationAidIn(ctx, tx, { id: rec.id, status });
      return { outcome: 'added', id: rec.id };
    }
    const fixed = FIXED.filter((k) => current[k] !== r[k]);
    if (fixed.length)
      throw conflict(`the aid is recorded with another ${fixed.join(', ')}: revoke it and record it again in the back office`, 'RECORDED_DIFFERENTLY');
    const next = { school: r.school.trim(), amount: r.amount, status: status ?? current.status };
    const changed = CORRECTABLE.filter((k) => next[k] !== current[k]);
    if (!changed.length) return { outcome: 'unchanged', id: current.id };
    await correctEducationAidIn(ctx, tx, { id: current.id, ...Object.fromEntries(changed.map((k) => [k, next[k]])) });
    return { outcome: 'updated', id: current.id, changed: [...changed] };
  },
};

/** The education subgraph's rosters (the import command's --kind; the first is the default). */
export const rosterAdapters: RosterAdapter[] = [educationAidRoster];
