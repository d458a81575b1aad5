import crypto from 'node:crypto';
import { GraphQLError } from 'graphql';
import { In, type EntityManager } from 'typeorm';
import {
  addCalendarDays, auditedWrite, badInput, checkCalendarDate, checkOptionalText, checkUuid, conflict, defineLoader, forbidden, groupedByKey, idempotent, inScope, lockedRecord,
  outcomeFor, updateLocked, type Identity, type SubgraphContext,
} from '@aidgraph/subgraph-kit';
import { AssistanceApplication } from '../application/application.entity';
import { DEPARTMENT } from '../application/application.enums';
import { today } from '../time-limit/today';
import { ApplicationCommitment, DishonestyRecord } from './credit.entity';
import type { CommitmentInput, RecordDishonestyInput, RevokeDishonestyRecordInput } from './credit.input';
import {
  COMMITMENT_MAX_AGE_DAYS, CREDIT_CLASS, CommitmentSigner, DishonestConduct, LEGAL_BASES, MAX_PERIOD_YEARS, REQUIRED_BASIS, commitmentText, commitmentTextInForce,
} from './credit.policy';

// ---------------------------------------------------------------------------------------------------------------------
// 告知承诺书: the commitment signed with an application

/** The commitment of a submission, checked (no database): what application_commitment keeps. */
export interface CheckedCommitment {
  textId: string;
  signedOn: string;
  signedBy: CommitmentSigner;
}

/**
 * The commitment handed in with a submission on `on` (today), checked for its form: required (BAD_USER_INPUT REQUIRED at
 * `commitment`); signedOn a date not after `on` (DATE_IN_FUTURE) and at most COMMITMENT_MAX_AGE_DAYS before it (TOO_OLD);
 * the text an id of commitment-texts.json (UNKNOWN_COMMITMENT_TEXT) in force on signedOn (TEXT_NOT_IN_FORCE), by default
 * the text in force on signedOn (NO_TEXT_IN_FORCE when none is).
 */
export function checkCommitment(input: CommitmentInput | null | undefined, on: string): CheckedCommitment {
  if (!input) throw badInput('the commitment the applicant signed (告知承诺书) is required with every application', 'commitment', 'REQUIRED');
  const signedOn = input.signedOn != null ? checkCalendarDate(input.signedOn, 'commitment.signedOn') : on;
  if (signedOn > on) throw badInput('the commitment cannot be signed after today', 'commitment.signedOn', 'DATE_IN_FUTURE');
  if (signedOn < addCalendarDays(on, -COMMITMENT_MAX_AGE_DAYS))
    throw badInput(`a commitment is signed at most ${COMMITMENT_MAX_AGE_DAYS} days before the application: have it signed again`, 'commitment.signedOn', 'TOO_OLD');
  let textId: string;
  if (input.textId != null) {
    const t = commitmentText(input.textId);
    if (!t) throw badInput('not the id of a commitment text (commitment-texts.json)', 'commitment.textId', 'UNKNOWN_COMMITMENT_TEXT');
    if (t.effectiveFrom > signedOn || (t.effectiveTo && t.effectiveTo < signedOn))
      throw badInput('this commitment text was not in force on the day it was signed', 'commitment.textId', 'TEXT_NOT_IN_FORCE');
    textId = t.id;
  } else {
    const t = commitmentTextInForce(signedOn);
    if (!t) throw badInput('no commitment text is in force on the day signed', 'commitment.signedOn', 'NO_TEXT_IN_FORCE');
    textId = t.id;
  }
  return { textId, signedOn, signedBy: input.signedBy };
}

/** Keep the checked commitment with the application just inserted (same transaction as the submission). */
export async function insertCommitment(tx: EntityManager, ctx: SubgraphContext, app: AssistanceApplication, c: CheckedCommitment): Promise<void> {
  await tx.getRepository(ApplicationCommitment).insert({ applicationId: app.id, textId: c.textId, signedOn: c.signedOn, signedBy: c.signedBy, recordedBy: ctx.identity.subject });
  ctx.audit.noteWrite({ entity: 'ApplicationCommitment', key: app.id, personId: app.applicantId, action: 'create', changes: { textId: [null, c.textId], signedOn: [null, c.signedOn], signedBy: [null, c.signedBy] } });
}

/** Each application's commitment (null for one submitted before commitments were kept). One SELECT per batch. */
export const commitmentByApplicationId = defineLoader<string, ApplicationCommitment | null>(async (ids, ctx) => {
  const rows = await ctx.db.getRepository(ApplicationCommitment).findBy({ applicationId: In([...ids]) });
  const by = new Map(rows.map((r) => [r.applicationId, r]));
  return ids.map((id) => by.get(id) ?? null);
});

// ---------------------------------------------------------------------------------------------------------------------
// 失信记录: dishonesty records

/** FORBIDDEN unless the caller may see dishonesty records at all (class credit), before anything is read. */
export function assertMayReadCredit(identity: Identity): void {
  if (outcomeFor(identity, CREDIT_CLASS, { owner: DEPARTMENT }) === 'FORBIDDEN')
    throw forbidden('dishonesty records (class credit) are for the township\'s caseworkers and approvers, the service centre, civil affairs and auditors');
}

/** True when the caller sees this record (its township for caseworkers and approvers; every one for the others who see the class). */
export function recordInScope(identity: Identity, r: { townshipCode: string }): boolean {
  // a village assistant never (class credit), whatever the village: inScope without the village answers false for it
  return identity.role !== 'village_assistant' && inScope(identity, r.townshipCode) && outcomeFor(identity, CREDIT_CLASS, { owner: DEPARTMENT }) !== 'FORBIDDEN';
}

/**
 * Who confirms fraud and makes (or revokes) a dishonesty record: the township approver (审核确认, the township decides the
 * application) for applications of its township, and civil-affairs officers (the bureau, 县级民政部门认定) for any; caseworkers
 * investigate and propose, they do not sanction (separation of duties). FORBIDDEN otherwise, before any record is read.
 */
function assertMayDecide(identity: Identity, what: string): void {
  const ok = identity.role === 'township_approver' || (identity.role === 'department_officer' && identity.department === 'CIVIL_AFFAIRS');
  if (!ok) throw forbidden(`only township approvers (of the application's township) and civil-affairs officers may ${what}`);
}

/**
 * Whether the caller may decide for a record of `townshipCode` (a township approver: its own). A record outside answers
 * NOT_FOUND, as an id no record has (lockedRecord's `visible`): the answer does not tell that the id exists.
 */
function decidesHere(identity: Identity, r: { townshipCode: string }): boolean {
  return identity.role !== 'township_approver' || r.townshipCode === identity.township;
}

/** The latest allowed end of a period starting on `startsOn`: MAX_PERIOD_YEARS years later, less a day. */
export function latestEnd(startsOn: string): string {
  const y = Number(startsOn.slice(0, 4)) + MAX_PERIOD_YEARS;
  const md = startsOn.slice(5) === '02-29' ? '03-01' : startsOn.slice(5);
  return addCalendarDays(`${y}-${md}`, -1);
}

/** recordDishonesty's input checked for its form alone (no database). */
function checkRecordInput(input: RecordDishonestyInput, on: string) {
  const applicationId = checkUuid(input.applicationId, 'applicationId');
  if (!input.conducts.length) throw badInput('name the conduct confirmed', 'conducts', 'REQUIRED');
  input.conducts.forEach((c, i) => {
    if (input.conducts.indexOf(c) !== i) throw badInput('a conduct is listed twice', `conducts[${i}]`, 'DUPLICATE');
  });
  if (!input.legalBases.length) throw badInput('cite the legal basis: SA_ART68 (社会救助暂行办法 第六十八条) at least', 'legalBases', 'REQUIRED');
  input.legalBases.forEach((b, i) => {
    if (!LEGAL_BASES.some((l) => l.code === b)) throw badInput('not a legal basis code (LEGAL_BASES)', `legalBases[${i}]`, 'UNKNOWN_LEGAL_BASIS');
    if (input.legalBases.indexOf(b) !== i) throw badInput('a legal basis is listed twice', `legalBases[${i}]`, 'DUPLICATE');
  });
  if (!input.legalBases.includes(REQUIRED_BASIS))
    throw badInput('a dishonesty record cites 社会救助暂行办法 第六十八条 (SA_ART68), the article that defines the conduct', 'legalBases', 'ART68_REQUIRED');
  const findings = checkOptionalText(input.findings, 'findings', { required: true })!;
  const startsOn = checkCalendarDate(input.startsOn, 'startsOn');
  const endsOn = checkCalendarDate(input.endsOn, 'endsOn');
  if (startsOn > on) throw badInput('a record\'s period starts on or before the day it is made', 'startsOn', 'DATE_IN_FUTURE');
  if (endsOn < startsOn) throw badInput('the period ends before it starts', 'endsOn', 'BAD_DATE_ORDER');
  if (endsOn > latestEnd(startsOn)) throw badInput(`a record's period is at most ${MAX_PERIOD_YEARS} years`, 'endsOn', 'PERIOD_TOO_LONG');
  return { applicationId, conducts: [...input.conducts] as DishonestConduct[], legalBases: [...input.legalBases], findings, startsOn, endsOn };
}

function noteWrite(ctx: SubgraphContext, r: DishonestyRecord, action: 'create' | 'update', changes: Record<string, [unknown, unknown]>): void {
  ctx.audit.noteWrite({ entity: 'DishonestyRecord', key: r.id, personId: r.personId, action, changes });
}

/**
 * 失信认定 Make a dishonesty record for the applicant of an application (one transaction, audited): township approvers of the
 * application's township and civil-affairs officers. NOT_FOUND for an unknown application (and, for a township approver, one
 * of another township alike); CONFLICT NOT_INVESTIGATED (with
 * `step`) unless the household investigation was completed (investigatedOn set: the step is VERIFICATION or later, or an
 * urgent confirmed application after its follow-up investigation; never SUBMITTED, NOT_ACCEPTED, INVESTIGATION, nor a
 * CLOSED application that was never accepted); CONFLICT RECORD_EXISTS when the
 * application already has a record that is not revoked; the period not before the submission (BAD_USER_INPUT
 * BEFORE_SUBMISSION). A retry with the same idempotencyKey returns the first record.
 */
export function recordDishonesty(ctx: SubgraphContext, input: RecordDishonestyInput): Promise<DishonestyRecord> {
  const authorize = () => assertMayDecide(ctx.identity, 'make dishonesty records');
  authorize();
  const on = today();
  const c = checkRecordInput(input, on);
  return auditedWrite(ctx, (tx) =>
    idempotent(ctx, tx, 'recordDishonesty', input, {
      authorize,
      reload: (id) => tx.getRepository(DishonestyRecord).findOneBy({ id }),
      create: async () => {
        // the application is locked: two concurrent records of one application are one record and a CONFLICT
        const app = await lockedRecord(tx, AssistanceApplication, { id: c.applicationId }, { notFound: 'no application has this id', visible: (r) => decidesHere(ctx.identity, r) });
        // a fraud is confirmed by the household investigation (入户调查: the concealment or the false report is found at home
        // and in the documents), never on a bare submission: the investigation must have been completed (investigatedOn:
        // the step VERIFICATION or later, or an urgent confirmed application whose follow-up investigation is done)
        if (!app.investigatedOn)
          throw new GraphQLError(
            `the application is at step ${app.step} and its household investigation is not completed: a fraud is confirmed only after the investigation (入户调查)`,
            { extensions: { code: 'CONFLICT', reason: 'NOT_INVESTIGATED', step: app.step } },
          );
        if (c.startsOn < app.submittedOn) throw badInput('the period starts before the application was submitted', 'startsOn', 'BEFORE_SUBMISSION');
        const repo = tx.getRepository(DishonestyRecord);
        const existing = await repo.findBy({ applicationId: app.id });
        if (existing.some((r) => !r.revokedOn)) throw conflict('this application already has a dishonesty record (revoke it first to make another)', 'RECORD_EXISTS');
        const r = repo.create({
          id: crypto.randomUUID(), personId: app.applicantId, applicationId: app.id, townshipCode: app.townshipCode, villageCode: app.villageCode,
          conducts: c.conducts, legalBases: c.legalBases, findings: c.findings, decidedOn: on, decidedBy: ctx.identity.subject, decidedRole: ctx.identity.role,
          startsOn: c.startsOn, endsOn: c.endsOn, revokedOn: null, revocationReason: null, revokedBy: null, version: 1,
        });
        await repo.insert(r);
        noteWrite(ctx, r, 'create', {
          applicationId: [null, r.applicationId], conducts: [null, r.conducts.join(',')], legalBases: [null, r.legalBases.join(',')], findings: [null, 'written'],
          startsOn: [null, r.startsOn], endsOn: [null, r.endsOn], version: [null, 1],
        });
        return r;
      },
    }),
  );
}

/**
 * 撤销 Revoke a dishonesty record with the reason (an appeal upheld, a wrong finding): the same roles as make one.
 * expectedVersion (CONFLICT STALE_VERSION), CONFLICT ALREADY_REVOKED; of concurrent revocations exactly one applies.
 */
export function revokeDishonestyRecord(ctx: SubgraphContext, input: RevokeDishonestyRecordInput): Promise<DishonestyRecord> {
  assertMayDecide(ctx.identity, 'revoke dishonesty records');
  const id = checkUuid(input.id, 'id');
  if (!Number.isInteger(input.expectedVersion) || input.expectedVersion < 1) throw badInput('`expectedVersion` must be a version of the record (1 or more)', 'expectedVersion', 'TOO_SMALL');
  const reason = checkOptionalText(input.reason, 'reason', { required: true })!;
  return auditedWrite(ctx, async (tx) => {
    const r = await lockedRecord(tx, DishonestyRecord, { id }, { notFound: 'no dishonesty record has this id', visible: (x) => decidesHere(ctx.identity, x) });
    if (r.version !== input.expectedVersion)
      throw new GraphQLError(`the record changed since version ${input.expectedVersion} (it is at version ${r.version}): reload it; nothing was changed`, {
        extensions: { code: 'CONFLICT', reason: 'STALE_VERSION', expectedVersion: input.expectedVersion, currentVersion: r.version },
      });
    if (r.revokedOn) throw conflict(`the record was revoked on ${r.revokedOn}`, 'ALREADY_REVOKED');
    const on = today();
    const was = r.version;
    const updated = await updateLocked(tx, DishonestyRecord, r, { revokedOn: on, revocationReason: reason, revokedBy: ctx.identity.subject, version: was + 1 });
    noteWrite(ctx, updated, 'update', { revokedOn: [null, on], revocationReason: [null, 'written'], version: [was, updated.version] });
    return updated;
  });
}

/** Applications by id (a record's application). One SELECT per batch. */
export const applicationById = defineLoader<string, AssistanceApplication | null>(async (ids, ctx) => {
  const rows = await ctx.db.getRepository(AssistanceApplication).findBy({ id: In([...ids]) });
  const by = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => by.get(id) ?? null);
});

/** Each person's dishonesty records (any status), oldest start first. One SELECT per batch. */
export const dishonestyRecordsByPersonId = defineLoader<string, DishonestyRecord[]>(async (ids, ctx) => {
  const rows = await ctx.db.getRepository(DishonestyRecord).find({ where: { personId: In([...ids]) }, order: { startsOn: 'ASC', id: 'ASC' } });
  return groupedByKey(ids, rows, (r) => r.personId);
});

/** The records that flag an application submitted on `on`: not revoked, with `on` in their period (both ends included). */
export function recordsFlagging(records: readonly DishonestyRecord[], on: string): DishonestyRecord[] {
  return records.filter((r) => !r.revokedOn && r.startsOn <= on && on <= r.endsOn);
}
