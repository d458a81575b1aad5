import { expectEveryDimension, startSubgraphHarness, testDatabaseKinds, type SubgraphHarness } from '@aidgraph/subgraph-kit/testing';
import { housing } from '../src/subgraph';

const OFFICER = { role: 'department_officer' as const, department: 'HOUSING' };

/** Every statistics query of housing answers each of its dimensions on both databases (totals = rows for the auditor, no cell under 5 for analysts and the department's officers, the same cells for both), and its fund use runs. */
describe.each(testDatabaseKinds())('housing statistics on %s', (kind) => {
  let h: SubgraphHarness;
  beforeAll(async () => {
    h = await startSubgraphHarness(housing, kind, { seedSize: 2400, seed: 'housing-statistics-test' });
  });
  afterAll(() => h?.close());

  it('answers every housing statistics query by every dimension, and housingFundUse', async () => {
    await expectEveryDimension(h, 'rentSubsidyStatistics', 'rent_subsidy', ['TOWNSHIP', 'STATUS', 'START_YEAR', 'START_MONTH'], { as: [OFFICER] });
    await expectEveryDimension(h, 'publicRentalStatistics', 'public_rental_allocation', ['TOWNSHIP', 'STATUS', 'LEASE_START_YEAR'], { as: [OFFICER] });
    await expectEveryDimension(h, 'renovationStatistics', 'dilapidated_house_renovation', ['TOWNSHIP', 'VILLAGE', 'GRADE', 'STATUS', 'ASSESSED_YEAR'], { as: [OFFICER] });
    const r = await h.request('{ housingFundUse(year: 2025) { months cells { programme recipients amount suppressed } } }', undefined, { role: 'auditor' });
    expect(r.errors).toBeUndefined();
    expect(new Set(r.data.housingFundUse.cells.map((c: any) => c.programme)).has('RENT_SUBSIDY')).toBe(true);
  });
});
