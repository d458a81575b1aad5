import { testDatabaseKinds } from '@aidgraph/subgraph-kit/testing';
import { serviceCentre } from '@aidgraph/service-centre/dist/subgraph';
import { AssistanceApplication } from '@aidgraph/service-centre/dist/modules/assistance-application/assistance-application.entity';
import { generated, rosterScenario, startRosterEnv, type RosterTestEnv } from './roster-support';
import type { GeneratedRoster } from '../src/rosters/index';

let gen: Awaited<ReturnType<typeof generated>>;
beforeAll(async () => {
  gen = await generated('service-centre');
});
afterAll(() => gen?.cleanup());

describe.each(testDatabaseKinds())('service-centre roster import on %s', (kind) => {
  let env: RosterTestEnv;
  beforeAll(async () => {
    env = await startRosterEnv(kind, serviceCentre);
  });
  afterAll(() => env?.close());

  describe('一窗受理花名册', () => {
    rosterScenario(() => env, () => gen.rosters.find((r) => r.spec.adapter.subgraph === 'service-centre') as GeneratedRoster, {
      entity: AssistanceApplication,
      columns: ['personId', 'decidedOn', 'amount', 'townshipCode', 'status'],
      reset: async (db) => void (await db.getRepository(AssistanceApplication).clear()),
    });
  });
});
