import type { SubgraphDefinition } from '@aidgraph/subgraph-kit';
import { buildEducationSchema } from './schema';
import { EducationAid } from './modules/education-aid/education-aid.entity';
import { Initial1764400000000 } from './migrations/1764400000000-initial';
import { educationSeeder } from './seed/seed';

/** 教育体育局 The education subgraph: education assistance (教育救助) records, added to Person as `educationAids`. */
export const education: SubgraphDefinition = {
  name: 'education',
  department: 'EDUCATION',
  defaultPort: 4002,
  entities: [EducationAid],
  migrations: [Initial1764400000000],
  buildSchema: buildEducationSchema,
  seeder: educationSeeder,
};
