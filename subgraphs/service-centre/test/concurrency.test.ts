import { serviceCentre } from '../src/subgraph';
import { setTodayForTests } from '../src/modules/time-limit/today';
import { AssistanceApplication } from '../src/modules/application/application.entity';
import { generatePopulation } from '@aidgraph/population';
import { assertIdempotentCreation, runConcurrently, startSubgraphHarness, testDatabaseKinds, type SubgraphHarness } from '@aidgraph/subgraph-kit/testing';

/** a civil-affairs verification run id (the harness's registry does not answer runs: not checked here; see service-centre.test.ts) */
const VERIFICATION_RUN = '9e1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d';

const SEED = 'service-centre-concurrency';
const SIZE = 300;
const households = generatePopulation({ seed: SEED, size: SIZE }).households.filter((h) => h.members.some((p) => p.status === 'ACTIVE' && p.age >= 18));
const fields = 'id step version';
const SUBMIT = `mutation($i: SubmitApplicationInput!) { submitApplication(input: $i) { ${fields} } }`;
const m = (name: string, input: string) => `mutation($i: ${input}!) { ${name}(input: $i) { ${fields} } }`;

/**
 * Write races on one application (the kit's concurrency harness: 50 calls at once of every mutation; on PostgreSQL they
 * really run in parallel, each change locks the application with lockedRecord): of 50 concurrent changes with the same
 * expectedVersion exactly one applies, the others get CONFLICT STALE_VERSION, and the audit chain shows every success
 * as one serialised change; a submission's idempotency key creates one application.
 */
describe.each(testDatabaseKinds())('service-centre write races on %s', (kind) => {
  let h: SubgraphHarness;
  let used = new Set<string>();
  beforeAll(async () => {
    h = await startSubgraphHarness(serviceCentre, kind, { seedSize: SIZE, seed: SEED });
    used = new Set((await h.db.query('SELECT "householdId" FROM assistance_application')).map((r: { householdId: string }) => r.householdId));
    setTodayForTests('2026-04-01');
  });
  afterAll(() => {
    setTodayForTests(null);
    return h?.close();
  });
  const family = () => {
    const hh = households.find((x) => !used.has(x.id))!;
    used.add(hh.id);
    const p = hh.members.find((x) => x.status === 'ACTIVE' && x.age >= 18)!;
    return { hh, p, caseworker: { role: 'caseworker' as const, township: hh.townshipCode }, approver: { role: 'township_approver' as const, township: hh.townshipCode } };
  };
  const stored = async (id: string) => {
    const a = await h.db.getRepository(AssistanceApplication).findOneByOrFail({ id });
    return { step: a.step, version: a.version };
  };
  const count = async (personId: string) => Number((await h.db.query(`SELECT COUNT(*) AS n FROM assistance_application WHERE "applicantId" = '${personId}'`))[0].n);
  /** 50 concurrent calls of `doc` with the application's current version: exactly one applies */
  async function race(doc: string, field: string, id: string, as: object, extra: (i: number) => Record<string, unknown> = () => ({})) {
    const { version } = await stored(id);
    await runConcurrently(h, {
      mutation: doc, field, as: as as never, variables: (i) => ({ i: { id, expectedVersion: version, ...extra(i) } }),
      expect: { succeed: 1, conflictReasons: ['STALE_VERSION'], chain: { entity: 'AssistanceApplication', key: id, stored: () => stored(id) } },
    });
    expect((await stored(id)).version).toBe(version + 1);
  }

  it('submitApplication takes an idempotency key: a retry returns the first application, a different payload is CONFLICT, 50 concurrent calls create one', async () => {
    const f = family();
    const programmes = [['DIBAO'], ['EDUCATION'], ['MEDICAL']];
    await assertIdempotentCreation(h, {
      mutation: SUBMIT, field: 'submitApplication', as: { ...f.caseworker, subject: 'test-caseworker-a' }, other: { ...f.caseworker, subject: 'test-caseworker-b' },
      variables: (variant, key) => ({ i: { applicantId: f.p.id, townshipCode: f.hh.townshipCode, channel: 'WINDOW', commitment: { signedBy: 'APPLICANT' }, programmes: programmes[variant], idempotencyKey: key } }),
      sameSubject: { forbidden: [f.approver] },
      count: () => count(f.p.id),
    });
  });

  it('every change of an application: of 50 concurrent calls with one expectedVersion exactly one applies (STALE_VERSION for the others)', async () => {
    const f = family();
    setTodayForTests('2026-04-01');
    const id = (await h.request(SUBMIT, { i: { applicantId: f.p.id, townshipCode: f.hh.townshipCode, channel: 'WINDOW', commitment: { signedBy: 'APPLICANT' }, programmes: ['DIBAO'] } }, f.caseworker)).data.submitApplication.id;
    await race(m('acceptApplication', 'AcceptApplicationInput'), 'acceptApplication', id, f.caseworker, () => ({ accepted: true }));
    await race(m('recordHouseholdVisit', 'RecordHouseholdVisitInput'), 'recordHouseholdVisit', id, f.caseworker, (i) => ({ visitedOn: '2026-04-01', staff: ['王芳'], findings: `调查 ${i}` }));
    await race(m('completeInvestigation', 'ApplicationChangeInput'), 'completeInvestigation', id, f.caseworker);
    await race(m('recordVerification', 'RecordVerificationInput'), 'recordVerification', id, f.caseworker, () => ({ verificationRunId: VERIFICATION_RUN }));
    await race(m('preliminaryDecision', 'PreliminaryDecisionInput'), 'preliminaryDecision', id, f.caseworker, () => ({ proposal: 'APPROVE', noticeAmounts: [{ programme: 'DIBAO', amount: '500.00' }] }));
    await race(m('recordObjection', 'RecordObjectionInput'), 'recordObjection', id, f.caseworker, (i) => ({ objection: `异议 ${i}` }));
    const visits = Number((await h.db.query(`SELECT COUNT(*) AS n FROM household_visit WHERE "applicationId" = '${id}'`))[0].n);
    expect(visits).toBe(1);
    // back through the steps to the notice, then the approver's decision after it ends
    let v = (await stored(id)).version;
    const run = async (doc: string, field: string, extra: Record<string, unknown>, as: object) => {
      const r = await h.request(doc, { i: { id, expectedVersion: v, ...extra } }, as as never);
      expect(r.errors).toBeUndefined();
      v = r.data[field].version;
    };
    await run(m('recordHouseholdVisit', 'RecordHouseholdVisitInput'), 'recordHouseholdVisit', { visitedOn: '2026-04-01', staff: ['王芳'], findings: '复查' }, f.caseworker);
    await run(m('completeInvestigation', 'ApplicationChangeInput'), 'completeInvestigation', {}, f.caseworker);
    await run(m('recordVerification', 'RecordVerificationInput'), 'recordVerification', { verificationRunId: VERIFICATION_RUN }, f.caseworker);
    await run(m('preliminaryDecision', 'PreliminaryDecisionInput'), 'preliminaryDecision', { proposal: 'APPROVE', noticeAmounts: [{ programme: 'DIBAO', amount: '500.00' }] }, f.caseworker);
    setTodayForTests('2026-04-08');
    await race(m('confirmApplication', 'ApplicationChangeInput'), 'confirmApplication', id, f.approver);
    await race(m('closeApplication', 'ApplicationChangeInput'), 'closeApplication', id, f.caseworker);
    expect(await stored(id)).toMatchObject({ step: 'CLOSED' });

    const g = family();
    setTodayForTests('2026-04-01');
    const other = (await h.request(SUBMIT, { i: { applicantId: g.p.id, townshipCode: g.hh.townshipCode, channel: 'WINDOW', commitment: { signedBy: 'APPLICANT' }, programmes: ['TEMPORARY'], urgent: true } }, g.caseworker)).data.submitApplication.id;
    await h.request(m('acceptApplication', 'AcceptApplicationInput'), { i: { id: other, expectedVersion: 1, accepted: true } }, g.caseworker);
    await race(m('refuseApplication', 'RefuseApplicationInput'), 'refuseApplication', other, g.approver, (i) => ({ reasons: `理由 ${i}` }));
  });
});
