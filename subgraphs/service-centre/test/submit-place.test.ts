import { serviceCentre } from '../src/subgraph';
import { setTodayForTests as setToday } from '../src/modules/time-limit/today';
import { AssistanceApplication } from '../src/modules/application/application.entity';
import { generatePopulation, generateVillages } from '@aidgraph/population';
import { startSubgraphHarness, testDatabaseKinds, type SubgraphHarness } from '@aidgraph/subgraph-kit/testing';

/**
 * Where an application is filed (review of issue 8): the village is the applicant's village of registration, from the
 * registry (a caseworker cannot file it under another village, nor under one that does not exist), and the input's form
 * is checked before the registry is asked.
 */
const SEED = 'service-centre-submit-place';
const SIZE = 200;
const households = generatePopulation({ seed: SEED, size: SIZE }).households;
const villages = generateVillages(SEED);
const SUBMIT = `mutation($i: SubmitApplicationInput!) { submitApplication(input: $i) { id villageCode township { code } } }`;
const READ = `query($id: ID!) { application(id: $id) { id villageCode } }`;

describe.each(testDatabaseKinds())('submitApplication files under the applicant\'s village of registration on %s', (kind) => {
  let h: SubgraphHarness;
  let free: typeof households;
  beforeAll(async () => {
    h = await startSubgraphHarness(serviceCentre, kind, { seedSize: SIZE, seed: SEED });
    const seeded = new Set((await h.db.query('SELECT "applicantId" FROM assistance_application')).map((r: { applicantId: string }) => r.applicantId));
    // households whose adult applicant has no seeded application, in villages with a sibling village in the township
    free = households.filter(
      (x) => x.members.some((p) => p.status === 'ACTIVE' && p.age >= 18 && !seeded.has(p.id)) && villages.some((v) => v.townshipCode === x.townshipCode && v.code !== x.villageCode),
    );
  });
  afterAll(() => {
    setToday(null);
    return h?.close();
  });
  beforeEach(() => setToday('2026-03-02'));

  let next = 0;
  function family() {
    const hh = free[next++];
    const p = hh.members.find((x) => x.status === 'ACTIVE' && x.age >= 18)!;
    const sibling = villages.find((v) => v.townshipCode === hh.townshipCode && v.code !== hh.villageCode)!.code;
    return {
      hh, p, sibling,
      caseworker: { role: 'caseworker' as const, township: hh.townshipCode },
      input: { applicantId: p.id, townshipCode: hh.townshipCode, channel: 'WINDOW', commitment: { signedBy: 'APPLICANT' }, programmes: ['DIBAO'] },
    };
  }
  const count = () => h.db.getRepository(AssistanceApplication).count();

  it('refuses a village that is not the applicant\'s, or that does not exist (NOT_THE_PERSONS_VILLAGE), writing nothing', async () => {
    const f = family();
    const before = await count();
    for (const villageCode of [f.sibling, `${f.hh.townshipCode}999`]) {
      const r = await h.request(SUBMIT, { i: { ...f.input, villageCode } }, f.caseworker);
      expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.villageCode', reason: 'NOT_THE_PERSONS_VILLAGE' });
    }
    expect(await count()).toBe(before);
    // the wrong village's assistant therefore never sees it; the right one does
    const ok = await h.request(SUBMIT, { i: { ...f.input, villageCode: f.hh.villageCode } }, f.caseworker);
    expect(ok.errors).toBeUndefined();
    expect(ok.data.submitApplication.villageCode).toBe(f.hh.villageCode);
  });

  it('takes the village from the registry when none is given: the village\'s assistant sees the application, another village\'s does not', async () => {
    const f = family();
    const r = await h.request(SUBMIT, { i: f.input }, f.caseworker);
    expect(r.errors).toBeUndefined();
    expect(r.data.submitApplication).toMatchObject({ villageCode: f.hh.villageCode, township: { code: f.hh.townshipCode } });
    const id = r.data.submitApplication.id;
    expect((await h.request(READ, { id }, { role: 'village_assistant', village: f.hh.villageCode })).data.application).toEqual({ id, villageCode: f.hh.villageCode });
    expect((await h.request(READ, { id }, { role: 'village_assistant', village: f.sibling })).data.application).toBeNull();
  });

  it('refuses a village assistant submitting for a person of another village (FORBIDDEN), writing nothing', async () => {
    const f = family();
    const before = await count();
    const r = await h.request(SUBMIT, { i: { ...f.input, channel: 'VILLAGE_ASSISTANT' } }, { role: 'village_assistant', village: f.sibling });
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
    expect(await count()).toBe(before);
  });

  it('checks the input\'s form before asking the registry: a malformed township or village is its format error, not NOT_THE_PERSONS_TOWNSHIP', async () => {
    const f = family();
    const elsewhere = households.find((x) => x.townshipCode !== f.hh.townshipCode)!.members[0];
    const asked: string[][] = [];
    const registry = h.registry;
    h.setRegistry({ persons: (ids) => (asked.push(ids), registry.persons(ids)), households: registry.households?.bind(registry) });
    try {
      const cases: [Record<string, unknown>, string, string][] = [
        [{ townshipCode: '12' }, 'input.townshipCode', 'UNKNOWN_TOWNSHIP'],
        [{ villageCode: 'abc' }, 'input.villageCode', 'UNKNOWN_VILLAGE'],
        [{ villageCode: '370281999001' }, 'input.villageCode', 'UNKNOWN_VILLAGE'],
        [{ programmes: ['NOPE'] }, 'input.programmes[0]', 'UNKNOWN_PROGRAMME'],
        [{ householdId: 'x' }, 'input.householdId', 'BAD_ID'],
      ];
      for (const [extra, field, reason] of cases) {
        const r = await h.request(SUBMIT, { i: { ...f.input, applicantId: elsewhere.id, ...extra } }, f.caseworker);
        expect({ field, ext: r.errors?.[0]?.extensions }).toEqual({ field, ext: expect.objectContaining({ code: 'BAD_USER_INPUT', field, reason }) });
      }
      expect(asked).toEqual([]);
      // well-formed: then the registry decides (the applicant lives in another township)
      const r = await h.request(SUBMIT, { i: { ...f.input, applicantId: elsewhere.id } }, f.caseworker);
      expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.townshipCode', reason: 'NOT_THE_PERSONS_TOWNSHIP' });
    } finally {
      h.setRegistry(registry);
    }
  });
});
