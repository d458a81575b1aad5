import crypto from 'node:crypto';
import { Not, type EntityManager } from 'typeorm';
import {
  assertCanWrite, assertHouseholdInRegistry, auditedWrite, badInput, conflict, idempotent, lockPersonForWrite, lockedRecord, updateLocked,
  type RegistryHousehold, type SubgraphContext, checkUuid,
} from '@aidgraph/subgraph-kit';
import { DisasterAssessment } from './disaster-assessment.entity';
import { DisasterEvent } from '../disaster-event/disaster-event.entity';
import { DisasterRelief } from '../disaster-relief/disaster-relief.entity';
import { DEPARTMENT, DisasterReliefStatus } from '../disaster-relief/disaster-relief.enums';
import { ineligibility } from '../disaster-relief/disaster-relief.rules';
import type { AssessDisasterHouseholdInput, CorrectDisasterAssessmentInput } from './disaster-assessment.input';
import { checkCount, checkDate, checkNotBefore, checkTownship, checkWithinDays, notFoundAt } from '../common/validation';

/** The most people one household's assessment may count (a bound against typing errors). */
export const MAX_PEOPLE_AFFECTED = 30;
/** How many days after the event's start a household may still be assessed. */
export const ASSESSMENT_WINDOW_DAYS = 365;

/**
 * Hold the lock on a household's disaster records (its assessments and reliefs) until `tx` ends: the key is the
 * household's registry id (a PostgreSQL advisory lock, the kit's lockPersonForWrite keyed by that id; SQLite has one
 * writer). Every rule over a household's records (one assessment per event, one relief of a type per event, no
 * downgrade below a standing relief) is checked under it.
 */
export function lockHouseholdForWrite(tx: EntityManager, householdId: string): Promise<void> {
  return lockPersonForWrite(tx, `household:${householdId}`);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * How many people the registry household had on the event's start: its ACTIVE members and those whose death or move
 * away took effect on or after that day (a member who died in the disaster is DECEASED in the registry by now, yet was
 * affected). The most people (and deaths) an assessment of the household for the event may count.
 */
export function membersOnEventStart(h: RegistryHousehold, eventStart: string): number {
  return h.members.filter((m) => m.status === 'ACTIVE' || (m.statusDate != null && m.statusDate >= eventStart)).length;
}

/** BAD_USER_INPUT ABOVE_HOUSEHOLD_SIZE when `peopleAffected` is more than the household had on the event's start (no check without a household). */
function checkWithinHousehold(peopleAffected: number, h: RegistryHousehold | null, eventStart: string, field = 'peopleAffected'): void {
  if (h && peopleAffected > membersOnEventStart(h, eventStart))
    throw badInput(`\`${field}\` is more than the household's members in the registry on the event's start`, field, 'ABOVE_HOUSEHOLD_SIZE');
}

function checkDeaths(deaths: number, peopleAffected: number, field = 'deaths'): number {
  checkCount(deaths, field, 0, MAX_PEOPLE_AFFECTED);
  if (deaths > peopleAffected) throw badInput(`\`${field}\` is more than the people affected`, field, 'DEATHS_ABOVE_AFFECTED');
  return deaths;
}

/**
 * Record the assessment of a household for a disaster event (one transaction). EMERGENCY_MANAGEMENT officers only. The
 * household must be in civil affairs' registry (asked before the transaction: NOT_FOUND NOT_IN_REGISTRY), assessed by
 * its own township (NOT_THE_HOUSEHOLDS_TOWNSHIP), and count at most the members it had on the event's start
 * (ABOVE_HOUSEHOLD_SIZE; deaths at most the people affected). A retried request with the same idempotencyKey returns
 * the first result; the event and then the household are locked before the duplicate check, so of concurrent identical
 * requests one records it and the others get CONFLICT DUPLICATE_ASSESSMENT.
 */
export async function assessDisasterHousehold(ctx: SubgraphContext, input: AssessDisasterHouseholdInput): Promise<DisasterAssessment> {
  assertCanWrite(ctx.identity, DEPARTMENT);
  // the registry is asked before the write transaction (assessDisasterHouseholdIn's own check is then answered from it)
  if (UUID.test(input.householdId)) await assertHouseholdInRegistry(ctx, input.householdId, 'householdId');
  return auditedWrite(ctx, (tx) =>
    idempotent(ctx, tx, 'assessDisasterHousehold', input, {
      authorize: () => assertCanWrite(ctx.identity, DEPARTMENT),
      create: () => assessDisasterHouseholdIn(ctx, tx, input),
      reload: (id) => tx.getRepository(DisasterAssessment).findOneBy({ id }),
    }),
  );
}

/** `assessDisasterHousehold` inside the caller's transaction `tx`. */
export async function assessDisasterHouseholdIn(ctx: SubgraphContext, tx: EntityManager, input: AssessDisasterHouseholdInput): Promise<DisasterAssessment> {
  assertCanWrite(ctx.identity, DEPARTMENT);
  const eventId = checkUuid(input.eventId, 'eventId');
  const householdId = checkUuid(input.householdId, 'householdId');
  const townshipCode = checkTownship(input.townshipCode, 'townshipCode');
  const peopleAffected = checkCount(input.peopleAffected, 'peopleAffected', 1, MAX_PEOPLE_AFFECTED);
  const deaths = checkDeaths(input.deaths ?? 0, peopleAffected);
  const assessedOn = checkDate(input.assessedOn, 'assessedOn');
  const household = await assertHouseholdInRegistry(ctx, householdId, 'householdId');
  // the event first (a correction of its townships waits for this assessment), then the household
  const event = await tx.getRepository(DisasterEvent).findOne({ where: { id: eventId }, ...(tx.connection.options.type === 'postgres' ? { lock: { mode: 'pessimistic_read' as const } } : {}) });
  if (!event) throw notFoundAt('no disaster event has this id', 'eventId', 'UNKNOWN_EVENT');
  if (!event.affectedTownshipCodes.includes(townshipCode))
    throw badInput('`townshipCode` is not one of the townships the event affected', 'townshipCode', 'TOWNSHIP_NOT_AFFECTED');
  checkNotBefore(assessedOn, event.startDate, 'assessedOn', 'BEFORE_EVENT', 'the event\'s start');
  checkWithinDays(assessedOn, event.startDate, ASSESSMENT_WINDOW_DAYS, 'assessedOn', 'OUTSIDE_EVENT_WINDOW', 'the event\'s start');
  // the township that assesses is the household's own (answered from the lookup above)
  await assertHouseholdInRegistry(ctx, householdId, 'householdId', { township: townshipCode });
  checkWithinHousehold(peopleAffected, household, event.startDate);
  await lockHouseholdForWrite(tx, householdId);
  const repo = tx.getRepository(DisasterAssessment);
  if (await repo.findOneBy({ eventId, householdId })) throw conflict('this household is already assessed for this event: correct that assessment', 'DUPLICATE_ASSESSMENT');
  const a = repo.create({ id: crypto.randomUUID(), eventId, householdId, townshipCode, damageLevel: input.damageLevel, peopleAffected, deaths, assessedOn });
  await repo.insert(a);
  ctx.audit.noteWrite({
    entity: 'DisasterAssessment', key: a.id, action: 'create',
    changes: {
      eventId: [null, eventId], householdId: [null, householdId], townshipCode: [null, townshipCode], damageLevel: [null, a.damageLevel],
      peopleAffected: [null, peopleAffected], deaths: [null, deaths], assessedOn: [null, assessedOn],
    },
  });
  return a;
}

/**
 * Correct an assessment (复核); only the given fields change. EMERGENCY_MANAGEMENT officers only. NOT_FOUND for an
 * unknown id. A new number of people affected is checked against the registry household (asked before the transaction).
 */
export async function correctDisasterAssessment(ctx: SubgraphContext, input: CorrectDisasterAssessmentInput): Promise<DisasterAssessment> {
  assertCanWrite(ctx.identity, DEPARTMENT);
  if (input.peopleAffected != null && UUID.test(input.id)) {
    // the household never changes: read it before the transaction to ask the registry outside it
    const found = await ctx.db.getRepository(DisasterAssessment).findOneBy({ id: input.id.toLowerCase() });
    if (found) await assertHouseholdInRegistry(ctx, found.householdId, 'id');
  }
  return auditedWrite(ctx, (tx) => correctDisasterAssessmentIn(ctx, tx, input));
}

/**
 * `correctDisasterAssessment` inside the caller's transaction `tx`. The household, then the assessment, are locked:
 * concurrent corrections apply one after the other, and a relief granted meanwhile is seen. A correction that would
 * leave a standing (not revoked) relief of the household for the event without its ground (a rebuilding subsidy for
 * a house no longer COLLAPSED or SEVERELY_DAMAGED, a consolation without a death) is CONFLICT RELIEF_STANDS: revoke it
 * first. A new number of people affected is at most the registry household's members on the event's start
 * (ABOVE_HOUSEHOLD_SIZE).
 */
export async function correctDisasterAssessmentIn(ctx: SubgraphContext, tx: EntityManager, input: CorrectDisasterAssessmentInput): Promise<DisasterAssessment> {
  assertCanWrite(ctx.identity, DEPARTMENT);
  const id = checkUuid(input.id, 'id');
  if (input.peopleAffected != null) checkCount(input.peopleAffected, 'peopleAffected', 1, MAX_PEOPLE_AFFECTED);
  if (input.deaths != null) checkCount(input.deaths, 'deaths', 0, MAX_PEOPLE_AFFECTED);
  const a = await lockedRecord(tx, DisasterAssessment, { id }, {
    notFound: 'no disaster assessment has this id',
    before: (found) => lockHouseholdForWrite(tx, found.householdId),
  });
  const next = {
    damageLevel: input.damageLevel ?? a.damageLevel,
    peopleAffected: input.peopleAffected ?? a.peopleAffected,
    deaths: input.deaths ?? a.deaths,
  };
  checkDeaths(next.deaths, next.peopleAffected, input.deaths != null ? 'deaths' : 'peopleAffected');
  if (input.peopleAffected != null && next.peopleAffected !== a.peopleAffected) {
    const event = await tx.getRepository(DisasterEvent).findOneByOrFail({ id: a.eventId });
    checkWithinHousehold(next.peopleAffected, await assertHouseholdInRegistry(ctx, a.householdId, 'id'), event.startDate);
  }
  const standing = await tx.getRepository(DisasterRelief).findBy({ eventId: a.eventId, householdId: a.householdId, status: Not(DisasterReliefStatus.REVOKED) });
  for (const r of standing) {
    const why = ineligibility(r.reliefType, next);
    if (why) throw conflict(`a standing ${r.reliefType} relief of the household needs the assessment as it is (${why}): revoke it first`, 'RELIEF_STANDS');
  }
  const patch: Partial<DisasterAssessment> = {};
  const changes: Record<string, [unknown, unknown]> = {};
  for (const k of ['damageLevel', 'peopleAffected', 'deaths'] as const)
    if (next[k] !== a[k]) ((patch as Record<string, unknown>)[k] = next[k]), (changes[k] = [a[k], next[k]]);
  if (!Object.keys(patch).length) return a;
  const updated = await updateLocked(tx, DisasterAssessment, a, patch);
  ctx.audit.noteWrite({ entity: 'DisasterAssessment', key: a.id, action: 'update', changes });
  return updated;
}
