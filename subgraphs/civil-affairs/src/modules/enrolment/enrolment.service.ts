import crypto from 'node:crypto';
import { In, type EntityManager } from 'typeorm';
import {
  Decimal, checkAmountAtMost, checkDateInWindow, todayInChina, clockToday, assertCanWrite, auditedWrite, badInput, conflict, idempotent, lockedRecord, notFound, periodsOverlap, updateLocked, type Identity,
  type SubgraphContext,
} from '@aidgraph/subgraph-kit';
import { Enrolment, PersonCoveredGroup } from './enrolment.entity';
import { Person } from '../person/person.entity';
import { AmountPeriod, CivilAffairsProgramme, EnrolmentStatus, PersonStatus } from '../common/enums';
import type { EndEnrolmentInput, RecordEnrolmentInput } from './enrolment.input';
import { Household } from '../household/household.entity';
import { earliestEnrolmentDate, enrolmentAmountLimit } from './enrolment.limits';
import { isReviewed, nextReviewDate, ReviewCycleValue } from '../review/review.rules';

/**
 * Whether an enrolment is in force as a running one on `today` (the people filter and assistanceCategory; the rules
 * "no overlapping enrolment" and "DIBAO and TEKUN exclude each other" compare dates instead: checkNoOverlap): ACTIVE, or
 * PHASING_OUT (渐退: still paid) until its end date.
 */
export function runningOn(e: Pick<Enrolment, 'status' | 'endDate'>, today: string): boolean {
  return e.status === EnrolmentStatus.ACTIVE || (e.status === EnrolmentStatus.PHASING_OUT && (e.endDate == null || e.endDate >= today));
}

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

/** Days ahead a start or end date may be: dibao is paid from the month after confirmation (至多 two months ahead). */
const MAX_DAYS_AHEAD = 62;

/**
 * The start date: a calendar date, not before the first dibao standard (BEFORE_PROGRAMME), not more than two months
 * ahead, and for a one-off TEMPORARY aid not in the future (DATE_OUT_OF_RANGE).
 */
function checkStartDate(programme: CivilAffairsProgramme, value: string): string {
  return checkDateInWindow(value, 'startDate', {
    earliest: earliestEnrolmentDate(), earliestWhat: 'the first dibao standard in the standards table',
    maxFutureDays: programme === 'TEMPORARY' ? 0 : MAX_DAYS_AHEAD,
  });
}

/**
 * The date whose standard limits an enrolment's amount: the day a one-off TEMPORARY aid is given; for a monthly
 * enrolment the day the recorded amount is paid — its start, or today once it has started (the standard is revised
 * every year and the monthly amount with it: the amount on record is the one paid now, not the one of its first
 * month, so the standard of its start date would refuse a long-running enrolment's current amount), or its end date
 * once ended (the amount on record is the last one paid).
 */
export function paidOn(programme: CivilAffairsProgramme, startDate: string, endDate: string | null, today = todayInChina()): string {
  if (programme === 'TEMPORARY') return startDate;
  // (an end before the start is refused where the end is recorded, END_BEFORE_START)
  if (endDate && endDate >= startDate) return endDate;
  return today > startDate ? today : startDate;
}

/** AMOUNT_ABOVE_LIMIT when `amount` is above what `programme` pays on `date` for the person's area (enrolment.limits.ts). */
async function checkAmountLimit(tx: EntityManager, person: Person, programme: CivilAffairsProgramme, date: string, amount: Decimal): Promise<void> {
  const household = person.householdId ? await tx.getRepository(Household).findOneBy({ id: person.householdId }) : null;
  const limit = enrolmentAmountLimit(programme, date, household?.urban ?? true);
  if (!limit) throw badInput('no dibao standard is configured for that date', 'startDate', 'BEFORE_PROGRAMME');
  checkAmountAtMost(amount, 'amount', limit);
}

/**
 * The programmes an enrolment of `programme` may not overlap for the same person: its own (ALREADY_ENROLLED; not
 * TEMPORARY, a one-off aid given as often as needed) and the exclusive one (EXCLUSIVE_PROGRAMMES: DIBAO and TEKUN, 特困
 * persons are not also in 低保, 社会救助暂行办法 art. 14). MARGINAL excludes only itself: a DIBAO enrolment overlapping a
 * MARGINAL one is single-person coverage (单人保), and TEMPORARY aid may be given to anyone.
 */
export const EXCLUSIVE_PROGRAMMES: Readonly<Record<CivilAffairsProgramme, readonly CivilAffairsProgramme[]>> = {
  DIBAO: [CivilAffairsProgramme.TEKUN],
  TEKUN: [CivilAffairsProgramme.DIBAO],
  MARGINAL: [],
  TEMPORARY: [],
};

/**
 * CONFLICT unless the period `startDate`..`endDate` (null: open) of an enrolment of `programme` of the person overlaps
 * none of the person's other enrolments (any status: active, suspended, phasing out or ended, by their recorded dates)
 * in the same programme (ALREADY_ENROLLED, not for TEMPORARY) or an exclusive one (EXCLUSIVE_PROGRAMMES). `exceptId`:
 * the enrolment whose dates change (it is not compared with itself). Called with the person's row locked (record) or
 * the enrolment's (end), so concurrent writes of one person run one after the other.
 */
async function checkNoOverlap(
  tx: EntityManager, personId: string, programme: CivilAffairsProgramme, startDate: string, endDate: string | null, exceptId?: string,
): Promise<void> {
  const same = programme === 'TEMPORARY' ? [] : [programme];
  const others = [...same, ...EXCLUSIVE_PROGRAMMES[programme]];
  if (!others.length) return;
  const clash = (await tx.getRepository(Enrolment).findBy({ personId, programme: In(others) }))
    .filter((e) => e.id !== exceptId && periodsOverlap({ startDate, endDate }, e))
    .sort((a, b) => (a.programme === programme ? 0 : 1) - (b.programme === programme ? 0 : 1) || a.startDate.localeCompare(b.startDate));
  if (!clash.length) return;
  const c = clash[0];
  const period = `${c.startDate} to ${c.endDate ?? 'open'}`;
  if (c.programme === programme)
    throw conflict(`the person already has a ${programme} enrolment in that period (${period}): enrolments of one programme may not overlap`, 'ALREADY_ENROLLED');
  throw conflict(`DIBAO and TEKUN exclude each other: the person has a ${c.programme} enrolment in that period (${period})`, 'EXCLUSIVE_PROGRAMMES');
}

/** BAD_USER_INPUT BEFORE_BIRTH when an enrolment would start before the person's birth date (months not payable). */
function checkNotBeforeBirth(person: Pick<Person, 'birthDate'>, startDate: string, field = 'startDate'): void {
  if (person.birthDate && startDate < person.birthDate) throw badInput(`\`${field}\` is before the person's birth date`, field, 'BEFORE_BIRTH');
}

/**
 * Record a confirmed enrolment in one transaction. Rules: the person exists and is active; dates are real dates, the
 * start not before the person's birth date (BEFORE_BIRTH); the amount is positive for paid programmes and zero for
 * MARGINAL; its period does not overlap another enrolment of the person in the same programme (ALREADY_ENROLLED) or in
 * an exclusive one (EXCLUSIVE_PROGRAMMES: DIBAO and TEKUN, 社会救助暂行办法 art. 14) — checkNoOverlap.
 * The person's row is locked (SELECT ... FOR UPDATE on PostgreSQL; SQLite runs one writer at a time) before the checks:
 * concurrent enrolments of one person run one after the other, and each sees what the previous one committed.
 */
export async function recordEnrolment(ctx: SubgraphContext, input: RecordEnrolmentInput): Promise<Enrolment> {
  checkStartDate(input.programme, input.startDate);
  checkAmount(input.programme, input.amount);
  checkReviewCycle(input);
  return auditedWrite(ctx, (tx) =>
    idempotent(ctx, tx, 'recordEnrolment', input, {
      authorize: () => assertMayWriteCivilAffairs(ctx.identity),
      create: () => recordEnrolmentIn(ctx, tx, input),
      reload: (id) => tx.getRepository(Enrolment).findOneBy({ id }),
    }),
  );
}

/**
 * `recordEnrolment` inside the caller's transaction `tx` (the roster import runs one per row). `endDate`: the end date
 * the caller gives the enrolment in the same transaction (a roster row of an ended enrolment): its amount is the last
 * one paid, checked against the standard in force on that date rather than today's.
 */
export async function recordEnrolmentIn(ctx: SubgraphContext, tx: EntityManager, input: RecordEnrolmentInput, endDate?: string): Promise<Enrolment> {
  checkStartDate(input.programme, input.startDate);
  const amount = checkAmount(input.programme, input.amount);
  assertMayWriteCivilAffairs(ctx.identity);
  const person = await lockedRecord(tx, Person, { id: String(input.personId).toLowerCase() }, { notFound: 'no person has this id' });
  assertCanWrite(ctx.identity, 'CIVIL_AFFAIRS', person.townshipCode);
  if (person.status !== PersonStatus.ACTIVE) throw conflict('the person is not active in the registry', 'PERSON_NOT_ACTIVE');
  checkNotBeforeBirth(person, input.startDate);
  await checkAmountLimit(tx, person, input.programme, paidOn(input.programme, input.startDate, endDate ?? null), amount);
  const cycle = checkReviewCycle(input);
  // the period the enrolment will have: a one-off TEMPORARY aid its day, one ended in the same transaction (a roster
  // row) up to that end, otherwise open
  await checkNoOverlap(tx, person.id, input.programme, input.startDate, input.programme === 'TEMPORARY' ? input.startDate : endDate ?? null);
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
    // 复核: the first review is due one cycle after the start (review.rules.ts); an enrolment ended in the same
    // transaction (a roster row with an end date) has none
    reviewCycle: cycle,
    nextReviewDate: cycle && !endDate ? nextReviewDate(cycle, input.startDate) : null,
    version: 1,
  });
  await tx.getRepository(Enrolment).insert(e);
  const group = GROUP[input.programme];
  if (group) await tx.getRepository(PersonCoveredGroup).upsert({ personId: person.id, coveredGroup: group }, ['personId', 'coveredGroup']);
  ctx.audit.noteWrite({ entity: 'Enrolment', key: e.id, personId: person.id, action: 'create', changes: { programme: [null, e.programme], amount: [null, e.amount], startDate: [null, e.startDate] } });
  return e;
}

/** The review cycle of a new enrolment: YEARLY by default for DIBAO and TEKUN, none for the others (NOT_REVIEWED when given). */
function checkReviewCycle(input: Pick<RecordEnrolmentInput, 'programme' | 'reviewCycle'>): ReviewCycleValue | null {
  if (!isReviewed(input.programme)) {
    if (input.reviewCycle != null) throw badInput('only DIBAO and TEKUN enrolments have a review cycle', 'reviewCycle', 'NOT_REVIEWED');
    return null;
  }
  return input.reviewCycle ?? ReviewCycleValue.YEARLY;
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
  const e = await lockedRecord(tx, Enrolment, { id: String(enrolmentId).toLowerCase() }, { notFound: 'no enrolment has this id' });
  assertCanWrite(ctx.identity, 'CIVIL_AFFAIRS', e.townshipCode);
  const amount = checkAmount(e.programme, value).toFixed(2);
  if (amount === e.amount) return false;
  const person = await tx.getRepository(Person).findOneBy({ id: e.personId });
  if (person) await checkAmountLimit(tx, person, e.programme, paidOn(e.programme, e.startDate, e.endDate), new Decimal(amount));
  const before = e.amount;
  await updateLocked(tx, Enrolment, e, { amount, version: e.version + 1 });
  ctx.audit.noteWrite({ entity: 'Enrolment', key: e.id, personId: e.personId, action: 'update', changes: { amount: [before, amount], version: [e.version - 1, e.version] } });
  return true;
}

/**
 * End an active enrolment on `endDate` (not before its start; a later end than a phase-out's on record must not make it
 * overlap another enrolment, ALREADY_ENROLLED or EXCLUSIVE_PROGRAMMES); the covered-group tag goes with it.
 */
export async function endEnrolment(ctx: SubgraphContext, input: EndEnrolmentInput): Promise<Enrolment> {
  checkDateInWindow(input.endDate, 'endDate', { maxFutureDays: MAX_DAYS_AHEAD });
  return auditedWrite(ctx, (tx) => endEnrolmentIn(ctx, tx, input));
}

/** `endEnrolment` inside the caller's transaction `tx` (the roster import runs one per row). */
export async function endEnrolmentIn(ctx: SubgraphContext, tx: EntityManager, input: EndEnrolmentInput): Promise<Enrolment> {
  checkDateInWindow(input.endDate, 'endDate', { maxFutureDays: MAX_DAYS_AHEAD });
  assertMayWriteCivilAffairs(ctx.identity);
  // locked until the transaction ends: of concurrent callers ending it, one ends it and the others get ALREADY_ENDED
  const e = await lockedRecord(tx, Enrolment, { id: String(input.enrolmentId).toLowerCase() }, { notFound: 'no enrolment has this id' });
  assertCanWrite(ctx.identity, 'CIVIL_AFFAIRS', e.townshipCode);
  // a phase-out (渐退) past its end date has ended too, whether or not a batch has settled its stored status yet
  if (e.status === EnrolmentStatus.ENDED || (e.status === EnrolmentStatus.PHASING_OUT && e.endDate != null && e.endDate < clockToday()))
    throw conflict('the enrolment has already ended', 'ALREADY_ENDED');
  if (input.endDate < e.startDate) throw badInput('`endDate` is before the start date', 'endDate', 'END_BEFORE_START');
  // a later end than the one on record (a phase-out's) lengthens the period: it must not overlap then either
  if (e.endDate != null && input.endDate > e.endDate) await checkNoOverlap(tx, e.personId, e.programme, e.startDate, input.endDate, e.id);
  const before = { status: e.status, endDate: e.endDate };
  await updateLocked(tx, Enrolment, e, { status: EnrolmentStatus.ENDED, endDate: input.endDate, nextReviewDate: null, version: e.version + 1 });
  const group = GROUP[e.programme];
  if (group) await tx.getRepository(PersonCoveredGroup).delete({ personId: e.personId, coveredGroup: group });
  ctx.audit.noteWrite({ entity: 'Enrolment', key: e.id, personId: e.personId, action: 'update', changes: { status: [before.status, 'ENDED'], endDate: [before.endDate, input.endDate] } });
  return e;
}
