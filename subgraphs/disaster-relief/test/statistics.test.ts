import { expectEveryDimension, startSubgraphHarness, testDatabaseKinds, type SubgraphHarness } from '@aidgraph/subgraph-kit/testing';
import { disasterRelief } from '../src/subgraph';

const OFFICER = { role: 'department_officer' as const, department: 'EMERGENCY_MANAGEMENT' };

/** Every statistics query of disaster-relief answers each of its dimensions on both databases (totals = rows for the auditor, no cell under 5 for analysts and the department's officers, the same cells for both), and its fund use runs. */
describe.each(testDatabaseKinds())('disaster-relief statistics on %s', (kind) => {
  let h: SubgraphHarness;
  beforeAll(async () => {
    h = await startSubgraphHarness(disasterRelief, kind, { seedSize: 2400, seed: 'disaster-relief-statistics-test' });
  });
  afterAll(() => h?.close());

  it('answers disasterReliefStatistics by every dimension, and disasterReliefFundUse', async () => {
    await expectEveryDimension(h, 'disasterReliefStatistics', 'disaster_relief', ['TOWNSHIP', 'RELIEF_TYPE', 'STATUS', 'GRANTED_YEAR', 'GRANTED_MONTH'], { as: [OFFICER] });
    const r = await h.request('{ disasterReliefFundUse(year: 2025) { months cells { programme recipients amount suppressed } } }', undefined, { role: 'auditor' });
    expect(r.errors).toBeUndefined();
  });
});
