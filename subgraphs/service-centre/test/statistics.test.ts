import { expectStatisticsMatch, startSubgraphHarness, testDatabaseKinds, type BruteRow, type SubgraphHarness } from '@aidgraph/subgraph-kit/testing';
import { serviceCentre } from '../src/subgraph';

/** Statistics of applications (一窗受理), against a brute-force count of the rows; PROGRAMME counts an application under each programme it asks for. */
const STAFF = { role: 'department_officer' as const, department: 'SOCIAL_ASSISTANCE_CENTRE' };
const ANALYST = { role: 'analyst' as const };
const AUDITOR = { role: 'auditor' as const };
const isoDate = (v: any): string => (typeof v === 'string' ? v.slice(0, 10) : new Date(v.getTime() - v.getTimezoneOffset() * 60000).toISOString().slice(0, 10));
const fieldsOf = (groupBy: string[]) => groupBy.map((k) => k.toLowerCase().replace(/_([a-z])/g, (_, c) => c.toUpperCase()));

describe.each(testDatabaseKinds())('service-centre statistics on %s', (kind) => {
  let h: SubgraphHarness;
  let rows: BruteRow[];
  let byProgramme: BruteRow[];
  beforeAll(async () => {
    h = await startSubgraphHarness(serviceCentre, kind, { seedSize: 2400, seed: 'service-centre-statistics-test' });
    const raw = await h.db.query('SELECT "applicantId", "townshipCode", "villageCode", "step", "channel", "urgent", "programmes", "submittedOn" FROM assistance_application');
    rows = raw.map((r: any) => ({
      values: {
        township: r.townshipCode, village: r.villageCode, step: r.step, channel: r.channel, urgent: r.urgent === true || r.urgent === 1,
        submittedYear: Number(isoDate(r.submittedOn).slice(0, 4)), submittedMonth: isoDate(r.submittedOn).slice(0, 7), programmes: r.programmes,
      },
      person: r.applicantId,
    }));
    byProgramme = rows.flatMap((r) => (JSON.parse(String(r.values.programmes)) as string[]).map((p) => ({ ...r, values: { ...r.values, programme: p } })));
  });
  afterAll(() => h?.close());

  it('counts applications by step, channel, township and month as the rows do', async () => {
    expect(rows.length).toBeGreaterThan(20);
    let open = 0;
    for (const groupBy of [[], ['STEP'], ['CHANNEL', 'TOWNSHIP'], ['SUBMITTED_MONTH'], ['URGENT', 'STEP'], ['SUBMITTED_YEAR']]) {
      const cells = await expectStatisticsMatch(h, rows, { query: 'applicationStatistics', groupBy, fields: fieldsOf(groupBy), as: STAFF });
      open += cells.filter((c) => !c.suppressed).length;
      await expectStatisticsMatch(h, rows, { query: 'applicationStatistics', groupBy, fields: fieldsOf(groupBy), as: AUDITOR });
    }
    expect(open).toBeGreaterThan(0);
  });

  it('counts an application under each programme it asks for', async () => {
    expect(byProgramme.length).toBeGreaterThan(rows.length);
    for (const groupBy of [['PROGRAMME'], ['PROGRAMME', 'STEP']]) {
      for (const as of [STAFF, AUDITOR]) await expectStatisticsMatch(h, byProgramme, { query: 'applicationStatistics', groupBy, fields: fieldsOf(groupBy), as });
    }
    const p = String(byProgramme[0].values.programme);
    await expectStatisticsMatch(h, byProgramme, { query: 'applicationStatistics', groupBy: ['STEP'], filter: `{ programme: ["${p}"] }`, fields: ['step', 'programme'], keep: (r) => r.values.programme === p, as: AUDITOR });
    const bad = await h.request(`{ applicationStatistics(groupBy: [STEP], filter: { programme: ["NOPE"] }) { cells { count } } }`, undefined, STAFF);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.programme[0]', reason: 'NOT_IN_LIST' });
  });

  it('gives caseworkers their township and village assistants their village; refuses villages to analysts, other townships, other roles', async () => {
    const withVillage = rows.find((r) => r.values.village)!;
    const t = String(withVillage.values.township);
    const v = String(withVillage.values.village);
    await expectStatisticsMatch(h, rows, { query: 'applicationStatistics', groupBy: ['STEP'], fields: ['step', 'township'], keep: (r) => r.values.township === t, as: { role: 'caseworker', township: t } });
    await expectStatisticsMatch(h, rows, { query: 'applicationStatistics', groupBy: ['STEP'], fields: ['step', 'township', 'village'], keep: (r) => r.values.village === v, as: { role: 'village_assistant', township: t, village: v } });
    for (const [as, groupBy] of [[ANALYST, 'VILLAGE'], [{ role: 'public' }, 'STEP'], [{ role: 'department_officer', department: 'MEDICAL_SECURITY' }, 'STEP']] as const) {
      const r = await h.request(`{ applicationStatistics(groupBy: [${groupBy}]) { cells { count } } }`, undefined, as as any);
      expect({ as, code: r.errors?.[0]?.extensions?.code }).toEqual({ as, code: 'FORBIDDEN' });
    }
    const other = rows.find((r) => r.values.township !== t)!.values.township;
    const r = await h.request(`{ applicationStatistics(groupBy: [STEP], filter: { township: ["${other}"] }) { cells { count } } }`, undefined, { role: 'caseworker', township: t });
    expect({ code: r.errors?.[0]?.extensions?.code, data: r.data?.applicationStatistics ?? null }).toEqual({ code: 'FORBIDDEN', data: null });
    const otherVillage = rows.find((x) => x.values.village && x.values.village !== v)!.values.village;
    const va = await h.request(`{ applicationStatistics(groupBy: [STEP], filter: { village: ["${otherVillage}"] }) { cells { count } } }`, undefined, { role: 'village_assistant', township: t, village: v });
    expect(va.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
