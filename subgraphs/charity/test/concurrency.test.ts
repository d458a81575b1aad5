import { generatePopulation } from '@aidgraph/population';
import {
  assertIdempotentCreation, runConcurrently, startSubgraphHarness, testDatabaseKinds, type SubgraphHarness,
} from '@aidgraph/subgraph-kit/testing';
import { charity } from '../src/subgraph';
import { CharityProject } from '../src/modules/charity-project/charity-project.entity';
import { CharityDonation } from '../src/modules/charity-donation/charity-donation.entity';
import { CharityGrant } from '../src/modules/charity-grant/charity-grant.entity';

/** The kit's concurrency harness on every charity mutation: 50 calls at once against one record (issue 14 items 5, 6). */
const SEED = 'charity-concurrency';
const SIZE = 200;
const persons = generatePopulation({ seed: SEED, size: SIZE }).households.flatMap((x) => x.members).filter((p) => p.status === 'ACTIVE');
const OFFICER = { role: 'department_officer' as const, department: 'CHARITY_FEDERATION' };
const OTHER_OFFICER = { ...OFFICER, subject: 'test-other-charity-officer' };
const CREATE = `mutation($i: CreateCharityProjectInput!) { createCharityProject(input: $i) { id } }`;
const UPDATE = `mutation($i: UpdateCharityProjectInput!) { updateCharityProject(input: $i) { id budget } }`;
const CLOSE = `mutation($i: CloseCharityProjectInput!) { closeCharityProject(input: $i) { id status closedOn } }`;
const DONATE = `mutation($i: RecordCharityDonationInput!) { recordCharityDonation(input: $i) { id } }`;
const CORRECT_DONATION = `mutation($i: CorrectCharityDonationInput!) { correctCharityDonation(input: $i) { id amount } }`;
const REFUND = `mutation($i: RefundCharityDonationInput!) { refundCharityDonation(input: $i) { id status } }`;
const GRANT = `mutation($i: RecordCharityGrantInput!) { recordCharityGrant(input: $i) { id } }`;
const WITHDRAW = `mutation($i: WithdrawCharityGrantInput!) { withdrawCharityGrant(input: $i) { id status } }`;

const project = (name: string) => ({ name, purpose: '并发测试', targetGroups: ['DIBAO_RECIPIENT'], budget: '100000.00', startDate: '2026-01-01', endDate: '2026-12-31' });
const donation = (projectId: string, amount: string) => ({ projectId, donorKind: 'ENTERPRISE', donorName: '胶州市测试有限公司', amount, receivedOn: '2026-02-01' });
const grant = (projectId: string, amount: string, p = persons[0]) => ({ projectId, personId: p.id, townshipCode: p.townshipCode, amount, grantedOn: '2026-03-01', reason: '并发测试救助' });

describe.each(testDatabaseKinds())('charity mutations under concurrency on %s', (kind) => {
  let h: SubgraphHarness;
  beforeAll(async () => {
    h = await startSubgraphHarness(charity, kind, { seedSize: SIZE, seed: SEED });
  });
  afterAll(() => h?.close());

  const ok = async (query: string, i: Record<string, unknown>, field: string): Promise<string> => {
    const r = await h.request(query, { i }, OFFICER);
    expect(r.errors).toBeUndefined();
    return r.data[field].id;
  };
  /** a new OPEN project holding `received` yuan of donations */
  const funded = async (name: string, received: string): Promise<string> => {
    const id = await ok(CREATE, project(name), 'createCharityProject');
    await ok(DONATE, donation(id, received), 'recordCharityDonation');
    return id;
  };
  const totals = async (id: string) => (await h.request(`query($id: ID!) { charityProject(id: $id) { received granted balance } }`, { id }, OFFICER)).data.charityProject;

  it('createCharityProject: 50 concurrent creations make 50 projects (a project has no natural key; retries use idempotency keys)', async () => {
    const count = () => h.db.getRepository(CharityProject).countBy({ name: '并发创建' });
    await runConcurrently(h, {
      mutation: CREATE, field: 'createCharityProject', as: OFFICER, variables: () => ({ i: project('并发创建') }),
      expect: { succeed: 'all', records: { count, equals: 50 } },
    });
  });

  it('updateCharityProject: 50 concurrent corrections to different budgets all apply, one after the other, none lost', async () => {
    const id = await ok(CREATE, project('并发更正'), 'createCharityProject');
    await runConcurrently(h, {
      mutation: UPDATE, field: 'updateCharityProject', as: OFFICER, variables: (i) => ({ i: { id, budget: `${50000 + i}.00` } }),
      expect: {
        succeed: 'all',
        chain: { entity: 'CharityProject', key: id, sets: (i) => ({ budget: `${50000 + i}.00` }), stored: async () => ({ budget: (await h.db.getRepository(CharityProject).findOneByOrFail({ id })).budget }) },
      },
    });
  });

  it('closeCharityProject: of 50 concurrent closings with different dates exactly one applies (ALREADY_CLOSED)', async () => {
    const id = await ok(CREATE, project('并发结项'), 'createCharityProject');
    const out = await runConcurrently(h, {
      mutation: CLOSE, field: 'closeCharityProject', as: OFFICER, variables: (i) => ({ i: { id, closedOn: `2026-12-${String(1 + (i % 28)).padStart(2, '0')}` } }),
      expect: { succeed: 1, conflictReasons: ['ALREADY_CLOSED'] },
    });
    expect((await h.db.getRepository(CharityProject).findOneByOrFail({ id })).closedOn).toBe(out.successes[0].data.closedOn);
  });

  it('recordCharityDonation: 50 concurrent donations to one project are all recorded, and the project received all of them', async () => {
    const id = await ok(CREATE, project('并发捐赠'), 'createCharityProject');
    await runConcurrently(h, {
      mutation: DONATE, field: 'recordCharityDonation', as: OFFICER, variables: () => ({ i: donation(id, '10.00') }),
      expect: { succeed: 'all', records: { count: () => h.db.getRepository(CharityDonation).countBy({ projectId: id }), equals: 50 } },
    });
    expect(await totals(id)).toEqual({ received: '500.00', granted: '0.00', balance: '500.00' });
  });

  it('correctCharityDonation: 50 concurrent corrections to different amounts all apply, one after the other, none lost', async () => {
    const projectId = await ok(CREATE, project('并发更正捐赠'), 'createCharityProject');
    const id = await ok(DONATE, donation(projectId, '1000.00'), 'recordCharityDonation');
    await runConcurrently(h, {
      mutation: CORRECT_DONATION, field: 'correctCharityDonation', as: OFFICER, variables: (i) => ({ i: { id, amount: `${2000 + i}.00` } }),
      expect: {
        succeed: 'all',
        chain: { entity: 'CharityDonation', key: id, sets: (i) => ({ amount: `${2000 + i}.00` }), stored: async () => ({ amount: (await h.db.getRepository(CharityDonation).findOneByOrFail({ id })).amount }) },
      },
    });
  });

  it('refundCharityDonation: of 50 concurrent refunds exactly one applies (ALREADY_REFUNDED)', async () => {
    const projectId = await ok(CREATE, project('并发退款'), 'createCharityProject');
    const id = await ok(DONATE, donation(projectId, '1000.00'), 'recordCharityDonation');
    await runConcurrently(h, {
      mutation: REFUND, field: 'refundCharityDonation', as: OFFICER, variables: (i) => ({ i: { id, refundedOn: '2026-03-01', reason: `捐赠人申请退回 ${i}` } }),
      expect: { succeed: 1, conflictReasons: ['ALREADY_REFUNDED'] },
    });
    expect(await totals(projectId)).toEqual({ received: '0.00', granted: '0.00', balance: '0.00' });
  });

  it('recordCharityGrant: 50 concurrent grants of 100 from a balance of 1000 make exactly 10 (INSUFFICIENT_BALANCE)', async () => {
    const id = await funded('并发救助', '1000.00');
    await runConcurrently(h, {
      mutation: GRANT, field: 'recordCharityGrant', as: OFFICER, variables: (i) => ({ i: grant(id, '100.00', persons[i % 10]) }),
      expect: { succeed: 10, conflictReasons: ['INSUFFICIENT_BALANCE'], records: { count: () => h.db.getRepository(CharityGrant).countBy({ projectId: id }), equals: 10 } },
    });
    expect(await totals(id)).toEqual({ received: '1000.00', granted: '1000.00', balance: '0.00' });
  });

  it('withdrawCharityGrant: of 50 concurrent withdrawals exactly one applies (ALREADY_WITHDRAWN), and the amount returns once', async () => {
    const projectId = await funded('并发撤回', '1000.00');
    const id = await ok(GRANT, grant(projectId, '300.00'), 'recordCharityGrant');
    await runConcurrently(h, {
      mutation: WITHDRAW, field: 'withdrawCharityGrant', as: OFFICER, variables: (i) => ({ i: { id, withdrawnOn: '2026-03-05', reason: `重复发放 ${i}` } }),
      expect: { succeed: 1, conflictReasons: ['ALREADY_WITHDRAWN'] },
    });
    expect(await totals(projectId)).toEqual({ received: '1000.00', granted: '0.00', balance: '1000.00' });
  });

  it('createCharityProject takes an idempotency key (retry, reuse, other caller, 50 concurrent)', async () => {
    const names = ['幂等项目甲', '幂等项目乙', '幂等项目丙'];
    await assertIdempotentCreation(h, {
      mutation: CREATE, field: 'createCharityProject', as: OFFICER, other: OTHER_OFFICER,
      variables: (variant, key) => ({ i: { ...project(names[variant]), idempotencyKey: key } }),
      count: () => h.db.getRepository(CharityProject).count(),
    });
  });

  it('recordCharityDonation takes an idempotency key (retry, reuse, other caller, 50 concurrent)', async () => {
    const projectId = await ok(CREATE, project('幂等捐赠'), 'createCharityProject');
    await assertIdempotentCreation(h, {
      mutation: DONATE, field: 'recordCharityDonation', as: OFFICER, other: OTHER_OFFICER,
      variables: (variant, key) => ({ i: { ...donation(projectId, `${100 + variant}.00`), idempotencyKey: key } }),
      count: () => h.db.getRepository(CharityDonation).countBy({ projectId }),
    });
  });

  it('recordCharityGrant takes an idempotency key (retry, reuse, other caller, 50 concurrent)', async () => {
    const projectId = await funded('幂等救助', '10000.00');
    await assertIdempotentCreation(h, {
      mutation: GRANT, field: 'recordCharityGrant', as: OFFICER, other: OTHER_OFFICER,
      variables: (variant, key) => ({ i: { ...grant(projectId, `${100 + variant}.00`), idempotencyKey: key } }),
      count: () => h.db.getRepository(CharityGrant).countBy({ projectId }),
    });
  });

});
