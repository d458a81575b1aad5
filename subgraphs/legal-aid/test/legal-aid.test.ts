import { legalAid } from '../src/subgraph';
import { generatePopulation } from '@aidgraph/population';
import { auditedWritesOf, pendingSchemaChanges, startSubgraphHarness, testDatabaseKinds, type SubgraphHarness } from '@aidgraph/subgraph-kit/testing';
import { JIAOZHOU_PROVIDERS, providerIdOf } from '../src/modules/legal-service-provider/providers';
import { OUTCOMES_OF } from '../src/modules/legal-aid-case/legal-aid-case.enums';

const SEED = 'legal-aid-test';
const SIZE = 1500;
const persons = generatePopulation({ seed: SEED, size: SIZE }).households.flatMap((h) => h.members);
const OFFICER = { role: 'department_officer' as const, department: 'JUSTICE' };
const OTHER_OFFICER = { role: 'department_officer' as const, department: 'EDUCATION' };
const ANALYST = { role: 'analyst' as const };
const CASE_FIELDS = 'id appliedOn aidType matter eligibility status decidedOn refusalReason provider { name kind } assignedOn closedOn outcome subsidy withdrawnOn withdrawalReason economicTestRequired decisionDueOn decisionOverdue assignmentDueOn township { code }';
const PERSON_CASES = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { id legalAidCases { ${CASE_FIELDS} } } } }`;
const APPLY = `mutation($i: ApplyForLegalAidInput!) { applyForLegalAid(input: $i) { id status appliedOn aidType matter eligibility economicTestRequired decisionDueOn } }`;
const ACCEPT = `mutation($i: AcceptLegalAidCaseInput!) { acceptLegalAidCase(input: $i) { id status decidedOn assignmentDueOn decisionOverdue } }`;
const REFUSE = `mutation($i: RefuseLegalAidCaseInput!) { refuseLegalAidCase(input: $i) { id status decidedOn refusalReason } }`;
const ASSIGN = `mutation($i: AssignLegalAidCaseInput!) { assignLegalAidCase(input: $i) { id status assignedOn provider { name kind } } }`;
const CLOSE = `mutation($i: CloseLegalAidCaseInput!) { closeLegalAidCase(input: $i) { id status closedOn outcome subsidy } }`;
const WITHDRAW = `mutation($i: WithdrawLegalAidCaseInput!) { withdrawLegalAidCase(input: $i) { id status withdrawnOn withdrawalReason } }`;

type Row = { id: string; personId: string; townshipCode: string; status: string; aidType: string; outcome: string | null; providerId: string | null; appliedOn: string; decidedOn: string | null; assignedOn: string | null; closedOn: string | null; subsidy: string | number | null };

describe.each(testDatabaseKinds())('legal-aid subgraph on %s', (kind) => {
  let h: SubgraphHarness;
  let rows: Row[];
  const casesOf = (personId: string) => rows.filter((r) => r.personId === personId);
  beforeAll(async () => {
    h = await startSubgraphHarness(legalAid, kind, { seedSize: SIZE, seed: SEED });
    rows = (await h.db.query('SELECT id, "personId", "townshipCode", status, "aidType", outcome, "providerId", CAST("appliedOn" AS VARCHAR(10)) AS "appliedOn", CAST("decidedOn" AS VARCHAR(10)) AS "decidedOn", CAST("assignedOn" AS VARCHAR(10)) AS "assignedOn", CAST("closedOn" AS VARCHAR(10)) AS "closedOn", subsidy FROM legal_aid_case')).map((r: Row) => ({ ...r, personId: String(r.personId), id: String(r.id), providerId: r.providerId && String(r.providerId) }));
  });
  afterAll(() => h?.close());

  it('migrations build exactly what the entities declare, with the city\'s providers as reference data', async () => {
    expect(await pendingSchemaChanges(h.db)).toEqual([]);
    const providers: { id: string; code: string }[] = await h.db.query('SELECT id, code FROM legal_service_provider ORDER BY code');
    expect(providers.map((p) => [String(p.id), p.code])).toEqual(JIAOZHOU_PROVIDERS.map((p) => [providerIdOf(p.code), p.code]).sort((a, b) => (a[1] < b[1] ? -1 : 1)));
  });

  it('seeds cases of registry persons, in 2024-2025, in every kind of state, each consistent with the rules', () => {
    expect(rows.length).toBeGreaterThan(20);
    const byId = new Map(persons.map((p) => [p.id, p]));
    for (const r of rows) expect(byId.get(r.personId)).toBeDefined();
    // handled in the applicant's township of registration, as applyForLegalAid requires (NOT_THE_PERSONS_TOWNSHIP)
    for (const r of rows) expect(r.townshipCode).toBe(byId.get(r.personId)!.townshipCode);
    expect(new Set(rows.map((r) => r.status)).size).toBeGreaterThanOrEqual(3);
    expect(rows.some((r) => r.aidType === 'CRIMINAL_DEFENCE')).toBe(true);
    for (const r of rows) {
      expect(r.appliedOn >= '2024-01-01' && r.appliedOn <= '2025-12-31').toBe(true);
      if (r.decidedOn) expect(r.decidedOn >= r.appliedOn).toBe(true);
      if (r.assignedOn) expect(r.assignedOn >= r.decidedOn!).toBe(true);
      if (r.closedOn) expect(r.closedOn >= r.assignedOn!).toBe(true);
      if (r.status === 'CLOSED') expect(OUTCOMES_OF[r.aidType as keyof typeof OUTCOMES_OF]).toContain(r.outcome);
      const provider = JIAOZHOU_PROVIDERS.find((p) => providerIdOf(p.code) === r.providerId);
      if (r.aidType.startsWith('CRIMINAL') && provider) expect(provider.kind).not.toBe('GRASSROOTS_LEGAL_SERVICE');
      expect(!!r.providerId).toBe(['ASSIGNED', 'CLOSED'].includes(r.status) || (r.status === 'WITHDRAWN' && !!r.assignedOn));
    }
  });

  it('adds legalAidCases to Person through _entities, in representation order, empty for a person without cases', async () => {
    const closed = rows.find((r) => r.status === 'CLOSED')!;
    const without = persons.find((p) => !casesOf(p.id).length)!;
    const r = await h.request(PERSON_CASES, { r: [{ __typename: 'Person', id: without.id }, { __typename: 'Person', id: closed.personId }] });
    expect(r.errors).toBeUndefined();
    expect(r.data._entities[0]).toEqual({ id: without.id, legalAidCases: [] });
    const got = r.data._entities[1].legalAidCases;
    expect(got).toHaveLength(casesOf(closed.personId).length);
    const c = got.find((x: { id: string }) => x.id === closed.id);
    expect(c).toMatchObject({
      status: 'CLOSED', appliedOn: closed.appliedOn, decidedOn: closed.decidedOn, closedOn: closed.closedOn, outcome: closed.outcome,
      township: { code: closed.townshipCode }, subsidy: expect.stringMatching(/^\d+\.\d{2}$/),
    });
    expect(c.provider.name).toBe(JIAOZHOU_PROVIDERS.find((p) => providerIdOf(p.code) === closed.providerId)!.name);
    expect(c.decisionDueOn > c.appliedOn).toBe(true);
    expect(c.decisionOverdue).toBe(c.decidedOn > c.decisionDueOn);
    expect(c.economicTestRequired).toBe(c.eligibility === 'ECONOMIC_HARDSHIP');
  });

  it('costs one SQL statement for the cases of 100 people, whatever the number', async () => {
    const q = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { id legalAidCases { id } } } }`;
    const run = async (n: number) => {
      h.statements.reset();
      const r = await h.request(q, { r: persons.slice(0, n).map((p) => ({ __typename: 'Person', id: p.id })) });
      expect(r.errors).toBeUndefined();
      return h.statements.count;
    };
    expect(await run(100)).toBe(1);
    expect(await run(7)).toBe(1);
  });

  it('lists cases with filters and a total for JUSTICE officers and auditors', async () => {
    for (const who of [OFFICER, { role: 'auditor' as const }]) {
      const all = await h.request(`{ legalAidCases(first: 0) { totalCount } }`, undefined, who);
      expect(all.data.legalAidCases.totalCount).toBe(rows.length);
      const closed = rows.filter((r) => r.status === 'CLOSED' && r.appliedOn.startsWith('2025'));
      const r = await h.request(`{ legalAidCases(first: 3, filter: { status: CLOSED, year: 2025 }) { totalCount edges { node { status appliedOn } } } }`, undefined, who);
      expect(r.errors).toBeUndefined();
      expect(r.data.legalAidCases.totalCount).toBe(closed.length);
      for (const e of r.data.legalAidCases.edges) expect(e.node.appliedOn.startsWith('2025')).toBe(true);
    }
    const provider = rows.find((r) => r.providerId)!.providerId!;
    const byProvider = await h.request(`query($p: ID!) { legalAidCases(first: 0, filter: { providerId: $p }) { totalCount } }`, { p: provider }, OFFICER);
    expect(byProvider.data.legalAidCases.totalCount).toBe(rows.filter((r) => r.providerId === provider).length);
  });

  it('answers the list of providers to every role (public reference data)', async () => {
    for (const who of [ANALYST, OTHER_OFFICER, OFFICER]) {
      const r = await h.request(`{ legalServiceProviders(kind: GRASSROOTS_LEGAL_SERVICE) { name kind township { name } } }`, undefined, who);
      expect(r.errors).toBeUndefined();
      expect(r.data.legalServiceProviders).toHaveLength(JIAOZHOU_PROVIDERS.filter((p) => p.kind === 'GRASSROOTS_LEGAL_SERVICE').length);
    }
    const bad = await h.request(`{ legalServiceProviders(townshipCode: "123") { name } }`, undefined, ANALYST);
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'townshipCode', reason: 'UNKNOWN_TOWNSHIP' });
  });

  it('gives analysts a bare count (coarse filters) and an empty Person field, never a row', async () => {
    const target = rows[0];
    const person = await h.request(PERSON_CASES, { r: [{ __typename: 'Person', id: target.personId }] }, ANALYST);
    expect(person.errors).toBeUndefined();
    expect(person.data._entities[0].legalAidCases).toEqual([]);
    const count = await h.request(`{ legalAidCases(first: 0, filter: { matter: WAGE_ARREARS, year: 2025 }) { totalCount } }`, undefined, ANALYST);
    expect(count.errors).toBeUndefined();
    const exact = (await h.db.query(`SELECT COUNT(*) AS n FROM legal_aid_case WHERE matter = 'WAGE_ARREARS' AND "appliedOn" >= '2025-01-01'`))[0].n * 1;
    // a count-only count is null for analysts whatever it is (counts come from legalAidStatistics)
    expect(exact).toBeGreaterThan(0);
    expect(count.data.legalAidCases.totalCount).toBeNull();
    for (const q of [
      `{ legalAidCases(first: 5) { totalCount edges { node { id } } } }`,
      `{ legalAidCases(first: 0) { totalCount pageInfo { endCursor } } }`,
      `{ legalAidCases(first: 0, filter: { personId: "${target.personId}" }) { totalCount } }`,
      `{ legalAidCases(first: 0, filter: { providerId: "${providerIdOf('JZ-LAC')}" }) { totalCount } }`,
      `{ legalAidCases(first: 0, orderBy: { field: APPLIED_ON }) { totalCount } }`,
    ]) {
      const r = await h.request(q, undefined, ANALYST);
      expect({ q, code: r.errors?.[0].extensions?.code }).toEqual({ q, code: 'FORBIDDEN' });
      expect(r.data?.legalAidCases ?? null).toBeNull();
    }
  });

  it('refuses other departments\' officers (FORBIDDEN) and leaves other townships\' cases out for caseworkers', async () => {
    const target = rows[0];
    const reps = { r: [{ __typename: 'Person', id: target.personId }] };
    const person = await h.request(PERSON_CASES, reps, OTHER_OFFICER);
    expect(person.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(JSON.stringify(person.data ?? null)).not.toMatch(/CLOSED|ASSIGNED|APPLIED/);
    const list = await h.request(`{ legalAidCases(first: 0) { totalCount } }`, undefined, OTHER_OFFICER);
    expect(list.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(list.data?.legalAidCases ?? null).toBeNull();

    const own = await h.request(PERSON_CASES, reps, { role: 'caseworker', township: target.townshipCode });
    expect(own.data._entities[0].legalAidCases).toHaveLength(casesOf(target.personId).filter((c) => c.townshipCode === target.townshipCode).length);
    const other = persons.find((p) => p.townshipCode !== target.townshipCode)!.townshipCode;
    const elsewhere = await h.request(PERSON_CASES, reps, { role: 'caseworker', township: other });
    expect(elsewhere.errors).toBeUndefined();
    expect(elsewhere.data._entities[0].legalAidCases).toEqual([]);
    const scoped = await h.request(`{ legalAidCases(first: 500) { totalCount edges { node { township { code } } } } }`, undefined, { role: 'caseworker', township: target.townshipCode });
    expect(scoped.data.legalAidCases.totalCount).toBe(rows.filter((x) => x.townshipCode === target.townshipCode).length);
    expect(scoped.data.legalAidCases.edges.length).toBe(scoped.data.legalAidCases.totalCount);
    for (const e of scoped.data.legalAidCases.edges) expect(e.node.township.code).toBe(target.townshipCode);
  });

  it('orders by subsidy numerically, cases without one last in both directions', async () => {
    const closed = rows.filter((r) => r.subsidy !== null).map((r) => Number(r.subsidy));
    for (const direction of ['ASC', 'DESC'] as const) {
      const r = await h.request(`{ legalAidCases(first: 500, orderBy: { field: SUBSIDY, direction: ${direction} }) { edges { node { subsidy } } } }`, undefined, OFFICER);
      expect(r.errors).toBeUndefined();
      const got = r.data.legalAidCases.edges.map((e: { node: { subsidy: string | null } }) => e.node.subsidy);
      const fen = got.filter((x: string | null) => x !== null).map((x: string) => Math.round(Number(x) * 100));
      const want = closed.map((x) => Math.round(x)).sort((a, b) => (direction === 'ASC' ? a - b : b - a));
      expect(fen).toEqual(want);
      expect(got.slice(fen.length).every((x: string | null) => x === null)).toBe(true);
    }
  });

  describe('the state machine', () => {
    const fresh = () => persons.filter((x) => x.status === 'ACTIVE' && x.age >= 18 && !casesOf(x.id).length);
    const input = (p: (typeof persons)[number], more: Record<string, unknown> = {}) => ({
      personId: p.id, appliedOn: '2025-06-02', aidType: 'LABOUR_ARBITRATION', matter: 'WAGE_ARREARS', eligibility: 'MIGRANT_WORKER', townshipCode: p.townshipCode, ...more,
    });
    const count = async (personId: string) => Number((await h.db.query(`SELECT COUNT(*) AS n FROM legal_aid_case WHERE "personId" = '${personId}'`))[0].n);

    it('takes a case from application to closing, each wrong step refused with CONFLICT INVALID_TRANSITION, every step audited', async () => {
      const p = fresh()[0];
      const applied = await h.request(APPLY, { i: input(p) }, OFFICER);
      expect(applied.errors).toBeUndefined();
      expect(applied.data.applyForLegalAid).toMatchObject({ status: 'APPLIED', appliedOn: '2025-06-02', economicTestRequired: false, decisionDueOn: '2025-06-09' });
      const id = applied.data.applyForLegalAid.id;
      const wrong = async (doc: string, i: Record<string, unknown>) => (await h.request(doc, { i: { id, ...i } }, OFFICER)).errors?.[0].extensions;
      expect(await wrong(ASSIGN, { providerId: providerIdOf('JZ-LF-01'), assignedOn: '2025-06-05' })).toMatchObject({ code: 'CONFLICT', reason: 'INVALID_TRANSITION' });
      expect(await wrong(CLOSE, { closedOn: '2025-06-05', outcome: 'WON', subsidy: '1500' })).toMatchObject({ code: 'CONFLICT', reason: 'INVALID_TRANSITION' });
      expect(await wrong(ACCEPT, { decidedOn: '2025-06-01' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.decidedOn', reason: 'BAD_DATE_ORDER' });

      const accepted = await h.request(ACCEPT, { i: { id, decidedOn: '2025-06-12' } }, OFFICER);
      expect(accepted.data.acceptLegalAidCase).toEqual({ id, status: 'ACCEPTED', decidedOn: '2025-06-12', assignmentDueOn: '2025-06-15', decisionOverdue: true });
      expect(await wrong(ACCEPT, { decidedOn: '2025-06-12' })).toMatchObject({ code: 'CONFLICT', reason: 'INVALID_TRANSITION' });
      expect(await wrong(REFUSE, { decidedOn: '2025-06-12', reason: 'NO_LEGAL_GROUNDS' })).toMatchObject({ code: 'CONFLICT', reason: 'INVALID_TRANSITION' });
      expect(await wrong(ASSIGN, { providerId: '00000000-0000-4000-8000-000000000000', assignedOn: '2025-06-13' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.providerId', reason: 'UNKNOWN_PROVIDER' });

      const assigned = await h.request(ASSIGN, { i: { id, providerId: providerIdOf('JZ-GL-102'), assignedOn: '2025-06-13' } }, OFFICER);
      expect(assigned.data.assignLegalAidCase).toEqual({ id, status: 'ASSIGNED', assignedOn: '2025-06-13', provider: { name: '李哥庄镇法律服务所', kind: 'GRASSROOTS_LEGAL_SERVICE' } });
      expect(await wrong(CLOSE, { closedOn: '2025-08-01', outcome: 'SENTENCE_MITIGATED', subsidy: '1500' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.outcome', reason: 'OUTCOME_MISMATCH' });
      expect(await wrong(CLOSE, { closedOn: '2025-08-01', outcome: 'WON', subsidy: '4000.01' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.subsidy', reason: 'AMOUNT_ABOVE_LIMIT' });
      expect(await wrong(CLOSE, { closedOn: '2025-08-01', outcome: 'WON', subsidy: '-1' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.subsidy', reason: 'BAD_AMOUNT' });

      const closed = await h.request(CLOSE, { i: { id, closedOn: '2025-08-01', outcome: 'MEDIATED', subsidy: '1500.5' } }, OFFICER);
      expect(closed.data.closeLegalAidCase).toEqual({ id, status: 'CLOSED', closedOn: '2025-08-01', outcome: 'MEDIATED', subsidy: '1500.50' });
      expect(await wrong(WITHDRAW, { withdrawnOn: '2025-08-02', reason: 'APPLICANT_WITHDREW' })).toMatchObject({ code: 'CONFLICT', reason: 'INVALID_TRANSITION' });
      expect(await wrong(CLOSE, { closedOn: '2025-08-02', outcome: 'WON', subsidy: '1' })).toMatchObject({ code: 'CONFLICT', reason: 'INVALID_TRANSITION' });

      const writes = await auditedWritesOf(h, 'LegalAidCase', id);
      expect(writes.map((w) => [w.action, w.changes.status])).toEqual([
        ['create', [null, 'APPLIED']], ['update', ['APPLIED', 'ACCEPTED']], ['update', ['ACCEPTED', 'ASSIGNED']], ['update', ['ASSIGNED', 'CLOSED']],
      ]);
      expect(writes[3].changes.subsidy).toEqual([null, '1500.50']);
    });

    it('refuses (with a reason that fits the ground) and withdraws, both final', async () => {
      const [a, b] = fresh().slice(1, 3);
      const hardship = (await h.request(APPLY, { i: input(a, { aidType: 'CIVIL_REPRESENTATION', matter: 'TRAFFIC_ACCIDENT', eligibility: 'ECONOMIC_HARDSHIP' }) }, OFFICER)).data.applyForLegalAid;
      expect(hardship.economicTestRequired).toBe(true);
      const refused = await h.request(REFUSE, { i: { id: hardship.id, decidedOn: '2025-06-05', reason: 'NOT_ECONOMIC_HARDSHIP' } }, OFFICER);
      expect(refused.data.refuseLegalAidCase).toEqual({ id: hardship.id, status: 'REFUSED', decidedOn: '2025-06-05', refusalReason: 'NOT_ECONOMIC_HARDSHIP' });
      const after = await h.request(ACCEPT, { i: { id: hardship.id, decidedOn: '2025-06-06' } }, OFFICER);
      expect(after.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'INVALID_TRANSITION' });

      const migrant = (await h.request(APPLY, { i: input(b) }, OFFICER)).data.applyForLegalAid;
      const mismatch = await h.request(REFUSE, { i: { id: migrant.id, decidedOn: '2025-06-05', reason: 'NOT_ECONOMIC_HARDSHIP' } }, OFFICER);
      expect(mismatch.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.reason', reason: 'ELIGIBILITY_MISMATCH' });
      const withdrawn = await h.request(WITHDRAW, { i: { id: migrant.id, withdrawnOn: '2025-06-04', reason: 'APPLICANT_WITHDREW' } }, OFFICER);
      expect(withdrawn.data.withdrawLegalAidCase).toEqual({ id: migrant.id, status: 'WITHDRAWN', withdrawnOn: '2025-06-04', withdrawalReason: 'APPLICANT_WITHDREW' });
      // a new application for the same matter is fine once the first is no longer open
      const again = await h.request(APPLY, { i: input(b, { appliedOn: '2025-07-01' }) }, OFFICER);
      expect(again.errors).toBeUndefined();
      const dup = await h.request(APPLY, { i: input(b, { appliedOn: '2025-07-02' }) }, OFFICER);
      expect(dup.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'DUPLICATE_APPLICATION' });
      expect(await count(b.id)).toBe(2);
    });

    it('assigns no criminal case to a grassroots legal service office', async () => {
      const p = fresh()[3];
      const c = (await h.request(APPLY, { i: input(p, { aidType: 'CRIMINAL_DEFENCE', matter: 'CRIMINAL', eligibility: 'APPOINTED_DEFENCE' }) }, OFFICER)).data.applyForLegalAid;
      await h.request(ACCEPT, { i: { id: c.id, decidedOn: '2025-06-02' } }, OFFICER);
      const r = await h.request(ASSIGN, { i: { id: c.id, providerId: providerIdOf('JZ-GL-105'), assignedOn: '2025-06-03' } }, OFFICER);
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.providerId', reason: 'PROVIDER_NOT_QUALIFIED' });
      const ok = await h.request(ASSIGN, { i: { id: c.id, providerId: providerIdOf('JZ-LAC'), assignedOn: '2025-06-03' } }, OFFICER);
      expect(ok.data.assignLegalAidCase.provider).toEqual({ name: '胶州市法律援助中心', kind: 'LEGAL_AID_CENTRE' });
    });

    it('answers a retry with the same idempotency key with the first case; the key with another input is CONFLICT', async () => {
      const p = fresh()[4];
      const key = `legal-aid-test-${kind}-0001`;
      const first = await h.request(APPLY, { i: { ...input(p), idempotencyKey: key } }, OFFICER);
      const retry = await h.request(APPLY, { i: { ...input(p), idempotencyKey: key } }, OFFICER);
      expect(retry.data.applyForLegalAid.id).toBe(first.data.applyForLegalAid.id);
      const reused = await h.request(APPLY, { i: { ...input(p, { matter: 'WORK_INJURY' }), idempotencyKey: key } }, OFFICER);
      expect(reused.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'IDEMPOTENCY_KEY_REUSED' });
      expect(await count(p.id)).toBe(1);
    });

    it('refuses other roles and bad input, naming the field by its path; nothing is written', async () => {
      const p = fresh()[5];
      for (const who of [ANALYST, OTHER_OFFICER, { role: 'caseworker' as const, township: p.townshipCode }, { role: 'auditor' as const }]) {
        const refused = await h.request(APPLY, { i: input(p) }, who);
        expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      }
      const cases: [Record<string, unknown>, string, string][] = [
        [{ personId: 'nobody' }, 'input.personId', 'BAD_ID'],
        [{ townshipCode: '370281999' }, 'input.townshipCode', 'UNKNOWN_TOWNSHIP'],
        [{ appliedOn: '2025-02-30' }, 'input.appliedOn', 'BAD_DATE'],
        [{ appliedOn: '2999-01-01' }, 'input.appliedOn', 'DATE_OUT_OF_RANGE'],
        [{ appliedOn: '2021-06-01' }, 'input.appliedOn', 'BEFORE_PROGRAMME'],
        [{ aidType: 'CRIMINAL_DEFENCE' }, 'input.matter', 'MATTER_MISMATCH'],
        [{ matter: 'TRAFFIC_ACCIDENT' }, 'input.eligibility', 'ELIGIBILITY_MISMATCH'],
        // the case lands with the applicant's own township's caseworkers, never another's
        [{ townshipCode: p.townshipCode === '370281001' ? '370281002' : '370281001' }, 'input.townshipCode', 'NOT_THE_PERSONS_TOWNSHIP'],
      ];
      for (const [change, field, reason] of cases) {
        const r = await h.request(APPLY, { i: input(p, change) }, OFFICER);
        expect({ change, ext: r.errors?.[0].extensions }).toMatchObject({ change, ext: { code: 'BAD_USER_INPUT', field, reason } });
      }
      const notInRegistry = await h.request(APPLY, { i: input(p, { personId: '00000000-0000-4000-8000-000000000000' }) }, OFFICER);
      expect(notInRegistry.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'personId', reason: 'NOT_IN_REGISTRY' });
      const unknown = await h.request(ACCEPT, { i: { id: '00000000-0000-4000-8000-000000000000', decidedOn: '2025-06-02' } }, OFFICER);
      expect(unknown.errors?.[0].extensions?.code).toBe('NOT_FOUND');
      const badYear = await h.request(`{ legalAidCases(first: 0, filter: { year: 1999 }) { totalCount } }`, undefined, OFFICER);
      expect(badYear.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.year', reason: 'BAD_YEAR' });
      expect(await count(p.id)).toBe(0);
    });
  });
});
