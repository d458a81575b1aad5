import { serviceCentre } from '../src/subgraph';
import { setTodayForTests as setToday } from '../src/modules/time-limit/today';
import type { RegistryVerificationRun } from '@aidgraph/subgraph-kit';
import { generatePopulation } from '@aidgraph/population';
import { startSubgraphHarness, testDatabaseKinds, type SubgraphHarness } from '@aidgraph/subgraph-kit/testing';

/**
 * The VERIFICATION step (issue 9): leaving VERIFICATION for PRELIMINARY_REVIEW needs a stored civil-affairs verification
 * run of the applicant's household, checked with civil affairs (here a registry that answers runs) before anything is
 * written; the run's id is kept and AssistanceApplication.verification names it (resolved by civil affairs through the
 * graph); an objection clears it. Refusals change nothing.
 */
const SEED = 'service-centre-verification-step';
const SIZE = 300;
const households = generatePopulation({ seed: SEED, size: SIZE }).households.filter((h) => h.members.some((p) => p.status === 'ACTIVE' && p.age >= 18) && h.members.length >= 2);
const D0 = '2026-03-02';
const APP = 'id step version verifiedOn verificationNote verification { id }';
const m = (name: string, input: string) => `mutation($i: ${input}!) { ${name}(input: $i) { ${APP} } }`;
const SUBMIT = m('submitApplication', 'SubmitApplicationInput');
const ACCEPT = m('acceptApplication', 'AcceptApplicationInput');
const VISIT = m('recordHouseholdVisit', 'RecordHouseholdVisitInput');
const INVESTIGATED = m('completeInvestigation', 'ApplicationChangeInput');
const VERIFIED = m('recordVerification', 'RecordVerificationInput');
const PRELIMINARY = m('preliminaryDecision', 'PreliminaryDecisionInput');
const OBJECTION = m('recordObjection', 'RecordObjectionInput');

describe.each(testDatabaseKinds())('the VERIFICATION step names a civil-affairs run on %s', (kind) => {
  let h: SubgraphHarness;
  const runs = new Map<string, RegistryVerificationRun>();
  let asked: string[][] = [];
  beforeAll(async () => {
    h = await startSubgraphHarness(serviceCentre, kind, { seedSize: SIZE, seed: SEED });
    const base = h.registry;
    h.setRegistry({
      persons: (ids) => base.persons(ids),
      households: base.households?.bind(base),
      verificationRuns: async (ids) => (asked.push(ids), new Map(ids.filter((id) => runs.has(id)).map((id) => [id, runs.get(id)!]))),
    });
  });
  afterAll(() => {
    setToday(null);
    return h?.close();
  });
  beforeEach(() => setToday(D0));

  it('requires the run of the applicant\'s household, for a date not before the submission; keeps its id; an objection clears it', async () => {
    const seeded = new Set((await h.db.query('SELECT "householdId" FROM assistance_application')).map((r: { householdId: string }) => r.householdId));
    const hh = households.find((x) => !seeded.has(x.id))!;
    const other = households.find((x) => x.id !== hh.id)!;
    const p = hh.members.find((x) => x.status === 'ACTIVE' && x.age >= 18)!;
    const caseworker = { role: 'caseworker' as const, township: hh.townshipCode };
    const ok = async (doc: string, field: string, i: Record<string, unknown>) => {
      const r = await h.request(doc, { i }, caseworker);
      expect(r.errors).toBeUndefined();
      return r.data[field];
    };
    const a = await ok(SUBMIT, 'submitApplication', { applicantId: p.id, householdId: hh.id, townshipCode: hh.townshipCode, villageCode: hh.villageCode, channel: 'WINDOW', commitment: { signedBy: 'APPLICANT' }, programmes: ['DIBAO'] });
    await ok(ACCEPT, 'acceptApplication', { id: a.id, expectedVersion: 1, accepted: true });
    await ok(VISIT, 'recordHouseholdVisit', { id: a.id, expectedVersion: 2, visitedOn: D0, staff: ['王芳'], findings: '入户调查' });
    await ok(INVESTIGATED, 'completeInvestigation', { id: a.id, expectedVersion: 3 });

    const mine = '0b9a3c2e-1d4f-4e6a-9b8c-7d6e5f4a3b21';
    const others = '1c8b4d3f-2e5a-4f7b-8c9d-6e5f4a3b2c10';
    const older = '2d7c5e4a-3f6b-4a8c-9d0e-5f4a3b2c1d09';
    const members = hh.members.map((x) => x.id);
    runs.set(mine, { id: mine, on: D0, householdId: hh.id, memberIds: members });
    runs.set(others, { id: others, on: D0, householdId: other.id, memberIds: other.members.map((x) => x.id) });
    runs.set(older, { id: older, on: '2026-02-27', householdId: hh.id, memberIds: members });

    const before = JSON.stringify((await h.request(`query($id: ID!) { application(id: $id) { ${APP} transitions { version } } }`, { id: a.id }, caseworker)).data);
    const refused = async (i: Record<string, unknown>) => {
      const r = await h.request(VERIFIED, { i: { id: a.id, expectedVersion: 4, ...i } }, caseworker);
      expect(r.data?.recordVerification ?? null).toBeNull();
      return r.errors?.[0]?.extensions;
    };
    asked = [];
    expect(await refused({})).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.verificationRunId', reason: 'REQUIRED' });
    expect(await refused({ verificationRunId: 'run-1' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.verificationRunId', reason: 'BAD_ID' });
    expect(asked).toEqual([]); // the form is checked before civil affairs is asked
    expect(await refused({ verificationRunId: '3e6d5f4a-4a7c-4b9d-8e1f-4a3b2c1d0e98' })).toMatchObject({ code: 'NOT_FOUND', reason: 'VERIFICATION_RUN_NOT_FOUND', field: 'input.verificationRunId' });
    expect(await refused({ verificationRunId: others })).toMatchObject({ code: 'CONFLICT', reason: 'NOT_THE_APPLICANTS_HOUSEHOLD' });
    expect(await refused({ verificationRunId: older })).toMatchObject({ code: 'CONFLICT', reason: 'VERIFICATION_BEFORE_SUBMISSION' });
    expect(await refused({ verificationRunId: mine.toUpperCase(), expectedVersion: 3 })).toMatchObject({ code: 'CONFLICT', reason: 'STALE_VERSION' });
    expect(JSON.stringify((await h.request(`query($id: ID!) { application(id: $id) { ${APP} transitions { version } } }`, { id: a.id }, caseworker)).data)).toBe(before);

    const verified = await ok(VERIFIED, 'recordVerification', { id: a.id, expectedVersion: 4, verificationRunId: mine.toUpperCase(), verificationNote: '核对：低保' });
    expect(verified).toMatchObject({ step: 'PRELIMINARY_REVIEW', version: 5, verifiedOn: D0, verificationNote: '核对：低保', verification: { id: mine } });
    const stored = await h.db.query(`SELECT "verificationRunId" FROM assistance_application WHERE id = '${a.id}'`);
    expect(stored[0].verificationRunId).toBe(mine);
    // a run is named once more only in VERIFICATION: from PRELIMINARY_REVIEW it is an illegal transition
    expect((await h.request(VERIFIED, { i: { id: a.id, expectedVersion: 5, verificationRunId: mine } }, caseworker)).errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'ILLEGAL_TRANSITION' });

    // the notice amount against the run civil affairs shows and the policy limits in force (standard 1150.00 on D0)
    const proposeRefused = async (amount: string) => {
      const r = await h.request(PRELIMINARY, { i: { id: a.id, expectedVersion: 5, proposal: 'APPROVE', noticeAmounts: [{ programme: 'DIBAO', amount }] } }, caseworker);
      expect(r.data?.preliminaryDecision ?? null).toBeNull();
      return r.errors?.[0];
    };
    const run = runs.get(mine)!;
    Object.assign(run, { outcome: 'NOT_ELIGIBLE', countedMembers: 2, area: 'URBAN', singlePersonCoverage: [], tekun: [] });
    expect((await proposeRefused('999999.99'))?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.noticeAmounts[0].programme', reason: 'NOT_ELIGIBLE_BY_VERIFICATION' });
    expect((await proposeRefused('500.00'))?.extensions).toMatchObject({ reason: 'NOT_ELIGIBLE_BY_VERIFICATION' });
    Object.assign(run, { outcome: 'MARGINAL', singlePersonCoverage: [] }); // marginal, no one for single-person coverage
    expect((await proposeRefused('500.00'))?.extensions).toMatchObject({ reason: 'NOT_ELIGIBLE_BY_VERIFICATION' });
    Object.assign(run, { singlePersonCoverage: [p.id] }); // one member covered alone: at most 1150.00 x 1
    const single = await proposeRefused('1150.01');
    expect(single?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.noticeAmounts[0].amount', reason: 'AMOUNT_ABOVE_LIMIT' });
    expect(single?.message).toContain('above the limit of 1150.00 yuan (the urban dibao standard in force on 2026-03-02 (from 2025-07-01) x 1 person(s))');
    Object.assign(run, { outcome: 'DIBAO', singlePersonCoverage: [] }); // dibao, 2 counted: at most 1150.00 x 2 = 2300.00
    expect((await proposeRefused('2300.01'))?.extensions).toMatchObject({ field: 'input.noticeAmounts[0].amount', reason: 'AMOUNT_ABOVE_LIMIT' });
    expect((await proposeRefused('999999.99'))?.message).not.toContain('999999.99');
    const unchanged = await h.request(`query($id: ID!) { application(id: $id) { step version } }`, { id: a.id }, caseworker);
    expect(unchanged.data.application).toEqual({ step: 'PRELIMINARY_REVIEW', version: 5 });
    await ok(PRELIMINARY, 'preliminaryDecision', { id: a.id, expectedVersion: 5, proposal: 'APPROVE', noticeAmounts: [{ programme: 'DIBAO', amount: '500.00' }] });
    const back = await ok(OBJECTION, 'recordObjection', { id: a.id, expectedVersion: 6, objection: '异议：有经营收入' });
    expect(back).toMatchObject({ step: 'INVESTIGATION', verifiedOn: null, verification: null });
  });

  it('refuses a caller who may not record verifications before asking civil affairs', async () => {
    asked = [];
    const r = await h.request(VERIFIED, { i: { id: '00000000-0000-4000-8000-000000000001', expectedVersion: 1, verificationRunId: '0b9a3c2e-1d4f-4e6a-9b8c-7d6e5f4a3b21' } }, { role: 'township_approver', township: '370281001' });
    expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(asked).toEqual([]);
  });
});
