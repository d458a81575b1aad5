import { ReferralDecision, withDemoReferrals, type SubgraphDefinition } from '@aidgraph/subgraph-kit';
import { buildMedicalSchema } from './schema';
import { MedicalClaim } from './modules/medical-claim/medical-claim.entity';
import { Initial1764400000000 } from './migrations/1764400000000-initial';
import { ReferralDecisions1796300000000 } from './migrations/1796300000000-referral-decisions';

/**
 * 医疗保障局 The medical subgraph: medical assistance claims (医疗救助), added to Person as `medicalClaims`, and the aid
 * computed from them with the person's civil-affairs category (@requires) as `medicalAssistance`.
 */
export const medical: SubgraphDefinition = {
  name: 'medical',
  department: 'MEDICAL_SECURITY',
  defaultPort: 4003,
  entities: [MedicalClaim, ReferralDecision],
  migrations: [Initial1764400000000, ReferralDecisions1796300000000],
  buildSchema: buildMedicalSchema,
  // its own demo rows, and decisions on the demo referrals to MEDICAL_SECURITY (the kit's referral/demo.ts): loaded only to seed
  seeder: withDemoReferrals(() => import('./seed/seed').then((m) => m.medicalSeeder), { department: 'MEDICAL_SECURITY', records: [MedicalClaim] }),
};
