import crypto from 'node:crypto';
import { GraphQLError } from 'graphql';
import { In, type EntityManager } from 'typeorm';
import {
  PROGRAMMES, addCalendarDays, assertCanWrite, assertHouseholdInRegistry, assertHouseholdMember, assertPersonsInRegistry, auditedWrite, badInput,
  checkDateInWindow, checkOptionalText, checkUuid, conflict, forbidden, idempotent, inScope, isTownshipCode, isVillageCode, lockPersonForWrite, lockedRecord,
  outcomeFor, updateLocked, type Identity, type Locked, type RegistryPersonStatus, type Role, type SubgraphContext,
  checkAmountAtMost, noticeAmountLimit, type NoticedProgramme, type RegistryVerificationRun, type Yuan,
} from '@aidgraph/subgraph-kit';
import { ApplicationDocument, ApplicationTransition, AssistanceApplication, HouseholdVisit } from './application.entity';
import { APPLICATION_CLASS, ApplicationChannel, ApplicationStep, DEPARTMENT, DocumentState, NOTICE_DAYS, PreliminaryProposal } from './application.enums';
import type {
  AcceptApplicationInput, ApplicationChangeInput, DocumentStateInput, PreliminaryDecisionInput, RecordHouseholdVisitInput, RecordObjectionInput,
  RecordVerificationInput, RefuseApplicationInput, SubmitApplicationInput,
} from './application.input';
import { oneTimeNoticeText, requiredDocuments, type DocumentRequirement } from '../document/document-requirements';
import { assertProgrammesHandled, createReferrals } from '../referral/referral.service';
import { today } from '../time-limit/today';
import { checkNoticeAmounts, createNotices, endNotices } from '../notice/notice.service';
import { checkCommitment, insertCommitment, type CheckedCommitment } from '../credit/credit.service';

const PROGRAMME_CODES = new Set(PROGRAMMES.map((p) => p.code));
/** The first submission date accepted: the unified social assistance system's start (胶政发〔2020〕106号). */
export const EARLIEST_SUBMISSION = '2020-12-16';
/** Steps of an application still open (a second application of the person for one of its programmes is a DUPLICATE_APPLICATION). */
export const OPEN_STEPS: readonly ApplicationStep[] = [
  ApplicationStep.SUBMITTED, ApplicationStep.INVESTIGATION, ApplicationStep.VERIFICATION, ApplicationStep.PRELIMINARY_REVIEW, ApplicationStep.PUBLIC_NOTICE,
];
const S = ApplicationStep;

/**
 * 办理流程 The legal transitions (from → to) and when each holds. Everything else is CONFLICT ILLEGAL_TRANSITION (with
 * `from` and `to` in extensions) and changes nothing. The urgent path (先行救助, TEMPORARY alone): the township approver
 * may confirm (or refuse) from INVESTIGATION, VERIFICATION or PRELIMINARY_REVIEW without the notice; the investigation
 * and verification are then completed on the CONFIRMED application (CONFIRMED → CONFIRMED follow-up rows), and it
 * closes only when both are done.
 */
/** The operations that change an application (one mutation each). */
export type Operation = 'accept' | 'visit' | 'completeInvestigation' | 'recordVerification' | 'preliminaryDecision' | 'recordObjection' | 'confirm' | 'refuse' | 'close';
type Edge = { op: Operation; from: ApplicationStep; to: ApplicationStep; when?: (a: AssistanceApplication) => boolean };
const urgentSteps = [S.INVESTIGATION, S.VERIFICATION, S.PRELIMINARY_REVIEW];
export const EDGES: readonly Edge[] = [
  { op: 'accept', from: S.SUBMITTED, to: S.INVESTIGATION },
  { op: 'accept', from: S.SUBMITTED, to: S.NOT_ACCEPTED },
  { op: 'completeInvestigation', from: S.INVESTIGATION, to: S.VERIFICATION },
  // urgent follow-up: the investigation, then the verification, completed after the aid was confirmed
  { op: 'completeInvestigation', from: S.CONFIRMED, to: S.CONFIRMED, when: (a) => a.urgent && !a.investigatedOn },
  { op: 'recordVerification', from: S.VERIFICATION, to: S.PRELIMINARY_REVIEW },
  { op: 'recordVerification', from: S.CONFIRMED, to: S.CONFIRMED, when: (a) => a.urgent && !a.verifiedOn },
  { op: 'preliminaryDecision', from: S.PRELIMINARY_REVIEW, to: S.PUBLIC_NOTICE },
  { op: 'preliminaryDecision', from: S.PRELIMINARY_REVIEW, to: S.REFUSED },
  { op: 'recordObjection', from: S.PUBLIC_NOTICE, to: S.INVESTIGATION },
  { op: 'confirm', from: S.PUBLIC_NOTICE, to: S.CONFIRMED },
  { op: 'refuse', from: S.PUBLIC_NOTICE, to: S.REFUSED },
  ...urgentSteps.flatMap((from): Edge[] => [
    { op: 'confirm', from, to: S.CONFIRMED, when: (a) => a.urgent },
    { op: 'refuse', from, to: S.REFUSED, when: (a) => a.urgent },
  ]),
  { op: 'close', from: S.NOT_ACCEPTED, to: S.CLOSED },
  { op: 'close', from: S.CONFIRMED, to: S.CLOSED },
  { op: 'close', from: S.REFUSED, to: S.CLOSED },
];

/** CONFLICT ILLEGAL_TRANSITION: the step `from` does not lead to `to` (for this application). */
export function illegalTransition(from: ApplicationStep, to: ApplicationStep, why?: string): GraphQLError {
  return new GraphQLError(`an application at ${from} cannot go to ${to}${why ? `: ${why}` : ''}; nothing was changed`, {
    extensions: { code: 'CONFLICT', reason: 'ILLEGAL_TRANSITION', from, to },
  });
}

/** Throw ILLEGAL_TRANSITION unless `op` may take `app` to `to` now. */
export function assertTransition(app: AssistanceApplication, to: ApplicationStep, op: Operation): void {
  if (!EDGES.some((e) => e.op === op && e.from === app.step && e.to === to && (!e.when || e.when(app)))) throw illegalTransition(app.step, to);
}

/**
 * True when the identity may see (and, for its role, act on) the application: staff of its township (caseworker,
 * township approver), the village assistant of its village; other roles as the class says (officers, auditors).
 */
export function applicationInScope(identity: Identity, app: { townshipCode: string; villageCode?: string | null }): boolean {
  return inScope(identity, app.townshipCode, app.villageCode);
}

/**
 * FORBIDDEN unless the identity may read applications at all (class application): other departments' officers may not
 * (they see the referrals addressed to them). The message depends only on the caller.
 */
export function assertMayReadApplications(identity: Identity): void {
  if (outcomeFor(identity, APPLICATION_CLASS, { owner: DEPARTMENT }) === 'FORBIDDEN')
    throw forbidden('applications are data of the service centre (class application): other departments\' officers see only their referrals');
}

const ROLE_NAMES: Record<string, string> = {
  caseworker: 'caseworkers (经办人)', township_approver: 'township approvers (审核确认)', village_assistant: 'village assistants (协理员)',
};

/** FORBIDDEN unless the caller has one of `roles` (checked before any record is read). */
function assertRole(identity: Identity, roles: readonly Role[], what: string): void {
  if (!roles.includes(identity.role)) throw forbidden(`only ${roles.map((r) => ROLE_NAMES[r] ?? r).join(' or ')} of the application's township may ${what}`);
}



/** The programmes requested: at least one known code, no duplicates. */
function checkProgrammes(programmes: string[]): string[] {
  if (!programmes.length) throw badInput('at least one programme must be requested', 'programmes', 'REQUIRED');
  const seen = new Set<string>();
  programmes.forEach((p, i) => {
    if (!PROGRAMME_CODES.has(p)) throw badInput('not a programme code of programmes.json', `programmes[${i}]`, 'UNKNOWN_PROGRAMME');
    if (seen.has(p)) throw badInput('a programme is requested twice', `programmes[${i}]`, 'DUPLICATE');
    seen.add(p);
  });
  return programmes;
}

/**
 * The documents' states given at the window, checked against what the application needs: each code one it needs
 * (UNKNOWN_DOCUMENT), once (DUPLICATE); COMMITMENT only where the table allows it (COMMITMENT_NOT_ALLOWED) and with the
 * commitment text the applicant signed (REQUIRED), no text with another state (NOT_ALLOWED).
 */
function checkDocuments(given: DocumentStateInput[] | null | undefined, needed: readonly Pick<DocumentRequirement, 'code' | 'commitmentAllowed'>[]): Map<string, { state: DocumentState; commitmentText: string | null }> {
  const out = new Map<string, { state: DocumentState; commitmentText: string | null }>();
  (given ?? []).forEach((d, i) => {
    const at = `documents[${i}]`;
    const req = needed.find((n) => n.code === d.code);
    if (!req) throw badInput('this document is not one the application needs (see AssistanceApplication.documents)', `${at}.code`, 'UNKNOWN_DOCUMENT');
    if (out.has(d.code)) throw badInput('a document is listed twice', `${at}.code`, 'DUPLICATE');
    let text: string | null = null;
    if (d.state === DocumentState.COMMITMENT) {
      if (!req.commitmentAllowed) throw badInput('a signed commitment (告知承诺) may not replace this document', `${at}.state`, 'COMMITMENT_NOT_ALLOWED');
      text = checkOptionalText(d.commitmentText, `${at}.commitmentText`, { required: true });
    } else if (d.commitmentText != null) throw badInput('a commitment text goes with the state COMMITMENT only', `${at}.commitmentText`, 'NOT_ALLOWED');
    out.set(d.code, { state: d.state, commitmentText: text });
  });
  return out;
}

function noteWrite(ctx: SubgraphContext, app: AssistanceApplication, action: 'create' | 'update', changes: Record<string, [unknown, unknown]>): void {
  ctx.audit.noteWrite({ entity: 'AssistanceApplication', key: app.id, personId: app.applicantId, action, changes });
}

async function insertTransition(tx: EntityManager, ctx: SubgraphContext, app: AssistanceApplication, from: ApplicationStep | null, to: ApplicationStep, on: string, note: string | null): Promise<void> {
  await tx.getRepository(ApplicationTransition).insert({
    id: crypto.randomUUID(), applicationId: app.id, version: app.version, fromStep: from, toStep: to,
    subject: ctx.identity.subject, role: ctx.identity.role, at: new Date().toISOString(), on, note,
  });
}

// ---------------------------------------------------------------------------------------------------------------------
// submission

/**
 * 提交申请 Submit an application (one transaction): a caseworker at the window of its township (channel WINDOW) or a
 * village assistant for its village (channel VILLAGE_ASSISTANT, 帮办代办). The input's form is checked first (BAD_USER_INPUT
 * before the registry is asked). The applicant must be an active person of the registry, registered in the township;
 * the village is the applicant's village of registration (a village given that differs is NOT_THE_PERSONS_VILLAGE); the
 * household (when given) must be the applicant's, in the township. One open application per person and programme
 * (CONFLICT DUPLICATE_APPLICATION). A retry with the same idempotencyKey returns the first result.
 */
export async function submitApplication(ctx: SubgraphContext, input: SubmitApplicationInput): Promise<AssistanceApplication> {
  const authorize = () => authorizeSubmission(ctx.identity, input);
  authorize();
  const checked = checkSubmission(input);
  // the registry is asked before the write transaction
  const found = await assertPersonsInRegistry(ctx, [{ id: checked.applicantId, field: 'applicantId' }], { active: true });
  villageOfApplicant(ctx.identity, input, found.get(checked.applicantId));
  if (checked.householdId != null) {
    const h = await assertHouseholdInRegistry(ctx, checked.householdId, 'householdId', { township: input.townshipCode });
    assertHouseholdMember(h, checked.applicantId, 'applicantId', { active: true });
  }
  return auditedWrite(ctx, (tx) =>
    idempotent(ctx, tx, 'submitApplication', input, {
      authorize,
      create: () => submitApplicationIn(ctx, tx, input),
      reload: (id) => tx.getRepository(AssistanceApplication).findOneBy({ id }),
    }),
  );
}

/** Who may submit, through which channel, where: FORBIDDEN / BAD_USER_INPUT before anything is read. */
function authorizeSubmission(identity: Identity, input: SubmitApplicationInput): void {
  assertRole(identity, ['caseworker', 'village_assistant'], 'submit applications');
  if (input.channel === ApplicationChannel.SELF_SERVICE)
    throw badInput('self-service applications are not taken through this API', 'channel', 'WRONG_CHANNEL');
  const expected = identity.role === 'caseworker' ? ApplicationChannel.WINDOW : ApplicationChannel.VILLAGE_ASSISTANT;
  if (input.channel !== expected) throw badInput(`a ${identity.role} submits through the channel ${expected}`, 'channel', 'WRONG_CHANNEL');
  if (isTownshipCode(input.townshipCode) && input.townshipCode !== identity.township) throw forbidden('you may submit applications of your own township only');
  if (identity.role === 'village_assistant' && input.villageCode != null && isVillageCode(input.villageCode) && input.villageCode !== identity.village)
    throw forbidden('a village assistant submits applications of its own village only');
}

/** submitApplication's input checked for its form alone (no database, no registry). */
interface CheckedSubmission {
  applicantId: string;
  householdId: string | null;
  programmes: string[];
  urgent: boolean;
  on: string;
  needed: DocumentRequirement[];
  states: Map<string, { state: DocumentState; commitmentText: string | null }>;
  /** the commitment signed (告知承诺书), required */
  commitment: CheckedCommitment;
}

/** The form of submitApplication's input: BAD_USER_INPUT naming the first fault, before the registry is asked. */
function checkSubmission(input: SubmitApplicationInput): CheckedSubmission {
  const applicantId = checkUuid(input.applicantId, 'applicantId');
  const householdId = input.householdId != null ? checkUuid(input.householdId, 'householdId') : null;
  if (!isTownshipCode(input.townshipCode)) throw badInput('`townshipCode` is not a Jiaozhou township code', 'townshipCode', 'UNKNOWN_TOWNSHIP');
  if (input.villageCode != null && !isVillageCode(input.villageCode)) throw badInput('`villageCode` is not a 12-digit village or community code', 'villageCode', 'UNKNOWN_VILLAGE');
  if (input.villageCode != null && input.villageCode.slice(0, 9) !== input.townshipCode) throw badInput('the village is not in the township', 'villageCode', 'NOT_IN_TOWNSHIP');
  const programmes = checkProgrammes(input.programmes);
  assertProgrammesHandled(programmes); // a department that decides no referral here: PROGRAMME_NOT_HANDLED
  const urgent = input.urgent ?? false;
  if (urgent && (programmes.length !== 1 || programmes[0] !== 'TEMPORARY'))
    throw badInput('only an application for temporary assistance alone (TEMPORARY) may be urgent (先行救助)', 'urgent', 'URGENT_ONLY_TEMPORARY');
  const on = today();
  const needed = requiredDocuments(programmes, on);
  const states = checkDocuments(input.documents, needed);
  const commitment = checkCommitment(input.commitment, on);
  return { applicantId, householdId, programmes, urgent, on, needed: [...needed], states, commitment };
}

/**
 * The village of the application: the applicant's village of registration, as the registry answers it. The township
 * given must be the applicant's (BAD_USER_INPUT NOT_THE_PERSONS_TOWNSHIP); a village given that is not the applicant's
 * is BAD_USER_INPUT NOT_THE_PERSONS_VILLAGE (so an application cannot be filed under another village, nor under a
 * village that does not exist); a village assistant submits for persons of its own village only (FORBIDDEN). When the
 * registry does not answer the village (a context without a registry lookup), the village given — a village
 * assistant's: its own — is taken as it is.
 */
function villageOfApplicant(identity: Identity, input: SubmitApplicationInput, applicant: RegistryPersonStatus | undefined): string | null {
  if (applicant?.townshipCode && applicant.townshipCode !== input.townshipCode)
    throw badInput('the applicant is registered in another township: an application is handled in the township of registration', 'townshipCode', 'NOT_THE_PERSONS_TOWNSHIP');
  const given = input.villageCode ?? (identity.role === 'village_assistant' ? identity.village! : null);
  const registered = applicant?.villageCode;
  if (!registered) return given;
  if (input.villageCode != null && input.villageCode !== registered)
    throw badInput('the applicant is registered in another village: an application is filed under the village of registration', 'villageCode', 'NOT_THE_PERSONS_VILLAGE');
  if (identity.role === 'village_assistant' && registered !== identity.village) throw forbidden('a village assistant submits applications of its own village only');
  return registered;
}

/** `submitApplication` inside the caller's transaction `tx`. */
export async function submitApplicationIn(ctx: SubgraphContext, tx: EntityManager, input: SubmitApplicationInput): Promise<AssistanceApplication> {
  authorizeSubmission(ctx.identity, input);
  const { applicantId, householdId, programmes, urgent, on, needed, states, commitment } = checkSubmission(input);
  const found = await assertPersonsInRegistry(ctx, [{ id: applicantId, field: 'applicantId' }], { active: true });
  const villageCode = villageOfApplicant(ctx.identity, input, found.get(applicantId));

  const repo = tx.getRepository(AssistanceApplication);
  await lockPersonForWrite(tx, applicantId);
  const open = await repo.find({ where: { applicantId, step: In([...OPEN_STEPS]) } });
  if (open.some((a) => a.programmes.some((p) => programmes.includes(p))))
    throw conflict('the applicant already has an open application for one of these programmes', 'DUPLICATE_APPLICATION');
  const app = repo.create({
    id: crypto.randomUUID(), applicantId, householdId, townshipCode: input.townshipCode, villageCode, channel: input.channel, programmes,
    step: S.SUBMITTED, urgent, specialCase: input.specialCase ?? false, submittedOn: on, acceptedOn: null, stepEnteredOn: on,
    noticeStartsOn: null, noticeEndsOn: null, investigatedOn: null, verifiedOn: null, proposal: null, takenBy: ctx.identity.subject,
    version: 1, oneTimeNotice: null, reasons: null, verificationNote: null,
  });
  await repo.insert(app);
  await tx.getRepository(ApplicationDocument).insert(
    needed.map((d) => ({
      applicationId: app.id, code: d.code, name: d.name, commitmentAllowed: d.commitmentAllowed,
      state: states.get(d.code)?.state ?? DocumentState.MISSING, commitmentText: states.get(d.code)?.commitmentText ?? null,
    })),
  );
  await insertCommitment(tx, ctx, app, commitment);
  await insertTransition(tx, ctx, app, null, S.SUBMITTED, on, null);
  noteWrite(ctx, app, 'create', { step: [null, S.SUBMITTED], programmes: [null, programmes.join(',')], channel: [null, input.channel], version: [null, 1] });
  return app;
}

// ---------------------------------------------------------------------------------------------------------------------
// changes of an application: one shape for every step

interface Change {
  /** the step after (the same step for a change that is not a transition, e.g. a visit) */
  to: ApplicationStep;
  patch?: Partial<AssistanceApplication>;
  /** the transition's note */
  note?: string | null;
  /** false: no transition row (a visit); default true */
  transition?: boolean;
}

/**
 * The one way an application changes: validate the input, lock the application (lockedRecord), check the caller's scope
 * (FORBIDDEN), the version (CONFLICT STALE_VERSION) and the transition (CONFLICT ILLEGAL_TRANSITION), apply the change,
 * bump the version, keep the transition row and the audit entry: all in one transaction, nothing changed on a refusal.
 */
async function changeApplication(
  ctx: SubgraphContext,
  input: ApplicationChangeInput,
  o: { op: Operation; roles: readonly Role[]; what: string; decide: (tx: EntityManager, app: Locked<AssistanceApplication>, on: string) => Promise<Change> | Change },
  tx?: EntityManager,
): Promise<AssistanceApplication> {
  assertRole(ctx.identity, o.roles, o.what);
  const id = checkUuid(input.id, 'id');
  if (!Number.isInteger(input.expectedVersion) || input.expectedVersion < 1) throw badInput('`expectedVersion` must be a version of the application (1 or more)', 'expectedVersion', 'TOO_SMALL');
  checkOptionalText(input.note, 'note');
  const work = async (t: EntityManager) => {
    const app = await lockedRecord(t, AssistanceApplication, { id }, { notFound: 'no application has this id' });
    if (!applicationInScope(ctx.identity, app)) throw forbidden('this application is handled outside your township or village');
    assertCanWrite(ctx.identity, DEPARTMENT, app.townshipCode, { villageCode: app.villageCode, kind: 'application' });
    if (app.version !== input.expectedVersion)
      throw new GraphQLError(`the application changed since version ${input.expectedVersion} (it is at version ${app.version}): reload it and decide again; nothing was changed`, {
        extensions: { code: 'CONFLICT', reason: 'STALE_VERSION', expectedVersion: input.expectedVersion, currentVersion: app.version },
      });
    const on = today();
    const before = { ...app };
    const c = await o.decide(t, app, on);
    if (c.transition !== false) assertTransition(app, c.to, o.op);
    const from = app.step;
    const patch: Partial<AssistanceApplication> = { ...c.patch, version: app.version + 1 };
    if (c.to !== from) Object.assign(patch, { step: c.to, stepEnteredOn: on });
    const changes: Record<string, [unknown, unknown]> = {};
    for (const [k, v] of Object.entries(patch)) {
      const old = (before as Record<string, unknown>)[k];
      // the notice's text is kept on the application; the audit entry notes that it was written
      if (JSON.stringify(old ?? null) !== JSON.stringify(v ?? null)) changes[k] = [old ?? null, k === 'oneTimeNotice' ? 'written' : v ?? null];
    }
    const updated = await updateLocked(t, AssistanceApplication, app, patch);
    if (c.transition !== false) await insertTransition(t, ctx, updated, from, c.to, on, c.note ?? checkOptionalText(input.note, 'note'));
    noteWrite(ctx, updated, 'update', changes);
    return updated;
  };
  return tx ? work(tx) : auditedWrite(ctx, work);
}

/** The version of the last transition into INVESTIGATION (a visit counts for the investigation it follows). */
async function investigationStartedAt(tx: EntityManager, appId: string): Promise<number> {
  const last = await tx.getRepository(ApplicationTransition).findOne({ where: { applicationId: appId, toStep: S.INVESTIGATION }, order: { version: 'DESC' } });
  return last?.version ?? 0;
}

/**
 * 受理 Accept (→ INVESTIGATION: the documents' states, the one-time notice of every missing document, the referrals to
 * the other departments) or not accept (→ NOT_ACCEPTED with the reason). Caseworkers of the township.
 */
export function acceptApplication(ctx: SubgraphContext, input: AcceptApplicationInput): Promise<AssistanceApplication> {
  if (input.accepted) {
    if (checkOptionalText(input.reason, 'reason')) throw badInput('a reason goes with a non-acceptance only', 'reason', 'NOT_ALLOWED');
  } else {
    checkOptionalText(input.reason, 'reason', { required: true });
    if (input.documents?.length) throw badInput('documents are checked for an accepted application only', 'documents', 'NOT_ALLOWED');
  }
  return changeApplication(ctx, input, {
    op: 'accept', roles: ['caseworker'], what: 'accept applications',
    decide: async (tx, app, on) => {
      if (!input.accepted) return { to: S.NOT_ACCEPTED, patch: { reasons: checkOptionalText(input.reason, 'reason', { required: true }) }, note: checkOptionalText(input.note, 'note') ?? checkOptionalText(input.reason, 'reason') };
      assertTransition(app, S.INVESTIGATION, 'accept');
      const docs = await tx.getRepository(ApplicationDocument).find({ where: { applicationId: app.id }, order: { code: 'ASC' } });
      const order = requiredDocuments(app.programmes, app.submittedOn).map((d) => d.code);
      docs.sort((a, b) => order.indexOf(a.code) - order.indexOf(b.code));
      const states = checkDocuments(input.documents, docs);
      for (const d of docs) {
        const s = states.get(d.code);
        if (!s || (s.state === d.state && s.commitmentText === d.commitmentText)) continue;
        await tx.getRepository(ApplicationDocument).update({ applicationId: app.id, code: d.code }, s);
        Object.assign(d, s);
      }
      const notice = oneTimeNoticeText({ applicationId: app.id, acceptedOn: on, townshipCode: app.townshipCode, programmes: app.programmes, documents: docs });
      await createReferrals(tx, app, ctx.identity, on, ctx.audit);
      return { to: S.INVESTIGATION, patch: { acceptedOn: on, oneTimeNotice: notice } };
    },
  });
}

/**
 * 入户调查 Record a household visit: in INVESTIGATION, or on a CONFIRMED urgent application whose investigation is still
 * to be completed. Caseworkers of the township, village assistants of the village. A retry with the same
 * idempotencyKey returns the first result.
 */
export function recordHouseholdVisit(ctx: SubgraphContext, input: RecordHouseholdVisitInput): Promise<AssistanceApplication> {
  const roles: Role[] = ['caseworker', 'village_assistant'];
  assertRole(ctx.identity, roles, 'record household visits');
  checkDateInWindow(input.visitedOn, 'visitedOn', { earliest: EARLIEST_SUBMISSION, earliestWhat: 'the unified social assistance system (胶政发〔2020〕106号)', maxFutureDays: 0, today: today() });
  if (!input.staff.length || input.staff.length > 5) throw badInput('1-5 staff must be named', 'staff', input.staff.length ? 'TOO_LONG' : 'REQUIRED');
  const staff = input.staff.map((s, i) => checkOptionalText(s, `staff[${i}]`, { required: true, max: 40 })!);
  const findings = checkOptionalText(input.findings, 'findings', { required: true, max: 4000 })!;
  return auditedWrite(ctx, (tx) =>
    idempotent(ctx, tx, 'recordHouseholdVisit', input, {
      authorize: () => assertRole(ctx.identity, roles, 'record household visits'),
      reload: (id) => tx.getRepository(AssistanceApplication).findOneBy({ id }),
      create: () =>
        changeApplication(ctx, input, {
          op: 'visit', roles, what: 'record household visits',
          decide: async (t, app) => {
            const open = app.step === S.INVESTIGATION || (app.step === S.CONFIRMED && app.urgent && !app.investigatedOn);
            if (!open)
              throw new GraphQLError(`a household visit is recorded during the investigation; the application is at ${app.step}`, {
                extensions: { code: 'CONFLICT', reason: 'NOT_IN_INVESTIGATION', step: app.step },
              });
            if (app.acceptedOn && input.visitedOn < app.acceptedOn) throw badInput('the visit is before the acceptance', 'visitedOn', 'BAD_DATE_ORDER');
            await t.getRepository(HouseholdVisit).insert({
              id: crypto.randomUUID(), applicationId: app.id, visitedOn: input.visitedOn, staff, findings, recordedBy: ctx.identity.subject,
              applicationVersion: app.version + 1,
            });
            return { to: app.step, transition: false };
          },
        }, tx),
    }),
  );
}

/**
 * 调查完成 Complete the household investigation (→ VERIFICATION; on a CONFIRMED urgent application it stays CONFIRMED):
 * at least one visit recorded since the application (re-)entered the investigation (CONFLICT VISIT_MISSING). Caseworkers.
 */
export function completeInvestigation(ctx: SubgraphContext, input: ApplicationChangeInput): Promise<AssistanceApplication> {
  return changeApplication(ctx, input, {
    op: 'completeInvestigation', roles: ['caseworker'], what: 'complete investigations',
    decide: async (tx, app, on) => {
      const followUp = app.step === S.CONFIRMED && app.urgent;
      const to = followUp ? S.CONFIRMED : S.VERIFICATION;
      assertTransition(app, to, 'completeInvestigation');
      const since = await investigationStartedAt(tx, app.id);
      const visits = await tx.getRepository(HouseholdVisit).count({ where: { applicationId: app.id } });
      const recent = visits ? await tx.getRepository(HouseholdVisit).createQueryBuilder('v').where('v.applicationId = :id AND v.applicationVersion > :since', { id: app.id, since }).getCount() : 0;
      if (!recent) throw conflict('record a household visit (入户调查) first: none since the investigation began', 'VISIT_MISSING');
      return { to, patch: { investigatedOn: on }, note: followUp ? '先行救助 调查补充完成 (urgent: investigation completed after the confirmation)' : undefined };
    },
  });
}

/**
 * 核对 Record the economic verification (→ PRELIMINARY_REVIEW; on a CONFIRMED urgent application, after its
 * investigation, it stays CONFIRMED): the id of civil affairs' stored verification run (VerificationRun, issue 9) of the
 * applicant's household, and an optional note. Caseworkers. The run is looked up in civil affairs (the registry, with
 * the caller's token) before the write transaction: NOT_FOUND VERIFICATION_RUN_NOT_FOUND when civil affairs does not
 * show it to the caller; CONFLICT NOT_THE_APPLICANTS_HOUSEHOLD when the applicant is not a member of the run's household
 * (or it is not the application's household), VERIFICATION_BEFORE_SUBMISSION when it is for a date before the
 * submission. A context without a registry that answers runs does not check them.
 */
export async function recordVerification(ctx: SubgraphContext, input: RecordVerificationInput): Promise<AssistanceApplication> {
  const note = checkOptionalText(input.verificationNote, 'verificationNote');
  assertRole(ctx.identity, ['caseworker'], 'record verifications');
  if (input.verificationRunId == null || !String(input.verificationRunId).trim())
    throw badInput('`verificationRunId` is required: the civil-affairs verification run (verifyHousehold) of the applicant\'s household', 'verificationRunId', 'REQUIRED');
  const runId = checkUuid(String(input.verificationRunId), 'verificationRunId');
  // civil affairs is asked only for an application this call could change (read without a lock: scope, version, step),
  // so a stale version or an illegal step is answered as such without a remote call; the transaction checks all again
  const pre = await ctx.db.getRepository(AssistanceApplication).findOneBy({ id: checkUuid(input.id, 'id') });
  const askable = !!pre && applicationInScope(ctx.identity, pre) && pre.version === input.expectedVersion;
  if (askable) assertTransition(pre, pre.step === S.CONFIRMED && pre.urgent ? S.CONFIRMED : S.PRELIMINARY_REVIEW, 'recordVerification');
  const run = askable && ctx.registry?.verificationRuns ? ((await ctx.registry.verificationRuns([runId])).get(runId) ?? null) : undefined;
  if (run === null)
    throw new GraphQLError('civil affairs shows you no verification run with this id', { extensions: { code: 'NOT_FOUND', reason: 'VERIFICATION_RUN_NOT_FOUND', field: 'input.verificationRunId' } });
  return changeApplication(ctx, input, {
    op: 'recordVerification', roles: ['caseworker'], what: 'record verifications',
    decide: (_tx, app, on) => {
      const followUp = app.step === S.CONFIRMED && app.urgent;
      if (followUp && !app.investigatedOn) throw conflict('complete the investigation first (先行救助: investigation, then verification)', 'INVESTIGATION_PENDING');
      assertTransition(app, followUp ? S.CONFIRMED : S.PRELIMINARY_REVIEW, 'recordVerification');
      // not asked (the application was not changeable when read) yet changeable now: refuse rather than store an unchecked run
      if (run === undefined && ctx.registry?.verificationRuns) throw conflict('the application changed while the run was being checked: try again', 'CONCURRENT_CHANGE');
      if (run) {
        if (!run.memberIds.includes(app.applicantId) || (app.householdId && app.householdId !== run.householdId))
          throw conflict('the verification run is of another household than the applicant\'s', 'NOT_THE_APPLICANTS_HOUSEHOLD');
        if (run.on < app.submittedOn) throw conflict(`the verification run is for ${run.on}, before the application was submitted (${app.submittedOn}): verify the household again`, 'VERIFICATION_BEFORE_SUBMISSION');
      }
      return {
        to: followUp ? S.CONFIRMED : S.PRELIMINARY_REVIEW,
        patch: { verifiedOn: on, verificationNote: note, verificationRunId: runId },
        note: followUp ? '先行救助 核对补充完成 (urgent: verification recorded after the confirmation)' : undefined,
      };
    },
  });
}

/**
 * The proposed notice amounts against the policy limits in force on `on` (the kit's enrolment-limits table with the
 * dibao standard, shared with civil affairs' enrolments) and against the application's verification run as civil
 * affairs shows it to the caller (`run`; undefined when it could not be read: then the table's maxHouseholdSize and
 * the higher of the urban and rural standards bound the household amounts). BAD_USER_INPUT at `noticeAmounts[i]`:
 * `.programme` NOT_ELIGIBLE_BY_VERIFICATION when the run finds no one eligible for it (DIBAO: outcome neither DIBAO nor
 * a MARGINAL household with single-person coverage; TEKUN: no member found tekun), `.amount` AMOUNT_ABOVE_LIMIT above
 * the limit (DIBAO the standard x the persons covered, TEKUN tekunMultiple x the standard x the members found tekun,
 * TEMPORARY temporaryMultiple x the standard x the counted members; the message names the limit, never an income).
 */
function checkNoticeLimits(amounts: Map<string, Yuan>, given: readonly { programme: string }[], on: string, run: RegistryVerificationRun | undefined): void {
  for (const [programme, amount] of amounts) {
    const i = given.findIndex((a) => a.programme === programme);
    const at = `noticeAmounts[${i}]`;
    const refuse = (why: string) => {
      throw badInput(`the verification run of the applicant's household ${why}: no ${programme} amount can be proposed`, `${at}.programme`, 'NOT_ELIGIBLE_BY_VERIFICATION');
    };
    const counted = run ? (run.countedMembers ?? run.memberIds.length) : undefined;
    let persons: number | undefined = counted;
    if (run && programme === 'DIBAO' && run.outcome != null) {
      if (run.outcome === 'MARGINAL' && Array.isArray(run.singlePersonCoverage)) {
        if (!run.singlePersonCoverage.length) refuse('finds a marginal household with no member for single-person coverage');
        persons = run.singlePersonCoverage.length;
      } else if (run.outcome !== 'DIBAO' && run.outcome !== 'MARGINAL') refuse(`has the outcome ${run.outcome}`);
    }
    if (run && programme === 'TEKUN') {
      if (Array.isArray(run.tekun) && !run.tekun.length) refuse('finds no member eligible for tekun');
      persons = Array.isArray(run.tekun) ? run.tekun.length : undefined;
    }
    const limit = noticeAmountLimit(programme as NoticedProgramme, on, { persons, area: run?.area ?? null });
    if (limit) checkAmountAtMost(amount, `${at}.amount`, limit);
  }
}

/**
 * 初审 The caseworker's preliminary decision: APPROVE → PUBLIC_NOTICE (7 calendar days from today: noticeStartsOn,
 * noticeEndsOn = +6), REFUSE → REFUSED with written reasons. The proposed amounts are checked against the policy
 * limits in force and the application's verification run (checkNoticeLimits), which civil affairs is asked for before
 * the write transaction (as recordVerification does).
 */
export async function preliminaryDecision(ctx: SubgraphContext, input: PreliminaryDecisionInput): Promise<AssistanceApplication> {
  const reasons = checkOptionalText(input.reasons, 'reasons', { required: input.proposal === PreliminaryProposal.REFUSE });
  if (input.proposal === PreliminaryProposal.APPROVE && reasons) throw badInput('reasons go with a refusal only', 'reasons', 'NOT_ALLOWED');
  if (input.proposal === PreliminaryProposal.REFUSE && input.noticeAmounts?.length) throw badInput('proposed amounts go with an approval only', 'noticeAmounts', 'NOT_ALLOWED');
  assertRole(ctx.identity, ['caseworker'], 'make preliminary decisions');
  // the run is read only for an application this call could change (read without a lock); the transaction checks all
  // again, and an application whose run changed since is at another version (STALE_VERSION)
  let run: RegistryVerificationRun | undefined;
  if (input.proposal === PreliminaryProposal.APPROVE && input.noticeAmounts?.length && ctx.registry?.verificationRuns) {
    const pre = await ctx.db.getRepository(AssistanceApplication).findOneBy({ id: checkUuid(input.id, 'id') });
    if (pre?.verificationRunId && applicationInScope(ctx.identity, pre) && pre.version === input.expectedVersion)
      run = (await ctx.registry.verificationRuns([pre.verificationRunId])).get(pre.verificationRunId.toLowerCase());
  }
  return changeApplication(ctx, input, {
    op: 'preliminaryDecision', roles: ['caseworker'], what: 'make preliminary decisions',
    decide: async (tx, app, on) => {
      if (input.proposal !== PreliminaryProposal.APPROVE) return { to: S.REFUSED, patch: { proposal: input.proposal, reasons }, note: checkOptionalText(input.note, 'note') ?? reasons };
      assertTransition(app, S.PUBLIC_NOTICE, 'preliminaryDecision');
      // 公示: one notice per noticed programme (DIBAO, TEKUN, TEMPORARY) with its proposed amount (notice/notice.service.ts)
      const amounts = checkNoticeAmounts(app.programmes, input.noticeAmounts);
      checkNoticeLimits(amounts, input.noticeAmounts ?? [], on, run);
      await createNotices(tx, app, amounts, on);
      return { to: S.PUBLIC_NOTICE, patch: { proposal: input.proposal, noticeStartsOn: on, noticeEndsOn: addCalendarDays(on, NOTICE_DAYS - 1) } };
    },
  });
}

/**
 * 异议 An objection during the public notice: recorded as the transition's note; the case goes back to INVESTIGATION
 * (notice, preliminary decision, investigation and verification dates cleared: they are done again). CONFLICT
 * NOTICE_ENDED after the notice's last day. Caseworkers and approvers of the township.
 */
export function recordObjection(ctx: SubgraphContext, input: RecordObjectionInput): Promise<AssistanceApplication> {
  const objection = checkOptionalText(input.objection, 'objection', { required: true })!;
  return changeApplication(ctx, input, {
    op: 'recordObjection', roles: ['caseworker', 'township_approver'], what: 'record objections',
    decide: async (_tx, app, on) => {
      assertTransition(app, S.INVESTIGATION, 'recordObjection');
      if (app.noticeEndsOn && on > app.noticeEndsOn) throw conflict(`the public notice ended on ${app.noticeEndsOn}: an objection is recorded during the notice`, 'NOTICE_ENDED');
      await endNotices(_tx, app.id, on, 'OBJECTION'); // the notice is no longer in force from today
      return {
        to: S.INVESTIGATION,
        patch: { noticeStartsOn: null, noticeEndsOn: null, proposal: null, investigatedOn: null, verifiedOn: null, verificationRunId: null },
        note: `异议 objection: ${objection}`,
      };
    },
  });
}

/**
 * 审核确认 The township approver confirms: after the public notice has ended (CONFLICT NOTICE_NOT_ENDED before), or an
 * urgent application (先行救助) from INVESTIGATION, VERIFICATION or PRELIMINARY_REVIEW without the notice.
 */
export function confirmApplication(ctx: SubgraphContext, input: ApplicationChangeInput): Promise<AssistanceApplication> {
  return changeApplication(ctx, input, {
    op: 'confirm', roles: ['township_approver'], what: 'confirm applications',
    decide: (_tx, app, on) => {
      assertTransition(app, S.CONFIRMED, 'confirm');
      if (app.step === S.PUBLIC_NOTICE && app.noticeEndsOn && on <= app.noticeEndsOn)
        throw conflict(`the public notice runs until ${app.noticeEndsOn}: confirm after it has ended`, 'NOTICE_NOT_ENDED');
      return { to: S.CONFIRMED, note: app.step === S.PUBLIC_NOTICE ? undefined : checkOptionalText(input.note, 'note') ?? '先行救助 urgent: aid confirmed first, investigation and verification to be completed' };
    },
  });
}

/** 不予批准 The township approver refuses with written reasons: after the public notice has ended, or an urgent application before it. */
export function refuseApplication(ctx: SubgraphContext, input: RefuseApplicationInput): Promise<AssistanceApplication> {
  const reasons = checkOptionalText(input.reasons, 'reasons', { required: true });
  return changeApplication(ctx, input, {
    op: 'refuse', roles: ['township_approver'], what: 'refuse applications',
    decide: async (_tx, app, on) => {
      assertTransition(app, S.REFUSED, 'refuse');
      if (app.step === S.PUBLIC_NOTICE && app.noticeEndsOn && on <= app.noticeEndsOn)
        throw conflict(`the public notice runs until ${app.noticeEndsOn}: decide after it has ended`, 'NOTICE_NOT_ENDED');
      return { to: S.REFUSED, patch: { reasons }, note: checkOptionalText(input.note, 'note') ?? reasons };
    },
  });
}

/** 办结 Close a decided application (NOT_ACCEPTED, CONFIRMED, REFUSED); an urgent confirmed one after its follow-up (CONFLICT FOLLOW_UP_PENDING). Caseworkers. */
export function closeApplication(ctx: SubgraphContext, input: ApplicationChangeInput): Promise<AssistanceApplication> {
  return changeApplication(ctx, input, {
    op: 'close', roles: ['caseworker'], what: 'close applications',
    decide: (_tx, app) => {
      assertTransition(app, S.CLOSED, 'close');
      if (app.step === S.CONFIRMED && app.urgent && (!app.investigatedOn || !app.verifiedOn))
        throw conflict('先行救助: complete the investigation and the verification before closing', 'FOLLOW_UP_PENDING');
      return { to: S.CLOSED };
    },
  });
}
