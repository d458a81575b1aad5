import type { EntityManager } from 'typeorm';
import { badInput, conflict, type SubgraphContext, type Yuan } from '@aidgraph/subgraph-kit';
import {
  choiceParser, dateParser, idNumberParser, nameParser, townshipParser, yuanParser, type RosterAdapter,
  type RosterField,
} from '@aidgraph/roster';
import { Enrolment } from '../modules/enrolment/enrolment.entity';
import { CivilAffairsProgramme, EnrolmentStatus } from '../modules/common/enums';
import { correctEnrolmentAmountIn, endEnrolmentIn, recordEnrolmentIn } from '../modules/enrolment/enrolment.service';

/** 救助类别 labels as townships write them (五保 is the former name of 特困供养). */
export const PROGRAMME_LABELS: Record<string, CivilAffairsProgramme> = {
  低保: CivilAffairsProgramme.DIBAO, 最低生活保障: CivilAffairsProgramme.DIBAO, 城乡低保: CivilAffairsProgramme.DIBAO, 低保对象: CivilAffairsProgramme.DIBAO,
  特困: CivilAffairsProgramme.TEKUN, 特困人员: CivilAffairsProgramme.TEKUN, 特困供养: CivilAffairsProgramme.TEKUN, 五保: CivilAffairsProgramme.TEKUN,
  低保边缘: CivilAffairsProgramme.MARGINAL, 低保边缘家庭: CivilAffairsProgramme.MARGINAL, 边缘: CivilAffairsProgramme.MARGINAL,
  临时救助: CivilAffairsProgramme.TEMPORARY, 临救: CivilAffairsProgramme.TEMPORARY,
};

/** One row of the civil-affairs enrolment roster. */
export interface EnrolmentRosterRecord {
  personId: string;
  programme: CivilAffairsProgramme;
  startDate: string;
  /** the last day, for an enrolment that has ended (a TEMPORARY payment ends on its day) */
  endDate?: string;
  amount: Yuan;
}

const FIELDS: RosterField[] = [
  { key: 'name', header: '姓名', aliases: ['保障对象姓名', '救助对象姓名', '户主姓名'], parse: nameParser, description: 'the person\'s name, as in the registry' },
  { key: 'idNumber', header: '身份证号', aliases: ['身份证号码', '公民身份号码', '证件号码'], parse: idNumberParser(), description: 'the person\'s resident ID number' },
  { key: 'townshipCode', header: '乡镇/街道', aliases: ['乡镇', '街道', '镇街', '乡镇街道', '所属镇街', '乡镇（街道）'], parse: townshipParser, description: 'township of registration (where the case is handled): code or name' },
  { key: 'programme', header: '救助类别', aliases: ['救助类型', '保障类别', '救助项目', '类别'], parse: choiceParser(PROGRAMME_LABELS), description: '低保, 特困, 低保边缘 or 临时救助' },
  { key: 'startDate', header: '开始日期', aliases: ['起始日期', '享受日期', '起保日期', '救助日期', '发放日期'], parse: dateParser, description: 'first day of assistance (the day of a temporary payment)' },
  { key: 'endDate', header: '结束日期', aliases: ['停保日期', '终止日期'], required: false, parse: dateParser, description: 'optional: last day, for an enrolment that has ended' },
  { key: 'amount', header: '金额', aliases: ['保障金额', '救助金额', '月保障金', '发放金额', '月救助金额'], parse: yuanParser({ allowZero: true, max: '100000' }), description: 'yuan: per month (低保, 特困), once (临时救助), 0 (低保边缘)' },
];

/**
 * 救助对象花名册 The civil-affairs enrolment roster (低保/特困/低保边缘/临时救助): one row per enrolment. Natural key: the
 * person, the programme and the start date. A new row is recorded (recordEnrolment, then endEnrolment when it has an end
 * date); a recorded one gets its amount corrected and, when the roster gives an end date, is ended. The township must be
 * the person's township of registration (the enrolment is handled there).
 */
export const enrolmentRoster: RosterAdapter<EnrolmentRosterRecord> = {
  subgraph: 'civil-affairs',
  department: 'CIVIL_AFFAIRS',
  kind: 'enrolments',
  title: '救助对象花名册 assistance enrolment roster',
  fields: FIELDS,
  idNumberField: 'idNumber',
  nameField: 'name',
  naturalKey: 'person + 救助类别 programme + 开始日期 start date',
  toRecord(v, row) {
    if (v.townshipCode !== row.person.townshipCode)
      throw badInput('the person is registered in another township: an enrolment is handled in the township of registration', 'townshipCode', 'NOT_THE_PERSONS_TOWNSHIP');
    if (v.programme === CivilAffairsProgramme.TEMPORARY && v.endDate && v.endDate !== v.startDate)
      throw badInput('temporary assistance is a one-off payment: leave the end date empty (or the same day)', 'endDate', 'ONE_OFF_PAYMENT');
    return { personId: row.person.id, programme: v.programme, startDate: v.startDate, endDate: v.endDate, amount: v.amount };
  },
  keyOf: (r) => `${r.personId}|${r.programme}|${r.startDate}`,
  fieldFor: (f) => (f === 'personId' ? 'idNumber' : f === 'enrolmentId' ? undefined : f),
  async apply(ctx: SubgraphContext, tx: EntityManager, r) {
    const temporary = r.programme === CivilAffairsProgramme.TEMPORARY;
    const current = await tx.getRepository(Enrolment).findOneBy({ personId: r.personId, programme: r.programme, startDate: r.startDate });
    if (!current) {
      // an ended enrolment's amount is the last one paid: checked against the standard on its end date
      const e = await recordEnrolmentIn(ctx, tx, { personId: r.personId, programme: r.programme, startDate: r.startDate, amount: r.amount }, temporary ? undefined : r.endDate);
      if (r.endDate && !temporary) await endEnrolmentIn(ctx, tx, { enrolmentId: e.id, endDate: r.endDate });
      return { outcome: 'added', id: e.id };
    }
    const changed: string[] = [];
    if (await correctEnrolmentAmountIn(ctx, tx, current.id, r.amount)) changed.push('amount');
    if (!temporary) {
      if (r.endDate && current.status !== EnrolmentStatus.ENDED) {
        await endEnrolmentIn(ctx, tx, { enrolmentId: current.id, endDate: r.endDate });
        changed.push('endDate');
      } else if (current.status === EnrolmentStatus.ENDED && r.endDate !== current.endDate)
        throw conflict('the enrolment has ended on another day (or the roster gives none): correct it in the back office', 'ENDED_DIFFERENTLY');
    }
    return changed.length ? { outcome: 'updated', id: current.id, changed } : { outcome: 'unchanged', id: current.id };
  },
};

/** The civil-affairs subgraph's rosters (the import command's --kind; the first is the default). */
export const rosterAdapters: RosterAdapter[] = [enrolmentRoster];
