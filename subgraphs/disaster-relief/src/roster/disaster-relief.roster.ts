import type { EntityManager } from 'typeorm';
import { badInput, conflict, type SubgraphContext, type Yuan } from '@aidgraph/subgraph-kit';
import {
  RosterRowError, choiceParser, dateParser, idNumberParser, nameParser, textParser, townshipParser, yuanParser,
  type RosterAdapter, type RosterField,
} from '@aidgraph/roster';
import { DisasterEvent } from '../modules/disaster-event/disaster-event.entity';
import { DisasterAssessment } from '../modules/disaster-assessment/disaster-assessment.entity';
import { DisasterRelief } from '../modules/disaster-relief/disaster-relief.entity';
import { DEPARTMENT, DisasterReliefStatus, DisasterReliefType } from '../modules/disaster-relief/disaster-relief.enums';
import { correctDisasterReliefIn, grantDisasterReliefIn } from '../modules/disaster-relief/disaster-relief.service';

/** 救助类型 labels as the department writes them (the first of each is the documented one). */
export const RELIEF_TYPE_LABELS: Record<string, DisasterReliefType> = {
  应急期生活救助: DisasterReliefType.EMERGENCY_LIVING, 应急救助: DisasterReliefType.EMERGENCY_LIVING, 应急生活救助: DisasterReliefType.EMERGENCY_LIVING,
  过渡期生活救助: DisasterReliefType.TRANSITIONAL, 过渡期救助: DisasterReliefType.TRANSITIONAL,
  倒损住房恢复重建补助: DisasterReliefType.HOUSE_REBUILD, 倒房重建: DisasterReliefType.HOUSE_REBUILD, 恢复重建补助: DisasterReliefType.HOUSE_REBUILD,
  住房维修补助: DisasterReliefType.HOUSE_REPAIR, 损房维修: DisasterReliefType.HOUSE_REPAIR, 维修补助: DisasterReliefType.HOUSE_REPAIR,
  冬春生活救助: DisasterReliefType.WINTER_SPRING, 冬春救助: DisasterReliefType.WINTER_SPRING,
  遇难人员家属抚慰金: DisasterReliefType.DEATH_CONSOLATION, 抚慰金: DisasterReliefType.DEATH_CONSOLATION,
};

/** 状态 labels as the department writes them. */
export const STATUS_LABELS: Record<string, DisasterReliefStatus> = {
  已批准: DisasterReliefStatus.GRANTED, 待发放: DisasterReliefStatus.GRANTED,
  已发放: DisasterReliefStatus.PAID,
  已撤销: DisasterReliefStatus.REVOKED,
};

/** One row of the roster: the grant as the department's input (the event by name), plus the status it has reached. */
export interface DisasterReliefRosterRecord {
  eventName: string;
  householdId: string;
  personId: string;
  townshipCode: string;
  reliefType: DisasterReliefType;
  amount: Yuan;
  grantedOn: string;
  periodStart?: string;
  periodEnd?: string;
  status?: DisasterReliefStatus;
}

const FIELDS: RosterField[] = [
  { key: 'name', header: '姓名', aliases: ['领款人姓名', '户主姓名', '受灾人员姓名', '受助人姓名'], parse: nameParser, description: 'the recipient (领款人, usually the head of the household), as in the registry' },
  { key: 'idNumber', header: '身份证号', aliases: ['身份证号码', '公民身份号码', '证件号码'], parse: idNumberParser(), description: 'the recipient\'s resident ID number: the household is the registry\'s household of this person' },
  { key: 'townshipCode', header: '乡镇/街道', aliases: ['乡镇', '街道', '镇街', '乡镇街道', '所属镇街', '乡镇（街道）'], parse: townshipParser, description: 'township that assessed the household: code or name (must be the assessment\'s)' },
  { key: 'eventName', header: '灾害名称', aliases: ['灾害事件', '灾情名称', '受灾事件'], parse: textParser({ max: 60 }), description: 'the disaster event, by its recorded name' },
  { key: 'reliefType', header: '救助类型', aliases: ['救助项目', '资金类别', '救助类别'], parse: choiceParser(RELIEF_TYPE_LABELS), description: '应急期生活救助, 过渡期生活救助, 倒损住房恢复重建补助, 住房维修补助, 冬春生活救助 or 遇难人员家属抚慰金' },
  { key: 'amount', header: '金额', aliases: ['救助金额', '发放金额', '补助金额'], parse: yuanParser({ max: '200000' }), description: 'yuan, above 0, at most the standard for the type and the assessment' },
  { key: 'grantedOn', header: '发放日期', aliases: ['救助日期', '审批日期', '批准日期'], parse: dateParser, description: 'date of the grant, on or after the event and the assessment' },
  { key: 'periodStart', header: '过渡期起始日期', aliases: ['过渡期开始', '救助起始日期'], required: false, parse: dateParser, description: 'TRANSITIONAL only: first day of the period' },
  { key: 'periodEnd', header: '过渡期截止日期', aliases: ['过渡期结束', '救助截止日期'], required: false, parse: dateParser, description: 'TRANSITIONAL only: last day of the period (at most 3 months)' },
  { key: 'status', header: '状态', aliases: ['发放状态'], required: false, parse: choiceParser(STATUS_LABELS), description: 'optional: 已批准 (default), 已发放 or 已撤销' },
];

/**
 * 救灾款物发放花名册 The disaster relief roster: one row per grant of a relief type for an event to a household, named by
 * its recipient (the household is the registry's household of the recipient). Natural key: the household, the event
 * (by name) and the relief type — the service's own rule DUPLICATE_RELIEF. A new row goes through grantDisasterReliefIn
 * (the household must be assessed for the event); a recorded one gets its amount, period end and status corrected
 * through correctDisasterReliefIn; another recipient, grant date or period start is a CONFLICT (revoke the grant and
 * add it again in the back office).
 */
export const disasterReliefRoster: RosterAdapter<DisasterReliefRosterRecord> = {
  subgraph: 'disaster-relief',
  department: DEPARTMENT,
  kind: 'disaster-reliefs',
  title: '救灾款物发放花名册 disaster relief roster',
  fields: FIELDS,
  idNumberField: 'idNumber',
  nameField: 'name',
  naturalKey: 'household (the recipient\'s) + 灾害名称 event + 救助类型 relief type',
  toRecord(v, row) {
    if (!row.person.householdId) throw badInput('the registry has no household for this person', 'idNumber', 'NO_HOUSEHOLD');
    return {
      eventName: v.eventName, householdId: row.person.householdId, personId: row.person.id, townshipCode: v.townshipCode, reliefType: v.reliefType,
      amount: v.amount, grantedOn: v.grantedOn, periodStart: v.periodStart, periodEnd: v.periodEnd, status: v.status,
    };
  },
  keyOf: (r) => `${r.householdId}|${r.eventName}|${r.reliefType}`,
  fieldFor: (f) => (f === 'personId' || f === 'householdId' ? 'idNumber' : f === 'eventId' ? 'eventName' : f === 'id' ? undefined : f),
  async apply(ctx: SubgraphContext, tx: EntityManager, r) {
    const event = await tx.getRepository(DisasterEvent).findOneBy({ name: r.eventName });
    if (!event) throw new RosterRowError([{ field: 'eventName', reason: 'NOT_FOUND', detail: 'UNKNOWN_EVENT', message: 'no disaster event has this name' }]);
    const assessment = await tx.getRepository(DisasterAssessment).findOneBy({ eventId: event.id, householdId: r.householdId });
    if (assessment && assessment.townshipCode !== r.townshipCode)
      throw conflict('the household was assessed by another township: correct the roster\'s township', 'TOWNSHIP_MISMATCH');
    const { status, eventName: _name, townshipCode: _township, ...input } = r;
    const existing = await tx.getRepository(DisasterRelief).find({ where: { eventId: event.id, householdId: r.householdId, reliefType: r.reliefType }, order: { id: 'ASC' } });
    const current = existing.find((e) => e.status !== DisasterReliefStatus.REVOKED) ?? (status === DisasterReliefStatus.REVOKED ? existing[0] : undefined);
    if (!current) {
      const rec = await grantDisasterReliefIn(ctx, tx, { ...input, eventId: event.id, periodStart: r.periodStart ?? null, periodEnd: r.periodEnd ?? null });
      if (status && status !== rec.status) await correctDisasterReliefIn(ctx, tx, { id: rec.id, status });
      return { outcome: 'added', id: rec.id };
    }
    if (current.personId !== r.personId || current.grantedOn !== r.grantedOn || (current.periodStart ?? undefined) !== r.periodStart)
      throw conflict('the grant is recorded with another recipient, grant date or period start: revoke it and add it again in the back office', 'RECORDED_DIFFERENTLY');
    const next = { amount: r.amount, periodEnd: r.periodEnd ?? current.periodEnd ?? undefined, status: status ?? current.status };
    const changed = (['amount', 'periodEnd', 'status'] as const).filter((k) => next[k] !== (current[k] ?? undefined));
    if (!changed.length) return { outcome: 'unchanged', id: current.id };
    await correctDisasterReliefIn(ctx, tx, { id: current.id, ...Object.fromEntries(changed.map((k) => [k, next[k]])) });
    return { outcome: 'updated', id: current.id, changed: [...changed] };
  },
};

/** The disaster-relief subgraph's rosters (the import command's --kind; the first is the default). */
export const rosterAdapters: RosterAdapter[] = [disasterReliefRoster];
