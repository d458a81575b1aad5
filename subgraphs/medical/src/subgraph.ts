import type { SubgraphDefinition } from '@aidgraph/subgraph-kit';
import { buildMedicalSchema } from './schema';
import { MedicalClaim } from './modules/medical-claim/medical-claim.entity';
import { Initial1764400000000 } from './migrations/1764400000000-initial';
import { medicalSeeder } from './seed/seed';

/**
 * 医疗保障局 The medical subgraph: medical assistance claims (医疗救助), added to Person as `medicalClaims`, and the aid
 * computed from them with the person's civil-affairs category (@requires) as `medicalAssistance`.
 */
export const medical: SubgraphDefinition = {
  name: 'medical',
  department: 'MEDICAL_SECURITY',
  defaultPort: 4003,
  entities: [MedicalClaim],
  migrations: [Initial1764400000000],
  buildSchema: buildMedicalSchema,
  seeder: medicalSeeder,
};
