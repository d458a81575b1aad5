import { legalAid } from '../src/subgraph';
import { LegalAidCase } from '../src/modules/legal-aid-case/legal-aid-case.entity';
import { providerIdOf } from '../src/modules/legal-service-provider/providers';
import { generatePopulation } from '@aidgraph/population';
import { assertIdempotentCreation, runConcurrently, startSubgraphHarness, testDatabaseKinds, type SubgraphHarness } from '@aidgraph/subgraph-kit/testing';

const SEED = 'legal-aid-concurrency';
const SIZE = 300;
const persons = generatePopulation({ seed: SEED, size: SIZE }).households.flatMap((h) => h.members).filter((p) => p.status === 'ACTIVE' && p.age >= 18);
const OFFICER = { role: 'department_officer' as const, department: 'JUSTICE' };
const OTHER_OFFICER = { ...OFFICER, subject: 'test-other-justice-officer' };
const APPLY = `mutation($i: ApplyForLegalAidInput!) { applyForLegalAid(input: $i) { id } }`;
const ACCEPT = `mutation($i: AcceptLegalAidCaseInput!) { acceptLegalAidCase(input: $i) { id status } }`;
const REFUSE = `mutation($i: RefuseLegalAidCaseInput!) { refuseLegalAidCase(input: $i) { id status } }`;
const ASSIGN = `mutation($i: AssignLegalAidCaseInput!) { assignLegalAidCase(input: $i) { id status } }`;
const CLOSE = `mutation($i: CloseLegalAidCaseInput!) { closeLegalAidCase(input: $i) { id status } }`;
const WITHDRAW = `mutation($i: WithdrawLegalAidCaseInput!) { withdrawLegalAidCase(input: $i) { id status } }`;

/**
 * Write races on one case (the kit's concurrency harness: 50 calls at once of every mutation; on PostgreSQL they really
 * run in parallel, each step locks the case with lockedRecord): of concurrent steps from one status exactly one
 * succeeds and the others get CONFLICT INVALID_TRANSITION; concurrent identical applications add one case.
 */
describe.each(testDatabaseKinds())('legal-aid write races on %s', (kind) => {
  let h: SubgraphHarness;
  beforeAll(async () => {
    h = await startSubgraphHarness(legalAid, kind, { seedSize: SIZE, seed: SEED });
  });
  afterAll(() => h?.close());

  const input = (p: (typeof persons)[number], variant = 0) => ({
    personId: p.id, appliedOn: '2025-05-06', townshipCode: p.townshipCode,
    ...[
      { aidType: 'LABOUR_ARBITRATION', matter: 'WAGE_ARREARS', eligibility: 'MIGRANT_WORKER' },
      { aidType: 'CIVIL_REPRESENTATION', matter: 'TRAFFIC_ACCIDENT', eligibility: 'ECONOMIC_HARDSHIP' },
      { aidType: 'LEGAL_DOCUMENT', matter: 'MAINTENANCE', eligibility: 'ASSISTANCE_RECIPIENT' },
    ][variant],
  });
  const count = async (personId: string) => Number((await h.db.query(`SELECT COUNT(*) AS n FROM legal_aid_case WHERE "personId" = '${personId}'`))[0].n);
  const stored = async (id: string) => ({ status: (await h.db.getRepository(LegalAidCase).findOneByOrFail({ id })).status });
  /** a case of `p` taken to `status` through the API */
  async function caseAt(p: (typeof persons)[number], status: 'APPLIED' | 'ACCEPTED' | 'ASSIGNED'): Promise<string> {
    const id = (await h.request(APPLY, { i: input(p) }, OFFICER)).data.applyForLegalAid.id;
    if (status !== 'APPLIED') await h.request(ACCEPT, { i: { id, decidedOn: '2025-05-08' } }, OFFICER);
    if (status === 'ASSIGNED') await h.request(ASSIGN, { i: { id, providerId: providerIdOf('JZ-LF-02'), assignedOn: '2025-05-09' } }, OFFICER);
    return id;
  }

  it('applyForLegalAid: of 50 concurrent identical applications exactly one is recorded, the others get DUPLICATE_APPLICATION', async () => {
    const p = persons[1];
    await runConcurrently(h, {
      mutation: APPLY, field: 'applyForLegalAid', as: OFFICER, variables: () => ({ i: input(p) }),
      expect: { succeed: 1, conflictReasons: ['DUPLICATE_APPLICATION'], records: { count: () => count(p.id), equals: 1 } },
    });
  });

  it('acceptLegalAidCase: of 50 concurrent decisions exactly one applies, the others get INVALID_TRANSITION', async () => {
    const id = await caseAt(persons[2], 'APPLIED');
    await runConcurrently(h, {
      mutation: ACCEPT, field: 'acceptLegalAidCase', as: OFFICER, variables: () => ({ i: { id, decidedOn: '2025-05-08' } }),
      expect: { succeed: 1, conflictReasons: ['INVALID_TRANSITION'], chain: { entity: 'LegalAidCase', key: id, sets: () => ({ status: 'ACCEPTED' }), stored: () => stored(id) } },
    });
  });

  it('accept and refuse racing on one application: exactly one decision stands', async () => {
    const id2 = await caseAt(persons[3], 'APPLIED');
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        i % 2
          ? h.request(ACCEPT, { i: { id: id2, decidedOn: '2025-05-08' } }, OFFICER)
          : h.request(REFUSE, { i: { id: id2, decidedOn: '2025-05-08', reason: 'NO_LEGAL_GROUNDS' } }, OFFICER),
      ),
    );
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    for (const r of results.filter((x) => x.errors)) expect(r.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'INVALID_TRANSITION' });
    const final = (await stored(id2)).status;
    expect(['ACCEPTED', 'REFUSED']).toContain(final);
    expect(results.find((r) => !r.errors)!.data[final === 'ACCEPTED' ? 'acceptLegalAidCase' : 'refuseLegalAidCase'].status).toBe(final);
  });

  it('assignLegalAidCase: of 50 concurrent assignments to different providers exactly one applies', async () => {
    const id = await caseAt(persons[5], 'ACCEPTED');
    const providers = ['JZ-LAC', 'JZ-LF-01', 'JZ-LF-03'].map(providerIdOf);
    await runConcurrently(h, {
      mutation: ASSIGN, field: 'assignLegalAidCase', as: OFFICER, variables: (i) => ({ i: { id, providerId: providers[i % 3], assignedOn: '2025-05-09' } }),
      expect: { succeed: 1, conflictReasons: ['INVALID_TRANSITION'], chain: { entity: 'LegalAidCase', key: id, stored: () => stored(id) } },
    });
  });

  it('closeLegalAidCase and withdrawLegalAidCase racing on an assigned case: exactly one ends it', async () => {
    const id = await caseAt(persons[6], 'ASSIGNED');
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        i % 2
          ? h.request(CLOSE, { i: { id, closedOn: '2025-07-01', outcome: 'WON', subsidy: '1500' } }, OFFICER)
          : h.request(WITHDRAW, { i: { id, withdrawnOn: '2025-06-01', reason: 'OWN_LAWYER_RETAINED' } }, OFFICER),
      ),
    );
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    for (const r of results.filter((x) => x.errors)) expect(r.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'INVALID_TRANSITION' });
    expect(['CLOSED', 'WITHDRAWN']).toContain((await stored(id)).status);
  });

  it('closeLegalAidCase: of 50 concurrent closings exactly one applies', async () => {
    const id = await caseAt(persons[7], 'ASSIGNED');
    await runConcurrently(h, {
      mutation: CLOSE, field: 'closeLegalAidCase', as: OFFICER, variables: (i) => ({ i: { id, closedOn: '2025-07-01', outcome: 'WON', subsidy: `${1000 + i}` } }),
      expect: { succeed: 1, conflictReasons: ['INVALID_TRANSITION'], chain: { entity: 'LegalAidCase', key: id, stored: () => stored(id) } },
    });
  });

  it('withdrawLegalAidCase: of 50 concurrent withdrawals exactly one applies', async () => {
    const id = await caseAt(persons[8], 'ACCEPTED');
    await runConcurrently(h, {
      mutation: WITHDRAW, field: 'withdrawLegalAidCase', as: OFFICER, variables: () => ({ i: { id, withdrawnOn: '2025-05-20', reason: 'APPLICANT_WITHDREW' } }),
      expect: { succeed: 1, conflictReasons: ['INVALID_TRANSITION'], chain: { entity: 'LegalAidCase', key: id, sets: () => ({ status: 'WITHDRAWN' }), stored: () => stored(id) } },
    });
  });

  it('refuseLegalAidCase: of 50 concurrent refusals exactly one applies', async () => {
    const id = await caseAt(persons[9], 'APPLIED');
    await runConcurrently(h, {
      mutation: REFUSE, field: 'refuseLegalAidCase', as: OFFICER, variables: () => ({ i: { id, decidedOn: '2025-05-08', reason: 'MATERIALS_INCOMPLETE' } }),
      expect: { succeed: 1, conflictReasons: ['INVALID_TRANSITION'] },
    });
  });

  it('applyForLegalAid takes an idempotency key: a retry returns the first case, a different payload is CONFLICT, 50 concurrent calls create one', async () => {
    const p = persons[10];
    await assertIdempotentCreation(h, {
      mutation: APPLY, field: 'applyForLegalAid', as: OFFICER, other: OTHER_OFFICER,
      variables: (variant, key) => ({ i: { ...input(p, variant), idempotencyKey: key } }),
      count: () => count(p.id),
    });
  });

  it('declares LegalAidCase.person nullable, so a person the registry does not return nulls only that field', async () => {
    const r = await h.request(`{ _service { sdl } }`);
    const type = /type LegalAidCase[^{]*\{([\s\S]*?)\n\}/.exec(r.data._service.sdl)![1];
    expect(type).toMatch(/\n\s*person: Person\n/);
  });
});
