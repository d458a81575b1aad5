import { education } from '../src/subgraph';
import { startSubgraphHarness, testDatabaseKinds, type SubgraphHarness } from '@aidgraph/subgraph-kit/testing';

/**
 * The educationAids list answers analysts only a bare count, and not by person (a year only in a bare count) (assertFiltersAllowed):
 * a per-person count is that pupil's membership, the year is null for analysts. Auditors and the education bureau keep both.
 */
const SEED = 'education-analyst-filters';
const SIZE = 600;
const ANALYST = { role: 'analyst' as const };
const AUDITOR = { role: 'auditor' as const };
const OFFICER = { role: 'department_officer' as const, department: 'EDUCATION' };

describe.each(testDatabaseKinds())('educationAids filters for analysts on %s', (kind) => {
  let h: SubgraphHarness;
  let rows: { personId: string; townshipCode: string; academicYear: string }[];
  beforeAll(async () => {
    h = await startSubgraphHarness(education, kind, { seedSize: SIZE, seed: SEED });
    rows = await h.db.query('SELECT "personId", "townshipCode", "academicYear" FROM education_aid ORDER BY id');
    expect(rows.length).toBeGreaterThan(0);
  });
  afterAll(() => h?.close());

  const COUNT = `query($f: EducationAidFilter) { educationAids(filter: $f) { totalCount } }`;

  it('refuses analysts the personId filter, even for a bare count; academicYear only counts', async () => {
    for (const f of [{ personId: rows[0].personId }]) {
      const r = await h.request(COUNT, { f }, ANALYST);
      expect({ f, code: r.errors?.[0].extensions?.code }).toEqual({ f, code: 'FORBIDDEN' });
      expect(r.data?.educationAids ?? null).toBeNull();
    }
    const byYear = await h.request(COUNT, { f: { academicYear: rows[0].academicYear } }, ANALYST);
    // count-only: allowed, and null whatever the count (counts come from educationStatistics)
    expect(byYear.errors).toBeUndefined();
    expect(byYear.data.educationAids.totalCount).toBeNull();
    const ok = await h.request(COUNT, { f: { townshipCode: rows[0].townshipCode } }, ANALYST);
    expect(ok.errors).toBeUndefined();
    expect(ok.data.educationAids.totalCount).toBeNull();
  });

  it('keeps them for auditors and the education bureau', async () => {
    for (const as of [AUDITOR, OFFICER]) {
      const r = await h.request(COUNT, { f: { personId: rows[0].personId } }, as);
      expect(r.errors).toBeUndefined();
      expect(r.data.educationAids.totalCount).toBe(rows.filter((x) => x.personId === rows[0].personId).length);
      const y = await h.request(COUNT, { f: { academicYear: rows[0].academicYear } }, as);
      expect(y.data.educationAids.totalCount).toBe(rows.filter((x) => x.academicYear === rows[0].academicYear).length);
    }
  });
});
