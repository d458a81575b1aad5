import { addToBruteCell, attackStatistics, expectedPublished, startSubgraphHarness, type BruteCell, testDatabaseKinds, type BruteRow, type SubgraphHarness } from '@aidgraph/subgraph-kit/testing';
import { civilAffairs } from '../src/subgraph';

/**
 * The hostile review's finding 1 on the demo population (`npm start`: seed jiaozhou-2020-106, 2,400 people, clock
 * 2025-12-31): enrolmentStatistics of township 370281105 by [TOWNSHIP, STATUS], [TOWNSHIP, PROGRAMME, STATUS] and
 * [TOWNSHIP, PROGRAMME] gave DIBAO·ACTIVE (4 people) and TEKUN·ACTIVE (1 person). An attacker asking every subset of
 * the dimensions in every order, and solving singleton rows over all of it, must now pin no group under 5: the
 * suppression hides them with their complements, and every published figure carries the noise of its records
 * (statistics/perturbation.ts), so a figure derived from several is known only within the sum of their noises.
 */
const ANALYST = { role: 'analyst' as const };
const TOWNSHIP = '370281105';

describe.each(testDatabaseKinds())('civil-affairs statistics against the margin attack on %s', (kind) => {
  let h: SubgraphHarness;
  let rows: BruteRow[];
  const saved = process.env.AIDGRAPH_TODAY;
  beforeAll(async () => {
    process.env.AIDGRAPH_TODAY = '2025-12-31';
    h = await startSubgraphHarness(civilAffairs, kind, { seedSize: 2400, seed: 'jiaozhou-2020-106' });
    rows = (await h.db.query('SELECT "personId", "townshipCode", "programme", "status", "amount" FROM enrolment')).map((r: any) => ({
      values: { township: r.townshipCode, programme: r.programme, status: r.status },
      person: r.personId,
      amountFen: Number(r.amount),
    }));
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env.AIDGRAPH_TODAY;
    else process.env.AIDGRAPH_TODAY = saved;
    await h?.close();
  });

  it(`recovers no group under 5 in township ${TOWNSHIP} (the reproduction) from every subset and order`, async () => {
    const here = rows.filter((r) => r.values.township === TOWNSHIP);
    // the demo data of the reproduction: ACTIVE 13 records, ENDED 8, and groups of 1 and 4 people among them
    const by = (f: (r: BruteRow) => boolean) => here.filter(f).length;
    expect([by((r) => r.values.status === 'ACTIVE'), by((r) => r.values.status === 'ENDED')]).toEqual([13, 8]);
    const small = new Map<string, Set<string>>();
    for (const r of here) {
      const k = `${r.values.programme}/${r.values.status}`;
      small.set(k, (small.get(k) ?? new Set()).add(r.person!));
    }
    expect([...small].filter(([, p]) => p.size < 5).map(([k, p]) => [k, p.size]).sort()).toEqual([['DIBAO/ACTIVE', 4], ['TEKUN/ACTIVE', 1]]);
    const r = await attackStatistics(h, here, {
      query: 'enrolmentStatistics',
      dimensions: ['TOWNSHIP', 'PROGRAMME', 'STATUS'],
      fields: ['township', 'programme', 'status'],
      filter: `{ township: ["${TOWNSHIP}"] }`,
      amount: true,
      as: ANALYST,
    });
    expect(r.tables).toBe(8);
    expect(r.leaks).toEqual([]);
    // the attacker finds what is there to find: the auditor's exact tables give the groups under 5
    const exact = await attackStatistics(h, here, { query: 'enrolmentStatistics', dimensions: ['TOWNSHIP', 'PROGRAMME', 'STATUS'], fields: ['township', 'programme', 'status'], filter: `{ township: ["${TOWNSHIP}"] }`, amount: true, as: { role: 'auditor' } });
    expect(exact.leaks.filter((l) => l.startsWith('township×programme×status')).sort()).toEqual([
      'township×programme×status ["370281105","DIBAO","ACTIVE"]: {"count":4,"fen":149400,"r":0} (4 people)',
      'township×programme×status ["370281105","TEKUN","ACTIVE"]: {"count":1,"fen":149500,"r":0} (1 people)',
    ]);
    // the reproduction's three queries: the coarser tables are open, the fine one no longer leaks through them
    const q = (groupBy: string) => h.request(`{ t: enrolmentStatistics(groupBy: [${groupBy}], filter: { township: ["${TOWNSHIP}"] }) { cells { programme status count amount suppressed } } }`, undefined, ANALYST);
    // ACTIVE: 13 records, 2,989.00 yuan; ENDED: 8 records, 3,036.00 yuan (the auditor's figures), published with their noise
    const status = (st: string) => here.filter((r) => r.values.status === st).reduce<BruteCell | undefined>((c, r, i, all) => addToBruteCell(c, r.person!, r.amountFen!, all.findIndex((x) => x.person === r.person) === i), undefined)!;
    expect([status('ACTIVE').count, status('ACTIVE').fen, status('ENDED').count, status('ENDED').fen]).toEqual([13, 298900, 8, 303600]);
    const published = (st: string) => expectedPublished(status(st));
    expect((await q('TOWNSHIP, STATUS')).data.t.cells.map((c: any) => [c.status, c.count, c.amount])).toEqual([
      ['ACTIVE', published('ACTIVE').count, published('ACTIVE').amount],
      ['ENDED', published('ENDED').count, published('ENDED').amount],
    ]);
    const fine = (await q('TOWNSHIP, PROGRAMME, STATUS')).data.t.cells;
    expect(fine.filter((c: any) => c.programme === 'DIBAO' || c.programme === 'TEKUN').every((c: any) => c.suppressed)).toBe(true);
  });

  it('recovers no group under 5 city-wide by township, programme and status (every subset, every order)', async () => {
    const r = await attackStatistics(h, rows, {
      query: 'enrolmentStatistics',
      dimensions: ['TOWNSHIP', 'PROGRAMME', 'STATUS'],
      fields: ['township', 'programme', 'status'],
      amount: true,
      as: ANALYST,
    });
    expect(r.leaks).toEqual([]);
    // there are groups under 5 to protect: a township's programme × status of 1-4 people
    const groups = new Map<string, Set<string>>();
    for (const x of rows) {
      const k = `${x.values.township}/${x.values.programme}/${x.values.status}`;
      groups.set(k, (groups.get(k) ?? new Set()).add(x.person!));
    }
    expect([...groups.values()].filter((p) => p.size < 5).length).toBeGreaterThan(5);
  });
});
