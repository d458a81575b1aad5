import { buildClientSchema, getIntrospectionQuery } from 'graphql';
import { generatePopulation } from '@aidgraph/population';
import { TOWNSHIPS } from '@aidgraph/subgraph-kit';
import { rootOperations, testDatabaseKinds, type TokenAs } from '@aidgraph/subgraph-kit/testing';
import { startStack, type Stack } from '../support/stack';
import { operation } from '../support/operations';

/**
 * 公示 The public disclosure site (role public) through the gateway, on each database and the demo data: a township
 * takes a dibao application to its public notice with the proposed amount; the public site reads the village's notices
 * in force — the masked name and household size from civil affairs (federation: @requires of the notice's
 * @inaccessible applicantId), the amount and dates from the service centre — and nothing else: a walk over every root
 * field of the supergraph's API schema, each with a minimal valid operation, finds every one FORBIDDEN except the
 * notices, and no answer carries an ID number or a demo person's full name.
 */
const SEED = 'e2e-public-notice';
const SIZE = 400;
/** the service centre's clock: the notice runs D..D+6 */
const D = '2026-06-01';
const PUBLIC: TokenAs = { role: 'public', subject: 'disclosure-site' };
const people = generatePopulation({ seed: SEED, size: SIZE }).households.flatMap((h) => h.members);
const NAMES = [...new Set(people.map((p) => p.name))];
const ID_NUMBER = /\d{17}[\dX]/;

const APP = 'id step version';
const m = (name: string, input: string) => `mutation($i: ${input}!) { ${name}(input: $i) { ${APP} } }`;
const NOTICES = 'query($v: String!, $p: String) { publicNotices(villageCode: $v, programme: $p) { id programme villageCode startsOn endsOn amount maskedName householdSize } }';

describe.each(testDatabaseKinds())('the public disclosure site (公示) through the gateway on %s', (kind) => {
  let stack: Stack;
  beforeAll(async () => {
    // civil affairs on the same clock: its demo payment batches are those of the 12 months up to D (2025-07 to 2026-06)
    stack = await startStack(kind, { seed: SEED, seedSize: SIZE, subgraphEnv: { 'service-centre': { AIDGRAPH_TODAY: D }, 'civil-affairs': { STATISTICS_MIN_CELL: String(K), AIDGRAPH_TODAY: D } } });
  });
  afterAll(() => stack?.close());

  async function run(doc: string, field: string, i: Record<string, unknown>, as: TokenAs) {
    const r = await stack.query(doc, { i }, as);
    if (r.errors) throw new Error(`${field}: ${JSON.stringify(r.errors)}`);
    return r.data[field];
  }

  /** the applicant: an active adult of a household of 2+ active members, with no application yet */
  let applicant: { id: string; name: string; householdId: string; townshipCode: string; villageCode: string; size: number };
  let noticeAnswer: unknown;

  it('drives a dibao application to its public notice; the public site sees it with the masked name, household size and amount', async () => {
    const applied = await stack.query('{ applications(first: 500) { edges { node { applicant { id } } } } }');
    expect(applied.errors).toBeUndefined();
    const taken = new Set(applied.data.applications.edges.map((e: any) => e.node.applicant?.id));
    const p = people.find((x) => x.status === 'ACTIVE' && x.age >= 18 && !taken.has(x.id) && Array.from(x.name).length >= 2)!;
    const h = await stack.query('query($id: ID!) { person(id: $id) { id name household { id size } village { code } township { code } } }', { id: p.id });
    expect(h.errors).toBeUndefined();
    const person = h.data.person;
    applicant = { id: p.id, name: person.name, householdId: person.household.id, townshipCode: person.township.code, villageCode: person.village.code, size: person.household.size };
    expect(applicant.size).toBeGreaterThanOrEqual(1);
    const caseworker: TokenAs = { role: 'caseworker', township: applicant.townshipCode, subject: 'caseworker-public-notice' };

    const a = await run('mutation($i: SubmitApplicationInput!) { submitApplication(input: $i) { id step version } }', 'submitApplication', {
      applicantId: applicant.id, householdId: applicant.householdId, townshipCode: applicant.townshipCode, channel: 'WINDOW', commitment: { signedBy: 'APPLICANT' }, programmes: ['DIBAO'],
    }, caseworker);
    await run(m('acceptApplication', 'AcceptApplicationInput'), 'acceptApplication', { id: a.id, expectedVersion: 1, accepted: true }, caseworker);
    await run(m('recordHouseholdVisit', 'RecordHouseholdVisitInput'), 'recordHouseholdVisit', { id: a.id, expectedVersion: 2, visitedOn: D, staff: ['王芳'], findings: '家庭成员与申报一致。' }, caseworker);
    await run(m('completeInvestigation', 'ApplicationChangeInput'), 'completeInvestigation', { id: a.id, expectedVersion: 3 }, caseworker);
    const verified = await run('mutation($i: VerifyHouseholdInput!) { verifyHousehold(input: $i) { id } }', 'verifyHousehold', { householdId: applicant.householdId, on: D }, caseworker);
    await run(m('recordVerification', 'RecordVerificationInput'), 'recordVerification', { id: a.id, expectedVersion: 4, verificationRunId: verified.id }, caseworker);
    // without the amount the notice cannot start
    const missing = await stack.query(m('preliminaryDecision', 'PreliminaryDecisionInput'), { i: { id: a.id, expectedVersion: 5, proposal: 'APPROVE' } }, caseworker);
    expect(missing.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.noticeAmounts', reason: 'REQUIRED' });
    const noticed = await run(m('preliminaryDecision', 'PreliminaryDecisionInput'), 'preliminaryDecision', {
      id: a.id, expectedVersion: 5, proposal: 'APPROVE', noticeAmounts: [{ programme: 'DIBAO', amount: '686.50' }],
    }, caseworker);
    expect(noticed).toMatchObject({ step: 'PUBLIC_NOTICE', version: 6 });

    const r = await stack.query(NOTICES, { v: applicant.villageCode }, PUBLIC);
    expect(r.errors).toBeUndefined();
    noticeAnswer = r;
    const ours = r.data.publicNotices.filter((n: any) => n.startsOn === D && n.amount === '686.50');
    const chars = Array.from(applicant.name);
    const masked = chars[0] + '*'.repeat(chars.length - 1);
    expect(ours).toEqual([
      { id: expect.any(String), programme: 'DIBAO', villageCode: applicant.villageCode, startsOn: D, endsOn: '2026-06-07', amount: '686.50', maskedName: masked, householdSize: applicant.size },
    ]);
    // the README's example operation (tests/operations/public-notices.graphql), for the dibao notices
    const example = await stack.query(operation('public-notices'), { villageCode: applicant.villageCode, programme: 'DIBAO' }, PUBLIC);
    expect(example.errors).toBeUndefined();
    expect(example.data.publicNotices).toContainEqual({ programme: 'DIBAO', maskedName: masked, householdSize: applicant.size, amount: '686.50', startsOn: D, endsOn: '2026-06-07' });
    // per programme: TEKUN has not ours
    const tekun = await stack.query(NOTICES, { v: applicant.villageCode, p: 'TEKUN' }, PUBLIC);
    expect(tekun.errors).toBeUndefined();
    expect(tekun.data.publicNotices.every((n: any) => n.programme === 'TEKUN')).toBe(true);
    // the applicant's id is not in the API schema
    const hidden = await stack.query('query($v: String!) { publicNotices(villageCode: $v) { applicantId } }', { v: applicant.villageCode }, PUBLIC);
    expect(hidden.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('answers the notices with no personal data but masked names: no ID number, no full name of the demo people', () => {
    const text = JSON.stringify(noticeAnswer);
    expect(text).not.toMatch(ID_NUMBER);
    for (const name of NAMES) expect({ name, inAnswer: text.includes(`"${name}"`) }).toEqual({ name, inAnswer: false });
    expect(text).not.toContain(applicant.id);
    for (const n of (noticeAnswer as any).data.publicNotices) expect(n.maskedName).toMatch(/^[\u4e00-\u9fff]{1,2}\*+$/);
  });

  it('walks every root field of the API schema as the public site: FORBIDDEN everywhere but the notices, and no personal data in any answer', async () => {
    const intro = await stack.query(getIntrospectionQuery(), {}, PUBLIC);
    expect(intro.errors).toBeUndefined();
    const schema = buildClientSchema(intro.data);
    expect(schema.getType('PublicNotice')).toBeDefined();
    const ops = rootOperations(schema, { id: applicant.id, villageCode: applicant.villageCode, townshipCode: applicant.townshipCode, date: D });
    expect(ops.length).toBeGreaterThan(60);
    const answers: string[] = [];
    const expected: string[] = [];
    for (const op of ops) {
      const r = await stack.query(op.query, op.variables, PUBLIC);
      const codes = [...new Set((r.errors ?? []).map((e) => e.extensions?.code))];
      answers.push(`${op.coordinate}: ${codes.join(',') || 'answered'}${r.data?.[op.field] != null ? ' with data' : ''}`);
      // fund use is the other disclosure (资金使用公示): asked with no month or year it is a bad request, not a refusal
      expected.push(
        op.coordinate === 'Query.publicNotices' ? `${op.coordinate}: answered with data` : FUND_USE.test(op.coordinate) ? `${op.coordinate}: BAD_USER_INPUT` : `${op.coordinate}: FORBIDDEN`,
      );
      const text = JSON.stringify(r);
      expect({ op: op.coordinate, idNumber: ID_NUMBER.test(text) }).toEqual({ op: op.coordinate, idNumber: false });
      expect({ op: op.coordinate, fullName: NAMES.find((n) => text.includes(`"${n}"`)) ?? null }).toEqual({ op: op.coordinate, fullName: null });
    }
    expect(answers).toEqual(expected);
    // the mutations it tried changed nothing: the applicant's registry version is as it was
    const after = await stack.query('query($id: ID!) { person(id: $id) { version } }', { id: applicant.id });
    expect(after.data.person.version).toBe(1);
    // and the fund-use queries it was given are the six departments that pay people
    expect(ops.filter((o) => FUND_USE.test(o.coordinate)).map((o) => o.field).sort()).toEqual([
      'charityFundUse', 'civilAffairsFundUse', 'disabilityFundUse', 'disasterReliefFundUse', 'educationFundUse', 'housingFundUse',
    ]);
  });

  it('gives the public site the fund use per programme, township and month, suppressed as for an analyst', async () => {
    const q = 'query($y: Int) { civilAffairsFundUse(year: $y) { months minCell exact cells { programme township month recipients amount suppressed } } }';
    const pub = await stack.query(q, { y: 2025 }, PUBLIC);
    expect(pub.errors).toBeUndefined();
    const table = pub.data.civilAffairsFundUse;
    expect(table.exact).toBe(false);
    expect(table.minCell).toBe(K);
    expect(table.months).toContain('2025-06');
    // the auditor's exact table: every cell of the public one is one of its cells, its figures within the noise when
    // open (recipients ±2 and never below k; the amount within the records' noise in largest payments plus half the
    // largest payment, so within 2.5 times the total)
    const exact = (await stack.query(q, { y: 2025 })).data.civilAffairsFundUse;
    expect(exact.exact).toBe(true);
    // DIBAO and TEKUN are what the payment batches paid: per programme and month, the cells of every township add up to
    // the batch's city-wide line count and total (the seeded regular batches of 2025-07 to 2025-12; none before)
    const key = (c: any) => `${c.programme}/${c.township}/${c.month}`;
    const batches = await stack.query('{ paymentBatches(year: 2025, first: 50) { edges { node { programme month kind lineCount totalAmount } } } }', {}, { role: 'auditor', subject: 'auditor-1' });
    expect(batches.errors).toBeUndefined();
    const paid = batches.data.paymentBatches.edges.map((e: any) => e.node);
    expect(paid.map((b: any) => `${b.programme}/${b.month}/${b.kind}`).sort()).toEqual(
      ['DIBAO', 'TEKUN'].flatMap((p) => ['07', '08', '09', '10', '11', '12'].map((m) => `${p}/2025-${m}/REGULAR`)),
    );
    for (const b of paid) {
      const cells = exact.cells.filter((c: any) => c.programme === b.programme && c.month === b.month);
      const sum = { lineCount: cells.reduce((n: number, c: any) => n + c.recipients, 0), totalAmount: (cells.reduce((n: number, c: any) => n + Math.round(Number(c.amount) * 100), 0) / 100).toFixed(2) };
      expect({ batch: `${b.programme}/${b.month}`, ...sum }).toEqual({ batch: `${b.programme}/${b.month}`, lineCount: b.lineCount, totalAmount: b.totalAmount });
    }
    // the full grid: every programme x every township of the city x every month answered, a cell where nobody was paid
    // included (0 and 0.00 for the auditor; suppressed like a small cell for the public)
    expect(exact.cells).toHaveLength(4 * TOWNSHIPS.length * exact.months.length);
    const june = exact.cells.filter((c: any) => c.programme === 'DIBAO' && c.month === '2025-06');
    expect(june).toHaveLength(TOWNSHIPS.length);
    expect(june.every((c: any) => c.recipients === 0 && c.amount === '0.00')).toBe(true);
    for (const c of june) expect(table.cells.find((t: any) => key(t) === key(c))).toMatchObject({ recipients: null, amount: null, suppressed: true });
    expect(paid.find((b: any) => b.programme === 'DIBAO').lineCount).toBeGreaterThan(0);
    expect(table.cells.map(key)).toEqual(exact.cells.map(key));
    const byKey = new Map(exact.cells.map((c: any) => [key(c), c]));
    const open = table.cells.filter((c: any) => !c.suppressed);
    // cells of k or more recipients exist; but in this small demo population a township-month pays at most one programme,
    // and a cell of 0 is suppressed like a small one: publishing the one paid cell of such a row (with the published
    // township-month total) would tell that the other programmes of the row paid nobody, so it is suppressed as their
    // complement
    expect(exact.cells.filter((c: any) => c.recipients >= K).length).toBeGreaterThan(10);
    const rows = new Map<string, any[]>();
    for (const c of exact.cells) rows.set(`${c.township}/${c.month}`, [...(rows.get(`${c.township}/${c.month}`) ?? []), c]);
    const single = [...rows.values()].filter((r) => r.filter((c) => c.recipients > 0).length === 1);
    expect(single.length).toBeGreaterThan(10);
    for (const r of single) for (const c of r) expect(table.cells.find((t: any) => key(t) === key(c))).toMatchObject({ recipients: null, amount: null, suppressed: true });
    expect(open.length).toBeLessThan(table.cells.length);
    for (const c of open) {
      const e = byKey.get(key(c)) as any;
      const fen = (v: string) => Math.round(Number(v) * 100);
      const within = Math.abs(c.recipients - e.recipients) <= 2 && c.recipients >= K && Math.abs(fen(c.amount) - fen(e.amount)) <= fen(e.amount) * 2.5 && (c.amount === '0.00') === (e.amount === '0.00');
      expect({ c, e, within }).toEqual({ c, e, within: true });
    }
    // (whether any figure moved depends on few draws here: the same recipients month after month carry the same noise,
    // by design; the subgraphs' own tests check the noise against the brute-force figures)
    for (const c of exact.cells.filter((c: any) => c.recipients < K)) expect(table.cells.find((t: any) => key(t) === key(c)).suppressed).toBe(true);
    // the same table as an analyst's (the suppression is the same for every role but the auditor)
    const analyst = await stack.query(q, { y: 2025 }, { role: 'analyst', subject: 'analyst-1' });
    expect(analyst.data.civilAffairsFundUse).toEqual(table);
  });
});

/** k of civil affairs' statistics in this stack: the small demo population has few recipients per township and month */
const K = 3;
const FUND_USE = /^Query\.[a-zA-Z]+FundUse$/;
