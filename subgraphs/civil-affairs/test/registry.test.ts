import fs from 'node:fs';
import path from 'node:path';
import { civilAffairs } from '../src/subgraph';
import { Person } from '../src/modules/person/person.entity';
import { Household } from '../src/modules/household/household.entity';
import { RegistryChange } from '../src/modules/registry/registry-change.entity';
import { AuditEntry, makeIdNumber, addCalendarDays, todayInChina, unpackIds } from '@aidgraph/subgraph-kit';
import { generatePopulation, generateVillages } from '@aidgraph/population';
import {
  assertIdempotentCreation, auditedWritesOf, runConcurrently, startSubgraphHarness, testDatabaseKinds, type SubgraphHarness, type TokenAs,
} from '@aidgraph/subgraph-kit/testing';

/** The registry as a system of record (issue 8 item 1): registering, membership, corrections, status, history, access. */
const SEED = 'civil-affairs-registry';
const SIZE = 200;
const population = generatePopulation({ seed: SEED, size: SIZE });
const seeded = population.households.flatMap((h) => h.members);
const villages = generateVillages(SEED);
const T = seeded[0].townshipCode;
const OTHER_T = seeded.find((p) => p.townshipCode !== T)!.townshipCode;
const [V, V2] = villages.filter((v) => v.townshipCode === T).map((v) => v.code);
const OTHER_V = villages.find((v) => v.townshipCode === OTHER_T)!.code;

const caseworker = (township = T, subject?: string): TokenAs => ({ role: 'caseworker', township, ...(subject ? { subject } : {}) });
const officer = (department: string): TokenAs => ({ role: 'department_officer', department });
const assistant = (village: string): TokenAs => ({ role: 'village_assistant', village, township: village.slice(0, 9) });

/** Fresh, valid ID numbers no seeded person has (address code 370211, 黄岛区; a per-test counter in the sequence). */
let next = 1;
const idNumber = (birthDate: string, female = false) => makeIdNumber('370211', birthDate, 2 * next++ + (female ? 0 : 1));

const REGISTER = `mutation($i: RegisterHouseholdInput!) { registerHousehold(input: $i) {
  id version address township { code } village { code } size
  head { id name }
  members { id name idNumber gender birthDate phone relationToHead status version }
} }`;
const REGISTER_ID = `mutation($i: RegisterHouseholdInput!) { registerHousehold(input: $i) { id } }`;
const ADD = `mutation($i: AddHouseholdMemberInput!) { addHouseholdMember(input: $i) { id name gender birthDate relationToHead version household { id version size } } }`;
const REMOVE = `mutation($i: RemoveHouseholdMemberInput!) { removeHouseholdMember(input: $i) { id version status relationToHead household { id } } }`;
const CORRECT = `mutation($i: CorrectPersonInput!) { correctPerson(input: $i) { id version name idNumber birthDate gender phone relationToHead } }`;
const STATUS = `mutation($i: RecordPersonStatusInput!) { recordPersonStatus(input: $i) { id version status statusDate statusSource } }`;
const HISTORY = `query($id: ID!) { person(id: $id) { id version history(first: 20) { totalCount edges { node {
  action personVersion householdVersion reason by role at changes { field before after withheld } } } } } }`;
const HOUSEHOLD_HISTORY = `query($id: ID!) { household(id: $id) { id version history { totalCount edges { node { action householdVersion person { id } changes { field before after } } } } } }`;

/** The README's example operations of the registry (tests/operations), run here against the subgraph. */
const operation = (name: string) => fs.readFileSync(path.join(__dirname, '../../../tests/operations', `${name}.graphql`), 'utf8');

/** A household of three: head, spouse, child (with real values). */
function family(village = V) {
  const head = { name: '李建国', idNumber: idNumber('1975-03-14'), relationToHead: 'HEAD', phone: '13905321234' };
  const spouse = { name: '王秀梅', idNumber: idNumber('1977-08-02', true), relationToHead: 'SPOUSE' };
  const child = { name: '李小雨', idNumber: idNumber('2012-11-30', true), relationToHead: 'CHILD' };
  return { townshipCode: village.slice(0, 9), villageCode: village, address: '胶州市某村12号', members: [head, spouse, child], reason: '申请低保' };
}

describe.each(testDatabaseKinds())('the civil-affairs registry as a system of record on %s', (kind) => {
  let h: SubgraphHarness;
  beforeAll(async () => {
    h = await startSubgraphHarness(civilAffairs, kind, { seedSize: SIZE, seed: SEED });
  });
  afterAll(() => h?.close());

  const households = () => h.db.getRepository(Household).count();
  const persons = () => h.db.getRepository(Person).count();
  const changes = () => h.db.getRepository(RegistryChange).count();
  const counts = async () => ({ households: await households(), persons: await persons(), changes: await changes() });
  const register = async (input: Record<string, unknown>, as: TokenAs = caseworker()) => {
    const r = await h.request(REGISTER, { i: input }, as);
    expect(r.errors).toBeUndefined();
    return r.data.registerHousehold;
  };

  it('registerHousehold registers the household and every member in one go, with birth date and gender from the ID numbers and a history entry each', async () => {
    const input = family();
    const hh = await register(input);
    expect(hh).toMatchObject({ version: 1, address: '胶州市某村12号', township: { code: T }, village: { code: V }, size: 3, head: { name: '李建国' } });
    expect(hh.members.map((m: any) => [m.name, m.idNumber, m.gender, m.birthDate, m.relationToHead, m.status, m.version])).toEqual([
      ['李建国', input.members[0].idNumber, 'MALE', '1975-03-14', 'HEAD', 'ACTIVE', 1],
      ['王秀梅', input.members[1].idNumber, 'FEMALE', '1977-08-02', 'SPOUSE', 'ACTIVE', 1],
      ['李小雨', input.members[2].idNumber, 'FEMALE', '2012-11-30', 'CHILD', 'ACTIVE', 1],
    ]);
    expect(hh.members[0].phone).toBe('13905321234');
    const stored = await h.db.getRepository(Household).findOneByOrFail({ id: hh.id });
    expect(stored).toMatchObject({ perCapitaMonthlyIncome: null, assetsWithinRules: null, headId: hh.head.id, version: 1 });

    const r = await h.request(HISTORY, { id: hh.head.id }, caseworker());
    expect(r.errors).toBeUndefined();
    const [entry] = r.data.person.history.edges.map((e: any) => e.node);
    expect(r.data.person.history.totalCount).toBe(1);
    expect(entry).toMatchObject({ action: 'PERSON_REGISTERED', personVersion: 1, householdVersion: 1, reason: '申请低保', by: 'test-caseworker', role: 'caseworker' });
    expect(entry.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    const byField = Object.fromEntries(entry.changes.map((c: any) => [c.field, c]));
    expect(byField.name).toEqual({ field: 'name', before: null, after: '李建国', withheld: false });
    expect(byField.idNumber).toEqual({ field: 'idNumber', before: null, after: input.members[0].idNumber, withheld: false });
    expect(byField.birthDate.after).toBe('1975-03-14');
    expect(byField.householdId.after).toBe(hh.id);

    const hist = await h.request(HOUSEHOLD_HISTORY, { id: hh.id }, caseworker());
    expect(hist.errors).toBeUndefined();
    expect(hist.data.household.history.totalCount).toBe(4);
    expect(hist.data.household.history.edges.map((e: any) => e.node.action).sort()).toEqual(['HOUSEHOLD_REGISTERED', 'PERSON_REGISTERED', 'PERSON_REGISTERED', 'PERSON_REGISTERED']);
    const own = hist.data.household.history.edges.map((e: any) => e.node).find((n: any) => n.action === 'HOUSEHOLD_REGISTERED');
    expect(own.person).toBeNull();
    expect(own.changes).toEqual(expect.arrayContaining([{ field: 'headId', before: null, after: hh.head.id }, { field: 'villageCode', before: null, after: V }]));

    // the audit log has a write per record, with the identifiers never in clear
    const [audit] = await auditedWritesOf(h, 'Person', hh.head.id);
    expect(audit.action).toBe('create');
    expect(audit.changes.idNumber).toEqual([null, '***']);
    expect(audit.changes.name).toEqual([null, '***']);
    expect(audit.changes.relationToHead).toEqual([null, 'HEAD']);
  });

  it('refuses bad input with BAD_USER_INPUT and the path of the value, and writes nothing', async () => {
    const before = await counts();
    const dup = family();
    dup.members[2].idNumber = dup.members[1].idNumber.toLowerCase();
    const cases: [Record<string, unknown>, string, string][] = [];
    const badCheck = family();
    const n = badCheck.members[1].idNumber;
    badCheck.members[1].idNumber = n.slice(0, 17) + (n[17] === '1' ? '2' : '1');
    cases.push([badCheck, 'input.members[1].idNumber', 'CHECK_CHARACTER']);
    cases.push([dup, 'input.members[2].idNumber', 'DUPLICATE_ID_NUMBER']);
    const future = family();
    future.members[2].idNumber = makeIdNumber('370211', addCalendarDays(todayInChina(), 30), 7);
    cases.push([future, 'input.members[2].idNumber', 'BIRTH_DATE']);
    const noHead = family();
    noHead.members[0].relationToHead = 'PARENT';
    cases.push([noHead, 'input.members', 'HEAD_REQUIRED']);
    const twoHeads = family();
    twoHeads.members[1].relationToHead = 'HEAD';
    cases.push([twoHeads, 'input.members[1].relationToHead', 'MORE_THAN_ONE_HEAD']);
    cases.push([{ ...family(), villageCode: OTHER_V }, 'input.villageCode', 'UNKNOWN_VILLAGE']);
    const badPhone = family();
    (badPhone.members[1] as any).phone = 'call me';
    cases.push([badPhone, 'input.members[1].phone', 'BAD_FORMAT']);
    for (const [input, field, reason] of cases) {
      const r = await h.request(REGISTER_ID, { i: input }, caseworker());
      expect({ field, ext: r.errors?.[0]?.extensions }).toEqual({ field, ext: expect.objectContaining({ code: 'BAD_USER_INPUT', field, reason }) });
      expect(r.errors?.[0]?.message).not.toContain(String((input as any).members?.[1]?.idNumber));
    }
    expect(await counts()).toEqual(before);
  });

  it('refuses an ID number already registered with CONFLICT, naming the existing person only to a caller who may see them', async () => {
    const existing = seeded.find((p) => p.townshipCode === T)!;
    const before = await counts();
    const mine = family();
    mine.members[1].idNumber = existing.idNumber;
    const inScope = await h.request(REGISTER_ID, { i: mine }, caseworker());
    expect(inScope.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'ID_NUMBER_REGISTERED', field: 'input.members[1].idNumber', existingPersonId: existing.id });
    // a caseworker of another township registering in their own township: the same refusal, without the id
    const theirs = family(OTHER_V);
    theirs.members[1].idNumber = existing.idNumber;
    const outOfScope = await h.request(REGISTER_ID, { i: theirs }, caseworker(OTHER_T));
    expect(outOfScope.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'ID_NUMBER_REGISTERED', field: 'input.members[1].idNumber' });
    expect(outOfScope.errors?.[0]?.extensions).not.toHaveProperty('existingPersonId');
    // a village assistant sees only their own village's persons
    const otherVillage = seeded.find((p) => p.townshipCode === T && p.villageCode !== V)!;
    const byAssistant = family(V);
    byAssistant.members[2].idNumber = otherVillage.idNumber;
    const a = await h.request(REGISTER_ID, { i: byAssistant }, assistant(V));
    expect(a.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'ID_NUMBER_REGISTERED' });
    expect(a.errors?.[0]?.extensions).not.toHaveProperty('existingPersonId');
    expect(await counts()).toEqual(before);
  });

  it('audits every ID_NUMBER_REGISTERED refusal naming the existing person, and bounds them per caller and hour (TOO_MANY_REGISTRY_CONFLICTS)', async () => {
    const existing = seeded.find((p) => p.townshipCode === T)!;
    const prober = `prober-${kind}`;
    const refusalsOf = async (subject: string) =>
      (await h.db.getRepository(AuditEntry).find({ where: { subject, kind: 'refusal' }, order: { seq: 'ASC' } })).map((e) => ({ persons: unpackIds(e.personIds), detail: JSON.parse(e.detail) }));
    // a caseworker of another township probes a number of township T: refused without the id, but audited naming the person
    const theirs = family(OTHER_V);
    theirs.members[1].idNumber = existing.idNumber;
    const r = await h.request(REGISTER_ID, { i: theirs }, caseworker(OTHER_T, prober));
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'ID_NUMBER_REGISTERED' });
    expect(r.errors?.[0]?.extensions).not.toHaveProperty('existingPersonId');
    expect(await refusalsOf(prober)).toEqual([
      { persons: [existing.id], detail: [{ coordinate: null, path: null, code: 'CONFLICT', reason: 'ID_NUMBER_REGISTERED at input.members[1].idNumber', count: 1 }] },
    ]);
    // the same probe through correctPerson(idNumber), on a person of the prober's own township
    const own = (await h.request(REGISTER, { i: family(OTHER_V) }, caseworker(OTHER_T, prober))).data.registerHousehold.members[1];
    const c = await h.request(CORRECT, { i: { personId: own.id, expectedVersion: own.version, idNumber: existing.idNumber, reason: '更正身份证号' } }, caseworker(OTHER_T, prober));
    expect(c.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'ID_NUMBER_REGISTERED', field: 'input.idNumber' });
    expect((await refusalsOf(prober)).map((e) => e.persons)).toEqual([[existing.id], [existing.id]]);
    // up to 20 conflicts an hour (REGISTRY_CONFLICTS_PER_HOUR default); the 21st write naming an ID number is FORBIDDEN
    for (let i = 2; i < 20; i++) {
      const again = family(OTHER_V);
      again.members[2].idNumber = existing.idNumber;
      expect((await h.request(REGISTER_ID, { i: again }, caseworker(OTHER_T, prober))).errors?.[0]?.extensions).toMatchObject({ reason: 'ID_NUMBER_REGISTERED' });
    }
    const before = await counts();
    const probe = family(OTHER_V);
    probe.members[1].idNumber = existing.idNumber;
    const refused = await h.request(REGISTER_ID, { i: probe }, caseworker(OTHER_T, prober));
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'TOO_MANY_REGISTRY_CONFLICTS', limit: 20 });
    // an honest registration of fresh numbers by the same caller is held too, for the hour; another caller is not
    expect((await h.request(REGISTER_ID, { i: family(OTHER_V) }, caseworker(OTHER_T, prober))).errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'TOO_MANY_REGISTRY_CONFLICTS' });
    expect(await counts()).toEqual(before);
    const other = await h.request(REGISTER_ID, { i: family(OTHER_V) }, caseworker(OTHER_T, `colleague-${kind}`));
    expect(other.errors).toBeUndefined();
    // the FORBIDDEN refusals are audited too
    const entries = await refusalsOf(prober);
    expect(entries).toHaveLength(22);
    expect(entries[21].detail[0]).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('lets a caseworker of the township, a civil-affairs officer and a village assistant of the village register; FORBIDDEN to everyone else, with nothing written', async () => {
    const before = await counts();
    for (const as of [caseworker(OTHER_T), officer('EDUCATION'), { role: 'analyst' } as TokenAs, { role: 'auditor' } as TokenAs, { role: 'township_approver', township: T } as TokenAs, assistant(V2), assistant(OTHER_V)]) {
      const r = await h.request(REGISTER_ID, { i: family(V) }, as);
      expect({ as, code: r.errors?.[0]?.extensions?.code }).toEqual({ as, code: 'FORBIDDEN' });
      expect(r.data?.registerHousehold ?? null).toBeNull();
    }
    expect(await counts()).toEqual(before);
    const byOfficer = await h.request(REGISTER_ID, { i: family(V) }, officer('CIVIL_AFFAIRS'));
    expect(byOfficer.errors).toBeUndefined();
    const byAssistant = await h.request(REGISTER_ID, { i: family(V) }, assistant(V));
    expect(byAssistant.errors).toBeUndefined();
    expect(await households()).toBe(before.households + 2);
    const stored = await h.db.getRepository(Person).findBy({ householdId: byAssistant.data.registerHousehold.id });
    expect(stored.map((p) => p.villageCode)).toEqual([V, V, V]);
    const [entry] = await h.db.getRepository(RegistryChange).findBy({ householdId: byAssistant.data.registerHousehold.id, action: 'HOUSEHOLD_REGISTERED' as any });
    expect(entry).toMatchObject({ role: 'village_assistant', subject: 'test-village_assistant' });
  });

  it('registerHousehold takes an idempotency key: a retry creates one household, a different payload is CONFLICT, 50 concurrent calls create one', async () => {
    const payloads = [family(), family(), family()];
    await assertIdempotentCreation(h, {
      mutation: REGISTER_ID, field: 'registerHousehold', as: caseworker(T, 'alice'), other: caseworker(T, 'bob'),
      sameSubject: { forbidden: [{ role: 'caseworker', township: OTHER_T }, { role: 'department_officer', department: 'EDUCATION' }, assistant(OTHER_V)] },
      variables: (variant, key) => ({ i: { ...payloads[variant], idempotencyKey: key } }),
      count: households,
    });
    // each payload's members exist once
    for (const p of payloads) expect(await h.db.getRepository(Person).countBy({ idNumber: p.members[0].idNumber })).toBe(1);
  });

  it('addHouseholdMember adds a person to the household (version up) and removeHouseholdMember takes them out, the person staying in the registry', async () => {
    const hh = await register(family());
    const baby = { name: '李小宝', idNumber: idNumber('2025-06-01'), relationToHead: 'CHILD' };
    const added = await h.request(ADD, { i: { householdId: hh.id, member: baby, reason: '出生' } }, assistant(V));
    expect(added.errors).toBeUndefined();
    expect(added.data.addHouseholdMember).toMatchObject({ name: '李小宝', gender: 'MALE', birthDate: '2025-06-01', relationToHead: 'CHILD', version: 1 });
    const newId = added.data.addHouseholdMember.id;
    expect((await h.db.getRepository(Household).findOneByOrFail({ id: hh.id })).version).toBe(2);
    const head = await h.request(ADD, { i: { householdId: hh.id, member: { ...baby, idNumber: idNumber('2025-07-01'), relationToHead: 'HEAD' } } }, caseworker());
    expect(head.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.member.relationToHead', reason: 'HEAD_EXISTS' });
    const elsewhere = await h.request(ADD, { i: { householdId: hh.id, member: { ...baby, idNumber: idNumber('2025-07-01') } } }, assistant(V2));
    expect(elsewhere.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const spouse = hh.members[1];
    const removed = await h.request(REMOVE, { i: { personId: spouse.id, reason: '离婚分户', expectedVersion: 1 } }, caseworker());
    expect(removed.errors).toBeUndefined();
    expect(removed.data.removeHouseholdMember).toEqual({ id: spouse.id, version: 2, status: 'ACTIVE', relationToHead: null, household: null });
    const after = await h.request(`query($id: ID!) { household(id: $id) { version size members { id } } }`, { id: hh.id }, caseworker());
    expect(after.data.household).toEqual({ version: 3, size: 3, members: expect.not.arrayContaining([{ id: spouse.id }]) });
    expect(after.data.household.members.map((m: any) => m.id)).toContain(newId);

    const hist = await h.request(HISTORY, { id: spouse.id }, caseworker());
    const [latest, first] = hist.data.person.history.edges.map((e: any) => e.node);
    expect(latest).toMatchObject({ action: 'MEMBER_REMOVED', personVersion: 2, householdVersion: 3, reason: '离婚分户' });
    expect(latest.changes).toEqual([
      { field: 'householdId', before: hh.id, after: null, withheld: false },
      { field: 'relationToHead', before: 'SPOUSE', after: null, withheld: false },
    ]);
    expect(first.action).toBe('PERSON_REGISTERED');
    const householdHistory = await h.request(HOUSEHOLD_HISTORY, { id: hh.id }, caseworker());
    expect(householdHistory.data.household.history.edges.slice(0, 2).map((e: any) => [e.node.action, e.node.householdVersion])).toEqual([['MEMBER_REMOVED', 3], ['MEMBER_ADDED', 2]]);

    const again = await h.request(REMOVE, { i: { personId: spouse.id, reason: '重复' } }, caseworker());
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'NOT_IN_HOUSEHOLD' });
    const theHead = await h.request(REMOVE, { i: { personId: hh.head.id, reason: '分户' } }, caseworker());
    expect(theHead.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'HEAD_OF_HOUSEHOLD' });
    const noReason = await h.request(REMOVE, { i: { personId: hh.members[2].id, reason: '  ' } }, caseworker());
    expect(noReason.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.reason', reason: 'REQUIRED' });
    const byAssistant = await h.request(REMOVE, { i: { personId: hh.members[2].id, reason: '分户' } }, assistant(V));
    expect(byAssistant.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await h.db.getRepository(Person).findOneByOrFail({ id: hh.members[2].id })).householdId).toBe(hh.id);
  });

  it('correctPerson corrects on the version read, with before/after in the history; a stale version, another township or role change nothing', async () => {
    const hh = await register(family());
    const child = hh.members[2];
    const newNumber = idNumber('2012-12-01');
    const r = await h.request(CORRECT, { i: { personId: child.id, expectedVersion: 1, name: '李小宇', idNumber: newNumber, phone: '0532-87654321', reason: '户口簿更正' } }, caseworker());
    expect(r.errors).toBeUndefined();
    expect(r.data.correctPerson).toEqual({ id: child.id, version: 2, name: '李小宇', idNumber: newNumber, birthDate: '2012-12-01', gender: 'MALE', phone: '0532-87654321', relationToHead: 'CHILD' });
    const hist = await h.request(HISTORY, { id: child.id }, caseworker());
    const [latest] = hist.data.person.history.edges.map((e: any) => e.node);
    expect(latest).toMatchObject({ action: 'PERSON_CORRECTED', personVersion: 2, householdVersion: null, reason: '户口簿更正' });
    expect(latest.changes).toEqual([
      { field: 'name', before: '李小雨', after: '李小宇', withheld: false },
      { field: 'idNumber', before: child.idNumber, after: newNumber, withheld: false },
      { field: 'birthDate', before: '2012-11-30', after: '2012-12-01', withheld: false },
      { field: 'gender', before: 'FEMALE', after: 'MALE', withheld: false },
      { field: 'phone', before: null, after: '0532-87654321', withheld: false },
    ]);

    const before = await counts();
    const stale = await h.request(CORRECT, { i: { personId: child.id, expectedVersion: 1, name: '李晓宇', reason: '再更正' } }, caseworker());
    expect(stale.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'STALE_VERSION', currentVersion: 2 });
    const taken = await h.request(CORRECT, { i: { personId: child.id, expectedVersion: 2, idNumber: hh.members[0].idNumber, reason: '误录' } }, caseworker());
    expect(taken.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'ID_NUMBER_REGISTERED', field: 'input.idNumber', existingPersonId: hh.members[0].id });
    const headRelation = await h.request(CORRECT, { i: { personId: child.id, expectedVersion: 2, relationToHead: 'HEAD', reason: '误录' } }, caseworker());
    expect(headRelation.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.relationToHead', reason: 'HEAD_RELATION' });
    const badNumber = await h.request(CORRECT, { i: { personId: child.id, expectedVersion: 2, idNumber: newNumber.slice(0, 17) + (newNumber[17] === '1' ? '2' : '1'), reason: '误录' } }, caseworker());
    expect(badNumber.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.idNumber', reason: 'CHECK_CHARACTER' });
    for (const as of [caseworker(OTHER_T), officer('EDUCATION'), assistant(V), { role: 'analyst' } as TokenAs, { role: 'auditor' } as TokenAs]) {
      const refused = await h.request(CORRECT, { i: { personId: child.id, expectedVersion: 2, name: '张三', reason: '越权' } }, as);
      expect({ as, code: refused.errors?.[0]?.extensions?.code }).toEqual({ as, code: 'FORBIDDEN' });
    }
    expect(await counts()).toEqual(before);
    const stored = await h.db.getRepository(Person).findOneByOrFail({ id: child.id });
    expect([stored.name, stored.version]).toEqual(['李小宇', 2]);
    const byOfficer = await h.request(CORRECT, { i: { personId: child.id, expectedVersion: 2, phone: null, reason: '号码停用' } }, officer('CIVIL_AFFAIRS'));
    expect(byOfficer.errors).toBeUndefined();
    expect(byOfficer.data.correctPerson).toMatchObject({ version: 3, phone: null });
  });

  it('of concurrent corrections made on one version exactly one applies; the others get CONFLICT STALE_VERSION', async () => {
    const hh = await register(family());
    const p = hh.members[1];
    const out = await runConcurrently(h, {
      mutation: CORRECT, field: 'correctPerson', n: 20, as: caseworker(),
      variables: (i) => ({ i: { personId: p.id, expectedVersion: 1, name: `王秀${'一二三四五六七八九十'[i % 10]}${i}`, reason: '并发更正' } }),
      expect: { succeed: 1, conflictReasons: ['STALE_VERSION'] },
    });
    const stored = await h.db.getRepository(Person).findOneByOrFail({ id: p.id });
    expect(stored.version).toBe(2);
    expect(stored.name).toBe(out.successes[0].data.name);
    const entries = await h.db.getRepository(RegistryChange).findBy({ personId: p.id, action: 'PERSON_CORRECTED' as any });
    expect(entries).toHaveLength(1);
    expect(JSON.parse(entries[0].changes)).toEqual({ name: ['王秀梅', stored.name] });
  });

  it('recordPersonStatus records a death with its date and source; a future date or one before birth is BAD_USER_INPUT', async () => {
    const hh = await register(family());
    const head = hh.members[0];
    const future = await h.request(STATUS, { i: { personId: head.id, status: 'DECEASED', date: addCalendarDays(todayInChina(), 1), source: 'HOSPITAL' } }, caseworker());
    expect(future.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.date', reason: 'DATE_OUT_OF_RANGE' });
    const beforeBirth = await h.request(STATUS, { i: { personId: head.id, status: 'DECEASED', date: '1975-03-13', source: 'HOSPITAL' } }, caseworker());
    expect(beforeBirth.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.date', reason: 'BEFORE_BIRTH' });
    const badDate = await h.request(STATUS, { i: { personId: head.id, status: 'DECEASED', date: '2025-02-30', source: 'HOSPITAL' } }, caseworker());
    expect(badDate.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.date' });
    const other = await h.request(STATUS, { i: { personId: head.id, status: 'DECEASED', date: '2025-10-01', source: 'HOSPITAL' } }, caseworker(OTHER_T));
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await h.db.getRepository(Person).findOneByOrFail({ id: head.id })).status).toBe('ACTIVE');

    const r = await h.request(STATUS, { i: { personId: head.id, status: 'DECEASED', date: '2025-10-01', source: 'HOSPITAL', reason: '死亡医学证明' } }, caseworker());
    expect(r.errors).toBeUndefined();
    expect(r.data.recordPersonStatus).toEqual({ id: head.id, version: 2, status: 'DECEASED', statusDate: '2025-10-01', statusSource: 'HOSPITAL' });
    const hist = await h.request(HISTORY, { id: head.id }, caseworker());
    const [latest] = hist.data.person.history.edges.map((e: any) => e.node);
    expect(latest).toMatchObject({ action: 'STATUS_RECORDED', personVersion: 2, reason: '死亡医学证明' });
    expect(latest.changes).toEqual([
      { field: 'status', before: 'ACTIVE', after: 'DECEASED', withheld: false },
      { field: 'statusDate', before: null, after: '2025-10-01', withheld: false },
      { field: 'statusSource', before: null, after: 'HOSPITAL', withheld: false },
    ]);
    const twice = await h.request(STATUS, { i: { personId: head.id, status: 'MOVED_AWAY', date: '2025-10-02', source: 'POLICE' } }, caseworker());
    expect(twice.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'PERSON_NOT_ACTIVE' });
    const moved = await h.request(STATUS, { i: { personId: hh.members[1].id, status: 'MOVED_AWAY', date: '2025-09-15', source: 'VILLAGE_COMMITTEE', expectedVersion: 1 } }, officer('CIVIL_AFFAIRS'));
    expect(moved.data.recordPersonStatus).toMatchObject({ status: 'MOVED_AWAY', statusSource: 'VILLAGE_COMMITTEE', version: 2 });
  });

  it('shows the history to caseworkers in scope, civil-affairs officers and auditors, never an identifier the role cannot see on Person; FORBIDDEN to other departments and analysts', async () => {
    const hh = await register(family());
    const head = hh.members[0];
    await h.request(CORRECT, { i: { personId: head.id, expectedVersion: 1, phone: '13800000000', reason: '换号' } }, caseworker());
    const ofPhone = (r: any) => r.data.person.history.edges[0].node.changes.find((c: any) => c.field === 'phone');
    const cw = await h.request(HISTORY, { id: head.id }, caseworker());
    expect(ofPhone(cw)).toEqual({ field: 'phone', before: '13905321234', after: '13800000000', withheld: false });
    const auditor = await h.request(HISTORY, { id: head.id }, { role: 'auditor' });
    expect(ofPhone(auditor)).toEqual({ field: 'phone', before: '13905321234', after: '13800000000', withheld: false });
    // a civil-affairs officer sees the history, but no phone (as on Person.phone, FORBIDDEN to department officers)
    const ca = await h.request(HISTORY, { id: head.id }, officer('CIVIL_AFFAIRS'));
    expect(ca.errors).toBeUndefined();
    expect(ofPhone(ca)).toEqual({ field: 'phone', before: null, after: null, withheld: true });
    const registered = ca.data.person.history.edges[1].node.changes;
    expect(registered.find((c: any) => c.field === 'idNumber')).toEqual({ field: 'idNumber', before: null, after: head.idNumber, withheld: false });
    expect(registered.find((c: any) => c.field === 'phone')).toEqual({ field: 'phone', before: null, after: null, withheld: true });
    const phoneOnPerson = await h.request(`query($id: ID!) { person(id: $id) { phone } }`, { id: head.id }, officer('CIVIL_AFFAIRS'));
    expect(phoneOnPerson.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    for (const as of [officer('EDUCATION'), { role: 'analyst' } as TokenAs]) {
      const r = await h.request(`query($id: ID!) { person(id: $id) { id history { totalCount } } }`, { id: head.id }, as);
      expect({ as, person: r.data?.person?.id, code: r.errors?.[0]?.extensions?.code, path: r.errors?.[0]?.path }).toEqual({ as, person: head.id, code: 'FORBIDDEN', path: ['person', 'history'] });
    }
    const hhAnalyst = await h.request(`query($id: ID!) { household(id: $id) { id history { totalCount } } }`, { id: hh.id }, { role: 'analyst' });
    expect(hhAnalyst.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // a village assistant of the village sees the person but not the history (department.record: omitted for it)
    const va = await h.request(`query($id: ID!) { person(id: $id) { id history { totalCount } } }`, { id: head.id }, assistant(V));
    expect(va.errors).toBeUndefined();
    expect(va.data.person).toEqual({ id: head.id, history: null });
    // another township's person answers as no one (null, as an unknown id)
    const outOfScope = await h.request(HISTORY, { id: head.id }, caseworker(OTHER_T));
    expect(outOfScope.errors).toBeUndefined();
    expect(outOfScope.data.person).toBeNull();
  });

  it('answers ids that are not UUIDs and unknown ids with BAD_USER_INPUT / NOT_FOUND, never a 500', async () => {
    const bad = await h.request(REMOVE, { i: { personId: 'not-a-uuid', reason: '分户' } }, caseworker());
    expect(bad.status).toBeLessThan(500);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'BAD_ID' });
    const add = await h.request(ADD, { i: { householdId: 'x', member: { name: '张三', idNumber: idNumber('2001-01-01'), relationToHead: 'CHILD' } } }, caseworker());
    expect(add.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'BAD_ID' });
    const unknown = await h.request(CORRECT, { i: { personId: '0a1b2c3d-0000-4000-8000-00000000beef', expectedVersion: 1, name: '张三', reason: '更正' } }, caseworker());
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const stranger = await h.request(CORRECT, { i: { personId: '0a1b2c3d-0000-4000-8000-00000000beef', expectedVersion: 1, name: '张三', reason: '更正' } }, officer('EDUCATION'));
    expect(stranger.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it("runs the README's example operations register-household and correct-person", async () => {
    const input = { ...family(), idempotencyKey: `example-${kind}-0001` };
    const r = await h.request(operation('register-household'), { input }, caseworker());
    expect(r.errors).toBeUndefined();
    const hh = r.data.registerHousehold;
    expect(hh.version).toBe(1);
    expect(hh.members.map((m: any) => [m.name, m.gender, m.birthDate, m.relationToHead, m.version])).toEqual([
      ['李建国', 'MALE', '1975-03-14', 'HEAD', 1], ['王秀梅', 'FEMALE', '1977-08-02', 'SPOUSE', 1], ['李小雨', 'FEMALE', '2012-11-30', 'CHILD', 1],
    ]);
    const retry = await h.request(operation('register-household'), { input }, caseworker());
    expect(retry.data.registerHousehold.id).toBe(hh.id);
    const c = await h.request(operation('correct-person'), { input: { personId: hh.members[1].id, expectedVersion: 1, name: '王秀美', reason: '户口簿为准' } }, caseworker());
    expect(c.errors).toBeUndefined();
    expect(c.data.correctPerson).toMatchObject({ version: 2, name: '王秀美', birthDate: '1977-08-02', gender: 'FEMALE' });
    expect(c.data.correctPerson.history.totalCount).toBe(2);
    expect(c.data.correctPerson.history.edges.map((e: any) => e.node.action)).toEqual(['PERSON_CORRECTED', 'PERSON_REGISTERED']);
    expect(c.data.correctPerson.history.edges[0].node).toMatchObject({ by: 'test-caseworker', role: 'caseworker', reason: '户口簿为准', changes: [{ field: 'name', before: '王秀梅', after: '王秀美', withheld: false }] });
  });
});
