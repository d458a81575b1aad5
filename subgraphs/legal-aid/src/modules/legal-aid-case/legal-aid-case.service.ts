import crypto from 'node:crypto';
import { In, type EntityManager } from 'typeorm';
import {
  Decimal, addCalendarDays, assertCanWrite, assertPersonsInRegistry, auditedWrite, badInput, checkAmountAtMost, checkDateInWindow, conflict,
  forbidden, idempotent, isTownshipCode, lockPersonForWrite, lockedRecord, outcomeFor, updateLocked, type Identity, type Locked, type SubgraphContext,
} from '@aidgraph/subgraph-kit';
import { LegalAidCase } from './legal-aid-case.entity';
import {
  CRIMINAL_AID_TYPES, DEPARTMENT, LEGAL_AID_CLASS, LegalAidCaseStatus, LegalAidEligibility, LegalAidMatter, LegalAidRefusalReason, LegalAidType,
  LegalServiceProviderKind, OPEN_STATUSES, OUTCOMES_OF,
} from './legal-aid-case.enums';
import type {
  AcceptLegalAidCaseInput, ApplyForLegalAidInput, AssignLegalAidCaseInput, CloseLegalAidCaseInput, RefuseLegalAidCaseInput, WithdrawLegalAidCaseInput,
} from './legal-aid-case.input';
import { LegalServiceProvider } from '../legal-service-provider/legal-service-provider.entity';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The first application date accepted (BEFORE_PROGRAMME before it): 法律援助法 in force (2022-01-01). */
export const EARLIEST_APPLICATION = '2022-01-01';
/** Days the centre has to decide on an application (法律援助法 第四十三条: 七日内), and to assign a granted case (三日内). */
export const DECISION_DAYS = 7;
export const ASSIGNMENT_DAYS = 3;

/**
 * 办案补贴 upper bounds per aid type (yuan): an input sanity bound of the order of 山东省's case subsidy standards
 * (刑事 about 1,500-3,000, 民事/行政 1,500-2,500, 代写文书 about 100-200, raised for complex cases); AMOUNT_ABOVE_LIMIT above it.
 */
export const SUBSIDY_LIMITS: Record<LegalAidType, string> = {
  CRIMINAL_DEFENCE: '6000',
  CRIMINAL_VICTIM: '5000',
  CIVIL_REPRESENTATION: '5000',
  ADMINISTRATIVE_REPRESENTATION: '5000',
  LABOUR_ARBITRATION: '4000',
  STATE_COMPENSATION: '5000',
  LEGAL_DOCUMENT: '300',
};

/**
 * Throw FORBIDDEN unless the identity may read legal aid cases at all (class legal.aid): other departments' officers may
 * not (a case reveals a criminal charge, a family dispute or poverty). The message depends only on the caller.
 */
export function assertMayReadLegalAid(identity: Identity): void {
  if (outcomeFor(identity, LEGAL_AID_CLASS, { owner: DEPARTMENT }) === 'FORBIDDEN')
    throw forbidden('legal aid cases are sensitive data of JUSTICE (legal.aid): other departments\' officers may not read them');
}

/** The id as stored (lower case), or BAD_USER_INPUT BAD_ID naming `field`. */
function checkId(id: string, field: string): string {
  if (!UUID.test(id)) throw badInput(`\`${field}\` is not an id (a UUID)`, field, 'BAD_ID');
  return id.toLowerCase();
}

/** A date of a step: a calendar date from the application date (or `after`, what it follows) up to today. */
function checkStepDate(value: string, field: string, after: { date: string; what: string }): string {
  checkDateInWindow(value, field, { earliest: EARLIEST_APPLICATION, earliestWhat: 'when 法律援助法 came into force', maxFutureDays: 0 });
  if (value < after.date) throw badInput(`\`${field}\` is before ${after.what}`, field, 'BAD_DATE_ORDER');
  return value;
}

/**
 * BAD_USER_INPUT when the aid type, the matter and the ground do not fit together: a criminal aid type is about a
 * criminal matter and only it; the grounds without an economic test hold for their own matters only (法律援助法
 * 第二十五条, 第三十二条, 第四十二条).
 */
export function checkApplicationShape(i: Pick<ApplyForLegalAidInput, 'aidType' | 'matter' | 'eligibility'>): void {
  const criminal = CRIMINAL_AID_TYPES.includes(i.aidType);
  if (criminal !== (i.matter === LegalAidMatter.CRIMINAL))
    throw badInput(
      criminal ? 'a criminal aid type (CRIMINAL_DEFENCE, CRIMINAL_VICTIM) needs the matter CRIMINAL' : 'the matter CRIMINAL needs a criminal aid type',
      'matter',
      'MATTER_MISMATCH',
    );
  const fits: Partial<Record<LegalAidEligibility, (x: typeof i) => boolean>> = {
    MIGRANT_WORKER: (x) => x.matter === LegalAidMatter.WAGE_ARREARS || x.matter === LegalAidMatter.WORK_INJURY,
    DOMESTIC_VIOLENCE_VICTIM: (x) => x.matter === LegalAidMatter.DOMESTIC_VIOLENCE || x.matter === LegalAidMatter.MAINTENANCE,
    WRONGFUL_CONVICTION: (x) => x.matter === LegalAidMatter.STATE_COMPENSATION,
    APPOINTED_DEFENCE: (x) => x.aidType === LegalAidType.CRIMINAL_DEFENCE,
  };
  const rule = fits[i.eligibility];
  if (rule && !rule(i)) throw badInput(`the ground ${i.eligibility} does not hold for this matter and aid type`, 'eligibility', 'ELIGIBILITY_MISMATCH');
}

/**
 * Record a legal aid application (one transaction). JUSTICE officers only. A retried request with the same
 * idempotencyKey returns the first result; the person's cases are locked before the duplicate check, so concurrent
 * identical applications add one case (the others get CONFLICT DUPLICATE_APPLICATION).
 */
export async function applyForLegalAid(ctx: SubgraphContext, input: ApplyForLegalAidInput): Promise<LegalAidCase> {
  assertCanWrite(ctx.identity, DEPARTMENT);
  // the registry is asked before the write transaction (applyForLegalAidIn's own check is then answered from it)
  if (UUID.test(input.personId)) await assertPersonsInRegistry(ctx, [{ id: input.personId, field: 'personId' }], { active: true });
  return auditedWrite(ctx, (tx) =>
    idempotent(ctx, tx, 'applyForLegalAid', input, {
      authorize: () => assertCanWrite(ctx.identity, DEPARTMENT),
      create: () => applyForLegalAidIn(ctx, tx, input),
      reload: (id) => tx.getRepository(LegalAidCase).findOneBy({ id }),
    }),
  );
}

/**
 * `applyForLegalAid` inside the caller's transaction `tx` (the roster import runs one per row): validates the input,
 * checks the registry (the handling township must be the applicant's township of registration: BAD_USER_INPUT
 * NOT_THE_PERSONS_TOWNSHIP), and refuses a second open case of the person for the same aid type and matter (CONFLICT
 * DUPLICATE_APPLICATION).
 */
export async function applyForLegalAidIn(ctx: SubgraphContext, tx: EntityManager, input: ApplyForLegalAidInput): Promise<LegalAidCase> {
  assertCanWrite(ctx.identity, DEPARTMENT);
  const personId = checkId(input.personId, 'personId');
  if (!isTownshipCode(input.townshipCode)) throw badInput('`townshipCode` is not a Jiaozhou township code', 'townshipCode', 'UNKNOWN_TOWNSHIP');
  checkDateInWindow(input.appliedOn, 'appliedOn', { earliest: EARLIEST_APPLICATION, earliestWhat: 'when 法律援助法 came into force', maxFutureDays: 0 });
  checkApplicationShape(input);
  const applicant = (await assertPersonsInRegistry(ctx, [{ id: personId, field: 'personId' }], { active: true })).get(personId);
  // the case is handled by the applicant's township of registration (its caseworkers see it), as every department's records
  if (applicant?.townshipCode && applicant.townshipCode !== input.townshipCode)
    throw badInput('the person is registered in another township: a case is handled in the township of registration', 'townshipCode', 'NOT_THE_PERSONS_TOWNSHIP');
  const repo = tx.getRepository(LegalAidCase);
  await lockPersonForWrite(tx, personId);
  const dup = await repo.findOneBy({ personId, aidType: input.aidType, matter: input.matter, status: In([...OPEN_STATUSES]) });
  if (dup) throw conflict('this person already has an open legal aid case of this aid type and matter', 'DUPLICATE_APPLICATION');
  const rec = repo.create({
    id: crypto.randomUUID(), personId, townshipCode: input.townshipCode, appliedOn: input.appliedOn, aidType: input.aidType, matter: input.matter,
    eligibility: input.eligibility, status: LegalAidCaseStatus.APPLIED, decidedOn: null, refusalReason: null, providerId: null, assignedOn: null,
    closedOn: null, outcome: null, subsidy: null, withdrawnOn: null, withdrawalReason: null,
  });
  await repo.insert(rec);
  ctx.audit.noteWrite({
    entity: 'LegalAidCase', key: rec.id, personId, action: 'create',
    changes: { appliedOn: [null, rec.appliedOn], aidType: [null, rec.aidType], matter: [null, rec.matter], eligibility: [null, rec.eligibility], status: [null, rec.status] },
  });
  return rec;
}

/** The transitions of the state machine: which statuses each step starts from. */
const FROM: Record<'accept' | 'refuse' | 'assign' | 'close' | 'withdraw', readonly LegalAidCaseStatus[]> = {
  accept: [LegalAidCaseStatus.APPLIED],
  refuse: [LegalAidCaseStatus.APPLIED],
  assign: [LegalAidCaseStatus.ACCEPTED],
  close: [LegalAidCaseStatus.ASSIGNED],
  withdraw: OPEN_STATUSES,
};

/**
 * Lock the case `id` and check that `step` may start from its status: NOT_FOUND for an unknown id, CONFLICT
 * INVALID_TRANSITION (naming the status and what the step needs) otherwise. The lock serialises concurrent steps: of two
 * at once the second sees the first's status.
 */
async function caseFor(tx: EntityManager, id: string, step: keyof typeof FROM): Promise<Locked<LegalAidCase>> {
  const rec = await lockedRecord(tx, LegalAidCase, { id: checkId(id, 'id') }, {
    notFound: 'no legal aid case has this id',
    before: (found) => lockPersonForWrite(tx, found.personId),
  });
  if (!FROM[step].includes(rec.status))
    throw conflict(`the case is ${rec.status}: only a case that is ${FROM[step].join(' or ')} can be ${STEP_WORDS[step]}`, 'INVALID_TRANSITION');
  return rec;
}
const STEP_WORDS: Record<keyof typeof FROM, string> = { accept: 'accepted', refuse: 'refused', assign: 'assigned', close: 'closed', withdraw: 'withdrawn' };

/** Apply `patch` to the locked case and note the change (field by field) in the audit log. */
async function transition(ctx: SubgraphContext, tx: EntityManager, rec: Locked<LegalAidCase>, patch: Partial<LegalAidCase>): Promise<LegalAidCase> {
  const changes: Record<string, [unknown, unknown]> = {};
  for (const [k, v] of Object.entries(patch)) changes[k] = [(rec as unknown as Record<string, unknown>)[k] ?? null, v ?? null];
  const out = await updateLocked(tx, LegalAidCase, rec, patch);
  ctx.audit.noteWrite({ entity: 'LegalAidCase', key: rec.id, personId: rec.personId, action: 'update', changes });
  return out;
}

/** Grant aid (APPLIED → ACCEPTED). JUSTICE officers only. */
export async function acceptLegalAidCase(ctx: SubgraphContext, input: AcceptLegalAidCaseInput): Promise<LegalAidCase> {
  assertCanWrite(ctx.identity, DEPARTMENT);
  return auditedWrite(ctx, (tx) => acceptLegalAidCaseIn(ctx, tx, input));
}

/** `acceptLegalAidCase` inside the caller's transaction. */
export async function acceptLegalAidCaseIn(ctx: SubgraphContext, tx: EntityManager, input: AcceptLegalAidCaseInput): Promise<LegalAidCase> {
  assertCanWrite(ctx.identity, DEPARTMENT);
  checkId(input.id, 'id');
  checkDateInWindow(input.decidedOn, 'decidedOn', { earliest: EARLIEST_APPLICATION, maxFutureDays: 0 });
  const rec = await caseFor(tx, input.id, 'accept');
  const decidedOn = checkStepDate(input.decidedOn, 'decidedOn', { date: rec.appliedOn, what: 'the application' });
  return transition(ctx, tx, rec, { status: LegalAidCaseStatus.ACCEPTED, decidedOn });
}

/** Refuse aid (APPLIED → REFUSED), with the reason. JUSTICE officers only. */
export async function refuseLegalAidCase(ctx: SubgraphContext, input: RefuseLegalAidCaseInput): Promise<LegalAidCase> {
  assertCanWrite(ctx.identity, DEPARTMENT);
  return auditedWrite(ctx, (tx) => refuseLegalAidCaseIn(ctx, tx, input));
}

/** `refuseLegalAidCase` inside the caller's transaction. */
export async function refuseLegalAidCaseIn(ctx: SubgraphContext, tx: EntityManager, input: RefuseLegalAidCaseInput): Promise<LegalAidCase> {
  assertCanWrite(ctx.identity, DEPARTMENT);
  checkId(input.id, 'id');
  checkDateInWindow(input.decidedOn, 'decidedOn', { earliest: EARLIEST_APPLICATION, maxFutureDays: 0 });
  const rec = await caseFor(tx, input.id, 'refuse');
  const decidedOn = checkStepDate(input.decidedOn, 'decidedOn', { date: rec.appliedOn, what: 'the application' });
  if (input.reason === LegalAidRefusalReason.NOT_ECONOMIC_HARDSHIP && rec.eligibility !== LegalAidEligibility.ECONOMIC_HARDSHIP)
    throw badInput(`the ground ${rec.eligibility} needs no economic test: NOT_ECONOMIC_HARDSHIP cannot be the reason`, 'reason', 'ELIGIBILITY_MISMATCH');
  return transition(ctx, tx, rec, { status: LegalAidCaseStatus.REFUSED, decidedOn, refusalReason: input.reason });
}

/** Assign a provider (ACCEPTED → ASSIGNED). JUSTICE officers only. */
export async function assignLegalAidCase(ctx: SubgraphContext, input: AssignLegalAidCaseInput): Promise<LegalAidCase> {
  assertCanWrite(ctx.identity, DEPARTMENT);
  return auditedWrite(ctx, (tx) => assignLegalAidCaseIn(ctx, tx, input));
}

/**
 * `assignLegalAidCase` inside the caller's transaction: the provider must be listed and active (BAD_USER_INPUT
 * UNKNOWN_PROVIDER), and may take the case (a grassroots legal service office takes no criminal case:
 * PROVIDER_NOT_QUALIFIED).
 */
export async function assignLegalAidCaseIn(ctx: SubgraphContext, tx: EntityManager, input: AssignLegalAidCaseInput): Promise<LegalAidCase> {
  assertCanWrite(ctx.identity, DEPARTMENT);
  checkId(input.id, 'id');
  const providerId = checkId(input.providerId, 'providerId');
  checkDateInWindow(input.assignedOn, 'assignedOn', { earliest: EARLIEST_APPLICATION, maxFutureDays: 0 });
  const provider = await tx.getRepository(LegalServiceProvider).findOneBy({ id: providerId });
  if (!provider || !provider.active) throw badInput('`providerId` is not a provider that takes cases (legalServiceProviders)', 'providerId', 'UNKNOWN_PROVIDER');
  const rec = await caseFor(tx, input.id, 'assign');
  const assignedOn = checkStepDate(input.assignedOn, 'assignedOn', { date: rec.decidedOn ?? rec.appliedOn, what: 'the decision' });
  if (CRIMINAL_AID_TYPES.includes(rec.aidType) && provider.kind === LegalServiceProviderKind.GRASSROOTS_LEGAL_SERVICE)
    throw badInput('a grassroots legal service office takes no criminal case: assign a law firm or the legal aid centre', 'providerId', 'PROVIDER_NOT_QUALIFIED');
  return transition(ctx, tx, rec, { status: LegalAidCaseStatus.ASSIGNED, providerId, assignedOn });
}

/** The subsidy as stored, or BAD_USER_INPUT (negative, above the aid type's bound). */
export function checkSubsidy(amount: string, aidType: LegalAidType, field = 'subsidy'): string {
  const a = new Decimal(amount);
  if (a.isNegative()) throw badInput('the subsidy cannot be negative', field, 'BAD_AMOUNT');
  checkAmountAtMost(a, field, { max: SUBSIDY_LIMITS[aidType], what: `the most a ${aidType} case's subsidy may be` });
  return a.toFixed(2);
}

/** Close a case with its outcome and the provider's subsidy (ASSIGNED → CLOSED). JUSTICE officers only. */
export async function closeLegalAidCase(ctx: SubgraphContext, input: CloseLegalAidCaseInput): Promise<LegalAidCase> {
  assertCanWrite(ctx.identity, DEPARTMENT);
  return auditedWrite(ctx, (tx) => closeLegalAidCaseIn(ctx, tx, input));
}

/** `closeLegalAidCase` inside the caller's transaction: the outcome must fit the aid type (OUTCOME_MISMATCH). */
export async function closeLegalAidCaseIn(ctx: SubgraphContext, tx: EntityManager, input: CloseLegalAidCaseInput): Promise<LegalAidCase> {
  assertCanWrite(ctx.identity, DEPARTMENT);
  checkId(input.id, 'id');
  checkDateInWindow(input.closedOn, 'closedOn', { earliest: EARLIEST_APPLICATION, maxFutureDays: 0 });
  if (new Decimal(input.subsidy).isNegative()) throw badInput('the subsidy cannot be negative', 'subsidy', 'BAD_AMOUNT');
  const rec = await caseFor(tx, input.id, 'close');
  const closedOn = checkStepDate(input.closedOn, 'closedOn', { date: rec.assignedOn ?? rec.appliedOn, what: 'the assignment' });
  if (!OUTCOMES_OF[rec.aidType].includes(input.outcome))
    throw badInput(`${input.outcome} is not an outcome of a ${rec.aidType} case (${OUTCOMES_OF[rec.aidType].join(', ')})`, 'outcome', 'OUTCOME_MISMATCH');
  const subsidy = checkSubsidy(input.subsidy, rec.aidType);
  return transition(ctx, tx, rec, { status: LegalAidCaseStatus.CLOSED, closedOn, outcome: input.outcome, subsidy });
}

/** End an open case without an outcome (APPLIED | ACCEPTED | ASSIGNED → WITHDRAWN). JUSTICE officers only. */
export async function withdrawLegalAidCase(ctx: SubgraphContext, input: WithdrawLegalAidCaseInput): Promise<LegalAidCase> {
  assertCanWrite(ctx.identity, DEPARTMENT);
  return auditedWrite(ctx, (tx) => withdrawLegalAidCaseIn(ctx, tx, input));
}

/** `withdrawLegalAidCase` inside the caller's transaction. */
export async function withdrawLegalAidCaseIn(ctx: SubgraphContext, tx: EntityManager, input: WithdrawLegalAidCaseInput): Promise<LegalAidCase> {
  assertCanWrite(ctx.identity, DEPARTMENT);
  checkId(input.id, 'id');
  checkDateInWindow(input.withdrawnOn, 'withdrawnOn', { earliest: EARLIEST_APPLICATION, maxFutureDays: 0 });
  const rec = await caseFor(tx, input.id, 'withdraw');
  const last = rec.assignedOn ?? rec.decidedOn ?? rec.appliedOn;
  const withdrawnOn = checkStepDate(input.withdrawnOn, 'withdrawnOn', { date: last, what: 'the case\'s last step' });
  return transition(ctx, tx, rec, { status: LegalAidCaseStatus.WITHDRAWN, withdrawnOn, withdrawalReason: input.reason });
}

/** 第四十三条: the decision is due within seven days of the application. */
export function decisionDueOn(appliedOn: string): string {
  return addCalendarDays(appliedOn, DECISION_DAYS);
}

/** 第四十三条: a granted case is assigned within three days of the decision. */
export function assignmentDueOn(decidedOn: string): string {
  return addCalendarDays(decidedOn, ASSIGNMENT_DAYS);
}

