import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { supervision } from '../src/subgraph';
import { pendingSchemaChanges, startSubgraphHarness, testDatabaseKinds, type SubgraphHarness } from '@aidgraph/subgraph-kit/testing';
import { TOWNSHIPS } from '@aidgraph/subgraph-kit';

/**
 * The supervision subgraph alone, on both databases: the rule engine against a stand-in gateway (an HTTP server of the
 * test that answers the rules' operations from a crafted graph; the real gateway is tests/e2e/supervision.test.ts),
 * the alert lifecycle, and what each role sees.
 */
const TOWNSHIP = '370281001';
const OTHER_TOWNSHIP = '370281002';
const PERSON = '0b6f0a36-6b53-4d5e-9a8a-0a1b2c3d4e01';
const AID = '1c1c1c1c-0000-4000-8000-000000000001';
const SUBSIDY = '2d2d2d2d-0000-4000-8000-000000000002';
const TODAY = '2026-03-15';

const SUPERVISOR = { role: 'department_officer' as const, department: 'SUPERVISION', subject: 'supervisor-1' };
const EDUCATION = { role: 'department_officer' as const, department: 'EDUCATION' };
const DISABILITY = { role: 'department_officer' as const, department: 'DISABLED_PERSONS_FEDERATION' };
const CHARITY = { role: 'department_officer' as const, department: 'CHARITY_FEDERATION' };
const CASEWORKER = { role: 'caseworker' as const, township: TOWNSHIP };
const OTHER_CASEWORKER = { role: 'caseworker' as const, township: OTHER_TOWNSHIP };
const AUDITOR = { role: 'auditor' as const };
const ANALYST = { role: 'analyst' as const };
const PUBLIC = { role: 'public' as const };

/** The crafted graph the stand-in gateway answers: one deceased person with an approved education aid and an active disability subsidy. */
const deceased = {
  id: PERSON, status: 'DECEASED', statusDate: '2025-12-10', township: { code: TOWNSHIP },
  enrolments: [], charityGrants: [], disasterReliefs: [], housingAssistance: null,
  educationAids: [{ id: AID, status: 'APPROVED', amount: '1500.00', approvedOn: '2025-09-01' }],
  disabilitySubsidies: [{ id: SUBSIDY, status: 'ACTIVE', monthlyAmount: '120.00', startDate: '2024-01-01', endDate: null }],
};
const empty = { pageInfo: { hasNextPage: false, endCursor: null }, edges: [] };

function standInGateway(): Promise<{ url: string; requests: { auth: string; operation: string }[]; close: () => Promise<void> }> {
  const requests: { auth: string; operation: string }[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const { query, variables } = JSON.parse(body);
      const operation = /query (\w+)/.exec(query)?.[1] ?? '';
      requests.push({ auth: String(req.headers.authorization), operation });
      let data: unknown;
      if (operation === 'SupervisionDeceasedOrMoved')
        data = { people: variables.status === 'DECEASED' ? { pageInfo: { hasNextPage: false, endCursor: null }, edges: [{ node: deceased }] } : empty };
      else data = { people: empty, charityGrants: empty, disabilitySubsidies: empty, disabilityCertificates: empty, overdueApplications: empty };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ data }));
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`, requests, close: () => new Promise((r) => server.close(() => r())) }),
    ),
  );
}

const RUN = `mutation($i: RunWarningRulesInput!) { runWarningRules(input: $i) { id runs { rule status errorCode rowsRead alertsRaised alertsSeen trigger startedBy } } }`;
const ALERTS = `query($f: WarningAlertFilter) { warningAlerts(first: 50, filter: $f) { totalCount edges { node {
  id rule severity status version departments township { code } person { id }
  evidence { department recordType recordId since amountSince code } } } } }`;
const change = (name: string, input: string) => `mutation($i: ${input}!) { ${name}(input: $i) { id status version assignedTo resolutionReason dismissalReason note } }`;
const ASSIGN = change('assignWarningAlert', 'AssignWarningAlertInput');
const RESOLVE = change('resolveWarningAlert', 'ResolveWarningAlertInput');
const DISMISS = change('dismissWarningAlert', 'DismissWarningAlertInput');

describe.each(testDatabaseKinds())('supervision subgraph on %s', (kind) => {
  let h: SubgraphHarness;
  let gw: Awaited<ReturnType<typeof standInGateway>>;
  const saved = { ...process.env };
  beforeAll(async () => {
    process.env.AIDGRAPH_TODAY = TODAY;
    gw = await standInGateway();
    h = await startSubgraphHarness(supervision, kind, { seedSize: 0 });
  });
  afterAll(async () => {
    process.env = saved;
    await gw?.close();
    await h?.close();
  });
  const configure = () => Object.assign(process.env, { SUPERVISION_GATEWAY_URL: gw.url, SUPERVISION_TOKEN: 'aaaa.bbbb.cccc' });
  const unconfigure = () => {
    delete process.env.SUPERVISION_GATEWAY_URL;
    delete process.env.SUPERVISION_TOKEN;
  };

  it('migrations build exactly what the entities declare', async () => {
    expect(await pendingSchemaChanges(h.db)).toEqual([]);
  });

  it('/ready warns while the rules are not configured, and not once they are', async () => {
    unconfigure();
    const ready = async () => (await (await fetch(h.url.replace(/\/graphql$/, '/ready'))).json()) as { warnings?: string[] };
    expect((await ready()).warnings).toEqual([expect.stringMatching(/^warning rules disabled: SUPERVISION_GATEWAY_URL and SUPERVISION_TOKEN/)]);
    configure();
    expect((await ready()).warnings ?? []).toEqual([]);
    unconfigure();
  });

  it('skips every run, NOT_CONFIGURED, while the gateway and token are unset; FORBIDDEN to anyone but supervision officers', async () => {
    unconfigure();
    const r = await h.request(RUN, { i: { rules: ['DECEASED_OR_MOVED_WITH_BENEFITS', 'DUPLICATE_NEED'] } }, SUPERVISOR);
    expect(r.errors).toBeUndefined();
    expect(r.data.runWarningRules.runs.map((x: { rule: string; status: string; errorCode: string }) => [x.rule, x.status, x.errorCode])).toEqual([
      ['DECEASED_OR_MOVED_WITH_BENEFITS', 'SKIPPED', 'NOT_CONFIGURED'],
      ['DUPLICATE_NEED', 'SKIPPED', 'NOT_CONFIGURED'],
    ]);
    for (const who of [AUDITOR, CASEWORKER, EDUCATION, ANALYST]) expect((await h.request(RUN, { i: {} }, who)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await h.request(RUN, { i: { rules: ['DUPLICATE_NEED', 'DUPLICATE_NEED'] } }, SUPERVISOR)).errors?.[0]?.extensions?.reason).toBe('DUPLICATE');
    expect(await h.db.query('SELECT id FROM warning_alert')).toEqual([]);
  });

  // the statistics by month with no alert in the city: compared below with the answer once there is one alert
  const BY_MONTH = `{ warningAlertStatistics(groupBy: [RAISED_MONTH]) { cells { raisedMonth count people suppressed } } }`;
  const BY_YEAR_RULE = `{ warningAlertStatistics(groupBy: [RULE, RAISED_YEAR]) { cells { rule raisedYear count suppressed } } }`;
  let noAlerts: { byMonth: unknown; byYearRule: unknown };
  it('answers the full grid of periods with no alert: every month from 2026-01 (the first an alert can have) to today, suppressed', async () => {
    const byMonth = await h.request(BY_MONTH, {}, ANALYST);
    expect(byMonth.errors).toBeUndefined();
    // TODAY is 2026-03-15
    expect(byMonth.data.warningAlertStatistics.cells).toEqual(['2026-01', '2026-02', '2026-03'].map((raisedMonth) => ({ raisedMonth, count: null, people: null, suppressed: true })));
    const byYearRule = await h.request(BY_YEAR_RULE, {}, ANALYST);
    expect(byYearRule.errors).toBeUndefined();
    expect(byYearRule.data.warningAlertStatistics.cells).toHaveLength(5);
    noAlerts = { byMonth: byMonth.data, byYearRule: byYearRule.data };
    // the auditor: zeros
    const exact = await h.request(BY_MONTH, {}, AUDITOR);
    expect(exact.data.warningAlertStatistics.cells).toEqual(['2026-01', '2026-02', '2026-03'].map((raisedMonth) => ({ raisedMonth, count: 0, people: 0, suppressed: false })));
  });

  let alertId: string;
  it('raises one alert for a deceased person with an education aid and a disability subsidy, naming both departments; a re-run raises nothing', async () => {
    configure();
    const first = await h.request(RUN, { i: { rules: ['DECEASED_OR_MOVED_WITH_BENEFITS'], idempotencyKey: 'run-deceased-0001' } }, SUPERVISOR);
    expect(first.errors).toBeUndefined();
    expect(first.data.runWarningRules.runs).toEqual([
      // rowsRead tells how many records of a class exist: auditors only
      { rule: 'DECEASED_OR_MOVED_WITH_BENEFITS', status: 'SUCCEEDED', errorCode: null, rowsRead: null, alertsRaised: 1, alertsSeen: 0, trigger: 'MUTATION', startedBy: 'supervisor-1' },
    ]);
    // every read went to the gateway with the service token
    expect(gw.requests.map((q) => q.operation)).toEqual(['SupervisionDeceasedOrMoved', 'SupervisionDeceasedOrMoved']);
    expect(new Set(gw.requests.map((q) => q.auth))).toEqual(new Set(['Bearer aaaa.bbbb.cccc']));
    const list = await h.request(ALERTS, {}, AUDITOR);
    expect(list.errors).toBeUndefined();
    expect(list.data.warningAlerts.totalCount).toBe(1);
    const alert = list.data.warningAlerts.edges[0].node;
    alertId = alert.id;
    expect(alert).toMatchObject({ rule: 'DECEASED_OR_MOVED_WITH_BENEFITS', severity: 'HIGH', status: 'OPEN', version: 1, departments: ['EDUCATION', 'DISABLED_PERSONS_FEDERATION'], township: { code: TOWNSHIP }, person: { id: PERSON } });
    expect(alert.evidence).toEqual([
      { department: 'EDUCATION', recordType: 'EducationAid', recordId: AID, since: '2025-12-10', amountSince: '1500.00', code: 'APPROVED_UNPAID' },
      // January, February and March 2026 after a death in December 2025: 3 x 120.00
      { department: 'DISABLED_PERSONS_FEDERATION', recordType: 'DisabilitySubsidy', recordId: SUBSIDY, since: '2025-12-10', amountSince: '360.00', code: 'ACTIVE_MONTHLY' },
    ]);
    // the retry of the same call starts nothing and answers the same runs
    const retry = await h.request(RUN, { i: { rules: ['DECEASED_OR_MOVED_WITH_BENEFITS'], idempotencyKey: 'run-deceased-0001' } }, SUPERVISOR);
    expect(retry.data.runWarningRules.id).toBe(first.data.runWarningRules.id);
    expect(gw.requests).toHaveLength(2);
    const again = await h.request(RUN, { i: { rules: ['DECEASED_OR_MOVED_WITH_BENEFITS'] } }, SUPERVISOR);
    expect(again.data.runWarningRules.runs[0]).toMatchObject({ status: 'SUCCEEDED', rowsRead: null, alertsRaised: 0, alertsSeen: 1 });
    expect((await h.request(ALERTS, {}, AUDITOR)).data.warningAlerts.totalCount).toBe(1);
    const runs = await h.request(`{ warningRuleRuns(first: 10) { totalCount edges { node { rule status alertsRaised rowsRead startedAt finishedAt } } } }`, {}, SUPERVISOR);
    expect(runs.data.warningRuleRuns.totalCount).toBe(4);
    expect(runs.data.warningRuleRuns.edges.map((e: { node: { rowsRead: number | null } }) => e.node.rowsRead)).toEqual([null, null, null, null]);
    const audited = await h.request(`{ warningRuleRuns(first: 10, rule: DECEASED_OR_MOVED_WITH_BENEFITS) { edges { node { rowsRead status } } } }`, {}, AUDITOR);
    expect(audited.data.warningRuleRuns.edges.map((e: { node: object }) => e.node)).toEqual([{ rowsRead: 1, status: 'SUCCEEDED' }, { rowsRead: 1, status: 'SUCCEEDED' }, { rowsRead: 0, status: 'SKIPPED' }]);
    expect((await h.request(`{ warningRuleRuns(first: 1) { totalCount } }`, {}, CASEWORKER)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('shows each role the alerts and evidence items it may see', async () => {
    const seen = async (who: object, filter?: object) => {
      const r = await h.request(ALERTS, { f: filter ?? null }, who as never);
      expect(r.errors).toBeUndefined();
      return r.data.warningAlerts.edges.map((e: { node: { departments: string[]; evidence: { recordId: string }[] } }) => [e.node.departments, e.node.evidence.map((x) => x.recordId)]);
    };
    const whole = [[['EDUCATION', 'DISABLED_PERSONS_FEDERATION'], [AID, SUBSIDY]]];
    // the supervision office's own record: its officers and the auditors see it whole
    expect(await seen(SUPERVISOR)).toEqual(whole);
    expect(await seen(AUDITOR)).toEqual(whole);
    expect(await seen(CASEWORKER)).toEqual(whole);
    expect(await seen(OTHER_CASEWORKER)).toEqual([]);
    // the education officer does not see health.disability: the alert is absent, not shown without the subsidy
    expect(await seen(EDUCATION)).toEqual([]);
    expect(await seen(EDUCATION, { department: 'EDUCATION' })).toEqual([]);
    expect(await seen(DISABILITY)).toEqual(whole);
    expect(await seen(CHARITY)).toEqual([]);
    expect(await seen(SUPERVISOR, { department: 'EDUCATION', rule: 'DECEASED_OR_MOVED_WITH_BENEFITS', townshipCode: TOWNSHIP, status: 'OPEN' })).toHaveLength(1);
    expect(await seen(SUPERVISOR, { department: 'CIVIL_AFFAIRS' })).toEqual([]);
    expect(await seen(SUPERVISOR, { department: 'DISABLED_PERSONS_FEDERATION' })).toHaveLength(1);
    expect(await seen(AUDITOR, { department: 'DISABLED_PERSONS_FEDERATION' })).toHaveLength(1);
    expect((await h.request(ALERTS, { f: { department: 'NOT_A_DEPARTMENT' } }, SUPERVISOR)).errors?.[0]?.extensions?.reason).toBe('UNKNOWN_DEPARTMENT');
    expect((await h.db.query('SELECT classes FROM warning_alert'))[0].classes).toBe('["health.disability","quasi.programme"]');
    // analysts: a bare count (null), never rows; the public site: nothing
    const count = await h.request(`{ warningAlerts(first: 0) { totalCount } }`, {}, ANALYST);
    expect(count.errors).toBeUndefined();
    expect(count.data.warningAlerts.totalCount).toBeNull();
    expect((await h.request(ALERTS, {}, ANALYST)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await h.request(ALERTS, {}, PUBLIC)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // analysts count through the statistics: the full grid (every rule x every township of the city, every month asked
    // for), a cell without alerts suppressed like the small one, so that no cell tells where the one alert is
    const RULES = ['ABOVE_STANDARD_OR_REVIEW_OVERDUE', 'APPLICATION_OVERDUE', 'DECEASED_OR_MOVED_WITH_BENEFITS', 'DUPLICATE_NEED', 'PROACTIVE_DISCOVERY'];
    const stats = await h.request(`{ warningAlertStatistics(groupBy: [RULE]) { cells { rule count suppressed } } }`, {}, ANALYST);
    expect(stats.errors).toBeUndefined();
    expect(stats.data.warningAlertStatistics.cells).toEqual(RULES.map((rule) => ({ rule, count: null, suppressed: true })));
    const grid = await h.request(`{ warningAlertStatistics(groupBy: [RULE, TOWNSHIP]) { cells { rule township count people suppressed } } }`, {}, ANALYST);
    expect(grid.errors).toBeUndefined();
    const cells = grid.data.warningAlertStatistics.cells as { rule: string; township: string; count: number | null; people: number | null; suppressed: boolean }[];
    expect(cells).toHaveLength(RULES.length * TOWNSHIPS.length);
    expect(new Set(cells.map((c) => `${c.rule}:${c.township}`)).size).toBe(RULES.length * TOWNSHIPS.length);
    // the alert's cell and an empty one are alike
    const withAlert = cells.find((c) => c.rule === 'DECEASED_OR_MOVED_WITH_BENEFITS' && c.township === TOWNSHIP)!;
    const without = cells.find((c) => c.rule === 'DUPLICATE_NEED' && c.township === OTHER_TOWNSHIP)!;
    expect({ ...withAlert, rule: null, township: null }).toEqual({ ...without, rule: null, township: null });
    expect(cells.every((c) => c.suppressed && c.count === null && c.people === null)).toBe(true);
    // months: every month asked for, those before the first alert included, alike
    const months = await h.request(`{ warningAlertStatistics(groupBy: [RULE], filter: { raisedMonthFrom: "2025-12", raisedMonthTo: "2026-04" }) { dimensions cells { rule raisedMonth suppressed } } }`, {}, ANALYST);
    expect(months.errors).toBeUndefined();
    expect(months.data.warningAlertStatistics.cells).toHaveLength(RULES.length * 5);
    expect(months.data.warningAlertStatistics.cells.every((c: { suppressed: boolean }) => c.suppressed)).toBe(true);
    expect([...new Set(months.data.warningAlertStatistics.cells.map((c: { raisedMonth: string }) => c.raisedMonth))]).toEqual(['2025-12', '2026-01', '2026-02', '2026-03', '2026-04']);
    // one alert (raised 2026-03) or none: the same cells, all suppressed, by month and by rule and year
    expect((await h.request(BY_MONTH, {}, ANALYST)).data).toEqual(noAlerts.byMonth);
    expect((await h.request(BY_YEAR_RULE, {}, ANALYST)).data).toEqual(noAlerts.byYearRule);
    const exactByMonth = await h.request(BY_MONTH, {}, AUDITOR);
    expect(exactByMonth.data.warningAlertStatistics.cells.map((c: { raisedMonth: string; count: number }) => [c.raisedMonth, c.count])).toEqual([['2026-01', 0], ['2026-02', 0], ['2026-03', 1]]);
    // a caseworker: its township's slice of the same grid
    const own = await h.request(`{ warningAlertStatistics(groupBy: [RULE]) { cells { rule township suppressed } } }`, {}, CASEWORKER);
    expect(own.data.warningAlertStatistics.cells).toEqual(RULES.map((rule) => ({ rule, township: TOWNSHIP, suppressed: true })));
    // auditors: the exact grid, zeros as they are
    const exact = await h.request(`{ warningAlertStatistics(groupBy: [RULE, TOWNSHIP]) { exact cells { rule township count } } }`, {}, AUDITOR);
    expect(exact.data.warningAlertStatistics.exact).toBe(true);
    expect(exact.data.warningAlertStatistics.cells).toHaveLength(RULES.length * TOWNSHIPS.length);
    expect(exact.data.warningAlertStatistics.cells.filter((c: { count: number }) => c.count !== 0)).toEqual([{ rule: 'DECEASED_OR_MOVED_WITH_BENEFITS', township: TOWNSHIP, count: 1 }]);
    const exactMonths = await h.request(`{ warningAlertStatistics(groupBy: [RULE], filter: { raisedMonth: ["2026-02", "2026-03"] }) { cells { rule raisedMonth count suppressed } } }`, {}, AUDITOR);
    expect(exactMonths.data.warningAlertStatistics.cells.filter((c: { rule: string }) => c.rule === 'DECEASED_OR_MOVED_WITH_BENEFITS')).toEqual([
      { rule: 'DECEASED_OR_MOVED_WITH_BENEFITS', raisedMonth: '2026-02', count: 0, suppressed: false },
      { rule: 'DECEASED_OR_MOVED_WITH_BENEFITS', raisedMonth: '2026-03', count: 1, suppressed: false },
    ]);
    // Person.warningAlerts through _entities, under the same rules
    const reps = { r: [{ __typename: 'Person', id: PERSON }] };
    const person = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { warningAlerts { id departments } } } }`;
    expect((await h.request(person, reps, SUPERVISOR)).data._entities[0].warningAlerts).toEqual([{ id: alertId, departments: ['EDUCATION', 'DISABLED_PERSONS_FEDERATION'] }]);
    expect((await h.request(person, reps, EDUCATION)).data._entities[0].warningAlerts).toEqual([]);
    expect((await h.request(person, reps, OTHER_CASEWORKER)).data._entities[0].warningAlerts).toEqual([]);
    // a lookup: null outside the caller's rows
    const one = `query($id: ID!) { warningAlert(id: $id) { id } }`;
    expect((await h.request(one, { id: alertId }, DISABILITY)).data.warningAlert).toEqual({ id: alertId });
    expect((await h.request(one, { id: alertId }, EDUCATION)).data.warningAlert).toBeNull();
    expect((await h.request(one, { id: alertId }, CHARITY)).data.warningAlert).toBeNull();
    expect((await h.request(one, { id: alertId }, ANALYST)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('walks the lifecycle with versions: assign, resolve; stale versions and illegal transitions are CONFLICT and change nothing', async () => {
    const forbidden = await h.request(ASSIGN, { i: { id: alertId, expectedVersion: 1, assignee: 'staff-1' } }, CASEWORKER);
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // the assignee: a staff account's token subject (printable ASCII, no white space); nothing changed by a refusal
    for (const [assignee, reason] of [['', 'REQUIRED'], ['   ', 'REQUIRED'], ['王 芳', 'BAD_FORMAT'], ['staff 1', 'BAD_FORMAT'], ['x'.repeat(129), 'TOO_LONG']]) {
      const bad = await h.request(ASSIGN, { i: { id: alertId, expectedVersion: 1, assignee } }, SUPERVISOR);
      expect({ assignee, e: bad.errors?.[0]?.extensions }).toMatchObject({ assignee, e: { code: 'BAD_USER_INPUT', field: 'input.assignee', reason } });
    }
    const tooLong = await h.request(ASSIGN, { i: { id: alertId, expectedVersion: 1, assignee: 'staff-1', note: '长'.repeat(2001) } }, SUPERVISOR);
    expect(tooLong.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.note', reason: 'TOO_LONG' });
    expect(await h.db.query('SELECT status, version FROM warning_alert')).toEqual([{ status: 'OPEN', version: 1 }]);
    const a = await h.request(ASSIGN, { i: { id: alertId, expectedVersion: 1, assignee: 'staff-1', idempotencyKey: 'assign-000001' } }, SUPERVISOR);
    expect(a.errors).toBeUndefined();
    expect(a.data.assignWarningAlert).toMatchObject({ status: 'ASSIGNED', version: 2, assignedTo: 'staff-1' });
    // the retry with the same key: the alert as it is, no second change
    const retry = await h.request(ASSIGN, { i: { id: alertId, expectedVersion: 1, assignee: 'staff-1', idempotencyKey: 'assign-000001' } }, SUPERVISOR);
    expect(retry.data.assignWarningAlert).toMatchObject({ status: 'ASSIGNED', version: 2 });
    // reassigning to the same account changes nothing: BAD_USER_INPUT SAME_ASSIGNEE
    const same = await h.request(ASSIGN, { i: { id: alertId, expectedVersion: 2, assignee: 'staff-1' } }, SUPERVISOR);
    expect(same.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.assignee', reason: 'SAME_ASSIGNEE' });
    // a resolution says what was done in words: the note is required, trimmed (blank is absent), bounded
    for (const [note, reason] of [[undefined, 'REQUIRED'], ['  \n ', 'REQUIRED'], ['长'.repeat(2001), 'TOO_LONG'], ['stopped\u0007', 'BAD_CHARACTER']] as const) {
      const bad = await h.request(RESOLVE, { i: { id: alertId, expectedVersion: 2, reason: 'BENEFIT_STOPPED', ...(note === undefined ? {} : { note }) } }, SUPERVISOR);
      expect({ note, e: bad.errors?.[0]?.extensions }).toMatchObject({ note, e: { code: 'BAD_USER_INPUT', reason } });
    }
    const blankDismissal = await h.request(DISMISS, { i: { id: alertId, expectedVersion: 2, reason: 'DATA_ERROR', note: ' ' } }, SUPERVISOR);
    expect(blankDismissal.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.note', reason: 'REQUIRED' });
    expect(await h.db.query('SELECT status, version FROM warning_alert')).toEqual([{ status: 'ASSIGNED', version: 2 }]);
    const stale = await h.request(RESOLVE, { i: { id: alertId, expectedVersion: 1, reason: 'BENEFIT_STOPPED', note: 'stopped' } }, SUPERVISOR);
    expect(stale.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'STALE_VERSION', currentVersion: 2 });
    const done = await h.request(RESOLVE, { i: { id: alertId, expectedVersion: 2, reason: 'BENEFIT_STOPPED', note: '  stopped from April ' } }, SUPERVISOR);
    expect(done.data.resolveWarningAlert).toMatchObject({ status: 'RESOLVED', version: 3, resolutionReason: 'BENEFIT_STOPPED', note: 'stopped from April' });
    const illegal = await h.request(DISMISS, { i: { id: alertId, expectedVersion: 3, reason: 'DATA_ERROR', note: 'a data error' } }, SUPERVISOR);
    expect(illegal.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'ILLEGAL_TRANSITION', from: 'RESOLVED', to: 'DISMISSED' });
    const reassign = await h.request(ASSIGN, { i: { id: alertId, expectedVersion: 3, assignee: 'staff-2' } }, SUPERVISOR);
    expect(reassign.errors?.[0]?.extensions?.reason).toBe('ILLEGAL_TRANSITION');
    const unknown = await h.request(ASSIGN, { i: { id: '7e57a1e7-0000-4000-8000-000000000000', expectedVersion: 1, assignee: 'x' } }, SUPERVISOR);
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const [row] = await h.db.query('SELECT status, version FROM warning_alert');
    expect(row).toEqual({ status: 'RESOLVED', version: 3 });
    // a resolved alert stays as it was; the finding found again, with no alert open, is a new alert
    const again = await h.request(RUN, { i: { rules: ['DECEASED_OR_MOVED_WITH_BENEFITS'] } }, SUPERVISOR);
    expect(again.data.runWarningRules.runs[0]).toMatchObject({ alertsRaised: 1, alertsSeen: 0 });
    expect(await h.db.query('SELECT status, version FROM warning_alert ORDER BY version DESC')).toEqual([{ status: 'RESOLVED', version: 3 }, { status: 'OPEN', version: 1 }]);
    // every change is in the audit log
    const audit = await h.request(`{ supervisionAuditLog(first: 50) { edges { node { kind } } } }`, {}, AUDITOR);
    expect(audit.errors).toBeUndefined();
    expect(audit.data.supervisionAuditLog.edges.filter((e: { node: { kind: string } }) => e.node.kind === 'write').length).toBeGreaterThanOrEqual(3);
  });

  const rerun = async () => (await h.request(RUN, { i: { rules: ['DECEASED_OR_MOVED_WITH_BENEFITS'] } }, SUPERVISOR)).data.runWarningRules.runs[0];
  const openAlerts = async () => (await h.request(ALERTS, { f: { status: 'OPEN' } }, AUDITOR)).data.warningAlerts.edges.map((e: { node: object }) => e.node);
  const codes = (a: { evidence: { code: string; amountSince: string }[] }) => a.evidence.map((e) => [e.code, e.amountSince]);

  it('keeps one open alert per rule and person: a re-run adds and removes its evidence items and raises nothing', async () => {
    const [before] = await openAlerts();
    // a new record: the open alert gets it (no second alert)
    deceased.educationAids.push({ id: '1c1c1c1c-0000-4000-8000-000000000009', status: 'PAID', amount: '800.00', approvedOn: '2026-01-05' });
    expect(await rerun()).toMatchObject({ alertsRaised: 0, alertsSeen: 1 });
    let open = await openAlerts();
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ id: before.id, version: 1, departments: ['EDUCATION', 'DISABLED_PERSONS_FEDERATION'] });
    expect(codes(open[0])).toEqual([['APPROVED_UNPAID', '1500.00'], ['PAID_AFTER_STATUS', '800.00'], ['ACTIVE_MONTHLY', '360.00']]);
    // one of the benefits ended: its item and department leave the same alert
    deceased.disabilitySubsidies[0].status = 'ENDED';
    expect(await rerun()).toMatchObject({ alertsRaised: 0, alertsSeen: 1 });
    open = await openAlerts();
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ id: before.id, version: 1, departments: ['EDUCATION'] });
    expect(codes(open[0])).toEqual([['APPROVED_UNPAID', '1500.00'], ['PAID_AFTER_STATUS', '800.00']]);
    // with its classes: without the subsidy the education officer now sees it, whole
    expect((await h.request(ALERTS, {}, EDUCATION)).data.warningAlerts.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([before.id]);
    deceased.disabilitySubsidies[0].status = 'ACTIVE';
    expect(await rerun()).toMatchObject({ alertsRaised: 0, alertsSeen: 1 });
    expect((await openAlerts())[0].departments).toEqual(['EDUCATION', 'DISABLED_PERSONS_FEDERATION']);
    expect((await h.request(ALERTS, {}, EDUCATION)).data.warningAlerts.totalCount).toBe(0);
  });

  it('dismisses an open alert as a false positive; it is not raised again until its evidence brings a new record', async () => {
    const [open] = await openAlerts();
    const d = await h.request(DISMISS, { i: { id: open.id, expectedVersion: 1, reason: 'LEGITIMATE', note: '死亡登记有误，已由医院更正' } }, SUPERVISOR);
    expect(d.data.dismissWarningAlert).toMatchObject({ status: 'DISMISSED', version: 2, dismissalReason: 'LEGITIMATE' });
    const digest = async () => (await h.db.query(`SELECT "evidenceDigest" AS d, "openKey" AS k FROM warning_alert WHERE id = '${open.id}'`))[0];
    const kept = await digest();
    expect(kept.k).toBeNull();
    // the same evidence, and a part of it: nothing raised, the dismissed alert as it was
    expect(await rerun()).toMatchObject({ alertsRaised: 0, alertsSeen: 1 });
    deceased.disabilitySubsidies[0].status = 'ENDED';
    expect(await rerun()).toMatchObject({ alertsRaised: 0, alertsSeen: 1 });
    expect(await digest()).toEqual(kept);
    expect(await openAlerts()).toEqual([]);
    deceased.disabilitySubsidies[0].status = 'ACTIVE';
    // a record the dismissal did not weigh: a new alert
    deceased.educationAids.push({ id: '1c1c1c1c-0000-4000-8000-00000000000a', status: 'APPROVED', amount: '200.00', approvedOn: '2026-02-05' });
    expect(await rerun()).toMatchObject({ alertsRaised: 1, alertsSeen: 0 });
    const fresh = await openAlerts();
    expect(fresh.map((a: { id: string }) => a.id)).not.toContain(open.id);
    expect(codes(fresh[0])).toEqual([['APPROVED_UNPAID', '1500.00'], ['PAID_AFTER_STATUS', '800.00'], ['APPROVED_UNPAID', '200.00'], ['ACTIVE_MONTHLY', '360.00']]);
    expect(Number((await h.db.query('SELECT COUNT(*) AS n FROM warning_alert'))[0].n)).toBe(3);
  });

  it('records when each rule of a batch started, not when the batch did', async () => {
    const r = await h.request(`mutation { runWarningRules(input: { rules: [DECEASED_OR_MOVED_WITH_BENEFITS, APPLICATION_OVERDUE] }) { runs { rule startedAt finishedAt } } }`, {}, SUPERVISOR);
    const [a, b] = r.data.runWarningRules.runs;
    expect(b.startedAt >= a.finishedAt).toBe(true);
    expect(a.startedAt <= a.finishedAt).toBe(true);
  });

  afterAll(() => {
    // the crafted graph as it was, for the next database
    deceased.educationAids.splice(1);
    deceased.disabilitySubsidies[0].status = 'ACTIVE';
    unconfigure();
  });
});
