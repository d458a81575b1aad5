import { generatePopulation } from '@aidgraph/population';
import {
  assertIdempotentCreation, runConcurrently, startSubgraphHarness, testDatabaseKinds, type SubgraphHarness,
} from '@aidgraph/subgraph-kit/testing';
import { medical } from '../src/subgraph';
import { MedicalClaim } from '../src/modules/medical-claim/medical-claim.entity';

/** The kit's concurrency harness on every medical mutation: 50 calls at once against one record (issue 14 items 5, 6). */
const SEED = 'medical-concurrency';
const SIZE = 200;
const persons = generatePopulation({ seed: SEED, size: SIZE }).households.flatMap((h) => h.members).filter((p) => p.status === 'ACTIVE');
const OFFICER = { role: 'department_officer' as const, department: 'MEDICAL_SECURITY' };
const OTHER_OFFICER = { ...OFFICER, subject: 'test-other-medical-officer' };
const RECORD = `mutation($i: RecordMedicalClaimInput!) { recordMedicalClaim(input: $i) { id status totalCost } }`;
const CORRECT = `mutation($i: CorrectMedicalClaimInput!) { correctMedicalClaim(input: $i) { id totalCost } }`;
const WITHDRAW = `mutation($i: WithdrawMedicalClaimInput!) { withdrawMedicalClaim(input: $i) { id status } }`;

const claim = (p: (typeof persons)[number], admissionDate: string) => ({
  personId: p.id, townshipCode: p.townshipCode, hospital: '胶州市第三人民医院', diagnosis: '肺炎', careType: 'INPATIENT',
  admissionDate, dischargeDate: admissionDate, totalCost: '10000.00', basicInsurancePaid: '5000.00', eligibleSelfPay: '4000.00',
});

describe.each(testDatabaseKinds())('medical mutations under concurrency on %s', (kind) => {
  let h: SubgraphHarness;
  beforeAll(async () => {
    h = await startSubgraphHarness(medical, kind, { seedSize: SIZE, seed: SEED });
  });
  afterAll(() => h?.close());

  const claimsOf = (personId: string) => h.db.getRepository(MedicalClaim).countBy({ personId, hospital: '胶州市第三人民医院' });
  const record = async (p: (typeof persons)[number], date: string): Promise<string> => {
    const r = await h.request(RECORD, { i: claim(p, date) }, OFFICER);
    expect(r.errors).toBeUndefined();
    return r.data.recordMedicalClaim.id;
  };

  it('recordMedicalClaim: of 50 concurrent identical claims exactly one is recorded (DUPLICATE_CLAIM)', async () => {
    const p = persons[0];
    await runConcurrently(h, {
      mutation: RECORD, field: 'recordMedicalClaim', as: OFFICER, variables: () => ({ i: claim(p, '2025-03-01') }),
      expect: { succeed: 1, conflictReasons: ['DUPLICATE_CLAIM'], records: { count: () => claimsOf(p.id), equals: 1 } },
    });
  });

  it('correctMedicalClaim: 50 concurrent corrections to different totals all apply, one after the other, none lost', async () => {
    const id = await record(persons[1], '2025-03-02');
    await runConcurrently(h, {
      mutation: CORRECT, field: 'correctMedicalClaim', as: OFFICER, variables: (i) => ({ i: { id, totalCost: `${10001 + i}.00` } }),
      expect: {
        succeed: 'all',
        chain: {
          entity: 'MedicalClaim', key: id, sets: (i) => ({ totalCost: `${10001 + i}.00` }),
          stored: async () => ({ totalCost: (await h.db.getRepository(MedicalClaim).findOneByOrFail({ id })).totalCost }),
        },
      },
    });
  });

  it('withdrawMedicalClaim: of 50 concurrent withdrawals exactly one applies (ALREADY_WITHDRAWN)', async () => {
    const id = await record(persons[2], '2025-03-03');
    await runConcurrently(h, {
      mutation: WITHDRAW, field: 'withdrawMedicalClaim', as: OFFICER, variables: (i) => ({ i: { id, reason: `重复录入 ${i}` } }),
      expect: {
        succeed: 1, conflictReasons: ['ALREADY_WITHDRAWN'],
        chain: {
          entity: 'MedicalClaim', key: id, sets: () => ({ status: 'WITHDRAWN' }),
          stored: async () => ({ status: (await h.db.getRepository(MedicalClaim).findOneByOrFail({ id })).status }),
        },
      },
    });
  });

  it('recordMedicalClaim takes an idempotency key: a retry returns the first claim, a different payload is CONFLICT, 50 concurrent calls create one', async () => {
    const p = persons[3];
    await assertIdempotentCreation(h, {
      mutation: RECORD, field: 'recordMedicalClaim', as: OFFICER, other: OTHER_OFFICER,
      variables: (variant, key) => ({ i: { ...claim(p, `2025-04-0${variant + 1}`), idempotencyKey: key } }),
      count: () => claimsOf(p.id),
    });
  });

});
