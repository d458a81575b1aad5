import crypto from 'node:crypto';
import type { EntityManager } from 'typeorm';
import {
  Decimal, assertCanWrite, badInput, conflict, idempotent, isTownshipCode, lockedRecord, updateLocked, auditedWrite,
  type SubgraphContext, assertPersonsInRegistry, checkAmountAtMost, checkUuid,
} from '@aidgraph/subgraph-kit';
import { CharityGrant } from './charity-grant.entity';
import { CharityGrantStatus, CharityRecipientKind } from './charity-grant.enums';
import type { RecordCharityGrantInput, WithdrawCharityGrantInput } from './charity-grant.input';
import { CHARITY_FEDERATION, lockProject } from '../charity-project/charity-project.service';
import { projectTotals } from '../charity-project/charity-project.totals';
import { checkAmount, checkDate, checkText } from '../common/validation';
import { charityGrantLimit } from '../common/charity-limits';

const MAX_GRANT = '200000.00';

/**
 * Record a charity grant (one transaction). The project row is locked first, then its balance is summed: two grants
 * racing for the last of a balance run one after the other, and the second sees the first. Refused: a closed project
 * (CONFLICT PROJECT_CLOSED), a date outside the project's period (BAD_USER_INPUT), an amount above the balance
 * (CONFLICT INSUFFICIENT_BALANCE) — and then nothing changes.
 */
export async function recordCharityGrant(ctx: SubgraphContext, input: RecordCharityGrantInput): Promise<CharityGrant> {
  // the registry is asked before the write transaction (recordCharityGrantIn's own check is then answered from it)
  assertCanWrite(ctx.identity, CHARITY_FEDERATION);
  if (input.personId) await assertPersonsInRegistry(ctx, [{ id: checkUuid(input.personId, 'personId'), field: 'personId' }], { active: true });
  return auditedWrite(ctx, (tx) =>
    idempotent(ctx, tx, 'recordCharityGrant', input, {
      authorize: () => assertCanWrite(ctx.identity, CHARITY_FEDERATION),
      create: () => recordCharityGrantIn(ctx, tx, input),
      reload: (id) => tx.getRepository(CharityGrant).findOneBy({ id }),
    }),
  );
}

/** `recordCharityGrant` inside the caller's transaction `tx` (the roster import runs one per row). */
export async function recordCharityGrantIn(ctx: SubgraphContext, tx: EntityManager, input: RecordCharityGrantInput): Promise<CharityGrant> {
  assertCanWrite(ctx.identity, CHARITY_FEDERATION);
  const projectId = checkUuid(input.projectId, 'projectId');
  const hasPerson = input.personId != null && input.personId !== '';
  const hasHousehold = input.householdId != null && input.householdId !== '';
  if (hasPerson === hasHousehold)
    throw badInput('give exactly one recipient: personId or householdId', hasPerson ? 'householdId' : 'personId', 'ONE_RECIPIENT');
  const personId = hasPerson ? checkUuid(input.personId!, 'personId') : null;
  const householdId = hasHousehold ? checkUuid(input.householdId!, 'householdId') : null;
  if (!isTownshipCode(input.townshipCode)) throw badInput('`townshipCode` is not a Jiaozhou township code', 'townshipCode', 'UNKNOWN_TOWNSHIP');
  const amount = checkAmount(input.amount, 'amount', MAX_GRANT);
  const grantedOn = checkDate(input.grantedOn, 'grantedOn', { maxFutureDays: 0 });
  const reason = checkText(input.reason, 'reason', 1, 200);
  const limit = charityGrantLimit(!personId, grantedOn);
  if (limit) checkAmountAtMost(amount, 'amount', limit);
  if (personId) await assertPersonsInRegistry(ctx, [{ id: personId, field: 'personId' }], { active: true });
  const project = await lockProject(tx, projectId);
  if (grantedOn < project.startDate || grantedOn > project.endDate)
    throw badInput('`grantedOn` is outside the project\'s period', 'grantedOn', 'OUTSIDE_PROJECT_PERIOD');
  const [totals] = await projectTotals(tx, [projectId]);
  if (new Decimal(amount).greaterThan(totals.balance))
    throw conflict(`the grant exceeds the project's balance (${totals.balance} yuan)`, 'INSUFFICIENT_BALANCE');
  const g = tx.getRepository(CharityGrant).create({
    id: crypto.randomUUID(), projectId, recipientKind: personId ? CharityRecipientKind.PERSON : CharityRecipientKind.HOUSEHOLD,
    personId, householdId, townshipCode: input.townshipCode, amount, grantedOn, reason, status: CharityGrantStatus.GRANTED,
    withdrawnOn: null, withdrawReason: null,
  });
  await tx.getRepository(CharityGrant).insert(g);
  ctx.audit.noteWrite({
    entity: 'CharityGrant', key: g.id, personId: personId ?? undefined, action: 'create',
    changes: {
      projectId: [null, projectId], recipientKind: [null, g.recipientKind], householdId: [null, householdId],
      townshipCode: [null, g.townshipCode], amount: [null, amount], grantedOn: [null, grantedOn],
    },
  });
  return g;
}

/**
 * Correct a GRANTED grant of an OPEN project inside the caller's transaction (the roster import: a corrected roster's
 * amount, reason or township): the project row is locked first, as for a new grant; a higher amount must fit the
 * project's balance (CONFLICT INSUFFICIENT_BALANCE). Returns the fields changed.
 */
export async function correctCharityGrantIn(
  ctx: SubgraphContext,
  tx: EntityManager,
  input: { id: string; amount?: string; reason?: string; townshipCode?: string },
): Promise<string[]> {
  assertCanWrite(ctx.identity, CHARITY_FEDERATION);
  const id = checkUuid(input.id, 'id');
  const amount = input.amount != null ? checkAmount(input.amount, 'amount', MAX_GRANT) : undefined;
  const reason = input.reason != null ? checkText(input.reason, 'reason', 1, 200) : undefined;
  if (input.townshipCode != null && !isTownshipCode(input.townshipCode))
    throw badInput('`townshipCode` is not a Jiaozhou township code', 'townshipCode', 'UNKNOWN_TOWNSHIP');
  // the project first (as for a new grant), then the grant, read under its own lock
  const g = await lockedRecord(tx, CharityGrant, { id }, {
    notFound: 'no charity grant has this id',
    before: async (found) => void (await lockProject(tx, found.projectId)),
  });
  if (g.status !== CharityGrantStatus.GRANTED) throw conflict('a withdrawn grant cannot be corrected', 'ALREADY_WITHDRAWN');
  const limit = amount !== undefined ? charityGrantLimit(!g.personId, g.grantedOn) : undefined;
  if (limit) checkAmountAtMost(amount!, 'amount', limit);
  const patch: Partial<CharityGrant> = {};
  const changes: Record<string, [unknown, unknown]> = {};
  if (amount !== undefined && amount !== g.amount) {
    const [totals] = await projectTotals(tx, [g.projectId]);
    if (new Decimal(amount).minus(g.amount).greaterThan(totals.balance))
      throw conflict(`the corrected grant exceeds the project's balance (${totals.balance} yuan)`, 'INSUFFICIENT_BALANCE');
    patch.amount = amount;
    changes.amount = [g.amount, amount];
  }
  if (reason !== undefined && reason !== g.reason) {
    patch.reason = reason;
    changes.reason = ['(changed)', '(changed)'];
  }
  if (input.townshipCode != null && input.townshipCode !== g.townshipCode) {
    patch.townshipCode = input.townshipCode;
    changes.townshipCode = [g.townshipCode, input.townshipCode];
  }
  if (Object.keys(patch).length) {
    await updateLocked(tx, CharityGrant, g, patch);
    ctx.audit.noteWrite({ entity: 'CharityGrant', key: id, personId: g.personId ?? undefined, action: 'update', changes });
  }
  return Object.keys(patch);
}

/** Withdraw a GRANTED grant of an OPEN project: the amount returns to the project's balance. */
export async function withdrawCharityGrant(ctx: SubgraphContext, input: WithdrawCharityGrantInput): Promise<CharityGrant> {
  assertCanWrite(ctx.identity, CHARITY_FEDERATION);
  const id = checkUuid(input.id, 'id');
  const withdrawnOn = checkDate(input.withdrawnOn, 'withdrawnOn', { maxFutureDays: 0 });
  const reason = checkText(input.reason, 'reason', 1, 200);
  return auditedWrite(ctx, async (tx) => {
    // the project first (the amount returns to its balance), then the grant, read under its own lock
    const g = await lockedRecord(tx, CharityGrant, { id }, {
      notFound: 'no charity grant has this id',
      before: async (found) => void (await lockProject(tx, found.projectId)),
    });
    if (g.status !== CharityGrantStatus.GRANTED) throw conflict('the grant has already been withdrawn', 'ALREADY_WITHDRAWN');
    if (withdrawnOn < g.grantedOn) throw badInput('a grant cannot be withdrawn before it was made', 'withdrawnOn', 'BEFORE_GRANTED');
    const patch = { status: CharityGrantStatus.WITHDRAWN, withdrawnOn, withdrawReason: reason };
    ctx.audit.noteWrite({
      entity: 'CharityGrant', key: id, personId: g.personId ?? undefined, action: 'update',
      changes: { status: [g.status, patch.status], withdrawnOn: [null, withdrawnOn] },
    });
    return updateLocked(tx, CharityGrant, g, patch);
  });
}
