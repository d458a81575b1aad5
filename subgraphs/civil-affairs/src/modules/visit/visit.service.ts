import crypto from 'node:crypto';
import { GraphQLError } from 'graphql';
import type { EntityManager } from 'typeorm';
import {
  addCalendarDays, auditedWrite, badInput, checkCalendarDate, checkDateInWindow, checkOptionalText, checkUuid, clockToday, conflict, forbidden, idempotent, inScope, lockedRecord, notFound,
  singlePersonCoverageSql, updateLocked, type Identity, type SubgraphContext,
} from '@aidgraph/subgraph-kit';
import { Household } from '../household/household.entity';
import { CadrePairing, RecipientVisit } from './visit.entity';
import type { CompleteVisitFollowUpInput, EndCadrePairingInput, RecordRecipientVisitInput, StartCadrePairingInput } from './visit.input';
import { VisitFinding } from './visit.policy';

/** The first date a visit may have: the unified social assistance system's start (胶政发〔2020〕106号). */
export const EARLIEST_VISIT = '2020-12-16';
/** The statuses of an enrolment still paid (PHASING_OUT: 渐退, paid until its end). */
export const IN_FORCE_STATUSES = ['ACTIVE', 'PHASING_OUT'] as const;



/**
 * The SQL condition "a member of the household aliased `h` (active in the registry) has an enrolment of one of
 * `programmes` in force on :<param>" (status ACTIVE or PHASING_OUT, the date within its start and end). The same text on
 * SQLite and PostgreSQL.
 *
 * `visibleOnly` (for a caller who sees class health.enrolment collapsed: the village assistant): a single-person-coverage
 * DIBAO enrolment (单人保, the kit's isSinglePersonCoverage: it overlaps a MARGINAL enrolment of the same person, the same
 * rule in SQL: singlePersonCoverageSql) does not count, as Person.enrolments leaves it out for that caller: the member
 * shows as MARGINAL, the rest of the marginal household, and the condition holds only by what the caller sees.
 */
export function recipientCondition(h: string, programmes: readonly string[], param: string, visibleOnly = false): string {
  const list = programmes.map((p) => `'${p}'`).join(', ');
  const statuses = IN_FORCE_STATUSES.map((s) => `'${s}'`).join(', ');
  const esc = (n: string) => `"${n}"`;
  const hidden = visibleOnly && programmes.includes('DIBAO')
    ? ` AND NOT (re.programme = 'DIBAO' AND EXISTS (SELECT 1 FROM enrolment rm WHERE ${singlePersonCoverageSql(esc, 're', 'rm')}))`
    : '';
  return (
    `EXISTS (SELECT 1 FROM person rp JOIN enrolment re ON re."personId" = rp.id WHERE rp."householdId" = ${h}.id AND rp.status = 'ACTIVE' ` +
    `AND re.programme IN (${list}) AND re.status IN (${statuses}) AND re."startDate" <= :${param} AND (re."endDate" IS NULL OR re."endDate" >= :${param})${hidden})`
  );
}

/** True when the household has a member with DIBAO, TEKUN or MARGINAL in force on `on`. */
async function isRecipientHousehold(tx: EntityManager, householdId: string, on: string): Promise<boolean> {
  const n = await tx
    .getRepository(Household)
    .createQueryBuilder('h')
    .where('h.id = :id', { id: householdId })
    .andWhere(recipientCondition('h', ['DIBAO', 'TEKUN', 'MARGINAL'], 'on'), { on })
    .getCount();
  return n > 0;
}

/**
 * The household, or NOT_FOUND — also outside the caller's township or village: the same answer as for an id no record
 * has, so that the answer never tells that an id of another township exists.
 */
async function householdFor(tx: EntityManager, identity: Identity, id: string): Promise<Household> {
  const h = await tx.getRepository(Household).findOneBy({ id });
  if (!h || !inScope(identity, h.townshipCode, h.villageCode)) throw notFound('no household has this id');
  return h;
}

/** Who records visits: caseworkers of the household's township and the village assistant of its village (FORBIDDEN otherwise, before anything is read). */
function assertMayRecordVisits(identity: Identity): void {
  if (identity.role !== 'caseworker' && identity.role !== 'village_assistant') throw forbidden('only caseworkers (经办人) and village assistants (协理员) record visits');
}

/** Who pairs cadres with households: caseworkers of the township and civil-affairs officers (FORBIDDEN otherwise). */
function assertMayPair(identity: Identity): void {
  if (identity.role !== 'caseworker' && !(identity.role === 'department_officer' && identity.department === 'CIVIL_AFFAIRS'))
    throw forbidden('only caseworkers of the township and civil-affairs officers pair cadres with households');
}

function staleVersion(expected: number, current: number): GraphQLError {
  return new GraphQLError(`the record changed since version ${expected} (it is at version ${current}): reload it; nothing was changed`, {
    extensions: { code: 'CONFLICT', reason: 'STALE_VERSION', expectedVersion: expected, currentVersion: current },
  });
}

function checkVersion(v: number): void {
  if (!Number.isInteger(v) || v < 1) throw badInput('`expectedVersion` must be a version of the record (1 or more)', 'expectedVersion', 'TOO_SMALL');
}

/**
 * 探访 Record a visit to a recipient household (one transaction, audited; idempotent with idempotencyKey): caseworkers
 * of its township, the village assistant of its village. The visitor is the caller (a staff subject).
 */
export function recordRecipientVisit(ctx: SubgraphContext, input: RecordRecipientVisitInput): Promise<RecipientVisit> {
  assertMayRecordVisits(ctx.identity);
  const householdId = checkUuid(input.householdId, 'householdId');
  const today = clockToday();
  const visitedOn = checkDateInWindow(input.visitedOn, 'visitedOn', { earliest: EARLIEST_VISIT, earliestWhat: 'the unified social assistance system (胶政发〔2020〕106号)', maxFutureDays: 0, today });
  if (!input.findings.length) throw badInput('name at least one finding', 'findings', 'REQUIRED');
  input.findings.forEach((f, i) => {
    if (input.findings.indexOf(f) !== i) throw badInput('a finding is listed twice', `findings[${i}]`, 'DUPLICATE');
  });
  const note = checkOptionalText(input.note, 'note', { required: input.findings.includes(VisitFinding.OTHER) });
  let followUpBy: string | null = null;
  if (input.followUpNeeded) {
    if (input.followUpBy == null) throw badInput('a follow-up needs its date', 'followUpBy', 'REQUIRED');
    followUpBy = checkCalendarDate(input.followUpBy, 'followUpBy');
    if (followUpBy < visitedOn) throw badInput('the follow-up date is before the visit', 'followUpBy', 'BAD_DATE_ORDER');
    if (followUpBy > addCalendarDays(visitedOn, 366)) throw badInput('a follow-up is due within a year of the visit', 'followUpBy', 'TOO_LATE');
  } else if (input.followUpBy != null) throw badInput('a follow-up date goes with followUpNeeded only', 'followUpBy', 'NOT_ALLOWED');
  return auditedWrite(ctx, (tx) =>
    idempotent(ctx, tx, 'recordRecipientVisit', input, {
      authorize: () => assertMayRecordVisits(ctx.identity),
      reload: (id) => tx.getRepository(RecipientVisit).findOneBy({ id }),
      create: async () => {
        const h = await householdFor(tx, ctx.identity, householdId);
        if (!(await isRecipientHousehold(tx, h.id, visitedOn)))
          throw conflict('no member of this household had dibao, tekun or a marginal-household enrolment in force on the visit\'s date', 'NOT_A_RECIPIENT_HOUSEHOLD');
        const v = tx.getRepository(RecipientVisit).create({
          id: crypto.randomUUID(), householdId: h.id, townshipCode: h.townshipCode, villageCode: h.villageCode, visitedOn, visitedBy: ctx.identity.subject,
          visitorRole: ctx.identity.role, findings: [...input.findings], note, followUpNeeded: input.followUpNeeded, followUpBy, followUpDoneOn: null, followUpNote: null, version: 1,
        });
        await tx.getRepository(RecipientVisit).insert(v);
        ctx.audit.noteWrite({
          entity: 'RecipientVisit', key: v.id, personId: h.headId, action: 'create',
          changes: { visitedOn: [null, visitedOn], findings: [null, v.findings.join(',')], note: [null, note ? 'written' : null], followUpBy: [null, followUpBy], version: [null, 1] },
        });
        return v;
      },
    }),
  );
}

/** 跟进完成 The follow-up of a visit done: the same roles; CONFLICT NO_FOLLOW_UP, FOLLOW_UP_DONE, STALE_VERSION. */
export function completeVisitFollowUp(ctx: SubgraphContext, input: CompleteVisitFollowUpInput): Promise<RecipientVisit> {
  assertMayRecordVisits(ctx.identity);
  const id = checkUuid(input.id, 'id');
  checkVersion(input.expectedVersion);
  const doneOn = checkDateInWindow(input.doneOn, 'doneOn', { earliest: EARLIEST_VISIT, maxFutureDays: 0, today: clockToday() });
  const note = checkOptionalText(input.note, 'note');
  return auditedWrite(ctx, async (tx) => {
    const v = await lockedRecord(tx, RecipientVisit, { id }, { notFound: 'no visit has this id', visible: (r) => inScope(ctx.identity, r.townshipCode, r.villageCode) });
    if (v.version !== input.expectedVersion) throw staleVersion(input.expectedVersion, v.version);
    if (!v.followUpNeeded) throw conflict('this visit needs no follow-up', 'NO_FOLLOW_UP');
    if (v.followUpDoneOn) throw conflict(`the follow-up was done on ${v.followUpDoneOn}`, 'FOLLOW_UP_DONE');
    if (doneOn < v.visitedOn) throw badInput('the follow-up is before the visit', 'doneOn', 'BAD_DATE_ORDER');
    const was = v.version;
    const h = await tx.getRepository(Household).findOneBy({ id: v.householdId });
    const updated = await updateLocked(tx, RecipientVisit, v, { followUpDoneOn: doneOn, followUpNote: note, version: was + 1 });
    ctx.audit.noteWrite({ entity: 'RecipientVisit', key: v.id, personId: h?.headId, action: 'update', changes: { followUpDoneOn: [null, doneOn], followUpNote: [null, note ? 'written' : null], version: [was, was + 1] } });
    return updated;
  });
}

/**
 * 结对帮扶 Pair a cadre with a recipient household (one active pairing per household: CONFLICT ACTIVE_PAIRING_EXISTS,
 * checked and held by a unique index): caseworkers of the township, civil-affairs officers. Idempotent with idempotencyKey.
 */
export function startCadrePairing(ctx: SubgraphContext, input: StartCadrePairingInput): Promise<CadrePairing> {
  assertMayPair(ctx.identity);
  const householdId = checkUuid(input.householdId, 'householdId');
  const cadreSubject = checkOptionalText(input.cadreSubject, 'cadreSubject', { required: true, max: 128 })!;
  if (!/^[\x21-\x7e]+$/.test(cadreSubject)) throw badInput('a staff subject has printable ASCII characters only', 'cadreSubject', 'BAD_FORMAT');
  const cadreName = checkOptionalText(input.cadreName, 'cadreName', { required: true, max: 64 })!;
  const cadreUnit = checkOptionalText(input.cadreUnit, 'cadreUnit', { required: true, max: 100 })!;
  const fromDate = checkDateInWindow(input.fromDate, 'fromDate', { earliest: EARLIEST_VISIT, maxFutureDays: 31, today: clockToday() });
  return auditedWrite(ctx, (tx) =>
    idempotent(ctx, tx, 'startCadrePairing', input, {
      authorize: () => assertMayPair(ctx.identity),
      reload: (id) => tx.getRepository(CadrePairing).findOneBy({ id }),
      create: async () => {
        // the household row is locked: concurrent pairings of one household run one after the other
        const h = await lockedRecord(tx, Household, { id: householdId }, { notFound: 'no household has this id', visible: (r) => inScope(ctx.identity, r.townshipCode, r.villageCode) });
        if (!(await isRecipientHousehold(tx, h.id, fromDate)))
          throw conflict('no member of this household has dibao, tekun or a marginal-household enrolment in force on fromDate', 'NOT_A_RECIPIENT_HOUSEHOLD');
        const repo = tx.getRepository(CadrePairing);
        if (await repo.findOneBy({ activeHouseholdId: h.id })) throw conflict('the household already has an active pairing: end it first', 'ACTIVE_PAIRING_EXISTS');
        const p = repo.create({
          id: crypto.randomUUID(), householdId: h.id, activeHouseholdId: h.id, townshipCode: h.townshipCode, villageCode: h.villageCode, cadreSubject, cadreName, cadreUnit,
          fromDate, toDate: null, recordedBy: ctx.identity.subject, version: 1,
        });
        await repo.insert(p);
        ctx.audit.noteWrite({ entity: 'CadrePairing', key: p.id, personId: h.headId, action: 'create', changes: { cadreSubject: [null, cadreSubject], fromDate: [null, fromDate], version: [null, 1] } });
        return p;
      },
    }),
  );
}

/** 结束结对 End a pairing (its toDate; the household may then be paired again): the same roles; CONFLICT PAIRING_ENDED, STALE_VERSION. */
export function endCadrePairing(ctx: SubgraphContext, input: EndCadrePairingInput): Promise<CadrePairing> {
  assertMayPair(ctx.identity);
  const id = checkUuid(input.id, 'id');
  checkVersion(input.expectedVersion);
  const toDate = checkDateInWindow(input.toDate, 'toDate', { earliest: EARLIEST_VISIT, maxFutureDays: 0, today: clockToday() });
  return auditedWrite(ctx, async (tx) => {
    const p = await lockedRecord(tx, CadrePairing, { id }, { notFound: 'no pairing has this id', visible: (r) => inScope(ctx.identity, r.townshipCode, r.villageCode) });
    if (p.version !== input.expectedVersion) throw staleVersion(input.expectedVersion, p.version);
    if (!p.activeHouseholdId) throw conflict(`the pairing ended on ${p.toDate}`, 'PAIRING_ENDED');
    if (toDate < p.fromDate) throw badInput('the pairing ends before it starts', 'toDate', 'BAD_DATE_ORDER');
    const was = p.version;
    const h = await tx.getRepository(Household).findOneBy({ id: p.householdId });
    const updated = await updateLocked(tx, CadrePairing, p, { toDate, activeHouseholdId: null, version: was + 1 });
    ctx.audit.noteWrite({ entity: 'CadrePairing', key: p.id, personId: h?.headId, action: 'update', changes: { toDate: [null, toDate], version: [was, was + 1] } });
    return updated;
  });
}
