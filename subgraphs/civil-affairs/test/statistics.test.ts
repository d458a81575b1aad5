import { ageBandAt, TOWNSHIPS } from '@aidgraph/subgraph-kit';
import { addToBruteCell, expectedPublished, expectStatisticsMatch, startSubgraphHarness, type BruteCell, testDatabaseKinds, type BruteRow, type SubgraphHarness } from '@aidgraph/subgraph-kit/testing';
import { civilAffairs } from '../src/subgraph';
import { Enrolment } from '../src/modules/enrolment/enrolment.entity';

/** Statistics of the registry and the enrolments, and civil affairs' fund use, against a brute-force count of the rows. */
const STAFF = { role: 'department_officer' as const, department: 'CIVIL_AFFAIRS' };
const ANALYST = { role: 'analyst' as const };
const AUDITOR = { role: 'auditor' as const };
const TODAY = '2025-12-31';
const isoDate = (v: any): string | null => (v === null || v === undefined ? null : typeof v === 'string' ? v.slice(0, 10) : new Date(v.getTime() - v.getTimezoneOffset() * 60000).toISOString().slice(0, 10));
const mi = (d: string) => Number(d.slice(0, 4)) * 12 + Number(d.slice(5, 7)) - 1;
type FundUseRecord = { personId: string; townshipCode: string; programme: string; startDate: string; endDate: string | null; amount: number; amountPeriod: string };
type LineRecord = { personId: string; townshipCode: string; programme: string; month: string; amount: number };

/**
 * What civil affairs paid, record by record per month (programme/township/month → one entry per record paid): DIBAO and
 * TEKUN from the payment lines (each in its month), TEMPORARY in the month it starts, MARGINAL (0) in each month in force.
 */
function paidRecords(enrolments: FundUseRecord[], lines: LineRecord[], months: string[]): Map<string, { personId: string; fen: number }[]> {
  const out = new Map<string, { personId: string; fen: number }[]>();
  const add = (k: string, personId: string, fen: number) => out.set(k, [...(out.get(k) ?? []), { personId, fen }]);
  for (const l of lines) if (months.includes(l.month)) add(`${l.programme}/${l.townshipCode}/${l.month}`, l.personId, l.amount);
  for (const e of enrolments) {
    if (e.programme === 'DIBAO' || e.programme === 'TEKUN') continue;
    for (const m of months) {
      const paid = e.amountPeriod === 'ONE_OFF' ? e.startDate.slice(0, 7) === m : mi(e.startDate) <= mi(m) && (e.endDate === null || mi(e.endDate) >= mi(m));
      if (paid) add(`${e.programme}/${e.townshipCode}/${m}`, e.personId, e.amount);
    }
  }
  return out;
}

describe.each(testDatabaseKinds())('civil-affairs statistics on %s', (kind) => {
  let h: SubgraphHarness;
  let people: BruteRow[];
  let enrolments: (FundUseRecord & { status: string })[];
  let lines: LineRecord[];
  const saved = process.env.AIDGRAPH_TODAY;
  beforeAll(async () => {
    process.env.AIDGRAPH_TODAY = TODAY;
    h = await startSubgraphHarness(civilAffairs, kind, { seedSize: 2400, seed: 'civil-affairs-statistics-test' });
    people = (await h.db.query('SELECT "id", "townshipCode", "villageCode", "gender", "birthDate", "status" FROM person')).map((r: any) => ({
      values: { township: r.townshipCode, village: r.villageCode, gender: r.gender, ageBand: ageBandAt(isoDate(r.birthDate)!, `${TODAY.slice(0, 4)}-01-01`), status: r.status },
      person: r.id,
    }));
    enrolments = (await h.db.query('SELECT "personId", "townshipCode", "programme", "status", "startDate", "endDate", "amount", "amountPeriod" FROM enrolment')).map((r: any) => ({
      ...r, startDate: isoDate(r.startDate)!, endDate: isoDate(r.endDate), amount: Number(r.amount),
    }));
    lines = (await h.db.query('SELECT "personId", "townshipCode", "programme", "month", "amount" FROM payment_line')).map((r: any) => ({ ...r, amount: Number(r.amount) }));
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env.AIDGRAPH_TODAY;
    else process.env.AIDGRAPH_TODAY = saved;
    await h?.close();
  });

  it('counts people by township, gender and age band as the rows do, suppressing groups under 5', async () => {
    expect(people.length).toBe(2400);
    for (const groupBy of [[], ['TOWNSHIP'], ['TOWNSHIP', 'GENDER', 'AGE_BAND'], ['AGE_BAND']]) {
      const fields = groupBy.map((k) => k.toLowerCase().replace(/_([a-z])/g, (_, c) => c.toUpperCase()));
      for (const as of [STAFF, ANALYST, AUDITOR]) await expectStatisticsMatch(h, people, { query: 'personStatistics', groupBy, fields, as });
    }
  });

  it('counts enrolments by programme, status, township and start year, with exact amounts', async () => {
    const rows: BruteRow[] = enrolments.map((e) => ({
      values: { township: e.townshipCode, programme: e.programme, status: e.status, startYear: Number(e.startDate.slice(0, 4)), startMonth: e.startDate.slice(0, 7) },
      person: e.personId,
      amountFen: e.amount,
    }));
    expect(rows.length).toBeGreaterThan(50);
    let suppressed = 0;
    for (const groupBy of [['PROGRAMME'], ['PROGRAMME', 'TOWNSHIP'], ['PROGRAMME', 'STATUS', 'START_YEAR'], ['START_MONTH']]) {
      const fields = groupBy.map((k) => k.toLowerCase().replace(/_([a-z])/g, (_, c) => c.toUpperCase()));
      const cells = await expectStatisticsMatch(h, rows, { query: 'enrolmentStatistics', groupBy, fields, amount: true, as: STAFF });
      suppressed += cells.filter((c) => c.suppressed).length;
      // analysts get the very same cells as the department's officers (the same suppression and noise)
      expect(await expectStatisticsMatch(h, rows, { query: 'enrolmentStatistics', groupBy, fields, amount: true, as: ANALYST })).toEqual(cells);
      await expectStatisticsMatch(h, rows, { query: 'enrolmentStatistics', groupBy, fields, amount: true, as: AUDITOR });
    }
    expect(suppressed).toBeGreaterThan(0);
  });

  it('answers enrolment statistics to civil-affairs officers only among department officers: the others see enrolments collapsed', async () => {
    const q = `{ enrolmentStatistics(groupBy: [PROGRAMME]) { cells { programme count suppressed } } }`;
    // the raw enrolments hold TEMPORARY assistance (it follows a grave illness), which the other departments never see
    expect(enrolments.some((e) => e.programme === 'TEMPORARY')).toBe(true);
    const civil = await h.request(q, undefined, { role: 'department_officer', department: 'CIVIL_AFFAIRS' });
    expect(civil.errors).toBeUndefined();
    expect(civil.data.enrolmentStatistics.cells.map((c: any) => c.programme)).toContain('TEMPORARY');
    for (const department of ['SOCIAL_ASSISTANCE_CENTRE', 'EDUCATION', 'MEDICAL_SECURITY', 'HOUSING', 'JUSTICE']) {
      for (const query of [q, `{ enrolmentStatistics(groupBy: [TOWNSHIP], filter: { programme: [DIBAO] }) { cells { count } } }`]) {
        const r = await h.request(query, undefined, { role: 'department_officer', department });
        expect({ department, code: r.errors?.[0]?.extensions?.code, data: r.data?.enrolmentStatistics ?? null }).toEqual({ department, code: 'FORBIDDEN', data: null });
      }
    }
    // the service centre keeps the registry's statistics (people, households): they carry no enrolment
    const sac = await h.request(`{ personStatistics(groupBy: [TOWNSHIP]) { cells { count } } householdStatistics(groupBy: [TOWNSHIP]) { cells { count } } }`, undefined, { role: 'department_officer', department: 'SOCIAL_ASSISTANCE_CENTRE' });
    expect(sac.errors).toBeUndefined();
    // caseworkers, analysts and auditors as before
    for (const as of [STAFF, ANALYST, AUDITOR, { role: 'caseworker' as const, township: enrolments[0].townshipCode }]) {
      const r = await h.request(q, undefined, as);
      expect({ role: as.role, errors: r.errors }).toEqual({ role: as.role, errors: undefined });
    }
  });

  it('lets a caseworker and a village assistant see the slice of their scope, and refuses what is not theirs', async () => {
    const t = String(people[0].values.township);
    const v = String(people[0].values.village);
    const cw = await expectStatisticsMatch(h, people, { query: 'personStatistics', groupBy: ['VILLAGE'], fields: ['village', 'township'], keep: (r) => r.values.township === t, as: { role: 'caseworker', township: t } });
    expect(cw.length).toBeGreaterThan(1);
    await expectStatisticsMatch(h, people, { query: 'personStatistics', groupBy: ['GENDER'], fields: ['gender', 'township', 'village'], keep: (r) => r.values.village === v, as: { role: 'village_assistant', township: t, village: v } });
    const other = people.find((p) => p.values.township !== t)!.values.township;
    for (const [q, as, why] of [
      [`{ personStatistics(groupBy: [VILLAGE]) { cells { count } } }`, ANALYST, 'analysts never see villages'],
      [`{ personStatistics(groupBy: [STATUS]) { cells { count } } }`, ANALYST, 'status is quasi.fine'],
      [`{ personStatistics(groupBy: [GENDER], filter: { township: ["${other}"] }) { cells { count } } }`, { role: 'caseworker', township: t }, 'another township is outside the scope'],
      [`{ enrolmentStatistics(groupBy: [PROGRAMME]) { cells { count } } }`, { role: 'village_assistant', township: t, village: v }, 'enrolments carry no village'],
      [`{ personStatistics(groupBy: [TOWNSHIP]) { cells { count } } }`, { role: 'public' }, 'deny by default'],
      [`{ civilAffairsFundUse(year: 2025) { cells { amount } } }`, { role: 'department_officer', department: 'EDUCATION' }, 'another department'],
    ] as const) {
      const r = await h.request(q, undefined, as as any);
      expect({ why, code: r.errors?.[0]?.extensions?.code }).toEqual({ why, code: 'FORBIDDEN' });
    }
  });

  it('answers fund use: DIBAO/TEKUN the payment lines of each month (the seeded regular batches), TEMPORARY once in its month, MARGINAL 0', async () => {
    const months = Array.from({ length: 12 }, (_, i) => `2025-${String(i + 1).padStart(2, '0')}`);
    // the demo has a regular batch of DIBAO and TEKUN for each of the 12 months up to the clock's (2025-12): every month of 2025
    expect((await h.db.query('SELECT "month" FROM payment_batch WHERE "programme" = \'DIBAO\' ORDER BY "month"')).map((r: any) => r.month)).toEqual(months);
    expect(lines.filter((l) => l.programme === 'DIBAO' && l.month === '2025-06').length).toBeGreaterThan(20);
    const expected = new Map<string, { people: Set<string>; fen: number }>();
    const brute = new Map<string, BruteCell>();
    for (const [k, records] of paidRecords(enrolments, lines, months))
      for (const e of records) {
        const g = expected.get(k) ?? { people: new Set<string>(), fen: 0 };
        brute.set(k, addToBruteCell(brute.get(k), e.personId, e.fen, !g.people.has(e.personId)));
        g.people.add(e.personId);
        g.fen += e.fen;
        expected.set(k, g);
      }
    const r = await h.request(`{ civilAffairsFundUse(year: 2025) { months exact cells { programme township month recipients amount suppressed } } }`, undefined, AUDITOR);
    expect(r.errors).toBeUndefined();
    expect(r.data.civilAffairsFundUse.months).toEqual(months);
    const cells = r.data.civilAffairsFundUse.cells;
    // the full grid: every programme x every township of the city x every month, a cell where nobody was paid included (0)
    const grid = ['DIBAO', 'MARGINAL', 'TEKUN', 'TEMPORARY'].flatMap((p) => TOWNSHIPS.flatMap((t) => months.map((m) => `${p}/${t.code}/${m}`)));
    expect(cells.map((c: any) => `${c.programme}/${c.township}/${c.month}`)).toEqual(grid);
    expect([...expected.keys()].every((k) => grid.includes(k))).toBe(true);
    let zeros = 0;
    for (const c of cells) {
      const g = expected.get(`${c.programme}/${c.township}/${c.month}`) ?? { people: new Set<string>(), fen: 0 };
      if (!g.people.size) zeros++;
      expect({ c }).toEqual({ c: { ...c, recipients: g.people.size, amount: (g.fen / 100).toFixed(2), suppressed: false } });
      if (c.programme === 'MARGINAL') expect(c.amount).toBe('0.00');
    }
    expect(zeros).toBe(grid.length - expected.size);
    expect(zeros).toBeGreaterThan(0);
    expect(new Set(cells.map((c: any) => c.programme))).toEqual(new Set(['DIBAO', 'TEKUN', 'MARGINAL', 'TEMPORARY']));
    // analysts: a month is the slice of its year's suppressed table; open cells carry the perturbed figures
    const year = await h.request(`{ civilAffairsFundUse(year: 2025) { cells { programme township month recipients amount suppressed } } }`, undefined, ANALYST);
    const dec = await h.request(`{ civilAffairsFundUse(month: "2025-12") { cells { programme township month recipients amount suppressed } } }`, undefined, ANALYST);
    expect(dec.data.civilAffairsFundUse.cells).toEqual(year.data.civilAffairsFundUse.cells.filter((c: any) => c.month === '2025-12'));
    let hidden = 0;
    let perturbed = 0;
    expect(year.data.civilAffairsFundUse.cells.map((c: any) => `${c.programme}/${c.township}/${c.month}`)).toEqual(grid);
    for (const c of year.data.civilAffairsFundUse.cells) {
      const g = expected.get(`${c.programme}/${c.township}/${c.month}`) ?? { people: new Set<string>(), fen: 0 };
      // a cell where nobody was paid is suppressed like a small one: null figures
      if (!g.people.size) expect(c).toMatchObject({ recipients: null, amount: null, suppressed: true });
      if (c.suppressed) hidden++;
      else {
        const p = expectedPublished(brute.get(`${c.programme}/${c.township}/${c.month}`)!);
        expect([c.recipients, c.amount, g.people.size >= 5]).toEqual([p.people, p.amount, true]);
        if (p.people !== g.people.size || p.amount !== (g.fen / 100).toFixed(2)) perturbed++;
        if (c.programme === 'MARGINAL') expect(c.amount).toBe('0.00');
      }
    }
    expect(hidden).toBeGreaterThan(0);
    // the figures differ from the true ones (the noise is there), within its bounds
    expect(perturbed).toBeGreaterThan(0);
    // nothing is paid after today
    const future = await h.request(`{ civilAffairsFundUse(month: "2026-01") { months cells { month } } }`, undefined, AUDITOR);
    expect(future.data.civilAffairsFundUse).toEqual({ months: [], cells: [] });
  });
  it('counts a person with two records of a programme in force in one month once; a DIBAO enrolment no batch paid counts nothing', async () => {
    // MARGINAL (counted from its enrolments): a second record in force in April counts the person once
    const e = enrolments.find((x) => x.programme === 'MARGINAL' && x.endDate === null && x.startDate <= '2025-03-01')!;
    expect(e).toBeTruthy();
    await h.db.getRepository(Enrolment).insert({
      id: '00000000-0000-4000-8000-00000000f00d', personId: e.personId, programme: 'MARGINAL' as never, status: 'ENDED' as never,
      startDate: '2025-03-15', endDate: '2025-05-20', amount: '0.00', amountPeriod: 'NONE' as never, townshipCode: e.townshipCode,
    });
    // DIBAO (counted from the payment lines): an enrolment recorded after the batches is not paid, so not in fund use
    const d = enrolments.find((x) => x.programme === 'DIBAO' && x.endDate === null && x.startDate <= '2025-03-01')!;
    await h.db.getRepository(Enrolment).insert({
      id: '00000000-0000-4000-8000-00000000f00e', personId: d.personId, programme: 'DIBAO' as never, status: 'ENDED' as never,
      startDate: '2025-03-15', endDate: '2025-05-20', amount: '100.00', amountPeriod: 'MONTHLY' as never, townshipCode: d.townshipCode,
    });
    const rows = (await h.db.query('SELECT "personId", "townshipCode", "programme", "startDate", "endDate", "amount", "amountPeriod" FROM enrolment')).map((r: any) => ({
      ...r, startDate: isoDate(r.startDate)!, endDate: isoDate(r.endDate), amount: Number(r.amount),
    }));
    const months = Array.from({ length: 12 }, (_, i) => `2025-${String(i + 1).padStart(2, '0')}`);
    const expected = new Map<string, { people: Set<string>; fen: number; n: number }>();
    for (const [k, records] of paidRecords(rows, lines, months))
      for (const x of records) {
        const g = expected.get(k) ?? { people: new Set<string>(), fen: 0, n: 0 };
        g.people.add(x.personId);
        g.fen += x.fen;
        g.n++;
        expected.set(k, g);
      }
    const r = await h.request(`{ civilAffairsFundUse(year: 2025) { cells { programme township month recipients amount } } }`, undefined, AUDITOR);
    const april = `MARGINAL/${e.townshipCode}/2025-04`;
    const got = new Map<string, any>(r.data.civilAffairsFundUse.cells.map((c: any) => [`${c.programme}/${c.township}/${c.month}`, c]));
    expect(expected.get(april)!.n).toBe(expected.get(april)!.people.size + 1);
    expect(got.size).toBe(4 * TOWNSHIPS.length * 12);
    for (const [k, g] of expected) expect({ k, recipients: got.get(k).recipients, amount: got.get(k).amount }).toEqual({ k, recipients: g.people.size, amount: (g.fen / 100).toFixed(2) });
  });
});
