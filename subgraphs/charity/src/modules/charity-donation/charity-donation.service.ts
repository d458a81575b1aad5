import crypto from 'node:crypto';
import type { EntityManager } from 'typeorm';
import {
  Decimal, assertCanWrite, badInput, conflict, idempotent, lockedRecord, notFound, updateLocked, auditedWrite,
  type SubgraphContext, checkAmountAtMost, checkUuid,
} from '@aidgraph/subgraph-kit';
import { CharityDonation } from './charity-donation.entity';
import { CharityDonationStatus } from './charity-donation.enums';
import type { CorrectCharityDonationInput, RecordCharityDonationInput, RefundCharityDonationInput } from './charity-donation.input';
import type { CharityProject } from '../charity-project/charity-project.entity';
import { CHARITY_FEDERATION, lockProject } from '../charity-project/charity-project.service';
import { projectTotals } from '../charity-project/charity-project.totals';
import { checkAmount, checkDate, checkText } from '../common/validation';
import { charityDonationLimit } from '../common/charity-limits';

const MAX_DONATION = '50000000.00';
/** What the audit log keeps of a donor name: that it was set or changed, never the name. */
const REDACTED = '[redacted]';

function checkInPeriod(project: CharityProject, date: string, field: string): void {
  if (date < project.startDate || date > project.endDate)
    throw badInput(`\`${field}\` is outside the project's period`, field, 'OUTSIDE_PROJECT_PERIOD');
}

/** The donor name to store: none for an anonymous donation, a 1-100 character name otherwise. */
function donorToStore(anonymous: boolean, name: string | null | undefined, field = 'donorName'): string | null {
  if (anonymous) {
    if (name != null && name.trim() !== '') throw badInput('an anonymous donation stores no donor name', field, 'NAME_WITH_ANONYMOUS');
    return null;
  }
  if (name == null) throw badInput('a named donation needs the donor\'s name', field, 'REQUIRED');
  return checkText(name, field, 1, 100);
}

/** AMOUNT_ABOVE_LIMIT when a donation is above the table's maximum in force on its date (charity-donation-limits.json). */
function checkDonationLimit(receivedOn: string, amount: string): void {
  const limit = charityDonationLimit(receivedOn);
  if (limit) checkAmountAtMost(amount, 'amount', limit);
}

/** Record a donation received for an OPEN project, dated within its period (one transaction, project locked). */
export async function recordCharityDonation(ctx: SubgraphContext, input: RecordCharityDonationInput): Promise<CharityDonation> {
  assertCanWrite(ctx.identity, CHARITY_FEDERATION);
  const projectId = checkUuid(input.projectId, 'projectId');
  const anonymous = input.anonymous ?? false;
  const donor = donorToStore(anonymous, input.donorName);
  const amount = checkAmount(input.amount, 'amount', MAX_DONATION);
  const receivedOn = checkDate(input.receivedOn, 'receivedOn', { maxFutureDays: 0 });
  checkDonationLimit(receivedOn, amount);
  return auditedWrite(ctx, (tx) => idempotent(ctx, tx, 'recordCharityDonation', input, {
    authorize: () => assertCanWrite(ctx.identity, CHARITY_FEDERATION),
    create: async () => {
    const project = await lockProject(tx, projectId);
    checkInPeriod(project, receivedOn, 'receivedOn');
    const d = tx.getRepository(CharityDonation).create({
      id: crypto.randomUUID(), projectId, donorKind: input.donorKind, anonymous, donor, amount, receivedOn,
      status: CharityDonationStatus.RECEIVED, refundedOn: null, refundReason: null,
    });
    await tx.getRepository(CharityDonation).insert(d);
    ctx.audit.noteWrite({
      entity: 'CharityDonation', key: d.id, action: 'create',
      changes: {
        projectId: [null, projectId], donorKind: [null, d.donorKind], anonymous: [null, anonymous],
        donorName: [null, donor === null ? null : REDACTED], amount: [null, amount], receivedOn: [null, receivedOn],
      },
    });
    return d;
    },
    reload: (donationId) => tx.getRepository(CharityDonation).findOneBy({ id: donationId }),
  }));
}

/** The donation (NOT_FOUND), RECEIVED (CONFLICT ALREADY_REFUNDED), and its project, locked and OPEN. */
async function lockedDonation(tx: EntityManager, id: string) {
  // the project first (every write that changes its totals locks it), then the donation, read under its own lock
  let project: CharityProject | undefined;
  const d = await lockedRecord(tx, CharityDonation, { id }, {
    notFound: 'no donation has this id',
    before: async (found) => void (project = await lockProject(tx, found.projectId)),
  });
  if (!project) throw notFound('no donation has this id');
  if (d.status !== CharityDonationStatus.RECEIVED) throw conflict('the donation has been refunded: it can no longer change', 'ALREADY_REFUNDED');
  return { d, project: project as CharityProject };
}

/** Refuse (CONFLICT INSUFFICIENT_BALANCE) taking `less` yuan out of the project's received total when the balance would go below zero. */
async function assertBalanceCovers(tx: EntityManager, projectId: string, less: Decimal): Promise<void> {
  const [totals] = await projectTotals(tx, [projectId]);
  if (new Decimal(totals.balance).lessThan(less))
    throw conflict(`the project's balance (${totals.balance} yuan) would fall below zero: part of this donation has already been granted`, 'INSUFFICIENT_BALANCE');
}

/** Correct a RECEIVED donation of an OPEN project; lowering the amount must leave the balance at zero or above. */
export async function correctCharityDonation(ctx: SubgraphContext, input: CorrectCharityDonationInput): Promise<CharityDonation> {
  assertCanWrite(ctx.identity, CHARITY_FEDERATION);
  const id = checkUuid(input.id, 'id');
  const amount = input.amount != null ? checkAmount(input.amount, 'amount', MAX_DONATION) : undefined;
  const receivedOn = input.receivedOn != null ? checkDate(input.receivedOn, 'receivedOn', { maxFutureDays: 0 }) : undefined;
  return auditedWrite(ctx, async (tx) => {
    const { d, project } = await lockedDonation(tx, id);
    const patch: Partial<CharityDonation> = {};
    const changes: Record<string, [unknown, unknown]> = {};
    if (amount !== undefined || receivedOn !== undefined) checkDonationLimit(receivedOn ?? d.receivedOn, amount ?? d.amount);
    if (amount !== undefined && amount !== d.amount) {
      const less = new Decimal(d.amount).minus(amount);
      if (less.greaterThan(0)) await assertBalanceCovers(tx, project.id, less);
      patch.amount = amount;
      changes.amount = [d.amount, amount];
    }
    if (receivedOn !== undefined && receivedOn !== d.receivedOn) {
      checkInPeriod(project, receivedOn, 'receivedOn');
      patch.receivedOn = receivedOn;
      changes.receivedOn = [d.receivedOn, receivedOn];
    }
    if (input.donorKind != null && input.donorKind !== d.donorKind) {
      patch.donorKind = input.donorKind;
      changes.donorKind = [d.donorKind, input.donorKind];
    }
    const anonymous = input.anonymous ?? d.anonymous;
    if (input.anonymous != null || input.donorName != null) {
      const donor = donorToStore(anonymous, input.donorName ?? (anonymous ? null : d.donor));
      if (anonymous !== d.anonymous) (patch.anonymous = anonymous), (changes.anonymous = [d.anonymous, anonymous]);
      if (donor !== d.donor) {
        patch.donor = donor;
        changes.donorName = [d.donor === null ? null : REDACTED, donor === null ? null : REDACTED];
      }
    }
    if (Object.keys(patch).length) {
      await updateLocked(tx, CharityDonation, d, patch);
      ctx.audit.noteWrite({ entity: 'CharityDonation', key: id, action: 'update', changes });
    }
    return d;
  });
}

/** Refund a RECEIVED donation of an OPEN project in full; refused when the balance would go below zero. */
export async function refundCharityDonation(ctx: SubgraphContext, input: RefundCharityDonationInput): Promise<CharityDonation> {
  assertCanWrite(ctx.identity, CHARITY_FEDERATION);
  const id = checkUuid(input.id, 'id');
  const refundedOn = checkDate(input.refundedOn, 'refundedOn', { maxFutureDays: 0 });
  const reason = checkText(input.reason, 'reason', 1, 200);
  return auditedWrite(ctx, async (tx) => {
    const { d, project } = await lockedDonation(tx, id);
    if (refundedOn < d.receivedOn) throw badInput('a donation cannot be refunded before it was received', 'refundedOn', 'BEFORE_RECEIVED');
    await assertBalanceCovers(tx, project.id, new Decimal(d.amount));
    const patch = { status: CharityDonationStatus.REFUNDED, refundedOn, refundReason: reason };
    ctx.audit.noteWrite({
      entity: 'CharityDonation', key: id, action: 'update',
      changes: { status: [d.status, patch.status], refundedOn: [null, refundedOn], refundReason: [null, reason] },
    });
    return updateLocked(tx, CharityDonation, d, patch);
  });
}
