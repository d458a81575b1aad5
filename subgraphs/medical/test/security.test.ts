import { medical } from '../src/subgraph';
import { generatePopulation } from '@aidgraph/population';
import { startSubgraphHarness, testDatabaseKinds, type SubgraphHarness } from '@aidgraph/subgraph-kit/testing';

/** A federation representation of a person whose civil-affairs category has been `category` since 2000 (NONE: no period). */
function personWith(id: string, category: string) {
  return { __typename: 'Person', id, assistanceCategoryHistory: category === 'NONE' ? [] : [{ from: '2000-01-01', to: null, category }] };
}

const SEED = 'medical-security';
const SIZE = 600;
const persons = generatePopulation({ seed: SEED, size: SIZE }).households.flatMap((h) => h.members);
const OFFICER = { role: 'department_officer' as const, department: 'MEDICAL_SECURITY' };
const EDUCATION = { role: 'department_officer' as const, department: 'EDUCATION' };
const RECORD = `mutation($i: RecordMedicalClaimInput!) { recordMedicalClaim(input: $i) { id } }`;

describe.each(testDatabaseKinds())('medical access rules and write races on %s', (kind) => {
  let h: SubgraphHarness;
  let claims: { id: string; personId: string; townshipCode: string; hospital: string }[];
  beforeAll(async () => {
    h = await startSubgraphHarness(medical, kind, { seedSize: SIZE, seed: SEED });
    claims = await h.db.query(`SELECT id, "personId", "townshipCode", hospital FROM medical_claim WHERE status = 'RECORDED' ORDER BY id`);
  });
  afterAll(() => h?.close());

  const claimInput = (p: (typeof persons)[number], hospital: string) => ({
    personId: p.id, townshipCode: p.townshipCode, hospital, diagnosis: '肺炎', careType: 'INPATIENT', admissionDate: '2025-03-02',
    dischargeDate: '2025-03-12', totalCost: '12000', basicInsurancePaid: '7000', eligibleSelfPay: '4000',
  });

  it('refuses other departments\' officers Person.medicalClaims and Person.medicalAssistance as a whole, and audits the reads', async () => {
    const c = claims[0];
    const without = persons.find((p) => !claims.some((x) => x.personId === p.id))!;
    const q = `query Claims($r: [_Any!]!) { _entities(representations: $r) { ... on Person { id medicalClaims { hospital } medicalAssistance(year: 2025) { year } } } }`;
    const reps = [c.personId, without.id].map((id) => personWith(id, 'DIBAO'));
    const refused = await h.request(q, { r: reps }, EDUCATION);
    expect(refused.data._entities).toEqual([
      { id: c.personId, medicalClaims: null, medicalAssistance: null },
      { id: without.id, medicalClaims: null, medicalAssistance: null },
    ]);
    // FORBIDDEN whether or not the person has claims: the answer tells nothing
    const paths = refused.errors!.map((e) => `${e.extensions?.code} ${e.path!.join('.')}`).sort();
    expect(paths).toEqual(['FORBIDDEN _entities.0.medicalAssistance', 'FORBIDDEN _entities.0.medicalClaims', 'FORBIDDEN _entities.1.medicalAssistance', 'FORBIDDEN _entities.1.medicalClaims']);
    expect(JSON.stringify(refused)).not.toContain(c.hospital);
    const expected = claims.filter((x) => x.personId === c.personId);
    for (const as of [OFFICER, { role: 'analyst' as const }, { role: 'auditor' as const }, { role: 'caseworker' as const, township: c.townshipCode }]) {
      const r = await h.request(q, { r: reps.slice(0, 1) }, { ...as, subject: `reader-${as.role}` });
      expect(r.errors).toBeUndefined();
      const seen = expected.filter((x) => (as.role !== 'caseworker' || x.townshipCode === c.townshipCode) && as.role !== 'analyst');
      // analysts get no claims (class health.medical: a claimant is a recipient whom gender, age band and township single out)
      expect(r.data._entities[0].medicalClaims.map((x: any) => x.hospital).sort()).toEqual(seen.map((x) => x.hospital).sort());
      if (as.role !== 'analyst') expect(seen.length).toBeGreaterThan(0);
      // analysts get no medical aid: it is computed from the civil-affairs category (quasi.programme), which it would reveal
      expect(r.data._entities[0].medicalAssistance).toEqual(as.role === 'analyst' ? null : { year: 2025 });
    }
    const log = await h.request(`{ medicalAuditLog(first: 500) { edges { node { subject kind personIds detail } } } }`);
    const read = log.data.medicalAuditLog.edges.map((e: any) => e.node).find((e: any) => e.subject === 'reader-analyst');
    expect(read).toMatchObject({ kind: 'read', personIds: [c.personId] });
    // (the analyst's claims are empty and medical aid null: no MedicalClaim or MedicalAssistanceSummary field was read)
    expect(JSON.parse(read.detail).fields).toEqual(['Person.medicalAssistance', 'Person.medicalClaims']);
  });

  it('refuses other departments\' officers the medicalClaims list', async () => {
    for (const department of ['EDUCATION', 'HOUSING', 'CIVIL_AFFAIRS', 'CHARITY_FEDERATION']) {
      const r = await h.request(`{ medicalClaims(first: 5) { totalCount edges { node { id hospital } } } }`, undefined, { role: 'department_officer', department });
      expect(r.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(r.data?.medicalClaims ?? null).toBeNull();
    }
    const own = await h.request(`{ medicalClaims(first: 5) { totalCount } }`, undefined, OFFICER);
    expect(own.data.medicalClaims.totalCount).toBe(claims.length + (await h.db.query(`SELECT id FROM medical_claim WHERE status <> 'RECORDED'`)).length);
  });

  it('records exactly one of ten identical concurrent claims; the others get DUPLICATE_CLAIM', async () => {
    const p = persons[3];
    const results = await Promise.all(Array.from({ length: 10 }, () => h.request(RECORD, { i: claimInput(p, '胶州市并发医院') }, OFFICER)));
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    for (const r of results.filter((x) => x.errors)) expect(r.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'DUPLICATE_CLAIM' });
    expect(await h.db.query(`SELECT id FROM medical_claim WHERE "personId" = '${p.id}' AND hospital = '胶州市并发医院'`)).toHaveLength(1);
  });

  it('refuses a correction that would duplicate another recorded claim', async () => {
    const p = persons[4];
    const a = await h.request(RECORD, { i: claimInput(p, '胶州市甲医院') }, OFFICER);
    const b = await h.request(RECORD, { i: claimInput(p, '胶州市乙医院') }, OFFICER);
    const r = await h.request(`mutation($i: CorrectMedicalClaimInput!) { correctMedicalClaim(input: $i) { id } }`, { i: { id: b.data.recordMedicalClaim.id, hospital: '胶州市甲医院' } }, OFFICER);
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'DUPLICATE_CLAIM' });
    const ids = [a.data.recordMedicalClaim.id, b.data.recordMedicalClaim.id];
    const rows: { id: string; hospital: string }[] = await h.db.query(`SELECT id, hospital FROM medical_claim WHERE id IN ('${ids.join("','")}')`);
    expect(Object.fromEntries(rows.map((x) => [x.id, x.hospital]))).toEqual({ [ids[0]]: '胶州市甲医院', [ids[1]]: '胶州市乙医院' });
  });

  it('declares MedicalClaim.person nullable, so a person the registry does not return nulls only that field', async () => {
    const r = await h.request(`{ _service { sdl } }`);
    const type = /type MedicalClaim[^{]*\{([\s\S]*?)\n\}/.exec(r.data._service.sdl)![1];
    expect(type).toMatch(/\n\s*person: Person\n/);
  });
});
