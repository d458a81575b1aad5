import { attackStatistics, startSubgraphHarness, testDatabaseKinds, type BruteRow, type SubgraphHarness } from '@aidgraph/subgraph-kit/testing';
import { education } from '../src/subgraph';

/**
 * The hostile review's solver recovered groups of 1-4 people from educationStatistics by combining the answers of every
 * subset of the dimensions. On the demo population (seed jiaozhou-2020-106, 2,400 people), an attacker asking every
 * subset in every order and solving singleton rows over all of them must now recover none.
 */
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

describe.each(testDatabaseKinds())('education statistics against the amount decoding on %s (12,000 people)', (kind) => {
  // the demo's 2,400 people leave too few open cells of one school stage and aid type: a larger population
  let h: SubgraphHarness;
  beforeAll(async () => {
    h = await startSubgraphHarness(education, kind, { seedSize: 12_000, seed: 'jiaozhou-2020-106' });
  });
  afterAll(() => h?.close());

  it('gives away no count through the amount where everyone is paid one standard amount (the second hostile review)', async () => {
    // each school stage × aid type pays one national standard, so a cell's amount over that standard was its exact
    // count while the amount's noise stayed within half an amount; now it is the published count
    const uniform = (await h.db.query('SELECT "schoolStage", "aidType", COUNT(DISTINCT amount) AS n, MIN(amount) AS a FROM education_aid GROUP BY "schoolStage", "aidType"')) as any[];
    const standard = new Map(uniform.filter((u) => Number(u.n) === 1).map((u) => [`${u.schoolStage}/${u.aidType}`, Number(u.a)]));
    expect(standard.size).toBeGreaterThan(3);
    let decoded = 0;
    let hidden = 0;
    for (const [groupBy, fields] of [['SCHOOL_STAGE, AID_TYPE', 'schoolStage aidType'], ['SCHOOL_STAGE, AID_TYPE, STATUS', 'schoolStage aidType status'], ['TOWNSHIP, SCHOOL_STAGE, AID_TYPE', 'township schoolStage aidType']]) {
      const q = `{ t: educationStatistics(groupBy: [${groupBy}]) { cells { ${fields} count amount suppressed } } }`;
      const key = (c: any) => fields.split(' ').map((f) => c[f]).join('/');
      const published = (await h.request(q, undefined, ANALYST)).data.t.cells as any[];
      const exact = new Map(((await h.request(q, undefined, { role: 'auditor' })).data.t.cells as any[]).map((c) => [key(c), c]));
      for (const c of published.filter((x) => !x.suppressed && standard.has(`${x.schoolStage}/${x.aidType}`))) {
        const n = Math.round(Math.round(Number(c.amount) * 100) / standard.get(`${c.schoolStage}/${c.aidType}`)!);
        expect({ c, n }).toEqual({ c, n: c.count });
        decoded++;
        if (n !== exact.get(key(c))!.count) hidden++;
      }
    }
    expect(decoded).toBeGreaterThanOrEqual(20);
    // and the true count is not what it gives, in part of them (the noise of the count, carried into the amount)
    expect(hidden).toBeGreaterThan(0);
  });
});
