import { generatePopulation } from '@aidgraph/population';
import {
  assertIdempotentCreation, runConcurrently, startSubgraphHarness, testDatabaseKinds, type SubgraphHarness,
} from '@aidgraph/subgraph-kit/testing';
import { housing } from '../src/subgraph';
import { RentSubsidy } from '../src/modules/rent-subsidy/rent-subsidy.entity';
import { PublicRentalAllocation } from '../src/modules/public-rental-allocation/public-rental-allocation.entity';
import { DilapidatedHouseRenovation } from '../src/modules/dilapidated-house-renovation/dilapidated-house-renovation.entity';

/** The kit's concurrency harness on every housing mutation: 50 calls at once against one record (issue 14 items 5, 6). */
const SEED = 'housing-concurrency';
const SIZE = 400;
const owned = generatePopulation({ seed: SEED, size: SIZE }).households.filter((x) => x.housing === 'OWNED' && x.members[0].status === 'ACTIVE');
const urbanOwned = owned.filter((x) => x.urban);
const ruralOwned = owned.filter((x) => !x.urban);
type H = (typeof owned)[number];
const OFFICER = { role: 'department_officer' as const, department: 'HOUSING' };
const OTHER_OFFICER = { ...OFFICER, subject: 'test-other-housing-officer' };
const RECORD_SUBSIDY = `mutation($i: RecordRentSubsidyInput!) { recordRentSubsidy(input: $i) { id } }`;
const CORRECT_SUBSIDY = `mutation($i: CorrectRentSubsidyInput!) { correctRentSubsidy(input: $i) { id monthlyAmount } }`;
const RECORD_LEASE = `mutation($i: RecordPublicRentalAllocationInput!) { recordPublicRentalAllocation(input: $i) { id } }`;
const CORRECT_LEASE = `mutation($i: CorrectPublicRentalAllocationInput!) { correctPublicRentalAllocation(input: $i) { id monthlyRent } }`;
const RECORD_RENOVATION = `mutation($i: RecordDilapidatedHouseRenovationInput!) { recordDilapidatedHouseRenovation(input: $i) { id } }`;
const CORRECT_RENOVATION = `mutation($i: CorrectDilapidatedHouseRenovationInput!) { correctDilapidatedHouseRenovation(input: $i) { id subsidy } }`;

const subsidy = (x: H) => ({ householdId: x.id, applicantId: x.headId, townshipCode: x.townshipCode, monthlyAmount: '300.00', startMonth: '2026-01', endMonth: '2026-12' });
const lease = (x: H, n: number) => ({
  householdId: x.id, applicantId: x.headId, townshipCode: x.townshipCode, dwellingAddress: `胶州市并发苑${n}号楼1单元101室`,
  area: '45.50', monthlyRent: '180.00', leaseStart: '2026-01-01', leaseEnd: '2028-12-31',
});
const renovation = (x: H) => ({ householdId: x.id, applicantId: x.headId, townshipCode: x.townshipCode, villageCode: x.villageCode, grade: 'D', subsidy: '35000.00', assessedOn: '2026-03-10' });

describe.each(testDatabaseKinds())('housing mutations under concurrency on %s', (kind) => {
  let h: SubgraphHarness;
  beforeAll(async () => {
    h = await startSubgraphHarness(housing, kind, { seedSize: SIZE, seed: SEED });
  });
  afterAll(() => h?.close());

  const ok = async (query: string, i: Record<string, unknown>, field: string): Promise<string> => {
    const r = await h.request(query, { i }, OFFICER);
    expect(r.errors).toBeUndefined();
    return r.data[field].id;
  };
  const ids = (xs: H[]) => xs.map((x) => x.id);
  const countIn = (entity: typeof RentSubsidy | typeof PublicRentalAllocation | typeof DilapidatedHouseRenovation, households: string[]) => async () =>
    (await h.db.getRepository(entity as typeof RentSubsidy).find()).filter((r) => households.includes(r.householdId)).length;

  it('recordRentSubsidy: of 50 concurrent subsidies for one household exactly one is recorded', async () => {
    const x = urbanOwned[0];
    await runConcurrently(h, {
      mutation: RECORD_SUBSIDY, field: 'recordRentSubsidy', as: OFFICER, variables: () => ({ i: subsidy(x) }),
      expect: { succeed: 1, conflictReasons: ['ACTIVE_RENT_SUBSIDY_EXISTS', 'OVERLAPPING_RENT_SUBSIDY'], records: { count: countIn(RentSubsidy, [x.id]), equals: 1 } },
    });
  });

  it('correctRentSubsidy: 50 concurrent corrections to different amounts all apply, one after the other, none lost', async () => {
    const id = await ok(RECORD_SUBSIDY, subsidy(urbanOwned[1]), 'recordRentSubsidy');
    await runConcurrently(h, {
      mutation: CORRECT_SUBSIDY, field: 'correctRentSubsidy', as: OFFICER, variables: (i) => ({ i: { id, monthlyAmount: `${400 + i}.00` } }),
      expect: {
        succeed: 'all',
        chain: {
          entity: 'RentSubsidy', key: id, sets: (i) => ({ monthlyAmount: `${400 + i}.00` }),
          stored: async () => ({ monthlyAmount: (await h.db.getRepository(RentSubsidy).findOneByOrFail({ id })).monthlyAmount }),
        },
      },
    });
  });

  it('recordPublicRentalAllocation: of 50 concurrent leases for one household exactly one is recorded', async () => {
    const x = urbanOwned[2];
    await runConcurrently(h, {
      mutation: RECORD_LEASE, field: 'recordPublicRentalAllocation', as: OFFICER, variables: () => ({ i: lease(x, 1) }),
      expect: {
        succeed: 1, conflictReasons: ['ACTIVE_PUBLIC_RENTAL_EXISTS', 'OVERLAPPING_LEASE', 'DWELLING_LET'],
        records: { count: countIn(PublicRentalAllocation, [x.id]), equals: 1 },
      },
    });
  });

  it('correctPublicRentalAllocation: 50 concurrent corrections to different rents all apply, one after the other, none lost', async () => {
    const id = await ok(RECORD_LEASE, lease(urbanOwned[3], 2), 'recordPublicRentalAllocation');
    await runConcurrently(h, {
      mutation: CORRECT_LEASE, field: 'correctPublicRentalAllocation', as: OFFICER, variables: (i) => ({ i: { id, monthlyRent: `${200 + i}.00` } }),
      expect: {
        succeed: 'all',
        chain: {
          entity: 'PublicRentalAllocation', key: id, sets: (i) => ({ monthlyRent: `${200 + i}.00` }),
          stored: async () => ({ monthlyRent: (await h.db.getRepository(PublicRentalAllocation).findOneByOrFail({ id })).monthlyRent }),
        },
      },
    });
  });

  it('recordDilapidatedHouseRenovation: of 50 concurrent renovations for one household exactly one is recorded (OPEN_RENOVATION_EXISTS)', async () => {
    const x = ruralOwned[0];
    await runConcurrently(h, {
      mutation: RECORD_RENOVATION, field: 'recordDilapidatedHouseRenovation', as: OFFICER, variables: () => ({ i: renovation(x) }),
      expect: { succeed: 1, conflictReasons: ['OPEN_RENOVATION_EXISTS'], records: { count: countIn(DilapidatedHouseRenovation, [x.id]), equals: 1 } },
    });
  });

  it('correctDilapidatedHouseRenovation: 50 concurrent corrections to different subsidies all apply, one after the other, none lost', async () => {
    const id = await ok(RECORD_RENOVATION, renovation(ruralOwned[1]), 'recordDilapidatedHouseRenovation');
    await runConcurrently(h, {
      mutation: CORRECT_RENOVATION, field: 'correctDilapidatedHouseRenovation', as: OFFICER, variables: (i) => ({ i: { id, subsidy: `${30000 + i}.00` } }),
      expect: {
        succeed: 'all',
        chain: {
          entity: 'DilapidatedHouseRenovation', key: id, sets: (i) => ({ subsidy: `${30000 + i}.00` }),
          stored: async () => ({ subsidy: (await h.db.getRepository(DilapidatedHouseRenovation).findOneByOrFail({ id })).subsidy }),
        },
      },
    });
  });

  it('recordRentSubsidy takes an idempotency key (retry, reuse, other caller, 50 concurrent)', async () => {
    const xs = urbanOwned.slice(4, 7);
    await assertIdempotentCreation(h, {
      mutation: RECORD_SUBSIDY, field: 'recordRentSubsidy', as: OFFICER, other: OTHER_OFFICER,
      variables: (variant, key) => ({ i: { ...subsidy(xs[variant]), idempotencyKey: key } }), count: countIn(RentSubsidy, ids(xs)),
    });
  });

  it('recordPublicRentalAllocation takes an idempotency key (retry, reuse, other caller, 50 concurrent)', async () => {
    const xs = urbanOwned.slice(7, 10);
    await assertIdempotentCreation(h, {
      mutation: RECORD_LEASE, field: 'recordPublicRentalAllocation', as: OFFICER, other: OTHER_OFFICER,
      variables: (variant, key) => ({ i: { ...lease(xs[variant], 10 + variant), idempotencyKey: key } }), count: countIn(PublicRentalAllocation, ids(xs)),
    });
  });

  it('recordDilapidatedHouseRenovation takes an idempotency key (retry, reuse, other caller, 50 concurrent)', async () => {
    const xs = ruralOwned.slice(2, 5);
    await assertIdempotentCreation(h, {
      mutation: RECORD_RENOVATION, field: 'recordDilapidatedHouseRenovation', as: OFFICER, other: OTHER_OFFICER,
      variables: (variant, key) => ({ i: { ...renovation(xs[variant]), idempotencyKey: key } }), count: countIn(DilapidatedHouseRenovation, ids(xs)),
    });
  });

});
