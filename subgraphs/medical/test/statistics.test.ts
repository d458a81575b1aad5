import { expectEveryDimension, startSubgraphHarness, testDatabaseKinds, type SubgraphHarness } from '@aidgraph/subgraph-kit/testing';
import { medical } from '../src/subgraph';

/** Every statistics query of medical answers each of its dimensions on both databases (totals = rows for the auditor, no cell under 5 for analysts), and its fund use runs. */
describe.each(testDatabaseKinds())('medical statistics on %s', (kind) => {
  let h: SubgraphHarness;
  beforeAll(async () => {
    h = await startSubgraphHarness(medical, kind, { seedSize: 2400, seed: 'medical-statistics-test' });
  });
  afterAll(() => h?.close());

  it('answers medicalClaimStatistics by every dimension', async () => {
    await expectEveryDimension(h, 'medicalClaimStatistics', 'medical_claim', ['TOWNSHIP', 'CARE_TYPE', 'STATUS', 'DISCHARGE_YEAR', 'DISCHARGE_MONTH'], { as: [{ role: 'department_officer', department: 'MEDICAL_SECURITY' }] });
    const other = await h.request('{ medicalClaimStatistics(groupBy: [TOWNSHIP]) { exact } }', undefined, { role: 'department_officer', department: 'EDUCATION' });
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
