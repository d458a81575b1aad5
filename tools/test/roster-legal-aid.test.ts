import { testDatabaseKinds } from '@aidgraph/subgraph-kit/testing';
import { legalAid } from '@aidgraph/legal-aid/dist/subgraph';
import { LegalAidCase } from '@aidgraph/legal-aid/dist/modules/legal-aid-case/legal-aid-case.entity';
import { generated, rosterScenario, startRosterEnv, type RosterTestEnv } from './roster-support';
import type { GeneratedRoster } from '../src/rosters/index';

let gen: Awaited<ReturnType<typeof generated>>;
beforeAll(async () => {
  gen = await generated('legal-aid');
});
afterAll(() => gen?.cleanup());

it('has enough cases at the test size for every mistake of the mistakes roster', () => {
  const g = gen.rosters.find((r) => r.spec.adapter.subgraph === 'legal-aid') as GeneratedRoster;
  expect(g.records.length).toBeGreaterThanOrEqual(11);
  expect(g.mistakes.rows.length).toBeGreaterThanOrEqual(12);
  expect(g.corrected.changed.length).toBeGreaterThan(0);
});

describe.each(testDatabaseKinds())('legal-aid roster import on %s', (kind) => {
  let env: RosterTestEnv;
  beforeAll(async () => {
    env = await startRosterEnv(kind, legalAid);
  });
  afterAll(() => env?.close());

  describe('法律援助案件花名册', () => {
    rosterScenario(() => env, () => gen.rosters.find((r) => r.spec.adapter.subgraph === 'legal-aid') as GeneratedRoster, {
      entity: LegalAidCase,
      columns: [
        'personId', 'townshipCode', 'appliedOn', 'aidType', 'matter', 'eligibility', 'status', 'decidedOn', 'refusalReason', 'providerId',
        'assignedOn', 'closedOn', 'outcome', 'subsidy', 'withdrawnOn', 'withdrawalReason',
      ],
      reset: async (db) => void (await db.getRepository(LegalAidCase).clear()),
    });
  });
});
