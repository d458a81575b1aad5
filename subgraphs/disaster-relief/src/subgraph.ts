import { ReferralDecision, withDemoReferrals, type SubgraphDefinition } from '@aidgraph/subgraph-kit';
import { buildDisasterReliefSchema } from './schema';
import { DisasterEvent } from './modules/disaster-event/disaster-event.entity';
import { DisasterAssessment } from './modules/disaster-assessment/disaster-assessment.entity';
import { DisasterRelief } from './modules/disaster-relief/disaster-relief.entity';
import { Initial1796194494092 } from './migrations/1796194494092-initial';
import { ReferralDecisions1796300000000 } from './migrations/1796300000000-referral-decisions';

/**
 * 市应急管理局 The disaster-relief subgraph (受灾人员救助): disaster events (灾害事件, public), the assessments of affected
 * households (受灾家庭核灾) and relief grants (救助发放), added to Person as `disasterReliefs` and to Household as
 * `disasterAssessments` and `disasterReliefs`.
 */
export const disasterRelief: SubgraphDefinition = {
  name: 'disaster-relief',
  department: 'EMERGENCY_MANAGEMENT',
  defaultPort: 4008,
  entities: [DisasterEvent, DisasterAssessment, DisasterRelief, ReferralDecision],
  migrations: [Initial1796194494092, ReferralDecisions1796300000000],
  buildSchema: buildDisasterReliefSchema,
  // its own demo rows, and decisions on the demo referrals to EMERGENCY_MANAGEMENT (the kit's referral/demo.ts): loaded only to seed
  seeder: withDemoReferrals(() => import('./seed/seed').then((m) => m.disasterReliefSeeder), { department: 'EMERGENCY_MANAGEMENT', records: [DisasterRelief] }),
};
