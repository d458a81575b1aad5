import type { SubgraphDefinition } from '@aidgraph/subgraph-kit';
import { buildHousingSchema } from './schema';
import { RentSubsidy } from './modules/rent-subsidy/rent-subsidy.entity';
import { PublicRentalAllocation } from './modules/public-rental-allocation/public-rental-allocation.entity';
import { DilapidatedHouseRenovation } from './modules/dilapidated-house-renovation/dilapidated-house-renovation.entity';
import { Initial1764500000000 } from './migrations/1764500000000-initial';
import { housingSeeder } from './seed/seed';

/**
 * 市房产服务中心 / 市城乡建设局 The housing subgraph: housing assistance (住房救助) — rent subsidies, public rental housing
 * allocations and rural dilapidated-house renovations — added to Household and Person as `housingAssistance`.
 */
export const housing: SubgraphDefinition = {
  name: 'housing',
  department: 'HOUSING',
  defaultPort: 4004,
  entities: [DilapidatedHouseRenovation, RentSubsidy, PublicRentalAllocation],
  migrations: [Initial1764500000000],
  buildSchema: buildHousingSchema,
  seeder: housingSeeder,
};
