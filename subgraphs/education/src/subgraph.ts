import { ReferralDecision, withDemoReferrals, type SubgraphDefinition } from '@aidgraph/subgraph-kit';
import { buildEducationSchema } from './schema';
import { EducationAid } from './modules/education-aid/education-aid.entity';
import { Initial1764400000000 } from './migrations/1764400000000-initial';
import { ReferralDecisions1796300000000 } from './migrations/1796300000000-referral-decisions';

/** 教育体育局 The education subgraph: education assistance (教育救助) records, added to Person as `educationAids`. */
export const education: SubgraphDefinition = {
  name: 'education',
  department: 'EDUCATION',
  defaultPort: 4002,
  entities: [EducationAid, ReferralDecision],
  migrations: [Initial1764400000000, ReferralDecisions1796300000000],
  buildSchema: buildEducationSchema,
  // its own demo rows, and decisions on the demo referrals to EDUCATION (the kit's referral/demo.ts): loaded only to seed
  seeder: withDemoReferrals(() => import('./seed/seed').then((m) => m.educationSeeder), { department: 'EDUCATION', records: [EducationAid] }),
};
