import { housing } from '../src/subgraph';
import { RentSubsidy } from '../src/modules/rent-subsidy/rent-subsidy.entity';
import { PublicRentalAllocation } from '../src/modules/public-rental-allocation/public-rental-allocation.entity';
import { DilapidatedHouseRenovation } from '../src/modules/dilapidated-house-renovation/dilapidated-house-renovation.entity';
import { startSubgraphHarness, testDatabaseKinds, type SubgraphHarness } from '@aidgraph/subgraph-kit/testing';
// a count-only count between 1 and 4 is answered null to analysts (suppressed as a statistics cell is, STATISTICS_MIN_CELL)
// a count-only totalCount (the caller sees no rows of the list) is null, whatever the count: counts come from the statistics queries
const suppressedForAnalysts = (_n: number): number | null => null;

/**
 * Public rental allocations, rent subsidies and rural renovation households are noticed (公示), so a housing record is a
 * quasi-identifier (class quasi.programme): analysts get no housingAssistance on Person or Household and may only count
 * the three lists (a bare totalCount).
 */
const SEED = 'housing-analyst-test';
const SIZE = 6000;
const ANALYST = { role: 'analyst' as const };
const AUDITOR = { role: 'auditor' as const };
const OFFICER = { role: 'department_officer' as const, department: 'HOUSING' };
const LISTS = ['rentSubsidies', 'publicRentalAllocations', 'dilapidatedHouseRenovations'] as const;
type Row = { id: string; householdId: string; personId: string; townshipCode: string };
const ASSISTANCE = `housingAssistance { rentSubsidies { id } publicRentalAllocations { id } renovations { id } }`;
const HOUSEHOLDS = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Household { id ${ASSISTANCE} } } }`;
const PERSONS = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { id ${ASSISTANCE} } } }`;

describe.each(testDatabaseKinds())('housing assistance for analysts on %s', (kind) => {
  let h: SubgraphHarness;
  let rows: Record<(typeof LISTS)[number], Row[]>;
  beforeAll(async () => {
    h = await startSubgraphHarness(housing, kind, { seedSize: SIZE, seed: SEED });
    rows = {
      rentSubsidies: await h.db.getRepository(RentSubsidy).find(),
      publicRentalAllocations: await h.db.getRepository(PublicRentalAllocation).find(),
      dilapidatedHouseRenovations: await h.db.getRepository(DilapidatedHouseRenovation).find(),
    };
  });
  afterAll(() => h?.close());

  it('refuses analysts the rows or cursors of every housing list, whatever the filter', async () => {
    for (const list of LISTS) {
      expect({ list, n: rows[list].length > 0 }).toEqual({ list, n: true });
      for (const q of [
        `{ ${list}(first: 5) { totalCount edges { node { id } } } }`,
        `{ ${list} { pageInfo { endCursor } } }`,
        `{ ${list}(filter: { townshipCode: "${rows[list][0].townshipCode}" }) { ... on ${list === 'rentSubsidies' ? 'RentSubsidyConnection' : list === 'publicRentalAllocations' ? 'PublicRentalAllocationConnection' : 'DilapidatedHouseRenovationConnection'} { edges { cursor } } } }`,
      ]) {
        const r = await h.request(q, undefined, ANALYST);
        expect({ q, data: r.data?.[list] ?? null, code: r.errors?.[0]?.extensions?.code }).toEqual({ q, data: null, code: 'FORBIDDEN' });
        expect(r.errors![0].message).toContain(`may count the records of ${list} (select only totalCount) but not list them`);
      }
    }
  });

  it('answers analysts a bare count equal to the auditor\'s and to the records', async () => {
    for (const list of LISTS) {
      const township = rows[list][0].townshipCode;
      for (const [filter, expected] of [
        ['', rows[list].length],
        [`(filter: { townshipCode: "${township}" })`, rows[list].filter((x) => x.townshipCode === township).length],
      ] as const) {
        const q = `{ ${list}${filter} { totalCount } }`;
        const analyst = await h.request(q, undefined, ANALYST);
        const auditor = await h.request(q, undefined, AUDITOR);
        expect(analyst.errors).toBeUndefined();
        expect({ list, filter, n: analyst.data[list].totalCount }).toEqual({ list, filter, n: suppressedForAnalysts(expected) });
        expect({ list, filter, n: auditor.data[list].totalCount }).toEqual({ list, filter, n: expected });
      }
    }
    // a malformed filter is still BAD_USER_INPUT
    const bad = await h.request(`{ rentSubsidies(filter: { townshipCode: "370281999" }) { totalCount } }`, undefined, ANALYST);
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('gives analysts null housingAssistance on Household and Person, and other roles the records as before', async () => {
    const recs = LISTS.map((l) => rows[l][0]);
    const households = recs.map((r) => ({ __typename: 'Household', id: r.householdId }));
    const persons = recs.map((r) => ({ __typename: 'Person', id: r.personId }));
    const a1 = await h.request(HOUSEHOLDS, { r: households }, ANALYST);
    const a2 = await h.request(PERSONS, { r: persons }, ANALYST);
    expect(a1.errors).toBeUndefined();
    expect(a2.errors).toBeUndefined();
    expect(a1.data._entities).toEqual(recs.map((r) => ({ id: r.householdId, housingAssistance: null })));
    expect(a2.data._entities).toEqual(recs.map((r) => ({ id: r.personId, housingAssistance: null })));
    const ids = (e: any) => [...e.housingAssistance.rentSubsidies, ...e.housingAssistance.publicRentalAllocations, ...e.housingAssistance.renovations].map((x: any) => x.id);
    for (const as of [AUDITOR, OFFICER, { role: 'department_officer' as const, department: 'EDUCATION' }]) {
      const r1 = await h.request(HOUSEHOLDS, { r: households }, as);
      const r2 = await h.request(PERSONS, { r: persons }, as);
      recs.forEach((rec, i) => {
        expect({ as, household: ids(r1.data._entities[i]).includes(rec.id) }).toEqual({ as, household: true });
        expect({ as, person: ids(r2.data._entities[i]).includes(rec.id) }).toEqual({ as, person: true });
      });
    }
    const cw = await h.request(HOUSEHOLDS, { r: households.slice(0, 1) }, { role: 'caseworker', township: recs[0].townshipCode });
    expect(ids(cw.data._entities[0])).toContain(recs[0].id);
  });

  it('lists the rows to other roles as before', async () => {
    for (const list of LISTS)
      for (const as of [AUDITOR, OFFICER, { role: 'caseworker' as const, township: rows[list][0].townshipCode }]) {
        const r = await h.request(`{ ${list}(first: 3) { totalCount edges { node { id } } } }`, undefined, as);
        expect({ list, as, errors: r.errors }).toEqual({ list, as, errors: undefined });
        expect(r.data[list].edges.length).toBe(Math.min(3, r.data[list].totalCount));
        expect(r.data[list].totalCount).toBeGreaterThan(0);
      }
  });
});
