import { expectEveryDimension, startSubgraphHarness, testDatabaseKinds, type SubgraphHarness } from '@aidgraph/subgraph-kit/testing';
import { charity } from '../src/subgraph';

const OFFICER = { role: 'department_officer' as const, department: 'CHARITY_FEDERATION' };

/** Every statistics query of charity answers each of its dimensions on both databases (totals = rows for the auditor, no cell under 5 for analysts and the department's officers, the same cells for both), and its fund use runs. */
describe.each(testDatabaseKinds())('charity statistics on %s', (kind) => {
  let h: SubgraphHarness;
  beforeAll(async () => {
    h = await startSubgraphHarness(charity, kind, { seedSize: 2400, seed: 'charity-statistics-test' });
  });
  afterAll(() => h?.close());

  it('answers charityGrantStatistics by every dimension, and charityFundUse', async () => {
    await expectEveryDimension(h, 'charityGrantStatistics', 'charity_grant', ['TOWNSHIP', 'RECIPIENT_KIND', 'STATUS', 'GRANTED_YEAR', 'GRANTED_MONTH'], { as: [OFFICER] });
    const r = await h.request('{ charityFundUse(year: 2025) { months cells { programme recipients amount suppressed } } }', undefined, { role: 'auditor' });
    expect(r.errors).toBeUndefined();
  });
});
