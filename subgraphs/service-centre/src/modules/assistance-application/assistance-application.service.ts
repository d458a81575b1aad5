import crypto from 'node:crypto';
import { Not, type EntityManager } from 'typeorm';
import {
  Decimal, assertCanWrite, assertPersonsInRegistry, auditedWrite, badInput, checkAmountAtMost, checkDateInWindow, conflict, idempotent,
  isTownshipCode, lockPersonForWrite, lockedRecord, updateLocked, type SubgraphContext,
} from '@aidgraph/subgraph-kit';
import { AssistanceApplication } from './assistance-application.entity';
import { DEPARTMENT, AssistanceApplicationStatus } from './assistance-application.enums';
import type { CorrectAssistanceApplicationInput, RecordAssistanceApplicationInput } from './assistance-application.input';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** An input sanity bound (AMOUNT_ABOVE_LIMIT above it); a policy table of limits with effective dates replaces it (see education). */
const MAX_AMOUNT = new Decimal('100000');
/** The first decision date accepted (BEFORE_PROGRAMME before it): the unified system's start (胶政发〔2020〕106号). */
const EARLIEST = '2020-12-16';

function checkAmount(amount: string, field = 'amount'): string {
  const a = new Decimal(amount);
  if (!a.greaterThan(0)) throw badInput('the amount must be above 0 yuan', field, 'BAD_AMOUNT');
  checkAmountAtMost(a, field, { max: MAX_AMOUNT, what: 'the most a 一窗受理 record may be' });
  return a.toFixed(2);
}

/**
 * Validate and add a 一窗受理 record (one transaction). SOCIAL_ASSISTANCE_CENTRE officers only. A retried request with the same
 * idempotencyKey returns the first result; the person's records are locked before the duplicate check, so concurrent
 * identical requests add one record (the others get CONFLICT DUPLICATE_RECORD).
 */
export async function recordAssistanceApplication(ctx: SubgraphContext, input: RecordAssistanceApplicationInput): Promise<AssistanceApplication> {
  assertCanWrite(ctx.identity, DEPARTMENT);
  // the registry is asked before the write transaction (recordAssistanceApplicationIn's own check is then answered from it)
  if (UUID.test(input.personId)) await assertPersonsInRegistry(ctx, [{ id: input.personId, field: 'personId' }], { active: true });
  return auditedWrite(ctx, (tx) =>
    idempotent(ctx, tx, 'recordAssistanceApplication', input, {
      authorize: () => assertCanWrite(ctx.identity, DEPARTMENT),
      create: () => recordAssistanceApplicationIn(ctx, tx, input),
      reload: (id) => tx.getRepository(AssistanceApplication).findOneBy({ id }),
    }),
  );
}

/** `recordAssistanceApplication` inside the caller's transaction `tx` (the roster import runs one per row). */
export async function recordAssistanceApplicationIn(ctx: SubgraphContext, tx: EntityManager, input: RecordAssistanceApplicationInput): Promise<AssistanceApplication> {
  assertCanWrite(ctx.identity, DEPARTMENT);
  if (!UUID.test(input.personId)) throw badInput('`personId` is not a registry id', 'personId', 'BAD_ID');
  if (!isTownshipCode(input.townshipCode)) throw badInput('`townshipCode` is not a Jiaozhou township code', 'townshipCode', 'UNKNOWN_TOWNSHIP');
  checkDateInWindow(input.decidedOn, 'decidedOn', { earliest: EARLIEST, earliestWhat: 'the unified social assistance system (胶政发〔2020〕106号)', maxFutureDays: 0 });
  const amount = checkAmount(input.amount);
  await assertPersonsInRegistry(ctx, [{ id: input.personId, field: 'personId' }], { active: true });
  const repo = tx.getRepository(AssistanceApplication);
  const personId = input.personId.toLowerCase();
  await lockPersonForWrite(tx, personId);
  const dup = await repo.findOneBy({ personId, decidedOn: input.decidedOn, status: Not(AssistanceApplicationStatus.REVOKED) });
  if (dup) throw conflict('this person already has a 一窗受理 record decided on this date', 'DUPLICATE_RECORD');
  const rec = repo.create({
    id: crypto.randomUUID(), personId, amount, status: AssistanceApplicationStatus.APPROVED, decidedOn: input.decidedOn, townshipCode: input.townshipCode,
  });
  await repo.insert(rec);
  ctx.audit.noteWrite({ entity: 'AssistanceApplication', key: rec.id, personId, action: 'create', changes: { amount: [null, amount], decidedOn: [null, rec.decidedOn] } });
  return rec;
}

/** Correct a 一窗受理 record; only the given fields change. SOCIAL_ASSISTANCE_CENTRE officers only. NOT_FOUND for an unknown id. */
export async function correctAssistanceApplication(ctx: SubgraphContext, input: CorrectAssistanceApplicationInput): Promise<AssistanceApplication> {
  return auditedWrite(ctx, (tx) => correctAssistanceApplicationIn(ctx, tx, input));
}

/**
 * `correctAssistanceApplication` inside the caller's transaction `tx`. The record is read under its lock (concurrent corrections
 * apply one after the other, none lost); reinstating a REVOKED record is CONFLICT DUPLICATE_RECORD while the person has
 * another record decided that day.
 */
export async function correctAssistanceApplicationIn(ctx: SubgraphContext, tx: EntityManager, input: CorrectAssistanceApplicationInput): Promise<AssistanceApplication> {
  assertCanWrite(ctx.identity, DEPARTMENT);
  if (!UUID.test(input.id)) throw badInput('`id` is not a record id', 'id', 'BAD_ID');
  const amount = input.amount != null ? checkAmount(input.amount) : undefined;
  const rec = await lockedRecord(tx, AssistanceApplication, { id: input.id.toLowerCase() }, {
    notFound: 'no 一窗受理 record has this id',
    before: (found) => lockPersonForWrite(tx, found.personId),
  });
  if (rec.status === AssistanceApplicationStatus.REVOKED && input.status != null && input.status !== AssistanceApplicationStatus.REVOKED) {
    const dup = await tx.getRepository(AssistanceApplication).findOneBy({ id: Not(rec.id), personId: rec.personId, decidedOn: rec.decidedOn, status: Not(AssistanceApplicationStatus.REVOKED) });
    if (dup) throw conflict('this person already has a 一窗受理 record decided on this date', 'DUPLICATE_RECORD');
  }
  const changes: Record<string, [unknown, unknown]> = {};
  const patch: Partial<AssistanceApplication> = {};
  if (amount !== undefined && amount !== rec.amount) (patch.amount = amount), (changes.amount = [rec.amount, amount]);
  if (input.status != null && input.status !== rec.status) (patch.status = input.status), (changes.status = [rec.status, input.status]);
  if (Object.keys(patch).length) {
    await updateLocked(tx, AssistanceApplication, rec, patch);
    ctx.audit.noteWrite({ entity: 'AssistanceApplication', key: rec.id, personId: rec.personId, action: 'update', changes });
  }
  return rec;
}
