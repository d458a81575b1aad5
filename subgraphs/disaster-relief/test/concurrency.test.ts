import { disasterRelief } from '../src/subgraph';
import { DisasterEvent } from '../src/modules/disaster-event/disaster-event.entity';
import { DisasterAssessment } from '../src/modules/disaster-assessment/disaster-assessment.entity';
import { DisasterRelief } from '../src/modules/disaster-relief/disaster-relief.entity';
import { staticPersonRegistry } from '@aidgraph/subgraph-kit';
import { generatePopulation } from '@aidgraph/population';
import {
  assertIdempotentCreation, runConcurrently, startSubgraphHarness, testDatabaseKinds, type SubgraphHarness,
} from '@aidgraph/subgraph-kit/testing';

const SEED = 'disaster-relief-concurrency';
const SIZE = 300;
/**
 * households with an active head and at least 3 active members (the assessments below count 3 people affected, which
 * the registry household must have), in generation order (the seed assesses none of them: no demo event hit their township)
 */
const households = generatePopulation({ seed: SEED, size: SIZE }).households.filter(
  (h) => h.members.some((m) => m.id === h.headId && m.status === 'ACTIVE') && h.members.filter((m) => m.status === 'ACTIVE').length >= 3,
);
const OFFICER = { role: 'department_officer' as const, department: 'EMERGENCY_MANAGEMENT' };
const OTHER_OFFICER = { ...OFFICER, subject: 'test-other-emergency-officer' };
const RECORD_EVENT = `mutation($i: RecordDisasterEventInput!) { recordDisasterEvent(input: $i) { id } }`;
const CORRECT_EVENT = `mutation($i: CorrectDisasterEventInput!) { correctDisasterEvent(input: $i) { id } }`;
const ASSESS = `mutation($i: AssessDisasterHouseholdInput!) { assessDisasterHousehold(input: $i) { id } }`;
const CORRECT_ASSESSMENT = `mutation($i: CorrectDisasterAssessmentInput!) { correctDisasterAssessment(input: $i) { id } }`;
const GRANT = `mutation($i: GrantDisasterReliefInput!) { grantDisasterRelief(input: $i) { id } }`;
const CORRECT_RELIEF = `mutation($i: CorrectDisasterReliefInput!) { correctDisasterRelief(input: $i) { id status } }`;
const ALL_TOWNSHIPS = ['370281001', '370281002', '370281004', '370281006', '370281007', '370281008', '370281009', '370281010', '370281102', '370281105', '370281108', '370281111', '370281400', '370281401'];

describe.each(testDatabaseKinds())('disaster-relief write races on %s', (kind) => {
  let h: SubgraphHarness;
  let eventId: string;
  beforeAll(async () => {
    h = await startSubgraphHarness(disasterRelief, kind, { seedSize: SIZE, seed: SEED });
    const r = await h.request(RECORD_EVENT, { i: { name: `并发测试全市暴雨-${kind}`, hazardType: 'FLOOD', startDate: '2025-07-01', affectedTownshipCodes: ALL_TOWNSHIPS } }, OFFICER);
    eventId = r.data.recordDisasterEvent.id;
  });
  afterAll(() => h?.close());

  const endDate = (i: number) => new Date(Date.UTC(2025, 7, 1 + i)).toISOString().slice(0, 10);
  const count = async (table: string, where: string) => Number((await h.db.query(`SELECT COUNT(*) AS n FROM ${table} WHERE ${where}`))[0].n);
  const assessInput = (hh: (typeof households)[number], damageLevel = 'COLLAPSED') => ({
    eventId, householdId: hh.id, townshipCode: hh.townshipCode, damageLevel, peopleAffected: 3, assessedOn: '2025-07-03',
  });
  const grantInput = (hh: (typeof households)[number], reliefType = 'EMERGENCY_LIVING', amount = '900') => ({
    eventId, householdId: hh.id, personId: hh.headId, reliefType, amount, grantedOn: '2025-07-05',
    ...(reliefType === 'TRANSITIONAL' ? { periodStart: '2025-07-05', periodEnd: '2025-09-30' } : {}),
  });
  const assessed = async (hh: (typeof households)[number], damageLevel = 'COLLAPSED') => (await h.request(ASSESS, { i: assessInput(hh, damageLevel) }, OFFICER)).data.assessDisasterHousehold.id as string;

  it('recordDisasterEvent: of 50 concurrent identical events exactly one is recorded, the others get DUPLICATE_EVENT', async () => {
    await runConcurrently(h, {
      mutation: RECORD_EVENT, field: 'recordDisasterEvent', as: OFFICER,
      variables: () => ({ i: { name: `并发冰雹-${kind}`, hazardType: 'HAIL', startDate: '2025-05-01', affectedTownshipCodes: ['370281008'] } }),
      expect: { succeed: 1, conflictReasons: ['DUPLICATE_EVENT'], records: { count: () => count('disaster_event', `name = '并发冰雹-${kind}'`), equals: 1 } },
    });
  });

  it('recordDisasterEvent takes an idempotency key: a retry returns the first event, 50 concurrent calls create one', async () => {
    await assertIdempotentCreation(h, {
      mutation: RECORD_EVENT, field: 'recordDisasterEvent', as: OFFICER, other: OTHER_OFFICER,
      variables: (variant, key) => ({ i: { name: `幂等事件-${kind}-${variant}-${key.slice(-1)}`, hazardType: 'DROUGHT', startDate: '2025-04-01', affectedTownshipCodes: ['370281105'], idempotencyKey: key } }),
      count: () => count('disaster_event', `"hazardType" = 'DROUGHT'`),
    });
  });

  it('correctDisasterEvent: 50 concurrent corrections of the end date all apply, one after the other, none lost', async () => {
    await runConcurrently(h, {
      mutation: CORRECT_EVENT, field: 'correctDisasterEvent', as: OFFICER,
      variables: (i) => ({ i: { id: eventId, endDate: endDate(i) } }),
      expect: {
        succeed: 'all',
        chain: { entity: 'DisasterEvent', key: eventId, sets: (i) => ({ endDate: endDate(i) }), stored: async () => ({ endDate: (await h.db.getRepository(DisasterEvent).findOneByOrFail({ id: eventId })).endDate }) },
      },
    });
  });

  it('assessDisasterHousehold: of 50 concurrent identical assessments exactly one is recorded, the others get DUPLICATE_ASSESSMENT', async () => {
    const hh = households[0];
    await runConcurrently(h, {
      mutation: ASSESS, field: 'assessDisasterHousehold', as: OFFICER, variables: () => ({ i: assessInput(hh) }),
      expect: { succeed: 1, conflictReasons: ['DUPLICATE_ASSESSMENT'], records: { count: () => count('disaster_assessment', `"householdId" = '${hh.id}'`), equals: 1 } },
    });
  });

  it('assessDisasterHousehold takes an idempotency key: a retry returns the first assessment, 50 concurrent calls create one', async () => {
    const hs = households.slice(1, 4);
    await assertIdempotentCreation(h, {
      mutation: ASSESS, field: 'assessDisasterHousehold', as: OFFICER, other: OTHER_OFFICER,
      variables: (variant, key) => ({ i: { ...assessInput(hs[variant]), idempotencyKey: key } }),
      count: () => count('disaster_assessment', `"householdId" IN ('${hs.map((x) => x.id).join("','")}')`),
    });
  });

  it('correctDisasterAssessment: 25 concurrent corrections to different numbers of people affected (1-30) all apply, one after the other, none lost', async () => {
    const id = await assessed(households[4]);
    // up to 28 people affected: the registry answers a household of 30 active members for this test
    const before = h.registry;
    const big = h.registryHouseholds.map((x) => x.id !== households[4].id ? x : {
      ...x, size: 30, members: [...x.members, ...Array.from({ length: 30 - x.size }, (_, k) => ({ id: `99999999-0000-4000-8000-${String(k).padStart(12, '0')}`, status: 'ACTIVE', statusDate: null }))],
    });
    h.setRegistry(staticPersonRegistry(h.registryPeople, big));
    try {
      await runConcurrently(h, {
        mutation: CORRECT_ASSESSMENT, field: 'correctDisasterAssessment', as: OFFICER, n: 25,
        variables: (i) => ({ i: { id, peopleAffected: 4 + i } }),
        expect: {
          succeed: 'all',
          chain: { entity: 'DisasterAssessment', key: id, sets: (i) => ({ peopleAffected: 4 + i }), stored: async () => ({ peopleAffected: (await h.db.getRepository(DisasterAssessment).findOneByOrFail({ id })).peopleAffected }) },
        },
      });
    } finally {
      h.setRegistry(before);
    }
  });

  it('grantDisasterRelief: of 50 concurrent identical grants exactly one is recorded, the others get DUPLICATE_RELIEF', async () => {
    const hh = households[5];
    await assessed(hh);
    await runConcurrently(h, {
      mutation: GRANT, field: 'grantDisasterRelief', as: OFFICER, variables: () => ({ i: grantInput(hh) }),
      expect: { succeed: 1, conflictReasons: ['DUPLICATE_RELIEF'], records: { count: () => count('disaster_relief', `"householdId" = '${hh.id}'`), equals: 1 } },
    });
  });

  it('grantDisasterRelief takes an idempotency key: a retry returns the first grant, a different payload is CONFLICT, 50 concurrent calls create one', async () => {
    const hh = households[6];
    await assessed(hh);
    const types: [string, string][] = [['EMERGENCY_LIVING', '900'], ['HOUSE_REBUILD', '30000'], ['TRANSITIONAL', '5400']];
    await assertIdempotentCreation(h, {
      mutation: GRANT, field: 'grantDisasterRelief', as: OFFICER, other: OTHER_OFFICER,
      variables: (variant, key) => ({ i: { ...grantInput(hh, ...types[variant]), idempotencyKey: key } }),
      count: () => count('disaster_relief', `"householdId" = '${hh.id}'`),
    });
  });

  it('a grant racing a downgrade of its assessment: the household lock orders them, and no grant stands without its ground', async () => {
    const hh = households[7];
    const id = await assessed(hh);
    const [grant, downgrade] = await Promise.all([
      h.request(GRANT, { i: grantInput(hh, 'HOUSE_REBUILD', '30000') }, OFFICER),
      h.request(CORRECT_ASSESSMENT, { i: { id, damageLevel: 'GENERALLY_DAMAGED' } }, OFFICER),
    ]);
    const a = await h.db.getRepository(DisasterAssessment).findOneByOrFail({ id });
    const standing = await h.db.getRepository(DisasterRelief).countBy({ householdId: hh.id, reliefType: 'HOUSE_REBUILD' as never });
    if (grant.errors) {
      expect([grant.errors[0].extensions?.reason, downgrade.errors, a.damageLevel, standing]).toEqual(['NOT_ELIGIBLE', undefined, 'GENERALLY_DAMAGED', 0]);
    } else {
      expect([downgrade.errors?.[0].extensions?.reason, a.damageLevel, standing]).toEqual(['RELIEF_STANDS', 'COLLAPSED', 1]);
    }
  });

  it('correctDisasterRelief: 50 concurrent corrections to different amounts all apply, one after the other, none lost', async () => {
    const hh = households[8];
    await assessed(hh);
    const id = (await h.request(GRANT, { i: grantInput(hh) }, OFFICER)).data.grantDisasterRelief.id;
    await runConcurrently(h, {
      mutation: CORRECT_RELIEF, field: 'correctDisasterRelief', as: OFFICER,
      variables: (i) => ({ i: { id, amount: `${500 + i}.00` } }),
      expect: {
        succeed: 'all',
        chain: { entity: 'DisasterRelief', key: id, sets: (i) => ({ amount: `${500 + i}.00` }), stored: async () => ({ amount: (await h.db.getRepository(DisasterRelief).findOneByOrFail({ id })).amount }) },
      },
    });
  });

  it('correctDisasterRelief: of 50 concurrent reinstatements of two revoked grants of one type, exactly one stands', async () => {
    const hh = households[9];
    await assessed(hh);
    const first = (await h.request(GRANT, { i: grantInput(hh) }, OFFICER)).data.grantDisasterRelief.id;
    await h.request(CORRECT_RELIEF, { i: { id: first, status: 'REVOKED' } }, OFFICER);
    const second = (await h.request(GRANT, { i: grantInput(hh) }, OFFICER)).data.grantDisasterRelief.id;
    await h.request(CORRECT_RELIEF, { i: { id: second, status: 'REVOKED' } }, OFFICER);
    await runConcurrently(h, {
      mutation: CORRECT_RELIEF, field: 'correctDisasterRelief', as: OFFICER,
      variables: (i) => ({ i: { id: i % 2 ? first : second, status: 'GRANTED' } }),
      // the calls for the grant reinstated first all succeed (the first changes it, the others find it standing); the others are refused
      expect: { succeed: 25, conflictReasons: ['DUPLICATE_RELIEF'] },
    });
    expect(await count('disaster_relief', `"householdId" = '${hh.id}' AND status <> 'REVOKED'`)).toBe(1);
  });
});
