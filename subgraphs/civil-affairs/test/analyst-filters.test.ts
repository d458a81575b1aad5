import { civilAffairs } from '../src/subgraph';
import { generatePopulation } from '@aidgraph/population';
import { startSubgraphHarness, testDatabaseKinds, type SubgraphHarness } from '@aidgraph/subgraph-kit/testing';

/**
 * people's filters go through the kit's one filter check (assertFiltersAllowed): analysts may not filter by a field they
 * get as null (village, status, name) even for a bare count; programme and coveredGroup stay count-only; the township
 * filter stays. Auditors and civil-affairs officers keep every filter.
 */
const SEED = 'civil-affairs-analyst-filters';
const SIZE = 300;
const persons = generatePopulation({ seed: SEED, size: SIZE }).households.flatMap((h) => h.members);
const ANALYST = { role: 'analyst' as const };
const AUDITOR = { role: 'auditor' as const };
const CIVIL = { role: 'department_officer' as const, department: 'CIVIL_AFFAIRS' };

describe.each(testDatabaseKinds())('people filters for analysts on %s', (kind) => {
  let h: SubgraphHarness;
  beforeAll(async () => {
    h = await startSubgraphHarness(civilAffairs, kind, { seedSize: SIZE, seed: SEED });
  });
  afterAll(() => h?.close());

  const COUNT = `query($f: PersonFilter) { people(filter: $f) { totalCount } }`;
  const ROWS = `query($f: PersonFilter) { people(filter: $f, first: 5) { totalCount edges { node { id } } } }`;

  it('refuses analysts the village, status and name filters even for a bare count, and programme rows', async () => {
    const p = persons[0];
    for (const f of [{ villageCode: p.villageCode }, { status: 'ACTIVE' }, { namePrefix: p.name.slice(0, 1) }]) {
      const r = await h.request(COUNT, { f }, ANALYST);
      expect({ f, code: r.errors?.[0].extensions?.code }).toEqual({ f, code: 'FORBIDDEN' });
      expect(r.data?.people ?? null).toBeNull();
    }
    const rows = await h.request(ROWS, { f: { programme: 'DIBAO' } }, ANALYST);
    expect(rows.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const ok = await h.request(COUNT, { f: { townshipCode: p.townshipCode } }, ANALYST);
    expect(ok.errors).toBeUndefined();
    expect(ok.data.people.totalCount).toBe(persons.filter((x) => x.townshipCode === p.townshipCode).length);
  });

  it('keeps the village filter for auditors and civil-affairs officers', async () => {
    const p = persons[0];
    for (const as of [AUDITOR, CIVIL]) {
      const r = await h.request(COUNT, { f: { villageCode: p.villageCode } }, as);
      expect(r.errors).toBeUndefined();
      expect(r.data.people.totalCount).toBe(persons.filter((x) => x.villageCode === p.villageCode).length);
    }
  });
});
