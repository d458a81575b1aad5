import crypto from 'node:crypto';
import { In, Not, type EntityManager } from 'typeorm';
import {
  assertCanWrite, auditedWrite, badInput, conflict, idempotent, lockPersonForWrite, lockedRecord, updateLocked, type SubgraphContext, checkUuid,
} from '@aidgraph/subgraph-kit';
import { DisasterEvent } from './disaster-event.entity';
import { DisasterAssessment } from '../disaster-assessment/disaster-assessment.entity';
import { DEPARTMENT } from '../disaster-relief/disaster-relief.enums';
import type { CorrectDisasterEventInput, RecordDisasterEventInput } from './disaster-event.input';
import { checkDate, checkNotBefore, checkText, checkTownship } from '../common/validation';

/** The most townships an event can list: all of Jiaozhou's 14. */
const MAX_TOWNSHIPS = 14;

/** The advisory lock key of an event name (two events may not share a name: the relief roster names events by it). */
const nameLock = (name: string) => `disaster-event-name:${name}`;

/** Check a list of affected township codes: 1-14 Jiaozhou codes, no repeats (each code's own path in `field`). */
function checkTownships(codes: string[], field: string): string[] {
  if (!codes.length) throw badInput(`\`${field}\` must name at least one township`, field, 'TOO_SHORT');
  if (codes.length > MAX_TOWNSHIPS) throw badInput(`\`${field}\` names more than ${MAX_TOWNSHIPS} townships`, field, 'TOO_LONG');
  const seen = new Set<string>();
  codes.forEach((c, i) => {
    checkTownship(c, `${field}[${i}]`);
    if (seen.has(c)) throw badInput(`\`${field}\` names a township twice`, `${field}[${i}]`, 'DUPLICATE_TOWNSHIP');
    seen.add(c);
  });
  return [...codes].sort();
}

/** CONFLICT DUPLICATE_EVENT when another event (not `exceptId`) has this name; the name is locked first. */
async function assertNameFree(tx: EntityManager, name: string, exceptId?: string): Promise<void> {
  await lockPersonForWrite(tx, nameLock(name));
  const other = await tx.getRepository(DisasterEvent).findOneBy(exceptId ? { name, id: Not(exceptId) } : { name });
  if (other) throw conflict('another disaster event has this name', 'DUPLICATE_EVENT');
}

/**
 * Record a disaster event (one transaction). EMERGENCY_MANAGEMENT officers only. A retried request with the same
 * idempotencyKey returns the first result; the name is locked before the uniqueness check, so of concurrent identical
 * requests one records the event and the others get CONFLICT DUPLICATE_EVENT.
 */
export async function recordDisasterEvent(ctx: SubgraphContext, input: RecordDisasterEventInput): Promise<DisasterEvent> {
  assertCanWrite(ctx.identity, DEPARTMENT);
  return auditedWrite(ctx, (tx) =>
    idempotent(ctx, tx, 'recordDisasterEvent', input, {
      authorize: () => assertCanWrite(ctx.identity, DEPARTMENT),
      create: () => recordDisasterEventIn(ctx, tx, input),
      reload: (id) => tx.getRepository(DisasterEvent).findOneBy({ id }),
    }),
  );
}

/** `recordDisasterEvent` inside the caller's transaction `tx`. */
export async function recordDisasterEventIn(ctx: SubgraphContext, tx: EntityManager, input: RecordDisasterEventInput): Promise<DisasterEvent> {
  assertCanWrite(ctx.identity, DEPARTMENT);
  const name = checkText(input.name, 'name', 2, 60);
  const startDate = checkDate(input.startDate, 'startDate');
  const endDate = input.endDate != null ? checkDate(input.endDate, 'endDate') : null;
  if (endDate) checkNotBefore(endDate, startDate, 'endDate', 'END_BEFORE_START', 'the start date');
  const affectedTownshipCodes = checkTownships(input.affectedTownshipCodes, 'affectedTownshipCodes');
  await assertNameFree(tx, name);
  const repo = tx.getRepository(DisasterEvent);
  const event = repo.create({
    id: crypto.randomUUID(), name, hazardType: input.hazardType, startDate, endDate, responseLevel: input.responseLevel ?? null, affectedTownshipCodes,
  });
  await repo.insert(event);
  ctx.audit.noteWrite({
    entity: 'DisasterEvent', key: event.id, action: 'create',
    changes: {
      name: [null, name], hazardType: [null, event.hazardType], startDate: [null, startDate], endDate: [null, endDate],
      responseLevel: [null, event.responseLevel], affectedTownshipCodes: [null, affectedTownshipCodes.join(',')],
    },
  });
  return event;
}

/** Correct a disaster event; only the given fields change. EMERGENCY_MANAGEMENT officers only. NOT_FOUND for an unknown id. */
export async function correctDisasterEvent(ctx: SubgraphContext, input: CorrectDisasterEventInput): Promise<DisasterEvent> {
  assertCanWrite(ctx.identity, DEPARTMENT);
  return auditedWrite(ctx, (tx) => correctDisasterEventIn(ctx, tx, input));
}

/**
 * `correctDisasterEvent` inside the caller's transaction `tx`. The event is read under its lock (assessments of the
 * event lock it too, so a township cannot be removed while a household there is being assessed); concurrent
 * corrections apply one after the other.
 */
export async function correctDisasterEventIn(ctx: SubgraphContext, tx: EntityManager, input: CorrectDisasterEventInput): Promise<DisasterEvent> {
  assertCanWrite(ctx.identity, DEPARTMENT);
  const id = checkUuid(input.id, 'id');
  const name = input.name != null ? checkText(input.name, 'name', 2, 60) : undefined;
  const endDate = input.endDate != null ? checkDate(input.endDate, 'endDate') : undefined;
  const codes = input.affectedTownshipCodes != null ? checkTownships(input.affectedTownshipCodes, 'affectedTownshipCodes') : undefined;
  const event = await lockedRecord(tx, DisasterEvent, { id }, { notFound: 'no disaster event has this id' });
  const patch: Partial<DisasterEvent> = {};
  const changes: Record<string, [unknown, unknown]> = {};
  if (name !== undefined && name !== event.name) {
    await assertNameFree(tx, name, event.id);
    (patch.name = name), (changes.name = [event.name, name]);
  }
  if (endDate !== undefined && endDate !== event.endDate) {
    checkNotBefore(endDate, event.startDate, 'endDate', 'END_BEFORE_START', 'the start date');
    (patch.endDate = endDate), (changes.endDate = [event.endDate, endDate]);
  }
  if (input.responseLevel != null && input.responseLevel !== event.responseLevel)
    (patch.responseLevel = input.responseLevel), (changes.responseLevel = [event.responseLevel, input.responseLevel]);
  if (codes !== undefined && codes.join(',') !== event.affectedTownshipCodes.join(',')) {
    const removed = event.affectedTownshipCodes.filter((c) => !codes.includes(c));
    if (removed.length && (await tx.getRepository(DisasterAssessment).countBy({ eventId: event.id, townshipCode: In(removed) })))
      throw conflict('a township with assessments of this event cannot be removed from it', 'TOWNSHIP_HAS_ASSESSMENTS');
    (patch.affectedTownshipCodes = codes), (changes.affectedTownshipCodes = [event.affectedTownshipCodes.join(','), codes.join(',')]);
  }
  if (!Object.keys(patch).length) return event;
  const updated = await updateLocked(tx, DisasterEvent, event, patch);
  ctx.audit.noteWrite({ entity: 'DisasterEvent', key: event.id, action: 'update', changes });
  return updated;
}
