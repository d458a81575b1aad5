import { ReferralDecision, withDemoReferrals, type SubgraphDefinition } from '@aidgraph/subgraph-kit';
import { buildHousingSchema } from './schema';
import { RentSubsidy } from './modules/rent-subsidy/rent-subsidy.entity';
import { PublicRentalAllocation } from './modules/public-rental-allocation/public-rental-allocation.entity';
import { DilapidatedHouseRenovation } from './modules/dilapidated-house-renovation/dilapidated-house-renovation.entity';
import { Initial1764500000000 } from './migrations/1764500000000-initial';
import { ReferralDecisions1796300000000 } from './migrations/1796300000000-referral-decisions';

/**
 * 市房产服务中心 / 市城乡建设局 The housing subgraph: housing assistance (住房救助) — rent subsidies, public rental housing
 * allocations and rural dilapidated-house renovations — added to Household and Person as `housingAssistance`.
 */
export const housing: SubgraphDefinition = {
  name: 'housing',
  department: 'HOUSING',
  defaultPort: 4004,
  entities: [DilapidatedHouseRenovation, RentSubsidy, PublicRentalAllocation, ReferralDecision],
  migrations: [Initial1764500000000, ReferralDecisions1796300000000],
  buildSchema: buildHousingSchema,
  // its own demo rows, and decisions on the demo referrals to HOUSING (the kit's referral/demo.ts): loaded only to seed
  seeder: withDemoReferrals(() => import('./seed/seed').then((m) => m.housingSeeder), { department: 'HOUSING', records: [RentSubsidy, PublicRentalAllocation, DilapidatedHouseRenovation] }),
};
