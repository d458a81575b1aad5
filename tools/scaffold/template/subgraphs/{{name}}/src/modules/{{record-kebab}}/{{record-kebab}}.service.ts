import crypto from 'node:crypto';
import { Not, type EntityManager } from 'typeorm';
import {
  Decimal, assertCanWrite, assertPersonsInRegistry, auditedWrite, badInput, checkAmountAtMost, checkDateInWindow, conflict, idempotent,
  isTownshipCode, lockPersonForWrite, lockedRecord, updateLocked, type SubgraphContext,
} from '@aidgraph/subgraph-kit';
import { {{Record}} } from './{{record-kebab}}.entity';
import { DEPARTMENT, {{Record}}Status } from './{{record-kebab}}.enums';
import type { Correct{{Record}}Input, Record{{Record}}Input } from './{{record-kebab}}.input';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** An input sanity bound (AMOUNT_ABOVE_LIMIT above it); a policy table of limits with effective dates replaces it (see education). */
const MAX_AMOUNT = new Decimal('100000');
/** The first decision date accepted (BEFORE_PROGRAMME before it): the unified system's start (胶政发〔2020〕106号). */
const EARLIEST = '2020-12-16';

function checkAmount(amount: string, field = 'amount'): string {
  const a = new Decimal(amount);
  if (!a.greaterThan(0)) throw badInput('the amount must be above 0 yuan', field, 'BAD_AMOUNT');
  checkAmountAtMost(a, field, { max: MAX_AMOUNT, what: 'the most a {{programme}} record may be' });
  return a.toFixed(2);
}

/**
 * Validate and add a {{programme}} record (one transaction). {{CODE}} officers only. A retried request with the same
 * idempotencyKey returns the first result; the person's records are locked before the duplicate check, so concurrent
 * identical requests add one record (the others get CONFLICT DUPLICATE_RECORD).
 */
export async function record{{Record}}(ctx: SubgraphContext, input: Record{{Record}}Input): Promise<{{Record}}> {
  assertCanWrite(ctx.identity, DEPARTMENT);
  // the registry is asked before the write transaction (record{{Record}}In's own check is then answered from it)
  if (UUID.test(input.personId)) await assertPersonsInRegistry(ctx, [{ id: input.personId, field: 'personId' }], { active: true });
  return auditedWrite(ctx, (tx) =>
    idempotent(ctx, tx, 'record{{Record}}', input, {
      authorize: () => assertCanWrite(ctx.identity, DEPARTMENT),
      create: () => record{{Record}}In(ctx, tx, input),
      reload: (id) => tx.getRepository({{Record}}).findOneBy({ id }),
    }),
  );
}

/** `record{{Record}}` inside the caller's transaction `tx` (the roster import runs one per row). */
export async function record{{Record}}In(ctx: SubgraphContext, tx: EntityManager, input: Record{{Record}}Input): Promise<{{Record}}> {
  assertCanWrite(ctx.identity, DEPARTMENT);
  if (!UUID.test(input.personId)) throw badInput('`personId` is not a registry id', 'personId', 'BAD_ID');
  if (!isTownshipCode(input.townshipCode)) throw badInput('`townshipCode` is not a Jiaozhou township code', 'townshipCode', 'UNKNOWN_TOWNSHIP');
  checkDateInWindow(input.decidedOn, 'decidedOn', { earliest: EARLIEST, earliestWhat: 'the unified social assistance system (胶政发〔2020〕106号)', maxFutureDays: 0 });
  const amount = checkAmount(input.amount);
  await assertPersonsInRegistry(ctx, [{ id: input.personId, field: 'personId' }], { active: true });
  const repo = tx.getRepository({{Record}});
  const personId = input.personId.toLowerCase();
  await lockPersonForWrite(tx, personId);
  const dup = await repo.findOneBy({ personId, decidedOn: input.decidedOn, status: Not({{Record}}Status.REVOKED) });
  if (dup) throw conflict('this person already has a {{programme}} record decided on this date', 'DUPLICATE_RECORD');
  const rec = repo.create({
    id: crypto.randomUUID(), personId, amount, status: {{Record}}Status.APPROVED, decidedOn: input.decidedOn, townshipCode: input.townshipCode,
  });
  await repo.insert(rec);
  ctx.audit.noteWrite({ entity: '{{Record}}', key: rec.id, personId, action: 'create', changes: { amount: [null, amount], decidedOn: [null, rec.decidedOn] } });
  return rec;
}

/** Correct a {{programme}} record; only the given fields change. {{CODE}} officers only. NOT_FOUND for an unknown id. */
export async function correct{{Record}}(ctx: SubgraphContext, input: Correct{{Record}}Input): Promise<{{Record}}> {
  return auditedWrite(ctx, (tx) => correct{{Record}}In(ctx, tx, input));
}

/**
 * `correct{{Record}}` inside the caller's transaction `tx`. The record is read under its lock (concurrent corrections
 * apply one after the other, none lost); reinstating a REVOKED record is CONFLICT DUPLICATE_RECORD while the person has
 * another record decided that day.
 */
export async function correct{{Record}}In(ctx: SubgraphContext, tx: EntityManager, input: Correct{{Record}}Input): Promise<{{Record}}> {
  assertCanWrite(ctx.identity, DEPARTMENT);
  if (!UUID.test(input.id)) throw badInput('`id` is not a record id', 'id', 'BAD_ID');
  const amount = input.amount != null ? checkAmount(input.amount) : undefined;
  const rec = await lockedRecord(tx, {{Record}}, { id: input.id.toLowerCase() }, {
    notFound: 'no {{programme}} record has this id',
    before: (found) => lockPersonForWrite(tx, found.personId),
  });
  if (rec.status === {{Record}}Status.REVOKED && input.status != null && input.status !== {{Record}}Status.REVOKED) {
    const dup = await tx.getRepository({{Record}}).findOneBy({ id: Not(rec.id), personId: rec.personId, decidedOn: rec.decidedOn, status: Not({{Record}}Status.REVOKED) });
    if (dup) throw conflict('this person already has a {{programme}} record decided on this date', 'DUPLICATE_RECORD');
  }
  const changes: Record<string, [unknown, unknown]> = {};
  const patch: Partial<{{Record}}> = {};
  if (amount !== undefined && amount !== rec.amount) (patch.amount = amount), (changes.amount = [rec.amount, amount]);
  if (input.status != null && input.status !== rec.status) (patch.status = input.status), (changes.status = [rec.status, input.status]);
  if (Object.keys(patch).length) {
    await updateLocked(tx, {{Record}}, rec, patch);
    ctx.audit.noteWrite({ entity: '{{Record}}', key: rec.id, personId: rec.personId, action: 'update', changes });
  }
  return rec;
}
