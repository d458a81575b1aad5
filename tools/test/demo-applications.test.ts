import type { DataSource } from 'typeorm';
import { baseConfigSchema, definitionEntities, openDatabase } from '@aidgraph/subgraph-kit';
import { REFERENCE_DATE, loadPopulation } from '@aidgraph/population';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '@aidgraph/subgraph-kit/testing';
import { deadlineOf } from '@aidgraph/service-centre/dist/modules/time-limit/deadline';
import { loadDefinition } from '../src/subgraphs';

/**
 * The demo population as `npm start` seeds it (the subgraphs' default SEED and SEED_SIZE): the service centre's
 * applications and referrals and the departments' decisions on them, seeded each into its own database without reading
 * the others (all from the kit's demoApplicationPlan), fit together: every decision names a referral that exists, to
 * that department, for that application, programme and day; every department has decided and pending referrals; and on
 * the demo's clock (AIDGRAPH_TODAY = REFERENCE_DATE, as npm start sets it) there are applications in every step, some
 * overdue and some not, public notices running and ended.
 */

const { SEED, SEED_SIZE } = baseConfigSchema.pick({ SEED: true, SEED_SIZE: true }).parse({});
const DEPARTMENTS: Record<string, string> = {
  education: 'EDUCATION', medical: 'MEDICAL_SECURITY', housing: 'HOUSING', 'legal-aid': 'JUSTICE',
  disability: 'DISABLED_PERSONS_FEDERATION', 'disaster-relief': 'EMERGENCY_MANAGEMENT', charity: 'CHARITY_FEDERATION',
};
const STEPS = ['SUBMITTED', 'NOT_ACCEPTED', 'INVESTIGATION', 'VERIFICATION', 'PRELIMINARY_REVIEW', 'PUBLIC_NOTICE', 'CONFIRMED', 'REFUSED', 'CLOSED'];

interface Application {
  id: string;
  programmes: string;
  step: string;
  urgent: boolean | number;
  specialCase: boolean | number;
  submittedOn: string;
  acceptedOn: string | null;
  stepEnteredOn: string;
  noticeEndsOn: string | null;
}

const day = (column: string) => `CAST("${column}" AS VARCHAR(10)) AS "${column}"`;

describe.each(testDatabaseKinds())('the demo applications and referrals on %s', (kind) => {
  const dbs: Record<string, DataSource> = {};
  const made: TestDatabase[] = [];
  beforeAll(async () => {
    for (const name of ['service-centre', ...Object.keys(DEPARTMENTS)]) {
      const t = await createTestDatabase(kind, `demo_${name}`);
      made.push(t);
      dbs[name] = await openDatabase({ url: t.url, ...definitionEntities(loadDefinition(name)) });
    }
    await loadPopulation(
      await Promise.all(Object.entries(dbs).map(async ([name, db]) => ({ name, db, seeder: (await loadDefinition(name).seeder!())(SEED) }))),
      { seed: SEED, size: SEED_SIZE },
    );
  });
  afterAll(async () => {
    for (const db of Object.values(dbs)) if (db.isInitialized) await db.destroy();
    for (const t of made) await t.drop();
  });

  it('seeds decisions only on referrals the service centre seeded; every department has decided and pending referrals', async () => {
    const referrals: { id: string; applicationId: string; department: string; programme: string; applicantId: string; townshipCode: string; createdOn: string }[] = (
      await dbs['service-centre'].query(`SELECT id, "applicationId", department, programme, "applicantId", "townshipCode", ${day('createdOn')} FROM referral`)
    ).map((r: Record<string, string>) => ({ ...r, id: String(r.id), applicationId: String(r.applicationId), applicantId: String(r.applicantId) }));
    const byId = new Map(referrals.map((r) => [r.id, r]));
    const accepted: { id: string; acceptedOn: string }[] = await dbs['service-centre'].query(`SELECT id, ${day('acceptedOn')} FROM assistance_application WHERE "acceptedOn" IS NOT NULL`);
    const acceptedOn = new Map(accepted.map((a) => [String(a.id), a.acceptedOn]));
    // every referral belongs to an accepted application and was made on its acceptance day
    for (const r of referrals) expect({ id: r.id, createdOn: r.createdOn }).toEqual({ id: r.id, createdOn: acceptedOn.get(r.applicationId) });
    const outcomes: string[] = [];
    for (const [name, department] of Object.entries(DEPARTMENTS)) {
      const decisions: { id: string; applicationId: string; department: string; programme: string; personId: string; townshipCode: string; referredOn: string; decidedOn: string; outcome: string }[] = await dbs[name].query(
        `SELECT id, "applicationId", department, programme, "personId", "townshipCode", ${day('referredOn')}, ${day('decidedOn')}, outcome FROM referral_decision`,
      );
      for (const d of decisions) {
        const r = byId.get(String(d.id));
        expect({ department, decision: String(d.id), referral: r ? 'exists' : 'missing' }).toEqual({ department, decision: String(d.id), referral: 'exists' });
        expect({ applicationId: String(d.applicationId), department: d.department, programme: d.programme, personId: String(d.personId), townshipCode: d.townshipCode, referredOn: d.referredOn }).toEqual({
          applicationId: r!.applicationId, department: r!.department, programme: r!.programme, personId: r!.applicantId, townshipCode: r!.townshipCode, referredOn: r!.createdOn,
        });
        expect(d.decidedOn >= d.referredOn && d.decidedOn <= REFERENCE_DATE).toBe(true);
      }
      const to = referrals.filter((r) => r.department === department);
      const pending = to.filter((r) => !decisions.some((d) => String(d.id) === r.id));
      expect({ department, decided: decisions.length > 0, pending: pending.length > 0 }).toEqual({ department, decided: true, pending: true });
      outcomes.push(...decisions.map((d) => d.outcome));
    }
    // accepted (with the department's record) and refused ones
    expect(new Set(outcomes)).toEqual(new Set(['ACCEPTED', 'REFUSED']));
  });

  it('has applications in every step on the demo clock (REFERENCE_DATE): some overdue, some not, notices running and ended', async () => {
    const apps: Application[] = await dbs['service-centre'].query(
      `SELECT id, programmes, step, urgent, "specialCase", ${day('submittedOn')}, ${day('acceptedOn')}, ${day('stepEnteredOn')}, ${day('noticeEndsOn')} FROM assistance_application`,
    );
    expect(new Set(apps.map((a) => a.step))).toEqual(new Set(STEPS));
    const deadlines = apps.map((a) => ({
      step: a.step,
      noticeEndsOn: a.noticeEndsOn,
      ...deadlineOf({ ...a, programmes: JSON.parse(a.programmes), urgent: Boolean(a.urgent), specialCase: Boolean(a.specialCase) }, REFERENCE_DATE),
    }));
    // nothing dated after the demo's day
    for (const a of apps) expect([a.submittedOn, a.acceptedOn ?? a.submittedOn, a.stepEnteredOn].every((d) => d <= REFERENCE_DATE)).toBe(true);
    const open = deadlines.filter((d) => d.dueOn !== null);
    expect(open.filter((d) => d.overdue).length).toBeGreaterThan(0);
    expect(open.filter((d) => !d.overdue).length).toBeGreaterThan(0);
    // not every open step is overdue, nor none of them (the township queues show both)
    expect(new Set(open.filter((d) => !d.overdue).map((d) => d.step)).size).toBeGreaterThanOrEqual(3);
    const notices = deadlines.filter((d) => d.step === 'PUBLIC_NOTICE');
    expect(notices.filter((d) => d.noticeEndsOn! >= REFERENCE_DATE).length).toBeGreaterThan(0);
    expect(notices.filter((d) => d.noticeEndsOn! < REFERENCE_DATE).length).toBeGreaterThan(0);
  });
});
