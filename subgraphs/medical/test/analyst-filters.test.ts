import { medical } from '../src/subgraph';
import { startSubgraphHarness, testDatabaseKinds, type SubgraphHarness } from '@aidgraph/subgraph-kit/testing';

/**
 * Filters are classified like the fields they filter on (assertFiltersAllowed): a filter on a field analysts get as
 * null (hospital, discharge year) or a per-person id filter is FORBIDDEN to analysts, whatever is selected; auditors and
 * the medical security bureau keep them.
 */
const SEED = 'medical-analyst-filters';
const SIZE = 600;
const ANALYST = { role: 'analyst' as const };
const AUDITOR = { role: 'auditor' as const };
const OFFICER = { role: 'department_officer' as const, department: 'MEDICAL_SECURITY' };

describe.each(testDatabaseKinds())('medicalClaims filters for analysts on %s', (kind) => {
  let h: SubgraphHarness;
  let claims: { personId: string; hospital: string; dischargeDate: string; townshipCode: string }[];
  beforeAll(async () => {
    h = await startSubgraphHarness(medical, kind, { seedSize: SIZE, seed: SEED });
    claims = (await h.db.query(`SELECT "personId", hospital, "dischargeDate", "townshipCode" FROM medical_claim ORDER BY id`)).map((r: any) => ({
      ...r,
      dischargeDate: r.dischargeDate instanceof Date ? r.dischargeDate.toISOString().slice(0, 10) : String(r.dischargeDate),
    }));
    expect(claims.length).toBeGreaterThan(5);
  });
  afterAll(() => h?.close());

  const Q = `query($f: MedicalClaimFilter) { medicalClaims(first: 500, filter: $f) { totalCount edges { node { id } } } }`;
  const COUNT = `query($f: MedicalClaimFilter) { medicalClaims(filter: $f) { totalCount } }`;

  it('refuses analysts the hospital, year and personId filters, rows or bare count', async () => {
    const c = claims[0];
    const year = Number(c.dischargeDate.slice(0, 4));
    for (const f of [{ hospital: c.hospital }, { year }, { personId: c.personId }])
      for (const q of [Q, COUNT]) {
        const r = await h.request(q, { f }, ANALYST);
        expect({ f, code: r.errors?.[0].extensions?.code }).toEqual({ f, code: 'FORBIDDEN' });
        expect(r.data?.medicalClaims ?? null).toBeNull();
        expect(JSON.stringify(r)).not.toContain(c.hospital);
      }
    // a filter analysts may use still answers
    const ok = await h.request(COUNT, { f: { townshipCode: c.townshipCode } }, ANALYST);
    expect(ok.errors).toBeUndefined();
    expect(claims.filter((x) => x.townshipCode === c.townshipCode).length).toBeGreaterThan(0);
    expect(ok.data.medicalClaims.totalCount).toBeNull();
  });

  it('answers analysts only a bare totalCount: rows, cursors and sort keys are FORBIDDEN, whatever the filter', async () => {
    const c = claims[0];
    const rowQueries = [
      `{ medicalClaims(first: 100, orderBy: { field: TOTAL_COST, direction: DESC }) { edges { node { diagnosis totalCost person { id } } } } }`,
      `{ medicalClaims(first: 5) { edges { node { id } } } }`,
      `{ medicalClaims(first: 5) { totalCount pageInfo { endCursor } } }`,
      `{ medicalClaims(first: 5) { ... on MedicalClaimConnection { edges { cursor } } } }`,
      `{ medicalClaims(filter: { townshipCode: "${c.townshipCode}" }) { totalCount edges { node { diagnosis } } } }`,
      `{ medicalClaims(orderBy: { field: TOTAL_COST, direction: DESC }) { totalCount } }`,
    ];
    for (const q of rowQueries) {
      const r = await h.request(q, undefined, ANALYST);
      expect({ q, code: r.errors?.[0].extensions?.code }).toEqual({ q, code: 'FORBIDDEN' });
      expect(r.data?.medicalClaims ?? null).toBeNull();
    }
    // the bare count, with the coarse filters (township, kind of care, status), is allowed and null whatever the number of matching claims
    const all = await h.db.query(`SELECT "townshipCode", "careType", status FROM medical_claim`);
    expect(all.length).toBeGreaterThan(0);
    for (const f of [{}, { townshipCode: c.townshipCode }, { careType: 'INPATIENT' }, { status: 'RECORDED' }, { townshipCode: c.townshipCode, careType: 'OUTPATIENT', status: 'RECORDED' }]) {
      const r = await h.request(COUNT, { f }, ANALYST);
      expect(r.errors).toBeUndefined();
      expect({ f, n: r.data.medicalClaims.totalCount }).toEqual({ f, n: null });
    }
  });

  it('keeps the filters for auditors and the medical security bureau', async () => {
    const c = claims[0];
    const year = Number(c.dischargeDate.slice(0, 4));
    for (const as of [AUDITOR, OFFICER]) {
      const byHospital = await h.request(Q, { f: { hospital: c.hospital } }, as);
      expect(byHospital.errors).toBeUndefined();
      expect(byHospital.data.medicalClaims.totalCount).toBe(claims.filter((x) => x.hospital.includes(c.hospital)).length);
      const byYear = await h.request(COUNT, { f: { year } }, as);
      expect(byYear.data.medicalClaims.totalCount).toBe(claims.filter((x) => x.dischargeDate.startsWith(String(year))).length);
      const byPerson = await h.request(COUNT, { f: { personId: c.personId } }, as);
      expect(byPerson.data.medicalClaims.totalCount).toBe(claims.filter((x) => x.personId === c.personId).length);
    }
  });
});
