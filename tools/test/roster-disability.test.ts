import { testDatabaseKinds } from '@aidgraph/subgraph-kit/testing';
import { disability } from '@aidgraph/disability/dist/subgraph';
import { DisabilityCertificate } from '@aidgraph/disability/dist/modules/disability-certificate/disability-certificate.entity';
import { DisabilitySubsidy } from '@aidgraph/disability/dist/modules/disability-subsidy/disability-subsidy.entity';
import { generated, rosterScenario, startRosterEnv, type RosterTestEnv } from './roster-support';
import type { GeneratedRoster } from '../src/rosters/index';

let gen: Awaited<ReturnType<typeof generated>>;
beforeAll(async () => {
  gen = await generated('disability');
});
afterAll(() => gen?.cleanup());
const roster = (kind: string) => () => gen.rosters.find((r) => r.spec.adapter.kind === kind) as GeneratedRoster;

describe.each(testDatabaseKinds())('disability roster import on %s', (kind) => {
  let env: RosterTestEnv;
  beforeAll(async () => {
    env = await startRosterEnv(kind, disability);
  });
  afterAll(() => env?.close());

  describe('certificates (持证残疾人花名册)', () => {
    rosterScenario(() => env, roster('certificates'), {
      entity: DisabilityCertificate,
      columns: ['personId', 'number', 'category', 'grade', 'issuedOn', 'expiresOn', 'status', 'townshipCode'],
      reset: async (db) => void (await db.getRepository(DisabilityCertificate).clear()),
    });
  });

  // on the certificates imported above
  describe('subsidies (残疾人两项补贴花名册)', () => {
    rosterScenario(() => env, roster('subsidies'), {
      entity: DisabilitySubsidy,
      // monthlyAmount too: an ended grant is recorded at the rate of its end date, as the seed has it (not today's)
      columns: ['personId', 'kind', 'difficulty', 'startDate', 'endDate', 'status', 'endReason', 'townshipCode', 'monthlyAmount'],
      reset: async (db) => void (await db.getRepository(DisabilitySubsidy).clear()),
    });
  });
});
