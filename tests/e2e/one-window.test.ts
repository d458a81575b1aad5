import { makeIdNumber } from '@aidgraph/subgraph-kit';
import { testDatabaseKinds, type TokenAs } from '@aidgraph/subgraph-kit/testing';
import { startStack, type Stack } from '../support/stack';
import { operation } from '../support/operations';

/**
 * One window, collaborative handling (一窗受理、协同办理, issue 8) through the gateway, on each database: a village
 * assistant registers a new household and applies on its behalf for dibao, education aid and medical aid; the township
 * window accepts it (a one-time notice of the one missing document, one document replaced by a signed commitment),
 * investigates, verifies and decides preliminarily; the 7-day public notice runs, an objection sends the case back, the
 * notice runs again and the township approver confirms once it has ended; education and medical decide their referrals
 * in their own subgraphs; one query answers the whole case. Then the rules: parallel decisions (one wins), a retried
 * submission (one application), illegal transitions, the wrong role or township, another department's referral.
 *
 * The clock: the service centre and the two deciding departments run with AIDGRAPH_TODAY fixed (the notice needs days
 * to pass); after the notice the three are restarted with a later date (`startSubgraph(name, env)`).
 */
const SEED = 'e2e-one-window';
const SIZE = 400;
/** a Monday: the notice runs D..D+6 (to Sunday 2026-06-07), the approver confirms on Monday 2026-06-08 */
const D = '2026-06-01';
const NOTICE_ENDS = '2026-06-07';
const AFTER = '2026-06-08';
/** the subgraphs whose "today" the case reads: the service centre's steps, the departments' decidedOn */
const CLOCKED = ['service-centre', 'education', 'medical'];

const EDU_OFFICER: TokenAs = { role: 'department_officer', department: 'EDUCATION', subject: 'edu-officer-sun' };
const MED_OFFICER: TokenAs = { role: 'department_officer', department: 'MEDICAL_SECURITY', subject: 'med-officer-zhou' };

const APP = 'id step version acceptedOn stepEnteredOn noticeStartsOn noticeEndsOn oneTimeNotice dueOn overdue workingDaysLeft timeLimit { kind workingDays }';
const SUBMIT = `mutation($i: SubmitApplicationInput!) { submitApplication(input: $i) { ${APP} channel programmes takenBy villageCode township { code } documents { code state commitmentText } } }`;
const m = (name: string, input: string) => `mutation($i: ${input}!) { ${name}(input: $i) { ${APP} } }`;
const ACCEPT = m('acceptApplication', 'AcceptApplicationInput');
const VISIT = m('recordHouseholdVisit', 'RecordHouseholdVisitInput');
const INVESTIGATED = m('completeInvestigation', 'ApplicationChangeInput');
const VERIFIED = m('recordVerification', 'RecordVerificationInput');
const PRELIMINARY = m('preliminaryDecision', 'PreliminaryDecisionInput');
const OBJECTION = m('recordObjection', 'RecordObjectionInput');
const CONFIRM = m('confirmApplication', 'ApplicationChangeInput');
const CLOSE = m('closeApplication', 'ApplicationChangeInput');
/** what a refused call must leave as it was */
const STATE = `query($id: ID!) { application(id: $id) { id step version stepEnteredOn transitions { version fromStep toStep } referrals { id programme educationDecision { outcome } medicalDecision { outcome } } } }`;

/** Fresh valid ID numbers no seeded person has (address code 370211, 黄岛区, as the registry's tests use). */
let sequence = 100;
const idNumber = (birthDate: string, female = false) => makeIdNumber('370211', birthDate, 2 * sequence++ + (female ? 0 : 1));

describe.each(testDatabaseKinds())('one window, collaborative handling, through the gateway on %s', (kind) => {
  let stack: Stack;
  /** the township (T) and village (V) of the case: one with seeded open applications, so its queue and overdue list are not empty */
  let T: string;
  let V: string;
  let caseworker: TokenAs;
  let approver: TokenAs;
  let assistant: TokenAs;
  let otherCaseworker: TokenAs;

  beforeAll(async () => {
    stack = await startStack(kind, { seed: SEED, seedSize: SIZE, subgraphEnv: Object.fromEntries(CLOCKED.map((n) => [n, { AIDGRAPH_TODAY: D }])) });
    const seeded = await stack.query(`{ applications(first: 200, filter: { step: INVESTIGATION }) { edges { node { villageCode township { code } } } } }`);
    expect(seeded.errors).toBeUndefined();
    const withVillage = seeded.data.applications.edges.map((e: any) => e.node).find((n: any) => n.villageCode);
    V = withVillage.villageCode;
    T = withVillage.township.code;
    caseworker = { role: 'caseworker', township: T, subject: 'caseworker-wang' };
    approver = { role: 'township_approver', township: T, subject: 'approver-liu' };
    assistant = { role: 'village_assistant', village: V, township: T, subject: 'assistant-zhao' };
    otherCaseworker = { role: 'caseworker', township: T === '370281001' ? '370281002' : '370281001', subject: 'caseworker-elsewhere' };
  });
  afterAll(() => stack?.close());

  /** run `doc` with `{ i }` as `as` and return its field, failing with the errors when there are any */
  async function run(doc: string, field: string, i: Record<string, unknown>, as: TokenAs) {
    const r = await stack.query(doc, { i }, as);
    if (r.errors) throw new Error(`${field}: ${JSON.stringify(r.errors)}`);
    return r.data[field];
  }
  /** the first error's extensions of a call that must be refused */
  async function refused(doc: string, i: Record<string, unknown>, as: TokenAs) {
    const r = await stack.query(doc, { i }, as);
    expect(r.data?.[Object.keys(r.data ?? {})[0]] ?? null).toBeNull();
    expect(r.errors).toHaveLength(1);
    return r.errors![0].extensions;
  }
  const state = async (id: string) => {
    const r = await stack.query(STATE, { id }, caseworker);
    expect(r.errors).toBeUndefined();
    return r.data.application;
  };

  /** a household of three (head, spouse, pupil) registered at the village by its assistant, through the README's example */
  async function registerFamily(surname: string, as: TokenAs = assistant) {
    const members = [
      { name: `${surname}建国`, idNumber: idNumber('1978-04-12'), relationToHead: 'HEAD', phone: '13905321234' },
      { name: '王秀梅', idNumber: idNumber('1980-09-23', true), relationToHead: 'SPOUSE' },
      { name: `${surname}小雨`, idNumber: idNumber('2013-05-20', true), relationToHead: 'CHILD' },
    ];
    const input = { townshipCode: T, villageCode: V, address: '胶州市某村18号', members, reason: '申请低保、教育救助、医疗救助', idempotencyKey: `e2e-${kind}-register-${sequence}` };
    const r = await stack.query(operation('register-household'), { input }, as);
    expect(r.errors).toBeUndefined();
    return { input, household: r.data.registerHousehold };
  }

  /**
   * The caseworker's economic verification of the household (issue 9): Household.verification through the gateway (the
   * members' health drawn from the disability and medical subgraphs by @requires), then verifyHousehold with its health
   * ticket: the stored run's id, which the VERIFICATION step names.
   */
  async function verifiedRun(householdId: string, key: string): Promise<string> {
    const q = await stack.query(`query($id: ID!, $on: String!) { household(id: $id) { verification(on: $on) { outcome healthTicket } } }`, { id: householdId, on: D }, caseworker);
    expect(q.errors).toBeUndefined();
    const { outcome, healthTicket } = q.data.household.verification;
    const stored = await run(`mutation($i: VerifyHouseholdInput!) { verifyHousehold(input: $i) { id outcome } }`, 'verifyHousehold', { householdId, on: D, healthTicket, idempotencyKey: key }, caseworker);
    expect(stored.outcome).toBe(outcome);
    return stored.id;
  }

  /** the referral's ticket, from the department's own queue, page by page */
  async function ticketOf(officer: TokenAs, referralId: string): Promise<string> {
    let after: string | null = null;
    for (;;) {
      const q: any = await stack.query(`query($after: String) { referrals(first: 200, after: $after, filter: { township: "${T}" }) { edges { node { id department ticket } } pageInfo { hasNextPage endCursor } } }`, { after }, officer);
      expect(q.errors).toBeUndefined();
      const nodes = q.data.referrals.edges.map((e: any) => e.node);
      expect(new Set(nodes.map((n: any) => n.department))).toEqual(new Set([officer.department]));
      const mine = nodes.find((n: any) => n.id === referralId);
      if (mine) return mine.ticket;
      if (!q.data.referrals.pageInfo.hasNextPage) throw new Error(`referral ${referralId} is not in ${officer.department}'s queue`);
      after = q.data.referrals.pageInfo.endCursor;
    }
  }

  /** move the case's clock: restart the service centre and the two deciding departments with AIDGRAPH_TODAY = `date` */
  async function moveClockTo(date: string) {
    await Promise.all(CLOCKED.map((n) => stack.stopSubgraph(n)));
    await Promise.all(CLOCKED.map((n) => stack.startSubgraph(n, { AIDGRAPH_TODAY: date })));
  }

  it('takes an application from the village to every department and shows the whole case in one query', async () => {
    // 1. the village assistant registers the household (帮办代办): birth dates and genders from the ID numbers
    const { input: family, household } = await registerFamily('李');
    expect(household).toMatchObject({ version: 1 });
    expect(household.members.map((p: any) => [p.name, p.gender, p.birthDate, p.relationToHead, p.version])).toEqual([
      ['李建国', 'MALE', '1978-04-12', 'HEAD', 1],
      ['王秀梅', 'FEMALE', '1980-09-23', 'SPOUSE', 1],
      ['李小雨', 'FEMALE', '2013-05-20', 'CHILD', 1],
    ]);
    const [head, , child] = household.members;

    // 2. ... and submits the application on the family's behalf, with two documents already handed in
    const submitted = await run(SUBMIT, 'submitApplication', {
      applicantId: head.id, householdId: household.id, townshipCode: T, villageCode: V, channel: 'VILLAGE_ASSISTANT', commitment: { signedBy: 'APPLICANT' },
      programmes: ['DIBAO', 'EDUCATION', 'MEDICAL'], idempotencyKey: `e2e-${kind}-one-window-submit`,
      documents: [{ code: 'ID_CARD', state: 'PROVIDED' }, { code: 'HOUSEHOLD_REGISTER', state: 'PROVIDED' }],
    }, assistant);
    expect(submitted).toMatchObject({
      step: 'SUBMITTED', version: 1, channel: 'VILLAGE_ASSISTANT', programmes: ['DIBAO', 'EDUCATION', 'MEDICAL'], takenBy: 'assistant-zhao',
      villageCode: V, township: { code: T }, stepEnteredOn: D, acceptedOn: null, oneTimeNotice: null,
    });
    expect(submitted.documents.map((d: any) => `${d.code}:${d.state}`).sort()).toEqual([
      'ASSET_STATEMENT:MISSING', 'DIAGNOSIS:MISSING', 'HOUSEHOLD_REGISTER:PROVIDED', 'ID_CARD:PROVIDED', 'INCOME_STATEMENT:MISSING',
      'MEDICAL_BILLS:MISSING', 'STUDENT_STATUS:MISSING', 'VERIFICATION_CONSENT:MISSING',
    ]);
    const id = submitted.id;

    // 3. the caseworker accepts: the diagnosis is missing, the asset statement is replaced by a signed commitment
    const COMMITMENT = '本人承诺所申报的家庭财产状况真实、完整，如有隐瞒愿承担相应责任。';
    const accepted = await run(ACCEPT, 'acceptApplication', {
      id, expectedVersion: 1, accepted: true, note: '材料基本齐全，予以受理',
      documents: [
        ...['VERIFICATION_CONSENT', 'INCOME_STATEMENT', 'STUDENT_STATUS', 'MEDICAL_BILLS'].map((code) => ({ code, state: 'PROVIDED' })),
        { code: 'ASSET_STATEMENT', state: 'COMMITMENT', commitmentText: COMMITMENT },
      ],
    }, caseworker);
    expect(accepted).toMatchObject({ step: 'INVESTIGATION', version: 2, acceptedOn: D, stepEnteredOn: D });
    // the one-time notice (一次性告知) lists exactly the missing document, once, and the commitment; never the applicant
    const notice: string = accepted.oneTimeNotice;
    const section = (after: string) => notice.slice(notice.indexOf(after) + after.length).split('\n\n')[0].trim().split('\n');
    expect(notice).toContain(`申请编号：${id}`);
    expect(notice).toContain('受理日期：2026年6月1日');
    expect(notice).toContain('申请事项：');
    expect(section('请一次性补齐：')).toEqual(['1. 诊断证明']);
    expect(notice.split('诊断证明')).toHaveLength(2);
    expect(section('承诺不实的将依法承担相应责任：')).toEqual(['1. 家庭财产状况说明']);
    for (const other of ['居民身份证', '户口簿', '家庭经济状况核对授权书', '家庭收入情况说明', '学籍证明', '医疗费用票据及结算单']) expect(notice).not.toContain(other);
    expect(notice).not.toContain('李建国');
    expect(notice).not.toContain(family.members[0].idNumber);

    // 4. household investigation (入户调查), verification (核对), preliminary decision (初审) → the 7-day public notice
    const visit1 = { visitedOn: D, staff: ['王芳', '张伟'], findings: '家庭成员3人，户主患病住院，配偶无固定收入，子女在读初中。' };
    expect(await run(VISIT, 'recordHouseholdVisit', { id, expectedVersion: 2, ...visit1, idempotencyKey: `e2e-${kind}-visit-1` }, caseworker)).toMatchObject({ step: 'INVESTIGATION', version: 3 });
    expect(await run(INVESTIGATED, 'completeInvestigation', { id, expectedVersion: 3 }, caseworker)).toMatchObject({ step: 'VERIFICATION', version: 4 });
    const missing = await refused(VERIFIED, { id, expectedVersion: 4, verificationNote: '经济状况核对：无车辆、无商品房' }, caseworker);
    expect(missing).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'REQUIRED', field: 'input.verificationRunId' });
    const run1 = await verifiedRun(household.id, `e2e-${kind}-verify-1`);
    expect(await run(`mutation($i: RecordVerificationInput!) { recordVerification(input: $i) { step version verification { id outcome countedMembers } } }`, 'recordVerification', {
      id, expectedVersion: 4, verificationRunId: run1, verificationNote: '经济状况核对：无车辆、无商品房',
    }, caseworker)).toMatchObject({ step: 'PRELIMINARY_REVIEW', version: 5, verification: { id: run1, outcome: 'DIBAO', countedMembers: 3 } });
    const noticed = await run(PRELIMINARY, 'preliminaryDecision', { id, expectedVersion: 5, proposal: 'APPROVE', noticeAmounts: [{ programme: 'DIBAO', amount: '715.00' }] }, caseworker);
    expect(noticed).toMatchObject({ step: 'PUBLIC_NOTICE', version: 6, noticeStartsOn: D, noticeEndsOn: NOTICE_ENDS });

    // 5. an objection during the notice sends the case back to the investigation (the objection is kept)
    const OBJECTION_TEXT = '村民反映申请人配偶在镇上经营小卖部，有经营收入。';
    const back = await run(OBJECTION, 'recordObjection', { id, expectedVersion: 6, objection: OBJECTION_TEXT }, caseworker);
    expect(back).toMatchObject({ step: 'INVESTIGATION', version: 7, noticeStartsOn: null, noticeEndsOn: null });
    const noVisit = await refused(INVESTIGATED, { id, expectedVersion: 7 }, caseworker);
    expect(noVisit).toMatchObject({ code: 'CONFLICT', reason: 'VISIT_MISSING' });
    const visit2 = { visitedOn: D, staff: ['王芳'], findings: '复查：小卖部已于上月转让，配偶现无经营收入。' };
    await run(VISIT, 'recordHouseholdVisit', { id, expectedVersion: 7, ...visit2, idempotencyKey: `e2e-${kind}-visit-2` }, assistant);
    await run(INVESTIGATED, 'completeInvestigation', { id, expectedVersion: 8 }, caseworker);
    await run(VERIFIED, 'recordVerification', { id, expectedVersion: 9, verificationRunId: await verifiedRun(household.id, `e2e-${kind}-verify-2`), verificationNote: '复核无经营收入' }, caseworker);
    const again = await run(PRELIMINARY, 'preliminaryDecision', { id, expectedVersion: 10, proposal: 'APPROVE', noticeAmounts: [{ programme: 'DIBAO', amount: '715.00' }] }, caseworker);
    // due: 3 working days after the notice ends on a Sunday (Mon 8, Tue 9, Wed 10 June), earlier than the whole process
    expect(again).toMatchObject({
      step: 'PUBLIC_NOTICE', version: 11, noticeStartsOn: D, noticeEndsOn: NOTICE_ENDS,
      dueOn: '2026-06-10', overdue: false, workingDaysLeft: 7, timeLimit: { kind: 'NOTICE_CONFIRMATION', workingDays: 3 },
    });

    // the township's queue at the notice (the README's example): longest waiting first, ours last (it entered today)
    const queue = await stack.query(operation('township-queue'), { township: T, step: 'PUBLIC_NOTICE', first: 500 }, caseworker);
    expect(queue.errors).toBeUndefined();
    const rows = queue.data.applications.edges.map((e: any) => e.node);
    expect(rows.length).toBe(queue.data.applications.totalCount);
    expect(rows.every((r: any) => r.step === 'PUBLIC_NOTICE')).toBe(true);
    expect(rows.map((r: any) => r.stepEnteredOn)).toEqual(rows.map((r: any) => r.stepEnteredOn).sort());
    expect(rows[rows.length - 1]).toMatchObject({ id, stepEnteredOn: D, dueOn: '2026-06-10', overdue: false, workingDaysLeft: 7, version: 11, applicant: { id: head.id, name: '李建国' } });

    // 6. confirming before the notice has ended is refused and changes nothing
    const early = await refused(CONFIRM, { id, expectedVersion: 11 }, approver);
    expect(early).toMatchObject({ code: 'CONFLICT', reason: 'NOTICE_NOT_ENDED' });
    expect(await state(id)).toMatchObject({ step: 'PUBLIC_NOTICE', version: 11 });

    // 7. a week later (the subgraphs restarted on the new date): too late for an objection; the approver confirms
    await moveClockTo(AFTER);
    const late = await refused(OBJECTION, { id, expectedVersion: 11, objection: '迟到的异议' }, caseworker);
    expect(late).toMatchObject({ code: 'CONFLICT', reason: 'NOTICE_ENDED' });
    const confirmed = await run(CONFIRM, 'confirmApplication', { id, expectedVersion: 11, note: '公示无异议，审核确认' }, approver);
    expect(confirmed).toMatchObject({ step: 'CONFIRMED', version: 12, stepEnteredOn: AFTER, dueOn: null, overdue: false, workingDaysLeft: null });

    // nothing of ours is overdue; the seeded open applications of the township are, oldest submission first
    const overdue = await stack.query(operation('overdue-applications'), { township: T, first: 500 }, approver);
    expect(overdue.errors).toBeUndefined();
    const overdueRows = overdue.data.overdueApplications.edges.map((e: any) => e.node);
    expect(overdueRows.length).toBeGreaterThan(0);
    expect(overdueRows.length).toBe(overdue.data.overdueApplications.totalCount);
    for (const a of overdueRows) {
      expect(a.township.code).toBe(T);
      expect(a.dueOn < AFTER).toBe(true);
      expect(a.workingDaysLeft).toBeLessThan(0);
      expect(a.timeLimit.workingDays).toBeGreaterThan(0);
    }
    expect(overdueRows.map((a: any) => a.submittedOn)).toEqual(overdueRows.map((a: any) => a.submittedOn).sort());
    expect(overdueRows.map((a: any) => a.id)).not.toContain(id);

    // 8. each department decides its referral in its own subgraph, naming the record it created first
    const refs = (await state(id)).referrals;
    const refOf = (p: string) => refs.find((r: any) => r.programme === p).id;
    expect(refs.map((r: any) => r.programme).sort()).toEqual(['EDUCATION', 'MEDICAL']);
    const aid = await run(`mutation($i: RecordEducationAidInput!) { recordEducationAid(input: $i) { id person { id } amount status } }`, 'recordEducationAid', {
      personId: child.id, schoolStage: 'JUNIOR_SECONDARY', school: '胶州市第六中学', aidType: 'LIVING_SUBSIDY', academicYear: '2025-2026',
      amount: '1250.00', approvedOn: AFTER, townshipCode: T, idempotencyKey: `e2e-${kind}-education-aid`,
    }, EDU_OFFICER);
    expect(aid).toMatchObject({ person: { id: child.id }, amount: '1250.00', status: 'APPROVED' });
    const edu = await stack.query(operation('decide-education-referral'), { ticket: await ticketOf(EDU_OFFICER, refOf('EDUCATION')), recordId: aid.id, idempotencyKey: `e2e-${kind}-decide-edu` }, EDU_OFFICER);
    expect(edu.errors).toBeUndefined();
    expect(edu.data.decideEducationReferral).toEqual({
      outcome: 'ACCEPTED', decidedOn: AFTER, referral: { id: refOf('EDUCATION'), programme: 'EDUCATION', createdOn: D },
      record: { id: aid.id, academicYear: '2025-2026', schoolStage: 'JUNIOR_SECONDARY', aidType: 'LIVING_SUBSIDY', amount: '1250.00', status: 'APPROVED' },
    });
    // the education bureau's queue (the README's example) shows the referral decided, with the aid from its own database
    const eduQueue = await stack.query(operation('referral-queue'), { first: 500 }, EDU_OFFICER);
    expect(eduQueue.errors).toBeUndefined();
    expect(eduQueue.data.referrals.edges.every((e: any) => e.node.department === 'EDUCATION')).toBe(true);
    expect(eduQueue.data.referrals.edges.find((e: any) => e.node.id === refOf('EDUCATION')).node).toMatchObject({
      programme: 'EDUCATION', createdOn: D, township: { code: T },
      educationDecision: { outcome: 'ACCEPTED', reason: null, decidedOn: AFTER, record: { id: aid.id, academicYear: '2025-2026', schoolStage: 'JUNIOR_SECONDARY', aidType: 'LIVING_SUBSIDY', amount: '1250.00' } },
    });
    const claim = await run(`mutation($i: RecordMedicalClaimInput!) { recordMedicalClaim(input: $i) { id totalCost } }`, 'recordMedicalClaim', {
      personId: head.id, townshipCode: T, hospital: '胶州市人民医院', diagnosis: '2型糖尿病', careType: 'INPATIENT', admissionDate: '2026-05-18',
      dischargeDate: '2026-05-27', totalCost: '12000.00', basicInsurancePaid: '7000.00', criticalIllnessInsurancePaid: '0.00', eligibleSelfPay: '4000.00',
      idempotencyKey: `e2e-${kind}-medical-claim`,
    }, MED_OFFICER);
    expect(claim.totalCost).toBe('12000.00');
    const med = await run(`mutation($i: DecideReferralInput!) { decideMedicalReferral(input: $i) { outcome reason note decidedOn referredOn record { id } } }`, 'decideMedicalReferral', {
      ticket: await ticketOf(MED_OFFICER, refOf('MEDICAL')), outcome: 'ACCEPTED', recordId: claim.id, note: '按低保对象比例救助', idempotencyKey: `e2e-${kind}-decide-med`,
    }, MED_OFFICER);
    expect(med).toEqual({ outcome: 'ACCEPTED', reason: null, note: '按低保对象比例救助', decidedOn: AFTER, referredOn: D, record: { id: claim.id } });

    // 9. ONE query (the README's application-case example): every step, the documents, the notice, every decision and its record
    const r = await stack.query(operation('application-case'), { id }, caseworker);
    expect(r.errors).toBeUndefined();
    const c = r.data.application;
    expect(c).toMatchObject({
      id, step: 'CONFIRMED', version: 12, channel: 'VILLAGE_ASSISTANT', programmes: ['DIBAO', 'EDUCATION', 'MEDICAL'], takenBy: 'assistant-zhao',
      township: { code: T }, villageCode: V, applicant: { id: head.id, name: '李建国' }, submittedOn: D, acceptedOn: D,
      noticeStartsOn: D, noticeEndsOn: NOTICE_ENDS, dueOn: null, overdue: false, oneTimeNotice: notice,
    });
    const cw = ['caseworker-wang', 'caseworker'];
    expect(c.transitions.map((t: any) => [t.version, t.fromStep, t.toStep, t.subject, t.role, t.on])).toEqual([
      [1, null, 'SUBMITTED', 'assistant-zhao', 'village_assistant', D],
      [2, 'SUBMITTED', 'INVESTIGATION', ...cw, D],
      [4, 'INVESTIGATION', 'VERIFICATION', ...cw, D],
      [5, 'VERIFICATION', 'PRELIMINARY_REVIEW', ...cw, D],
      [6, 'PRELIMINARY_REVIEW', 'PUBLIC_NOTICE', ...cw, D],
      [7, 'PUBLIC_NOTICE', 'INVESTIGATION', ...cw, D],
      [9, 'INVESTIGATION', 'VERIFICATION', ...cw, D],
      [10, 'VERIFICATION', 'PRELIMINARY_REVIEW', ...cw, D],
      [11, 'PRELIMINARY_REVIEW', 'PUBLIC_NOTICE', ...cw, D],
      [12, 'PUBLIC_NOTICE', 'CONFIRMED', 'approver-liu', 'township_approver', AFTER],
    ]);
    expect(c.transitions[1].note).toBe('材料基本齐全，予以受理');
    expect(c.transitions[5].note).toContain(OBJECTION_TEXT);
    expect(c.transitions[9].note).toBe('公示无异议，审核确认');
    // the documents, by code: the commitment with the text the applicant signed, the one missing
    expect(c.documents.map((d: any) => [d.code, d.name, d.state, d.commitmentText])).toEqual([
      ['ASSET_STATEMENT', '家庭财产状况说明', 'COMMITMENT', COMMITMENT],
      ['DIAGNOSIS', '诊断证明', 'MISSING', null],
      ['HOUSEHOLD_REGISTER', '户口簿', 'PROVIDED', null],
      ['ID_CARD', '居民身份证', 'PROVIDED', null],
      ['INCOME_STATEMENT', '家庭收入情况说明', 'PROVIDED', null],
      ['MEDICAL_BILLS', '医疗费用票据及结算单', 'PROVIDED', null],
      ['STUDENT_STATUS', '学籍证明', 'PROVIDED', null],
      ['VERIFICATION_CONSENT', '家庭经济状况核对授权书', 'PROVIDED', null],
    ]);
    expect(c.visits).toEqual([
      { ...visit1, recordedBy: 'caseworker-wang' },
      { ...visit2, recordedBy: 'assistant-zhao' },
    ]);
    const byProgramme = Object.fromEntries(c.referrals.map((x: any) => [x.programme, x]));
    expect(Object.keys(byProgramme).sort()).toEqual(['EDUCATION', 'MEDICAL']);
    const none = { housingDecision: null, disabilityDecision: null, charityDecision: null, legalAidDecision: null, disasterReliefDecision: null };
    expect(byProgramme.EDUCATION).toEqual({
      id: refOf('EDUCATION'), department: 'EDUCATION', programme: 'EDUCATION', createdOn: D, ...none, medicalDecision: null,
      educationDecision: {
        outcome: 'ACCEPTED', reason: null, decidedOn: AFTER,
        record: { id: aid.id, person: { id: child.id, name: '李小雨' }, schoolStage: 'JUNIOR_SECONDARY', aidType: 'LIVING_SUBSIDY', academicYear: '2025-2026', amount: '1250.00' },
      },
    });
    expect(byProgramme.MEDICAL).toEqual({
      id: refOf('MEDICAL'), department: 'MEDICAL_SECURITY', programme: 'MEDICAL', createdOn: D, ...none, educationDecision: null,
      medicalDecision: {
        outcome: 'ACCEPTED', reason: null, decidedOn: AFTER,
        record: { id: claim.id, person: { id: head.id, name: '李建国' }, hospital: '胶州市人民医院', admissionDate: '2026-05-18', dischargeDate: '2026-05-27', totalCost: '12000.00' },
      },
    });

    // a decided referral is decided once; the case closes
    const twice = await refused(`mutation($i: DecideReferralInput!) { decideMedicalReferral(input: $i) { outcome } }`, { ticket: await ticketOf(MED_OFFICER, refOf('MEDICAL')), outcome: 'REFUSED', reason: 'ALREADY_ASSISTED' }, MED_OFFICER);
    expect(twice).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_DECIDED' });
    expect(await run(CLOSE, 'closeApplication', { id, expectedVersion: 12 }, caseworker)).toMatchObject({ step: 'CLOSED', version: 13 });
  });

  describe('the rules', () => {
    let app: { id: string };
    let applicantId: string;

    it('creates one application for a retried submission with the same idempotency key', async () => {
      const { input: registered, household } = await registerFamily('赵', caseworker);
      applicantId = household.members[0].id;
      // an ID number already registered: CONFLICT, naming the person to a caller who may see them (through the gateway too)
      const twice = await stack.query(operation('register-household'), { input: { ...registered, idempotencyKey: `e2e-${kind}-register-again` } }, caseworker);
      expect(twice.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'ID_NUMBER_REGISTERED', field: 'input.members[0].idNumber', existingPersonId: applicantId });
      const input = {
        applicantId, householdId: household.id, townshipCode: T, villageCode: V, channel: 'WINDOW', commitment: { signedBy: 'APPLICANT' }, programmes: ['DIBAO', 'EDUCATION', 'MEDICAL'],
        idempotencyKey: `e2e-${kind}-retried-submission`,
      };
      const first = await run(SUBMIT, 'submitApplication', input, caseworker);
      const retry = await run(SUBMIT, 'submitApplication', input, caseworker);
      expect(retry).toEqual(first);
      expect(first).toMatchObject({ step: 'SUBMITTED', version: 1, channel: 'WINDOW', takenBy: 'caseworker-wang' });
      const mine = await stack.query(`query($p: ID!) { applications(first: 10, filter: { applicantId: $p }) { totalCount edges { node { id } } } }`, { p: applicantId }, caseworker);
      expect(mine.errors).toBeUndefined();
      expect(mine.data.applications).toEqual({ totalCount: 1, edges: [{ node: { id: first.id } }] });
      // the same key with another input is refused
      const reused = await refused(SUBMIT, { ...input, programmes: ['DIBAO'] }, caseworker);
      expect(reused).toMatchObject({ code: 'CONFLICT', reason: 'IDEMPOTENCY_KEY_REUSED' });
      app = first;
    });

    it('refuses a decision by the wrong role or township, and illegal transitions, with their codes, and changes nothing', async () => {
      const before = await state(app.id);
      expect(before).toMatchObject({ step: 'SUBMITTED', version: 1, transitions: [{ version: 1, fromStep: null, toStep: 'SUBMITTED' }], referrals: [] });
      const accept = { id: app.id, expectedVersion: 1, accepted: true };
      // a caseworker of another township, the village assistant, the approver, a department officer: FORBIDDEN
      for (const who of [otherCaseworker, assistant, approver, EDU_OFFICER]) expect(await refused(ACCEPT, accept, who)).toMatchObject({ code: 'FORBIDDEN' });
      // the village assistant may not confirm, nor close
      expect(await refused(CONFIRM, { id: app.id, expectedVersion: 1 }, assistant)).toMatchObject({ code: 'FORBIDDEN' });
      expect(await refused(CLOSE, { id: app.id, expectedVersion: 1 }, assistant)).toMatchObject({ code: 'FORBIDDEN' });
      // steps that do not follow from SUBMITTED
      const illegal: [string, Record<string, unknown>, TokenAs, string][] = [
        [CONFIRM, {}, approver, 'CONFIRMED'],
        [INVESTIGATED, {}, caseworker, 'VERIFICATION'],
        [PRELIMINARY, { proposal: 'APPROVE' }, caseworker, 'PUBLIC_NOTICE'],
        [OBJECTION, { objection: '异议' }, caseworker, 'INVESTIGATION'],
        [CLOSE, {}, caseworker, 'CLOSED'],
      ];
      for (const [doc, extra, who, to] of illegal)
        expect(await refused(doc, { id: app.id, expectedVersion: 1, ...extra }, who)).toMatchObject({ code: 'CONFLICT', reason: 'ILLEGAL_TRANSITION', from: 'SUBMITTED', to });
      // a stale version
      expect(await refused(ACCEPT, { ...accept, expectedVersion: 2 }, caseworker)).toMatchObject({ code: 'CONFLICT', reason: 'STALE_VERSION' });
      expect(await state(app.id)).toEqual(before);
    });

    it('of 10 parallel acceptances with the same expectedVersion exactly one wins; the others are CONFLICT STALE_VERSION', async () => {
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, k) => stack.query(ACCEPT, { i: { id: app.id, expectedVersion: 1, accepted: true, note: `受理 ${k}` } }, caseworker)),
      );
      const won = results.filter((r) => !r.errors);
      expect(won).toHaveLength(1);
      expect(won[0].data.acceptApplication).toMatchObject({ step: 'INVESTIGATION', version: 2, acceptedOn: AFTER });
      for (const r of results.filter((x) => x.errors)) {
        expect(r.errors).toHaveLength(1);
        expect(r.errors![0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'STALE_VERSION', expectedVersion: 1, currentVersion: 2 });
      }
      const after = await state(app.id);
      expect(after).toMatchObject({ step: 'INVESTIGATION', version: 2 });
      expect(after.transitions).toEqual([{ version: 1, fromStep: null, toStep: 'SUBMITTED' }, { version: 2, fromStep: 'SUBMITTED', toStep: 'INVESTIGATION' }]);
      // one set of referrals, not ten
      expect(after.referrals.map((r: any) => r.programme).sort()).toEqual(['EDUCATION', 'MEDICAL']);
    });

    it('refuses illegal transitions after acceptance, and a referral decided by another department, and changes nothing', async () => {
      const before = await state(app.id);
      expect(before).toMatchObject({ step: 'INVESTIGATION', version: 2 });
      const illegal: [string, Record<string, unknown>, TokenAs, string][] = [
        [ACCEPT, { accepted: true }, caseworker, 'INVESTIGATION'],
        [CONFIRM, {}, approver, 'CONFIRMED'],
        [VERIFIED, { verificationRunId: '00000000-0000-4000-8000-000000000009' }, caseworker, 'PRELIMINARY_REVIEW'],
        [PRELIMINARY, { proposal: 'APPROVE' }, caseworker, 'PUBLIC_NOTICE'],
        [OBJECTION, { objection: '异议' }, caseworker, 'INVESTIGATION'],
        [CLOSE, {}, caseworker, 'CLOSED'],
      ];
      for (const [doc, extra, who, to] of illegal)
        expect(await refused(doc, { id: app.id, expectedVersion: 2, ...extra }, who)).toMatchObject({ code: 'CONFLICT', reason: 'ILLEGAL_TRANSITION', from: 'INVESTIGATION', to });
      // the village assistant confirming, a caseworker of another township recording the visit: FORBIDDEN
      expect(await refused(CONFIRM, { id: app.id, expectedVersion: 2 }, assistant)).toMatchObject({ code: 'FORBIDDEN' });
      expect(await refused(VISIT, { id: app.id, expectedVersion: 2, visitedOn: AFTER, staff: ['外镇'], findings: '不应记录' }, otherCaseworker)).toMatchObject({ code: 'FORBIDDEN' });

      // another department's referral: education with medical's ticket; the disabled persons' federation in medical's subgraph
      const medTicket = await ticketOf(MED_OFFICER, before.referrals.find((r: any) => r.programme === 'MEDICAL').id);
      const DECIDE_EDU = `mutation($i: DecideReferralInput!) { decideEducationReferral(input: $i) { outcome } }`;
      const DECIDE_MED = `mutation($i: DecideReferralInput!) { decideMedicalReferral(input: $i) { outcome } }`;
      expect(await refused(DECIDE_EDU, { ticket: medTicket, outcome: 'REFUSED', reason: 'OUT_OF_JURISDICTION' }, EDU_OFFICER)).toMatchObject({ code: 'FORBIDDEN', reason: 'OTHER_DEPARTMENTS_REFERRAL' });
      expect(await refused(DECIDE_MED, { ticket: medTicket, outcome: 'REFUSED', reason: 'OUT_OF_JURISDICTION' }, { role: 'department_officer', department: 'DISABLED_PERSONS_FEDERATION' })).toMatchObject({ code: 'FORBIDDEN' });
      // nor a caseworker, nor a ticket not signed by the service centre
      expect(await refused(DECIDE_MED, { ticket: medTicket, outcome: 'REFUSED', reason: 'OTHER' }, caseworker)).toMatchObject({ code: 'FORBIDDEN' });
      expect(await refused(DECIDE_MED, { ticket: `${medTicket.slice(0, -4)}AAAA`, outcome: 'REFUSED', reason: 'OTHER' }, MED_OFFICER)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'BAD_TICKET' });

      const after = await state(app.id);
      expect(after).toEqual(before);
      expect(after.referrals.every((r: any) => r.educationDecision === null && r.medicalDecision === null)).toBe(true);
    });

    it('of 10 staff recording a visit at once on the version they read, exactly one is recorded', async () => {
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, k) =>
          stack.query(VISIT, { i: { id: app.id, expectedVersion: 2, visitedOn: AFTER, staff: [`调查员${k}`], findings: `第${k}组入户调查`, idempotencyKey: `e2e-${kind}-parallel-visit-${k}` } }, k % 2 ? caseworker : assistant),
        ),
      );
      const won = results.filter((r) => !r.errors);
      expect(won).toHaveLength(1);
      expect(won[0].data.recordHouseholdVisit).toMatchObject({ step: 'INVESTIGATION', version: 3 });
      for (const r of results.filter((x) => x.errors)) expect(r.errors![0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'STALE_VERSION', expectedVersion: 2, currentVersion: 3 });
      const visits = await stack.query(`query($id: ID!) { application(id: $id) { version visits { staff findings } } }`, { id: app.id }, caseworker);
      expect(visits.data.application.version).toBe(3);
      expect(visits.data.application.visits).toHaveLength(1);
      const k = results.indexOf(won[0]);
      expect(visits.data.application.visits[0]).toEqual({ staff: [`调查员${k}`], findings: `第${k}组入户调查` });
    });
  });
});
