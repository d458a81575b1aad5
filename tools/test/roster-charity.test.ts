import path from 'node:path';
import type { DataSource } from 'typeorm';
import { loadPopulation } from '@aidgraph/population';
import { testDatabaseKinds } from '@aidgraph/subgraph-kit/testing';
import { charity } from '@aidgraph/charity/dist/subgraph';
import { CharityGrant } from '@aidgraph/charity/dist/modules/charity-grant/charity-grant.entity';
import { CharityProject } from '@aidgraph/charity/dist/modules/charity-project/charity-project.entity';
import { SEED, SIZE, generated, importFile, rosterScenario, startRosterEnv, type RosterTestEnv } from './roster-support';
import { writeRoster, type GeneratedRoster } from '../src/rosters/index';

let gen: Awaited<ReturnType<typeof generated>>;
beforeAll(async () => {
  gen = await generated('charity');
});
afterAll(() => gen?.cleanup());

const withoutGrants = async (db: DataSource) => void (await db.getRepository(CharityGrant).clear());

describe.each(testDatabaseKinds())('charity roster import on %s', (kind) => {
  let env: RosterTestEnv;
  beforeAll(async () => {
    // the federation's projects and donations of the same population; the grants come from the rosters
    env = await startRosterEnv(kind, charity, async (db) => {
      await loadPopulation([{ name: 'charity', db, seeder: (await charity.seeder!())(SEED) }], { seed: SEED, size: SIZE });
      await withoutGrants(db);
    });
  });
  afterAll(() => env?.close());

  describe('grants (慈善救助花名册)', () => {
    rosterScenario(() => env, () => gen.rosters.find((r) => r.spec.adapter.kind === 'grants') as GeneratedRoster, {
      entity: CharityGrant,
      columns: ['projectId', 'recipientKind', 'personId', 'householdId', 'townshipCode', 'amount', 'grantedOn', 'reason', 'status'],
      reset: withoutGrants,
    });

    it('refuses a grant of a project that does not exist, naming the column', async () => {
      const g = gen.rosters.find((r) => r.spec.adapter.kind === 'grants')!;
      const file = path.join(gen.dir, 'unknown-project.csv');
      await writeRoster(g.spec, [{ ...g.clean[0], projectName: '不存在的项目' }], file);
      const before = await env.db.getRepository(CharityGrant).count();
      const report = await importFile(env, g.spec.adapter, file);
      expect(report.rejects).toEqual([{ row: 2, column: '项目名称', reason: 'NOT_FOUND', detail: 'UNKNOWN_PROJECT', message: 'no charity project has this name' }]);
      expect(await env.db.getRepository(CharityGrant).count()).toBe(before);
      expect(await env.db.getRepository(CharityProject).count()).toBeGreaterThan(0);
    });
  });
});
