import type { SubgraphDefinition } from '@aidgraph/subgraph-kit';
import { build{{NamePascal}}Schema } from './schema';
import { {{Record}} } from './modules/{{record-kebab}}/{{record-kebab}}.entity';
import { Initial{{timestamp}} } from './migrations/{{timestamp}}-initial';

/** {{departmentName}} The {{name}} subgraph: {{programme}} records, added to Person as `{{records}}`. */
export const {{nameCamel}}: SubgraphDefinition = {
  name: '{{name}}',
  department: '{{CODE}}',
  defaultPort: {{port}},
  entities: [{{Record}}],
  migrations: [Initial{{timestamp}}],
  buildSchema: build{{NamePascal}}Schema,
  // its share of the demo population (seed/seed.ts, built on @aidgraph/population): loaded only to seed, so that the
  // subgraph serving without the demo seed never loads the generator
  seeder: () => import('./seed/seed').then((m) => m.{{nameCamel}}Seeder),
};
