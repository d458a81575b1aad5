import crypto from 'node:crypto';
import { In, LessThanOrEqual, type EntityManager } from 'typeorm';
import {
  applyFieldRule, assertCanWrite, auditedWrite, badInput, checkAmountAtMost, checkDateInWindow, clockToday, conflict, earliestEffective, forbidden, idempotent, inScope, lockedRecord,
  mayWriteSome, openSealedValue, outcomeFor, parseYuan, sealValue, updateLocked, type Identity, type SubgraphContext,
} from '@aidgraph/subgraph-kit';
import { Person } from '../person/person.entity';
import { Household } from '../household/household.entity';
import { assertRegistryId } from '../person/person.resolver';
import { dibaoStandards } from '../enrolment/enrolment.limits';
import { MemberCircumstance, VerificationItem, VerificationRun } from './verification.entity';
import { Confinement, type VerificationOutcome } from './verification.enums';
import type { MemberHealthInput, RecordMemberCircumstancesInput, RecordVerificationItemInput, VerifyHouseholdInput } from './verification.input';
import {
  healthFromGraph, verify, withDeclared, NO_CIRCUMSTANCES, type DisabilityCategory, type GraphDisabilityFact, type GraphGraveIllnessFact, type HealthReading,
  type RuleHealth, type RuleItem, type RuleMember,
} from './verification.rules';
import { itemAmountLimit, standardsOn, verificationLimits, type Standards } from './verification.standards';

/**
 * Household economic verification (issue 9 items 1-2): recording income and asset items and members' circumstances,
 * and running the rules (verification.rules.ts) for a household on a date — computed (Household.verification) or stored
 * with its inputs snapshot (verifyHousehold). Writes: one audited transaction each, idempotent by key; caseworkers of the
 * household's township and civil-affairs officers (kit assertCanWrite, kind record). Reads: class income.
 */

export const INCOME_ACCESS = 'income' as const;

/** FORBIDDEN before any lookup for a caller who may write no civil-affairs record (auditors, analysts, assistants, approvers, other departments). */
function assertMayVerify(identity: Identity): void {
  if (!mayWriteSome(identity, 'CIVIL_AFFAIRS', 'record')) throw forbidden('your role may not record CIVIL_AFFAIRS verification data');
}

/**
 * Refuse a verification read before any work to a role its class refuses (FORBIDDEN: other departments' officers,
 * village assistants, a caseworker of another township), with the policy's message; true when the class gives the
 * caller null (analysts).
 */
export function verificationWithheld(identity: Identity, h: { townshipCode: string; villageCode: string }): boolean {
  const scoped = inScope(identity, h.townshipCode, h.villageCode);
  applyFieldRule(INCOME_ACCESS, identity, {}, { inScope: scoped });
  return outcomeFor(identity, INCOME_ACCESS, { inScope: scoped }) !== 'value';
}

/** The first date a verification can be for: the later of the two tables' first effective dates. */
export function earliestVerificationDate(): string {
  const a = earliestEffective(dibaoStandards().standards);
  const b = earliestEffective(verificationLimits.get().limits);
  return a > b ? a : b;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const monthIndex = (ym: string) => Number(ym.slice(0, 4)) * 12 + Number(ym.slice(5, 7)) - 1;

/** Validate an item (no database): BAD_USER_INPUT naming the input path. */
function checkItem(input: RecordVerificationItemInput): { amount: string; reference: string | null } {
  assertRegistryId(String(input.personId), 'input.personId');
  const amount = parseYuan(String(input.amount));
  if (amount === null || amount.startsWith('-')) throw badInput('`input.amount` must be an amount of yuan, 0 or more', 'input.amount', 'BAD_AMOUNT');
  if (!MONTH.test(input.periodFrom)) throw badInput('`input.periodFrom` must be a month YYYY-MM', 'input.periodFrom', 'BAD_MONTH');
  if (!MONTH.test(input.periodTo)) throw badInput('`input.periodTo` must be a month YYYY-MM', 'input.periodTo', 'BAD_MONTH');
  if (input.periodFrom < '2000-01') throw badInput('`input.periodFrom` is before 2000-01', 'input.periodFrom', 'DATE_OUT_OF_RANGE');
  if (input.periodTo < input.periodFrom) throw badInput('`input.periodTo` is before `input.periodFrom`', 'input.periodTo', 'BEFORE_START');
  if (monthIndex(input.periodTo) - monthIndex(input.periodFrom) >= 36) throw badInput('`input.periodTo`: a period is at most 36 months', 'input.periodTo', 'PERIOD_TOO_LONG');
  checkDateInWindow(input.obtainedOn, 'input.obtainedOn', { today: clockToday() });
  checkAmountAtMost(amount, 'input.amount', itemAmountLimit(input.obtainedOn));
  if (input.periodFrom > input.obtainedOn.slice(0, 7)) throw badInput('`input.periodFrom` is after the month the item was obtained', 'input.periodFrom', 'AFTER_OBTAINED');
  const reference = input.reference == null ? null : input.reference.trim() || null;
  if (reference && Array.from(reference).length > 200) throw badInput('`input.reference` has more than 200 characters', 'input.reference', 'TOO_LONG');
  return { amount, reference };
}

/** The member, locked, whose household a record belongs to: NOT_FOUND, FORBIDDEN outside the caller's township, CONFLICT without a household. */
async function memberForWrite(ctx: SubgraphContext, tx: EntityManager, personId: string): Promise<Person & { householdId: string }> {
  const p = await lockedRecord(tx, Person, { id: String(personId).toLowerCase() }, { notFound: 'no person has this id' });
  assertCanWrite(ctx.identity, 'CIVIL_AFFAIRS', p.townshipCode, { villageCode: p.villageCode });
  if (!p.householdId) throw conflict('the person is in no household: nothing to verify', 'NOT_IN_HOUSEHOLD');
  return p as Person & { householdId: string };
}

/** 录入核对记录 Record one income or asset item of a household member. */
export async function recordVerificationItem(ctx: SubgraphContext, input: RecordVerificationItemInput): Promise<VerificationItem> {
  const { amount, reference } = checkItem(input);
  return auditedWrite(ctx, (tx) =>
    idempotent(ctx, tx, 'recordVerificationItem', input, {
      authorize: () => assertMayVerify(ctx.identity),
      create: async () => {
        const p = await memberForWrite(ctx, tx, input.personId);
        const item = Object.assign(new VerificationItem(), {
          id: crypto.randomUUID(), personId: p.id, householdId: p.householdId, townshipCode: p.townshipCode, villageCode: p.villageCode,
          source: input.source, origin: input.origin, amount, periodFrom: input.periodFrom, periodTo: input.periodTo, obtainedOn: input.obtainedOn,
          reference, subject: ctx.identity.subject, recordedAt: new Date().toISOString(),
        });
        await tx.getRepository(VerificationItem).insert({ ...item });
        ctx.audit.noteWrite({
          entity: 'VerificationItem', key: item.id, personId: p.id, action: 'create',
          changes: { source: [null, item.source], origin: [null, item.origin], amount: [null, amount], periodFrom: [null, item.periodFrom], periodTo: [null, item.periodTo], obtainedOn: [null, item.obtainedOn] },
        });
        return item;
      },
      reload: (id) => tx.getRepository(VerificationItem).findOneBy({ id }),
    }),
  );
}

/** 录入成员情况 Record a member's circumstances from a date (append-only). */
export async function recordMemberCircumstances(ctx: SubgraphContext, input: RecordMemberCircumstancesInput): Promise<MemberCircumstance> {
  assertRegistryId(String(input.personId), 'input.personId');
  checkDateInWindow(input.effectiveFrom, 'input.effectiveFrom', { today: clockToday() });
  if (input.clergyAwaySince != null) {
    checkDateInWindow(input.clergyAwaySince, 'input.clergyAwaySince', { today: clockToday() });
    if (input.clergyAwaySince > input.effectiveFrom) throw badInput('`input.clergyAwaySince` is after `input.effectiveFrom`', 'input.clergyAwaySince', 'AFTER_EFFECTIVE');
  }
  return auditedWrite(ctx, (tx) =>
    idempotent(ctx, tx, 'recordMemberCircumstances', input, {
      authorize: () => assertMayVerify(ctx.identity),
      create: async () => {
        const p = await memberForWrite(ctx, tx, input.personId);
        const c = Object.assign(new MemberCircumstance(), {
          id: crypto.randomUUID(), personId: p.id, householdId: p.householdId, townshipCode: p.townshipCode, villageCode: p.villageCode,
          effectiveFrom: input.effectiveFrom, fullTimeStudent: !!input.fullTimeStudent, cannotLiveIndependently: !!input.cannotLiveIndependently,
          livesApart: !!input.livesApart, clergyAwaySince: input.clergyAwaySince ?? null, confinement: input.confinement ?? Confinement.NONE,
          declaredMissing: !!input.declaredMissing, hasAbleLegalSupporter: input.hasAbleLegalSupporter ?? null,
          subject: ctx.identity.subject, recordedAt: new Date().toISOString(),
        });
        await tx.getRepository(MemberCircumstance).insert({ ...c });
        const { id: _id, personId: _p, householdId: _h, townshipCode: _t, villageCode: _v, subject: _s, recordedAt: _r, ...fields } = c;
        ctx.audit.noteWrite({
          entity: 'MemberCircumstance', key: c.id, personId: p.id, action: 'create',
          changes: Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, [null, v]])),
        });
        return c;
      },
      reload: (id) => tx.getRepository(MemberCircumstance).findOneBy({ id }),
    }),
  );
}

/** A member's declared health (typed in by the caller; labelled DECLARED in the run). */
type DeclaredHealth = { disabilities: { category: DisabilityCategory; grade: number }[]; graveIllness: boolean };

/** Validate the declared health against the household's members: BAD_USER_INPUT naming `${path}[i]...`. */
function checkDeclaredHealth(health: MemberHealthInput[] | null | undefined, memberIds: ReadonlySet<string>, path: string): Map<string, DeclaredHealth> {
  const out = new Map<string, DeclaredHealth>();
  (health ?? []).forEach((h, i) => {
    const id = String(h.personId).toLowerCase();
    if (!memberIds.has(id)) throw badInput(`\`${path}[${i}].personId\` is not a member of the household`, `${path}[${i}].personId`, 'NOT_A_MEMBER');
    if (out.has(id)) throw badInput(`\`${path}[${i}].personId\` is given twice`, `${path}[${i}].personId`, 'DUPLICATE');
    (h.disabilities ?? []).forEach((d, j) => {
      if (!Number.isInteger(d.grade) || d.grade < 1 || d.grade > 4)
        throw badInput(`\`${path}[${i}].disabilities[${j}].grade\` is a grade 1-4`, `${path}[${i}].disabilities[${j}].grade`, 'OUT_OF_RANGE');
    });
    out.set(id, { disabilities: (h.disabilities ?? []).map((d) => ({ category: d.category as DisabilityCategory, grade: d.grade })), graveIllness: !!h.graveIllness });
  });
  return out;
}

/**
 * What the graph delivered for a household's verification: the representation civil affairs' `@requires` receives —
 * per member (in no particular order) the disability federation's and medical security's internal fields, each null
 * when that department refused the caller (FORBIDDEN) or did not answer. Undefined when the field was not resolved
 * through the gateway (the subgraph asked directly).
 */
export interface GraphHealthRepresentation {
  members?: ({ verificationDisabilityFacts?: GraphDisabilityFact[] | null; verificationGraveIllnessFacts?: GraphGraveIllnessFact[] | null } | null)[] | null;
}

/** Which departments' health data the caller may see for this household (the classes health.disability and health.medical). */
export function healthVisibleTo(identity: Identity, h: { townshipCode: string; villageCode: string }): { disability: boolean; medical: boolean } {
  const scoped = inScope(identity, h.townshipCode, h.villageCode);
  return {
    disability: outcomeFor(identity, 'health.disability', { inScope: scoped }) === 'value',
    medical: outcomeFor(identity, 'health.medical', { inScope: scoped }) === 'value',
  };
}

/**
 * The members' health on `on` from the graph's representation, with the caller's visibility applied again here (defence
 * in depth: a department already answered only what the caller may see): facts of a class the caller may not see are
 * WITHHELD and not used; a department whose answer is missing for any member is UNAVAILABLE for the household (the
 * representation's members carry no id of their own, so a missing answer cannot be pinned to one member); without a
 * representation, NOT_READ. Facts naming a non-member are ignored.
 */
export function healthOfMembers(identity: Identity, h: { townshipCode: string; villageCode: string }, memberIds: readonly string[], on: string, rep: GraphHealthRepresentation | undefined): Map<string, RuleHealth> {
  const visible = healthVisibleTo(identity, h);
  const members = rep?.members;
  const reading = (key: 'verificationDisabilityFacts' | 'verificationGraveIllnessFacts', mayView: boolean): HealthReading => {
    if (!rep) return 'NOT_READ';
    if (!mayView) return 'WITHHELD';
    if (!Array.isArray(members) || members.length < memberIds.length || members.some((m) => !m || !Array.isArray(m[key]))) return 'UNAVAILABLE';
    return 'READ';
  };
  const dReading = reading('verificationDisabilityFacts', visible.disability);
  const gReading = reading('verificationGraveIllnessFacts', visible.medical);
  const ids = new Set(memberIds);
  const byPerson = <T extends { personId?: string | null }>(key: 'verificationDisabilityFacts' | 'verificationGraveIllnessFacts') => {
    const out = new Map<string, T[]>();
    for (const m of members ?? []) for (const f of ((m?.[key] ?? []) as T[])) {
      const id = String(f?.personId ?? '').toLowerCase();
      if (ids.has(id)) out.set(id, [...(out.get(id) ?? []), f]);
    }
    return out;
  };
  const dis = dReading === 'READ' ? byPerson<GraphDisabilityFact>('verificationDisabilityFacts') : new Map<string, GraphDisabilityFact[]>();
  const grave = gReading === 'READ' ? byPerson<GraphGraveIllnessFact>('verificationGraveIllnessFacts') : new Map<string, GraphGraveIllnessFact[]>();
  return new Map(memberIds.map((id) => [id, healthFromGraph(on, { reading: dReading, facts: dis.get(id) ?? [] }, { reading: gReading, facts: grave.get(id) ?? [] })]));
}

/** The inputs of a run: the household's members with their circumstances on `on` and health, and the members' items. */
export interface RunInputs {
  householdId: string;
  on: string;
  members: RuleMember[];
  items: RuleItem[];
}

async function gatherInputs(db: EntityManager, h: Household, on: string, health: (memberIds: string[]) => Map<string, RuleHealth>): Promise<RunInputs> {
  const persons = await db.getRepository(Person).find({ where: { householdId: h.id }, order: { birthDate: 'ASC', id: 'ASC' } });
  const ids = persons.map((p) => p.id);
  const circumstances = ids.length
    ? await db.getRepository(MemberCircumstance).find({ where: { personId: In(ids), effectiveFrom: LessThanOrEqual(on) }, order: { effectiveFrom: 'ASC', recordedAt: 'ASC', id: 'ASC' } })
    : [];
  const healthOf = health(ids);
  const latest = new Map<string, MemberCircumstance>();
  for (const c of circumstances) latest.set(c.personId, c); // the last one effective on or before `on`
  const items = ids.length
    ? await db.getRepository(VerificationItem).find({ where: { personId: In(ids), obtainedOn: LessThanOrEqual(on) }, order: { id: 'ASC' } })
    : [];
  const members: RuleMember[] = persons.map((p) => {
    const c = latest.get(p.id);
    return {
      personId: p.id,
      relation: p.relationToHead ?? 'OTHER',
      birthDate: p.birthDate,
      status: p.status,
      statusDate: p.statusDate,
      circumstances: c
        ? {
            recordId: c.id, fullTimeStudent: c.fullTimeStudent, cannotLiveIndependently: c.cannotLiveIndependently, livesApart: c.livesApart,
            clergyAwaySince: c.clergyAwaySince, confinement: c.confinement, declaredMissing: c.declaredMissing, hasAbleLegalSupporter: c.hasAbleLegalSupporter,
          }
        : NO_CIRCUMSTANCES,
      health: healthOf.get(p.id)!,
    };
  });
  return {
    householdId: h.id,
    on,
    members,
    items: items.map((i) => ({ id: i.id, personId: i.personId, source: i.source, origin: i.origin, amount: i.amount, periodFrom: i.periodFrom, periodTo: i.periodTo, obtainedOn: i.obtainedOn })),
  };
}

/**
 * Every figure of a run as the API and the database carry it (the Yuan scalar: at most 13 digits of yuan), checked
 * before anything is stored or answered: CONFLICT FIGURE_OUT_OF_RANGE when a computed figure does not fit (items
 * recorded before the item bound existed could add up beyond it), so a run is never stored that cannot be read back.
 */
export function assertFiguresFit(run: VerificationRun): void {
  for (const [name, value] of [['perCapitaIncome', run.perCapitaIncome], ['dibaoAmount', run.dibaoAmount]] as const)
    if (value !== null && parseYuan(value) === null)
      throw conflict(`the verification's ${name} is beyond the range of an amount of yuan: check the household's recorded items`, 'FIGURE_OUT_OF_RANGE');
}

/** Run the rules on a snapshot of inputs with the standards in force: the run (not stored; id null). */
export function runOf(h: { id: string; townshipCode: string; villageCode: string }, inputs: RunInputs, s: Standards): VerificationRun {
  const v = verify(inputs.members, inputs.items, inputs.on, s);
  return Object.assign(new VerificationRun(), {
    id: null, householdId: h.id, townshipCode: h.townshipCode, villageCode: h.villageCode, on: inputs.on,
    outcome: v.outcome as VerificationOutcome, countedMembers: v.countedMembers, perCapitaIncome: v.perCapitaIncome, assetsWithinLimits: v.assetsWithinLimits,
    dibaoAmount: v.dibaoAmount, singlePersonCoverageJson: JSON.stringify(v.singlePersonCoverage), tekunJson: JSON.stringify(v.tekun),
    stepsJson: JSON.stringify(v.steps), standardsJson: JSON.stringify(s), inputsJson: JSON.stringify(inputs), rulesVersion: s.version,
    subject: null, verifiedAt: null,
  });
}

/** The checked date of a verification: a calendar date, not in the future, not before the first standard. */
function checkOn(on: string, field: string): string {
  return checkDateInWindow(on, field, { earliest: earliestVerificationDate(), earliestWhat: 'the first entry of the standards tables', today: clockToday() });
}

function standardsFor(h: Household, on: string, field: string): Standards {
  const s = standardsOn(on, h.urban);
  if (!s) throw badInput(`\`${field}\` is before the first entry of the standards tables`, field, 'BEFORE_PROGRAMME');
  return s;
}

/** How long a health ticket (Household.verification's, for verifyHousehold) stays valid. */
export const HEALTH_TICKET_TTL_MS = 15 * 60 * 1000;
const TICKET_PURPOSE = 'verification-health-ticket-v1';

/** What a health ticket binds to: the caller (subject, role and scope), the household and the date. */
function ticketBinding(identity: Identity, householdId: string, on: string): string {
  return JSON.stringify([identity.subject, identity.role, identity.township ?? null, identity.village ?? null, identity.department ?? null, householdId, on]);
}

/** The members' health as the ticket carries it (the facts the graph delivered to this caller, on the date). */
interface TicketContent {
  health: Record<string, RuleHealth>;
}

/** The members' health with the declared facts added (labelled DECLARED). */
function withDeclaredHealth(health: Map<string, RuleHealth>, declared: Map<string, DeclaredHealth>): Map<string, RuleHealth> {
  return new Map([...health].map(([id, h]) => [id, withDeclared(h, declared.get(id))]));
}

/**
 * Household.verification(on): the verification computed now, without storing (the caller's access checked by the
 * resolver first), with the members' health from the graph (`rep`: the @requires representation) and any declared
 * health. BAD_USER_INPUT for a bad date or declared health. The run carries a sealed health ticket (graph facts only)
 * for verifyHousehold.
 */
export async function computeVerification(ctx: SubgraphContext, h: Household, on: string, declaredHealth: MemberHealthInput[] | null | undefined, rep: GraphHealthRepresentation | undefined): Promise<VerificationRun> {
  checkOn(on, 'on');
  const s = standardsFor(h, on, 'on');
  const members = await ctx.db.getRepository(Person).find({ where: { householdId: h.id }, select: { id: true } });
  const declared = checkDeclaredHealth(declaredHealth, new Set(members.map((m) => m.id)), 'declaredHealth');
  let fromGraph: Map<string, RuleHealth> | undefined;
  const run = runOf(h, await gatherInputs(ctx.db.manager, h, on, (ids) => withDeclaredHealth((fromGraph = healthOfMembers(ctx.identity, h, ids, on, rep)), declared)), s);
  assertFiguresFit(run);
  if (rep && fromGraph) {
    const content: TicketContent = { health: Object.fromEntries(fromGraph) };
    run.healthTicket = sealValue(TICKET_PURPOSE, content, ticketBinding(ctx.identity, h.id, on), Date.now() + HEALTH_TICKET_TTL_MS);
  }
  return run;
}

/** The members' health from a health ticket of this caller, household and date: BAD_USER_INPUT BAD_TICKET / TICKET_EXPIRED otherwise. */
function healthFromTicket(identity: Identity, householdId: string, on: string, ticket: string, memberIds: readonly string[]): Map<string, RuleHealth> {
  const opened = openSealedValue<TicketContent>(TICKET_PURPOSE, ticket, ticketBinding(identity, householdId, on));
  if ('error' in opened)
    throw opened.error === 'EXPIRED'
      ? badInput('`input.healthTicket` has expired: read Household.verification again and use its healthTicket', 'input.healthTicket', 'TICKET_EXPIRED')
      : badInput('`input.healthTicket` is not a health ticket of Household.verification for this caller, household and date', 'input.healthTicket', 'BAD_TICKET');
  const h = opened.value.health ?? {};
  // a member who joined since the ticket was issued: not read
  return new Map(memberIds.map((id) => [id, h[id] ?? healthFromGraph(on, { reading: 'NOT_READ' }, { reading: 'NOT_READ' })]));
}

/**
 * 家庭经济状况核对 verifyHousehold: compute the verification of a household on a date and store the run with its inputs
 * snapshot; the household's verified per-capita income and asset check are set from it (perCapitaMonthlyIncome,
 * assetsWithinRules) when the run is for the latest date verified so far.
 */
export async function verifyHousehold(ctx: SubgraphContext, input: VerifyHouseholdInput): Promise<VerificationRun> {
  const householdId = assertRegistryId(String(input.householdId), 'input.householdId');
  checkOn(input.on, 'input.on');
  return auditedWrite(ctx, (tx) =>
    idempotent(ctx, tx, 'verifyHousehold', input, {
      authorize: () => assertMayVerify(ctx.identity),
      create: async () => {
        const h = await lockedRecord(tx, Household, { id: householdId }, { notFound: 'no household has this id' });
        assertCanWrite(ctx.identity, 'CIVIL_AFFAIRS', h.townshipCode, { villageCode: h.villageCode });
        const s = standardsFor(h, input.on, 'input.on');
        const members = await tx.getRepository(Person).find({ where: { householdId: h.id }, select: { id: true } });
        const declared = checkDeclaredHealth(input.declaredHealth, new Set(members.map((m) => m.id)), 'input.declaredHealth');
        const health = (ids: string[]) =>
          withDeclaredHealth(
            input.healthTicket != null
              ? healthFromTicket(ctx.identity, h.id, input.on, input.healthTicket, ids)
              : new Map(ids.map((id) => [id, healthFromGraph(input.on, { reading: 'NOT_READ' }, { reading: 'NOT_READ' })])),
            declared,
          );
        const run = runOf(h, await gatherInputs(tx, h, input.on, health), s);
        // the whole answer is built and checked before the first write: a figure that cannot be stored or answered
        // refuses the run and the transaction changes nothing
        assertFiguresFit(run);
        run.id = crypto.randomUUID();
        run.subject = ctx.identity.subject;
        run.verifiedAt = new Date().toISOString();
        const later = await tx.getRepository(VerificationRun).createQueryBuilder('r').where('r.householdId = :id', { id: h.id }).andWhere('r.on > :on', { on: input.on }).getCount();
        await tx.getRepository(VerificationRun).insert({ ...run });
        // the household's verified figures are derived from the latest-dated run: not a registry change (Household.version
        // counts changes of the composition, and a verification must not make a caseworker's pending registry change
        // stale); the run itself is their history (Household.verifications), and the change is audited here
        if (!later && (h.perCapitaMonthlyIncome !== run.perCapitaIncome || h.assetsWithinRules !== run.assetsWithinLimits)) {
          const changes: Record<string, [unknown, unknown]> = { perCapitaMonthlyIncome: [h.perCapitaMonthlyIncome, run.perCapitaIncome], assetsWithinRules: [h.assetsWithinRules, run.assetsWithinLimits] };
          await updateLocked(tx, Household, h, { perCapitaMonthlyIncome: run.perCapitaIncome, assetsWithinRules: run.assetsWithinLimits });
          ctx.audit.noteWrite({ entity: 'Household', key: h.id, action: 'update', changes: { ...changes, verificationRun: [null, run.id] } });
        }
        ctx.audit.noteWrite({
          entity: 'VerificationRun', key: run.id, action: 'create',
          changes: { householdId: [null, h.id], on: [null, run.on], outcome: [null, run.outcome], perCapitaIncome: [null, run.perCapitaIncome], dibaoAmount: [null, run.dibaoAmount], rulesVersion: [null, run.rulesVersion] },
        });
        return run as VerificationRun & { id: string };
      },
      reload: async (id) => (await tx.getRepository(VerificationRun).findOneBy({ id })) as (VerificationRun & { id: string }) | null,
    }),
  );
}

/** Re-run the rules on a stored run's own inputs snapshot and standards: the outcome it gives now (rules of this version). */
export function recheck(run: VerificationRun): VerificationRun {
  const inputs = JSON.parse(run.inputsJson) as RunInputs;
  const s = JSON.parse(run.standardsJson) as Standards;
  return runOf({ id: run.householdId, townshipCode: run.townshipCode, villageCode: run.villageCode }, inputs, s);
}
