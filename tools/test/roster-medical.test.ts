import { testDatabaseKinds } from '@aidgraph/subgraph-kit/testing';
import { medical } from '@aidgraph/medical/dist/subgraph';
import { MedicalClaim } from '@aidgraph/medical/dist/modules/medical-claim/medical-claim.entity';
import { generated, rosterScenario, startRosterEnv, type RosterTestEnv } from './roster-support';
import type { GeneratedRoster } from '../src/rosters/index';

let gen: Awaited<ReturnType<typeof generated>>;
beforeAll(async () => {
  gen = await generated('medical');
});
afterAll(() => gen?.cleanup());

describe.each(testDatabaseKinds())('medical roster import on %s', (kind) => {
  let env: RosterTestEnv;
  beforeAll(async () => {
    env = await startRosterEnv(kind, medical);
  });
  afterAll(() => env?.close());

  describe('medical assistance claims (医疗救助花名册)', () => {
    rosterScenario(() => env, () => gen.rosters.find((r) => r.spec.adapter.kind === 'claims') as GeneratedRoster, {
      entity: MedicalClaim,
      columns: [
        'personId', 'townshipCode', 'hospital', 'diagnosis', 'careType', 'admissionDate', 'dischargeDate', 'totalCost', 'basicInsurancePaid',
        'criticalIllnessInsurancePaid', 'eligibleSelfPay', 'status',
      ],
      reset: async (db) => void (await db.getRepository(MedicalClaim).clear()),
    });
  });
});
