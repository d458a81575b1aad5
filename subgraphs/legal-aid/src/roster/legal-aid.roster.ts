import type { EntityManager } from 'typeorm';
import { conflict, type SubgraphContext } from '@aidgraph/subgraph-kit';
import {
  RosterRowError, choiceParser, dateParser, idNumberParser, nameParser, townshipParser, yuanParser,
  type RosterAdapter, type RosterField, type RowProblem,
} from '@aidgraph/roster';
import { LegalAidCase } from '../modules/legal-aid-case/legal-aid-case.entity';
import {
  DEPARTMENT, LegalAidCaseStatus as S, LegalAidEligibility as E, LegalAidMatter as M, LegalAidOutcome as O, LegalAidRefusalReason as R,
  LegalAidType as T, LegalAidWithdrawalReason as W,
} from '../modules/legal-aid-case/legal-aid-case.enums';
import {
  acceptLegalAidCaseIn, applyForLegalAidIn, assignLegalAidCaseIn, closeLegalAidCaseIn, refuseLegalAidCaseIn, withdrawLegalAidCaseIn,
} from '../modules/legal-aid-case/legal-aid-case.service';
import { JIAOZHOU_PROVIDERS, providerIdOf } from '../modules/legal-service-provider/providers';

/** 援助类型 labels as the bureau writes them (the first of each is the documented one). */
export const AID_TYPE_LABELS: Record<string, T> = {
  刑事辩护: T.CRIMINAL_DEFENCE, 辩护: T.CRIMINAL_DEFENCE,
  刑事被害人代理: T.CRIMINAL_VICTIM, 被害人代理: T.CRIMINAL_VICTIM,
  民事代理: T.CIVIL_REPRESENTATION, 民事诉讼代理: T.CIVIL_REPRESENTATION,
  行政代理: T.ADMINISTRATIVE_REPRESENTATION, 行政诉讼代理: T.ADMINISTRATIVE_REPRESENTATION,
  劳动仲裁代理: T.LABOUR_ARBITRATION, 劳动争议仲裁代理: T.LABOUR_ARBITRATION,
  国家赔偿代理: T.STATE_COMPENSATION,
  代写法律文书: T.LEGAL_DOCUMENT, 代书: T.LEGAL_DOCUMENT,
};

/** 案件类别 labels. */
export const MATTER_LABELS: Record<string, M> = {
  刑事案件: M.CRIMINAL, 刑事: M.CRIMINAL,
  追索劳动报酬: M.WAGE_ARREARS, 讨薪: M.WAGE_ARREARS, 欠薪: M.WAGE_ARREARS,
  工伤: M.WORK_INJURY, 工伤赔偿: M.WORK_INJURY,
  赡养抚养扶养: M.MAINTENANCE, 赡养: M.MAINTENANCE, 抚养: M.MAINTENANCE, 扶养: M.MAINTENANCE,
  家庭暴力: M.DOMESTIC_VIOLENCE, 家暴: M.DOMESTIC_VIOLENCE,
  婚姻家庭: M.MARRIAGE_FAMILY, 离婚: M.MARRIAGE_FAMILY, 继承: M.MARRIAGE_FAMILY,
  交通事故: M.TRAFFIC_ACCIDENT,
  医疗纠纷: M.MEDICAL_DISPUTE, 医疗事故: M.MEDICAL_DISPUTE,
  社会保险或社会救助: M.SOCIAL_INSURANCE_OR_ASSISTANCE, 社会保险: M.SOCIAL_INSURANCE_OR_ASSISTANCE, 社会救助: M.SOCIAL_INSURANCE_OR_ASSISTANCE, 抚恤金: M.SOCIAL_INSURANCE_OR_ASSISTANCE,
  国家赔偿: M.STATE_COMPENSATION,
  其他: M.OTHER,
};

/** 援助理由 labels. */
export const ELIGIBILITY_LABELS: Record<string, E> = {
  经济困难: E.ECONOMIC_HARDSHIP,
  社会救助对象: E.ASSISTANCE_RECIPIENT, 低保特困边缘: E.ASSISTANCE_RECIPIENT, 低保: E.ASSISTANCE_RECIPIENT, 特困: E.ASSISTANCE_RECIPIENT,
  特定群体: E.SPECIAL_GROUP,
  进城务工人员: E.MIGRANT_WORKER, 农民工: E.MIGRANT_WORKER,
  家庭暴力受害人: E.DOMESTIC_VIOLENCE_VICTIM,
  见义勇为: E.HEROIC_ACT,
  英雄烈士近亲属: E.MARTYR_RELATIVE,
  再审改判无罪: E.WRONGFUL_CONVICTION,
  通知辩护: E.APPOINTED_DEFENCE, 指定辩护: E.APPOINTED_DEFENCE,
};

/** 案件状态 labels. */
export const STATUS_LABELS: Record<string, S> = {
  已申请: S.APPLIED, 待审查: S.APPLIED,
  已受理: S.ACCEPTED, 准予援助: S.ACCEPTED,
  不予援助: S.REFUSED,
  已指派: S.ASSIGNED, 办理中: S.ASSIGNED,
  已结案: S.CLOSED, 结案: S.CLOSED,
  终止: S.WITHDRAWN, 已终止: S.WITHDRAWN, 撤回: S.WITHDRAWN,
};

/** 不予援助理由 labels. */
export const REFUSAL_LABELS: Record<string, R> = {
  不符合经济困难标准: R.NOT_ECONOMIC_HARDSHIP,
  不属于法律援助事项范围: R.MATTER_NOT_COVERED,
  缺乏事实和法律依据: R.NO_LEGAL_GROUNDS,
  材料不齐全: R.MATERIALS_INCOMPLETE,
};

/** 结案结果 labels. */
export const OUTCOME_LABELS: Record<string, O> = {
  胜诉: O.WON, 部分胜诉: O.PARTLY_WON, 败诉: O.LOST, 调解结案: O.MEDIATED, 调解: O.MEDIATED, 和解: O.SETTLED,
  不起诉或无罪: O.CHARGES_DROPPED, 无罪: O.CHARGES_DROPPED, 从轻减轻处罚: O.SENTENCE_MITIGATED, 辩护意见未采纳: O.DEFENCE_NOT_ADOPTED,
  文书已出具: O.DOCUMENT_DELIVERED,
};

/** 终止理由 labels. */
export const WITHDRAWAL_LABELS: Record<string, W> = {
  受援人要求终止: W.APPLICANT_WITHDREW, 撤回申请: W.APPLICANT_WITHDREW,
  不再符合条件: W.NO_LONGER_ELIGIBLE,
  自行委托代理人: W.OWN_LAWYER_RETAINED,
  案件终止审理: W.PROCEEDINGS_ENDED,
  隐瞒事实或虚假证据: W.FACTS_CONCEALED,
};

/** 承办机构: a listed provider by its name or code, as its id. */
export const PROVIDER_LABELS: Record<string, string> = Object.fromEntries(
  JIAOZHOU_PROVIDERS.flatMap((p) => [[p.name, providerIdOf(p.code)], [p.code, providerIdOf(p.code)]]),
);

/** One row of the roster: the application, and how far the case has gone. */
export interface LegalAidCaseRosterRecord {
  personId: string;
  townshipCode: string;
  appliedOn: string;
  aidType: T;
  matter: M;
  eligibility: E;
  status: S;
  decidedOn?: string;
  refusalReason?: R;
  providerId?: string;
  assignedOn?: string;
  closedOn?: string;
  outcome?: O;
  subsidy?: string;
  withdrawnOn?: string;
  withdrawalReason?: W;
}

const optional = { required: false } as const;
const FIELDS: RosterField[] = [
  { key: 'name', header: '姓名', aliases: ['受援人姓名', '申请人姓名', '受援人'], parse: nameParser, description: 'the applicant\'s name, as in the registry' },
  { key: 'idNumber', header: '身份证号', aliases: ['身份证号码', '公民身份号码', '证件号码'], parse: idNumberParser(), description: 'the applicant\'s resident ID number' },
  { key: 'townshipCode', header: '乡镇/街道', aliases: ['乡镇', '街道', '镇街', '所属镇街'], parse: townshipParser, description: 'township that handles the case: code or name' },
  { key: 'appliedOn', header: '申请日期', aliases: ['受理申请日期', '收到申请日期'], parse: dateParser, description: 'date the application was received' },
  { key: 'aidType', header: '援助类型', aliases: ['援助形式', '案件类型'], parse: choiceParser(AID_TYPE_LABELS), description: '刑事辩护, 刑事被害人代理, 民事代理, 行政代理, 劳动仲裁代理, 国家赔偿代理 or 代写法律文书' },
  { key: 'matter', header: '案件类别', aliases: ['事项类别', '案由'], parse: choiceParser(MATTER_LABELS), description: '追索劳动报酬, 工伤, 赡养抚养扶养, 家庭暴力, 婚姻家庭, 交通事故, 医疗纠纷, 社会保险或社会救助, 国家赔偿, 刑事案件 or 其他' },
  { key: 'eligibility', header: '援助理由', aliases: ['受援条件', '援助依据'], parse: choiceParser(ELIGIBILITY_LABELS), description: '经济困难, 社会救助对象, 特定群体, 进城务工人员, 家庭暴力受害人, 见义勇为, 英雄烈士近亲属, 再审改判无罪 or 通知辩护' },
  { key: 'status', header: '案件状态', aliases: ['状态', '办理状态'], ...optional, parse: choiceParser(STATUS_LABELS), description: 'optional: 已申请 (default), 已受理, 不予援助, 已指派, 已结案 or 终止' },
  { key: 'decidedOn', header: '审查决定日期', aliases: ['决定日期', '审批日期'], ...optional, parse: dateParser, description: 'the decision (已受理, 不予援助 and after)' },
  { key: 'refusalReason', header: '不予援助理由', ...optional, parse: choiceParser(REFUSAL_LABELS), description: 'for 不予援助: 不符合经济困难标准, 不属于法律援助事项范围, 缺乏事实和法律依据 or 材料不齐全' },
  { key: 'providerId', header: '承办机构', aliases: ['指派机构', '承办单位'], ...optional, parse: choiceParser(PROVIDER_LABELS), description: 'for 已指派 and after: the provider\'s name (or code), from the list of providers' },
  { key: 'assignedOn', header: '指派日期', ...optional, parse: dateParser, description: 'for 已指派 and after' },
  { key: 'closedOn', header: '结案日期', ...optional, parse: dateParser, description: 'for 已结案' },
  { key: 'outcome', header: '结案结果', aliases: ['办理结果'], ...optional, parse: choiceParser(OUTCOME_LABELS), description: 'for 已结案: 胜诉, 部分胜诉, 败诉, 调解结案, 和解, 不起诉或无罪, 从轻减轻处罚, 辩护意见未采纳 or 文书已出具' },
  { key: 'subsidy', header: '办案补贴', aliases: ['补贴金额', '办案补贴金额'], ...optional, parse: yuanParser({ allowZero: true, max: '6000' }), description: 'for 已结案: yuan, 0 to 6000 (and the aid type\'s bound)' },
  { key: 'withdrawnOn', header: '终止日期', ...optional, parse: dateParser, description: 'for 终止' },
  { key: 'withdrawalReason', header: '终止理由', ...optional, parse: choiceParser(WITHDRAWAL_LABELS), description: 'for 终止: 受援人要求终止, 不再符合条件, 自行委托代理人, 案件终止审理 or 隐瞒事实或虚假证据' },
];

type Step = 'accept' | 'refuse' | 'assign' | 'close' | 'withdraw';
/** The fields each step sets, in the order an update reports them. */
const STEP_FIELDS: Record<Step, (keyof LegalAidCaseRosterRecord)[]> = {
  accept: ['decidedOn'],
  refuse: ['decidedOn', 'refusalReason'],
  assign: ['providerId', 'assignedOn'],
  close: ['closedOn', 'outcome', 'subsidy'],
  withdraw: ['withdrawnOn', 'withdrawalReason'],
};
/** Every field a step sets, in the order an update reports them (status first). */
const TRACKED: (keyof LegalAidCaseRosterRecord)[] = ['status', 'decidedOn', 'refusalReason', 'providerId', 'assignedOn', 'closedOn', 'outcome', 'subsidy', 'withdrawnOn', 'withdrawalReason'];

/** The steps from an application to a case's status (a withdrawn case: the steps its dates show it had). */
function stepsOf(r: Pick<LegalAidCaseRosterRecord, 'status' | 'decidedOn' | 'assignedOn'>): Step[] {
  switch (r.status) {
    case S.APPLIED: return [];
    case S.ACCEPTED: return ['accept'];
    case S.REFUSED: return ['refuse'];
    case S.ASSIGNED: return ['accept', 'assign'];
    case S.CLOSED: return ['accept', 'assign', 'close'];
    case S.WITHDRAWN: return [...(r.decidedOn ? (['accept'] as Step[]) : []), ...(r.assignedOn ? (['assign'] as Step[]) : []), 'withdraw'];
  }
}

/** A row's cross-field problems: each field its status needs, left empty (REQUIRED); one it does not take, filled (BAD_VALUE). */
function checkSteps(r: LegalAidCaseRosterRecord): void {
  const needed = new Set(stepsOf(r).flatMap((s) => STEP_FIELDS[s]));
  const problems: RowProblem[] = [];
  for (const f of TRACKED) {
    if (f === 'status') continue;
    const given = r[f] !== undefined && r[f] !== null;
    if (needed.has(f) && !given) problems.push({ field: f, reason: 'REQUIRED', message: `a case that is ${r.status} needs ${f}` });
    if (!needed.has(f) && given && !(r.status === S.WITHDRAWN && (f === 'decidedOn' || f === 'assignedOn' || f === 'providerId')))
      problems.push({ field: f, reason: 'BAD_VALUE', detail: 'NOT_FOR_STATUS', message: `a case that is ${r.status} has no ${f}` });
  }
  if (r.status === S.WITHDRAWN && !!r.assignedOn !== !!r.providerId)
    problems.push({ field: r.assignedOn ? 'providerId' : 'assignedOn', reason: 'REQUIRED', message: 'an assignment needs both the provider and its date' });
  if (problems.length) throw new RosterRowError(problems);
}

/** Run `steps` on the case `id` with the row's values (each through the service, in the caller's transaction). */
async function runSteps(ctx: SubgraphContext, tx: EntityManager, id: string, steps: Step[], r: LegalAidCaseRosterRecord): Promise<void> {
  for (const s of steps) {
    if (s === 'accept') await acceptLegalAidCaseIn(ctx, tx, { id, decidedOn: r.decidedOn! });
    if (s === 'refuse') await refuseLegalAidCaseIn(ctx, tx, { id, decidedOn: r.decidedOn!, reason: r.refusalReason! });
    if (s === 'assign') await assignLegalAidCaseIn(ctx, tx, { id, providerId: r.providerId!, assignedOn: r.assignedOn! });
    if (s === 'close') await closeLegalAidCaseIn(ctx, tx, { id, closedOn: r.closedOn!, outcome: r.outcome!, subsidy: r.subsidy! });
    if (s === 'withdraw') await withdrawLegalAidCaseIn(ctx, tx, { id, withdrawnOn: r.withdrawnOn!, reason: r.withdrawalReason! });
  }
}

const norm = (v: unknown) => (v === undefined || v === null ? null : v);

/**
 * 法律援助案件花名册 The legal aid case roster: one row per case (natural key: the applicant, the application date and
 * the aid type), with how far it has gone. A new row is applied for through `applyForLegalAidIn` and taken through
 * the steps its status needs (accept, refuse, assign, close, withdraw: the service's own rules and dates). A recorded
 * case is brought forward when the row is further along the same path (the later steps run, reported as updated);
 * a row that differs in what is recorded (another matter, ground, township, decision or provider) is a CONFLICT
 * (correct it in the back office).
 */
export const legalAidCaseRoster: RosterAdapter<LegalAidCaseRosterRecord> = {
  subgraph: 'legal-aid',
  department: DEPARTMENT,
  kind: 'legal-aid-cases',
  title: '法律援助案件花名册 legal aid case roster',
  fields: FIELDS,
  idNumberField: 'idNumber',
  nameField: 'name',
  naturalKey: 'person + 申请日期 application date + 援助类型 aid type',
  toRecord: (v, row) => {
    const r: LegalAidCaseRosterRecord = {
      personId: row.person.id, townshipCode: v.townshipCode, appliedOn: v.appliedOn, aidType: v.aidType, matter: v.matter, eligibility: v.eligibility,
      status: v.status ?? S.APPLIED,
    };
    for (const k of TRACKED) if (k !== 'status' && v[k] !== undefined && v[k] !== null) (r as unknown as Record<string, unknown>)[k] = v[k];
    checkSteps(r);
    return r;
  },
  keyOf: (r) => `${r.personId}|${r.appliedOn}|${r.aidType}`,
  fieldFor: (f) => (f === 'personId' ? 'idNumber' : f === 'id' ? undefined : f === 'reason' ? undefined : f),
  async apply(ctx: SubgraphContext, tx: EntityManager, r) {
    const current = await tx.getRepository(LegalAidCase).findOne({ where: { personId: r.personId, appliedOn: r.appliedOn, aidType: r.aidType }, order: { id: 'ASC' } });
    if (!current) {
      const rec = await applyForLegalAidIn(ctx, tx, { personId: r.personId, appliedOn: r.appliedOn, aidType: r.aidType, matter: r.matter, eligibility: r.eligibility, townshipCode: r.townshipCode });
      await runSteps(ctx, tx, rec.id, stepsOf(r), r);
      return { outcome: 'added', id: rec.id };
    }
    const differently = () => conflict('the case is recorded differently: correct it in the back office', 'RECORDED_DIFFERENTLY');
    if (current.townshipCode !== r.townshipCode || current.matter !== r.matter || current.eligibility !== r.eligibility) throw differently();
    const changed = TRACKED.filter((k) => norm(r[k]) !== norm((current as unknown as Record<string, unknown>)[k]));
    if (!changed.length) return { outcome: 'unchanged', id: current.id };
    // only forward along the same path, with the recorded steps as the row has them
    const done = stepsOf(current as unknown as LegalAidCaseRosterRecord);
    const wanted = stepsOf(r);
    if (done.some((s, i) => wanted[i] !== s)) throw differently();
    if (done.flatMap((s) => STEP_FIELDS[s]).some((k) => changed.includes(k))) throw differently();
    await runSteps(ctx, tx, current.id, wanted.slice(done.length), r);
    return { outcome: 'updated', id: current.id, changed };
  },
};

/** The legal-aid subgraph's rosters (the import command's --kind; the first is the default). */
export const rosterAdapters: RosterAdapter[] = [legalAidCaseRoster];
