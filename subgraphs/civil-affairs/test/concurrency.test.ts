import { civilAffairs } from '../src/subgraph';
import { Enrolment } from '../src/modules/enrolment/enrolment.entity';
import { makeIdNumber } from '@aidgraph/subgraph-kit';
import { generatePopulation, generateVillages } from '@aidgraph/population';
import { Household } from '../src/modules/household/household.entity';
import { Person } from '../src/modules/person/person.entity';
import {
  assertIdempotentCreation, runConcurrently, startSubgraphHarness, testDatabaseKinds, type SubgraphHarness,
} from '@aidgraph/subgraph-kit/testing';

/** The kit's concurrency harness on every civil-affairs mutation: 50 calls at once against one record (issue 14 items 5, 6). */
const SEED = 'civil-affairs-concurrency';
const SIZE = 200;
const free = generatePopulation({ seed: SEED, size: SIZE }).households.flatMap((h) => h.members).filter((p) => p.status === 'ACTIVE' && p.enrolments.length === 0);
const RECORD = `mutation($i: RecordEnrolmentInput!) { recordEnrolment(input: $i) { id status endDate } }`;
const END = `mutation($i: EndEnrolmentInput!) { endEnrolment(input: $i) { id status endDate } }`;
const caseworker = (p: (typeof free)[number], subject?: string) => ({ role: 'caseworker' as const, township: p.townshipCode, ...(subject ? { subject } : {}) });

describe.each(testDatabaseKinds())('civil-affairs mutations under concurrency on %s', (kind) => {
  let h: SubgraphHarness;
  beforeAll(async () => {
    // 50 concurrent conflicts of one caller: above the per-hour bound of ID_NUMBER_REGISTERED refusals (tested in registry.test.ts)
    h = await startSubgraphHarness(civilAffairs, kind, { seedSize: SIZE, seed: SEED, env: { REGISTRY_CONFLICTS_PER_HOUR: '1000' } });
  });
  afterAll(() => h?.close());

  const enrolmentsOf = (personId: string) => h.db.getRepository(Enrolment).countBy({ personId });

  it('recordEnrolment: of 50 concurrent DIBAO enrolments of one person exactly one is recorded (ALREADY_ENROLLED)', async () => {
    const p = free[0];
    await runConcurrently(h, {
      mutation: RECORD, field: 'recordEnrolment', as: caseworker(p),
      variables: (i) => ({ i: { personId: p.id, programme: 'DIBAO', startDate: '2026-01-01', amount: `${300 + (i % 5)}.00` } }),
      expect: { succeed: 1, conflictReasons: ['ALREADY_ENROLLED'], records: { count: () => enrolmentsOf(p.id), equals: 1 } },
    });
  });

  it('endEnrolment: of 50 concurrent ends with different dates exactly one applies (ALREADY_ENDED), and it is the one stored', async () => {
    const p = free[1];
    const id = (await h.request(RECORD, { i: { personId: p.id, programme: 'DIBAO', startDate: '2026-01-01', amount: '300.00' } }, caseworker(p))).data.recordEnrolment.id;
    const endDate = (i: number) => `2026-${String(2 + (i % 10)).padStart(2, '0')}-${String(1 + Math.floor(i / 10)).padStart(2, '0')}`;
    const out = await runConcurrently(h, {
      mutation: END, field: 'endEnrolment', as: caseworker(p), variables: (i) => ({ i: { enrolmentId: id, endDate: endDate(i) } }),
      expect: {
        succeed: 1, conflictReasons: ['ALREADY_ENDED'],
        chain: {
          entity: 'Enrolment', key: id, sets: (i) => ({ status: 'ENDED', endDate: endDate(i) }),
          stored: async () => {
            const e = await h.db.getRepository(Enrolment).findOneByOrFail({ id });
            return { status: e.status, endDate: e.endDate, amount: e.amount };
          },
        },
      },
    });
    const stored = await h.db.getRepository(Enrolment).findOneByOrFail({ id });
    expect(stored.endDate).toBe(out.successes[0].data.endDate);
  });

  it('recordEnrolment takes an idempotency key: a retry returns the first enrolment, a different payload is CONFLICT, 50 concurrent calls create one', async () => {
    const p = free[2];
    await assertIdempotentCreation(h, {
      mutation: RECORD, field: 'recordEnrolment', as: caseworker(p), other: caseworker(p, 'test-other-caseworker'),
      // alice of this township's key replayed by alice of another township or as an education officer: FORBIDDEN;
      // by alice as a civil-affairs officer (who may record it): a new enrolment of her own
      sameSubject: {
        forbidden: [{ role: 'caseworker', township: p.townshipCode === '370281001' ? '370281002' : '370281001' }, { role: 'department_officer', department: 'EDUCATION' }],
        mayWrite: [{ role: 'department_officer', department: 'CIVIL_AFFAIRS' }],
      },
      // temporary assistance (临时救助) may be given to one person more than once
      variables: (variant, key) => ({ i: { personId: p.id, programme: 'TEMPORARY', startDate: `2026-0${variant + 3}-01`, amount: `${500 + 100 * variant}.00`, idempotencyKey: key } }),
      count: () => enrolmentsOf(p.id),
    });
  });

  // the registry (issue 8 item 1)
  const village = generateVillages(SEED).find((v) => v.townshipCode === free[0].townshipCode)!.code;
  let seq = 1;
  const newNumber = (birthDate: string) => makeIdNumber('370211', birthDate, 2 * seq++ + 1);
  const REGISTER = `mutation($i: RegisterHouseholdInput!) { registerHousehold(input: $i) { id members { id } } }`;
  const household = (numbers: string[]) => ({
    townshipCode: village.slice(0, 9), villageCode: village,
    members: numbers.map((n, k) => ({ name: `张${'甲乙丙'[k]}`, idNumber: n, relationToHead: k === 0 ? 'HEAD' : 'CHILD' })),
  });
  const cw = { role: 'caseworker' as const, township: village.slice(0, 9) };

  it('registerHousehold: of 50 concurrent registrations of one ID number (different keys) exactly one household is created (ID_NUMBER_REGISTERED)', async () => {
    const shared = newNumber('1960-01-01');
    const before = await h.db.getRepository(Household).count();
    await runConcurrently(h, {
      mutation: REGISTER, field: 'registerHousehold', as: cw,
      variables: (i) => ({ i: { ...household([shared, newNumber('1990-02-02')]), idempotencyKey: `register-same-number-${kind}-${i}` } }),
      expect: { succeed: 1, conflictReasons: ['ID_NUMBER_REGISTERED'], records: { count: () => h.db.getRepository(Household).count(), equals: before + 1 } },
    });
    expect(await h.db.getRepository(Person).countBy({ idNumber: shared })).toBe(1);
  });

  it('addHouseholdMember, removeHouseholdMember and recordPersonStatus: of 50 concurrent calls on one record exactly one applies', async () => {
    const hh = (await h.request(REGISTER, { i: household([newNumber('1961-01-01'), newNumber('1991-01-01')]) }, cw)).data.registerHousehold;
    const shared = newNumber('2020-03-03');
    await runConcurrently(h, {
      mutation: `mutation($i: AddHouseholdMemberInput!) { addHouseholdMember(input: $i) { id } }`, field: 'addHouseholdMember', as: cw,
      variables: () => ({ i: { householdId: hh.id, member: { name: '张丁', idNumber: shared, relationToHead: 'CHILD' } } }),
      expect: { succeed: 1, conflictReasons: ['ID_NUMBER_REGISTERED'], records: { count: () => h.db.getRepository(Person).countBy({ householdId: hh.id }), equals: 3 } },
    });
    expect((await h.db.getRepository(Household).findOneByOrFail({ id: hh.id })).version).toBe(2);
    await runConcurrently(h, {
      mutation: `mutation($i: RemoveHouseholdMemberInput!) { removeHouseholdMember(input: $i) { id } }`, field: 'removeHouseholdMember', as: cw,
      variables: () => ({ i: { personId: hh.members[1].id, reason: '分户' } }),
      expect: { succeed: 1, conflictReasons: ['NOT_IN_HOUSEHOLD'], records: { count: () => h.db.getRepository(Person).countBy({ householdId: hh.id }), equals: 2 } },
    });
    expect((await h.db.getRepository(Household).findOneByOrFail({ id: hh.id })).version).toBe(3);
    await runConcurrently(h, {
      mutation: `mutation($i: RecordPersonStatusInput!) { recordPersonStatus(input: $i) { id } }`, field: 'recordPersonStatus', as: cw,
      variables: (i) => ({ i: { personId: hh.members[0].id, status: i % 2 ? 'DECEASED' : 'MOVED_AWAY', date: `2025-0${1 + (i % 9)}-10`, source: 'FAMILY' } }),
      expect: { succeed: 1, conflictReasons: ['PERSON_NOT_ACTIVE'] },
    });
    expect((await h.db.getRepository(Person).findOneByOrFail({ id: hh.members[0].id })).version).toBe(2);
  });

  it('correctPerson: of 50 concurrent corrections made on one version exactly one applies (STALE_VERSION)', async () => {
    const hh = (await h.request(REGISTER, { i: household([newNumber('1962-01-01')]) }, cw)).data.registerHousehold;
    const out = await runConcurrently(h, {
      mutation: `mutation($i: CorrectPersonInput!) { correctPerson(input: $i) { id name } }`, field: 'correctPerson', as: cw,
      variables: (i) => ({ i: { personId: hh.members[0].id, expectedVersion: 1, name: `张${i}`, reason: '更正' } }),
      expect: { succeed: 1, conflictReasons: ['STALE_VERSION'] },
    });
    const p = await h.db.getRepository(Person).findOneByOrFail({ id: hh.members[0].id });
    expect([p.name, p.version]).toEqual([out.successes[0].data.name, 2]);
  });
});
