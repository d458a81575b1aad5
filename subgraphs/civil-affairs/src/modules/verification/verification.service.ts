import crypto from 'node:crypto';
import { In, LessThanOrEqual, type EntityManager } from 'typeorm';
import {
  applyFieldRule, assertCanWrite, auditedWrite, badInput, checkDateInWindow, conflict, earliestEffective, forbidden, idempotent, inScope, lockedRecord,
  mayWriteSome, outcomeFor, parseYuan, updateLocked, type Identity, type SubgraphContext,
} from '@aidgraph/subgraph-kit';
import { Person } from '../person/person.entity';
import { Household } from '../household/household.entity';
import { assertRegistryId } from '../person/person.resolver';
import { dibaoStandards } from '../enrolment/enrolment.limits';
import { MemberCircumstance, VerificationItem, VerificationRun } from './verification.entity';
import { Confinement, type VerificationOutcome } from './verification.enums';
import type { MemberHealthInput, RecordMemberCircumstancesInput, RecordVerificationItemInput, VerifyHouseholdInput } from './verification.input';
import { verify, NO_CIRCUMSTANCES, NO_HEALTH, type RuleHealth, type RuleItem, type RuleMember } from './verification.rules';
import { standardsOn, verificationLimits, type Standards } from './verification.standards';

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
  checkDateInWindow(input.obtainedOn, 'input.obtainedOn');
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
  checkDateInWindow(input.effectiveFrom, 'input.effectiveFrom');
  if (input.clergyAwaySince != null) {
    checkDateInWindow(input.clergyAwaySince, 'input.clergyAwaySince');
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

/** Validate the health input against the household's members: BAD_USER_INPUT naming `${path}[i]...`. */
function checkHealth(health: MemberHealthInput[] | null | undefined, memberIds: ReadonlySet<string>, path: string): Map<string, RuleHealth> {
  const out = new Map<string, RuleHealth>();
  (health ?? []).forEach((h, i) => {
    const id = String(h.personId).toLowerCase();
    if (!memberIds.has(id)) throw badInput(`\`${path}[${i}].personId\` is not a member of the household`, `${path}[${i}].personId`, 'NOT_A_MEMBER');
    if (out.has(id)) throw badInput(`\`${path}[${i}].personId\` is given twice`, `${path}[${i}].personId`, 'DUPLICATE');
    (h.disabilities ?? []).forEach((d, j) => {
      if (!Number.isInteger(d.grade) || d.grade < 1 || d.grade > 4)
        throw badInput(`\`${path}[${i}].disabilities[${j}].grade\` is a grade 1-4`, `${path}[${i}].disabilities[${j}].grade`, 'OUT_OF_RANGE');
    });
    out.set(id, { disabilities: (h.disabilities ?? []).map((d) => ({ category: d.category, grade: d.grade })), graveIllness: !!h.graveIllness, source: 'input' });
  });
  return out;
}

/** The inputs of a run: the household's members with their circumstances on `on` and health, and the members' items. */
export interface RunInputs {
  householdId: string;
  on: string;
  members: RuleMember[];
  items: RuleItem[];
}

async function gatherInputs(db: EntityManager, h: Household, on: string, health: Map<string, RuleHealth>): Promise<RunInputs> {
  const persons = await db.getRepository(Person).find({ where: { householdId: h.id }, order: { birthDate: 'ASC', id: 'ASC' } });
  const ids = persons.map((p) => p.id);
  const circumstances = ids.length
    ? await db.getRepository(MemberCircumstance).find({ where: { personId: In(ids), effectiveFrom: LessThanOrEqual(on) }, order: { effectiveFrom: 'ASC', recordedAt: 'ASC', id: 'ASC' } })
    : [];
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
      health: health.get(p.id) ?? NO_HEALTH,
    };
  });
  return {
    householdId: h.id,
    on,
    members,
    items: items.map((i) => ({ id: i.id, personId: i.personId, source: i.source, origin: i.origin, amount: i.amount, periodFrom: i.periodFrom, periodTo: i.periodTo, obtainedOn: i.obtainedOn })),
  };
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
  return checkDateInWindow(on, field, { earliest: earliestVerificationDate(), earliestWhat: 'the first entry of the standards tables' });
}

function standardsFor(h: Household, on: string, field: string): Standards {
  const s = standardsOn(on, h.urban);
  if (!s) throw badInput(`\`${field}\` is before the first entry of the standards tables`, field, 'BEFORE_PROGRAMME');
  return s;
}

/**
 * Household.verification(on): the verification computed now, without storing (the caller's access checked by the
 * resolver first). BAD_USER_INPUT for a bad date or health input.
 */
export async function computeVerification(ctx: SubgraphContext, h: Household, on: string, health: MemberHealthInput[] | null | undefined): Promise<VerificationRun> {
  checkOn(on, 'on');
  const s = standardsFor(h, on, 'on');
  const members = await ctx.db.getRepository(Person).find({ where: { householdId: h.id }, select: { id: true } });
  const checked = checkHealth(health, new Set(members.map((m) => m.id)), 'health');
  return runOf(h, await gatherInputs(ctx.db.manager, h, on, checked), s);
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
        const health = checkHealth(input.health, new Set(members.map((m) => m.id)), 'input.health');
        const run = runOf(h, await gatherInputs(tx, h, input.on, health), s);
        run.id = crypto.randomUUID();
        run.subject = ctx.identity.subject;
        run.verifiedAt = new Date().toISOString();
        const later = await tx.getRepository(VerificationRun).createQueryBuilder('r').where('r.householdId = :id', { id: h.id }).andWhere('r.on > :on', { on: input.on }).getCount();
        await tx.getRepository(VerificationRun).insert({ ...run });
        if (!later) await updateLocked(tx, Household, h, { perCapitaMonthlyIncome: run.perCapitaIncome, assetsWithinRules: run.assetsWithinLimits });
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
