import crypto from 'node:crypto';
import { GraphQLError } from 'graphql';
import { LessThan, type EntityManager } from 'typeorm';
import {
  Decimal, assertCanWrite, auditedWrite, badInput, checkAmountAtMost, checkDateInWindow, clockToday, conflict, idempotent, inScope, lockedRecord, lockedRecords,
  updateLocked, type Identity, type SubgraphContext,
} from '@aidgraph/subgraph-kit';
import { Enrolment, PersonCoveredGroup } from '../enrolment/enrolment.entity';
import { earliestEnrolmentDate, enrolmentAmountLimit } from '../enrolment/enrolment.limits';
import { EnrolmentStatus } from '../common/enums';
import { Person } from '../person/person.entity';
import { Household } from '../household/household.entity';
import { VerificationRun } from '../verification/verification.entity';
import { EnrolmentReview } from './review.entity';
import { ReviewCycleValue, ReviewOutcome } from './review.enums';
import type { RecordEnrolmentReviewInput } from './review.input';
import { isReviewed, nextReviewDate, phaseOutEnd, phaseOutMonths } from './review.rules';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const GROUP: Record<string, string> = { DIBAO: 'DIBAO_RECIPIENT', TEKUN: 'TEKUN_PERSON' };

/** The status an outcome leads to. */
const TARGET: Record<ReviewOutcome, EnrolmentStatus> = {
  CONTINUE: EnrolmentStatus.ACTIVE,
  ADJUST: EnrolmentStatus.ACTIVE,
  PHASE_OUT: EnrolmentStatus.PHASING_OUT,
  TERMINATE: EnrolmentStatus.ENDED,
};

/**
 * The status of an enrolment as of `today`: a phase-out (PHASING_OUT) whose end date has passed is ENDED, whether or not
 * a write has settled it yet (settleEndedPhaseOuts); every other status as stored.
 */
export function effectiveStatus(e: Pick<Enrolment, 'status' | 'endDate'>, today = clockToday()): EnrolmentStatus {
  return e.status === EnrolmentStatus.PHASING_OUT && e.endDate != null && e.endDate < today ? EnrolmentStatus.ENDED : e.status;
}

/** FORBIDDEN before any lookup unless the caller may write some civil-affairs record (caseworkers; civil-affairs officers). */
export function assertMayReview(identity: Identity): void {
  if (identity.role !== 'caseworker') assertCanWrite(identity, 'CIVIL_AFFAIRS');
}

/**
 * 复核 Record a review of a DIBAO or TEKUN enrolment (one audited transaction, idempotent by key): lock the enrolment,
 * check the caller's township (NOT_FOUND outside it, as for an unknown id), the version (CONFLICT STALE_VERSION), the programme (CONFLICT NOT_REVIEWED)
 * and the transition (only an ACTIVE enrolment is reviewed: CONFLICT ILLEGAL_TRANSITION with from/to), then apply the
 * outcome (review.rules.ts), bump the version, keep the review row and the audit entries. A refusal changes nothing.
 */
export async function recordEnrolmentReview(ctx: SubgraphContext, input: RecordEnrolmentReviewInput): Promise<EnrolmentReview> {
  assertMayReview(ctx.identity);
  const checked = checkReviewInput(input);
  return auditedWrite(ctx, (tx) =>
    idempotent(ctx, tx, 'recordEnrolmentReview', input, {
      authorize: () => assertMayReview(ctx.identity),
      reload: (id) => tx.getRepository(EnrolmentReview).findOneBy({ id }),
      create: () => recordEnrolmentReviewIn(ctx, tx, input, checked),
    }),
  );
}

interface CheckedReview {
  enrolmentId: string;
  amount: Decimal | null;
  verificationRunId: string | null;
}

/** The form of the input alone (BAD_USER_INPUT naming the first fault), before anything is read. */
function checkReviewInput(input: RecordEnrolmentReviewInput): CheckedReview {
  if (!UUID.test(input.enrolmentId)) throw badInput('`enrolmentId` is not an id (a UUID)', 'enrolmentId', 'BAD_ID');
  if (!Number.isInteger(input.expectedVersion) || input.expectedVersion < 1) throw badInput('`expectedVersion` must be a version of the enrolment (1 or more)', 'expectedVersion', 'TOO_SMALL');
  checkDateInWindow(input.reviewedOn, 'reviewedOn', { earliest: earliestEnrolmentDate(), earliestWhat: 'the first dibao standard', maxFutureDays: 0, today: clockToday() });
  let amount: Decimal | null = null;
  if (input.outcome === ReviewOutcome.ADJUST) {
    if (input.amount == null) throw badInput('an ADJUST review gives the new monthly amount', 'amount', 'REQUIRED');
    amount = new Decimal(input.amount);
    if (!amount.greaterThan(0)) throw badInput('the amount must be positive', 'amount', 'BAD_AMOUNT');
  } else if (input.amount != null) throw badInput('an amount goes with an ADJUST review only', 'amount', 'NOT_ALLOWED');
  if (input.verificationRunId != null && !UUID.test(input.verificationRunId)) throw badInput('`verificationRunId` is not an id (a UUID)', 'verificationRunId', 'BAD_ID');
  if (input.outcome === ReviewOutcome.PHASE_OUT && input.verificationRunId == null)
    throw badInput('a PHASE_OUT review rests on a stored verification run showing the income at or above the standard', 'verificationRunId', 'REQUIRED');
  if ((input.outcome === ReviewOutcome.PHASE_OUT || input.outcome === ReviewOutcome.TERMINATE) && input.reviewCycle != null)
    throw badInput('a review cycle goes with CONTINUE or ADJUST only', 'reviewCycle', 'NOT_ALLOWED');
  return { enrolmentId: input.enrolmentId.toLowerCase(), amount, verificationRunId: input.verificationRunId?.toLowerCase() ?? null };
}

function staleVersion(expected: number, current: number): GraphQLError {
  return new GraphQLError(`the enrolment changed since version ${expected} (it is at version ${current}): reload it and review again; nothing was changed`, {
    extensions: { code: 'CONFLICT', reason: 'STALE_VERSION', expectedVersion: expected, currentVersion: current },
  });
}

async function recordEnrolmentReviewIn(ctx: SubgraphContext, tx: EntityManager, input: RecordEnrolmentReviewInput, c: CheckedReview): Promise<EnrolmentReview> {
  const today = clockToday();
  // another township's enrolment answers as an unknown one (NOT_FOUND): the answer does not tell that the id exists
  const e = await lockedRecord(tx, Enrolment, { id: c.enrolmentId }, { notFound: 'no enrolment has this id', visible: (r) => inScope(ctx.identity, r.townshipCode) });
  assertCanWrite(ctx.identity, 'CIVIL_AFFAIRS', e.townshipCode);
  if (e.version !== input.expectedVersion) throw staleVersion(input.expectedVersion, e.version);
  if (!isReviewed(e.programme)) throw conflict('only DIBAO and TEKUN enrolments are reviewed (复核)', 'NOT_REVIEWED');
  const from = effectiveStatus(e, today);
  const to = TARGET[input.outcome];
  if (from !== EnrolmentStatus.ACTIVE)
    throw new GraphQLError(`an enrolment that is ${from} is not reviewed (it cannot go to ${to}); nothing was changed`, {
      extensions: { code: 'CONFLICT', reason: 'ILLEGAL_TRANSITION', from, to },
    });
  if (input.reviewedOn < e.startDate) throw badInput('the review is before the enrolment\'s start', 'reviewedOn', 'BEFORE_START');
  const last = await tx.getRepository(EnrolmentReview).findOne({ where: { enrolmentId: e.id }, order: { enrolmentVersion: 'DESC' } });
  if (last && input.reviewedOn < last.reviewedOn) throw badInput('the review is before the enrolment\'s last review', 'reviewedOn', 'BEFORE_LAST_REVIEW');

  const person = await tx.getRepository(Person).findOneBy({ id: e.personId });
  if (c.verificationRunId) {
    const run = await tx.getRepository(VerificationRun).findOneBy({ id: c.verificationRunId });
    if (!run || !inScope(ctx.identity, run.townshipCode)) throw new GraphQLError('no stored verification run has this id', { extensions: { code: 'NOT_FOUND', reason: 'VERIFICATION_RUN_NOT_FOUND' } });
    if (!person?.householdId || run.householdId !== person.householdId) throw conflict('the verification run is not of the enrolled person\'s household', 'NOT_THE_PERSONS_HOUSEHOLD');
    if (run.on > input.reviewedOn) throw conflict('the verification run is dated after the review', 'VERIFICATION_AFTER_REVIEW');
    if (input.outcome === ReviewOutcome.PHASE_OUT) {
      const standard = new Decimal((JSON.parse(run.standardsJson) as { standard: string }).standard);
      // decided on the run's per-capita income (rounded to the fen) against the standard it used: at or above it
      if (run.perCapitaIncome == null || new Decimal(run.perCapitaIncome).lessThan(standard))
        throw conflict('the verification run does not show the per-capita income at or above the dibao standard: no phase-out (CONTINUE, ADJUST or TERMINATE)', 'INCOME_NOT_ABOVE_STANDARD');
    }
  }

  const cycle = input.reviewCycle ?? e.reviewCycle ?? ReviewCycleValue.YEARLY;
  const before = { status: e.status, amount: e.amount, endDate: e.endDate, nextReviewDate: e.nextReviewDate, reviewCycle: e.reviewCycle, version: e.version };
  const patch: Partial<Enrolment> = { version: e.version + 1 };
  let phaseOutEndsOn: string | null = null;
  switch (input.outcome) {
    case ReviewOutcome.CONTINUE:
      Object.assign(patch, { reviewCycle: cycle, nextReviewDate: nextReviewDate(cycle, input.reviewedOn) });
      break;
    case ReviewOutcome.ADJUST: {
      const household = person?.householdId ? await tx.getRepository(Household).findOneBy({ id: person.householdId }) : null;
      const limit = enrolmentAmountLimit(e.programme, input.reviewedOn, household?.urban ?? true);
      if (!limit) throw badInput('no dibao standard is configured for that date', 'reviewedOn', 'BEFORE_PROGRAMME');
      checkAmountAtMost(c.amount!, 'amount', limit);
      Object.assign(patch, { amount: c.amount!.toFixed(2), reviewCycle: cycle, nextReviewDate: nextReviewDate(cycle, input.reviewedOn) });
      break;
    }
    case ReviewOutcome.PHASE_OUT:
      phaseOutEndsOn = phaseOutEnd(input.reviewedOn, phaseOutMonths());
      Object.assign(patch, { status: EnrolmentStatus.PHASING_OUT, endDate: phaseOutEndsOn, nextReviewDate: null });
      break;
    case ReviewOutcome.TERMINATE:
      Object.assign(patch, { status: EnrolmentStatus.ENDED, endDate: input.reviewedOn, nextReviewDate: null });
      await tx.getRepository(PersonCoveredGroup).delete({ personId: e.personId, coveredGroup: GROUP[e.programme] });
      break;
  }
  const updated = await updateLocked(tx, Enrolment, e, patch);
  const review = tx.getRepository(EnrolmentReview).create({
    id: crypto.randomUUID(), enrolmentId: e.id, personId: e.personId, townshipCode: e.townshipCode, programme: e.programme,
    reviewedOn: input.reviewedOn, outcome: input.outcome, amountBefore: before.amount, amountAfter: updated.amount, reviewCycle: updated.reviewCycle ?? cycle,
    nextReviewDate: updated.nextReviewDate, phaseOutEndsOn, endDate: input.outcome === ReviewOutcome.CONTINUE || input.outcome === ReviewOutcome.ADJUST ? null : updated.endDate,
    verificationRunId: c.verificationRunId, enrolmentVersion: updated.version, reviewedBy: ctx.identity.subject, recordedAt: new Date().toISOString(),
  });
  await tx.getRepository(EnrolmentReview).insert(review);
  const changes: Record<string, [unknown, unknown]> = {};
  for (const [k, v] of Object.entries(before)) {
    const now = (updated as unknown as Record<string, unknown>)[k];
    if ((v ?? null) !== (now ?? null)) changes[k] = [v ?? null, now ?? null];
  }
  ctx.audit.noteWrite({ entity: 'Enrolment', key: e.id, personId: e.personId, action: 'update', changes });
  ctx.audit.noteWrite({
    entity: 'EnrolmentReview', key: review.id, personId: e.personId, action: 'create',
    changes: { outcome: [null, review.outcome], reviewedOn: [null, review.reviewedOn], enrolmentVersion: [null, review.enrolmentVersion] },
  });
  return review;
}

/**
 * Settle the phase-outs that have ended by `today` (their end date before it): status ENDED, version +1, the covered-group
 * tag removed, one audit entry each. Run inside a write (generatePaymentBatch), never by a read: until then the
 * stored status is PHASING_OUT and `Enrolment.status` answers ENDED (effectiveStatus).
 */
export async function settleEndedPhaseOuts(ctx: SubgraphContext, tx: EntityManager, today: string): Promise<number> {
  const ended = await lockedRecords(tx, Enrolment, { status: EnrolmentStatus.PHASING_OUT, endDate: LessThan(today) });
  for (const e of ended) {
    await updateLocked(tx, Enrolment, e, { status: EnrolmentStatus.ENDED, version: e.version + 1 });
    const group = GROUP[e.programme];
    if (group) await tx.getRepository(PersonCoveredGroup).delete({ personId: e.personId, coveredGroup: group });
    ctx.audit.noteWrite({ entity: 'Enrolment', key: e.id, personId: e.personId, action: 'update', changes: { status: ['PHASING_OUT', 'ENDED'], version: [e.version - 1, e.version] } });
  }
  return ended.length;
}

