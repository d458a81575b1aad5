import crypto from 'node:crypto';
import { Not, type EntityManager } from 'typeorm';
import {
  assertCanWrite, assertHouseholdInRegistry, assertHouseholdMember, assertPersonsInRegistry, auditedWrite, badInput, checkAmountAtMost, conflict,
  idempotent, lockedRecord, updateLocked, type SubgraphContext, checkUuid,
} from '@aidgraph/subgraph-kit';
import { DisasterRelief } from './disaster-relief.entity';
import { DEPARTMENT, DisasterReliefStatus, DisasterReliefType } from './disaster-relief.enums';
import { MAX_TRANSITIONAL_DAYS, RELIEF_WINDOW_DAYS, ineligibility, reliefLimit } from './disaster-relief.rules';
import type { CorrectDisasterReliefInput, GrantDisasterReliefInput } from './disaster-relief.input';
import { DisasterEvent } from '../disaster-event/disaster-event.entity';
import { DisasterAssessment } from '../disaster-assessment/disaster-assessment.entity';
import { lockHouseholdForWrite, membersOnEventStart } from '../disaster-assessment/disaster-assessment.service';
import {
  checkDate, checkNotBefore, checkPositiveYuan, checkWithinDays, daysInclusive, notFoundAt,
} from '../common/validation';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** How far ahead the end of a transitional period may be dated: a period granted today may run 3 months. */
const PERIOD_DAYS_AHEAD = MAX_TRANSITIONAL_DAYS;

/** The end of a transitional period: a date on or after its start, at most MAX_TRANSITIONAL_DAYS days long. */
function checkPeriodEnd(periodEnd: string, periodStart: string, field = 'periodEnd'): string {
  checkDate(periodEnd, field, { maxFutureDays: PERIOD_DAYS_AHEAD });
  checkNotBefore(periodEnd, periodStart, field, 'END_BEFORE_START', 'the start of the period');
  if (daysInclusive(periodStart, periodEnd) > MAX_TRANSITIONAL_DAYS)
    throw badInput(`the transitional period is longer than ${MAX_TRANSITIONAL_DAYS} days (3 months)`, field, 'PERIOD_TOO_LONG');
  return periodEnd;
}

/** The transitional period of an input: required for TRANSITIONAL, refused (NOT_APPLICABLE) for every other type. */
function checkPeriod(input: GrantDisasterReliefInput): { start: string; end: string } | null {
  if (input.reliefType !== DisasterReliefType.TRANSITIONAL) {
    for (const f of ['periodStart', 'periodEnd'] as const)
      if (input[f] != null) throw badInput(`\`${f}\` applies to TRANSITIONAL relief only`, f, 'NOT_APPLICABLE');
    return null;
  }
  if (input.periodStart == null) throw badInput('TRANSITIONAL relief needs `periodStart`', 'periodStart', 'REQUIRED');
  if (input.periodEnd == null) throw badInput('TRANSITIONAL relief needs `periodEnd`', 'periodEnd', 'REQUIRED');
  const start = checkDate(input.periodStart, 'periodStart', { maxFutureDays: PERIOD_DAYS_AHEAD });
  return { start, end: checkPeriodEnd(input.periodEnd, start) };
}

/**
 * Grant a disaster relief (one transaction). EMERGENCY_MANAGEMENT officers only. The household must be in civil affairs'
 * registry and the recipient an active member of it (both asked before the transaction); a retried request with the same idempotencyKey returns
 * the first result; the household is locked before its assessment is read and the duplicate check, so of concurrent
 * identical requests one grants and the others get CONFLICT DUPLICATE_RELIEF.
 */
export async function grantDisasterRelief(ctx: SubgraphContext, input: GrantDisasterReliefInput): Promise<DisasterRelief> {
  assertCanWrite(ctx.identity, DEPARTMENT);
  // the registry is asked before the write transaction (grantDisasterReliefIn's own check is then answered from it)
  if (UUID.test(input.personId)) await assertPersonsInRegistry(ctx, [{ id: input.personId, field: 'personId' }], { active: true });
  if (UUID.test(input.householdId)) await assertHouseholdInRegistry(ctx, input.householdId, 'householdId');
  return auditedWrite(ctx, (tx) =>
    idempotent(ctx, tx, 'grantDisasterRelief', input, {
      authorize: () => assertCanWrite(ctx.identity, DEPARTMENT),
      create: () => grantDisasterReliefIn(ctx, tx, input),
      reload: (id) => tx.getRepository(DisasterRelief).findOneBy({ id }),
    }),
  );
}

/**
 * `grantDisasterRelief` inside the caller's transaction `tx` (the roster import runs one per row). Rules, in order:
 * valid fields (BAD_USER_INPUT), the recipient in the registry (NOT_FOUND NOT_IN_REGISTRY, CONFLICT PERSON_NOT_ACTIVE),
 * the household in the registry (NOT_FOUND NOT_IN_REGISTRY) with the recipient an active member of it (BAD_USER_INPUT
 * NOT_A_MEMBER; not asked in the roster import, whose household is the registry's household of the recipient), the event (NOT_FOUND UNKNOWN_EVENT) and dates relative to it (BEFORE_EVENT, AFTER_RELIEF_WINDOW), the household's
 * assessment for the event (CONFLICT NOT_ASSESSED; the grant not before it: BEFORE_ASSESSMENT), the type's eligibility
 * (CONFLICT NOT_ELIGIBLE), the standard (AMOUNT_ABOVE_LIMIT: the assessment's people affected and deaths, each at most
 * the registry household's members on the event's start), one standing grant of a type per household and event
 * (CONFLICT DUPLICATE_RELIEF). The grant's township is the assessment's, which must be the household's (CONFLICT
 * NOT_THE_HOUSEHOLDS_TOWNSHIP for an assessment recorded otherwise before that was checked).
 */
export async function grantDisasterReliefIn(ctx: SubgraphContext, tx: EntityManager, input: GrantDisasterReliefInput): Promise<DisasterRelief> {
  assertCanWrite(ctx.identity, DEPARTMENT);
  const eventId = checkUuid(input.eventId, 'eventId');
  const householdId = checkUuid(input.householdId, 'householdId');
  const personId = checkUuid(input.personId, 'personId');
  const amount = checkPositiveYuan(input.amount, 'amount');
  const grantedOn = checkDate(input.grantedOn, 'grantedOn');
  const period = checkPeriod(input);
  const recipient = (await assertPersonsInRegistry(ctx, [{ id: personId, field: 'personId' }], { active: true })).get(personId);
  const household = await assertHouseholdInRegistry(ctx, householdId, 'householdId');
  assertHouseholdMember(household, personId, 'personId', { active: true });
  const event = await tx.getRepository(DisasterEvent).findOneBy({ id: eventId });
  if (!event) throw notFoundAt('no disaster event has this id', 'eventId', 'UNKNOWN_EVENT');
  checkNotBefore(grantedOn, event.startDate, 'grantedOn', 'BEFORE_EVENT', 'the event\'s start');
  checkWithinDays(grantedOn, event.startDate, RELIEF_WINDOW_DAYS[input.reliefType], 'grantedOn', 'AFTER_RELIEF_WINDOW', `the event's start (the ${input.reliefType} window)`);
  if (period) checkNotBefore(period.start, event.startDate, 'periodStart', 'BEFORE_EVENT', 'the event\'s start');
  await lockHouseholdForWrite(tx, householdId);
  const assessment = await tx.getRepository(DisasterAssessment).findOneBy({ eventId, householdId });
  if (!assessment) throw conflict('the household is not assessed for this event: assess it first (核灾)', 'NOT_ASSESSED');
  checkNotBefore(grantedOn, assessment.assessedOn, 'grantedOn', 'BEFORE_ASSESSMENT', 'the household\'s assessment');
  // the household's township: the registry's answer, or (the roster import, which does not ask for households) its member the recipient's
  const householdTownship = household?.townshipCode ?? recipient?.townshipCode;
  if (householdTownship && assessment.townshipCode !== householdTownship)
    throw conflict('the household\'s assessment is of another township than the household\'s: it cannot ground a grant', 'NOT_THE_HOUSEHOLDS_TOWNSHIP');
  const why = ineligibility(input.reliefType, assessment);
  if (why) throw conflict(why, 'NOT_ELIGIBLE');
  // the standard counts people and deaths the registry household can have had (an assessment recorded before that was checked may count more)
  const present = household ? membersOnEventStart(household, event.startDate) : Infinity;
  const counted = { ...assessment, peopleAffected: Math.min(assessment.peopleAffected, present), deaths: Math.min(assessment.deaths, present) };
  const limit = reliefLimit(input.reliefType, counted, grantedOn, period);
  if (limit) checkAmountAtMost(amount, 'amount', limit);
  const repo = tx.getRepository(DisasterRelief);
  if (await repo.findOneBy({ eventId, householdId, reliefType: input.reliefType, status: Not(DisasterReliefStatus.REVOKED) }))
    throw conflict(`the household already has a ${input.reliefType} relief for this event`, 'DUPLICATE_RELIEF');
  const rec = repo.create({
    id: crypto.randomUUID(), eventId, householdId, personId, reliefType: input.reliefType, amount, grantedOn,
    periodStart: period?.start ?? null, periodEnd: period?.end ?? null, status: DisasterReliefStatus.GRANTED, townshipCode: assessment.townshipCode,
  });
  await repo.insert(rec);
  ctx.audit.noteWrite({
    entity: 'DisasterRelief', key: rec.id, personId, action: 'create',
    changes: {
      eventId: [null, eventId], householdId: [null, householdId], reliefType: [null, rec.reliefType], amount: [null, amount],
      grantedOn: [null, grantedOn], periodStart: [null, rec.periodStart], periodEnd: [null, rec.periodEnd],
    },
  });
  return rec;
}

/** Correct a disaster relief grant; only the given fields change. EMERGENCY_MANAGEMENT officers only. NOT_FOUND for an unknown id. */
export async function correctDisasterRelief(ctx: SubgraphContext, input: CorrectDisasterReliefInput): Promise<DisasterRelief> {
  assertCanWrite(ctx.identity, DEPARTMENT);
  return auditedWrite(ctx, (tx) => correctDisasterReliefIn(ctx, tx, input));
}

/**
 * `correctDisasterRelief` inside the caller's transaction `tx`. The household, then the grant, are locked (concurrent
 * corrections apply one after the other, none lost). A PAID grant cannot go back to GRANTED (CONFLICT ALREADY_PAID);
 * reinstating a REVOKED grant is CONFLICT DUPLICATE_RELIEF while another of its type stands, NOT_ELIGIBLE when the
 * assessment no longer allows it; a new amount or period end is checked against the standard again.
 */
export async function correctDisasterReliefIn(ctx: SubgraphContext, tx: EntityManager, input: CorrectDisasterReliefInput): Promise<DisasterRelief> {
  assertCanWrite(ctx.identity, DEPARTMENT);
  const id = checkUuid(input.id, 'id');
  const amount = input.amount != null ? checkPositiveYuan(input.amount, 'amount') : undefined;
  const rec = await lockedRecord(tx, DisasterRelief, { id }, {
    notFound: 'no disaster relief grant has this id',
    before: (found) => lockHouseholdForWrite(tx, found.householdId),
  });
  let periodEnd: string | undefined;
  if (input.periodEnd != null) {
    if (rec.reliefType !== DisasterReliefType.TRANSITIONAL || !rec.periodStart) throw badInput('`periodEnd` applies to TRANSITIONAL relief only', 'periodEnd', 'NOT_APPLICABLE');
    periodEnd = checkPeriodEnd(input.periodEnd, rec.periodStart);
  }
  const assessment = await tx.getRepository(DisasterAssessment).findOneByOrFail({ eventId: rec.eventId, householdId: rec.householdId });
  const status = input.status ?? rec.status;
  if (rec.status === DisasterReliefStatus.PAID && status === DisasterReliefStatus.GRANTED)
    throw conflict('a paid grant cannot go back to granted: revoke it instead', 'ALREADY_PAID');
  if (rec.status === DisasterReliefStatus.REVOKED && status !== DisasterReliefStatus.REVOKED) {
    const other = await tx.getRepository(DisasterRelief).findOneBy({
      id: Not(rec.id), eventId: rec.eventId, householdId: rec.householdId, reliefType: rec.reliefType, status: Not(DisasterReliefStatus.REVOKED),
    });
    if (other) throw conflict(`the household already has a ${rec.reliefType} relief for this event`, 'DUPLICATE_RELIEF');
    const why = ineligibility(rec.reliefType, assessment);
    if (why) throw conflict(why, 'NOT_ELIGIBLE');
  }
  const next = { amount: amount ?? rec.amount, periodEnd: periodEnd ?? rec.periodEnd };
  if (amount !== undefined || periodEnd !== undefined) {
    const period = rec.periodStart && next.periodEnd ? { start: rec.periodStart, end: next.periodEnd } : null;
    const limit = reliefLimit(rec.reliefType, assessment, rec.grantedOn, period);
    if (limit) checkAmountAtMost(next.amount, amount !== undefined ? 'amount' : 'periodEnd', limit);
  }
  const patch: Partial<DisasterRelief> = {};
  const changes: Record<string, [unknown, unknown]> = {};
  if (next.amount !== rec.amount) (patch.amount = next.amount), (changes.amount = [rec.amount, next.amount]);
  if (next.periodEnd !== rec.periodEnd) (patch.periodEnd = next.periodEnd), (changes.periodEnd = [rec.periodEnd, next.periodEnd]);
  if (status !== rec.status) (patch.status = status), (changes.status = [rec.status, status]);
  if (!Object.keys(patch).length) return rec;
  const updated = await updateLocked(tx, DisasterRelief, rec, patch);
  ctx.audit.noteWrite({ entity: 'DisasterRelief', key: rec.id, personId: rec.personId, action: 'update', changes });
  return updated;
}
