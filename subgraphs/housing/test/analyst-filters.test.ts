import { housing } from '../src/subgraph';
import { startSubgraphHarness, testDatabaseKinds, type SubgraphHarness } from '@aidgraph/subgraph-kit/testing';
// a count-only count between 1 and 4 is answered null to analysts (suppressed as a statistics cell is, STATISTICS_MIN_CELL)
// a count-only totalCount (the caller sees no rows of the list) is null, whatever the count: counts come from the statistics queries
const suppressedForAnalysts = (_n: number): number | null => null;

/**
 * The housing lists answer analysts only a bare count, and not by applicant or household (assertFiltersAllowed):
 * a per-person count is that person's membership of a noticed programme. Auditors and the housing bureau keep them.
 */
const SEED = 'housing-analyst-filters';
const SIZE = 600;
const ANALYST = { role: 'analyst' as const };
const AUDITOR = { role: 'auditor' as const };
const OFFICER = { role: 'department_officer' as const, department: 'HOUSING' };

describe.each(testDatabaseKinds())('housing list filters for analysts on %s', (kind) => {
  let h: SubgraphHarness;
  let rows: { personId: string; householdId: string; townshipCode: string }[];
  beforeAll(async () => {
    h = await startSubgraphHarness(housing, kind, { seedSize: SIZE, seed: SEED });
    rows = await h.db.query('SELECT "personId", "householdId", "townshipCode" FROM rent_subsidy ORDER BY id');
    expect(rows.length).toBeGreaterThan(0);
  });
  afterAll(() => h?.close());

  const LISTS = ['rentSubsidies', 'publicRentalAllocations', 'dilapidatedHouseRenovations'];
  const INPUT: Record<string, string> = {
    rentSubsidies: 'RentSubsidyFilter',
    publicRentalAllocations: 'PublicRentalAllocationFilter',
    dilapidatedHouseRenovations: 'DilapidatedHouseRenovationFilter',
  };
  const count = (list: string) => `query($f: ${INPUT[list]}) { ${list}(filter: $f) { totalCount } }`;

  it('refuses analysts the applicantId and householdId filters on every list, even for a bare count', async () => {
    for (const list of LISTS)
      for (const f of [{ applicantId: rows[0].personId }, { householdId: rows[0].householdId }]) {
        const r = await h.request(count(list), { f }, ANALYST);
        expect({ list, f, code: r.errors?.[0].extensions?.code }).toEqual({ list, f, code: 'FORBIDDEN' });
        expect(r.data?.[list] ?? null).toBeNull();
      }
    const ok = await h.request(count('rentSubsidies'), { f: { townshipCode: rows[0].townshipCode } }, ANALYST);
    expect(ok.errors).toBeUndefined();
    expect(rows.filter((x) => x.townshipCode === rows[0].townshipCode).length).toBeGreaterThan(0);
    expect(ok.data.rentSubsidies.totalCount).toBe(suppressedForAnalysts(rows.filter((x) => x.townshipCode === rows[0].townshipCode).length));
  });

  it('keeps them for auditors and the housing bureau', async () => {
    for (const as of [AUDITOR, OFFICER]) {
      const r = await h.request(count('rentSubsidies'), { f: { applicantId: rows[0].personId } }, as);
      expect(r.errors).toBeUndefined();
      expect(r.data.rentSubsidies.totalCount).toBe(rows.filter((x) => x.personId === rows[0].personId).length);
      const hh = await h.request(count('rentSubsidies'), { f: { householdId: rows[0].householdId } }, as);
      expect(hh.data.rentSubsidies.totalCount).toBe(rows.filter((x) => x.householdId === rows[0].householdId).length);
    }
  });
});
