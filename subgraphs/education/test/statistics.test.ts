import { TOWNSHIPS } from '@aidgraph/subgraph-kit';
import { education } from '../src/subgraph';
import { expectStatisticsMatch, startSubgraphHarness, testDatabaseKinds, type BruteRow, type SubgraphHarness } from '@aidgraph/subgraph-kit/testing';

/** Statistics of education aid (Query.educationStatistics) and its fund use, against a brute-force count of the rows. */
const STAFF = { role: 'department_officer' as const, department: 'EDUCATION' };
const ANALYST = { role: 'analyst' as const };
const AUDITOR = { role: 'auditor' as const };

describe.each(testDatabaseKinds())('education statistics on %s', (kind) => {
  let h: SubgraphHarness;
  let rows: BruteRow[];
  let raw: { personId: string; townshipCode: string; schoolStage: string; aidType: string; status: string; approvedOn: string; amount: number }[];
  beforeAll(async () => {
    h = await startSubgraphHarness(education, kind, { seedSize: 2400, seed: 'education-statistics-test' });
    raw = (await h.db.query('SELECT "personId", "townshipCode", "schoolStage", "aidType", "status", "approvedOn", "amount" FROM education_aid')).map((r: any) => ({
      ...r,
      approvedOn: typeof r.approvedOn === 'string' ? r.approvedOn.slice(0, 10) : new Date(r.approvedOn.getTime() - r.approvedOn.getTimezoneOffset() * 60000).toISOString().slice(0, 10),
      amount: Number(r.amount),
    }));
    rows = raw.map((r) => ({
      values: { township: r.townshipCode, schoolStage: r.schoolStage, aidType: r.aidType, status: r.status, year: Number(r.approvedOn.slice(0, 4)), month: r.approvedOn.slice(0, 7) },
      person: r.personId,
      amountFen: r.amount,
    }));
  });
  afterAll(() => h?.close());

  it('answers every unsuppressed cell as the rows count it, and suppresses every group under 5 people', async () => {
    expect(rows.length).toBeGreaterThan(50);
    let suppressed = 0;
    let open = 0;
    for (const groupBy of [[], ['TOWNSHIP'], ['SCHOOL_STAGE'], ['TOWNSHIP', 'SCHOOL_STAGE'], ['YEAR', 'AID_TYPE'], ['MONTH'], ['STATUS', 'TOWNSHIP']]) {
      const fields = groupBy.map((k) => k.toLowerCase().replace(/_([a-z])/g, (_, c) => c.toUpperCase()));
      const cells = await expectStatisticsMatch(h, rows, { query: 'educationStatistics', groupBy, fields, amount: true, as: STAFF });
      suppressed += cells.filter((c) => c.suppressed).length;
      open += cells.filter((c) => !c.suppressed).length;
      await expectStatisticsMatch(h, rows, { query: 'educationStatistics', groupBy, fields, amount: true, as: AUDITOR });
    }
    // the demo data has both kinds of cells, so the comparison can fail either way
    expect(suppressed).toBeGreaterThan(0);
    expect(open).toBeGreaterThan(0);
  });

  it('answers a filter as a slice of the table grouped also by the filtered dimension, the same cells as the unfiltered table', async () => {
    const t = raw[0].townshipCode;
    const stage = raw[0].schoolStage;
    const sliced = await expectStatisticsMatch(h, rows, {
      query: 'educationStatistics', groupBy: ['YEAR'], filter: `{ township: ["${t}"], schoolStage: [${stage}] }`, fields: ['year', 'township', 'schoolStage'], amount: true,
      keep: (r) => r.values.township === t && r.values.schoolStage === stage, as: STAFF,
    });
    const whole = await expectStatisticsMatch(h, rows, { query: 'educationStatistics', groupBy: ['YEAR', 'TOWNSHIP', 'SCHOOL_STAGE'], fields: ['year', 'township', 'schoolStage'], amount: true, as: STAFF });
    expect(sliced).toEqual(whole.filter((c) => c.township === t && c.schoolStage === stage));
    // a caseworker gets the slice of its township of the same table
    const cw = await expectStatisticsMatch(h, rows, {
      query: 'educationStatistics', groupBy: ['SCHOOL_STAGE'], fields: ['schoolStage', 'township'], amount: true, keep: (r) => r.values.township === t, as: { role: 'caseworker', township: t },
    });
    const byStage = await expectStatisticsMatch(h, rows, { query: 'educationStatistics', groupBy: ['SCHOOL_STAGE', 'TOWNSHIP'], fields: ['schoolStage', 'township'], amount: true, as: STAFF });
    expect(cw).toEqual(byStage.filter((c) => c.township === t));
  });

  it('refuses roles outside the allow list, village assistants, other departments and bad input', async () => {
    const q = `{ educationStatistics(groupBy: [TOWNSHIP]) { cells { count } } }`;
    for (const as of [{ role: 'public' as const }, { role: 'village_assistant' as const, township: raw[0].townshipCode, village: raw[0].townshipCode + '001' }, { role: 'department_officer' as const, department: 'MEDICAL_SECURITY' }]) {
      const r = await h.request(q, undefined, as as any);
      expect({ as, code: r.errors?.[0]?.extensions?.code, data: r.data?.educationStatistics ?? null }).toEqual({ as, code: 'FORBIDDEN', data: null });
    }
    const bad = await h.request(`{ educationStatistics(groupBy: [TOWNSHIP], filter: { township: ["123"] }) { cells { count } } }`, undefined, STAFF);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.township[0]' });
    const range = await h.request(`{ educationStatistics(groupBy: [], filter: { monthFrom: "2025-03" }) { cells { count } } }`, undefined, STAFF);
    expect(range.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.monthTo', reason: 'REQUIRED' });
  });

  it('answers fund use per township and month: each aid not revoked, once, in its month of approval', async () => {
    const paid = raw.filter((r) => r.status !== 'REVOKED');
    const month = paid[0].approvedOn.slice(0, 7);
    const year = Number(month.slice(0, 4));
    const r = await h.request(`{ educationFundUse(year: ${year}) { months minCell exact cells { programme township month recipients amount suppressed } } }`, undefined, AUDITOR);
    expect(r.errors).toBeUndefined();
    const groups = new Map<string, { people: Set<string>; fen: number }>();
    for (const a of paid.filter((x) => x.approvedOn.startsWith(String(year)))) {
      const k = `${a.townshipCode}/${a.approvedOn.slice(0, 7)}`;
      const g = groups.get(k) ?? { people: new Set<string>(), fen: 0 };
      g.people.add(a.personId);
      g.fen += a.amount;
      groups.set(k, g);
    }
    const cells = r.data.educationFundUse.cells;
    // the full grid: every township of the city x every month answered, a township-month without aid included (0)
    const grid = TOWNSHIPS.flatMap((t) => (r.data.educationFundUse.months as string[]).map((m) => `${t.code}/${m}`));
    expect(cells.map((c: any) => `${c.township}/${c.month}`)).toEqual(grid);
    expect([...groups.keys()].every((k) => grid.includes(k))).toBe(true);
    expect(cells.filter((c: any) => c.recipients === 0 && c.amount === '0.00')).toHaveLength(grid.length - groups.size);
    for (const c of cells) {
      const g = groups.get(`${c.township}/${c.month}`) ?? { people: new Set<string>(), fen: 0 };
      expect({ c }).toEqual({ c: { programme: 'EDUCATION_AID', township: c.township, month: c.month, recipients: g.people.size, amount: (g.fen / 100).toFixed(2), suppressed: false } });
    }
    const analyst = await h.request(`{ educationFundUse(month: "${month}") { months cells { township month recipients amount suppressed } } }`, undefined, ANALYST);
    expect(analyst.errors).toBeUndefined();
    expect(analyst.data.educationFundUse.months).toEqual([month]);
    expect(analyst.data.educationFundUse.cells.map((c: any) => c.township)).toEqual(TOWNSHIPS.map((t) => t.code));
    for (const c of analyst.data.educationFundUse.cells) {
      const g = groups.get(`${c.township}/${c.month}`) ?? { people: new Set<string>(), fen: 0 };
      if (!g.people.size) expect(c.suppressed).toBe(true);
      if (c.suppressed) expect([c.recipients, c.amount]).toEqual([null, null]);
      else expect([c.recipients, c.amount, g.people.size >= 5]).toEqual([g.people.size, (g.fen / 100).toFixed(2), true]);
    }
    // the public disclosure site (资金使用公示) gets the analyst's table: the suppression is the same for every role but the auditor
    const q = `{ educationFundUse(month: "${month}") { months cells { township month recipients amount suppressed } } }`;
    const site = await h.request(q, undefined, { role: 'public', subject: 'disclosure-site' } as any);
    expect(site.errors).toBeUndefined();
    expect(site.data.educationFundUse).toEqual(analyst.data.educationFundUse);
    // and nothing else of the subgraph: its statistics are FORBIDDEN to it
    const stats = await h.request(`{ educationStatistics(groupBy: [TOWNSHIP]) { cells { count } } }`, undefined, { role: 'public', subject: 'disclosure-site' } as any);
    expect(stats.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
  it('answers analysts a count-only totalCount as null whatever the count, 0 included (auditors: always exact); the statistics give the figure', async () => {
    const n = (t: string, stage: string) => raw.filter((r) => r.townshipCode === t && r.schoolStage === stage).length;
    const combos = [...new Set(raw.map((r) => `${r.townshipCode}/${r.schoolStage}`))].map((k) => k.split('/'));
    const small = combos.find(([t, st]) => n(t, st) >= 1 && n(t, st) < 5)!;
    const large = combos.find(([t, st]) => n(t, st) >= 5)!;
    expect(small && large).toBeTruthy();
    for (const [t, st] of [small, large]) {
      const q = `{ educationAids(first: 0, filter: { townshipCode: "${t}", schoolStage: ${st} }) { totalCount } }`;
      const a = await h.request(q, undefined, ANALYST);
      const b = await h.request(q, undefined, AUDITOR);
      expect({ t, st, analyst: a.data.educationAids.totalCount, auditor: b.data.educationAids.totalCount }).toEqual({ t, st, analyst: null, auditor: n(t, st) });
    }
    // an aliased second list in the same query is marked on its own path, and answered null too
    const two = await h.request(`{ a: educationAids(filter: { townshipCode: "${small[0]}", schoolStage: ${small[1]} }) { totalCount } b: educationAids { totalCount } }`, undefined, ANALYST);
    expect(raw.length).toBeGreaterThan(5);
    expect([two.data.a.totalCount, two.data.b.totalCount]).toEqual([null, null]);
    // the figures themselves come from educationStatistics (suppressed as one table)
    await expectStatisticsMatch(h, rows, { query: 'educationStatistics', groupBy: ['TOWNSHIP', 'SCHOOL_STAGE'], fields: ['township', 'schoolStage'], amount: true, as: STAFF });
  });
});
