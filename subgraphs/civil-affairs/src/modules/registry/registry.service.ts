import crypto from 'node:crypto';
import { GraphQLError } from 'graphql';
import { In, type EntityManager } from 'typeorm';
import {
  assertCanWrite, auditedWrite, mayWriteSome, badInput, checkCalendarDate, conflict, countRefusals, forbidden, idempotent, inScope, isTownshipCode, lockedRecord,
  lockPersonForWrite, parseIdNumber, registryConflictLimit, todayInChina, updateLocked, ID_NUMBER_PROBLEM_MESSAGES, type AuditRefusal, type DataClass,
  type Identity, type IdNumberParts, type Locked, type SubgraphContext,
} from '@aidgraph/subgraph-kit';
import { Person } from '../person/person.entity';
import { Household } from '../household/household.entity';
import { Village } from '../division/village.entity';
import { Gender, HouseholdRelation, PersonStatus, RegistryAction } from '../common/enums';
import { RegistryChange } from './registry-change.entity';
import type {
  AddHouseholdMemberInput, CorrectPersonInput, RecordPersonStatusInput, RegisterHouseholdInput, RegistryMemberInput, RemoveHouseholdMemberInput,
} from './registry.input';

/**
 * The registry as a system of record (issue 8 item 1): registering a household with its members, adding and removing a
 * member, correcting a person, recording a death or a move. Every write runs in one transaction (auditedWrite) that also
 * writes its history entries (registry_change) and its audit entries; records read to be changed are locked
 * (lockedRecord/updateLocked); creating writes take an idempotency key (idempotent); corrections carry the version they
 * were made on (expectedVersion -> CONFLICT STALE_VERSION).
 */

/** What a write does, for the permission check: registering persons (a household, a member) or changing a registered one. */
export type RegistryWrite = 'register' | 'change';

/**
 * Throw FORBIDDEN unless the identity may make this kind of registry write at all, before any record is looked up (a
 * caller who may write nothing learns nothing from NOT_FOUND): caseworkers and civil-affairs officers (the kit's
 * mayWriteSome, kind `registry`), and village assistants for registering only — the kit lets them write the registry of
 * their village; issue 8 gives them registering households and members, not corrections, removals or status changes.
 * The record's township (and village) is checked on the record (assertMayWriteRegistryRecord).
 */
export function assertMayWriteRegistry(identity: Identity, kind: RegistryWrite): void {
  if (identity.role === 'village_assistant' && kind !== 'register')
    throw forbidden('a village assistant may register households and members, not change registered persons');
  if (!mayWriteSome(identity, 'CIVIL_AFFAIRS', 'registry')) throw forbidden('your role may not change CIVIL_AFFAIRS registry records');
}

/**
 * Throw FORBIDDEN unless the identity may write this registry record (of `townshipCode`, `villageCode`): a caseworker of
 * its township, a civil-affairs officer, a village assistant registering in their own village (the kit's assertCanWrite,
 * kind `registry`, with the village).
 */
export function assertMayWriteRegistryRecord(identity: Identity, kind: RegistryWrite, record: { townshipCode: string; villageCode: string }): void {
  assertMayWriteRegistry(identity, kind);
  assertCanWrite(identity, 'CIVIL_AFFAIRS', record.townshipCode, { villageCode: record.villageCode, kind: 'registry' });
}

/** True when the identity may see this person (its township; a village assistant: its village). */
export function maySeePerson(identity: Identity, p: { townshipCode: string; villageCode: string }): boolean {
  return inScope(identity, p.townshipCode, p.villageCode);
}

/**
 * CONFLICT ID_NUMBER_REGISTERED for an ID number someone already has: `extensions.existingPersonId` names that person only
 * when the caller may see them (maySeePerson); otherwise the answer is the same without it. The refusal itself tells a
 * caller allowed to register that the number is registered, wherever the person lives (unavoidable: a national ID
 * number is unique, and any registration window would refuse it the same way), so every such refusal is audited with
 * the existing person named (the audit log is read by auditors only: probing is traceable), and a subject meets at most
 * REGISTRY_CONFLICTS_PER_HOUR of them an hour (assertBelowConflictRate).
 */
function idNumberRegistered(ctx: SubgraphContext, existing: Person, field: string): GraphQLError {
  const extensions: Record<string, unknown> = { code: 'CONFLICT', reason: ID_NUMBER_REGISTERED, field };
  if (maySeePerson(ctx.identity, existing)) extensions.existingPersonId = existing.id;
  ctx.audit.noteRefusal({ coordinate: null, path: null, code: 'CONFLICT', reason: `${ID_NUMBER_REGISTERED} at ${field}`, owner: { person: existing.id } });
  return new GraphQLError('a person with this ID number is already in the registry', { extensions });
}

/** The reason of the registry's refusal of an ID number someone already has. */
export const ID_NUMBER_REGISTERED = 'ID_NUMBER_REGISTERED';

/** A refusal of the audit log that is an ID_NUMBER_REGISTERED conflict (idNumberRegistered). */
export function isRegistryConflict(r: AuditRefusal): boolean {
  return r.code === 'CONFLICT' && typeof r.reason === 'string' && r.reason.startsWith(ID_NUMBER_REGISTERED);
}

/**
 * FORBIDDEN TOO_MANY_REGISTRY_CONFLICTS when the caller met REGISTRY_CONFLICTS_PER_HOUR (default 20) ID_NUMBER_REGISTERED
 * refusals in the last hour (counted from the audit log): registering numbers to learn who is in the registry stops
 * there, and the refusals already name whom the caller probed.
 */
async function assertBelowConflictRate(ctx: SubgraphContext, tx: EntityManager): Promise<void> {
  const limit = registryConflictLimit(ctx.db);
  const since = new Date(Date.now() - 3_600_000).toISOString();
  const met = await countRefusals(tx, ctx.identity.subject, since, isRegistryConflict);
  if (met >= limit)
    throw new GraphQLError(`you met ${limit} or more refusals of an ID number already registered in the last hour: registry writes naming ID numbers are refused for now, try again later`, {
      extensions: { code: 'FORBIDDEN', reason: 'TOO_MANY_REGISTRY_CONFLICTS', limit },
    });
}

function staleVersion(current: number): GraphQLError {
  return new GraphQLError('the record was changed since you read it: read it again and redo the change on its current version', {
    extensions: { code: 'CONFLICT', reason: 'STALE_VERSION', currentVersion: current },
  });
}

/** A name: trimmed, 1-64 characters. */
function checkName(value: string, field: string): string {
  const name = String(value ?? '').trim();
  if (!name) throw badInput(`\`${field}\` is required`, field, 'REQUIRED');
  if (Array.from(name).length > 64) throw badInput(`\`${field}\` has more than 64 characters`, field, 'TOO_LONG');
  return name;
}

/** A phone number: digits, an optional leading +, hyphens and spaces inside; 5-20 characters. Null/empty: none. */
function checkPhone(value: string | null | undefined, field: string): string | null {
  if (value == null) return null;
  const phone = value.trim();
  if (!phone) return null;
  if (!/^\+?\d[\d -]{3,18}\d$/.test(phone)) throw badInput(`\`${field}\` is not a phone number (digits, a leading + and hyphens, 5-20 characters)`, field, 'BAD_FORMAT');
  return phone;
}

/** A reason: trimmed, at most 500 characters; required ones must not be empty. */
function checkReason(value: string | null | undefined, field: string, required: boolean): string | null {
  const reason = String(value ?? '').trim();
  if (!reason) {
    if (required) throw badInput(`\`${field}\` is required: say why`, field, 'REQUIRED');
    return null;
  }
  if (Array.from(reason).length > 500) throw badInput(`\`${field}\` has more than 500 characters`, field, 'TOO_LONG');
  return reason;
}

/** A resident ID number as typed, validated (GB 11643) and parsed: BAD_USER_INPUT with the problem as reason. */
function checkIdNumber(value: string, field: string): IdNumberParts {
  const parsed = parseIdNumber(value);
  if (!parsed.ok) throw badInput(`\`${field}\`: invalid ID number: ${ID_NUMBER_PROBLEM_MESSAGES[parsed.problem]}`, field, parsed.problem);
  return parsed.value;
}

/** A member as validated: birth date and gender from the ID number. */
interface CheckedMember {
  name: string;
  idNumber: string;
  birthDate: string;
  gender: Gender;
  relationToHead: HouseholdRelation;
  phone: string | null;
  /** the path of the member in the input, e.g. `input.members[2]` */
  path: string;
}

function checkMember(m: RegistryMemberInput, path: string): CheckedMember {
  const id = checkIdNumber(m.idNumber, `${path}.idNumber`);
  return {
    name: checkName(m.name, `${path}.name`),
    idNumber: id.canonical,
    birthDate: id.birthDate,
    gender: id.gender as Gender,
    relationToHead: m.relationToHead,
    phone: checkPhone(m.phone, `${path}.phone`),
    path,
  };
}

/** The checked input of registerHousehold. */
interface CheckedHousehold {
  townshipCode: string;
  villageCode: string;
  address: string | null;
  members: CheckedMember[];
  reason: string | null;
}

/** Validate registerHousehold's input (no database): BAD_USER_INPUT naming the path of the first fault. */
function checkRegisterInput(input: RegisterHouseholdInput): CheckedHousehold {
  if (!isTownshipCode(input.townshipCode)) throw badInput('`input.townshipCode` is not a Jiaozhou township code', 'input.townshipCode', 'UNKNOWN_TOWNSHIP');
  if (!/^\d{12}$/.test(input.villageCode) || input.villageCode.slice(0, 9) !== input.townshipCode)
    throw badInput('`input.villageCode` is not a village code of that township', 'input.villageCode', 'UNKNOWN_VILLAGE');
  const address = input.address == null ? null : input.address.trim() || null;
  if (address && Array.from(address).length > 200) throw badInput('`input.address` has more than 200 characters', 'input.address', 'TOO_LONG');
  const list = input.members ?? [];
  if (list.length < 1) throw badInput('a household has at least one member, its head', 'input.members', 'TOO_SHORT');
  if (list.length > 30) throw badInput('at most 30 members per household', 'input.members', 'TOO_LONG');
  const members = list.map((m, i) => checkMember(m, `input.members[${i}]`));
  const seen = new Map<string, number>();
  members.forEach((m, i) => {
    if (seen.has(m.idNumber)) throw badInput(`\`input.members[${i}].idNumber\` is the ID number of member ${seen.get(m.idNumber)} too`, `input.members[${i}].idNumber`, 'DUPLICATE_ID_NUMBER');
    seen.set(m.idNumber, i);
  });
  const heads = members.filter((m) => m.relationToHead === HouseholdRelation.HEAD);
  if (heads.length === 0) throw badInput('one member must be the head of the household (relationToHead: HEAD)', 'input.members', 'HEAD_REQUIRED');
  if (heads.length > 1) throw badInput(`\`${heads[1].path}.relationToHead\`: a household has one head`, `${heads[1].path}.relationToHead`, 'MORE_THAN_ONE_HEAD');
  return { townshipCode: input.townshipCode, villageCode: input.villageCode, address, members, reason: checkReason(input.reason, 'input.reason', false) };
}

/**
 * Hold the ID numbers' locks until the transaction ends (PostgreSQL advisory locks, in sorted order; SQLite runs one
 * writer at a time), then refuse a number someone already has: concurrent registrations or corrections of one number run
 * one after the other and the second sees the first.
 */
async function claimIdNumbers(ctx: SubgraphContext, tx: EntityManager, numbers: { idNumber: string; field: string }[], except?: string): Promise<void> {
  await assertBelowConflictRate(ctx, tx);
  for (const n of [...new Set(numbers.map((x) => x.idNumber))].sort()) await lockPersonForWrite(tx, `idNumber:${n}`);
  const existing = await tx.getRepository(Person).findBy({ idNumber: In(numbers.map((x) => x.idNumber)) });
  for (const n of numbers) {
    const found = existing.find((p) => p.idNumber === n.idNumber && p.id !== except);
    if (found) throw idNumberRegistered(ctx, found, n.field);
  }
}

/** The classes of the registry's fields (as on Person and Household): what a history entry's before/after reveals. */
export const REGISTRY_FIELD_CLASSES: Readonly<Record<string, DataClass>> = {
  name: 'identifier.name',
  idNumber: 'identifier.idNumber',
  birthDate: 'identifier.birthDate',
  phone: 'identifier.phone',
  address: 'identifier.address',
  gender: 'quasi.coarse',
  townshipCode: 'quasi.coarse',
  villageCode: 'quasi.fine',
  householdId: 'quasi.fine',
  headId: 'quasi.fine',
  relationToHead: 'quasi.fine',
  status: 'quasi.fine',
  statusDate: 'quasi.fine',
  statusSource: 'quasi.fine',
};

type Changes = Record<string, [unknown, unknown]>;

/** The changes as text (the history stores before/after as text or null). */
function asText(changes: Changes): Record<string, [string | null, string | null]> {
  const t = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return Object.fromEntries(Object.entries(changes).map(([k, [b, a]]) => [k, [t(b), t(a)]]));
}

/** The changes for the audit log: personal identifiers are never stored there in clear (noted as changed, '***'). */
function forAudit(changes: Changes): Changes {
  return Object.fromEntries(
    Object.entries(changes).map(([k, [b, a]]) =>
      (REGISTRY_FIELD_CLASSES[k] ?? '').startsWith('identifier.') ? [k, [b == null ? null : '***', a == null ? null : '***']] : [k, [b ?? null, a ?? null]],
    ),
  );
}

/** One history entry, written in the write's transaction `tx`, and its audit entry. */
async function record(
  ctx: SubgraphContext,
  tx: EntityManager,
  e: { action: RegistryAction; personId: string | null; householdId: string | null; personVersion: number | null; householdVersion: number | null; townshipCode: string; changes: Changes; reason: string | null },
  at: string,
): Promise<void> {
  await tx.getRepository(RegistryChange).insert({
    id: crypto.randomUUID(),
    personId: e.personId,
    householdId: e.householdId,
    personVersion: e.personVersion,
    householdVersion: e.householdVersion,
    townshipCode: e.townshipCode,
    action: e.action,
    changes: JSON.stringify(asText(e.changes)),
    reason: e.reason,
    subject: ctx.identity.subject,
    role: ctx.identity.role,
    at,
  });
  const created = e.action === RegistryAction.HOUSEHOLD_REGISTERED || e.action === RegistryAction.PERSON_REGISTERED || e.action === RegistryAction.MEMBER_ADDED;
  ctx.audit.noteWrite({
    entity: e.personId ? 'Person' : 'Household',
    key: (e.personId ?? e.householdId)!,
    ...(e.personId ? { personId: e.personId } : {}),
    action: created ? 'create' : 'update',
    changes: forAudit(e.changes),
  });
}

/** A new person row (version 1, ACTIVE) of a household. */
function newPerson(m: CheckedMember, household: { id: string; townshipCode: string; villageCode: string }): Person {
  return Object.assign(new Person(), {
    id: crypto.randomUUID(),
    name: m.name,
    idNumber: m.idNumber,
    gender: m.gender,
    birthDate: m.birthDate,
    phone: m.phone,
    townshipCode: household.townshipCode,
    villageCode: household.villageCode,
    householdId: household.id,
    relationToHead: m.relationToHead,
    status: PersonStatus.ACTIVE,
    statusDate: null,
    statusSource: null,
    version: 1,
  });
}

/** A registered person's fields as the history records them at registration (before: nothing). */
function registeredFields(p: Person): Changes {
  return {
    name: [null, p.name], idNumber: [null, p.idNumber], gender: [null, p.gender], birthDate: [null, p.birthDate], phone: [null, p.phone],
    townshipCode: [null, p.townshipCode], villageCode: [null, p.villageCode], householdId: [null, p.householdId], relationToHead: [null, p.relationToHead],
    status: [null, p.status],
  };
}

/** The village of a registration: it must be in the register (village table). */
async function villageOf(tx: EntityManager, code: string): Promise<Village> {
  const v = await tx.getRepository(Village).findOneBy({ code });
  if (!v) throw badInput('`input.villageCode` is not a village of the registry', 'input.villageCode', 'UNKNOWN_VILLAGE');
  return v;
}

/**
 * 家庭登记 Register a household with its members (the head included) in one transaction: the household (not yet verified:
 * income and asset check null), each member ACTIVE at version 1, a history entry for the household and one per member.
 */
export async function registerHousehold(ctx: SubgraphContext, input: RegisterHouseholdInput): Promise<Household> {
  const checked = checkRegisterInput(input);
  return auditedWrite(ctx, (tx) =>
    idempotent(ctx, tx, 'registerHousehold', input, {
      authorize: () => assertMayWriteRegistry(ctx.identity, 'register'),
      create: () => registerHouseholdIn(ctx, tx, checked),
      reload: (id) => tx.getRepository(Household).findOneBy({ id }),
    }),
  );
}

async function registerHouseholdIn(ctx: SubgraphContext, tx: EntityManager, input: CheckedHousehold): Promise<Household> {
  assertMayWriteRegistryRecord(ctx.identity, 'register', input);
  const village = await villageOf(tx, input.villageCode);
  await claimIdNumbers(ctx, tx, input.members.map((m) => ({ idNumber: m.idNumber, field: `${m.path}.idNumber` })));
  const at = new Date().toISOString();
  const household = Object.assign(new Household(), {
    id: crypto.randomUUID(),
    townshipCode: input.townshipCode,
    villageCode: input.villageCode,
    address: input.address,
    headId: '',
    perCapitaMonthlyIncome: null,
    assetsWithinRules: null,
    urban: village.community,
    version: 1,
  });
  const persons = input.members.map((m) => newPerson(m, household));
  household.headId = persons[input.members.findIndex((m) => m.relationToHead === HouseholdRelation.HEAD)].id;
  await tx.getRepository(Household).insert({ ...household });
  // one row at a time: TypeORM's multi-row insert on SQLite merges values read back into the wrong entities
  for (const p of persons) await tx.getRepository(Person).insert({ ...p });
  await record(ctx, tx, {
    action: RegistryAction.HOUSEHOLD_REGISTERED, personId: null, householdId: household.id, personVersion: null, householdVersion: 1,
    townshipCode: household.townshipCode, reason: input.reason,
    changes: { townshipCode: [null, household.townshipCode], villageCode: [null, household.villageCode], address: [null, household.address], headId: [null, household.headId] },
  }, at);
  for (const p of persons)
    await record(ctx, tx, {
      action: RegistryAction.PERSON_REGISTERED, personId: p.id, householdId: household.id, personVersion: 1, householdVersion: 1,
      townshipCode: p.townshipCode, reason: input.reason, changes: registeredFields(p),
    }, at);
  return household;
}

/** 增加家庭成员 Add a new person to a registered household (the household is locked; its version goes up). */
export async function addHouseholdMember(ctx: SubgraphContext, input: AddHouseholdMemberInput): Promise<Person> {
  const member = checkMember(input.member, 'input.member');
  if (member.relationToHead === HouseholdRelation.HEAD)
    throw badInput('`input.member.relationToHead`: the household has its head already', 'input.member.relationToHead', 'HEAD_EXISTS');
  const reason = checkReason(input.reason, 'input.reason', false);
  return auditedWrite(ctx, (tx) =>
    idempotent(ctx, tx, 'addHouseholdMember', input, {
      authorize: () => assertMayWriteRegistry(ctx.identity, 'register'),
      create: async () => {
        const household = await lockedRecord(tx, Household, { id: String(input.householdId).toLowerCase() }, { notFound: 'no household has this id' });
        assertMayWriteRegistryRecord(ctx.identity, 'register', household);
        await claimIdNumbers(ctx, tx, [{ idNumber: member.idNumber, field: 'input.member.idNumber' }]);
        const p = newPerson(member, household);
        await tx.getRepository(Person).insert({ ...p });
        const h = await updateLocked(tx, Household, household, { version: household.version + 1 });
        await record(ctx, tx, {
          action: RegistryAction.MEMBER_ADDED, personId: p.id, householdId: h.id, personVersion: 1, householdVersion: h.version,
          townshipCode: p.townshipCode, reason, changes: registeredFields(p),
        }, new Date().toISOString());
        return p;
      },
      reload: (id) => tx.getRepository(Person).findOneBy({ id }),
    }),
  );
}

/** The person locked for a change, after the pre-lookup permission check; FORBIDDEN outside the caller's township. */
async function lockedPerson(ctx: SubgraphContext, tx: EntityManager, personId: string, before?: (peek: Person) => Promise<void>): Promise<Locked<Person>> {
  assertMayWriteRegistry(ctx.identity, 'change');
  const p = await lockedRecord(tx, Person, { id: String(personId).toLowerCase() }, { notFound: 'no person has this id', before });
  assertMayWriteRegistryRecord(ctx.identity, 'change', p);
  return p;
}

function checkExpectedVersion(expected: number | null | undefined, current: number, required: boolean): void {
  if (expected == null) {
    if (required) throw badInput('`input.expectedVersion` is required', 'input.expectedVersion', 'REQUIRED');
    return;
  }
  if (!Number.isInteger(expected) || expected < 1) throw badInput('`input.expectedVersion` is a version (1 or more)', 'input.expectedVersion', 'TOO_SMALL');
  if (expected !== current) throw staleVersion(current);
}

/**
 * 减少家庭成员 Remove a member from their household: the person stays in the registry, in no household (householdId and
 * relationToHead null); the household, then the person, are locked; both versions go up. The head cannot be removed.
 */
export async function removeHouseholdMember(ctx: SubgraphContext, input: RemoveHouseholdMemberInput): Promise<Person> {
  const reason = checkReason(input.reason, 'input.reason', true);
  if (input.expectedVersion != null) checkExpectedVersion(input.expectedVersion, input.expectedVersion, false);
  return auditedWrite(ctx, async (tx) => {
    const held: { household?: Locked<Household> } = {};
    // locks in one order everywhere: the household, then the person
    const p = await lockedPerson(ctx, tx, input.personId, async (peek) => {
      if (peek.householdId) held.household = await lockedRecord(tx, Household, { id: peek.householdId }, { notFound: 'the person\'s household is not in the registry' });
    });
    checkExpectedVersion(input.expectedVersion, p.version, false);
    const household = held.household;
    if (!p.householdId || !household || household.id !== p.householdId) throw conflict('the person is in no household', 'NOT_IN_HOUSEHOLD');
    if (p.relationToHead === HouseholdRelation.HEAD) throw conflict('the head of a household cannot be removed from it', 'HEAD_OF_HOUSEHOLD');
    const changes: Changes = { householdId: [p.householdId, null], relationToHead: [p.relationToHead, null] };
    const updated = await updateLocked(tx, Person, p, { householdId: null, relationToHead: null, version: p.version + 1 });
    const h = await updateLocked(tx, Household, household, { version: household.version + 1 });
    await record(ctx, tx, {
      action: RegistryAction.MEMBER_REMOVED, personId: p.id, householdId: h.id, personVersion: updated.version, householdVersion: h.version,
      townshipCode: p.townshipCode, reason, changes,
    }, new Date().toISOString());
    return updated;
  });
}

/**
 * 信息更正 Correct a person's name, ID number (birth date and gender follow it), phone or relation to the head, on the
 * version the caller read (CONFLICT STALE_VERSION otherwise): the person is locked, the version goes up by one.
 */
export async function correctPerson(ctx: SubgraphContext, input: CorrectPersonInput): Promise<Person> {
  const reason = checkReason(input.reason, 'input.reason', true);
  checkExpectedVersion(input.expectedVersion, input.expectedVersion, true);
  const name = input.name == null ? undefined : checkName(input.name, 'input.name');
  const id = input.idNumber == null ? undefined : checkIdNumber(input.idNumber, 'input.idNumber');
  const phone = input.phone === undefined ? undefined : checkPhone(input.phone, 'input.phone');
  const relation = input.relationToHead ?? undefined;
  if (relation === HouseholdRelation.HEAD) throw badInput('`input.relationToHead`: a correction cannot make a member the head', 'input.relationToHead', 'HEAD_RELATION');
  if (name === undefined && id === undefined && phone === undefined && relation === undefined)
    throw badInput('give at least one field to correct (name, idNumber, phone, relationToHead)', 'input', 'NOTHING_TO_CORRECT');
  return auditedWrite(ctx, async (tx) => {
    const p = await lockedPerson(ctx, tx, input.personId);
    checkExpectedVersion(input.expectedVersion, p.version, true);
    const patch: Partial<Person> = {};
    const changes: Changes = {};
    const set = <K extends keyof Person>(k: K, v: Person[K]) => {
      if (p[k] === v) return;
      changes[k as string] = [p[k], v];
      patch[k] = v;
    };
    if (name !== undefined) set('name', name);
    if (id !== undefined && id.canonical !== p.idNumber) {
      await claimIdNumbers(ctx, tx, [{ idNumber: id.canonical, field: 'input.idNumber' }], p.id);
      set('idNumber', id.canonical);
      set('birthDate', id.birthDate);
      set('gender', id.gender as Gender);
    }
    if (phone !== undefined) set('phone', phone);
    if (relation !== undefined) {
      if (!p.householdId) throw conflict('the person is in no household: no relation to a head', 'NOT_IN_HOUSEHOLD');
      if (p.relationToHead === HouseholdRelation.HEAD)
        throw badInput('`input.relationToHead`: the head\'s relation cannot be corrected', 'input.relationToHead', 'HEAD_RELATION');
      set('relationToHead', relation);
    }
    if (!Object.keys(changes).length) throw badInput('the correction changes nothing: every value given is the one on record', 'input', 'NOTHING_TO_CORRECT');
    const updated = await updateLocked(tx, Person, p, { ...patch, version: p.version + 1 });
    await record(ctx, tx, {
      action: RegistryAction.PERSON_CORRECTED, personId: p.id, householdId: p.householdId, personVersion: updated.version, householdVersion: null,
      townshipCode: p.townshipCode, reason, changes,
    }, new Date().toISOString());
    return updated;
  });
}

/**
 * 状态变更 Record a death or a move away: the date (not in the future, not before the birth date) and the source of the
 * information; the person must be ACTIVE and stays in the registry with the new status; the version goes up by one.
 */
export async function recordPersonStatus(ctx: SubgraphContext, input: RecordPersonStatusInput): Promise<Person> {
  checkCalendarDate(input.date, 'input.date');
  const today = todayInChina();
  if (input.date > today) throw badInput(`\`input.date\` is in the future (after ${today})`, 'input.date', 'DATE_OUT_OF_RANGE');
  const reason = checkReason(input.reason, 'input.reason', false);
  if (input.expectedVersion != null) checkExpectedVersion(input.expectedVersion, input.expectedVersion, false);
  return auditedWrite(ctx, async (tx) => {
    const p = await lockedPerson(ctx, tx, input.personId);
    checkExpectedVersion(input.expectedVersion, p.version, false);
    if (p.status !== PersonStatus.ACTIVE) throw conflict('the person is not active in the registry: a death or a move is recorded already', 'PERSON_NOT_ACTIVE');
    if (input.date < p.birthDate) throw badInput('`input.date` is before the person\'s birth date', 'input.date', 'BEFORE_BIRTH');
    const status = input.status as unknown as PersonStatus;
    const changes: Changes = { status: [p.status, status], statusDate: [p.statusDate, input.date], statusSource: [p.statusSource, input.source] };
    const updated = await updateLocked(tx, Person, p, { status, statusDate: input.date, statusSource: input.source, version: p.version + 1 });
    await record(ctx, tx, {
      action: RegistryAction.STATUS_RECORDED, personId: p.id, householdId: p.householdId, personVersion: updated.version, householdVersion: null,
      townshipCode: p.townshipCode, reason, changes,
    }, new Date().toISOString());
    return updated;
  });
}
