import { ReferralDecision, withDemoReferrals, type SubgraphDefinition } from '@aidgraph/subgraph-kit';
import { buildCharitySchema } from './schema';
import { CharityProject } from './modules/charity-project/charity-project.entity';
import { CharityProjectTargetGroup } from './modules/charity-project/charity-project-target-group.entity';
import { CharityDonation } from './modules/charity-donation/charity-donation.entity';
import { CharityGrant } from './modules/charity-grant/charity-grant.entity';
import { Initial1764600000000 } from './migrations/1764600000000-initial';
import { ReferralDecisions1796300000000 } from './migrations/1796300000000-referral-decisions';

/**
 * 市慈善总会 The charity federation's subgraph: charity projects (慈善项目), donations (捐赠) and charity grants
 * (慈善救助金), added to Person and Household as `charityGrants`.
 */
export const charity: SubgraphDefinition = {
  name: 'charity',
  department: 'CHARITY_FEDERATION',
  defaultPort: 4006,
  entities: [CharityProject, CharityProjectTargetGroup, CharityDonation, CharityGrant, ReferralDecision],
  migrations: [Initial1764600000000, ReferralDecisions1796300000000],
  buildSchema: buildCharitySchema,
  // its own demo rows, and decisions on the demo referrals to CHARITY_FEDERATION (the kit's referral/demo.ts): loaded only to seed
  seeder: withDemoReferrals(() => import('./seed/seed').then((m) => m.charitySeeder), { department: 'CHARITY_FEDERATION', records: [CharityGrant] }),
};
