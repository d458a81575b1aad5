import { serviceCentre } from '../src/subgraph';
import { setTodayForTests as setToday } from '../src/modules/time-limit/today';
import { generatePopulation } from '@aidgraph/population';
import { assertIdempotentCreation, pendingSchemaChanges, runConcurrently, startSubgraphHarness, testDatabaseKinds, type SubgraphHarness } from '@aidgraph/subgraph-kit/testing';
import { EXPORT_COLUMNS, exportJsonLines } from '../src/modules/credit/credit.export';
import { DishonestyRecord } from '../src/modules/credit/credit.entity';
import { COMMITMENT_TEXTS, DishonestConduct, commitmentTextInForce } from '../src/modules/credit/credit.policy';
import { latestEnd } from '../src/modules/credit/credit.service';
import { runCreditExport } from '../src/modules/credit/credit-export.cli';

const SEED = 'service-centre-credit';
const SIZE = 600;
const households = generatePopulation({ seed: SEED, size: SIZE }).households;
const D0 = '2026-03-02';

const SUBMIT = `mutation($i: SubmitApplicationInput!) { submitApplication(input: $i) { id step version submittedOn commitment { textId title signedOn signedBy recordedBy } } }`;
const FLAG = `query($id: ID!) { application(id: $id) { id step applicantCreditFlag { flagged on recordIds conducts until } } }`;
const COMMITMENT = `query($id: ID!) { application(id: $id) { id commitment { textId signedOn signedBy } } }`;
const RECORD_FIELDS = 'id conducts legalBases legalBasisCitations findings decidedOn decidedBy decidedRole startsOn endsOn status revokedOn revocationReason version application { id }';
const RECORD = `mutation($i: RecordDishonestyInput!) { recordDishonesty(input: $i) { ${RECORD_FIELDS} } }`;
const REVOKE = `mutation($i: RevokeDishonestyRecordInput!) { revokeDishonestyRecord(input: $i) { ${RECORD_FIELDS} } }`;
const ONE = `query($id: ID!) { dishonestyRecord(id: $id) { id status } }`;
const LIST = `query($f: DishonestyRecordFilter) { dishonestyRecords(filter: $f, first: 50) { totalCount edges { node { id status } } } }`;
const EXPORT = `query($on: String) { dishonestyRecordsExport(asOf: $on) }`;
const STEP = (name: string, input: string) => `mutation($i: ${input}!) { ${name}(input: $i) { id step version } }`;
const ACCEPT = STEP('acceptApplication', 'AcceptApplicationInput');
const VISIT = STEP('recordHouseholdVisit', 'RecordHouseholdVisitInput');
const INVESTIGATED = STEP('completeInvestigation', 'ApplicationChangeInput');

const candidates = households.filter((h) => h.members.some((p) => p.status === 'ACTIVE' && p.age >= 18));
const CIVIL_AFFAIRS = { role: 'department_officer' as const, department: 'CIVIL_AFFAIRS' };

describe('commitment texts and periods', () => {
  it('lists the commitment texts without overlap, one in force on each date from the system\'s start', () => {
    expect(COMMITMENT_TEXTS.map((t) => [t.id, t.effectiveFrom, t.effectiveTo])).toEqual([
      ['JZ-SA-CREDIT-2020', '2020-12-16', '2026-06-30'],
      ['JZ-SA-CREDIT-2026', '2026-07-01', null],
    ]);
    expect(commitmentTextInForce('2020-12-15')).toBeUndefined();
    expect(commitmentTextInForce('2026-06-30')?.id).toBe('JZ-SA-CREDIT-2020');
    expect(commitmentTextInForce('2026-07-01')?.id).toBe('JZ-SA-CREDIT-2026');
  });

  it('bounds a period at five years less a day', () => {
    expect(latestEnd('2026-03-02')).toBe('2031-03-01');
    expect(latestEnd('2024-02-29')).toBe('2029-02-28');
  });

  it('exports JSON Lines of the documented columns, statuses as of the date, no findings, reason or name', () => {
    const base = {
      personId: '11111111-1111-4111-8111-111111111111', applicationId: '22222222-2222-4222-8222-222222222222', townshipCode: '370281001', villageCode: '370281001001',
      conducts: [DishonestConduct.CONCEALMENT], legalBases: ['GUOFA_2016_33', 'SA_ART68'], findings: '隐瞒工资收入', decidedOn: '2026-03-02', decidedBy: 'a', decidedRole: 'township_approver',
      startsOn: '2026-03-02', endsOn: '2027-03-01', revokedOn: null, revocationReason: null, revokedBy: null, version: 1,
    };
    const rows = [
      Object.assign(new DishonestyRecord(), { ...base, id: 'aaaaaaaa-0000-4000-8000-000000000001' }),
      Object.assign(new DishonestyRecord(), { ...base, id: 'aaaaaaaa-0000-4000-8000-000000000002', revokedOn: '2026-05-01', revocationReason: '复议撤销', version: 2 }),
    ];
    const text = exportJsonLines(rows, '2027-03-02');
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => Object.keys(l))).toEqual([[...EXPORT_COLUMNS], [...EXPORT_COLUMNS]]);
    expect(lines[0]).toEqual({
      format: 'aidgraph.dishonesty/1', recordId: 'aaaaaaaa-0000-4000-8000-000000000001', personId: base.personId, townshipCode: '370281001', conducts: ['CONCEALMENT'],
      legalBases: [
        { code: 'SA_ART68', citation: '《社会救助暂行办法》（国务院令第649号）第六十八条' },
        { code: 'GUOFA_2016_33', citation: '《国务院关于建立完善守信联合激励和失信联合惩戒制度加快推进社会诚信建设的指导意见》（国发〔2016〕33号）' },
      ],
      decidedOn: '2026-03-02', startsOn: '2026-03-02', endsOn: '2027-03-01', status: 'EXPIRED', revokedOn: null, version: 1, asOf: '2027-03-02',
    });
    expect(lines[1]).toMatchObject({ status: 'REVOKED', revokedOn: '2026-05-01', version: 2 });
    expect(text).not.toContain('隐瞒工资收入');
    expect(text).not.toContain('复议撤销');
    expect(JSON.parse(exportJsonLines(rows.slice(0, 1), '2026-03-02').trim()).status).toBe('IN_FORCE');
    expect(exportJsonLines([], '2026-03-02')).toBe('');
  });
});

describe.each(testDatabaseKinds())('credit supervision on %s', (kind) => {
  let h: SubgraphHarness;
  let free: typeof candidates;
  beforeAll(async () => {
    h = await startSubgraphHarness(serviceCentre, kind, { seedSize: SIZE, seed: SEED });
    const seeded = new Set((await h.db.query('SELECT "applicantId" FROM assistance_application')).map((r: { applicantId: string }) => String(r.applicantId)));
    free = candidates.filter((c) => !c.members.some((m) => seeded.has(m.id)));
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
    const other = hh.townshipCode === '370281001' ? '370281002' : '370281001';
    return {
      hh, p,
      caseworker: { role: 'caseworker' as const, township: hh.townshipCode },
      approver: { role: 'township_approver' as const, township: hh.townshipCode },
      assistant: { role: 'village_assistant' as const, village: hh.villageCode },
      otherCaseworker: { role: 'caseworker' as const, township: other },
      otherApprover: { role: 'township_approver' as const, township: other },
      input: { applicantId: p.id, householdId: hh.id, townshipCode: hh.townshipCode, villageCode: hh.villageCode, channel: 'WINDOW' },
    };
  }
  async function submit(f: ReturnType<typeof family>, programmes: string[], commitment: Record<string, unknown> = { signedBy: 'APPLICANT' }) {
    const r = await h.request(SUBMIT, { i: { ...f.input, programmes, commitment } }, f.caseworker);
    expect(r.errors).toBeUndefined();
    return r.data.submitApplication;
  }
  /** accepted (INVESTIGATION, version 2), or with the household investigation completed too (VERIFICATION, version 4): a fraud is confirmed only then */
  async function investigate(f: ReturnType<typeof family>, a: { id: string }, completed = true) {
    const steps: [string, string, Record<string, unknown>][] = [
      [ACCEPT, 'acceptApplication', { id: a.id, expectedVersion: 1, accepted: true }],
      [VISIT, 'recordHouseholdVisit', { id: a.id, expectedVersion: 2, visitedOn: D0, staff: ['王芳'], findings: '家庭成员务工收入未申报。' }],
      [INVESTIGATED, 'completeInvestigation', { id: a.id, expectedVersion: 3 }],
    ];
    for (const [q, field, i] of completed ? steps : steps.slice(0, 1)) {
      const r = await h.request(q, { i }, f.caseworker);
      expect({ field, errors: r.errors }).toEqual({ field, errors: undefined });
    }
  }
  const recordInput = (applicationId: string, extra: Record<string, unknown> = {}) => ({
    applicationId, conducts: ['CONCEALMENT', 'FALSE_REPORT'], legalBases: ['SA_ART68', 'SD_CREDIT_REGULATION'], findings: '隐瞒家庭成员务工收入（核对发现）',
    startsOn: D0, endsOn: '2029-03-01', ...extra,
  });
  const code = (r: { errors?: { extensions?: Record<string, unknown> }[] }) => r.errors?.[0]?.extensions;

  it('migrations build exactly what the entities declare', async () => {
    expect(await pendingSchemaChanges(h.db)).toEqual([]);
  });

  it('keeps the commitment with the application: required, the text in force by default, checked dates and text', async () => {
    const f = family();
    const bad = async (commitment: unknown) => code(await h.request(SUBMIT, { i: { ...f.input, programmes: ['DIBAO'], commitment } }, f.caseworker));
    expect(await bad(null)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.commitment', reason: 'REQUIRED' });
    expect(await bad({ signedBy: 'APPLICANT', textId: 'JZ-SA-CREDIT-2026' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.commitment.textId', reason: 'TEXT_NOT_IN_FORCE' });
    expect(await bad({ signedBy: 'APPLICANT', textId: 'NOPE' })).toMatchObject({ field: 'input.commitment.textId', reason: 'UNKNOWN_COMMITMENT_TEXT' });
    expect(await bad({ signedBy: 'APPLICANT', signedOn: '2026-03-03' })).toMatchObject({ field: 'input.commitment.signedOn', reason: 'DATE_IN_FUTURE' });
    expect(await bad({ signedBy: 'APPLICANT', signedOn: '2026-01-30' })).toMatchObject({ field: 'input.commitment.signedOn', reason: 'TOO_OLD' });
    expect(await h.db.query('SELECT COUNT(*) AS n FROM application_commitment')).toEqual([{ n: kind === 'postgres' ? '0' : 0 }]);
    const a = await submit(f, ['DIBAO'], { signedBy: 'AGENT', signedOn: '2026-02-20' });
    expect(a.commitment).toEqual({ textId: 'JZ-SA-CREDIT-2020', title: '社会救助申请告知承诺书（示范文本，2020年版）', signedOn: '2026-02-20', signedBy: 'AGENT', recordedBy: expect.any(String) });
    // class application: the village's assistant (who helps sign it) sees it; another township's caseworker does not
    expect((await h.request(COMMITMENT, { id: a.id }, f.assistant)).data.application.commitment).toEqual({ textId: 'JZ-SA-CREDIT-2020', signedOn: '2026-02-20', signedBy: 'AGENT' });
    expect((await h.request(COMMITMENT, { id: a.id }, f.otherCaseworker)).data.application).toBeNull();
    // applications of before the migration (the seeded ones) have none
    const [old] = await h.db.query('SELECT id FROM assistance_application WHERE id NOT IN (SELECT "applicationId" FROM application_commitment) LIMIT 1');
    expect((await h.request(COMMITMENT, { id: old.id })).data.application.commitment).toBeNull();
    setToday('2026-07-01');
    const g = family();
    expect((await submit(g, ['DIBAO'])).commitment.textId).toBe('JZ-SA-CREDIT-2026');
  });

  it('makes a dishonesty record: who may, checked input, idempotent retries, one per application, audited', async () => {
    const f = family();
    const a = await submit(f, ['DIBAO']);
    // a fraud is confirmed by the household investigation: not on a bare submission, nor while the investigation goes on
    expect(code(await h.request(RECORD, { i: recordInput(a.id) }, f.approver))).toMatchObject({ code: 'CONFLICT', reason: 'NOT_INVESTIGATED', step: 'SUBMITTED' });
    await investigate(f, a, false);
    expect(code(await h.request(RECORD, { i: recordInput(a.id) }, CIVIL_AFFAIRS))).toMatchObject({ code: 'CONFLICT', reason: 'NOT_INVESTIGATED', step: 'INVESTIGATION' });
    await h.request(VISIT, { i: { id: a.id, expectedVersion: 2, visitedOn: D0, staff: ['王芳'], findings: '家庭成员务工收入未申报。' } }, f.caseworker);
    expect((await h.request(INVESTIGATED, { i: { id: a.id, expectedVersion: 3 } }, f.caseworker)).data.completeInvestigation.step).toBe('VERIFICATION');
    for (const who of [f.caseworker, f.assistant, { role: 'department_officer', department: 'SOCIAL_ASSISTANCE_CENTRE' }, { role: 'department_officer', department: 'EDUCATION' }, { role: 'analyst' }, { role: 'auditor' }])
      expect({ who, e: code(await h.request(RECORD, { i: recordInput(a.id) }, who as never))?.code }).toEqual({ who, e: 'FORBIDDEN' });
    // another township's approver: NOT_FOUND with the message of an id no application has (it does not learn the id exists)
    const outside = await h.request(RECORD, { i: recordInput(a.id) }, f.otherApprover);
    const unknown = await h.request(RECORD, { i: recordInput('0e0e0e0e-0000-4000-8000-00000000dead') }, f.otherApprover);
    expect(outside.errors?.[0]).toMatchObject({ message: unknown.errors?.[0]?.message, extensions: { code: 'NOT_FOUND' } });
    const bad = async (extra: Record<string, unknown>) => code(await h.request(RECORD, { i: recordInput(a.id, extra) }, f.approver));
    expect(await bad({ legalBases: ['GUOFA_2016_33'] })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.legalBases', reason: 'ART68_REQUIRED' });
    expect(await bad({ legalBases: ['SA_ART68', 'ART99'] })).toMatchObject({ field: 'input.legalBases[1]', reason: 'UNKNOWN_LEGAL_BASIS' });
    expect(await bad({ conducts: [] })).toMatchObject({ field: 'input.conducts', reason: 'REQUIRED' });
    expect(await bad({ endsOn: '2031-03-02' })).toMatchObject({ field: 'input.endsOn', reason: 'PERIOD_TOO_LONG' });
    expect(await bad({ startsOn: '2026-03-03' })).toMatchObject({ field: 'input.startsOn', reason: 'DATE_IN_FUTURE' });
    expect(await bad({ startsOn: '2026-03-01' })).toMatchObject({ field: 'input.startsOn', reason: 'BEFORE_SUBMISSION' });
    expect(await bad({ findings: ' ' })).toMatchObject({ field: 'input.findings', reason: 'REQUIRED' });
    expect(code(await h.request(RECORD, { i: recordInput('33333333-3333-4333-8333-333333333333') }, f.approver))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await h.db.query('SELECT COUNT(*) AS n FROM dishonesty_record')).toEqual([{ n: kind === 'postgres' ? '0' : 0 }]);

    const i = recordInput(a.id, { idempotencyKey: `credit-${kind}-record-1` });
    const first = await h.request(RECORD, { i }, f.approver);
    expect(first.errors).toBeUndefined();
    expect(first.data.recordDishonesty).toMatchObject({
      conducts: ['CONCEALMENT', 'FALSE_REPORT'], legalBases: ['SA_ART68', 'SD_CREDIT_REGULATION'],
      legalBasisCitations: ['《社会救助暂行办法》（国务院令第649号）第六十八条', '《山东省社会信用条例》'], decidedOn: D0, decidedRole: 'township_approver',
      startsOn: D0, endsOn: '2029-03-01', status: 'IN_FORCE', revokedOn: null, version: 1, application: { id: a.id },
    });
    const retry = await h.request(RECORD, { i }, f.approver);
    expect(retry.data.recordDishonesty.id).toBe(first.data.recordDishonesty.id);
    expect(code(await h.request(RECORD, { i: { ...i, endsOn: '2028-03-01' } }, f.approver))).toMatchObject({ code: 'CONFLICT', reason: 'IDEMPOTENCY_KEY_REUSED' });
    expect(code(await h.request(RECORD, { i: recordInput(a.id) }, CIVIL_AFFAIRS))).toMatchObject({ code: 'CONFLICT', reason: 'RECORD_EXISTS' });
    expect(await h.db.query('SELECT COUNT(*) AS n FROM dishonesty_record')).toEqual([{ n: kind === 'postgres' ? '1' : 1 }]);
    const audited: { detail: string; personIds: string }[] = await h.db.query(`SELECT detail, "personIds" FROM audit_log WHERE detail LIKE '%DishonestyRecord%' AND kind = 'write'`);
    expect(audited.length).toBe(1);
    expect(audited[0].personIds).not.toBe(''); // the person, pseudonymised (audit ids)
    expect(audited[0].detail).not.toContain('务工收入');
  });

  it('flags the person\'s new application without refusing it, to those who see credit; a revoked record flags no more', async () => {
    const f = family();
    const a = await submit(f, ['DIBAO']);
    await investigate(f, a);
    expect((await h.request(FLAG, { id: a.id }, f.caseworker)).data.application.applicantCreditFlag).toEqual({ flagged: false, on: D0, recordIds: [], conducts: [], until: null });
    const rec = (await h.request(RECORD, { i: recordInput(a.id, { conducts: ['FALSE_CLAIM'], endsOn: '2027-03-01' }) }, CIVIL_AFFAIRS)).data.recordDishonesty;
    expect(rec.decidedRole).toBe('department_officer');
    setToday('2026-03-10');
    const b = await submit(f, ['TEMPORARY']);
    expect(b.step).toBe('SUBMITTED');
    const flag = { flagged: true, on: '2026-03-10', recordIds: [rec.id], conducts: ['FALSE_CLAIM'], until: '2027-03-01' };
    for (const who of [f.caseworker, f.approver, CIVIL_AFFAIRS, { role: 'department_officer', department: 'SOCIAL_ASSISTANCE_CENTRE' }, { role: 'auditor' }])
      expect({ who, flag: (await h.request(FLAG, { id: b.id }, who as never)).data.application.applicantCreditFlag }).toEqual({ who, flag });
    // the village assistant handles the application but gets no credit data
    const va = await h.request(FLAG, { id: b.id }, f.assistant);
    expect(va.data.application).toMatchObject({ id: b.id, applicantCreditFlag: null });
    expect(va.errors?.map((e) => [e.path?.join('.'), e.extensions?.code])).toEqual([['application.applicantCreditFlag', 'FORBIDDEN']]);
    // the record's own application was submitted before the record's start: judged on its submission date, it is flagged too (D0 is in the period)
    expect((await h.request(FLAG, { id: a.id }, f.caseworker)).data.application.applicantCreditFlag.flagged).toBe(true);
    // another person is not flagged
    const g = family();
    const c = await submit(g, ['TEMPORARY']);
    expect((await h.request(FLAG, { id: c.id }, g.caseworker)).data.application.applicantCreditFlag.flagged).toBe(false);

    // revocation: reason required, expectedVersion, once
    expect(code(await h.request(REVOKE, { i: { id: rec.id, expectedVersion: 1, reason: '' } }, f.approver))).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'REQUIRED' });
    expect(code(await h.request(REVOKE, { i: { id: rec.id, expectedVersion: 1, reason: '复议撤销' } }, f.caseworker))).toMatchObject({ code: 'FORBIDDEN' });
    expect(code(await h.request(REVOKE, { i: { id: rec.id, expectedVersion: 1, reason: '复议撤销' } }, f.otherApprover))).toMatchObject({ code: 'NOT_FOUND' });
    expect(code(await h.request(REVOKE, { i: { id: '0e0e0e0e-0000-4000-8000-00000000dead', expectedVersion: 1, reason: '复议撤销' } }, f.otherApprover))).toMatchObject({ code: 'NOT_FOUND' });
    expect(code(await h.request(REVOKE, { i: { id: rec.id, expectedVersion: 2, reason: '复议撤销' } }, f.approver))).toMatchObject({ code: 'CONFLICT', reason: 'STALE_VERSION', currentVersion: 1 });
    const revoked = await h.request(REVOKE, { i: { id: rec.id, expectedVersion: 1, reason: '青岛市民政局行政复议决定撤销' } }, f.approver);
    expect(revoked.data.revokeDishonestyRecord).toMatchObject({ status: 'REVOKED', revokedOn: '2026-03-10', revocationReason: '青岛市民政局行政复议决定撤销', version: 2 });
    expect(code(await h.request(REVOKE, { i: { id: rec.id, expectedVersion: 2, reason: 'again' } }, f.approver))).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_REVOKED' });
    expect((await h.request(FLAG, { id: b.id }, f.caseworker)).data.application.applicantCreditFlag).toEqual({ flagged: false, on: '2026-03-10', recordIds: [], conducts: [], until: null });
    // a revoked record no longer blocks a new record of the application
    expect((await h.request(RECORD, { i: recordInput(a.id, { startsOn: '2026-03-10' }) }, f.approver)).errors).toBeUndefined();
  });

  it('shows records only to the roles that need them, scoped, filtered by status today, and exports them to auditors', async () => {
    const f = family();
    const a = await submit(f, ['DIBAO']);
    await investigate(f, a);
    const rec = (await h.request(RECORD, { i: recordInput(a.id, { endsOn: '2026-06-30' }) }, f.approver)).data.recordDishonesty;
    const mine = { personId: f.p.id };
    const count = async (who: object, filter: object = mine) => {
      const r = await h.request(LIST, { f: filter }, who as never);
      return r.errors ? r.errors[0].extensions?.code : r.data.dishonestyRecords.totalCount;
    };
    expect(await count(f.caseworker)).toBe(1);
    expect(await count(f.approver)).toBe(1);
    expect(await count(CIVIL_AFFAIRS)).toBe(1);
    expect(await count({ role: 'auditor' })).toBe(1);
    expect(await count(f.otherCaseworker)).toBe(0);
    for (const who of [f.assistant, { role: 'analyst' }, { role: 'department_officer', department: 'EDUCATION' }, { role: 'public' }]) expect({ who, c: await count(who) }).toEqual({ who, c: 'FORBIDDEN' });
    expect((await h.request(ONE, { id: rec.id }, f.otherCaseworker)).data.dishonestyRecord).toBeNull();
    // analysts: a bare count at most, answered null (and no filter)
    const bare = await h.request('{ dishonestyRecords(first: 0) { totalCount } }', {}, { role: 'analyst' });
    expect(bare.errors).toBeUndefined();
    expect(bare.data.dishonestyRecords.totalCount).toBeNull();
    expect((await h.request(ONE, { id: rec.id }, f.caseworker)).data.dishonestyRecord).toEqual({ id: rec.id, status: 'IN_FORCE' });
    expect(code(await h.request(ONE, { id: rec.id }, f.assistant))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await count(f.caseworker, { ...mine, status: 'IN_FORCE' })).toBe(1);
    setToday('2026-07-01');
    expect(await count(f.caseworker, { ...mine, status: 'IN_FORCE' })).toBe(0);
    expect(await count(f.caseworker, { ...mine, status: 'EXPIRED' })).toBe(1);
    expect((await h.request(ONE, { id: rec.id }, f.caseworker)).data.dishonestyRecord.status).toBe('EXPIRED');

    expect(code(await h.request(EXPORT, {}, CIVIL_AFFAIRS))).toMatchObject({ code: 'FORBIDDEN' });
    const text: string = (await h.request(EXPORT, { on: '2026-07-01' })).data.dishonestyRecordsExport;
    const lines = text.trimEnd().split('\n').map((l) => JSON.parse(l));
    const line = lines.find((l) => l.recordId === rec.id);
    expect(Object.keys(line)).toEqual([...EXPORT_COLUMNS]);
    expect(line).toMatchObject({ format: 'aidgraph.dishonesty/1', personId: f.p.id, townshipCode: f.hh.townshipCode, conducts: ['CONCEALMENT', 'FALSE_REPORT'], startsOn: D0, endsOn: '2026-06-30', status: 'EXPIRED', asOf: '2026-07-01' });
    expect(lines.length).toBe(Number((await h.db.query('SELECT COUNT(*) AS n FROM dishonesty_record'))[0].n));
    expect(text).not.toContain('务工收入');
  });

  it('write races: one key makes one record (50 at once), of 50 revocations with one version exactly one applies', async () => {
    const f = family();
    const apps = [await submit(f, ['DIBAO']), await submit(f, ['TEMPORARY']), await submit(f, ['EDUCATION'])];
    for (const a of apps) await investigate(f, a);
    const count = async () => Number((await h.db.query(`SELECT COUNT(*) AS n FROM dishonesty_record WHERE "personId" = '${f.p.id}'`))[0].n);
    await assertIdempotentCreation(h, {
      mutation: RECORD, field: 'recordDishonesty', as: { ...f.approver, subject: 'approver-a' }, other: { ...f.approver, subject: 'approver-b' },
      variables: (variant, key) => ({ i: { ...recordInput(apps[variant].id), idempotencyKey: key } }),
      sameSubject: { forbidden: [f.caseworker], notFound: [f.otherApprover], mayWrite: [] },
      count,
    });
    const [rec] = (await h.request(LIST, { f: { applicationId: apps[0].id } }, CIVIL_AFFAIRS)).data.dishonestyRecords.edges.map((e: { node: { id: string } }) => e.node);
    const stored = async () => {
      const [r] = await h.db.query(`SELECT "revokedOn", version FROM dishonesty_record WHERE id = '${rec.id}'`);
      return { revokedOn: r.revokedOn == null ? null : String(r.revokedOn instanceof Date ? r.revokedOn.toISOString().slice(0, 10) : r.revokedOn).slice(0, 10), version: Number(r.version) };
    };
    await runConcurrently(h, {
      mutation: REVOKE, field: 'revokeDishonestyRecord', as: f.approver, variables: (i) => ({ i: { id: rec.id, expectedVersion: 1, reason: `复议撤销 ${i}` } }),
      expect: { succeed: 1, conflictReasons: ['STALE_VERSION', 'ALREADY_REVOKED'], chain: { entity: 'DishonestyRecord', key: rec.id, stored } },
    });
    expect(await stored()).toEqual({ revokedOn: D0, version: 2 });
  });

  it('exports through the command line\'s reader page by page, filtered by status, in (decidedOn, id) order', async () => {
    const all: string[] = [];
    const progress: [number, number][] = [];
    const n = await runCreditExport(h.db, { asOf: '2026-07-01', status: 'ALL', pageSize: 1 }, (t) => all.push(t), (d, t) => progress.push([d, t]));
    const total = Number((await h.db.query('SELECT COUNT(*) AS n FROM dishonesty_record'))[0].n);
    expect(n).toBe(total);
    expect(all.length).toBe(total);
    expect(progress.at(-1)).toEqual([total, total]);
    const lines = all.map((l) => JSON.parse(l));
    const order = lines.map((l) => `${l.decidedOn} ${l.recordId}`);
    expect(order).toEqual([...order].sort());
    expect(new Set(lines.map((l) => l.recordId)).size).toBe(total);
    for (const status of ['IN_FORCE', 'EXPIRED', 'REVOKED', 'PENDING'] as const) {
      const some: string[] = [];
      await runCreditExport(h.db, { asOf: '2026-07-01', status: status as never, pageSize: 2 }, (t) => some.push(t));
      expect({ status, lines: some.map((l) => JSON.parse(l).recordId).sort() }).toEqual({ status, lines: lines.filter((l) => l.status === status).map((l) => l.recordId).sort() });
    }
    expect(lines.filter((l) => l.status === 'REVOKED').length).toBeGreaterThan(0);
    expect(lines.filter((l) => l.status === 'EXPIRED').length).toBeGreaterThan(0);
  });
});
