import { attackStatistics, startSubgraphHarness, testDatabaseKinds, type BruteRow, type SubgraphHarness } from '@aidgraph/subgraph-kit/testing';
import { education } from '../src/subgraph';

/**
 * The hostile review's solver recovered groups of 1-4 people from educationStatistics by combining the answers of every
 * subset of the dimensions. On the demo population (seed jiaozhou-2020-106, 2,400 people), an attacker asking every
 * subset in every order and solving singleton rows over all of them must now recover none.
 */
const STAFF = { role: 'department_officer' as const, department: 'EDUCATION' };
const ANALYST = { role: 'analyst' as const };

describe.each(testDatabaseKinds())('education statistics against the margin attack on %s', (kind) => {
  let h: SubgraphHarness;
  let rows: BruteRow[];
  beforeAll(async () => {
    h = await startSubgraphHarness(education, kind, { seedSize: 2400, seed: 'jiaozhou-2020-106' });
    rows = (await h.db.query('SELECT "personId", "townshipCode", "schoolStage", "aidType", "status", "amount" FROM education_aid')).map((r: any) => ({
      values: { township: r.townshipCode, schoolStage: r.schoolStage, aidType: r.aidType, status: r.status },
      person: r.personId,
      amountFen: Number(r.amount),
    }));
  });
  afterAll(() => h?.close());

  it('recovers no group under 5 by township, school stage and aid type, nor by school stage, aid type and status', async () => {
    for (const [dimensions, fields] of [
      [['TOWNSHIP', 'SCHOOL_STAGE', 'AID_TYPE'], ['township', 'schoolStage', 'aidType']],
      [['SCHOOL_STAGE', 'AID_TYPE', 'STATUS'], ['schoolStage', 'aidType', 'status']],
    ]) {
      const r = await attackStatistics(h, rows, { query: 'educationStatistics', dimensions, fields, amount: true, as: ANALYST });
      expect({ dimensions, leaks: r.leaks }).toEqual({ dimensions, leaks: [] });
    }
  });
});
