import { serviceCentre } from '../src/subgraph';
import { setTodayForTests as setToday } from '../src/modules/time-limit/today';
import { addCalendarDays } from '@aidgraph/subgraph-kit';
import { generatePopulation } from '@aidgraph/population';
import { pendingSchemaChanges, runConcurrently, startSubgraphHarness, testDatabaseKinds, type SubgraphHarness } from '@aidgraph/subgraph-kit/testing';

const SEED = 'service-centre-test';
const SIZE = 600;
const households = generatePopulation({ seed: SEED, size: SIZE }).households;
const D0 = '2026-03-02';

const APP_FIELDS = 'id step version acceptedOn stepEnteredOn noticeStartsOn noticeEndsOn oneTimeNotice reasons investigatedOn verifiedOn';
const SUBMIT = `mutation($i: SubmitApplicationInput!) { submitApplication(input: $i) { ${APP_FIELDS} channel programmes documents { code state commitmentAllowed } } }`;
const m = (name: string, input: string) => `mutation($i: ${input}!) { ${name}(input: $i) { ${APP_FIELDS} } }`;
const ACCEPT = m('acceptApplication', 'AcceptApplicationInput');
const VISIT = m('recordHouseholdVisit', 'RecordHouseholdVisitInput');
const INVESTIGATED = m('completeInvestigation', 'ApplicationChangeInput');
const VERIFIED = m('recordVerification', 'RecordVerificationInput');
/** a civil-affairs verification run id (the default harness registry does not answer runs: not checked; the checks have their own test) */
const VERIFICATION_RUN = '9e1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d';
const PRELIMINARY = m('preliminaryDecision', 'PreliminaryDecisionInput');
const OBJECTION = m('recordObjection', 'RecordObjectionInput');
const CONFIRM = m('confirmApplication', 'ApplicationChangeInput');
const REFUSE = m('refuseApplication', 'RefuseApplicationInput');
const CLOSE = m('closeApplication', 'ApplicationChangeInput');
const READ = `query($id: ID!) { application(id: $id) { ${APP_FIELDS} transitions { version fromStep toStep role subject on note } documents { code state commitmentText } visits { visitedOn staff findings } } }`;

/** households with an active adult member and no seeded application, one per test */
const candidates = households.filter((h) => h.members.some((p) => p.status === 'ACTIVE' && p.age >= 18));

describe.each(testDatabaseKinds())('service-centre applications on %s', (kind) => {
  let h: SubgraphHarness;
  let free: typeof candidates;
  beforeAll(async () => {
    h = await startSubgraphHarness(serviceCentre, kind, { seedSize: SIZE, seed: SEED });
    const seeded = new Set((await h.db.query('SELECT "householdId" FROM assistance_application')).map((r: { householdId: string }) => r.householdId));
    free = candidates.filter((c) => !seeded.has(c.id));
  });
  afterAll(() => {
    setToday(null);
    return h?.close();
  });
  beforeEach(() => setToday(D0));

  let next = 0;
  /** a fresh household: its applicant, township, village and the staff of each role there */
  function family() {
    const hh = free[next++];
    const p = hh.members.find((x) => x.status === 'ACTIVE' && x.age >= 18)!;
    return {
      hh, p,
      caseworker: { role: 'caseworker' as const, township: hh.townshipCode },
      approver: { role: 'township_approver' as const, township: hh.townshipCode },
      assistant: { role: 'village_assistant' as const, village: hh.villageCode },
      input: { applicantId: p.id, householdId: hh.id, townshipCode: hh.townshipCode, villageCode: hh.villageCode },
    };
  }
  const otherTownship = (t: string) => ({ role: 'caseworker' as const, township: t === '370281001' ? '370281002' : '370281001' });
  async function submit(f: ReturnType<typeof family>, programmes: string[], extra: Record<string, unknown> = {}) {
    const r = await h.request(SUBMIT, { i: { ...f.input, channel: 'WINDOW', commitment: { signedBy: 'APPLICANT' }, programmes, ...extra } }, f.caseworker);
    expect(r.errors).toBeUndefined();
    return r.data.submitApplication;
  }
  async function step(doc: string, field: string, i: Record<string, unknown>, as: object) {
    const r = await h.request(doc, { i }, as as never);
    expect(r.errors).toBeUndefined();
    return r.data[field];
  }
  const snapshot = async (id: string) => JSON.stringify((await h.request(READ, { id }, { role: 'auditor' })).data.application);

  it('migrations build exactly what the entities declare', async () => {
    expect(await pendingSchemaChanges(h.db)).toEqual([]);
  });

  it('seeds applications in every step', async () => {
    const rows: { step: string }[] = await h.db.query('SELECT step FROM assistance_application');
    expect(new Set(rows.map((r) => r.step))).toEqual(new Set(['SUBMITTED', 'NOT_ACCEPTED', 'INVESTIGATION', 'VERIFICATION', 'PRELIMINARY_REVIEW', 'PUBLIC_NOTICE', 'CONFIRMED', 'REFUSED', 'CLOSED']));
  });

  it('runs the whole path: assistant submits, caseworker accepts with a one-time notice, visit, verification, notice, objection, confirmation, closing', async () => {
    const f = family();
    const sub = await h.request(SUBMIT, { i: { ...f.input, channel: 'VILLAGE_ASSISTANT', commitment: { signedBy: 'APPLICANT' }, programmes: ['DIBAO', 'EDUCATION', 'MEDICAL'] } }, f.assistant);
    expect(sub.errors).toBeUndefined();
    const a = sub.data.submitApplication;
    expect(a).toMatchObject({ step: 'SUBMITTED', version: 1, channel: 'VILLAGE_ASSISTANT', programmes: ['DIBAO', 'EDUCATION', 'MEDICAL'], stepEnteredOn: D0 });
    expect(a.documents.map((d: { code: string }) => d.code).sort()).toEqual(
      ['ASSET_STATEMENT', 'DIAGNOSIS', 'HOUSEHOLD_REGISTER', 'ID_CARD', 'INCOME_STATEMENT', 'MEDICAL_BILLS', 'STUDENT_STATUS', 'VERIFICATION_CONSENT'],
    );
    const provided = ['ID_CARD', 'HOUSEHOLD_REGISTER', 'VERIFICATION_CONSENT', 'INCOME_STATEMENT', 'STUDENT_STATUS', 'MEDICAL_BILLS', 'DIAGNOSIS'].map((code) => ({ code, state: 'PROVIDED' }));
    setToday('2026-03-03');
    const accepted = await step(ACCEPT, 'acceptApplication', {
      id: a.id, expectedVersion: 1, accepted: true,
      documents: [...provided.filter((d) => d.code !== 'DIAGNOSIS'), { code: 'ASSET_STATEMENT', state: 'COMMITMENT', commitmentText: '本人承诺家庭财产情况属实。' }],
    }, f.caseworker);
    expect(accepted).toMatchObject({ step: 'INVESTIGATION', version: 2, acceptedOn: '2026-03-03', stepEnteredOn: '2026-03-03' });
    expect(accepted.oneTimeNotice).toContain(`申请编号：${a.id}`);
    expect(accepted.oneTimeNotice).toContain('受理日期：2026年3月3日');
    expect(accepted.oneTimeNotice).toContain('1. 诊断证明');
    expect(accepted.oneTimeNotice).not.toContain('2. ');
    expect(accepted.oneTimeNotice).toMatch(/告知承诺书代替[\s\S]*1\. 家庭财产状况说明/);
    expect(accepted.oneTimeNotice).not.toContain(f.p.name);

    const visited = await step(VISIT, 'recordHouseholdVisit', { id: a.id, expectedVersion: 2, visitedOn: '2026-03-03', staff: ['王芳', '李强'], findings: '家庭成员与申报一致。' }, f.assistant);
    expect(visited).toMatchObject({ step: 'INVESTIGATION', version: 3 });
    await step(INVESTIGATED, 'completeInvestigation', { id: a.id, expectedVersion: 3 }, f.caseworker);
    await step(VERIFIED, 'recordVerification', { id: a.id, expectedVersion: 4, verificationNote: '核对完毕', verificationRunId: VERIFICATION_RUN }, f.caseworker);
    setToday('2026-03-05');
    const notice = await step(PRELIMINARY, 'preliminaryDecision', { id: a.id, expectedVersion: 5, proposal: 'APPROVE', noticeAmounts: [{ programme: 'DIBAO', amount: '620.00' }] }, f.caseworker);
    expect(notice).toMatchObject({ step: 'PUBLIC_NOTICE', noticeStartsOn: '2026-03-05', noticeEndsOn: '2026-03-11', version: 6 });
    const early = await h.request(CONFIRM, { i: { id: a.id, expectedVersion: 6 } }, f.approver);
    expect(early.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'NOTICE_NOT_ENDED' });

    setToday('2026-03-08');
    const back = await step(OBJECTION, 'recordObjection', { id: a.id, expectedVersion: 6, objection: '邻居反映申请人有经营收入。' }, f.caseworker);
    expect(back).toMatchObject({ step: 'INVESTIGATION', noticeStartsOn: null, noticeEndsOn: null, investigatedOn: null, version: 7 });
    const noVisit = await h.request(INVESTIGATED, { i: { id: a.id, expectedVersion: 7 } }, f.caseworker);
    expect(noVisit.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'VISIT_MISSING' });
    await step(VISIT, 'recordHouseholdVisit', { id: a.id, expectedVersion: 7, visitedOn: '2026-03-08', staff: ['王芳'], findings: '复查：经营收入已停止。' }, f.caseworker);
    await step(INVESTIGATED, 'completeInvestigation', { id: a.id, expectedVersion: 8 }, f.caseworker);
    await step(VERIFIED, 'recordVerification', { id: a.id, expectedVersion: 9, verificationRunId: VERIFICATION_RUN }, f.caseworker);
    await step(PRELIMINARY, 'preliminaryDecision', { id: a.id, expectedVersion: 10, proposal: 'APPROVE', noticeAmounts: [{ programme: 'DIBAO', amount: '580.50' }] }, f.caseworker);
    setToday('2026-03-15');
    const lateObjection = await h.request(OBJECTION, { i: { id: a.id, expectedVersion: 11, objection: '晚到的异议' } }, f.caseworker);
    expect(lateObjection.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'NOTICE_ENDED' });
    const confirmed = await step(CONFIRM, 'confirmApplication', { id: a.id, expectedVersion: 11 }, f.approver);
    expect(confirmed).toMatchObject({ step: 'CONFIRMED', version: 12, stepEnteredOn: '2026-03-15' });
    await step(CLOSE, 'closeApplication', { id: a.id, expectedVersion: 12 }, f.caseworker);

    const read = (await h.request(READ, { id: a.id }, f.caseworker)).data.application;
    expect(read.step).toBe('CLOSED');
    expect(read.transitions.map((t: { fromStep: string | null; toStep: string; role: string }) => `${t.fromStep}>${t.toStep}:${t.role}`)).toEqual([
      'null>SUBMITTED:village_assistant', 'SUBMITTED>INVESTIGATION:caseworker', 'INVESTIGATION>VERIFICATION:caseworker',
      'VERIFICATION>PRELIMINARY_REVIEW:caseworker', 'PRELIMINARY_REVIEW>PUBLIC_NOTICE:caseworker', 'PUBLIC_NOTICE>INVESTIGATION:caseworker',
      'INVESTIGATION>VERIFICATION:caseworker', 'VERIFICATION>PRELIMINARY_REVIEW:caseworker', 'PRELIMINARY_REVIEW>PUBLIC_NOTICE:caseworker',
      'PUBLIC_NOTICE>CONFIRMED:township_approver', 'CONFIRMED>CLOSED:caseworker',
    ]);
    expect(read.transitions[5].note).toContain('邻居反映申请人有经营收入。');
    expect(read.visits).toHaveLength(2);
    expect(read.documents.find((d: { code: string }) => d.code === 'ASSET_STATEMENT')).toEqual({ code: 'ASSET_STATEMENT', state: 'COMMITMENT', commitmentText: '本人承诺家庭财产情况属实。' });
    expect(read.documents.find((d: { code: string }) => d.code === 'DIAGNOSIS').state).toBe('MISSING');
    // the notice is written once, at acceptance
    expect(read.oneTimeNotice).toBe(accepted.oneTimeNotice);
    // the village assistant sees its village's application; another township's caseworker does not
    expect((await h.request(READ, { id: a.id }, f.assistant)).data.application.id).toBe(a.id);
    expect((await h.request(READ, { id: a.id }, otherTownship(f.hh.townshipCode))).data.application).toBeNull();
  });

  it('refuses every illegal transition with ILLEGAL_TRANSITION (from, to) and changes nothing', async () => {
    const f = family();
    const a = await submit(f, ['DIBAO']);
    const before = await snapshot(a.id);
    const tries: [string, string, Record<string, unknown>, object, string][] = [
      [INVESTIGATED, 'completeInvestigation', {}, f.caseworker, 'VERIFICATION'],
      [VERIFIED, 'recordVerification', { verificationRunId: VERIFICATION_RUN }, f.caseworker, 'PRELIMINARY_REVIEW'],
      [PRELIMINARY, 'preliminaryDecision', { proposal: 'APPROVE' }, f.caseworker, 'PUBLIC_NOTICE'],
      [OBJECTION, 'recordObjection', { objection: '异议' }, f.caseworker, 'INVESTIGATION'],
      [CONFIRM, 'confirmApplication', {}, f.approver, 'CONFIRMED'],
      [REFUSE, 'refuseApplication', { reasons: '理由' }, f.approver, 'REFUSED'],
      [CLOSE, 'closeApplication', {}, f.caseworker, 'CLOSED'],
    ];
    for (const [doc, field, extra, as, to] of tries) {
      const r = await h.request(doc, { i: { id: a.id, expectedVersion: 1, ...extra } }, as as never);
      if (!r.errors) throw new Error(`${field} succeeded`);
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'ILLEGAL_TRANSITION', from: 'SUBMITTED', to });
    }
    expect(await snapshot(a.id)).toBe(before);
    // a non-urgent application may not be confirmed from the investigation
    await step(ACCEPT, 'acceptApplication', { id: a.id, expectedVersion: 1, accepted: true }, f.caseworker);
    const skip = await h.request(CONFIRM, { i: { id: a.id, expectedVersion: 2 } }, f.approver);
    expect(skip.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'ILLEGAL_TRANSITION', from: 'INVESTIGATION', to: 'CONFIRMED' });
    const again = await h.request(ACCEPT, { i: { id: a.id, expectedVersion: 2, accepted: true } }, f.caseworker);
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'ILLEGAL_TRANSITION', from: 'INVESTIGATION', to: 'INVESTIGATION' });
    const after = await snapshot(a.id);
    await h.request(CLOSE, { i: { id: a.id, expectedVersion: 2 } }, f.caseworker);
    expect(await snapshot(a.id)).toBe(after);
  });

  it('takes the urgent path (先行救助): confirmed first, investigation and verification after, closed only then', async () => {
    const f = family();
    const a = await submit(f, ['TEMPORARY'], { urgent: true });
    await step(ACCEPT, 'acceptApplication', { id: a.id, expectedVersion: 1, accepted: true }, f.caseworker);
    const c = await step(CONFIRM, 'confirmApplication', { id: a.id, expectedVersion: 2 }, f.approver);
    expect(c).toMatchObject({ step: 'CONFIRMED', investigatedOn: null });
    const early = await h.request(CLOSE, { i: { id: a.id, expectedVersion: 3 } }, f.caseworker);
    expect(early.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'FOLLOW_UP_PENDING' });
    await step(VISIT, 'recordHouseholdVisit', { id: a.id, expectedVersion: 3, visitedOn: D0, staff: ['王芳'], findings: '事后补充调查。' }, f.caseworker);
    expect(await step(INVESTIGATED, 'completeInvestigation', { id: a.id, expectedVersion: 4 }, f.caseworker)).toMatchObject({ step: 'CONFIRMED', investigatedOn: D0 });
    expect(await step(VERIFIED, 'recordVerification', { id: a.id, expectedVersion: 5, verificationRunId: VERIFICATION_RUN }, f.caseworker)).toMatchObject({ step: 'CONFIRMED', verifiedOn: D0 });
    expect(await step(CLOSE, 'closeApplication', { id: a.id, expectedVersion: 6 }, f.caseworker)).toMatchObject({ step: 'CLOSED' });
    const g = family();
    const bad = await h.request(SUBMIT, { i: { ...g.input, channel: 'WINDOW', commitment: { signedBy: 'APPLICANT' }, programmes: ['DIBAO'], urgent: true } }, g.caseworker);
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.urgent', reason: 'URGENT_ONLY_TEMPORARY' });
  });

  it('not accepted with a reason; refused at preliminary review with written reasons', async () => {
    const f = family();
    const a = await submit(f, ['TEKUN']);
    const no = await step(ACCEPT, 'acceptApplication', { id: a.id, expectedVersion: 1, accepted: false, reason: '户籍不在本镇' }, f.caseworker);
    expect(no).toMatchObject({ step: 'NOT_ACCEPTED', reasons: '户籍不在本镇', oneTimeNotice: null, acceptedOn: null });
    const g = family();
    const b = await submit(g, ['DIBAO']);
    await step(ACCEPT, 'acceptApplication', { id: b.id, expectedVersion: 1, accepted: true }, g.caseworker);
    await step(VISIT, 'recordHouseholdVisit', { id: b.id, expectedVersion: 2, visitedOn: D0, staff: ['王芳'], findings: '收入较高。' }, g.caseworker);
    await step(INVESTIGATED, 'completeInvestigation', { id: b.id, expectedVersion: 3 }, g.caseworker);
    await step(VERIFIED, 'recordVerification', { id: b.id, expectedVersion: 4, verificationRunId: VERIFICATION_RUN }, g.caseworker);
    const missing = await h.request(PRELIMINARY, { i: { id: b.id, expectedVersion: 5, proposal: 'REFUSE' } }, g.caseworker);
    expect(missing.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.reasons', reason: 'REQUIRED' });
    expect(await step(PRELIMINARY, 'preliminaryDecision', { id: b.id, expectedVersion: 5, proposal: 'REFUSE', reasons: '人均收入高于标准' }, g.caseworker)).toMatchObject({ step: 'REFUSED', reasons: '人均收入高于标准' });
  });

  it('refuses the wrong role or township with FORBIDDEN and changes nothing', async () => {
    const f = family();
    const wrongSubmitters = [f.approver, otherTownship(f.hh.townshipCode), { role: 'analyst' }, { role: 'department_officer', department: 'EDUCATION' }, { role: 'auditor' }];
    for (const who of wrongSubmitters) {
      const r = await h.request(SUBMIT, { i: { ...f.input, channel: 'WINDOW', commitment: { signedBy: 'APPLICANT' }, programmes: ['DIBAO'] } }, who as never);
      expect(r.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    const elsewhere = { role: 'village_assistant' as const, village: `${f.hh.townshipCode}999` };
    expect((await h.request(SUBMIT, { i: { ...f.input, channel: 'VILLAGE_ASSISTANT', commitment: { signedBy: 'APPLICANT' }, programmes: ['DIBAO'] } }, elsewhere)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const a = await submit(f, ['DIBAO']);
    const before = await snapshot(a.id);
    for (const who of [f.approver, f.assistant, otherTownship(f.hh.townshipCode), { role: 'department_officer', department: 'SOCIAL_ASSISTANCE_CENTRE' }]) {
      const r = await h.request(ACCEPT, { i: { id: a.id, expectedVersion: 1, accepted: true } }, who as never);
      expect(r.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    expect(await snapshot(a.id)).toBe(before);
    // analysts may ask a bare count of applications (answered null: counts come from the statistics), never list them;
    // other departments' officers may not even ask it
    const count = await h.request(`{ applications(first: 0) { totalCount } }`, undefined, { role: 'analyst' });
    expect(count.errors).toBeUndefined();
    expect((await h.request(`{ applications(first: 0) { totalCount } }`, undefined, { role: 'auditor' })).data.applications.totalCount).toBeGreaterThan(0);
    expect(count.data.applications.totalCount).toBeNull();
    const rows = await h.request(`{ applications(first: 5) { edges { node { id } } } }`, undefined, { role: 'analyst' });
    expect(rows.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const officer = await h.request(`{ applications(first: 0) { totalCount } }`, undefined, { role: 'department_officer', department: 'EDUCATION' });
    expect(officer.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('of parallel acceptances with the same expectedVersion exactly one wins (the others STALE_VERSION)', async () => {
    const f = family();
    const a = await submit(f, ['DIBAO', 'MEDICAL']);
    await runConcurrently(h, {
      mutation: ACCEPT, field: 'acceptApplication', as: f.caseworker, n: 20, variables: () => ({ i: { id: a.id, expectedVersion: 1, accepted: true } }),
      expect: { succeed: 1, conflictReasons: ['STALE_VERSION'] },
    });
    const rows = await h.db.query(`SELECT COUNT(*) AS n FROM application_transition WHERE "applicationId" = '${a.id}'`);
    expect(Number(rows[0].n)).toBe(2);
  });

  it('creates one application for a retried submission with the same idempotency key; parallel different keys: one, DUPLICATE_APPLICATION', async () => {
    const f = family();
    const i = { ...f.input, channel: 'WINDOW', commitment: { signedBy: 'APPLICANT' }, programmes: ['DIBAO'], idempotencyKey: `sc-${kind}-retry-0001` };
    const first = await h.request(SUBMIT, { i }, f.caseworker);
    const retry = await h.request(SUBMIT, { i }, f.caseworker);
    expect(retry.data.submitApplication.id).toBe(first.data.submitApplication.id);
    const count = async (id: string) => Number((await h.db.query(`SELECT COUNT(*) AS n FROM assistance_application WHERE "applicantId" = '${id}'`))[0].n);
    expect(await count(f.p.id)).toBe(1);
    const g = family();
    await runConcurrently(h, {
      mutation: SUBMIT, field: 'submitApplication', as: g.caseworker, n: 10,
      variables: (k) => ({ i: { ...g.input, channel: 'WINDOW', commitment: { signedBy: 'APPLICANT' }, programmes: ['DIBAO'], idempotencyKey: `sc-${kind}-parallel-${k}-key` } }),
      expect: { succeed: 1, conflictReasons: ['DUPLICATE_APPLICATION'], records: { count: () => count(g.p.id), equals: 1 } },
    });
  });

  it('names the field at fault for bad input, and a stale version is CONFLICT STALE_VERSION', async () => {
    const f = family();
    const bad = async (i: Record<string, unknown>) => (await h.request(SUBMIT, { i: { ...f.input, channel: 'WINDOW', commitment: { signedBy: 'APPLICANT' }, programmes: ['DIBAO'], ...i } }, f.caseworker)).errors?.[0].extensions;
    expect(await bad({ programmes: [] })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.programmes', reason: 'REQUIRED' });
    expect(await bad({ programmes: ['DIBAO', 'NOPE'] })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.programmes[1]', reason: 'UNKNOWN_PROGRAMME' });
    expect(await bad({ programmes: ['DIBAO', 'DIBAO'] })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.programmes[1]', reason: 'DUPLICATE' });
    expect(await bad({ villageCode: '370281999001' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.villageCode' });
    expect(await bad({ channel: 'VILLAGE_ASSISTANT' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.channel', reason: 'WRONG_CHANNEL' });
    expect(await bad({ documents: [{ code: 'ID_CARD', state: 'COMMITMENT', commitmentText: '承诺' }] })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.documents[0].state', reason: 'COMMITMENT_NOT_ALLOWED' });
    expect(await bad({ documents: [{ code: 'INCOME_STATEMENT', state: 'COMMITMENT' }] })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.documents[0].commitmentText', reason: 'REQUIRED' });
    expect(await bad({ documents: [{ code: 'DIAGNOSIS', state: 'PROVIDED' }] })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.documents[0].code', reason: 'UNKNOWN_DOCUMENT' });
    expect(await bad({ applicantId: '00000000-0000-4000-8000-000000000000' })).toMatchObject({ code: 'NOT_FOUND', reason: 'NOT_IN_REGISTRY' });
    const count = Number((await h.db.query(`SELECT COUNT(*) AS n FROM assistance_application WHERE "applicantId" = '${f.p.id}'`))[0].n);
    expect(count).toBe(0);
    const a = await submit(f, ['DIBAO']);
    const visit = await h.request(VISIT, { i: { id: a.id, expectedVersion: 1, visitedOn: addCalendarDays(D0, 1), staff: ['王芳'], findings: 'x' } }, f.caseworker);
    expect(visit.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.visitedOn' });
    const stale = await h.request(ACCEPT, { i: { id: a.id, expectedVersion: 7, accepted: true } }, f.caseworker);
    expect(stale.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'STALE_VERSION', currentVersion: 1 });
  });

  it('adds applications to Person and Household through _entities in one statement per type, scoped, empty for analysts', async () => {
    const rows: { applicantId: string; householdId: string; townshipCode: string }[] = await h.db.query('SELECT "applicantId", "householdId", "townshipCode" FROM assistance_application ORDER BY id');
    const target = rows[0];
    const without = households.flatMap((x) => x.members).find((p) => !rows.some((r) => r.applicantId === p.id))!;
    const q = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { id applications { id step } } ... on Household { id applications { id } } } }`;
    const reps = { r: [{ __typename: 'Person', id: without.id }, { __typename: 'Person', id: target.applicantId }, { __typename: 'Household', id: target.householdId }] };
    h.statements.reset();
    const r = await h.request(q, reps, { role: 'caseworker', township: target.townshipCode });
    expect(r.errors).toBeUndefined();
    expect(h.statements.count).toBe(2);
    expect(r.data._entities[0]).toEqual({ id: without.id, applications: [] });
    expect(r.data._entities[1].applications.length).toBe(rows.filter((x) => x.applicantId === target.applicantId).length);
    expect(r.data._entities[2].applications.length).toBe(rows.filter((x) => x.householdId === target.householdId).length);
    const analyst = await h.request(q, reps, { role: 'analyst' });
    expect(analyst.errors).toBeUndefined();
    expect(analyst.data._entities[1].applications).toEqual([]);
    const elsewhere = await h.request(q, reps, otherTownship(target.townshipCode));
    expect(elsewhere.data._entities[1].applications).toEqual([]);
    const officer = await h.request(q, reps, { role: 'department_officer', department: 'EDUCATION' });
    expect(officer.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('lists a township\'s queue by step, oldest step entry first, and filters', async () => {
    const t = '370281001';
    const rows: { id: string; step: string; stepEnteredOn: string }[] = await h.db.query(`SELECT id, step, "stepEnteredOn" FROM assistance_application WHERE "townshipCode" = '${t}' AND step = 'INVESTIGATION'`);
    const q = `{ applications(first: 100, filter: { township: "${t}", step: INVESTIGATION }, orderBy: { field: STEP_ENTERED_ON, direction: ASC }) { totalCount edges { node { id stepEnteredOn step } } } }`;
    const r = await h.request(q, undefined, { role: 'caseworker', township: t });
    expect(r.errors).toBeUndefined();
    expect(r.data.applications.totalCount).toBe(rows.length);
    const dates = r.data.applications.edges.map((e: { node: { stepEnteredOn: string } }) => e.node.stepEnteredOn);
    expect(dates).toEqual([...dates].sort());
    const other = await h.request(q, undefined, otherTownship(t));
    expect(other.data.applications.totalCount).toBe(0);
    const dibao = await h.request(`{ applications(first: 0, filter: { programme: "DIBAO", submittedFrom: "2020-01-01", submittedTo: "2030-01-01" }) { totalCount } }`, undefined, { role: 'auditor' });
    const all: { programmes: string }[] = await h.db.query('SELECT programmes FROM assistance_application');
    expect(dibao.data.applications.totalCount).toBe(all.filter((x) => JSON.parse(x.programmes).includes('DIBAO')).length);
  });
});
