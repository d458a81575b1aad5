import crypto from 'node:crypto';
import { serviceCentre } from '../src/subgraph';
import { setTodayForTests as setToday } from '../src/modules/time-limit/today';
import { generatePopulation } from '@aidgraph/population';
import { rootOperations, startSubgraphHarness, testDatabaseKinds, type SubgraphHarness } from '@aidgraph/subgraph-kit/testing';

const SEED = 'public-notice-test';
const SIZE = 400;
const households = generatePopulation({ seed: SEED, size: SIZE }).households;
const D0 = '2026-03-02';
const PUBLIC = { role: 'public' as const };

const APP_FIELDS = 'id step version noticeStartsOn noticeEndsOn';
const SUBMIT = `mutation($i: SubmitApplicationInput!) { submitApplication(input: $i) { ${APP_FIELDS} } }`;
const m = (name: string, input: string) => `mutation($i: ${input}!) { ${name}(input: $i) { ${APP_FIELDS} } }`;
const ACCEPT = m('acceptApplication', 'AcceptApplicationInput');
const VISIT = m('recordHouseholdVisit', 'RecordHouseholdVisitInput');
const INVESTIGATED = m('completeInvestigation', 'ApplicationChangeInput');
const VERIFIED = m('recordVerification', 'RecordVerificationInput');
const PRELIMINARY = m('preliminaryDecision', 'PreliminaryDecisionInput');
const OBJECTION = m('recordObjection', 'RecordObjectionInput');
const REFUSE = m('refuseApplication', 'RefuseApplicationInput');
const NOTICES = 'query($v: String!, $p: String, $on: String) { publicNotices(villageCode: $v, programme: $p, on: $on) { id programme villageCode startsOn endsOn amount } }';

const candidates = households.filter((h) => h.members.some((p) => p.status === 'ACTIVE' && p.age >= 18));

describe.each(testDatabaseKinds())('public notices (公示) on %s', (kind) => {
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
  function family() {
    const hh = free[next++];
    const p = hh.members.find((x) => x.status === 'ACTIVE' && x.age >= 18)!;
    return {
      hh, p,
      caseworker: { role: 'caseworker' as const, township: hh.townshipCode },
      approver: { role: 'township_approver' as const, township: hh.townshipCode },
      input: { applicantId: p.id, householdId: hh.id, townshipCode: hh.townshipCode, villageCode: hh.villageCode },
    };
  }
  async function ok(doc: string, field: string, i: Record<string, unknown>, as: object) {
    const r = await h.request(doc, { i }, as as never);
    expect(r.errors).toBeUndefined();
    return r.data[field];
  }
  /** an application of `programmes` taken to PRELIMINARY_REVIEW (version 5) on D0 */
  async function toReview(f: ReturnType<typeof family>, programmes: string[]) {
    const a = await ok(SUBMIT, 'submitApplication', { ...f.input, channel: 'WINDOW', commitment: { signedBy: 'APPLICANT' }, programmes }, f.caseworker);
    await ok(ACCEPT, 'acceptApplication', { id: a.id, expectedVersion: 1, accepted: true }, f.caseworker);
    await ok(VISIT, 'recordHouseholdVisit', { id: a.id, expectedVersion: 2, visitedOn: D0, staff: ['王芳'], findings: '家庭成员与申报一致。' }, f.caseworker);
    await ok(INVESTIGATED, 'completeInvestigation', { id: a.id, expectedVersion: 3 }, f.caseworker);
    // the harness's registry answers no verification runs, so the run's id is not checked here (the one-window tests check it)
    await ok(VERIFIED, 'recordVerification', { id: a.id, expectedVersion: 4, verificationRunId: crypto.randomUUID() }, f.caseworker);
    return a.id as string;
  }
  const notices = async (village: string, on?: string, as: object = { role: 'auditor' }, programme?: string) => {
    const r = await h.request(NOTICES, { v: village, on, p: programme }, as as never);
    expect(r.errors).toBeUndefined();
    return r.data.publicNotices as { id: string; programme: string; villageCode: string; startsOn: string; endsOn: string; amount: string }[];
  };
  const rowsOf = (id: string) => h.db.query(`SELECT programme, "startsOn", "endsOn", amount, "endedOn", "endedBecause", "applicantId" FROM public_notice WHERE "applicationId" = '${id}' ORDER BY programme`);

  it('creates one notice per noticed programme when the application enters PUBLIC_NOTICE, with the exact amount', async () => {
    const f = family();
    const id = await toReview(f, ['DIBAO', 'TEMPORARY', 'MEDICAL']);
    const a = await ok(PRELIMINARY, 'preliminaryDecision', {
      id, expectedVersion: 5, proposal: 'APPROVE',
      noticeAmounts: [{ programme: 'TEMPORARY', amount: '2000' }, { programme: 'DIBAO', amount: '1234.56' }],
    }, f.caseworker);
    expect(a).toMatchObject({ step: 'PUBLIC_NOTICE', noticeStartsOn: D0, noticeEndsOn: '2026-03-08' });
    const rows = await rowsOf(id);
    expect(rows.map((r: any) => [r.programme, String(r.startsOn).slice(0, 10), String(r.endsOn).slice(0, 10), Number(r.amount), r.endedOn, r.applicantId])).toEqual([
      ['DIBAO', D0, '2026-03-08', 123456, null, f.p.id],
      ['TEMPORARY', D0, '2026-03-08', 200000, null, f.p.id],
    ]);
    const shown = (await notices(f.hh.villageCode)).filter((n) => rows.length && n.startsOn === D0);
    expect(shown.map((n) => [n.programme, n.amount, n.villageCode, n.endsOn]).sort()).toEqual([
      ['DIBAO', '1234.56', f.hh.villageCode, '2026-03-08'],
      ['TEMPORARY', '2000.00', f.hh.villageCode, '2026-03-08'],
    ]);
    // per programme
    expect((await notices(f.hh.villageCode, undefined, { role: 'auditor' }, 'TEMPORARY')).filter((n) => n.startsOn === D0).map((n) => n.amount)).toEqual(['2000.00']);
  });

  it('refuses an approval of a noticed programme without its amount (BAD_USER_INPUT) and changes nothing', async () => {
    const f = family();
    const id = await toReview(f, ['TEKUN', 'EDUCATION']);
    const tries: [Record<string, unknown>, string, string][] = [
      [{}, 'input.noticeAmounts', 'REQUIRED'],
      [{ noticeAmounts: [] }, 'input.noticeAmounts', 'REQUIRED'],
      [{ noticeAmounts: [{ programme: 'EDUCATION', amount: '100' }] }, 'input.noticeAmounts[0].programme', 'NOT_NOTICED'],
      [{ noticeAmounts: [{ programme: 'TEKUN', amount: '0' }] }, 'input.noticeAmounts[0].amount', 'TOO_SMALL'],
      [{ noticeAmounts: [{ programme: 'TEKUN', amount: '900' }, { programme: 'TEKUN', amount: '900' }] }, 'input.noticeAmounts[1].programme', 'DUPLICATE'],
    ];
    for (const [extra, field, reason] of tries) {
      const r = await h.request(PRELIMINARY, { i: { id, expectedVersion: 5, proposal: 'APPROVE', ...extra } }, f.caseworker);
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field, reason });
    }
    const refuse = await h.request(PRELIMINARY, { i: { id, expectedVersion: 5, proposal: 'REFUSE', reasons: '收入超标', noticeAmounts: [{ programme: 'TEKUN', amount: '900' }] } }, f.caseworker);
    expect(refuse.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.noticeAmounts', reason: 'NOT_ALLOWED' });
    expect(await rowsOf(id)).toEqual([]);
    const read = await h.request('query($id: ID!) { application(id: $id) { step version } }', { id }, { role: 'auditor' });
    expect(read.data.application).toEqual({ step: 'PRELIMINARY_REVIEW', version: 5 });
    // an application of programmes that are not noticed takes no amount and creates no notice
    const g = family();
    const other = await toReview(g, ['EDUCATION']);
    expect(await ok(PRELIMINARY, 'preliminaryDecision', { id: other, expectedVersion: 5, proposal: 'APPROVE' }, g.caseworker)).toMatchObject({ step: 'PUBLIC_NOTICE' });
    expect(await rowsOf(other)).toEqual([]);
  });

  it('is in force from its first to its last day inclusive, not the day before nor the day after', async () => {
    const f = family();
    const id = await toReview(f, ['DIBAO']);
    await ok(PRELIMINARY, 'preliminaryDecision', { id, expectedVersion: 5, proposal: 'APPROVE', noticeAmounts: [{ programme: 'DIBAO', amount: '455.50' }] }, f.caseworker);
    const mine = async (on: string) => (await notices(f.hh.villageCode, on)).filter((n) => n.amount === '455.50' && n.startsOn === D0).length;
    expect(await mine('2026-03-01')).toBe(0);
    expect(await mine(D0)).toBe(1);
    expect(await mine('2026-03-05')).toBe(1);
    expect(await mine('2026-03-08')).toBe(1);
    expect(await mine('2026-03-09')).toBe(0);
    // the default day is today by the service centre's clock
    setToday('2026-03-08');
    expect((await notices(f.hh.villageCode)).some((n) => n.amount === '455.50')).toBe(true);
    setToday('2026-03-09');
    expect((await notices(f.hh.villageCode)).some((n) => n.amount === '455.50')).toBe(false);
  });

  it('an objection ends the notice that day (the case goes back); a new approval notices it again', async () => {
    const f = family();
    const id = await toReview(f, ['DIBAO']);
    await ok(PRELIMINARY, 'preliminaryDecision', { id, expectedVersion: 5, proposal: 'APPROVE', noticeAmounts: [{ programme: 'DIBAO', amount: '333.00' }] }, f.caseworker);
    setToday('2026-03-04');
    await ok(OBJECTION, 'recordObjection', { id, expectedVersion: 6, objection: '邻居反映有经营收入。' }, f.caseworker);
    const mine = async (on: string) => (await notices(f.hh.villageCode, on)).filter((n) => n.amount === '333.00').length;
    expect(await mine('2026-03-03')).toBe(1); // it was in force before the objection
    expect(await mine('2026-03-04')).toBe(0);
    expect(await mine('2026-03-06')).toBe(0);
    expect((await rowsOf(id)).map((r: any) => [String(r.endedOn).slice(0, 10), r.endedBecause])).toEqual([['2026-03-04', 'OBJECTION']]);
    // re-investigated and approved again: a new notice from that day, with the new amount
    await ok(VISIT, 'recordHouseholdVisit', { id, expectedVersion: 7, visitedOn: '2026-03-04', staff: ['王芳'], findings: '复查。' }, f.caseworker);
    await ok(INVESTIGATED, 'completeInvestigation', { id, expectedVersion: 8 }, f.caseworker);
    await ok(VERIFIED, 'recordVerification', { id, expectedVersion: 9, verificationRunId: crypto.randomUUID() }, f.caseworker);
    await ok(PRELIMINARY, 'preliminaryDecision', { id, expectedVersion: 10, proposal: 'APPROVE', noticeAmounts: [{ programme: 'DIBAO', amount: '300.00' }] }, f.caseworker);
    const now = (await notices(f.hh.villageCode, '2026-03-05')).filter((n) => n.amount === '300.00' || n.amount === '333.00');
    expect(now.map((n) => [n.amount, n.startsOn, n.endsOn])).toEqual([['300.00', '2026-03-04', '2026-03-10']]);
    // refused after the notice: the notice had ended by itself and stays as it was
    setToday('2026-03-11');
    await ok(REFUSE, 'refuseApplication', { id, expectedVersion: 11, reasons: '复核收入超标' }, f.approver);
    expect((await rowsOf(id)).map((r: any) => r.endedBecause)).toEqual(['OBJECTION', null]);
  });

  it('answers the public role the notices in force today and nothing else: every other query and mutation is FORBIDDEN', async () => {
    const f = family();
    const id = await toReview(f, ['DIBAO']);
    await ok(PRELIMINARY, 'preliminaryDecision', { id, expectedVersion: 5, proposal: 'APPROVE', noticeAmounts: [{ programme: 'DIBAO', amount: '612.00' }] }, f.caseworker);
    const seen = await notices(f.hh.villageCode, undefined, PUBLIC);
    expect(seen.filter((n) => n.amount === '612.00')).toEqual([expect.objectContaining({ programme: 'DIBAO', startsOn: D0, endsOn: '2026-03-08', villageCode: f.hh.villageCode })]);
    expect(await notices(f.hh.villageCode, D0, PUBLIC)).toEqual(seen);
    // another day than today (an ended notice's history) is not for the public site
    const past = await h.request(NOTICES, { v: f.hh.villageCode, on: '2026-03-01' }, PUBLIC);
    expect(past.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOTICES_IN_FORCE_ONLY' });
    // the applicant's id is answered only to the gateway (signed), to any role
    const direct = await h.request('query($v: String!) { publicNotices(villageCode: $v) { id applicantId } }', { v: f.hh.villageCode }, PUBLIC, { signed: false });
    expect(direct.errors?.every((e) => e.extensions?.code === 'FORBIDDEN')).toBe(true);
    expect(direct.errors?.length).toBeGreaterThan(0);
    // bad input is still BAD_USER_INPUT for it
    expect((await h.request(NOTICES, { v: '123' }, PUBLIC)).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'villageCode' });

    const { schema } = await serviceCentre.buildSchema();
    const ops = rootOperations(schema, { id, villageCode: f.hh.villageCode, townshipCode: f.hh.townshipCode, date: D0 });
    expect(ops.length).toBeGreaterThan(15);
    const answers: string[] = [];
    for (const op of ops) {
      const r = await h.request(op.query, op.variables, PUBLIC);
      const codes = (r.errors ?? []).map((e) => e.extensions?.code);
      answers.push(`${op.coordinate}: ${codes.length ? [...new Set(codes)].join(',') : 'answered'}${r.data?.[op.field] != null ? ' with data' : ''}`);
    }
    expect(answers).toEqual(ops.map((op) => (op.coordinate === 'Query.publicNotices' ? `${op.coordinate}: answered with data` : `${op.coordinate}: FORBIDDEN`)));
    // nothing was written by the mutations it tried
    expect((await h.request('query($id: ID!) { application(id: $id) { version } }', { id }, { role: 'auditor' })).data.application.version).toBe(6);
    // _entities of its own types only: Referral (and the stubs) FORBIDDEN, PublicNotice answered
    const ENT = 'query($r: [_Any!]!) { _entities(representations: $r) { __typename } }';
    for (const t of ['Referral', 'Person', 'Household']) {
      const r = await h.request(ENT, { r: [{ __typename: t, id: f.p.id }] }, PUBLIC);
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'PUBLIC_SITE' });
    }
    const noticeId = seen.find((n) => n.amount === '612.00')!.id;
    const ent = await h.request('query($r: [_Any!]!) { _entities(representations: $r) { ... on PublicNotice { id amount } } }', { r: [{ __typename: 'PublicNotice', id: noticeId }] }, PUBLIC);
    expect(ent.errors).toBeUndefined();
    expect(ent.data._entities).toEqual([{ id: noticeId, amount: '612.00' }]);
    const service = await h.request('{ _service { sdl } }', {}, PUBLIC);
    expect(service.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'PUBLIC_SITE' });
  });

  it('answers a past board only to those who handle the case; every other role gets today\'s board only (NOTICES_IN_FORCE_ONLY)', async () => {
    const f = family();
    const id = await toReview(f, ['TEMPORARY']);
    await ok(PRELIMINARY, 'preliminaryDecision', { id, expectedVersion: 5, proposal: 'APPROVE', noticeAmounts: [{ programme: 'TEMPORARY', amount: '1875.00' }] }, f.caseworker);
    const otherTownship = households.find((x) => x.townshipCode !== f.hh.townshipCode)!.townshipCode;
    const handlers: [string, object][] = [
      ['civil affairs', { role: 'department_officer', department: 'CIVIL_AFFAIRS' }],
      ['service centre', { role: 'department_officer', department: 'SOCIAL_ASSISTANCE_CENTRE' }],
      ['caseworker', f.caseworker],
      ['approver', f.approver],
      ['auditor', { role: 'auditor' }],
    ];
    const others: [string, object][] = [
      ['education', { role: 'department_officer', department: 'EDUCATION' }],
      ['medical', { role: 'department_officer', department: 'MEDICAL_SECURITY' }],
      ['analyst', { role: 'analyst' }],
      ['village assistant', { role: 'village_assistant', township: f.hh.townshipCode, village: f.hh.villageCode }],
      ['caseworker elsewhere', { role: 'caseworker', township: otherTownship }],
      ['approver elsewhere', { role: 'township_approver', township: otherTownship }],
      ['public', PUBLIC],
    ];
    const temporary = (list: { programme: string; amount: string }[]) => list.filter((n) => n.programme === 'TEMPORARY' && n.amount === '1875.00').length;
    // while in force (today = D0) every role sees it on today's board
    for (const [who, as] of [...handlers, ...others]) expect({ who, n: temporary(await notices(f.hh.villageCode, undefined, as)) }).toEqual({ who, n: 1 });
    // after it ended: the handlers may look back; the others are refused another day, whatever the board held that day
    setToday('2026-03-20');
    for (const [who, as] of handlers) {
      expect({ who, n: temporary(await notices(f.hh.villageCode, D0, as)) }).toEqual({ who, n: 1 });
      expect({ who, n: temporary(await notices(f.hh.villageCode, undefined, as)) }).toEqual({ who, n: 0 });
    }
    for (const [who, as] of others) {
      for (const on of [D0, '2020-01-01', '2026-03-21']) {
        const r = await h.request(NOTICES, { v: f.hh.villageCode, on }, as as never);
        expect({ who, on, data: r.data?.publicNotices ?? null, ext: r.errors?.[0]?.extensions }).toEqual({ who, on, data: null, ext: expect.objectContaining({ code: 'FORBIDDEN', reason: 'NOTICES_IN_FORCE_ONLY' }) });
      }
      // today's board (by default or named) is answered, without the ended notice
      expect({ who, n: temporary(await notices(f.hh.villageCode, undefined, as)) }).toEqual({ who, n: 0 });
      expect({ who, n: temporary(await notices(f.hh.villageCode, '2026-03-20', as)) }).toEqual({ who, n: 0 });
    }
    // the reference resolver (a notice by key) answers only a notice in force today, to every role
    const [row] = await h.db.query(`SELECT id FROM public_notice WHERE "applicationId" = '${id}'`);
    const ENTITY = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on PublicNotice { id amount } } }';
    for (const [who, as] of [...handlers, ['education', others[0][1]] as [string, object]]) {
      const r = await h.request(ENTITY, { r: [{ __typename: 'PublicNotice', id: row.id }] }, as as never);
      expect({ who, entity: r.data?._entities?.[0] ?? null }).toEqual({ who, entity: null });
    }
    setToday('2026-03-05');
    const inForce = await h.request(ENTITY, { r: [{ __typename: 'PublicNotice', id: row.id }] }, { role: 'auditor' } as never);
    expect(inForce.data._entities[0]).toEqual({ id: row.id, amount: '1875.00' });
  });

  it('seeds demo notices for the applications that went through the notice', async () => {
    const rows: { n: string }[] = await h.db.query(`SELECT COUNT(*) AS n FROM public_notice n JOIN assistance_application a ON a.id = n."applicationId" WHERE a."noticeStartsOn" IS NOT NULL`);
    const noticed: { n: string }[] = await h.db.query(
      `SELECT COUNT(*) AS n FROM assistance_application WHERE "noticeStartsOn" IS NOT NULL AND (programmes LIKE '%"DIBAO"%' OR programmes LIKE '%"TEKUN"%' OR programmes LIKE '%"TEMPORARY"%')`,
    );
    expect(Number(noticed[0].n)).toBeGreaterThan(0);
    expect(Number(rows[0].n)).toBeGreaterThanOrEqual(Number(noticed[0].n));
    // on the demo date (2025-12-31) the notices entered in its last 7 days are in force, on their village's board
    setToday('2025-12-31');
    const running: { villageCode: string; n: string }[] = await h.db.query(
      `SELECT "villageCode", COUNT(*) AS n FROM public_notice WHERE "startsOn" <= '2025-12-31' AND "endsOn" >= '2025-12-31' AND "endedOn" IS NULL GROUP BY "villageCode" ORDER BY "villageCode"`,
    );
    expect(running.length).toBeGreaterThan(0);
    for (const v of running) expect({ v: v.villageCode, n: (await notices(v.villageCode, undefined, PUBLIC)).length }).toEqual({ v: v.villageCode, n: Number(v.n) });
  });
});
