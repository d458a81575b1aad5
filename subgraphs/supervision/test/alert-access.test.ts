import crypto from 'node:crypto';
import { auditedWrite, createContext } from '@aidgraph/subgraph-kit';
import { startSubgraphHarness, testDatabaseKinds, type SubgraphHarness } from '@aidgraph/subgraph-kit/testing';
import { supervision } from '../src/subgraph';
import { ruleOf } from '../src/modules/rules/index';
import { singleCoverageImplies } from '../src/modules/rules/above-standard-or-review-overdue.rule';
import { impliedClasses } from '../src/modules/warning-alert/access';
import { storeFindings, type Finding } from '../src/modules/warning-alert/warning-alert.service';
import type { StoredEvidence } from '../src/modules/warning-alert/warning-alert.entity';
import { EvidenceCode as C, WarningRuleCode as R, WarningSeverity } from '../src/modules/warning-alert/warning-alert.enums';
import { systemIdentity } from '../src/modules/rules/engine';

/**
 * An alert is whole or absent (H1): outside the supervision office a reader sees an alert only when it sees every class
 * its rule, its items and their codes imply; the list's filters and totalCount apply to those rows only (H2). Crafted
 * findings of every rule, stored as a run stores them, on both databases.
 */
const T = '370281001';
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const CA = 'CIVIL_AFFAIRS';
const item = (department: string, recordType: string, n: number, code: C, cls: StoredEvidence['cls'], owner?: string): StoredEvidence =>
  ({ department, recordType, recordId: id(n), since: '2026-02-01', amountSince: null, code, cls, ...(owner ? { owner } : {}) });

const findings: Finding[] = [
  // (1) an overdue application
  { rule: R.APPLICATION_OVERDUE, severity: WarningSeverity.MEDIUM, personId: id(1), townshipCode: T, evidence: [item('SOCIAL_ASSISTANCE_CENTRE', 'AssistanceApplication', 101, C.APPLICATION_PAST_LIMIT, 'application', 'SOCIAL_ASSISTANCE_CENTRE')] },
  // (2) an orphan without tekun: the rule's name still tells a severe disability or an orphan
  { rule: R.PROACTIVE_DISCOVERY, severity: WarningSeverity.LOW, personId: id(2), townshipCode: T, evidence: [item(CA, 'Person', 2, C.ORPHAN_NO_TEKUN, 'quasi.programme', CA)] },
  // (3) a charity grant in the month of a temporary assistance
  { rule: R.DUPLICATE_NEED, severity: WarningSeverity.MEDIUM, personId: id(3), townshipCode: T, evidence: [item(CA, 'Enrolment', 301, C.SAME_MONTH_GRANT, 'health.enrolment', CA), item('CHARITY_FEDERATION', 'CharityGrant', 302, C.SAME_MONTH_GRANT, 'health.charity')] },
  // (4) a living subsidy over tekun
  { rule: R.DUPLICATE_NEED, severity: WarningSeverity.MEDIUM, personId: id(4), townshipCode: T, evidence: [item(CA, 'Enrolment', 401, C.OVERLAPPING_SUBSIDY, 'quasi.programme', CA), item('DISABLED_PERSONS_FEDERATION', 'DisabilitySubsidy', 402, C.OVERLAPPING_SUBSIDY, 'health.disability')] },
  // (5) a DIBAO single-person coverage above the standard
  { rule: R.ABOVE_STANDARD_OR_REVIEW_OVERDUE, severity: WarningSeverity.MEDIUM, personId: id(5), townshipCode: T, evidence: [item(CA, 'VerificationRun', 501, C.ABOVE_STANDARD, 'income', CA)], implies: [{ cls: 'health.enrolment', owner: CA }] },
];

describe('what an alert implies', () => {
  it('the rule\'s classes, each item\'s and its code\'s, and a single-person coverage\'s', () => {
    const of = (f: Finding) => impliedClasses(ruleOf(f.rule).implies, f.evidence, f.implies);
    expect(findings.map(of)).toEqual([
      ['application@SOCIAL_ASSISTANCE_CENTRE'],
      ['health.disability', 'quasi.programme@CIVIL_AFFAIRS'],
      ['health.charity', 'health.enrolment@CIVIL_AFFAIRS', 'quasi.programme@CIVIL_AFFAIRS'],
      ['health.disability', 'quasi.programme@CIVIL_AFFAIRS'],
      ['health.enrolment@CIVIL_AFFAIRS', 'income@CIVIL_AFFAIRS', 'quasi.programme@CIVIL_AFFAIRS'],
    ]);
    // MARGINAL_NO_SINGLE_COVERAGE alone implies a grade 1-2 disability
    expect(impliedClasses([], [item(CA, 'Enrolment', 9, C.MARGINAL_NO_SINGLE_COVERAGE, 'quasi.programme', CA)])).toEqual(['health.disability', 'quasi.programme@CIVIL_AFFAIRS']);
    const enr = (programme: string, startDate: string, endDate: string | null) => ({ id: id(0), programme, status: 'ACTIVE', startDate, endDate });
    const p = (enrolments: object[]) => ({ id: id(9), township: { code: T }, enrolments, household: null }) as never;
    expect(singleCoverageImplies(p([enr('DIBAO', '2025-01-01', null), enr('MARGINAL', '2024-01-01', null)]), 'DIBAO')).toEqual([{ cls: 'health.enrolment', owner: CA }]);
    expect(singleCoverageImplies(p([enr('DIBAO', '2025-01-01', null), enr('MARGINAL', '2023-01-01', '2024-12-31')]), 'DIBAO')).toEqual([]);
    expect(singleCoverageImplies(p([enr('TEKUN', '2025-01-01', null)]), 'TEKUN')).toEqual([]);
    // a class outside the closed list cannot be stored (the list filter could not hide it)
    expect(() => impliedClasses([], [item(CA, 'Enrolment', 9, C.ACTIVE_MONTHLY, 'health.medical')])).toThrow(/outside ALERT_CLASS_REFS/);
  });
});

const ALERTS = `query($f: WarningAlertFilter) { warningAlerts(first: 50, filter: $f) { totalCount edges { node { rule person { id } departments evidence { recordId } } } } }`;
const officer = (department: string) => ({ role: 'department_officer' as const, department });

describe.each(testDatabaseKinds())('alerts whole or absent on %s', (kind) => {
  let h: SubgraphHarness;
  const saved = { ...process.env };
  beforeAll(async () => {
    process.env.AIDGRAPH_TODAY = '2026-03-15';
    h = await startSubgraphHarness(supervision, kind, { seedSize: 0 });
    const ctx = createContext(systemIdentity('cli'), h.db, 'test-store', 'test');
    const runId = crypto.randomUUID();
    // each finding with its rule's classes, as a run passes them
    for (const f of findings) await auditedWrite(ctx, (tx) => storeFindings(ctx, tx, runId, [f], ruleOf(f.rule).implies));
  });
  afterAll(async () => {
    process.env = saved;
    await h?.close();
  });

  const persons = async (who: object, filter: object | null = null) => {
    const r = await h.request(ALERTS, { f: filter }, who as never);
    expect(r.errors).toBeUndefined();
    const rows = r.data.warningAlerts.edges.map((e: { node: { person: { id: string } } }) => Number(e.node.person.id.slice(-3)));
    // totalCount and the page agree: the count is of the caller's rows
    expect(r.data.warningAlerts.totalCount).toBe(rows.length);
    return rows.sort();
  };

  it('publishes each rule\'s implied classes', async () => {
    const r = await h.request(`{ warningRules { code impliedClasses } }`, {}, officer('EDUCATION'));
    expect(r.errors).toBeUndefined();
    expect(r.data.warningRules).toEqual([
      { code: 'DECEASED_OR_MOVED_WITH_BENEFITS', impliedClasses: [] },
      { code: 'DUPLICATE_NEED', impliedClasses: ['quasi.programme@CIVIL_AFFAIRS'] },
      { code: 'ABOVE_STANDARD_OR_REVIEW_OVERDUE', impliedClasses: ['income@CIVIL_AFFAIRS', 'quasi.programme@CIVIL_AFFAIRS'] },
      { code: 'PROACTIVE_DISCOVERY', impliedClasses: ['health.disability', 'quasi.programme@CIVIL_AFFAIRS'] },
      { code: 'APPLICATION_OVERDUE', impliedClasses: ['application@SOCIAL_ASSISTANCE_CENTRE'] },
    ]);
  });

  it('one alert per finding, each with its classes', async () => {
    const rows = await h.db.query('SELECT "personId" AS p, classes FROM warning_alert ORDER BY "personId"');
    expect(rows.map((r: { classes: string }) => JSON.parse(r.classes))).toEqual([
      ['application@SOCIAL_ASSISTANCE_CENTRE'],
      ['health.disability', 'quasi.programme@CIVIL_AFFAIRS'],
      ['health.charity', 'health.enrolment@CIVIL_AFFAIRS', 'quasi.programme@CIVIL_AFFAIRS'],
      ['health.disability', 'quasi.programme@CIVIL_AFFAIRS'],
      ['health.enrolment@CIVIL_AFFAIRS', 'income@CIVIL_AFFAIRS', 'quasi.programme@CIVIL_AFFAIRS'],
    ]);
  });

  it('supervision officers and auditors see every alert whole; other readers only those whose every class they see', async () => {
    for (const who of [officer('SUPERVISION'), { role: 'auditor' }]) expect(await persons(who)).toEqual([1, 2, 3, 4, 5]);
    // a caseworker in scope sees every class these imply; out of scope nothing
    expect(await persons({ role: 'caseworker', township: T })).toEqual([1, 2, 3, 4, 5]);
    expect(await persons({ role: 'caseworker', township: '370281002' })).toEqual([]);
    // civil affairs: not the orphan (the rule implies a disability), not the charity pair, not the disability subsidy pair
    expect(await persons(officer(CA))).toEqual([5]);
    expect(await persons(officer('SOCIAL_ASSISTANCE_CENTRE'))).toEqual([1]);
    // the charity federation does not see the temporary assistance (health.enrolment); the federation of the disabled sees its pair
    expect(await persons(officer('CHARITY_FEDERATION'))).toEqual([]);
    expect(await persons(officer('DISABLED_PERSONS_FEDERATION'))).toEqual([4]);
    const whole = (await h.request(ALERTS, {}, officer('DISABLED_PERSONS_FEDERATION'))).data.warningAlerts.edges[0].node;
    expect(whole).toMatchObject({ departments: [CA, 'DISABLED_PERSONS_FEDERATION'], evidence: [{ recordId: id(401) }, { recordId: id(402) }] });
  });

  it('filters by rule or department apply to the caller\'s rows only: a hidden department matches nothing', async () => {
    expect(await persons(officer(CA), { department: 'CHARITY_FEDERATION' })).toEqual([]);
    expect(await persons(officer(CA), { department: 'DISABLED_PERSONS_FEDERATION' })).toEqual([]);
    expect(await persons(officer(CA), { rule: 'PROACTIVE_DISCOVERY' })).toEqual([]);
    expect(await persons(officer(CA), { rule: 'ABOVE_STANDARD_OR_REVIEW_OVERDUE', department: CA })).toEqual([5]);
    expect(await persons(officer('SUPERVISION'), { department: 'DISABLED_PERSONS_FEDERATION' })).toEqual([4]);
    expect(await persons(officer('SUPERVISION'), { department: 'CHARITY_FEDERATION' })).toEqual([3]);
    expect(await persons({ role: 'caseworker', township: T }, { rule: 'DUPLICATE_NEED' })).toEqual([3, 4]);
    // a lookup and Person.warningAlerts answer as the list
    const [{ id: hidden }] = await h.db.query(`SELECT id FROM warning_alert WHERE "personId" = '${id(2)}'`);
    expect((await h.request(`query($id: ID!) { warningAlert(id: $id) { id } }`, { id: hidden }, officer(CA))).data.warningAlert).toBeNull();
    expect((await h.request(`query($id: ID!) { warningAlert(id: $id) { id } }`, { id: hidden }, officer('SUPERVISION'))).data.warningAlert).toEqual({ id: hidden });
    const person = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { warningAlerts { rule } } } }`;
    expect((await h.request(person, { r: [{ __typename: 'Person', id: id(3) }] }, officer(CA))).data._entities[0].warningAlerts).toEqual([]);
    expect((await h.request(person, { r: [{ __typename: 'Person', id: id(3) }] }, officer('SUPERVISION'))).data._entities[0].warningAlerts).toEqual([{ rule: 'DUPLICATE_NEED' }]);
  });

  it('findings of one rule about one person on several pages of a run are one alert', async () => {
    const ctx = createContext(systemIdentity('cli'), h.db, 'test-pages', 'test');
    const run = crypto.randomUUID();
    const tally = { counted: new Set<string>() };
    const p = (evidence: StoredEvidence[]): Finding => ({ rule: R.DUPLICATE_NEED, severity: WarningSeverity.MEDIUM, personId: id(6), townshipCode: T, evidence });
    const a = await auditedWrite(ctx, (tx) => storeFindings(ctx, tx, run, [findings[2].evidence].map((e) => p(e)), ruleOf(R.DUPLICATE_NEED).implies, tally));
    const b = await auditedWrite(ctx, (tx) => storeFindings(ctx, tx, run, [p(findings[3].evidence)], ruleOf(R.DUPLICATE_NEED).implies, tally));
    expect([a, b]).toEqual([{ raised: 1, seen: 0 }, { raised: 0, seen: 0 }]);
    const rows = await h.db.query(`SELECT departments, classes FROM warning_alert WHERE "personId" = '${id(6)}'`);
    expect(rows.map((r: { departments: string; classes: string }) => [JSON.parse(r.departments), JSON.parse(r.classes)])).toEqual([
      [[CA, 'CHARITY_FEDERATION', 'DISABLED_PERSONS_FEDERATION'], ['health.charity', 'health.disability', 'health.enrolment@CIVIL_AFFAIRS', 'quasi.programme@CIVIL_AFFAIRS']],
    ]);
    // the next run replaces the evidence with what it finds
    const next = await auditedWrite(ctx, (tx) => storeFindings(ctx, tx, crypto.randomUUID(), [p(findings[3].evidence)], ruleOf(R.DUPLICATE_NEED).implies));
    expect(next).toEqual({ raised: 0, seen: 1 });
    const [after] = await h.db.query(`SELECT departments, classes FROM warning_alert WHERE "personId" = '${id(6)}'`);
    expect([JSON.parse(after.departments), JSON.parse(after.classes)]).toEqual([[CA, 'DISABLED_PERSONS_FEDERATION'], ['health.disability', 'quasi.programme@CIVIL_AFFAIRS']]);
  });
});
