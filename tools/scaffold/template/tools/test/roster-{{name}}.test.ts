import { testDatabaseKinds } from '@aidgraph/subgraph-kit/testing';
import { {{nameCamel}} } from '@aidgraph/{{name}}/dist/subgraph';
import { {{Record}} } from '@aidgraph/{{name}}/dist/modules/{{record-kebab}}/{{record-kebab}}.entity';
import { generated, rosterScenario, startRosterEnv, type RosterTestEnv } from './roster-support';
import type { GeneratedRoster } from '../src/rosters/index';

let gen: Awaited<ReturnType<typeof generated>>;
beforeAll(async () => {
  gen = await generated('{{name}}');
});
afterAll(() => gen?.cleanup());

describe.each(testDatabaseKinds())('{{name}} roster import on %s', (kind) => {
  let env: RosterTestEnv;
  beforeAll(async () => {
    env = await startRosterEnv(kind, {{nameCamel}});
  });
  afterAll(() => env?.close());

  describe('{{programme}}花名册', () => {
    rosterScenario(() => env, () => gen.rosters.find((r) => r.spec.adapter.subgraph === '{{name}}') as GeneratedRoster, {
      entity: {{Record}},
      columns: ['personId', 'decidedOn', 'amount', 'townshipCode', 'status'],
      reset: async (db) => void (await db.getRepository({{Record}}).clear()),
    });
  });
});
