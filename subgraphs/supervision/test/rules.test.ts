import { RULES } from '../src/modules/rules/index';
import type { GatewayClient } from '../src/modules/rules/gateway-client';
import type { RulePage } from '../src/modules/rules/rule';
import { addMonths } from '../src/modules/rules/above-standard-or-review-overdue.rule';
import { monthsBetween, paidSinceMonthly } from '../src/modules/rules/dates';
import { evidenceDigestOf } from '../src/modules/warning-alert/warning-alert.service';
import { paidSinceStatus, type PersonBenefits } from '../src/modules/rules/deceased-or-moved.rule';
import { RuleRunError } from '../src/modules/rules/gateway-client';
import { WarningRuleCode } from '../src/modules/warning-alert/warning-alert.enums';
import { engineDocuments } from '../src/modules/rules/documents';
import { gatewayCodes } from '../src/modules/rules/engine';
import { parse, print } from 'graphql';

/**
 * Each rule on a small crafted graph, answered by a stand-in client (the operation's name picks the answer; every list
 * is served in pages of 2 through cursors, as the gateway pages): exactly the expected findings, nothing else.
 */
const TODAY = '2026-03-15';
const T = '370281001';
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

type Lists = Record<string, (vars: Record<string, unknown>) => unknown[]>;
/** Answers of operations that are not lists (the whole data), by operation name. */
type Answers = Record<string, (vars: Record<string, unknown>) => unknown>;
/** Every query text the rules sent to the stand-in clients in this file (checked against the engine's manifest, last). */
const sentTexts = new Set<string>();
function standIn(lists: Lists, answers: Answers = {}): GatewayClient & { operations: string[] } {
  const operations: string[] = [];
  return {
    operations,
    requests: 0,
    async query(query: string, variables: Record<string, unknown>) {
      sentTexts.add(query);
      const op = /query (\w+)/.exec(query)![1];
      operations.push(op);
      if (answers[op]) return answers[op](variables);
      const field = /\{\s*(\w+)\(/.exec(query.slice(query.indexOf('{')))![1];
      const all = lists[op]?.(variables) ?? [];
      const start = variables.after ? Number(variables.after) : 0;
      const first = Number(variables.first);
      const page = all.slice(start, start + first);
      return { [field]: { pageInfo: { hasNextPage: start + first < all.length, endCursor: String(start + page.length) }, edges: page.map((node) => ({ node })) } };
    },
  } as unknown as GatewayClient & { operations: string[] };
}

async function findings(code: WarningRuleCode, lists: Lists, answers: Answers = {}) {
  const rule = RULES.find((r) => r.code === code)!;
  const client = standIn(lists, answers);
  const pages: RulePage[] = [];
  for await (const p of rule.run({ client, pageSize: 2, today: TODAY })) pages.push(p);
  return { rows: pages.reduce((n, p) => n + p.rows, 0), findings: pages.flatMap((p) => p.findings), operations: client.operations };
}

const person = (n: number, extra: object = {}) => ({
  id: id(n), status: 'DECEASED', statusDate: '2025-12-10', township: { code: T }, enrolments: [], educationAids: [], disabilitySubsidies: [],
  charityGrants: [], disasterReliefs: [], housingAssistance: null, ...extra,
});

describe('money and months', () => {
  it('counts whole calendar months after the status month, exactly', () => {
    expect(monthsBetween('2026-01', '2026-03')).toBe(3);
    expect(monthsBetween('2026-04', '2026-03')).toBe(0);
    expect(paidSinceMonthly('120.00', '2025-12-10', '2024-01-01', null, TODAY)).toBe('360.00');
    expect(paidSinceMonthly('0.10', '2025-12-10', '2026-02-01', null, TODAY)).toBe('0.20');
    expect(paidSinceMonthly('500.00', '2026-03-01', '2024-01-01', null, TODAY)).toBe('0.00');
    expect(paidSinceMonthly('500.00', '2025-12-10', '2024-01-01', '2026-01-31', TODAY)).toBe('500.00');
    expect(addMonths('2025-01-31', 1)).toBe('2025-02-28');
  });
  it('keys a finding by rule, person and its records, never by amounts', () => {
    const e = { department: 'EDUCATION', recordType: 'EducationAid', recordId: id(9), since: '2025-01-01', amountSince: '1.00', code: 'APPROVED_UNPAID', cls: 'quasi.programme' } as const;
    const k = evidenceDigestOf({ rule: WarningRuleCode.DECEASED_OR_MOVED_WITH_BENEFITS, personId: id(1), evidence: [e as never] });
    expect(evidenceDigestOf({ rule: WarningRuleCode.DECEASED_OR_MOVED_WITH_BENEFITS, personId: id(1).toUpperCase(), evidence: [{ ...e, amountSince: '9.00' } as never] })).toBe(k);
    expect(evidenceDigestOf({ rule: WarningRuleCode.DUPLICATE_NEED, personId: id(1), evidence: [e as never] })).not.toBe(k);
  });
});

describe('DECEASED_OR_MOVED_WITH_BENEFITS', () => {
  it('asks what the batches paid for many status dates in few requests: at most 10 dates and 200 ids each', async () => {
    const dibao = (n: number) => [{ id: id(10_000 + n), programme: 'DIBAO', status: 'ENDED', startDate: '2020-01-01', endDate: '2025-01-01', amount: '600.00', amountPeriod: 'MONTHLY' }];
    const day = (n: number) => `2025-${String(1 + (n % 12)).padStart(2, '0')}-${String(1 + Math.floor(n / 12)).padStart(2, '0')}`;
    // 23 people on 23 dates, 450 people on one more date, and people without a dibao or tekun (not asked)
    const people = [
      ...Array.from({ length: 23 }, (_, n) => person(n + 1, { statusDate: day(n), enrolments: dibao(n + 1) })),
      ...Array.from({ length: 450 }, (_, n) => person(100 + n, { statusDate: '2026-02-01', enrolments: dibao(100 + n) })),
      person(999, { statusDate: '2026-02-02' }),
    ] as PersonBenefits[];
    const requests: { dates: string[]; ids: number }[] = [];
    const client = {
      query: async (query: string, v: Record<string, unknown>) => {
        sentTexts.add(query);
        const parts = Object.keys(v).filter((k) => k.startsWith('date')).map((k) => k.slice(4));
        expect(query.match(/peopleByIds/g)).toHaveLength(parts.length);
        requests.push({ dates: parts.map((i) => v[`date${i}`] as string), ids: parts.reduce((n, i) => n + (v[`ids${i}`] as string[]).length, 0) });
        // each person's dibao paid 600.00 after the date asked
        return Object.fromEntries(parts.map((i) => [`d${i}`, (v[`ids${i}`] as string[]).map((pid) => ({ id: pid, enrolments: [{ id: `e-${pid}`, programme: 'DIBAO', paidSince: '600.00' }] }))]));
      },
    };
    const paid = await paidSinceStatus(client as never, people);
    expect(requests.map((r) => [r.dates.length, r.ids])).toEqual([[10, 10], [10, 10], [3, 3], [1, 200], [1, 200], [1, 50]]);
    expect(requests.every((r) => r.dates.length <= 10 && r.ids <= 200)).toBe(true);
    expect(new Set(requests.flatMap((r) => r.dates)).size).toBe(24);
    expect(paid.size).toBe(473);
    expect(paid.get(`e-${id(1)}`)).toBe('600.00');
    expect(paid.get(`e-${id(549)}`)).toBe('600.00');
  });

  it('sends as many status dates per request as a gateway with fewer aliases allows (TOO_MANY_ALIASES: its max)', async () => {
    const dibao = (n: number) => [{ id: id(10_000 + n), programme: 'DIBAO', status: 'ENDED', startDate: '2020-01-01', endDate: '2025-01-01', amount: '600.00', amountPeriod: 'MONTHLY' }];
    const people = Array.from({ length: 9 }, (_, n) => person(n + 1, { statusDate: `2025-0${n + 1}-01`, enrolments: dibao(n + 1) })) as PersonBenefits[];
    const sent: number[] = [];
    const client = {
      query: async (query: string, v: Record<string, unknown>) => {
        sentTexts.add(query);
        const parts = Object.keys(v).filter((k) => k.startsWith('date')).map((k) => k.slice(4));
        sent.push(parts.length);
        // a gateway with MAX_QUERY_ALIASES 4
        if (parts.length > 4) throw new RuleRunError('GATEWAY_ERROR', 'the query has too many aliases', ['GRAPHQL_VALIDATION_FAILED'], { code: 'GRAPHQL_VALIDATION_FAILED', reason: 'TOO_MANY_ALIASES', max: 4 });
        return Object.fromEntries(parts.map((i) => [`d${i}`, (v[`ids${i}`] as string[]).map((pid) => ({ id: pid, enrolments: [{ id: `e-${pid}`, programme: 'DIBAO', paidSince: '600.00' }] }))]));
      },
    };
    const paid = await paidSinceStatus(client as never, people);
    expect(sent).toEqual([9, 4, 4, 1]);
    expect(paid.size).toBe(9);
    // any other error fails the rule as before
    const failing = { query: async () => { throw new RuleRunError('GATEWAY_ERROR', 'boom', ['INTERNAL_SERVER_ERROR']); } };
    await expect(paidSinceStatus(failing as never, people)).rejects.toMatchObject({ code: 'GATEWAY_ERROR' });
  });

  it('one finding per person with benefits after the status date, every department named; nothing for the rest', async () => {
    const deceased = [
      person(1, {
        enrolments: [
          { id: id(11), programme: 'DIBAO', status: 'ACTIVE', startDate: '2024-01-01', endDate: null, amount: '600.00', amountPeriod: 'MONTHLY' },
          { id: id(12), programme: 'TEMPORARY', status: 'ACTIVE', startDate: '2025-06-01', endDate: '2025-06-01', amount: '900.00', amountPeriod: 'ONE_OFF' },
        ],
        educationAids: [{ id: id(13), status: 'PAID', amount: '800.00', approvedOn: '2025-09-01' }],
        charityGrants: [{ id: id(14), status: 'GRANTED', amount: '300.00', grantedOn: '2026-01-05' }],
        housingAssistance: { rentSubsidies: [{ id: id(15), status: 'ACTIVE', monthlyAmount: '200.00', startMonth: '2025-01', endMonth: null }] },
      }),
      // ended, withdrawn or before the death: nothing — but a dibao ended on the day of the death once the death was
      // recorded, which January's batch had paid (generated before the record): what the lines paid after the death
      person(2, {
        enrolments: [
          { id: id(21), programme: 'TEKUN', status: 'ENDED', startDate: '2020-01-01', endDate: '2025-12-31', amount: '1200.00', amountPeriod: 'MONTHLY' },
          { id: id(24), programme: 'DIBAO', status: 'ENDED', startDate: '2024-01-01', endDate: '2025-12-10', amount: '600.00', amountPeriod: 'MONTHLY' },
        ],
        charityGrants: [{ id: id(22), status: 'WITHDRAWN', amount: '300.00', grantedOn: '2026-01-05' }],
        disasterReliefs: [{ id: id(23), status: 'PAID', amount: '500.00', grantedOn: '2025-01-05' }],
      }),
      person(3),
    ];
    const moved = [person(4, { status: 'MOVED_AWAY', statusDate: '2026-01-20', disasterReliefs: [{ id: id(41), status: 'GRANTED', amount: '500.00', grantedOn: '2026-02-01' }] })];
    // the dibao paid after the death is what civil affairs' payment batches paid (Enrolment.paidSince, from the lines):
    // January and February's batches (2 x 600.00), not an estimate from the dates (3 months to March: 1800.00)
    const asked: unknown[] = [];
    const r = await findings(WarningRuleCode.DECEASED_OR_MOVED_WITH_BENEFITS, {
      SupervisionDeceasedOrMoved: (v) => (v.status === 'DECEASED' ? deceased : moved),
    }, {
      SupervisionPaidSince: (v) => {
        asked.push(v);
        return {
          d0: [
            { id: id(1), enrolments: [{ id: id(11), programme: 'DIBAO', paidSince: '1200.00' }, { id: id(12), programme: 'TEMPORARY', paidSince: null }] },
            { id: id(2), enrolments: [{ id: id(21), programme: 'TEKUN', paidSince: '0.00' }, { id: id(24), programme: 'DIBAO', paidSince: '600.00' }] },
          ],
        };
      },
    });
    expect(r.rows).toBe(4);
    expect(r.operations).toEqual(['SupervisionDeceasedOrMoved', 'SupervisionPaidSince', 'SupervisionDeceasedOrMoved', 'SupervisionDeceasedOrMoved']);
    // asked once, for the people with a dibao or tekun whatever its dates (what was paid is in the lines), from the day
    // of the death; the tekun ended in December was paid nothing after it (0.00): no evidence
    expect(asked).toEqual([{ ids0: [id(1), id(2)], date0: '2025-12-10' }]);
    expect(r.findings.map((f) => [f.personId, f.evidence.map((e) => [e.department, e.recordId, e.code, e.since, e.amountSince, e.cls])])).toEqual([
      [id(1), [
        ['CIVIL_AFFAIRS', id(11), 'ACTIVE_MONTHLY', '2025-12-10', '1200.00', 'quasi.programme'],
        ['HOUSING', id(15), 'ACTIVE_MONTHLY', '2025-12-10', '600.00', 'quasi.programme'],
        ['CHARITY_FEDERATION', id(14), 'GRANTED_AFTER_STATUS', '2026-01-05', '300.00', 'health.charity'],
      ]],
      [id(2), [['CIVIL_AFFAIRS', id(24), 'PAID_AFTER_STATUS', '2025-12-10', '600.00', 'quasi.programme']]],
      [id(4), [['EMERGENCY_MANAGEMENT', id(41), 'GRANTED_AFTER_STATUS', '2026-02-01', '500.00', 'quasi.programme']]],
    ]);
    // the dibao amount is income: shown only to who sees income
    expect(r.findings[0].evidence[0]).toMatchObject({ amountCls: 'income' });
  });
});

describe('DUPLICATE_NEED', () => {
  it('a charity grant in the month of a temporary assistance; a living subsidy over tekun; nothing else', async () => {
    const enrolments = (n: number) => [
      { id: id(n + 1), programme: 'TEMPORARY', status: 'ACTIVE', startDate: '2026-02-03', endDate: '2026-02-03', amount: '1000.00' },
      { id: id(n + 2), programme: 'TEKUN', status: 'ACTIVE', startDate: '2025-01-01', endDate: null },
    ];
    const grants = [
      { id: id(101), amount: '500.00', grantedOn: '2026-02-20', person: { id: id(1), township: { code: T }, enrolments: enrolments(10) } },
      { id: id(102), amount: '500.00', grantedOn: '2026-03-01', person: { id: id(2), township: { code: T }, enrolments: enrolments(20) } },
      { id: id(103), amount: '500.00', grantedOn: '2026-02-20', person: null },
    ];
    const subsidies = [
      { id: id(201), monthlyAmount: '100.00', startDate: '2025-06-01', endDate: null, person: { id: id(3), township: { code: T }, enrolments: enrolments(30) } },
      { id: id(202), monthlyAmount: '100.00', startDate: '2023-01-01', endDate: '2024-12-31', person: { id: id(4), township: { code: T }, enrolments: enrolments(40) } },
    ];
    const r = await findings(WarningRuleCode.DUPLICATE_NEED, { SupervisionCharityGrants: () => grants, SupervisionLivingSubsidies: () => subsidies });
    expect(r.rows).toBe(5);
    expect(r.findings.map((f) => [f.personId, f.evidence.map((e) => [e.department, e.recordId, e.code])])).toEqual([
      [id(1), [['CIVIL_AFFAIRS', id(11), 'SAME_MONTH_GRANT'], ['CHARITY_FEDERATION', id(101), 'SAME_MONTH_GRANT']]],
      [id(3), [['CIVIL_AFFAIRS', id(32), 'OVERLAPPING_SUBSIDY'], ['DISABLED_PERSONS_FEDERATION', id(201), 'OVERLAPPING_SUBSIDY']]],
    ]);
  });
});

describe('ABOVE_STANDARD_OR_REVIEW_OVERDUE', () => {
  const recipient = (n: number, e: object, verification: object | null) => ({
    id: id(n), township: { code: T }, enrolments: [{ id: id(n * 10), programme: 'DIBAO', status: 'ACTIVE', startDate: '2025-01-01', endDate: null, ...e }],
    household: { id: id(n * 100), verifications: { edges: verification ? [{ node: verification }] : [] } },
  });
  it('above the standard after the start, or past the review date; each DIBAO and TEKUN list read', async () => {
    const dibao = [
      recipient(1, { nextReviewDate: '2026-06-01' }, { id: id(901), on: '2025-11-01', outcome: 'NOT_ELIGIBLE' }),
      recipient(2, { nextReviewDate: '2026-01-01' }, { id: id(902), on: '2025-01-01', outcome: 'DIBAO' }),
      recipient(3, { nextReviewDate: '2026-06-01' }, { id: id(903), on: '2024-11-01', outcome: 'MARGINAL' }),
    ];
    const r = await findings(WarningRuleCode.ABOVE_STANDARD_OR_REVIEW_OVERDUE, { SupervisionRecipients: (v) => (v.programme === 'DIBAO' ? dibao : []) });
    expect(r.rows).toBe(3);
    expect(r.findings.map((f) => [f.personId, f.evidence.map((e) => [e.recordType, e.recordId, e.code, e.since])])).toEqual([
      [id(1), [['VerificationRun', id(901), 'ABOVE_STANDARD', '2025-11-01']]],
      [id(2), [['Enrolment', id(20), 'REVIEW_OVERDUE', '2026-01-01']]],
    ]);
  });
  it('without review dates in the graph: 12 months after the later of the start and the latest verification', async () => {
    const dibao = [recipient(5, {}, { id: id(905), on: '2025-02-01', outcome: 'DIBAO' }), recipient(6, {}, { id: id(906), on: '2025-04-01', outcome: 'DIBAO' })];
    const r = await findings(WarningRuleCode.ABOVE_STANDARD_OR_REVIEW_OVERDUE, { SupervisionRecipients: (v) => (v.programme === 'DIBAO' ? dibao : []) });
    expect(r.findings.map((f) => [f.personId, f.evidence.map((e) => e.since)])).toEqual([[id(5), ['2026-02-01']]]);
  });
});

describe('PROACTIVE_DISCOVERY', () => {
  it('a severely disabled member of a marginal household without single-person coverage; an orphan under 18 without tekun', async () => {
    const enr = (programmes: string[]) => programmes.map((p, i) => ({ id: id(700 + i), programme: p, status: 'ACTIVE', startDate: '2025-01-01', endDate: null }));
    const certs = [
      { id: id(301), grade: 'GRADE_1', issuedOn: '2020-05-01', person: { id: id(1), status: 'ACTIVE', township: { code: T }, enrolments: enr(['MARGINAL']) } },
      { id: id(302), grade: 'GRADE_1', issuedOn: '2020-05-01', person: { id: id(2), status: 'ACTIVE', township: { code: T }, enrolments: enr(['MARGINAL', 'DIBAO']) } },
      { id: id(303), grade: 'GRADE_1', issuedOn: '2020-05-01', person: { id: id(3), status: 'ACTIVE', township: { code: T }, enrolments: enr([]) } },
      { id: id(304), grade: 'GRADE_1', issuedOn: '2020-05-01', person: { id: id(4), status: 'DECEASED', township: { code: T }, enrolments: enr(['MARGINAL']) } },
    ];
    const orphans = [
      { id: id(5), age: 12, township: { code: T }, enrolments: enr([]) },
      { id: id(6), age: 12, township: { code: T }, enrolments: enr(['TEKUN']) },
      { id: id(7), age: 19, township: { code: T }, enrolments: enr([]) },
    ];
    const r = await findings(WarningRuleCode.PROACTIVE_DISCOVERY, {
      SupervisionSevereCertificates: (v) => (v.grade === 'GRADE_1' ? certs : []),
      SupervisionOrphans: () => orphans,
    });
    expect(r.rows).toBe(7);
    expect(r.findings.map((f) => [f.personId, f.evidence.map((e) => [e.department, e.code])])).toEqual([
      [id(1), [['DISABLED_PERSONS_FEDERATION', 'SEVERE_DISABILITY'], ['CIVIL_AFFAIRS', 'MARGINAL_NO_SINGLE_COVERAGE']]],
      [id(5), [['CIVIL_AFFAIRS', 'ORPHAN_NO_TEKUN']]],
    ]);
  });
});

describe('APPLICATION_OVERDUE', () => {
  it('one finding per overdue application, naming the service centre', async () => {
    const apps = [
      { id: id(401), step: 'INVESTIGATION', dueOn: '2026-03-01', township: { code: T }, applicant: { id: id(1) } },
      { id: id(402), step: 'SUBMITTED', dueOn: '2026-03-10', township: { code: T }, applicant: { id: id(1) } },
      { id: id(403), step: 'SUBMITTED', dueOn: '2026-03-10', township: { code: T }, applicant: null },
    ];
    const r = await findings(WarningRuleCode.APPLICATION_OVERDUE, { SupervisionOverdueApplications: () => apps });
    expect(r.findings.map((f) => [f.personId, f.evidence[0].recordId, f.evidence[0].department])).toEqual([
      [id(1), id(401), 'SOCIAL_ASSISTANCE_CENTRE'],
      [id(1), id(402), 'SOCIAL_ASSISTANCE_CENTRE'],
    ]);
  });
});

describe('paging through the gateway', () => {
  it('asks again with smaller pages, in proportion, when a page is over the gateway\'s cost limit, and reads every row once', async () => {
    const { pages, RuleRunError } = await import('../src/modules/rules/gateway-client');
    const rows = Array.from({ length: 7 }, (_, i) => ({ id: id(i) }));
    const asked: number[] = [];
    const client = {
      async query(_q: string, v: { first: number; after: string | null }) {
        asked.push(v.first);
        if (v.first * 100 > 300) throw new RuleRunError('GATEWAY_ERROR', 'too costly', ['QUERY_TOO_COSTLY'], { cost: v.first * 100, max: 300 });
        const start = v.after ? Number(v.after) : 0;
        const page = rows.slice(start, start + v.first);
        return { list: { pageInfo: { hasNextPage: start + v.first < rows.length, endCursor: String(start + page.length) }, edges: page.map((node) => ({ node })) } };
      },
    } as unknown as GatewayClient;
    const seen: string[] = [];
    for await (const page of pages<{ id: string }, { list: never }>(client, 'query X { list }', {}, 10, (d) => d.list)) seen.push(...page.map((r) => r.id));
    expect(seen).toEqual(rows.map((r) => r.id));
    expect(asked).toEqual([10, 2, 2, 2, 2]);
  });
});

describe('the rule engine\'s configuration', () => {
  const { readRulesConfig, rulesEnabled } = jest.requireActual('../src/modules/rules/config') as typeof import('../src/modules/rules/config');
  it('is disabled with nothing set, enabled with a gateway URL and a token; the schedule is off by default', () => {
    const off = readRulesConfig({});
    expect(rulesEnabled(off)).toBe(false);
    expect(off.SUPERVISION_RULES_INTERVAL).toBeNull();
    const on = readRulesConfig({ SUPERVISION_GATEWAY_URL: 'http://127.0.0.1:4000/graphql', SUPERVISION_TOKEN: 'aaa.bbb.ccc', SUPERVISION_RULES_INTERVAL: '6h' });
    expect(rulesEnabled(on)).toBe(true);
    expect(on.SUPERVISION_RULES_INTERVAL).toBe(6 * 3_600_000);
    expect(on.SUPERVISION_PAGE_SIZE).toBe(200);
  });
  it('refuses malformed values, every one named', () => {
    const problems = (env: Record<string, string>) => {
      try {
        readRulesConfig(env);
        return [];
      } catch (e) {
        return (e as { issues: string[] }).issues.map((i) => i.split(':')[0]);
      }
    };
    expect(problems({ SUPERVISION_TOKEN: 'aaa.bbb.ccc' })).toEqual(['SUPERVISION_GATEWAY_URL']);
    expect(problems({ SUPERVISION_GATEWAY_URL: 'ftp://x', SUPERVISION_TOKEN: 'not a jwt', SUPERVISION_RULES_INTERVAL: '10s', SUPERVISION_PAGE_SIZE: '5000' }).sort()).toEqual(
      ['SUPERVISION_GATEWAY_URL', 'SUPERVISION_PAGE_SIZE', 'SUPERVISION_RULES_INTERVAL', 'SUPERVISION_TOKEN'],
    );
    expect(problems({ SUPERVISION_GATEWAY_URL: 'http://x/graphql', SUPERVISION_TOKEN: 'a.b.c', SUPERVISION_TOKEN_FILE: '/nonexistent' }).sort()).toEqual(['SUPERVISION_TOKEN_FILE', 'SUPERVISION_TOKEN_FILE']);
  });
});

describe('the gateway\'s error codes of a failed run', () => {
  it('are kept distinct, in the order met, codes only, at most 8', () => {
    expect(gatewayCodes([])).toBeNull();
    expect(gatewayCodes(['OPERATION_NOT_TRUSTED', 'OPERATION_NOT_TRUSTED'])).toBe('OPERATION_NOT_TRUSTED');
    expect(gatewayCodes(['SUBGRAPH_UNAVAILABLE', 'FORBIDDEN', 'SUBGRAPH_UNAVAILABLE'])).toBe('SUBGRAPH_UNAVAILABLE,FORBIDDEN');
    // anything that is not a code (a message, a name, a comma) is left out
    expect(gatewayCodes(['王芳 370281', 'bad,code', 'lower_case', 'QUERY_TOO_COSTLY'])).toBe('QUERY_TOO_COSTLY');
    expect(gatewayCodes(Array.from({ length: 12 }, (_, i) => `CODE_${i}`))!.split(',')).toHaveLength(8);
  });
});

// last in this file: every text the rules sent above — each rule's pages, the recipients' fallback without review
// dates, paidSince at full and lowered widths (TOO_MANY_ALIASES) — is one of the documents registered for the gateway's
// enforce mode (gateway/trusted-documents/supervision-rules.json is checked against engineDocuments() in engine-documents.test.ts)
describe('the documents the rules send', () => {
  it('include the recipients\' fallback when the graph refuses review dates (GRAPHQL_VALIDATION_FAILED)', async () => {
    const inner = standIn({ SupervisionRecipients: () => [] });
    const client = {
      requests: 0,
      async query(query: string, variables: Record<string, unknown>) {
        if (query.includes('nextReviewDate')) {
          sentTexts.add(query);
          throw new RuleRunError('GATEWAY_ERROR', 'the gateway answered errors: GRAPHQL_VALIDATION_FAILED', ['GRAPHQL_VALIDATION_FAILED']);
        }
        return inner.query(query, variables);
      },
    } as unknown as GatewayClient;
    const rule = RULES.find((r) => r.code === WarningRuleCode.ABOVE_STANDARD_OR_REVIEW_OVERDUE)!;
    for await (const page of rule.run({ client, pageSize: 2, today: TODAY })) expect(page.findings).toEqual([]);
    expect(inner.operations).toEqual(['SupervisionRecipients', 'SupervisionRecipients']); // DIBAO and TEKUN, without review dates
  });

  it('are all registered in engineDocuments()', () => {
    const registered = new Set(engineDocuments().map((d) => print(parse(d))));
    const sent = [...sentTexts].map((t) => print(parse(t)));
    expect(sent.filter((t) => !registered.has(t))).toEqual([]);
    const names = sent.map((t) => /query (\w+)/.exec(t)![1]);
    for (const name of ['SupervisionDeceasedOrMoved', 'SupervisionPaidSince', 'SupervisionRecipients', 'SupervisionCharityGrants', 'SupervisionLivingSubsidies', 'SupervisionSevereCertificates', 'SupervisionOrphans', 'SupervisionOverdueApplications'])
      expect(names).toContain(name);
    // both recipients' shapes (with and without review dates) and more than one paidSince width were sent
    expect(names.filter((n) => n === 'SupervisionRecipients').length).toBe(2);
    // paidSince at 10, 9, 4, 3 and 1 dates (the full width, a remainder, and a gateway's lowered alias limit)
    expect(names.filter((n) => n === 'SupervisionPaidSince').length).toBe(5);
  });
});
