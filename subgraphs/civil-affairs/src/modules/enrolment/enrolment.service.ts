import crypto from 'node:crypto';
import type { EntityManager } from 'typeorm';
import {
  Decimal, assertCanWrite, auditedWrite, badInput, conflict, lockForWrite, notFound, type Identity, type SubgraphContext,
} from '@aidgraph/subgraph-kit';
import { Enrolment, PersonCoveredGroup } from './enrolment.entity';
import { Person } from '../person/person.entity';
import { AmountPeriod, CivilAffairsProgramme, EnrolmentStatus, PersonStatus } from '../common/enums';
import type { EndEnrolmentInput, RecordEnrolmentInput } from './enrolment.input';

const PERIOD: Record<CivilAffairsProgramme, AmountPeriod> = {
  DIBAO: AmountPeriod.MONTHLY,
  TEKUN: AmountPeriod.MONTHLY,
  TEMPORARY: AmountPeriod.ONE_OFF,
  MARGINAL: AmountPeriod.NONE,
};
const GROUP: Partial<Record<CivilAffairsProgramme, string>> = { DIBAO: 'DIBAO_RECIPIENT', TEKUN: 'TEKUN_PERSON' };

/**
 * Throw FORBIDDEN unless the identity may write civil-affairs records at all (any caseworker, a civil-affairs officer),
 * before any record is looked up: a caller who may write nothing must not learn from NOT_FOUND which ids exist. The
 * township of the record is checked after the lookup (assertCanWrite with its township).
 */
function assertMayWriteCivilAffairs(identity: Identity): void {
  if (identity.role !== 'caseworker') assertCanWrite(identity, 'CIVIL_AFFAIRS');
}

function validDate(s: string): boolean {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/**
 * Record a confirmed enrolment in one transaction. Rules: the person exists and is active; dates are real dates;
 * the amount is positive for paid programmes and zero for MARGINAL; no second ACTIVE enrolment in the same programme;
 * DIBAO and TEKUN exclude each other (特困 persons are not also in 低保, 社会救助暂行办法 art. 14).
 * The person's row is locked (SELECT ... FOR UPDATE on PostgreSQL; SQLite runs one writer at a time) before the checks:
 * concurrent enrolments of one person run one after the other, and each sees what the previous one committed.
 */
export async function recordEnrolment(ctx: SubgraphContext, input: RecordEnrolmentInput): Promise<Enrolment> {
  if (!validDate(input.startDate)) throw badInput('`startDate` is not a calendar date', 'startDate', 'BAD_DATE');
  checkAmount(input.programme, input.amount);
  return auditedWrite(ctx, (tx) => recordEnrolmentIn(ctx, tx, input));
}

/** `recordEnrolment` inside the caller's transaction `tx` (the roster import runs one per row). */
export async function recordEnrolmentIn(ctx: SubgraphContext, tx: EntityManager, input: RecordEnrolmentInput): Promise<Enrolment> {
  if (!validDate(input.startDate)) throw badInput('`startDate` is not a calendar date', 'startDate', 'BAD_DATE');
  const amount = checkAmount(input.programme, input.amount);
  assertMayWriteCivilAffairs(ctx.identity);
  const person = await tx.getRepository(Person).findOne({ where: { id: String(input.personId).toLowerCase() }, ...lockForWrite(tx) });
  if (!person) throw notFound('no person has this id');
  assertCanWrite(ctx.identity, 'CIVIL_AFFAIRS', person.townshipCode);
  if (person.status !== PersonStatus.ACTIVE) throw conflict('the person is not active in the registry', 'PERSON_NOT_ACTIVE');
  const active = await tx.getRepository(Enrolment).findBy({ personId: person.id, status: EnrolmentStatus.ACTIVE });
  if (input.programme !== 'TEMPORARY' && active.some((e) => e.programme === input.programme))
    throw conflict(`the person already has an active ${input.programme} enrolment`, 'ALREADY_ENROLLED');
  const exclusive = { DIBAO: 'TEKUN', TEKUN: 'DIBAO' } as Record<string, string>;
  if (active.some((e) => e.programme === exclusive[input.programme]))
    throw conflict('DIBAO and TEKUN exclude each other', 'EXCLUSIVE_PROGRAMMES');
  const e = tx.getRepository(Enrolment).create({
    id: crypto.randomUUID(),
    personId: person.id,
    programme: input.programme,
    status: input.programme === 'TEMPORARY' ? EnrolmentStatus.ENDED : EnrolmentStatus.ACTIVE,
    startDate: input.startDate,
    endDate: input.programme === 'TEMPORARY' ? input.startDate : null,
    amount: amount.toFixed(2),
    amountPeriod: PERIOD[input.programme],
    townshipCode: person.townshipCode,
  });
  await tx.getRepository(Enrolment).insert(e);
  const group = GROUP[input.programme];
  if (group) await tx.getRepository(PersonCoveredGroup).upsert({ personId: person.id, coveredGroup: group }, ['personId', 'coveredGroup']);
  ctx.audit.noteWrite({ entity: 'Enrolment', key: e.id, personId: person.id, action: 'create', changes: { programme: [null, e.programme], amount: [null, e.amount], startDate: [null, e.startDate] } });
  return e;
}

/** The amount rule: positive for the paid programmes, zero for MARGINAL (a status, not a payment). */
function checkAmount(programme: CivilAffairsProgramme, value: string): Decimal {
  const amount = new Decimal(value);
  if (programme === 'MARGINAL' ? !amount.isZero() : !amount.greaterThan(0))
    throw badInput(programme === 'MARGINAL' ? 'a MARGINAL status carries no amount (0)' : 'the amount must be positive', 'amount', 'BAD_AMOUNT');
  return amount;
}

/**
 * Correct the amount of an enrolment inside the caller's transaction (the roster import: a corrected roster's new
 * monthly or one-off amount), under the same amount rule as a new enrolment. Returns whether it changed.
 */
export async function correctEnrolmentAmountIn(ctx: SubgraphContext, tx: EntityManager, enrolmentId: string, value: string): Promise<boolean> {
  assertMayWriteCivilAffairs(ctx.identity);
  const e = await tx.getRepository(Enrolment).findOneBy({ id: String(enrolmentId).toLowerCase() });
  if (!e) throw notFound('no enrolment has this id');
  assertCanWrite(ctx.identity, 'CIVIL_AFFAIRS', e.townshipCode);
  const amount = checkAmount(e.programme, value).toFixed(2);
  if (amount === e.amount) return false;
  await tx.getRepository(Enrolment).update({ id: e.id }, { amount });
  ctx.audit.noteWrite({ entity: 'Enrolment', key: e.id, personId: e.personId, action: 'update', changes: { amount: [e.amount, amount] } });
  return true;
}

/** End an active enrolment on `endDate` (not before its start); the covered-group tag goes with it. */
export async function endEnrolment(ctx: SubgraphContext, input: EndEnrolmentInput): Promise<Enrolment> {
  if (!validDate(input.endDate)) throw badInput('`endDate` is not a calendar date', 'endDate', 'BAD_DATE');
  return auditedWrite(ctx, (tx) => endEnrolmentIn(ctx, tx, input));
}

/** `endEnrolment` inside the caller's transaction `tx` (the roster import runs one per row). */
export async function endEnrolmentIn(ctx: SubgraphContext, tx: EntityManager, input: EndEnrolmentInput): Promise<Enrolment> {
  if (!validDate(input.endDate)) throw badInput('`endDate` is not a calendar date', 'endDate', 'BAD_DATE');
  assertMayWriteCivilAffairs(ctx.identity);
  const e = await tx.getRepository(Enrolment).findOneBy({ id: String(input.enrolmentId).toLowerCase() });
  if (!e) throw notFound('no enrolment has this id');
  assertCanWrite(ctx.identity, 'CIVIL_AFFAIRS', e.townshipCode);
  if (e.status === EnrolmentStatus.ENDED) throw conflict('the enrolment has already ended', 'ALREADY_ENDED');
  if (input.endDate < e.startDate) throw badInput('`endDate` is before the start date', 'endDate', 'END_BEFORE_START');
  await tx.getRepository(Enrolment).update({ id: e.id }, { status: EnrolmentStatus.ENDED, endDate: input.endDate });
  const group = GROUP[e.programme];
  if (group) await tx.getRepository(PersonCoveredGroup).delete({ personId: e.personId, coveredGroup: group });
  ctx.audit.noteWrite({ entity: 'Enrolment', key: e.id, personId: e.personId, action: 'update', changes: { status: [e.status, 'ENDED'], endDate: [e.endDate, input.endDate] } });
  return { ...e, status: EnrolmentStatus.ENDED, endDate: input.endDate } as Enrolment;
}
