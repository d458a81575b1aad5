import { attackStatistics, startSubgraphHarness, testDatabaseKinds, type BruteRow, type SubgraphHarness } from '@aidgraph/subgraph-kit/testing';
import { legalAid } from '../src/subgraph';

/**
 * The hostile review's finding 2 on the demo population (seed jiaozhou-2020-106, 2,400 people): the suppression pattern
 * of legalAidStatistics depended on the order of groupBy ([ELIGIBILITY, STATUS] published ECONOMIC_HARDSHIP·CLOSED,
 * [STATUS, ELIGIBILITY] ECONOMIC_HARDSHIP·ASSIGNED, and [ELIGIBILITY] the row's total: REFUSED followed). Every order
 * must now give the same cells, and an attacker solving singleton rows over every subset recovers no group under 5.
 */
const STAFF = { role: 'department_officer' as const, department: 'JUSTICE' };
const ANALYST = { role: 'analyst' as const };

describe.each(testDatabaseKinds())('legal-aid statistics against the order and margin attacks on %s', (kind) => {
  let h: SubgraphHarness;
  let rows: BruteRow[];
  beforeAll(async () => {
    h = await startSubgraphHarness(legalAid, kind, { seedSize: 2400, seed: 'jiaozhou-2020-106' });
    rows = (await h.db.query('SELECT "personId", "townshipCode", "eligibility", "status", "aidType", "subsidy" FROM legal_aid_case')).map((r: any) => ({
      values: { township: r.townshipCode, eligibility: r.eligibility, status: r.status, aidType: r.aidType },
      person: r.personId,
      amountFen: Number(r.subsidy ?? 0),
    }));
  });
  afterAll(() => h?.close());

  it('gives the same cells in both orders of [ELIGIBILITY, STATUS], and no group under 5 follows', async () => {
    const groups = new Map<string, Set<string>>();
    for (const r of rows) {
      const k = `${r.values.eligibility}/${r.values.status}`;
      groups.set(k, (groups.get(k) ?? new Set()).add(r.person!));
    }
    // the demo data of the reproduction: ECONOMIC_HARDSHIP·REFUSED is one person
    expect(groups.get('ECONOMIC_HARDSHIP/REFUSED')?.size).toBe(1);
    const r = await attackStatistics(h, rows, { query: 'legalAidStatistics', dimensions: ['ELIGIBILITY', 'STATUS'], fields: ['eligibility', 'status'], amount: true, as: ANALYST });
    expect(r.leaks).toEqual([]);
    const q = (groupBy: string) => h.request(`{ t: legalAidStatistics(groupBy: [${groupBy}]) { dimensions cells { eligibility status count suppressed } } }`, undefined, STAFF);
    const a = (await q('ELIGIBILITY, STATUS')).data.t;
    const b = (await q('STATUS, ELIGIBILITY')).data.t;
    expect([a.dimensions, b.dimensions]).toEqual([['ELIGIBILITY', 'STATUS'], ['STATUS', 'ELIGIBILITY']]);
    const open = (t: any) => t.cells.filter((c: any) => c.eligibility === 'ECONOMIC_HARDSHIP' && !c.suppressed).map((c: any) => c.status).sort();
    expect(open(a)).toEqual(open(b));
    expect(open(a).length).toBeLessThanOrEqual(1);
  });

  it('recovers no group under 5 by township, eligibility and status, nor by aid type, eligibility and status', async () => {
    for (const [dimensions, fields] of [
      [['TOWNSHIP', 'ELIGIBILITY', 'STATUS'], ['township', 'eligibility', 'status']],
      [['AID_TYPE', 'ELIGIBILITY', 'STATUS'], ['aidType', 'eligibility', 'status']],
    ]) {
      const r = await attackStatistics(h, rows, { query: 'legalAidStatistics', dimensions, fields, amount: true, as: ANALYST });
      expect({ dimensions, leaks: r.leaks }).toEqual({ dimensions, leaks: [] });
    }
  });

  it('refuses a table of more than 4 dimensions (groupBy, filters and scope together): TOO_MANY_DIMENSIONS', async () => {
    const r = await h.request(`{ legalAidStatistics(groupBy: [TOWNSHIP, AID_TYPE, MATTER, ELIGIBILITY], filter: { status: [CLOSED] }) { cells { count } } }`, undefined, STAFF);
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'groupBy', reason: 'TOO_MANY_DIMENSIONS' });
    expect(r.data?.legalAidStatistics ?? null).toBeNull();
    const four = await h.request(`{ legalAidStatistics(groupBy: [TOWNSHIP, AID_TYPE, ELIGIBILITY], filter: { status: [CLOSED] }) { cells { count } } }`, undefined, STAFF);
    expect(four.errors).toBeUndefined();
  });
});
