import path from 'node:path';
import type { DataSource } from 'typeorm';
import { loadPopulation } from '@aidgraph/population';
import { testDatabaseKinds } from '@aidgraph/subgraph-kit/testing';
import { disasterRelief } from '@aidgraph/disaster-relief/dist/subgraph';
import { DisasterRelief } from '@aidgraph/disaster-relief/dist/modules/disaster-relief/disaster-relief.entity';
import { DisasterAssessment } from '@aidgraph/disaster-relief/dist/modules/disaster-assessment/disaster-assessment.entity';
import { SEED, SIZE, generated, importFile, rosterScenario, startRosterEnv, testPopulation, type RosterTestEnv } from './roster-support';
import { writeRoster, type GeneratedRoster } from '../src/rosters/index';

let gen: Awaited<ReturnType<typeof generated>>;
beforeAll(async () => {
  gen = await generated('disaster-relief');
});
afterAll(() => gen?.cleanup());

const withoutReliefs = async (db: DataSource) => void (await db.getRepository(DisasterRelief).clear());
const roster = () => gen.rosters.find((r) => r.spec.adapter.subgraph === 'disaster-relief') as GeneratedRoster;

describe.each(testDatabaseKinds())('disaster-relief roster import on %s', (kind) => {
  let env: RosterTestEnv;
  beforeAll(async () => {
    // the department's events and household assessments of the same population; the grants come from the rosters
    env = await startRosterEnv(kind, disasterRelief, async (db) => {
      await loadPopulation([{ name: 'disaster-relief', db, seeder: (await disasterRelief.seeder!())(SEED) }], { seed: SEED, size: SIZE });
      await withoutReliefs(db);
    });
  });
  afterAll(() => env?.close());

  it('has rows enough for every mistake of the mistakes roster', () => {
    expect(roster().clean.length).toBeGreaterThanOrEqual(12);
    expect(roster().mistakes.rejected.length).toBeGreaterThanOrEqual(10);
  });

  describe('救灾款物发放花名册', () => {
    rosterScenario(() => env, roster, {
      entity: DisasterRelief,
      columns: ['eventId', 'householdId', 'personId', 'reliefType', 'amount', 'grantedOn', 'periodStart', 'periodEnd', 'townshipCode', 'status'],
      reset: withoutReliefs,
    });

    it('refuses a grant for an event that does not exist, naming the column', async () => {
      const g = roster();
      const file = path.join(gen.dir, 'unknown-event.csv');
      await writeRoster(g.spec, [{ ...g.clean[0], eventName: '不存在的灾害' }], file);
      const before = await env.db.getRepository(DisasterRelief).count();
      const report = await importFile(env, g.spec.adapter, file);
      expect(report.rejects).toEqual([{ row: 2, column: '灾害名称', reason: 'NOT_FOUND', detail: 'UNKNOWN_EVENT', message: 'no disaster event has this name' }]);
      expect(await env.db.getRepository(DisasterRelief).count()).toBe(before);
    });

    it('refuses a grant to a household not assessed for the event (NOT_ASSESSED), and writes nothing', async () => {
      const g = roster();
      const assessed = new Set((await env.db.getRepository(DisasterAssessment).find()).map((a) => a.householdId));
      const stranger = [...testPopulation().persons.values()].find((p) => p.status === 'ACTIVE' && !assessed.has(p.householdId))!;
      const file = path.join(gen.dir, 'not-assessed.csv');
      await writeRoster(g.spec, [{ ...g.clean[0], name: stranger.name, idNumber: stranger.idNumber }], file);
      const before = await env.db.getRepository(DisasterRelief).count();
      const report = await importFile(env, g.spec.adapter, file);
      expect(report.rejects.map((r) => [r.row, r.reason, r.detail])).toEqual([[2, 'CONFLICT', 'NOT_ASSESSED']]);
      expect(await env.db.getRepository(DisasterRelief).count()).toBe(before);
    });
  });
});
