import { education } from '../src/subgraph';
import { generatePopulation } from '@aidgraph/population';
import { pendingSchemaChanges, startSubgraphHarness, testDatabaseKinds, type SubgraphHarness } from '@aidgraph/subgraph-kit/testing';

const SEED = 'education-test';
const SIZE = 1500;
const persons = generatePopulation({ seed: SEED, size: SIZE }).households.flatMap((h) => h.members);
const OFFICER = { role: 'department_officer' as const, department: 'EDUCATION' };

describe.each(testDatabaseKinds())('education subgraph on %s', (kind) => {
  let h: SubgraphHarness;
  let aided: { personId: string; n: number }[];
  beforeAll(async () => {
    h = await startSubgraphHarness(education, kind, { seedSize: SIZE, seed: SEED });
    const rows: { personId: string }[] = await h.db.query('SELECT "personId" FROM education_aid');
    const counts = new Map<string, number>();
    for (const r of rows) counts.set(r.personId, (counts.get(r.personId) ?? 0) + 1);
    aided = [...counts].map(([personId, n]) => ({ personId, n }));
  });
  afterAll(() => h?.close());

  it('migrations build exactly what the entities declare', async () => {
    expect(await pendingSchemaChanges(h.db)).toEqual([]);
  });

  it('seeds aid only for school-age members of assisted households', async () => {
    expect(aided.length).toBeGreaterThan(5);
    const byId = new Map(persons.map((p) => [p.id, p]));
    for (const { personId } of aided) {
      const p = byId.get(personId)!;
      expect(p).toBeDefined();
      expect(p.age).toBeGreaterThanOrEqual(3);
      expect(p.age).toBeLessThanOrEqual(24);
    }
  });

  it('adds educationAids to Person through _entities, in representation order, empty for a person without aid', async () => {
    const withAid = aided[0];
    const without = persons.find((p) => !aided.some((a) => a.personId === p.id))!;
    const r = await h.request(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { id educationAids { academicYear aidType amount schoolStage } } } }`,
      { r: [{ __typename: 'Person', id: without.id }, { __typename: 'Person', id: withAid.personId }] },
    );
    expect(r.errors).toBeUndefined();
    expect(r.data._entities[0]).toEqual({ id: without.id, educationAids: [] });
    expect(r.data._entities[1].id).toBe(withAid.personId);
    expect(r.data._entities[1].educationAids).toHaveLength(withAid.n);
    expect(r.data._entities[1].educationAids[0].amount).toMatch(/^\d+\.\d{2}$/);
  });

  it('costs one SQL statement for the education records of 100 people, whatever the number', async () => {
    const q = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { id educationAids { id } } } }`;
    const run = async (n: number) => {
      h.statements.reset();
      const r = await h.request(q, { r: persons.slice(0, n).map((p) => ({ __typename: 'Person', id: p.id })) });
      expect(r.errors).toBeUndefined();
      return h.statements.count;
    };
    expect(await run(100)).toBe(1);
    expect(await run(7)).toBe(1);
  });

  it('lists records with filters and a total', async () => {
    const all: any[] = await h.db.query(`SELECT "aidType", "academicYear" FROM education_aid`);
    const expected = all.filter((a) => a.aidType === 'GRANT' && a.academicYear === '2024-2025').length;
    const r = await h.request(`{ educationAids(first: 3, filter: { aidType: GRANT, academicYear: "2024-2025" }) { totalCount edges { node { aidType academicYear } } } }`);
    expect(r.errors).toBeUndefined();
    expect(r.data.educationAids.totalCount).toBe(expected);
    for (const e of r.data.educationAids.edges) expect(e.node).toEqual({ aidType: 'GRANT', academicYear: '2024-2025' });
  });

  it('lets an education officer record and correct aid; others are refused; bad input changes nothing', async () => {
    const p = persons[0];
    const input = { personId: p.id, schoolStage: 'SENIOR_SECONDARY', school: '胶州市第一中学', aidType: 'GRANT', academicYear: '2026-2027', amount: '2000', approvedOn: '2026-10-01', townshipCode: p.townshipCode };
    const m = `mutation($i: RecordEducationAidInput!) { recordEducationAid(input: $i) { id amount status } }`;
    const refused = await h.request(m, { i: input }, { role: 'analyst' });
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const bad = await h.request(m, { i: { ...input, academicYear: '2026-2028' } }, OFFICER);
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.academicYear' });
    const ok = await h.request(m, { i: input }, OFFICER);
    expect(ok.errors).toBeUndefined();
    expect(ok.data.recordEducationAid).toMatchObject({ amount: '2000.00', status: 'APPROVED' });
    const dup = await h.request(m, { i: input }, OFFICER);
    expect(dup.errors?.[0].extensions?.code).toBe('CONFLICT');
    const fixed = await h.request(`mutation($i: CorrectEducationAidInput!) { correctEducationAid(input: $i) { amount status } }`, { i: { id: ok.data.recordEducationAid.id, amount: '2500.5', status: 'PAID' } }, OFFICER);
    expect(fixed.data.correctEducationAid).toEqual({ amount: '2500.50', status: 'PAID' });
    const count: any[] = await h.db.query(`SELECT COUNT(*) AS n FROM education_aid WHERE "academicYear" = '2026-2027'`);
    expect(Number(count[0].n)).toBe(1);
  });

  it('shows a caseworker only the records handled in their township', async () => {
    const rows: any[] = await h.db.query(`SELECT "personId", "townshipCode" FROM education_aid`);
    const t = rows[0].townshipCode;
    const r = await h.request(`{ educationAids(first: 500) { totalCount edges { node { township { code } } } } }`, undefined, { role: 'caseworker', township: t });
    expect(r.data.educationAids.totalCount).toBe(rows.filter((x) => x.townshipCode === t).length);
    for (const e of r.data.educationAids.edges) expect(e.node.township.code).toBe(t);
  });
});
