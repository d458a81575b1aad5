import { expectStatisticsMatch, startSubgraphHarness, testDatabaseKinds, type BruteRow, type SubgraphHarness, addToBruteCell, expectedPublished, type BruteCell } from '@aidgraph/subgraph-kit/testing';
import { TOWNSHIPS } from '@aidgraph/subgraph-kit';
import { disability } from '../src/subgraph';

/** Statistics of the disability federation's records and its fund use, against a brute-force count of the rows. */
const STAFF = { role: 'department_officer' as const, department: 'DISABLED_PERSONS_FEDERATION' };
const ANALYST = { role: 'analyst' as const };
const AUDITOR = { role: 'auditor' as const };
const isoDate = (v: any): string | null => (v === null || v === undefined ? null : typeof v === 'string' ? v.slice(0, 10) : new Date(v.getTime() - v.getTimezoneOffset() * 60000).toISOString().slice(0, 10));
const mi = (d: string) => Number(d.slice(0, 4)) * 12 + Number(d.slice(5, 7)) - 1;
const fieldsOf = (groupBy: string[]) => groupBy.map((k) => k.toLowerCase().replace(/_([a-z])/g, (_, c) => c.toUpperCase()));

describe.each(testDatabaseKinds())('disability statistics on %s', (kind) => {
  let h: SubgraphHarness;
  let certificates: BruteRow[];
  let subsidies: { personId: string; townshipCode: string; kind: string; status: string; startDate: string; endDate: string | null; monthlyAmount: number }[];
  let rehab: { personId: string; townshipCode: string; status: string; startDate: string; amount: number }[];
  beforeAll(async () => {
    h = await startSubgraphHarness(disability, kind, { seedSize: 2400, seed: 'disability-statistics-test' });
    certificates = (await h.db.query('SELECT "personId", "townshipCode", "category", "grade", "status", "issuedOn" FROM disability_certificate')).map((r: any) => ({
      values: { township: r.townshipCode, category: r.category, grade: `GRADE_${r.grade}`, status: r.status, issuedYear: Number(isoDate(r.issuedOn)!.slice(0, 4)) },
      person: r.personId,
    }));
    subsidies = (await h.db.query('SELECT "personId", "townshipCode", "kind", "status", "startDate", "endDate", "monthlyAmount" FROM disability_subsidy')).map((r: any) => ({
      ...r, startDate: isoDate(r.startDate)!, endDate: isoDate(r.endDate), monthlyAmount: Number(r.monthlyAmount),
    }));
    rehab = (await h.db.query('SELECT "personId", "townshipCode", "status", "startDate", "amount" FROM rehabilitation_service')).map((r: any) => ({ ...r, startDate: isoDate(r.startDate)!, amount: Number(r.amount) }));
  });
  afterAll(() => h?.close());

  it('counts certificates by category and grade (numeric enum), township and year as the rows do', async () => {
    expect(certificates.length).toBeGreaterThan(30);
    let hidden = 0;
    for (const groupBy of [['CATEGORY'], ['GRADE'], ['CATEGORY', 'GRADE'], ['TOWNSHIP', 'GRADE'], ['ISSUED_YEAR', 'STATUS']]) {
      const cells = await expectStatisticsMatch(h, certificates, { query: 'disabilityCertificateStatistics', groupBy, fields: fieldsOf(groupBy), as: STAFF });
      hidden += cells.filter((c) => c.suppressed).length;
      await expectStatisticsMatch(h, certificates, { query: 'disabilityCertificateStatistics', groupBy, fields: fieldsOf(groupBy), as: AUDITOR });
    }
    expect(hidden).toBeGreaterThan(0);
    // a filter on a numeric grade is a slice of the table grouped by it
    const sliced = await expectStatisticsMatch(h, certificates, {
      query: 'disabilityCertificateStatistics', groupBy: ['CATEGORY'], filter: '{ grade: [GRADE_1, GRADE_2] }', fields: ['category', 'grade'], keep: (r) => ['GRADE_1', 'GRADE_2'].includes(String(r.values.grade)), as: STAFF,
    });
    const whole = await expectStatisticsMatch(h, certificates, { query: 'disabilityCertificateStatistics', groupBy: ['CATEGORY', 'GRADE'], fields: ['category', 'grade'], as: STAFF });
    expect(sliced).toEqual(whole.filter((c) => ['GRADE_1', 'GRADE_2'].includes(c.grade)));
  });

  it('sums subsidies and rehabilitation services exactly', async () => {
    const rows: BruteRow[] = subsidies.map((s) => ({ values: { township: s.townshipCode, kind: s.kind, status: s.status, startYear: Number(s.startDate.slice(0, 4)) }, person: s.personId, amountFen: s.monthlyAmount }));
    for (const groupBy of [['KIND'], ['KIND', 'TOWNSHIP'], ['START_YEAR']]) {
      for (const as of [STAFF, AUDITOR]) await expectStatisticsMatch(h, rows, { query: 'disabilitySubsidyStatistics', groupBy, fields: fieldsOf(groupBy), amount: true, as });
    }
  });

  it('refuses other departments, village assistants, the public and analysts of another role', async () => {
    for (const as of [{ role: 'department_officer', department: 'EDUCATION' }, { role: 'public' }, { role: 'village_assistant', township: '370281001', village: '370281001001' }]) {
      const r = await h.request(`{ disabilityCertificateStatistics(groupBy: [GRADE]) { cells { count } } }`, undefined, as as any);
      expect({ as, code: r.errors?.[0]?.extensions?.code }).toEqual({ as, code: 'FORBIDDEN' });
    }
    const own = await h.request(`{ disabilityCertificateStatistics(groupBy: [GRADE]) { cells { count } } }`, undefined, { role: 'department_officer', department: 'DISABLED_PERSONS_FEDERATION' });
    expect(own.errors).toBeUndefined();
  });

  it('answers fund use: subsidies monthly while in force, rehabilitation once in its month (not cancelled)', async () => {
    const year = 2025;
    const months = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
    const expected = new Map<string, { people: Set<string>; fen: number }>();
    const brute = new Map<string, BruteCell>();
    const add = (k: string, p: string, fen: number) => {
      const g = expected.get(k) ?? { people: new Set<string>(), fen: 0 };
      brute.set(k, addToBruteCell(brute.get(k), p, fen, !g.people.has(p)));
      g.people.add(p);
      g.fen += fen;
      expected.set(k, g);
    };
    for (const s of subsidies) for (const m of months) if (mi(s.startDate) <= mi(m) && (s.endDate === null || mi(s.endDate) >= mi(m))) add(`${s.kind}/${s.townshipCode}/${m}`, s.personId, s.monthlyAmount);
    for (const r of rehab) if (r.status !== 'CANCELLED' && r.startDate.startsWith(String(year))) add(`REHABILITATION/${r.townshipCode}/${r.startDate.slice(0, 7)}`, r.personId, r.amount);
    const r = await h.request(`{ disabilityFundUse(year: ${year}) { cells { programme township month recipients amount suppressed } } }`, undefined, AUDITOR);
    expect(r.errors).toBeUndefined();
    const cells = r.data.disabilityFundUse.cells;
    // the full grid: every programme the sources can pay x every township of the city x every month, 0 where nobody was paid
    const grid = ['LIVING', 'NURSING', 'REHABILITATION'].flatMap((p) => TOWNSHIPS.flatMap((t) => months.map((m) => `${p}/${t.code}/${m}`)));
    expect(cells.map((c: any) => `${c.programme}/${c.township}/${c.month}`)).toEqual(grid);
    expect([...expected.keys()].every((k) => grid.includes(k))).toBe(true);
    for (const c of cells) {
      const g = expected.get(`${c.programme}/${c.township}/${c.month}`) ?? { people: new Set<string>(), fen: 0 };
      expect({ c }).toEqual({ c: { ...c, recipients: g.people.size, amount: (g.fen / 100).toFixed(2), suppressed: false } });
    }
    const analyst = await h.request(`{ disabilityFundUse(year: ${year}) { cells { programme township month recipients amount suppressed } } }`, undefined, ANALYST);
    let perturbed = 0;
    expect(analyst.data.disabilityFundUse.cells).toHaveLength(grid.length);
    for (const c of analyst.data.disabilityFundUse.cells) {
      const g = expected.get(`${c.programme}/${c.township}/${c.month}`) ?? { people: new Set<string>(), fen: 0 };
      if (!g.people.size) expect(c.suppressed).toBe(true);
      if (c.suppressed) expect([c.recipients, c.amount]).toEqual([null, null]);
      else {
        // the true figures with the documented noise of the cell's records (statistics/perturbation.ts)
        const p = expectedPublished(brute.get(`${c.programme}/${c.township}/${c.month}`)!);
        expect([c.recipients, c.amount, g.people.size >= 5]).toEqual([p.people, p.amount, true]);
        if (p.people !== g.people.size || p.amount !== (g.fen / 100).toFixed(2)) perturbed++;
      }
    }
    // the full grid at this size (2,400 people): each of the cells of 5 or more recipients shares a township-month row
    // with a cell of fewer or of none (a zero is suppressed like a small cell, so that it is not told apart), and the
    // audit hides it as that cell's complement: the analyst's table is all suppressed (perturbation is checked on civil
    // affairs' larger table)
    expect([...expected.values()].filter((g) => g.people.size >= 5).length).toBeGreaterThan(0);
    expect(analyst.data.disabilityFundUse.cells.filter((c: any) => !c.suppressed)).toEqual([]);
    expect(perturbed).toBe(0);
  });
});
