import { startWithCraftedEnrolments } from './support/crafted-enrolments';
import { Enrolment } from '../src/modules/enrolment/enrolment.entity';
import { FundBudget, PaymentBatch, PaymentLine } from '../src/modules/fund/fund.entity';
import { EnrolmentReview } from '../src/modules/review/review.entity';
import { addMonths, nextReviewDate, phaseOutEnd, ReviewCycleValue } from '../src/modules/review/review.rules';
import { inForceForMonth, personPaidForMonth } from '../src/modules/fund/fund.rules';
import { makeIdNumber } from '@aidgraph/subgraph-kit';
import { generatePopulation, generateVillages } from '@aidgraph/population';
import { auditedWritesOf, runConcurrently, testDatabaseKinds, type SubgraphHarness, type TokenAs } from '@aidgraph/subgraph-kit/testing';

/**
 * Reviews (复核), phase-out (渐退) and funds (issue 10 items 2 and 4) through the subgraph, on crafted enrolments (the seeded
 * population's enrolments are removed first, so that a batch pays exactly the crafted ones). The clock is fixed
 * (AIDGRAPH_TODAY) and moved within a test where the phase-out's end is the point; start dates are fixed past dates.
 */
const SEED = 'civil-affairs-review-funds';
const SIZE = 60;
const seeded = generatePopulation({ seed: SEED, size: SIZE }).households.flatMap((h) => h.members);
const villages = generateVillages(SEED);
const T = seeded[0].townshipCode;
const T2 = seeded.find((p) => p.townshipCode !== T)!.townshipCode;
const V = villages.find((v) => v.townshipCode === T)!.code;
const V2 = villages.find((v) => v.townshipCode === T2)!.code;
const TODAY = '2026-11-30';

const caseworker = (township = T): TokenAs => ({ role: 'caseworker', township });
const officer = (department = 'CIVIL_AFFAIRS'): TokenAs => ({ role: 'department_officer', department });
const CA = officer();

const REGISTER = `mutation($i: RegisterHouseholdInput!) { registerHousehold(input: $i) { id members { id name } } }`;
const ENROL = `mutation($i: RecordEnrolmentInput!) { recordEnrolment(input: $i) { id status startDate nextReviewDate reviewCycle version amount } }`;
const END = `mutation($i: EndEnrolmentInput!) { endEnrolment(input: $i) { id status endDate version } }`;
const STATUS = `mutation($i: RecordPersonStatusInput!) { recordPersonStatus(input: $i) { id status } }`;
const REVIEW = `mutation($i: RecordEnrolmentReviewInput!) { recordEnrolmentReview(input: $i) {
  id outcome reviewedOn amountBefore amountAfter reviewCycle nextReviewDate phaseOutEndsOn endDate enrolmentVersion
  enrolment { id status endDate nextReviewDate reviewCycle amount version } } }`;
const ENROLMENT = `query($id: ID!) { person(id: $id) { enrolments { id programme status endDate nextReviewDate reviewCycle version amount reviews { outcome reviewedOn nextReviewDate } } } }`;
const DUE = `query($t: String!, $by: String, $first: Int, $after: String) { enrolmentReviewsDue(townshipCode: $t, dueBy: $by, first: $first, after: $after) {
  totalCount edges { node { id nextReviewDate programme person { id } } } pageInfo { hasNextPage endCursor } } }`;
const BATCH = `mutation($i: GeneratePaymentBatchInput!) { generatePaymentBatch(input: $i) { id programme month lineCount totalAmount } }`;
const LINES = `query($id: ID!, $t: String) { paymentBatch(id: $id) { id month lineCount totalAmount lines(first: 100, townshipCode: $t) { totalCount edges { node { amount enrolmentId person { id } township { code } } } } } }`;
const BUDGET = `mutation($i: SetFundBudgetInput!) { setFundBudget(input: $i) { id programme year amount version township { code } } }`;
const SPENDING = `query($y: Int!, $p: CivilAffairsProgramme, $t: String) { fundSpending(year: $y, programme: $p, townshipCode: $t) {
  programme year budget paid remaining township { code } months { month paid recipients } } }`;

let seq = 300;
const idNumber = (birthDate: string) => makeIdNumber('370281', birthDate, 2 * seq++ + 1);

/** the phase-out test's enrolments in township T (paid in the batches of the next test) */
const ids: Record<string, string> = {};

/** answers per database, compared at the end */
const answers: Record<string, unknown[]> = {};

describe('review and payment rules (pure)', () => {
  it('adds calendar months keeping the day, or the month\'s last day', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2027-08-31', 6)).toBe('2028-02-29');
    expect(nextReviewDate(ReviewCycleValue.YEARLY, '2024-02-29')).toBe('2025-02-28');
    expect(nextReviewDate(ReviewCycleValue.HALF_YEARLY, '2026-03-10')).toBe('2026-09-10');
    expect(phaseOutEnd('2026-03-10', 6)).toBe('2026-09-30');
    expect(phaseOutEnd('2026-08-31', 6)).toBe('2027-02-28');
    expect(phaseOutEnd('2026-03-10', 0)).toBe('2026-03-31');
  });

  it('pays a month when the enrolment is in force on its first day and the person was alive on it', () => {
    expect(inForceForMonth('2026-03-01', null, '2026-03')).toBe(true);
    expect(inForceForMonth('2026-03-15', null, '2026-03')).toBe(false);
    expect(inForceForMonth('2026-03-15', null, '2026-04')).toBe(true);
    expect(inForceForMonth('2026-01-01', '2026-03-20', '2026-03')).toBe(true);
    expect(inForceForMonth('2026-01-01', '2026-03-20', '2026-04')).toBe(false);
    expect(inForceForMonth('2026-01-01', '2026-02-28', '2026-03')).toBe(false);
    expect(personPaidForMonth('DECEASED', '2026-03-10', '2026-03')).toBe(true);
    expect(personPaidForMonth('DECEASED', '2026-03-10', '2026-04')).toBe(false);
    expect(personPaidForMonth('MOVED_AWAY', '2026-02-20', '2026-03')).toBe(false);
  });
});

describe.each(testDatabaseKinds())('reviews, phase-out and funds on %s', (kind) => {
  let h: SubgraphHarness;
  let close: () => Promise<void>;
  const out: unknown[] = [];
  answers[kind] = out;

  /** Register a household of the given members (first is HEAD) in township t; the member ids by name. */
  async function household(names: { name: string; birth: string }[], t = T, v = V): Promise<{ id: string; m: Record<string, string> }> {
    const r = await h.request(REGISTER, {
      i: { townshipCode: t, villageCode: v, reason: '申请低保', members: names.map((n, i) => ({ name: n.name, idNumber: idNumber(n.birth), relationToHead: i === 0 ? 'HEAD' : 'OTHER' })) },
    }, caseworker(t));
    expect(r.errors).toBeUndefined();
    return { id: r.data.registerHousehold.id, m: Object.fromEntries(r.data.registerHousehold.members.map((x: any) => [x.name, x.id])) };
  }

  async function enrol(personId: string, programme: string, startDate: string, amount: string, t = T, reviewCycle?: string) {
    const r = await h.request(ENROL, { i: { personId, programme, startDate, amount, ...(reviewCycle ? { reviewCycle } : {}) } }, caseworker(t));
    expect(r.errors).toBeUndefined();
    return r.data.recordEnrolment;
  }

  beforeAll(async () => {
    // crafted enrolments only: the seeded population's enrolments and the demo's payment batches and lines are removed
    // (a batch then pays exactly what the tests enrol)
    ({ h, close } = await startWithCraftedEnrolments(kind, { seed: SEED, size: SIZE, today: TODAY }));
  });
  afterAll(async () => {
    await close?.();
  });

  it('sets the next review date by the rule: a year after the start, 6 months where the income is irregular; none for MARGINAL', async () => {
    const { m } = await household([{ name: '李一', birth: '1970-01-01' }, { name: '李二', birth: '1972-02-02' }, { name: '李三', birth: '1940-03-03' }, { name: '李四', birth: '1975-04-04' }], T2, V2);
    const yearly = await enrol(m['李一'], 'DIBAO', '2026-01-31', '500.00', T2);
    expect(yearly).toMatchObject({ status: 'ACTIVE', nextReviewDate: '2027-01-31', reviewCycle: 'YEARLY', version: 1 });
    const half = await enrol(m['李二'], 'DIBAO', '2026-08-31', '450.00', T2, 'HALF_YEARLY');
    expect(half).toMatchObject({ nextReviewDate: '2027-02-28', reviewCycle: 'HALF_YEARLY' });
    const tekun = await enrol(m['李三'], 'TEKUN', '2025-11-01', '1200.00', T2);
    expect(tekun).toMatchObject({ nextReviewDate: '2026-11-01', reviewCycle: 'YEARLY' });
    const marginal = await enrol(m['李四'], 'MARGINAL', '2026-01-01', '0.00', T2);
    expect(marginal).toMatchObject({ nextReviewDate: null, reviewCycle: null });
    const bad = await h.request(ENROL, { i: { personId: m['李四'], programme: 'TEMPORARY', startDate: '2026-05-01', amount: '100.00', reviewCycle: 'YEARLY' } }, caseworker(T2));
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NOT_REVIEWED' });

    // the township's review list: due by a date, earliest first, paged; MARGINAL never in it
    const due = await h.request(DUE, { t: T2, by: '2027-01-31', first: 2 }, caseworker(T2));
    expect(due.errors).toBeUndefined();
    expect(due.data.enrolmentReviewsDue.totalCount).toBe(2);
    expect(due.data.enrolmentReviewsDue.edges.map((e: any) => [e.node.id, e.node.nextReviewDate])).toEqual([[tekun.id, '2026-11-01'], [yearly.id, '2027-01-31']]);
    // default dueBy: today (2026-11-30): the tekun review is overdue
    const today = await h.request(DUE, { t: T2 }, CA);
    expect(today.data.enrolmentReviewsDue.edges.map((e: any) => e.node.id)).toEqual([tekun.id]);
    const page1 = await h.request(DUE, { t: T2, by: '2027-12-31', first: 2 }, caseworker(T2));
    expect(page1.data.enrolmentReviewsDue.pageInfo.hasNextPage).toBe(true);
    const page2 = await h.request(DUE, { t: T2, by: '2027-12-31', first: 2, after: page1.data.enrolmentReviewsDue.pageInfo.endCursor }, caseworker(T2));
    expect(page2.data.enrolmentReviewsDue.edges.map((e: any) => e.node.id)).toEqual([half.id]);

    // access: another township's caseworker, a village assistant, another department, analysts: FORBIDDEN
    for (const as of [caseworker(T), { role: 'village_assistant', township: T2, village: V2 } as TokenAs, officer('EDUCATION'), { role: 'analyst' } as TokenAs]) {
      const r = await h.request(DUE, { t: T2 }, as);
      expect(r.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(r.data?.enrolmentReviewsDue ?? null).toBeNull();
    }
    // the next review date is class income, as the cycle it reveals (half-yearly: irregular income or members able to work):
    // FORBIDDEN where reviewCycle is (a village assistant, another department), the value for the township's staff, civil affairs, auditors
    const NEXT = `query($id: ID!) { person(id: $id) { enrolments { programme nextReviewDate } } }`;
    for (const as of [{ role: 'village_assistant', township: T2, village: V2 } as TokenAs, officer('EDUCATION')]) {
      const r = await h.request(NEXT, { id: m['李二'] }, as);
      expect({ as, codes: r.errors?.map((e: any) => [e.path?.at(-1), e.extensions?.code]) }).toEqual({ as, codes: [['nextReviewDate', 'FORBIDDEN']] });
    }
    for (const as of [caseworker(T2), { role: 'township_approver', township: T2 } as TokenAs, CA, { role: 'auditor' } as TokenAs])
      expect((await h.request(NEXT, { id: m['李二'] }, as)).data.person.enrolments).toEqual([{ programme: 'DIBAO', nextReviewDate: '2027-02-28' }]);
    const badTownship = await h.request(DUE, { t: '123' }, CA);
    expect(badTownship.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'UNKNOWN_TOWNSHIP' });
    const shape = (d: any) => d.enrolmentReviewsDue.edges.map((e: any) => [e.node.programme, e.node.nextReviewDate]);
    out.push(due.data.enrolmentReviewsDue.totalCount, shape(due.data), shape(today.data));

    // reviews: CONTINUE on a half-yearly cycle, ADJUST within the limit, stale version, idempotent retry, TERMINATE, then no transition
    const cont = await h.request(REVIEW, { i: { enrolmentId: tekun.id, expectedVersion: 1, reviewedOn: '2026-11-02', outcome: 'CONTINUE', reviewCycle: 'HALF_YEARLY', idempotencyKey: 'review-tekun-1' } }, caseworker(T2));
    expect(cont.errors).toBeUndefined();
    expect(cont.data.recordEnrolmentReview).toMatchObject({
      outcome: 'CONTINUE', amountBefore: '1200.00', amountAfter: '1200.00', reviewCycle: 'HALF_YEARLY', nextReviewDate: '2027-05-02', enrolmentVersion: 2,
      enrolment: { status: 'ACTIVE', nextReviewDate: '2027-05-02', reviewCycle: 'HALF_YEARLY', version: 2 },
    });
    const retry = await h.request(REVIEW, { i: { enrolmentId: tekun.id, expectedVersion: 1, reviewedOn: '2026-11-02', outcome: 'CONTINUE', reviewCycle: 'HALF_YEARLY', idempotencyKey: 'review-tekun-1' } }, caseworker(T2));
    expect(retry.data.recordEnrolmentReview.id).toBe(cont.data.recordEnrolmentReview.id);
    expect(await h.db.getRepository(EnrolmentReview).countBy({ enrolmentId: tekun.id })).toBe(1);
    const stale = await h.request(REVIEW, { i: { enrolmentId: tekun.id, expectedVersion: 1, reviewedOn: '2026-11-03', outcome: 'CONTINUE' } }, caseworker(T2));
    expect(stale.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'STALE_VERSION', expectedVersion: 1, currentVersion: 2 });
    const tooMuch = await h.request(REVIEW, { i: { enrolmentId: yearly.id, expectedVersion: 1, reviewedOn: '2026-11-10', outcome: 'ADJUST', amount: '1150.01' } }, caseworker(T2));
    expect(tooMuch.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'AMOUNT_ABOVE_LIMIT' });
    const noAmount = await h.request(REVIEW, { i: { enrolmentId: yearly.id, expectedVersion: 1, reviewedOn: '2026-11-10', outcome: 'ADJUST' } }, caseworker(T2));
    expect(noAmount.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'REQUIRED' });
    const adjust = await h.request(REVIEW, { i: { enrolmentId: yearly.id, expectedVersion: 1, reviewedOn: '2026-11-10', outcome: 'ADJUST', amount: '620.50' } }, CA);
    expect(adjust.data.recordEnrolmentReview).toMatchObject({ amountBefore: '500.00', amountAfter: '620.50', nextReviewDate: '2027-11-10', enrolment: { amount: '620.50', version: 2 } });
    const marginalReview = await h.request(REVIEW, { i: { enrolmentId: marginal.id, expectedVersion: 1, reviewedOn: '2026-11-10', outcome: 'CONTINUE' } }, caseworker(T2));
    expect(marginalReview.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'NOT_REVIEWED' });
    // who may review: FORBIDDEN for other roles (before any lookup); another township's caseworker NOT_FOUND, the answer
    // to an id no enrolment has (it does not tell that the id exists); nothing written
    for (const as of [{ role: 'analyst' } as TokenAs, { role: 'auditor' } as TokenAs, officer('EDUCATION'), { role: 'village_assistant', township: T2, village: V2 } as TokenAs, { role: 'township_approver', township: T2 } as TokenAs]) {
      const r = await h.request(REVIEW, { i: { enrolmentId: half.id, expectedVersion: 1, reviewedOn: '2026-11-10', outcome: 'TERMINATE' } }, as);
      expect(r.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    const outside = await h.request(REVIEW, { i: { enrolmentId: half.id, expectedVersion: 1, reviewedOn: '2026-11-10', outcome: 'TERMINATE' } }, caseworker(T));
    const unknownEnrolment = await h.request(REVIEW, { i: { enrolmentId: '0e0e0e0e-0000-4000-8000-00000000dead', expectedVersion: 1, reviewedOn: '2026-11-10', outcome: 'TERMINATE' } }, caseworker(T));
    expect(outside.errors?.[0]).toMatchObject({ message: unknownEnrolment.errors?.[0].message, extensions: { code: 'NOT_FOUND' } });
    expect(await h.db.getRepository(EnrolmentReview).countBy({ enrolmentId: half.id })).toBe(0);
    const terminate = await h.request(REVIEW, { i: { enrolmentId: half.id, expectedVersion: 1, reviewedOn: '2026-11-10', outcome: 'TERMINATE' } }, caseworker(T2));
    expect(terminate.data.recordEnrolmentReview).toMatchObject({ endDate: '2026-11-10', nextReviewDate: null, enrolment: { status: 'ENDED', endDate: '2026-11-10', nextReviewDate: null, version: 2 } });
    const again = await h.request(REVIEW, { i: { enrolmentId: half.id, expectedVersion: 2, reviewedOn: '2026-11-20', outcome: 'CONTINUE' } }, caseworker(T2));
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'ILLEGAL_TRANSITION', from: 'ENDED', to: 'ACTIVE' });
    // the history, audited
    const hist = await h.request(ENROLMENT, { id: m['李三'] }, caseworker(T2));
    expect(hist.data.person.enrolments[0].reviews).toEqual([{ outcome: 'CONTINUE', reviewedOn: '2026-11-02', nextReviewDate: '2027-05-02' }]);
    const writes = await auditedWritesOf(h, 'Enrolment', tekun.id);
    expect(writes.at(-1)!.changes).toMatchObject({ nextReviewDate: ['2026-11-01', '2027-05-02'], reviewCycle: ['YEARLY', 'HALF_YEARLY'], version: [1, 2] });
    // other departments' officers may not see the review history (class income)
    const otherDept = await h.request(ENROLMENT, { id: m['李三'] }, officer('EDUCATION'));
    expect(otherDept.errors?.some((e) => e.extensions?.code === 'FORBIDDEN')).toBe(true);
    out.push(cont.data.recordEnrolmentReview.nextReviewDate, adjust.data.recordEnrolmentReview.amountAfter, terminate.data.recordEnrolmentReview.enrolment.status);
  });

  it('a review that finds the income above the standard starts a phase-out; the enrolment is paid to its end and then ends', async () => {
    const { id: hh, m } = await household([{ name: '王渐退', birth: '1980-05-05' }, { name: '王妻', birth: '1982-06-06' }]);
    const e = await enrol(m['王渐退'], 'DIBAO', '2026-01-01', '600.00');
    // wages of 36000.00 over the 12 months to March: 3000.00 a month, 1500.00 per capita, above the 1150.00 standard
    const item = await h.request(`mutation($i: RecordVerificationItemInput!) { recordVerificationItem(input: $i) { id } }`, {
      i: { personId: m['王渐退'], source: 'WAGES', origin: 'PARTNER_SOURCE', amount: '36000.00', periodFrom: '2025-04', periodTo: '2026-03', obtainedOn: '2026-03-01' },
    }, caseworker());
    expect(item.errors).toBeUndefined();
    const run = await h.request(`mutation($i: VerifyHouseholdInput!) { verifyHousehold(input: $i) { id outcome perCapitaIncome } }`, { i: { householdId: hh, on: '2026-03-05', idempotencyKey: 'verify-phase-out-1' } }, caseworker());
    expect(run.data.verifyHousehold).toMatchObject({ outcome: 'MARGINAL', perCapitaIncome: '1500.00' }); // not dibao: at or above the standard (below 1.5 x it)
    const runId = run.data.verifyHousehold.id;
    const noRun = await h.request(REVIEW, { i: { enrolmentId: e.id, expectedVersion: 1, reviewedOn: '2026-03-10', outcome: 'PHASE_OUT' } }, caseworker());
    expect(noRun.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'REQUIRED', field: 'input.verificationRunId' });

    process.env.AIDGRAPH_TODAY = '2026-04-15';
    const r = await h.request(REVIEW, { i: { enrolmentId: e.id, expectedVersion: 1, reviewedOn: '2026-03-10', outcome: 'PHASE_OUT', verificationRunId: runId, idempotencyKey: 'phase-out-1' } }, caseworker());
    expect(r.errors).toBeUndefined();
    expect(r.data.recordEnrolmentReview).toMatchObject({
      outcome: 'PHASE_OUT', phaseOutEndsOn: '2026-09-30', endDate: '2026-09-30', nextReviewDate: null,
      enrolment: { status: 'PHASING_OUT', endDate: '2026-09-30', nextReviewDate: null, version: 2 },
    });
    // during the phase-out it is still a recipient, and another DIBAO enrolment is refused
    const second = await h.request(ENROL, { i: { personId: m['王渐退'], programme: 'DIBAO', startDate: '2026-05-01', amount: '100.00' } }, caseworker());
    expect(second.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_ENROLLED' });
    const dibaoPeople = async () => (await h.request(`query($t: String!) { people(first: 100, filter: { townshipCode: $t, programme: DIBAO }) { edges { node { id assistanceCategory } } } }`, { t: T })).data.people.edges.map((x: any) => x.node);
    expect(await dibaoPeople()).toContainEqual({ id: m['王渐退'], assistanceCategory: 'DIBAO' });
    // after its end (the clock moved on), it is ENDED, and the person is no longer a dibao recipient
    process.env.AIDGRAPH_TODAY = TODAY;
    expect((await dibaoPeople()).map((x: any) => x.id)).not.toContain(m['王渐退']);
    const after = await h.request(ENROLMENT, { id: m['王渐退'] }, caseworker());
    expect(after.data.person.enrolments[0]).toMatchObject({ status: 'ENDED', endDate: '2026-09-30' });
    // paid for September, not for October
    const sep = await h.request(BATCH, { i: { programme: 'DIBAO', month: '2026-09', idempotencyKey: 'batch-2026-09' } }, CA);
    const oct = await h.request(BATCH, { i: { programme: 'DIBAO', month: '2026-10', idempotencyKey: 'batch-2026-10' } }, CA);
    const paid = async (batchId: string) => (await h.db.getRepository(PaymentLine).findBy({ batchId })).map((l) => l.enrolmentId);
    expect(await paid(sep.data.generatePaymentBatch.id)).toContain(e.id);
    expect(await paid(oct.data.generatePaymentBatch.id)).not.toContain(e.id);
    // the batch settled the phase-out: stored ENDED, audited
    expect((await h.db.getRepository(Enrolment).findOneBy({ id: e.id }))!.status).toBe('ENDED');
    expect((await auditedWritesOf(h, 'Enrolment', e.id)).at(-1)!.changes).toMatchObject({ status: ['PHASING_OUT', 'ENDED'] });
    // a run that shows the income below the standard is no ground for a phase-out
    const { id: hh2, m: m2 } = await household([{ name: '赵低收', birth: '1979-07-07' }]);
    const e2 = await enrol(m2['赵低收'], 'DIBAO', '2026-01-01', '800.00');
    const low = await h.request(`mutation($i: VerifyHouseholdInput!) { verifyHousehold(input: $i) { id outcome } }`, { i: { householdId: hh2, on: '2026-03-05' } }, caseworker());
    const refused = await h.request(REVIEW, { i: { enrolmentId: e2.id, expectedVersion: 1, reviewedOn: '2026-03-10', outcome: 'PHASE_OUT', verificationRunId: low.data.verifyHousehold.id } }, caseworker());
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'INCOME_NOT_ABOVE_STANDARD' });
    const wrongHousehold = await h.request(REVIEW, { i: { enrolmentId: e2.id, expectedVersion: 1, reviewedOn: '2026-03-10', outcome: 'PHASE_OUT', verificationRunId: runId } }, caseworker());
    expect(wrongHousehold.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'NOT_THE_PERSONS_HOUSEHOLD' });
    Object.assign(ids, { phased: e.id, low: e2.id });
    out.push(r.data.recordEnrolmentReview.phaseOutEndsOn);
  });

  it('a month\'s payment batch pays the right recipients and amounts, once; re-running changes nothing; mid-month starts, ends and deaths follow the rule', async () => {
    const names = ['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛', '壬'].map((n, i) => ({ name: `孙${n}`, birth: `19${50 + i}-01-15` }));
    const { m } = await household(names);
    const A = await enrol(m['孙甲'], 'DIBAO', '2026-01-01', '500.00'); // paid in March and April
    const B = await enrol(m['孙乙'], 'DIBAO', '2026-03-15', '400.00'); // starts mid-March: first paid in April
    const C = await enrol(m['孙丙'], 'DIBAO', '2026-03-01', '300.00'); // starts on the 1st: paid in March
    const D = await enrol(m['孙丁'], 'DIBAO', '2026-01-01', '350.00'); // ends 03-20: paid in March, not April
    const E = await enrol(m['孙戊'], 'DIBAO', '2026-01-01', '320.00'); // ended 02-28: not paid in March
    const F = await enrol(m['孙己'], 'DIBAO', '2026-01-01', '310.00'); // died 03-10: paid in March, not April
    const G = await enrol(m['孙庚'], 'DIBAO', '2026-01-01', '305.00'); // moved away 02-20: not paid in March
    const H = await enrol(m['孙辛'], 'TEKUN', '2026-01-01', '1200.00'); // TEKUN: another batch
    await enrol(m['孙壬'], 'MARGINAL', '2026-01-01', '0.00'); // pays nothing
    for (const [id, endDate] of [[D.id, '2026-03-20'], [E.id, '2026-02-28']]) expect((await h.request(END, { i: { enrolmentId: id, endDate } }, caseworker())).errors).toBeUndefined();
    for (const [personId, status, date] of [[m['孙己'], 'DECEASED', '2026-03-10'], [m['孙庚'], 'MOVED_AWAY', '2026-02-20']])
      expect((await h.request(STATUS, { i: { personId, status, date, source: 'FAMILY' } }, caseworker())).errors).toBeUndefined();

    // only civil-affairs officers generate batches
    for (const as of [caseworker(), { role: 'analyst' } as TokenAs, { role: 'auditor' } as TokenAs, officer('EDUCATION')]) {
      const r = await h.request(BATCH, { i: { programme: 'DIBAO', month: '2026-03' } }, as);
      expect(r.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    const notMonthly = await h.request(BATCH, { i: { programme: 'TEMPORARY', month: '2026-03' } }, CA);
    expect(notMonthly.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NOT_MONTHLY' });
    const future = await h.request(BATCH, { i: { programme: 'DIBAO', month: '2026-12' } }, CA);
    expect(future.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'DATE_OUT_OF_RANGE' });
    // before the first dibao standard, 1999 as well: BEFORE_PROGRAMME naming the standard's month, as the schema says
    for (const month of ['1999-12', '2019-01', '1900-01']) {
      const early = await h.request(BATCH, { i: { programme: 'DIBAO', month } }, CA);
      expect({ month, e: early.errors?.[0].extensions }).toMatchObject({ month, e: { code: 'BAD_USER_INPUT', field: 'input.month', reason: 'BEFORE_PROGRAMME' } });
      expect(early.errors?.[0].message).toMatch(/the month of the first dibao standard/);
      expect(early.errors?.[0].message).not.toMatch(/2000-01-01/);
    }
    const badMonth = await h.request(BATCH, { i: { programme: 'DIBAO', month: '2026-3' } }, CA);
    expect(badMonth.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'BAD_MONTH' });
    expect(await h.db.getRepository(PaymentBatch).countBy({ month: '2026-03' })).toBe(0);

    // concurrency: calls for March at once (different keys, and no key) make one batch, which every call answers
    const calls = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => h.request(BATCH, { i: { programme: 'DIBAO', month: '2026-03', ...(i < 5 ? { idempotencyKey: `march-call-${i}` } : {}) } }, CA)));
    for (const c of calls) expect(c.errors).toBeUndefined();
    const [m1] = calls;
    expect(new Set(calls.map((c) => c.data.generatePaymentBatch.id)).size).toBe(1);
    expect(await h.db.getRepository(PaymentBatch).countBy({ programme: 'DIBAO' as never, month: '2026-03' })).toBe(1);
    const march = m1.data.generatePaymentBatch;
    // in T: the phase-out test's 王渐退 (600.00, phasing out in March) and 赵低收 (800.00) are paid too
    const lines = await h.db.getRepository(PaymentLine).find({ where: { batchId: march.id }, order: { amount: 'ASC' } });
    const crafted = lines.filter((l) => l.townshipCode === T);
    expect(new Map(crafted.map((l) => [l.enrolmentId, l.amount]))).toEqual(
      new Map([[C.id, '300.00'], [F.id, '310.00'], [D.id, '350.00'], [A.id, '500.00'], [ids.phased, '600.00'], [ids.low, '800.00']]),
    );
    // T2 (the first test): 李一's DIBAO, at the amount on record when the batch is generated (adjusted to 620.50)
    expect(lines.filter((l) => l.townshipCode === T2).map((l) => l.amount)).toEqual(['620.50']);
    for (const x of [E, G, H]) expect(lines.map((l) => l.enrolmentId)).not.toContain(x.id);
    // the batch's totals: every line of the month
    const all = lines.reduce((s, l) => s + Math.round(Number(l.amount) * 100), 0);
    expect(march.lineCount).toBe(lines.length);
    expect(march.totalAmount).toBe((all / 100).toFixed(2));

    // re-running March changes nothing: the same batch, the same lines, no new audit entry
    const seqBefore = Number((await h.db.query('SELECT MAX(seq) AS s FROM audit_log'))[0].s);
    const rerun = await h.request(BATCH, { i: { programme: 'DIBAO', month: '2026-03', idempotencyKey: 'march-call-rerun' } }, CA);
    expect(rerun.data.generatePaymentBatch).toEqual(march);
    expect(await h.db.getRepository(PaymentLine).countBy({ batchId: march.id })).toBe(lines.length);
    const writesAfter: { n: number | string }[] = await h.db.query(`SELECT COUNT(*) AS n FROM audit_log WHERE kind = 'write' AND seq > ${seqBefore}`);
    expect(Number(writesAfter[0].n)).toBe(0);

    // April: B (started mid-March) is paid from April; D (ended 03-20) and F (died 03-10) are not
    const aprilR = await h.request(BATCH, { i: { programme: 'DIBAO', month: '2026-04', idempotencyKey: 'april-batch-1' } }, CA);
    expect(aprilR.errors).toBeUndefined();
    const april = aprilR.data.generatePaymentBatch;
    const aprilT = (await h.db.getRepository(PaymentLine).findBy({ batchId: april.id, townshipCode: T })).map((l) => [l.enrolmentId, l.amount] as const);
    expect(new Map(aprilT)).toEqual(new Map([[A.id, '500.00'], [B.id, '400.00'], [C.id, '300.00'], [ids.phased, '600.00'], [ids.low, '800.00']]));
    // a person is paid at most once per month and programme: the database refuses a second line
    await expect(h.db.getRepository(PaymentLine).insert({ id: '00000000-0000-4000-8000-000000000001', batchId: april.id, programme: 'DIBAO' as never, month: '2026-04', personId: m['孙甲'], enrolmentId: A.id, townshipCode: T, amount: '1.00' })).rejects.toThrow();
    // TEKUN's batch pays H alone in T
    const tekun = (await h.request(BATCH, { i: { programme: 'TEKUN', month: '2026-03' } }, CA)).data.generatePaymentBatch;
    expect((await h.db.getRepository(PaymentLine).findBy({ batchId: tekun.id, townshipCode: T })).map((l) => [l.enrolmentId, l.amount])).toEqual([[H.id, '1200.00']]);

    // reading a batch: a caseworker gets its township's lines only; another township FORBIDDEN; analysts FORBIDDEN
    const mine = await h.request(LINES, { id: march.id }, caseworker());
    expect(mine.errors).toBeUndefined();
    expect(mine.data.paymentBatch.lines.totalCount).toBe(crafted.length);
    expect(mine.data.paymentBatch.lines.edges.every((e: any) => e.node.township.code === T)).toBe(true);
    const theirs = await h.request(LINES, { id: march.id, t: T2 }, caseworker());
    expect(theirs.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const officerAll = await h.request(LINES, { id: march.id }, CA);
    expect(officerAll.data.paymentBatch.lines.totalCount).toBe(lines.length);
    // the batch's totals: a township's caseworker or approver gets its township's subtotal (from its lines), never the city's;
    // civil-affairs officers and auditors the city's
    const fen = (ls: PaymentLine[]) => ls.reduce((s, l) => s + Math.round(Number(l.amount) * 100), 0);
    const TOTALS = `query($id: ID!) { paymentBatch(id: $id) { lineCount totalAmount totalsTownship { code } } }`;
    const ofT = { lineCount: crafted.length, totalAmount: (fen(crafted) / 100).toFixed(2), totalsTownship: { code: T } };
    expect(ofT).toEqual({ lineCount: 6, totalAmount: '2860.00', totalsTownship: { code: T } });
    for (const as of [caseworker(), { role: 'township_approver', township: T } as TokenAs]) expect((await h.request(TOTALS, { id: march.id }, as)).data.paymentBatch).toEqual(ofT);
    expect((await h.request(TOTALS, { id: march.id }, caseworker(T2))).data.paymentBatch).toEqual({ lineCount: 1, totalAmount: '620.50', totalsTownship: { code: T2 } });
    for (const as of [CA, { role: 'auditor' } as TokenAs])
      expect((await h.request(TOTALS, { id: march.id }, as)).data.paymentBatch).toEqual({ lineCount: lines.length, totalAmount: march.totalAmount, totalsTownship: null });
    const listed = await h.request(`{ paymentBatches(first: 10, programme: DIBAO, year: 2026) { edges { node { month lineCount totalAmount } } } }`, {}, caseworker());
    expect(listed.data.paymentBatches.edges.find((e: any) => e.node.month === '2026-03').node).toEqual({ month: '2026-03', lineCount: 6, totalAmount: '2860.00' });
    for (const as of [{ role: 'analyst' } as TokenAs, officer('EDUCATION'), { role: 'village_assistant', township: T, village: V } as TokenAs]) {
      const r = await h.request(`{ paymentBatches(first: 5) { totalCount } }`, {}, as);
      expect(r.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    const list = await h.request(`{ paymentBatches(first: 10, programme: DIBAO, year: 2026) { totalCount edges { node { month lineCount } } } }`, {}, caseworker());
    expect(list.data.paymentBatches.edges.map((e: any) => e.node.month)).toEqual(['2026-10', '2026-09', '2026-04', '2026-03']);
    out.push(crafted.map((l) => l.amount), aprilT.map((x) => x[1]).sort(), march.lineCount, march.totalAmount);
  });

  it('budgets per programme, year and township on versions, and spending against them', async () => {
    const first = await h.request(BUDGET, { i: { programme: 'DIBAO', year: 2026, townshipCode: T, amount: '10000.00', idempotencyKey: 'budget-dibao-2026-t' } }, CA);
    expect(first.data.setFundBudget).toMatchObject({ programme: 'DIBAO', year: 2026, amount: '10000.00', version: 1, township: { code: T } });
    const exists = await h.request(BUDGET, { i: { programme: 'DIBAO', year: 2026, townshipCode: T, amount: '11000.00' } }, CA);
    expect(exists.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'BUDGET_EXISTS' });
    const changed = await h.request(BUDGET, { i: { programme: 'DIBAO', year: 2026, townshipCode: T, amount: '12000.00', expectedVersion: 1 } }, CA);
    expect(changed.data.setFundBudget).toMatchObject({ amount: '12000.00', version: 2 });
    const stale = await h.request(BUDGET, { i: { programme: 'DIBAO', year: 2026, townshipCode: T, amount: '13000.00', expectedVersion: 1 } }, CA);
    expect(stale.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'STALE_VERSION', currentVersion: 2 });
    for (const as of [caseworker(), { role: 'analyst' } as TokenAs, officer('EDUCATION')]) {
      const r = await h.request(BUDGET, { i: { programme: 'DIBAO', year: 2026, townshipCode: T, amount: '1.00' } }, as);
      expect(r.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    // spending in T: the lines of T in March, April, September, October (DIBAO)
    const lineSum = async (month: string) => (await h.db.getRepository(PaymentLine).findBy({ programme: 'DIBAO' as never, month, townshipCode: T })).reduce((s, l) => s + Math.round(Number(l.amount) * 100), 0);
    const perMonth = { '2026-03': await lineSum('2026-03'), '2026-04': await lineSum('2026-04'), '2026-09': await lineSum('2026-09'), '2026-10': await lineSum('2026-10') };
    expect(perMonth).toEqual({ '2026-03': 286000, '2026-04': 260000, '2026-09': 60000, '2026-10': 0 });
    const paid = Object.values(perMonth).reduce((a, b) => a + b, 0);
    const s = await h.request(SPENDING, { y: 2026, p: 'DIBAO' }, caseworker());
    expect(s.errors).toBeUndefined();
    const row = s.data.fundSpending[0];
    expect(row).toMatchObject({ programme: 'DIBAO', year: 2026, budget: '12000.00', paid: '6060.00', remaining: '5940.00', township: { code: T } });
    expect(paid).toBe(606000);
    expect(row.months.find((x: any) => x.month === '2026-03')).toEqual({ month: '2026-03', paid: '2860.00', recipients: 6 });
    expect(row.months.find((x: any) => x.month === '2026-04')).toEqual({ month: '2026-04', paid: '2600.00', recipients: 5 });
    expect(row.months.find((x: any) => x.month === '2026-05')).toEqual({ month: '2026-05', paid: '0.00', recipients: 0 });
    const theirs = await h.request(SPENDING, { y: 2026, t: T2 }, caseworker());
    expect(theirs.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const analyst = await h.request(SPENDING, { y: 2026 }, { role: 'analyst' });
    expect(analyst.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const budgets = await h.request(`query { fundBudgets(year: 2026) { programme amount version township { code } } }`, {}, CA);
    expect(budgets.data.fundBudgets).toEqual([{ programme: 'DIBAO', amount: '12000.00', version: 2, township: { code: T } }]);
    // township roles: their township's budgets and spending only (T2's caseworker sees neither T's budget nor T's payments)
    const setT2 = await h.request(BUDGET, { i: { programme: 'TEMPORARY', year: 2026, townshipCode: T2, amount: '500.00' } }, CA);
    expect(setT2.errors).toBeUndefined();
    expect((await h.request(`query { fundBudgets(year: 2026) { programme township { code } } }`, {}, caseworker())).data.fundBudgets).toEqual([{ programme: 'DIBAO', township: { code: T } }]);
    expect((await h.request(`query { fundBudgets(year: 2026) { programme township { code } } }`, {}, caseworker(T2))).data.fundBudgets).toEqual([{ programme: 'TEMPORARY', township: { code: T2 } }]);
    expect((await h.request(`query($t: String) { fundBudgets(year: 2026, townshipCode: $t) { programme } }`, { t: T2 }, caseworker())).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const t2Spending = (await h.request(SPENDING, { y: 2026, p: 'DIBAO' }, caseworker(T2))).data.fundSpending[0];
    expect(t2Spending).toMatchObject({ budget: '0.00', township: { code: T2 } });
    expect(t2Spending.months.find((x: any) => x.month === '2026-03')).toEqual({ month: '2026-03', paid: '620.50', recipients: 1 });
    const city = await h.request(SPENDING, { y: 2026, p: 'TEKUN' }, CA);
    expect(city.data.fundSpending[0]).toMatchObject({ budget: '0.00', township: null });
    out.push(row.paid, row.remaining, row.months.map((x: any) => x.paid));
  });

  it('under concurrency: of 20 reviews on one version exactly one applies (STALE_VERSION), of 20 new budgets for one key exactly one is made (BUDGET_EXISTS)', async () => {
    const { m } = await household([{ name: '周并发', birth: '1966-06-06' }], T2, V2);
    const e = await enrol(m['周并发'], 'DIBAO', '2026-02-01', '450.00', T2);
    await runConcurrently(h, {
      mutation: `mutation($i: RecordEnrolmentReviewInput!) { recordEnrolmentReview(input: $i) { id } }`, field: 'recordEnrolmentReview', n: 20, as: caseworker(T2),
      variables: (i) => ({ i: { enrolmentId: e.id, expectedVersion: 1, reviewedOn: `2026-11-${String(1 + i).padStart(2, '0')}`, outcome: i % 2 ? 'CONTINUE' : 'TERMINATE' } }),
      expect: { succeed: 1, conflictReasons: ['STALE_VERSION'], records: { count: () => h.db.getRepository(EnrolmentReview).countBy({ enrolmentId: e.id }), equals: 1 } },
    });
    expect((await h.db.getRepository(Enrolment).findOneBy({ id: e.id }))!.version).toBe(2);
    await runConcurrently(h, {
      mutation: `mutation($i: SetFundBudgetInput!) { setFundBudget(input: $i) { id } }`, field: 'setFundBudget', n: 20, as: CA,
      variables: (i) => ({ i: { programme: 'TEKUN', year: 2026, townshipCode: T2, amount: `${1000 + i}.00` } }),
      expect: { succeed: 1, conflictReasons: ['BUDGET_EXISTS'], records: { count: () => h.db.getRepository(FundBudget).countBy({ programme: 'TEKUN' as never, year: 2026, townshipCode: T2 }), equals: 1 } },
    });
  });
});

afterAll(() => {
  const kinds = Object.keys(answers);
  for (const k of kinds.slice(1)) expect(answers[k]).toEqual(answers[kinds[0]]);
});
