import type { SubgraphDefinition } from '@aidgraph/subgraph-kit';
import { build{{NamePascal}}Schema } from './schema';
import { {{Record}} } from './modules/{{record-kebab}}/{{record-kebab}}.entity';
import { Initial{{timestamp}} } from './migrations/{{timestamp}}-initial';
import { {{nameCamel}}Seeder } from './seed/seed';

/** {{departmentName}} The {{name}} subgraph: {{programme}} records, added to Person as `{{records}}`. */
export const {{nameCamel}}: SubgraphDefinition = {
  name: '{{name}}',
  department: '{{CODE}}',
  defaultPort: {{port}},
  entities: [{{Record}}],
  migrations: [Initial{{timestamp}}],
  buildSchema: build{{NamePascal}}Schema,
  seeder: {{nameCamel}}Seeder,
};
