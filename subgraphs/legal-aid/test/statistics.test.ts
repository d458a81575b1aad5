import { expectEveryDimension, startSubgraphHarness, testDatabaseKinds, type SubgraphHarness } from '@aidgraph/subgraph-kit/testing';
import { legalAid } from '../src/subgraph';

const OFFICER = { role: 'department_officer' as const, department: 'JUSTICE' };

/** Every statistics query of legal-aid answers each of its dimensions on both databases (totals = rows for the auditor, no cell under 5 for analysts and the department's officers, the same cells for both), and its fund use runs. */
describe.each(testDatabaseKinds())('legal-aid statistics on %s', (kind) => {
  let h: SubgraphHarness;
  beforeAll(async () => {
    h = await startSubgraphHarness(legalAid, kind, { seedSize: 2400, seed: 'legal-aid-statistics-test' });
  });
  afterAll(() => h?.close());

  it('answers legalAidStatistics by every dimension', async () => {
    await expectEveryDimension(h, 'legalAidStatistics', 'legal_aid_case', ['TOWNSHIP', 'AID_TYPE', 'MATTER', 'ELIGIBILITY', 'STATUS', 'APPLIED_YEAR'], { as: [OFFICER] });
  });
});
