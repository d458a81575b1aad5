import fs from 'node:fs';
import os from 'node:os';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { testDatabaseKinds } from '@aidgraph/subgraph-kit/testing';
import { ROOT, startStack, type Stack } from '../support/stack';
import { officer } from '../support/showcase';
import { DECEASED_OR_MOVED_QUERY } from '@aidgraph/supervision/dist/modules/rules/deceased-or-moved.rule';

const SEED = 'e2e-supervision';
const SIZE = 600;
const SUPERVISOR = officer('SUPERVISION');
/** the rule engine's service account: an auditor's token, so every read of the rules is audited under its subject */
const ENGINE = { role: 'auditor' as const, subject: 'svc-supervision-rules' };

const RUN = `mutation($i: RunWarningRulesInput!) { runWarningRules(input: $i) { id runs { rule status errorCode rowsRead alertsRaised alertsSeen } } }`;
const ALERTS = `query($f: WarningAlertFilter, $after: String) { warningAlerts(first: 200, after: $after, filter: $f) {
  pageInfo { hasNextPage endCursor }
  edges { node { id rule status departments person { id } evidence { department recordType recordId since amountSince code } } } } }`;

/**
 * Supervision's warning rules over the real graph: the supervision subgraph reads every department through the gateway
 * with its service token and stores its findings as alerts. Each rule is run on the seeded graph first (its baseline),
 * then on the graph with a crafted case added: exactly one new alert, the crafted one; a second run raises none.
 */
describe.each(testDatabaseKinds())('supervision warning rules through the gateway on %s', (kind) => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack(kind, { seed: SEED, seedSize: SIZE });
    // the supervision subgraph again, now that the gateway's URL is known, with the engine's token
    const token = await stack.keys.token(ENGINE);
    await stack.stopSubgraph('supervision');
    await stack.startSubgraph('supervision', { SUPERVISION_GATEWAY_URL: stack.gatewayUrl, SUPERVISION_TOKEN: token });
  });
  afterAll(() => stack?.close());

  const run = async (rule: string) => {
    const r = await stack.query(RUN, { i: { rules: [rule] } }, SUPERVISOR);
    expect(r.errors).toBeUndefined();
    const [one] = r.data.runWarningRules.runs;
    expect(one).toMatchObject({ rule, status: 'SUCCEEDED', errorCode: null });
    return one as { rowsRead: number; alertsRaised: number; alertsSeen: number };
  };
  /** rowsRead of the rule's latest runs, newest first: auditors only (null for the supervision officer that ran them) */
  const rowsReadOf = async (rule: string, n: number) => {
    const r = await stack.query(`query($rule: WarningRuleCode!, $n: Int!) { warningRuleRuns(first: $n, rule: $rule) { edges { node { rowsRead } } } }`, { rule, n }, ENGINE);
    expect(r.errors).toBeUndefined();
    return r.data.warningRuleRuns.edges.map((e: any) => e.node.rowsRead as number);
  };
  /** grade 1 (then grade 2) certificate holders, active, without any enrolment and without an alert among `alerts` */
  const severeHolders = async (alerts: { person: { id: string } }[]) => {
    const out: { id: string; person: { id: string } }[] = [];
    for (const grade of ['GRADE_1', 'GRADE_2']) {
      const certs = await stack.query(`query($g: DisabilityGrade!) { disabilityCertificates(first: 200, filter: { grade: $g, status: VALID }) { edges { node { id person { id status enrolments { programme } } } } } }`, { g: grade });
      expect(certs.errors).toBeUndefined();
      out.push(...certs.data.disabilityCertificates.edges.map((e: any) => e.node)
        .filter((n: any) => n.person?.status === 'ACTIVE' && !n.person.enrolments.length && !alerts.some((a) => a.person.id === n.person.id) && !out.some((o) => o.person.id === n.person.id)));
    }
    return out;
  };
  /** a MARGINAL enrolment (marginal household, no single-person coverage) of the person */
  const enrolMarginal = async (personId: string): Promise<{ id: string }> => {
    const marginal = await stack.query(
      `mutation($i: RecordEnrolmentInput!) { recordEnrolment(input: $i) { id } }`,
      { i: { personId, programme: 'MARGINAL', startDate: '2025-06-01', amount: '0' } },
      officer('CIVIL_AFFAIRS'),
    );
    expect(marginal.errors).toBeUndefined();
    return marginal.data.recordEnrolment;
  };
  const alertsOf = async (rule: string) => {
    const out: any[] = [];
    let after: string | null = null;
    for (;;) {
      const r: any = await stack.query(ALERTS, { f: { rule }, after });
      expect(r.errors).toBeUndefined();
      out.push(...r.data.warningAlerts.edges.map((e: any) => e.node));
      if (!r.data.warningAlerts.pageInfo.hasNextPage) return out;
      after = r.data.warningAlerts.pageInfo.endCursor;
    }
  };

  it('a person marked deceased with an active education aid and a disability subsidy yields one alert naming both departments', async () => {
    const rule = 'DECEASED_OR_MOVED_WITH_BENEFITS';
    // the rule's page at the default size is over the gateway's cost limit: the engine pages smaller (see the run below)
    const page = await stack.query(DECEASED_OR_MOVED_QUERY, { status: 'DECEASED', first: 200, after: null }, ENGINE);
    expect(page.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COSTLY');
    const baseline = await run(rule);
    const before = await alertsOf(rule);
    expect(before).toHaveLength(baseline.alertsRaised);
    // a living person of the demo with an active disability subsidy, and no alert yet
    // (and no other benefit the rule would name: no enrolment in force, no rent subsidy, no later grant, one subsidy)
    const subsidies = await stack.query(`{ disabilitySubsidies(first: 200, filter: { status: ACTIVE }) { edges { node { id person { id status township { code }
      enrolments { programme status } educationAids { status } disabilitySubsidies { status } charityGrants { grantedOn } disasterReliefs { grantedOn }
      housingAssistance { rentSubsidies { status } } } } } } }`);
    expect(subsidies.errors).toBeUndefined();
    const holder = subsidies.data.disabilitySubsidies.edges.map((e: any) => e.node).find((n: any) =>
      n.person?.status === 'ACTIVE' && !n.person.enrolments.some((e: any) => e.status === 'ACTIVE' && e.programme !== 'TEMPORARY') &&
      !n.person.educationAids.some((a: any) => a.status === 'APPROVED') && n.person.disabilitySubsidies.filter((x: any) => x.status === 'ACTIVE').length === 1 &&
      !n.person.charityGrants.some((g: any) => g.grantedOn > '2025-10-20') && !n.person.disasterReliefs.some((g: any) => g.grantedOn > '2025-10-20') &&
      !(n.person.housingAssistance?.rentSubsidies ?? []).some((r: any) => r.status === 'ACTIVE'))!;
    expect(holder).toBeDefined();
    const person = holder.person;
    const township = person.township.code;
    const aid = await stack.query(
      `mutation($i: RecordEducationAidInput!) { recordEducationAid(input: $i) { id status } }`,
      { i: { personId: person.id, schoolStage: 'PRIMARY', school: '阜安小学', aidType: 'LIVING_SUBSIDY', academicYear: '2025-2026', amount: '1000', approvedOn: '2025-09-01', townshipCode: township } },
      officer('EDUCATION'),
    );
    expect(aid.errors).toBeUndefined();
    expect(aid.data.recordEducationAid.status).toBe('APPROVED');
    const died = await stack.query(
      `mutation($i: RecordPersonStatusInput!) { recordPersonStatus(input: $i) { id status statusDate } }`,
      { i: { personId: person.id, status: 'DECEASED', date: '2025-10-20', source: 'HOSPITAL' } },
      { role: 'caseworker', township },
    );
    expect(died.errors).toBeUndefined();

    const second = await run(rule);
    expect(second.alertsRaised).toBe(1);
    const after = await alertsOf(rule);
    const fresh = after.filter((a) => !before.some((b) => b.id === a.id));
    expect(fresh).toHaveLength(1);
    expect(fresh[0].person.id).toBe(person.id);
    expect(fresh[0].departments).toEqual(['EDUCATION', 'DISABLED_PERSONS_FEDERATION']);
    expect(fresh[0].evidence.map((e: any) => [e.department, e.recordType, e.code])).toEqual([
      ['EDUCATION', 'EducationAid', 'APPROVED_UNPAID'],
      ['DISABLED_PERSONS_FEDERATION', 'DisabilitySubsidy', 'ACTIVE_MONTHLY'],
    ]);
    expect(fresh[0].evidence[0]).toMatchObject({ recordId: aid.data.recordEducationAid.id, since: '2025-10-20', amountSince: '1000.00' });
    expect(fresh[0].evidence[1].recordId).toBe(holder.id);
    // only this person's alert of the rule: nothing else changed
    expect(after.filter((a) => a.person.id === person.id)).toHaveLength(1);

    // a second run raises none again
    const third = await run(rule);
    expect(third).toMatchObject({ alertsRaised: 0, alertsSeen: baseline.alertsRaised + 1 });
    expect(await alertsOf(rule)).toHaveLength(after.length);

    // the engine read every department through the gateway under its own subject: each read is in their audit logs
    const audit = await stack.query(`{ civilAffairsAuditLog(first: 1, filter: { subject: "svc-supervision-rules", kind: "read" }) { totalCount }
      disabilityAuditLog(first: 1, filter: { subject: "svc-supervision-rules", kind: "read" }) { totalCount } }`);
    expect(audit.errors).toBeUndefined();
    expect(audit.data.civilAffairsAuditLog.totalCount).toBeGreaterThan(0);
    expect(audit.data.disabilityAuditLog.totalCount).toBeGreaterThan(0);

    // the supervision office's own record: its officer sees the alert whole; the education officer, who does not see the
    // disability subsidy (class health.disability), does not see the alert at all (never a part of it)
    const mine = await stack.query(`query($id: ID!) { warningAlert(id: $id) { departments evidence { department } } }`, { id: fresh[0].id }, SUPERVISOR);
    expect(mine.data.warningAlert).toEqual({ departments: ['EDUCATION', 'DISABLED_PERSONS_FEDERATION'], evidence: [{ department: 'EDUCATION' }, { department: 'DISABLED_PERSONS_FEDERATION' }] });
    const byId = `query($id: ID!) { warningAlert(id: $id) { departments } }`;
    expect((await stack.query(byId, { id: fresh[0].id }, officer('EDUCATION'))).data.warningAlert).toBeNull();
    expect((await stack.query(byId, { id: fresh[0].id }, officer('DISABLED_PERSONS_FEDERATION'))).data.warningAlert).toEqual({ departments: ['EDUCATION', 'DISABLED_PERSONS_FEDERATION'] });
    expect((await stack.query(byId, { id: fresh[0].id }, officer('CHARITY_FEDERATION'))).data.warningAlert).toBeNull();
    const mineFiltered = await stack.query(`{ warningAlerts(first: 200, filter: { department: "EDUCATION", rule: DECEASED_OR_MOVED_WITH_BENEFITS }) { totalCount edges { node { id } } } }`, undefined, officer('EDUCATION'));
    expect(mineFiltered.errors).toBeUndefined();
    expect(mineFiltered.data.warningAlerts.edges.map((e: any) => e.node.id)).not.toContain(fresh[0].id);
    expect(mineFiltered.data.warningAlerts.totalCount).toBe(mineFiltered.data.warningAlerts.edges.length);
  });

  it('a dibao recipient marked deceased: the alert\'s amount since is what the payment batches paid after the death (Enrolment.paidSince), not an estimate', async () => {
    const rule = 'DECEASED_OR_MOVED_WITH_BENEFITS';
    await run(rule);
    const before = await alertsOf(rule);
    // the demo's regular DIBAO batches: the 12 months up to the clock's
    const batches = await stack.query(`{ paymentBatches(programme: DIBAO, first: 20, orderBy: { field: MONTH, direction: ASC }) { edges { node { month kind } } } }`);
    expect(batches.errors).toBeUndefined();
    const months: string[] = batches.data.paymentBatches.edges.map((e: any) => e.node.month);
    expect(months).toHaveLength(12);
    // a death six months before the first batch: the dates would estimate 18 months paid after it, the batches paid 12
    const [fy, fm] = months[0].split('-').map(Number);
    const died = fm > 6 ? `${fy}-${String(fm - 6).padStart(2, '0')}-10` : `${fy - 1}-${String(fm + 6).padStart(2, '0')}-10`;
    // a living recipient of one DIBAO enrolment in force (started before the death) and of no other benefit the rule names
    const list = await stack.query(`{ people(first: 200, filter: { programme: DIBAO }) { edges { node { id status township { code }
      enrolments { id programme status startDate amount amountPeriod } educationAids { status } disabilitySubsidies { status }
      charityGrants { grantedOn } disasterReliefs { grantedOn } housingAssistance { rentSubsidies { status } } } } } }`);
    expect(list.errors).toBeUndefined();
    const person = list.data.people.edges.map((e: any) => e.node).find((n: any) =>
      n.status === 'ACTIVE' && n.enrolments.length === 1 && n.enrolments[0].programme === 'DIBAO' && n.enrolments[0].status === 'ACTIVE' &&
      n.enrolments[0].amountPeriod === 'MONTHLY' && n.enrolments[0].startDate < died && !before.some((a) => a.person.id === n.id) &&
      !n.educationAids.some((a: any) => a.status === 'APPROVED') && !n.disabilitySubsidies.some((x: any) => x.status === 'ACTIVE') &&
      !n.charityGrants.some((g: any) => g.grantedOn > died) && !n.disasterReliefs.some((g: any) => g.grantedOn > died) &&
      !(n.housingAssistance?.rentSubsidies ?? []).some((r: any) => r.status === 'ACTIVE'))!;
    expect(person).toBeDefined();
    const [dibao] = person.enrolments;
    const status = await stack.query(`mutation($i: RecordPersonStatusInput!) { recordPersonStatus(input: $i) { id status } }`,
      { i: { personId: person.id, status: 'DECEASED', date: died, source: 'HOSPITAL' } }, { role: 'caseworker', township: person.township.code });
    expect(status.errors).toBeUndefined();
    // what civil affairs answers: the 12 months' lines
    const twelve = (Math.round(Number(dibao.amount) * 100) * 12 / 100).toFixed(2);
    const paid = await stack.query(`query($id: ID!, $d: String!) { person(id: $id) { enrolments { paidSince(date: $d) } } }`, { id: person.id, d: died }, ENGINE);
    expect(paid.data.person.enrolments).toEqual([{ paidSince: twelve }]);
    const second = await run(rule);
    expect(second.alertsRaised).toBe(1);
    const fresh = (await alertsOf(rule)).filter((a) => !before.some((b) => b.id === a.id));
    expect(fresh.map((a) => [a.person.id, a.departments, a.evidence])).toEqual([[
      person.id, ['CIVIL_AFFAIRS'],
      [{ department: 'CIVIL_AFFAIRS', recordType: 'Enrolment', recordId: dibao.id, since: died, amountSince: twelve, code: 'ACTIVE_MONTHLY' }],
    ]]);
    expect(await run(rule)).toMatchObject({ alertsRaised: 0 });
  });

  it('a charity grant in the month of a temporary assistance of the same person yields one DUPLICATE_NEED alert', async () => {
    const rule = 'DUPLICATE_NEED';
    const baseline = await run(rule);
    const before = await alertsOf(rule);
    expect(before).toHaveLength(baseline.alertsRaised);
    const projects = await stack.query(`{ charityProjects(first: 100) { edges { node { id startDate endDate received granted } } } }`);
    expect(projects.errors).toBeUndefined();
    const today = new Date().toISOString().slice(0, 10);
    const project = projects.data.charityProjects.edges.map((e: any) => e.node)
      .find((p: any) => p.startDate <= today && Number(p.received) - Number(p.granted) > 1000);
    expect(project).toBeDefined();
    const on = project.endDate < today ? project.endDate : today;
    const people = await stack.query(`{ people(first: 200, filter: { status: ACTIVE }) { edges { node { id township { code } enrolments { programme } charityGrants { id } } } } }`);
    expect(people.errors).toBeUndefined();
    const p = people.data.people.edges.map((e: any) => e.node).find((n: any) => !n.enrolments.length && !n.charityGrants.length);
    const township = p.township.code;
    const temporary = await stack.query(
      `mutation($i: RecordEnrolmentInput!) { recordEnrolment(input: $i) { id } }`,
      { i: { personId: p.id, programme: 'TEMPORARY', startDate: on, amount: '300' } },
      officer('CIVIL_AFFAIRS'),
    );
    expect(temporary.errors).toBeUndefined();
    const grant = await stack.query(
      `mutation($i: RecordCharityGrantInput!) { recordCharityGrant(input: $i) { id } }`,
      { i: { projectId: project.id, personId: p.id, townshipCode: township, amount: '300', grantedOn: on, reason: '临时困难' } },
      officer('CHARITY_FEDERATION'),
    );
    expect(grant.errors).toBeUndefined();
    const second = await run(rule);
    expect(second).toMatchObject({ alertsRaised: 1, alertsSeen: baseline.alertsRaised });
    const fresh = (await alertsOf(rule)).filter((a) => !before.some((b) => b.id === a.id));
    expect(fresh).toHaveLength(1);
    expect(fresh[0]).toMatchObject({ person: { id: p.id }, departments: ['CIVIL_AFFAIRS', 'CHARITY_FEDERATION'] });
    expect(fresh[0].evidence.map((e: any) => [e.recordType, e.recordId, e.code])).toEqual([
      ['Enrolment', temporary.data.recordEnrolment.id, 'SAME_MONTH_GRANT'],
      ['CharityGrant', grant.data.recordCharityGrant.id, 'SAME_MONTH_GRANT'],
    ]);
    expect(await run(rule)).toMatchObject({ alertsRaised: 0, alertsSeen: baseline.alertsRaised + 1 });
  });

  it('a dibao recipient whose review date has passed yields one ABOVE_STANDARD_OR_REVIEW_OVERDUE alert', async () => {
    const rule = 'ABOVE_STANDARD_OR_REVIEW_OVERDUE';
    const baseline = await run(rule);
    const before = await alertsOf(rule);
    const people = await stack.query(`{ people(first: 200, filter: { status: ACTIVE }) { edges { node { id enrolments { programme } household { id } } } } }`);
    expect(people.errors).toBeUndefined();
    const p = people.data.people.edges.map((e: any) => e.node).find((n: any) => !n.enrolments.length && n.household);
    const dibao = await stack.query(
      `mutation($i: RecordEnrolmentInput!) { recordEnrolment(input: $i) { id } }`,
      { i: { personId: p.id, programme: 'DIBAO', startDate: '2024-01-01', amount: '300.00' } },
      officer('CIVIL_AFFAIRS'),
    );
    expect(dibao.errors).toBeUndefined();
    expect(await run(rule)).toMatchObject({ alertsRaised: 1, alertsSeen: baseline.alertsRaised });
    const fresh = (await alertsOf(rule)).filter((a) => !before.some((b) => b.id === a.id));
    expect(fresh).toHaveLength(1);
    expect(fresh[0].person.id).toBe(p.id);
    // the review of a dibao enrolment started 2024-01-01 was due within the year (yearly, or 6-monthly): long past
    expect(fresh[0].evidence.filter((e: any) => e.code === 'REVIEW_OVERDUE').map((e: any) => [e.recordType, e.recordId])).toEqual([['Enrolment', dibao.data.recordEnrolment.id]]);
    expect(await run(rule)).toMatchObject({ alertsRaised: 0, alertsSeen: baseline.alertsRaised + 1 });
  });

  it('a grade 1 disability in a marginal household without single-person coverage yields one PROACTIVE_DISCOVERY alert', async () => {
    const rule = 'PROACTIVE_DISCOVERY';
    const baseline = await run(rule);
    const before = await alertsOf(rule);
    const [cert] = await severeHolders([]);
    expect(cert).toBeDefined();
    const marginal = await enrolMarginal(cert.person.id);
    expect(await run(rule)).toMatchObject({ alertsRaised: 1, alertsSeen: baseline.alertsRaised });
    const fresh = (await alertsOf(rule)).filter((a) => !before.some((b) => b.id === a.id));
    expect(fresh.map((a) => [a.person.id, a.evidence.map((e: any) => [e.department, e.recordId, e.code])])).toEqual([
      [cert.person.id, [['DISABLED_PERSONS_FEDERATION', cert.id, 'SEVERE_DISABILITY'], ['CIVIL_AFFAIRS', marginal.id, 'MARGINAL_NO_SINGLE_COVERAGE']]],
    ]);
    expect(await run(rule)).toMatchObject({ alertsRaised: 0, alertsSeen: baseline.alertsRaised + 1 });
  });

  it('an application past its time limit yields one APPLICATION_OVERDUE alert', async () => {
    const rule = 'APPLICATION_OVERDUE';
    const baseline = await run(rule);
    const before = await alertsOf(rule);
    const people = await stack.query(`{ people(first: 200, filter: { status: ACTIVE }) { edges { node { id ageBand township { code } village { code } applications { id } } } } }`);
    expect(people.errors).toBeUndefined();
    const p = people.data.people.edges.map((e: any) => e.node).find((n: any) => n.ageBand !== 'AGE_0_17' && n.village && !n.applications.length);
    // submitted on 2025-06-02 (the service centre's clock moved back for the submission), so long overdue today
    await stack.stopSubgraph('service-centre');
    await stack.startSubgraph('service-centre', { AIDGRAPH_TODAY: '2025-06-02' });
    const sub = await stack.query(
      `mutation($i: SubmitApplicationInput!) { submitApplication(input: $i) { id submittedOn } }`,
      { i: { applicantId: p.id, townshipCode: p.township.code, villageCode: p.village.code, channel: 'WINDOW', programmes: ['DIBAO'], commitment: { signedBy: 'APPLICANT' } } },
      { role: 'caseworker', township: p.township.code },
    );
    await stack.stopSubgraph('service-centre');
    await stack.startSubgraph('service-centre');
    expect(sub.errors).toBeUndefined();
    expect(sub.data.submitApplication.submittedOn).toBe('2025-06-02');
    expect(await run(rule)).toMatchObject({ alertsRaised: 1, alertsSeen: baseline.alertsRaised });
    const fresh = (await alertsOf(rule)).filter((a) => !before.some((b) => b.id === a.id));
    expect(fresh.map((a) => [a.person.id, a.departments, a.evidence.map((e: any) => [e.recordType, e.recordId, e.code])])).toEqual([
      [p.id, ['SOCIAL_ASSISTANCE_CENTRE'], [['AssistanceApplication', sub.data.submitApplication.id, 'APPLICATION_PAST_LIMIT']]],
    ]);
    expect(await run(rule)).toMatchObject({ alertsRaised: 0, alertsSeen: baseline.alertsRaised + 1 });
  });

  it('the benchmark runs a rule against the stack and prints rows/s and memory per page', async () => {
    const token = await stack.keys.token(ENGINE);
    const { stdout } = await promisify(execFile)(process.execPath, [path.join(ROOT, 'subgraphs/supervision/bench/rules-bench.js'), '--rule', 'DECEASED_OR_MOVED_WITH_BENEFITS'], {
      env: { ...process.env, ENV_FILES: 'off', SUPERVISION_GATEWAY_URL: stack.gatewayUrl, SUPERVISION_TOKEN: token, SUPERVISION_PAGE_SIZE: '20' },
    });
    // per page: rule, page, rows, rows/s, raised, seen, RSS, heap; then the rule's summary with its memory ranges
    expect(stdout).toMatch(/^DECEASED_OR_MOVED_WITH_BENEFITS\s+1\s+\d+\s+\d+\s+\d+\s+\d+\s+\d+\.\d\s+\d+\.\d$/m);
    expect(stdout).toMatch(/^DECEASED_OR_MOVED_WITH_BENEFITS\s+SUCCEEDED\s+\d+\s+[\d.]+\s+\d+\s+\d+\s+[\d.]+-[\d.]+\s+[\d.]+-[\d.]+, [\d.]+$/m);
  });

  it('every other rule runs over the real graph, and a second run raises none', async () => {
    for (const rule of ['ABOVE_STANDARD_OR_REVIEW_OVERDUE', 'DUPLICATE_NEED', 'PROACTIVE_DISCOVERY', 'APPLICATION_OVERDUE']) {
      const first = await run(rule);
      expect(first.rowsRead).toBeNull();
      const again = await run(rule);
      expect(again).toMatchObject({ alertsRaised: 0, alertsSeen: first.alertsRaised + first.alertsSeen, rowsRead: null });
      const [readAgain, readFirst] = await rowsReadOf(rule, 2);
      expect(readFirst).toBeGreaterThanOrEqual(0);
      expect(readAgain).toBe(readFirst);
      expect(await alertsOf(rule)).toHaveLength(first.alertsRaised + first.alertsSeen);
    }
  });

  it('two batches started at once through the gateway: one runs, the other is refused RULES_RUNNING naming the running batch', async () => {
    const both = await Promise.all([
      stack.query(RUN, { i: { rules: ['DUPLICATE_NEED'] } }, SUPERVISOR),
      stack.query(RUN, { i: { rules: ['DUPLICATE_NEED'] } }, SUPERVISOR),
    ]);
    const ran = both.filter((r) => !r.errors);
    const refused = both.filter((r) => r.errors);
    expect(ran).toHaveLength(1);
    expect(ran[0].data.runWarningRules.runs[0]).toMatchObject({ rule: 'DUPLICATE_NEED', status: 'SUCCEEDED' });
    expect(refused).toHaveLength(1);
    // the conflict's details pass the gateway (its list of extensions kept): which batch holds the lease, and until when
    expect(refused[0].errors![0].extensions).toEqual({
      code: 'CONFLICT', reason: 'RULES_RUNNING', serviceName: 'supervision',
      batchId: expect.stringMatching(/^[0-9a-f-]{36}$/), trigger: 'MUTATION', leaseExpiresAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
  });

  it('a finding dismissed as a false positive is not raised again by a re-run; a resolved one found again is a new alert', async () => {
    const rule = 'PROACTIVE_DISCOVERY';
    const baseline = await run(rule);
    const before = await alertsOf(rule);
    // two grade 1-2 certificate holders put in marginal households without single-person coverage: two findings
    const holders = (await severeHolders(before)).slice(0, 2);
    expect(holders).toHaveLength(2);
    for (const h of holders) await enrolMarginal(h.person.id);
    expect(await run(rule)).toMatchObject({ alertsRaised: 2, alertsSeen: baseline.alertsRaised + baseline.alertsSeen });
    const fresh = (await alertsOf(rule)).filter((a) => !before.some((b) => b.id === a.id) && holders.some((h: any) => h.person.id === a.person.id));
    expect(fresh).toHaveLength(2);
    const [dismissed, resolved] = holders.map((h: any) => fresh.find((a) => a.person.id === h.person.id));
    const change = (name: string, input: string) => `mutation($i: ${input}!) { ${name}(input: $i) { id status version dismissalReason resolutionReason note } }`;
    // a dismissal needs its reason in words too
    const bare = await stack.query(change('dismissWarningAlert', 'DismissWarningAlertInput'), { i: { id: dismissed.id, expectedVersion: 1, reason: 'LEGITIMATE' } }, SUPERVISOR);
    expect(bare.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'REQUIRED' });
    const d = await stack.query(change('dismissWarningAlert', 'DismissWarningAlertInput'),
      { i: { id: dismissed.id, expectedVersion: 1, reason: 'LEGITIMATE', note: '已纳入单人保，台账未同步', idempotencyKey: `dismiss-${kind}-0001` } }, SUPERVISOR);
    expect(d.errors).toBeUndefined();
    expect(d.data.dismissWarningAlert).toMatchObject({ status: 'DISMISSED', version: 2, dismissalReason: 'LEGITIMATE', note: '已纳入单人保，台账未同步' });
    const r = await stack.query(change('resolveWarningAlert', 'ResolveWarningAlertInput'),
      { i: { id: resolved.id, expectedVersion: 1, reason: 'REFERRED', note: '转镇街核查' } }, SUPERVISOR);
    expect(r.errors).toBeUndefined();
    expect(r.data.resolveWarningAlert).toMatchObject({ status: 'RESOLVED', version: 2, resolutionReason: 'REFERRED' });

    // the rule run again over the unchanged graph: the dismissed finding is seen, not raised; the resolved one (its
    // benefit situation unchanged: not dealt with after all) is raised anew, as the README says
    const again = await run(rule);
    expect(again).toMatchObject({ alertsRaised: 1 });
    const after = await alertsOf(rule);
    const ofDismissed = after.filter((a) => a.person.id === dismissed.person.id);
    expect(ofDismissed.map((a) => [a.id, a.status])).toEqual([[dismissed.id, 'DISMISSED']]);
    const ofResolved = after.filter((a) => a.person.id === resolved.person.id).map((a) => a.status).sort();
    expect(ofResolved).toEqual(['OPEN', 'RESOLVED']);
    // and once more: nothing new
    expect(await run(rule)).toMatchObject({ alertsRaised: 0 });
    expect(await alertsOf(rule)).toHaveLength(after.length);
  });
});

/**
 * The engine against the gateway's limits: with rate limits on and an auditor's bulk cap far below what a rule reads,
 * the engine's subject runs on its own allowance (RATE_LIMIT_SUBJECTS) while any other auditor is refused; an engine
 * token without the allowance fails its run RATE_LIMITED. (The limits do not depend on the database: SQLite only.)
 */
describe('the rule engine\'s allowance at the gateway', () => {
  let stack: Stack;
  const start = async (subject: string) => {
    await stack.stopSubgraph('supervision');
    await stack.startSubgraph('supervision', {
      SUPERVISION_GATEWAY_URL: stack.gatewayUrl, SUPERVISION_TOKEN: await stack.keys.token({ role: 'auditor', subject }), SUPERVISION_RATE_LIMIT_RETRIES: '0',
    });
  };
  beforeAll(async () => {
    stack = await startStack('sqlite', {
      seed: SEED, seedSize: SIZE,
      gatewayEnv: { RATE_LIMIT: 'true', BULK_RECORDS_AUDITOR: '5/1h', RATE_LIMIT_SUBJECTS: `auditor:${ENGINE.subject}=off|1000000/1h` },
    });
  });
  afterAll(() => stack?.close());

  it('runs on the engine subject\'s own allowance; other auditors keep the cap; without the allowance the run fails RATE_LIMITED', async () => {
    const rule = 'ABOVE_STANDARD_OR_REVIEW_OVERDUE';
    await start(ENGINE.subject);
    const ok = await stack.query(RUN, { i: { rules: [rule] } }, SUPERVISOR);
    expect(ok.errors).toBeUndefined();
    expect(ok.data.runWarningRules.runs[0]).toMatchObject({ status: 'SUCCEEDED', errorCode: null });
    expect(ok.data.runWarningRules.runs[0].rowsRead).toBeNull();
    const read = await stack.query(`{ warningRuleRuns(first: 1, rule: ${rule}) { edges { node { rowsRead } } } }`, undefined, ENGINE);
    expect(read.data.warningRuleRuns.edges[0].node.rowsRead).toBeGreaterThan(5);
    const other = await stack.query(`{ people(first: 20) { edges { node { id } } } }`, undefined, { role: 'auditor', subject: 'someone-else' });
    expect(other.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', reason: 'BULK_EXTRACTION' });
    await start('svc-without-allowance');
    const refused = await stack.query(RUN, { i: { rules: [rule] } }, SUPERVISOR);
    expect(refused.errors).toBeUndefined();
    expect(refused.data.runWarningRules.runs[0]).toMatchObject({ status: 'FAILED', errorCode: 'RATE_LIMITED' });
  });
});

/**
 * The rule engine behind a gateway that runs only registered documents (TRUSTED_DOCUMENTS=enforce; the engine's role,
 * an auditor here, is not among TRUSTED_DOCUMENTS_ADHOC_ROLES). The gateway reads a manifests folder of this test's:
 * first without the engine's manifest (every rule fails: its client has none), then with the committed
 * gateway/trusted-documents/supervision-rules.json added (`npm run trusted-documents:engine`; the gateway reads a changed
 * folder without a restart): every rule runs, and anything else the engine's client sent is refused.
 */
describe('the rule engine behind a gateway in trusted-documents enforce mode', () => {
  let stack: Stack;
  const manifests = fs.mkdtempSync(path.join(os.tmpdir(), 'aidgraph-e2e-td-'));
  const committed = path.join(ROOT, 'gateway/trusted-documents');
  beforeAll(async () => {
    fs.copyFileSync(path.join(committed, 'examples.json'), path.join(manifests, 'examples.json'));
    // the supervision officer who starts the runs may send its own texts here; the engine's auditor token may not
    stack = await startStack('sqlite', {
      seed: SEED, seedSize: SIZE,
      gatewayEnv: { TRUSTED_DOCUMENTS: 'enforce', TRUSTED_DOCUMENTS_DIR: manifests, TRUSTED_DOCUMENTS_ADHOC_ROLES: 'analyst,department_officer', SUPERGRAPH_POLL_MS: '200' },
    });
    await stack.stopSubgraph('supervision');
    await stack.startSubgraph('supervision', { SUPERVISION_GATEWAY_URL: stack.gatewayUrl, SUPERVISION_TOKEN: await stack.keys.token(ENGINE) });
  });
  afterAll(async () => {
    await stack?.close();
    fs.rmSync(manifests, { recursive: true, force: true });
  });

  const rules = ['DECEASED_OR_MOVED_WITH_BENEFITS', 'ABOVE_STANDARD_OR_REVIEW_OVERDUE', 'DUPLICATE_NEED', 'PROACTIVE_DISCOVERY', 'APPLICATION_OVERDUE'];
  const runAll = async () => {
    const r = await stack.query(`mutation($i: RunWarningRulesInput!) { runWarningRules(input: $i) { runs { rule status errorCode gatewayErrorCodes } } }`, { i: { rules } }, SUPERVISOR);
    expect(r.errors).toBeUndefined();
    return r.data.runWarningRules.runs.map((x: { rule: string; status: string; errorCode: string | null; gatewayErrorCodes: string[] | null }) => [x.rule, x.status, x.errorCode, x.gatewayErrorCodes]);
  };
  const asEngine = (query: string) => stack.query(query, undefined, ENGINE, { 'apollographql-client-name': 'supervision-rules' });

  it('fails every rule without the engine\'s manifest, runs every one with it, and refuses the engine client a text of its own', async () => {
    // each failed run says what the gateway answered, without the logs
    expect(await runAll()).toEqual(rules.map((rule) => [rule, 'FAILED', 'GATEWAY_ERROR', ['OPERATION_NOT_TRUSTED']]));
    const engineText = Object.values(JSON.parse(fs.readFileSync(path.join(committed, 'supervision-rules.json'), 'utf8')) as Record<string, string>).find((t) => t.startsWith('query SupervisionOverdueApplications'))!;
    expect((await asEngine(engineText)).errors?.[0]?.extensions).toMatchObject({ code: 'OPERATION_NOT_TRUSTED', reason: 'UNKNOWN_CLIENT' });

    fs.copyFileSync(path.join(committed, 'supervision-rules.json'), path.join(manifests, 'supervision-rules.json'));
    // the gateway reads the changed folder within a few polls: the client is known once the refusal is no longer UNKNOWN_CLIENT
    const until = Date.now() + 15_000;
    while ((await asEngine('query SupervisionAdHoc { __typename }')).errors?.[0]?.extensions?.reason === 'UNKNOWN_CLIENT' && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    expect(await runAll()).toEqual(rules.map((rule) => [rule, 'SUCCEEDED', null, null]));
    // the same caller and client with a text of its own: refused before any subgraph is asked
    const adhoc = await asEngine(`query SupervisionAdHoc { people(first: 1) { totalCount } }`);
    expect(adhoc.data ?? null).toBeNull();
    expect(adhoc.errors?.[0]?.extensions).toMatchObject({ code: 'OPERATION_NOT_TRUSTED', reason: 'NOT_REGISTERED' });
  });
});
