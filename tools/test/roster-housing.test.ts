import { testDatabaseKinds } from '@aidgraph/subgraph-kit/testing';
import { housing } from '@aidgraph/housing/dist/subgraph';
import { RentSubsidy } from '@aidgraph/housing/dist/modules/rent-subsidy/rent-subsidy.entity';
import { PublicRentalAllocation } from '@aidgraph/housing/dist/modules/public-rental-allocation/public-rental-allocation.entity';
import { DilapidatedHouseRenovation } from '@aidgraph/housing/dist/modules/dilapidated-house-renovation/dilapidated-house-renovation.entity';
import { generated, rosterScenario, startRosterEnv, type RosterTestEnv } from './roster-support';
import type { GeneratedRoster } from '../src/rosters/index';

/** Housing records are rare (renting or dilapidated-house households of assisted categories): a larger population. */
const HOUSING_SIZE = 6000;

let gen: Awaited<ReturnType<typeof generated>>;
beforeAll(async () => {
  gen = await generated('housing', HOUSING_SIZE);
});
afterAll(() => gen?.cleanup());
const roster = (kind: string) => () => gen.rosters.find((r) => r.spec.adapter.kind === kind) as GeneratedRoster;

describe.each(testDatabaseKinds())('housing roster import on %s', (kind) => {
  let env: RosterTestEnv;
  beforeAll(async () => {
    env = await startRosterEnv(kind, housing, undefined, HOUSING_SIZE);
  });
  afterAll(() => env?.close());

  describe('rent subsidies (租赁补贴花名册)', () => {
    rosterScenario(() => env, roster('rent-subsidies'), {
      entity: RentSubsidy,
      columns: ['householdId', 'personId', 'townshipCode', 'monthlyAmount', 'startMonth', 'endMonth', 'status'],
      reset: async (db) => void (await db.getRepository(RentSubsidy).clear()),
    });
  });

  describe('public rental allocations (公租房配租花名册)', () => {
    rosterScenario(() => env, roster('public-rentals'), {
      entity: PublicRentalAllocation,
      columns: ['householdId', 'personId', 'townshipCode', 'dwellingAddress', 'area', 'monthlyRent', 'leaseStart', 'leaseEnd', 'status'],
      reset: async (db) => void (await db.getRepository(PublicRentalAllocation).clear()),
    });
  });

  describe('rural dilapidated-house renovations (农村危房改造花名册)', () => {
    rosterScenario(() => env, roster('renovations'), {
      entity: DilapidatedHouseRenovation,
      columns: ['householdId', 'personId', 'townshipCode', 'villageCode', 'grade', 'subsidy', 'assessedOn', 'completedOn', 'status'],
      reset: async (db) => void (await db.getRepository(DilapidatedHouseRenovation).clear()),
    });
  });
});
