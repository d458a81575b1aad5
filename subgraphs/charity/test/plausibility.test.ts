import { generatePopulation } from '@aidgraph/population';
import {
  expectRefusedUnchanged, startSubgraphHarness, tableSnapshot, testDatabaseKinds, type SubgraphHarness,
} from '@aidgraph/subgraph-kit/testing';
import { charity } from '../src/subgraph';

/**
 * Issue 14, item 11: the charity federation's writes are checked against its limits tables (bundled placeholders: one
 * grant at most 50000.00 to a person, 100000.00 to a household; one donation at most 50,000,000.00), the budget bound,
 * date windows (what has happened is not in the future; nothing before 2000 or more than 10 years ahead) and, for
 * grants to a person, civil affairs' registry. Each refusal changes nothing.
 */
const SEED = 'charity-plausibility';
const SIZE = 200;
const people = generatePopulation({ seed: SEED, size: SIZE }).households.flatMap((h) => h.members).filter((m) => m.status === 'ACTIVE');
const OFFICER = { role: 'department_officer' as const, department: 'CHARITY_FEDERATION' };
const CREATE = `mutation($i: CreateCharityProjectInput!) { createCharityProject(input: $i) { id } }`;
const UPDATE = `mutation($i: UpdateCharityProjectInput!) { updateCharityProject(input: $i) { id } }`;
const DONATE = `mutation($i: RecordCharityDonationInput!) { recordCharityDonation(input: $i) { id } }`;
const CORRECT_DONATION = `mutation($i: CorrectCharityDonationInput!) { correctCharityDonation(input: $i) { id } }`;
const GRANT = `mutation($i: RecordCharityGrantInput!) { recordCharityGrant(input: $i) { id amount } }`;
const tomorrow = () => new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);

describe.each(testDatabaseKinds())('charity writes are plausible on %s', (kind) => {
  let h: SubgraphHarness;
  beforeAll(async () => {
    h = await startSubgraphHarness(charity, kind, { seedSize: SIZE, seed: SEED });
  });
  afterAll(() => h?.close());
  const snapshot = () => tableSnapshot(h, ['charity_project', 'charity_donation', 'charity_grant'])();
  const project = (extra: Record<string, unknown> = {}) => ({
    i: { name: '测试项目', purpose: '测试用', targetGroups: ['DIBAO_RECIPIENT'], budget: '100000', startDate: '2025-01-01', endDate: '2030-12-31', ...extra },
  });

  it('projects, donations and grants: amounts within the limits, dates in range, persons in the registry', async () => {
    await expectRefusedUnchanged(h, {
      mutation: CREATE, as: OFFICER, snapshot,
      cases: [
        { name: 'absurd budget', variables: project({ budget: '9999999999999.99' }), code: 'BAD_USER_INPUT', field: 'input.budget', reason: 'AMOUNT_ABOVE_LIMIT' },
        { name: 'starts in 1900', variables: project({ startDate: '1900-01-01' }), code: 'BAD_USER_INPUT', field: 'input.startDate', reason: 'DATE_OUT_OF_RANGE' },
        { name: 'ends in 2999', variables: project({ endDate: '2999-12-31' }), code: 'BAD_USER_INPUT', field: 'input.endDate', reason: 'DATE_OUT_OF_RANGE' },
      ],
    });
    const created = await h.request(CREATE, project(), OFFICER);
    expect(created.errors).toBeUndefined();
    const projectId = created.data.createCharityProject.id;
    await expectRefusedUnchanged(h, {
      mutation: UPDATE, as: OFFICER, snapshot,
      cases: [
        { name: 'absurd budget', variables: { i: { id: projectId, budget: '9999999999999.99' } }, code: 'BAD_USER_INPUT', field: 'input.budget', reason: 'AMOUNT_ABOVE_LIMIT' },
        { name: 'ends in 2999', variables: { i: { id: projectId, endDate: '2999-12-31' } }, code: 'BAD_USER_INPUT', field: 'input.endDate', reason: 'DATE_OUT_OF_RANGE' },
      ],
    });

    const donation = (extra: Record<string, unknown> = {}) => ({
      i: { projectId, donorKind: 'ENTERPRISE', donorName: '胶州市测试有限公司', amount: '60000', receivedOn: '2025-02-01', ...extra },
    });
    await expectRefusedUnchanged(h, {
      mutation: DONATE, as: OFFICER, snapshot,
      cases: [
        { name: 'absurd donation', variables: donation({ amount: '9999999999999.99' }), code: 'BAD_USER_INPUT', field: 'input.amount', reason: 'AMOUNT_ABOVE_LIMIT' },
        { name: 'one fen above', variables: donation({ amount: '50000000.01' }), code: 'BAD_USER_INPUT', field: 'input.amount', reason: 'AMOUNT_ABOVE_LIMIT' },
        { name: 'received in 1900', variables: donation({ receivedOn: '1900-01-01' }), code: 'BAD_USER_INPUT', field: 'input.receivedOn', reason: 'DATE_OUT_OF_RANGE' },
        { name: 'received in the future', variables: donation({ receivedOn: tomorrow() }), code: 'BAD_USER_INPUT', field: 'input.receivedOn', reason: 'DATE_OUT_OF_RANGE' },
      ],
    });
    const donated = await h.request(DONATE, donation(), OFFICER);
    expect(donated.errors).toBeUndefined();
    const donationId = donated.data.recordCharityDonation.id;
    await expectRefusedUnchanged(h, {
      mutation: CORRECT_DONATION, as: OFFICER, snapshot,
      cases: [
        { name: 'corrected far above', variables: { i: { id: donationId, amount: '9999999999999.99' } }, code: 'BAD_USER_INPUT', field: 'input.amount', reason: 'AMOUNT_ABOVE_LIMIT' },
        { name: 'received in 1900', variables: { i: { id: donationId, receivedOn: '1900-01-01' } }, code: 'BAD_USER_INPUT', field: 'input.receivedOn', reason: 'DATE_OUT_OF_RANGE' },
      ],
    });

    const p = people[0];
    const grant = (extra: Record<string, unknown> = {}) => ({
      i: { projectId, personId: p.id, townshipCode: p.townshipCode, amount: '1000', grantedOn: '2025-03-01', reason: '测试救助', ...extra },
    });
    await expectRefusedUnchanged(h, {
      mutation: GRANT, as: OFFICER, snapshot,
      cases: [
        { name: 'absurd grant', variables: grant({ amount: '9999999999999.99' }), code: 'BAD_USER_INPUT', field: 'input.amount', reason: 'AMOUNT_ABOVE_LIMIT' },
        { name: 'one fen above the per-person limit', variables: grant({ amount: '50000.01' }), code: 'BAD_USER_INPUT', field: 'input.amount', reason: 'AMOUNT_ABOVE_LIMIT' },
        { name: 'granted in 1900', variables: grant({ grantedOn: '1900-01-01' }), code: 'BAD_USER_INPUT', field: 'input.grantedOn', reason: 'DATE_OUT_OF_RANGE' },
        { name: 'granted in the future', variables: grant({ grantedOn: tomorrow() }), code: 'BAD_USER_INPUT', field: 'input.grantedOn', reason: 'DATE_OUT_OF_RANGE' },
        { name: 'a person not in the registry', variables: grant({ personId: '00000000-0000-4000-8000-00000000dead' }), code: 'NOT_FOUND', field: 'personId', reason: 'NOT_IN_REGISTRY' },
      ],
    });
    const ok = await h.request(GRANT, grant({ amount: '50000.00' }), OFFICER);
    expect(ok.errors).toBeUndefined();
    expect(ok.data.recordCharityGrant.amount).toBe('50000.00');
  });
});
