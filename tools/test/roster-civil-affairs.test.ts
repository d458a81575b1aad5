import type { DataSource } from 'typeorm';
import { testDatabaseKinds } from '@aidgraph/subgraph-kit/testing';
import { civilAffairs } from '@aidgraph/civil-affairs/dist/subgraph';
import { Enrolment, PersonCoveredGroup } from '@aidgraph/civil-affairs/dist/modules/enrolment/enrolment.entity';
import { generated, rosterScenario, startRosterEnv, type RosterTestEnv } from './roster-support';
import type { GeneratedRoster } from '../src/rosters/index';

let gen: Awaited<ReturnType<typeof generated>>;
beforeAll(async () => {
  gen = await generated('civil-affairs');
});
afterAll(() => gen?.cleanup());

/** The registry keeps its people and households; the enrolments come from the rosters. */
async function withoutEnrolments(db: DataSource): Promise<void> {
  await db.getRepository(PersonCoveredGroup).clear();
  await db.getRepository(Enrolment).clear();
}

describe.each(testDatabaseKinds())('civil-affairs roster import on %s', (kind) => {
  let env: RosterTestEnv;
  beforeAll(async () => {
    env = await startRosterEnv(kind, civilAffairs, withoutEnrolments);
  });
  afterAll(() => env?.close());

  describe('enrolments (救助对象花名册)', () => {
    rosterScenario(() => env, () => gen.rosters.find((r) => r.spec.adapter.kind === 'enrolments') as GeneratedRoster, {
      entity: Enrolment,
      columns: ['personId', 'programme', 'status', 'startDate', 'endDate', 'amount'],
      reset: withoutEnrolments,
    });

    it('leaves the covered-group tags as the enrolments say (DIBAO_RECIPIENT for every active dibao enrolment)', async () => {
      const active: { personId: string }[] = await env.db.query(`SELECT DISTINCT "personId" FROM enrolment WHERE programme = 'DIBAO' AND status = 'ACTIVE'`);
      const tagged: { personId: string }[] = await env.db.query(`SELECT "personId" FROM person_covered_group WHERE "coveredGroup" = 'DIBAO_RECIPIENT'`);
      expect(tagged.map((t) => t.personId).sort()).toEqual(active.map((a) => a.personId).sort());
      expect(active.length).toBeGreaterThan(0);
    });
  });
});
