import { education } from '../src/subgraph';
import { startSubgraphHarness, testDatabaseKinds, type SubgraphHarness } from '@aidgraph/subgraph-kit/testing';

/**
 * Education aid recipients are noticed at their school (公示), so an aid record is a quasi-identifier (class
 * quasi.programme): analysts get no Person.educationAids and may only count the list (a bare totalCount).
 */
const SEED = 'education-analyst-test';
const SIZE = 1500;
const ANALYST = { role: 'analyst' as const };
const AUDITOR = { role: 'auditor' as const };
const OFFICER = { role: 'department_officer' as const, department: 'EDUCATION' };
const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { id educationAids { id academicYear } } } }`;

describe.each(testDatabaseKinds())('education aid for analysts on %s', (kind) => {
  let h: SubgraphHarness;
  let rows: { personId: string; townshipCode: string; academicYear: string }[];
  beforeAll(async () => {
    h = await startSubgraphHarness(education, kind, { seedSize: SIZE, seed: SEED });
    rows = await h.db.query('SELECT "personId", "townshipCode", "academicYear" FROM education_aid');
  });
  afterAll(() => h?.close());

  it('refuses analysts the rows or cursors of educationAids, whatever the filter', async () => {
    expect(rows.length).toBeGreaterThan(5);
    for (const q of [
      `{ educationAids(first: 5) { totalCount edges { node { id } } } }`,
      `{ educationAids { pageInfo { endCursor } } }`,
      `{ educationAids(filter: { academicYear: "${rows[0].academicYear}" }) { ...F } } fragment F on EducationAidConnection { edges { cursor } }`,
    ]) {
      const r = await h.request(q, undefined, ANALYST);
      expect({ q, data: r.data?.educationAids ?? null, code: r.errors?.[0]?.extensions?.code }).toEqual({ q, data: null, code: 'FORBIDDEN' });
      expect(r.errors![0].message).toContain('may count the records of educationAids (select only totalCount) but not list them');
    }
  });

  it('answers analysts a bare count as null whatever the count, the auditor the records\' count', async () => {
    const year = rows[0].academicYear;
    const township = rows[0].townshipCode;
    for (const [filter, expected] of [
      ['', rows.length],
      [`(filter: { academicYear: "${year}" })`, rows.filter((x) => x.academicYear === year).length],
      [`(filter: { townshipCode: "${township}", academicYear: "${year}" })`, rows.filter((x) => x.academicYear === year && x.townshipCode === township).length],
    ] as const) {
      const q = `{ educationAids${filter} { totalCount __typename } }`;
      const analyst = await h.request(q, undefined, ANALYST);
      const auditor = await h.request(q, undefined, AUDITOR);
      expect(analyst.errors).toBeUndefined();
      // a count-only count is null for analysts whatever it is (counts come from educationStatistics)
      expect({ filter, n: analyst.data.educationAids.totalCount }).toEqual({ filter, n: null });
      expect(auditor.data.educationAids.totalCount).toBe(expected);
    }
    // a malformed filter is still BAD_USER_INPUT
    const bad = await h.request(`{ educationAids(filter: { academicYear: "2025" }) { totalCount } }`, undefined, ANALYST);
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('gives analysts an empty Person.educationAids, and other roles the records as before', async () => {
    const aided = [...new Set(rows.map((r) => r.personId))].slice(0, 5);
    const reps = aided.map((id) => ({ __typename: 'Person', id }));
    const n = (id: string) => rows.filter((r) => r.personId === id).length;
    const analyst = await h.request(ENTITIES, { r: reps }, ANALYST);
    expect(analyst.errors).toBeUndefined();
    expect(analyst.data._entities).toEqual(aided.map((id) => ({ id, educationAids: [] })));
    for (const as of [AUDITOR, OFFICER, { role: 'department_officer' as const, department: 'CIVIL_AFFAIRS' }]) {
      const r = await h.request(ENTITIES, { r: reps }, as);
      expect({ as, counts: r.data._entities.map((e: any) => e.educationAids.length) }).toEqual({ as, counts: aided.map(n) });
    }
    const t = rows.find((r) => r.personId === aided[0])!.townshipCode;
    const cw = await h.request(ENTITIES, { r: reps.slice(0, 1) }, { role: 'caseworker', township: t });
    expect(cw.data._entities[0].educationAids.length).toBe(rows.filter((r) => r.personId === aided[0] && r.townshipCode === t).length);
    expect(cw.data._entities[0].educationAids.length).toBeGreaterThan(0);
  });

  it('lists the rows to other roles as before', async () => {
    for (const as of [AUDITOR, OFFICER, { role: 'caseworker' as const, township: rows[0].townshipCode }]) {
      const r = await h.request(`{ educationAids(first: 3) { totalCount edges { node { id } } } }`, undefined, as);
      expect(r.errors).toBeUndefined();
      expect(r.data.educationAids.edges.length).toBe(Math.min(3, r.data.educationAids.totalCount));
      expect(r.data.educationAids.totalCount).toBeGreaterThan(0);
    }
  });
});
