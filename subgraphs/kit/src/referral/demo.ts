import type { EntityTarget, ObjectLiteral } from 'typeorm';
import { PROGRAMMES } from '@aidgraph/common';
import { Random } from '../population/random';
import { REFERENCE_DATE, addDays, type HouseholdRecord } from '../population/population';
import type { PopulationSeeder, RowSink } from '../population/seeding';
import { referralIdOf, uuidV5 } from './ticket';
import { ReferralDecision, ReferralOutcome } from './referral';

/**
 * The demo applications and their referrals, as every seed sees them: the service centre's seed writes the applications
 * (and the referrals of the accepted ones), each department's seed decides some of the referrals to it — without
 * reading each other's databases. Both call `demoApplicationPlan(seed, household)`: a pure function of the seed and the
 * household (its own random stream per household), so they agree on which household applied, for what, under which
 * application id, and on which day it was accepted; the referral ids are then referralIdOf(application id, programme).
 */

/** The programme combinations of the demo applications (TEMPORARY alone may be urgent). */
export const DEMO_REQUESTS: readonly (readonly string[])[] = [
  ['DIBAO'], ['DIBAO', 'EDUCATION', 'MEDICAL'], ['TEKUN'], ['MEDICAL'], ['DIBAO', 'HOUSING'], ['TEMPORARY'],
  ['DIBAO', 'REHABILITATION'], ['TEMPORARY', 'CHARITY'], ['TEKUN', 'LEGAL_AID'], ['TEMPORARY', 'DISASTER'],
];
/** The steps a demo application is taken to, from the first. */
export const DEMO_TARGETS: readonly string[] = ['SUBMITTED', 'NOT_ACCEPTED', 'INVESTIGATION', 'VERIFICATION', 'PRELIMINARY_REVIEW', 'PUBLIC_NOTICE', 'CONFIRMED', 'REFUSED', 'CLOSED'];
/** The namespace of demo application ids (a fixed random UUID): id = uuidV5(it, `${seed}/${household id}`). */
export const DEMO_APPLICATION_NAMESPACE = 'c3a5e0d2-71b4-4f69-8d2e-5b7a9c1f3e08';
/** Days of the public notice (公示): the seed's dates leave room for it. */
const NOTICE_DAYS = 7;

/** One household's demo application (demoApplicationPlan). */
export interface DemoApplicationPlan {
  applicationId: string;
  applicantId: string;
  /** the household (the application names it) */
  householdId: string;
  townshipCode: string;
  villageCode: string;
  programmes: string[];
  /** the step the seed takes it to (ApplicationStep's name) */
  target: string;
  /** TEMPORARY alone, taken urgent (先行救助) half the time */
  urgent: boolean;
  /** the days between the steps, in order (gaps[0]: submission to acceptance), and the days it has waited in its step since */
  gaps: number[];
  waiting: number;
  /** submission day: far enough back for the whole path to end by REFERENCE_DATE */
  submittedOn: string;
  /** acceptance day (submittedOn + gaps[0]); null when the target is SUBMITTED or NOT_ACCEPTED */
  acceptedOn: string | null;
}

/**
 * The demo application of household `h`, or null (about one household in twelve applies: 5% of the unassisted, 20% of
 * the assisted, by an active adult member). Deterministic from `seed` and the household alone.
 */
export function demoApplicationPlan(seed: string, h: HouseholdRecord): DemoApplicationPlan | null {
  const r = new Random(`${seed}:application:${h.id}`);
  if (!r.chance(h.category === 'NONE' ? 0.05 : 0.2)) return null;
  const applicant = h.members.find((m) => m.status === 'ACTIVE' && m.age >= 18);
  if (!applicant) return null;
  const target = r.pick([...DEMO_TARGETS]);
  const programmes = [...r.pick([...DEMO_REQUESTS])];
  const urgent = programmes.length === 1 && programmes[0] === 'TEMPORARY' && r.chance(0.5);
  const gaps = Array.from({ length: 8 }, () => r.int(1, 4));
  const waiting = r.int(0, 40);
  const submittedOn = addDays(REFERENCE_DATE, -(gaps.reduce((a, b) => a + b, 0) + NOTICE_DAYS + waiting));
  const accepted = target !== 'SUBMITTED' && target !== 'NOT_ACCEPTED';
  return {
    applicationId: uuidV5(DEMO_APPLICATION_NAMESPACE, `${seed}/${h.id}`), applicantId: applicant.id, householdId: h.id, townshipCode: h.townshipCode,
    villageCode: h.villageCode, programmes, target, urgent, gaps, waiting, submittedOn, acceptedOn: accepted ? addDays(submittedOn, gaps[0]) : null,
  };
}

/** The referrals of a demo application (none before acceptance), as createReferrals makes them. */
export function demoReferrals(plan: DemoApplicationPlan): { id: string; programme: string; department: string }[] {
  if (!plan.acceptedOn) return [];
  const out: { id: string; programme: string; department: string }[] = [];
  for (const code of plan.programmes) {
    const p = PROGRAMMES.find((x) => x.code === code);
    if (!p || p.department === 'CIVIL_AFFAIRS' || p.department === 'SOCIAL_ASSISTANCE_CENTRE' || out.some((o) => o.programme === code)) continue;
    out.push({ id: referralIdOf(plan.applicationId, code), programme: code, department: p.department });
  }
  return out;
}

const REFUSALS = [
  '经审核，申请人不符合本项目救助条件。',
  '申请人已享受同类救助，不重复救助。',
  '所需证明材料经一次性告知后仍未补齐。',
];

/**
 * A department's seeder that also decides the demo referrals to `department`: after the wrapped seeder's rows of a
 * household, each referral of the household's demo application to the department is, deterministically, left pending
 * (a quarter), accepted with a record the wrapped seeder made for the applicant or, failing that, another member of the
 * household (an entity of `records` whose personId is theirs), or else refused with a reason. Decided within ten days of the acceptance, by REFERENCE_DATE.
 */
export function withDemoReferralDecisions(
  seeder: PopulationSeeder,
  seed: string,
  o: { department: string; records: EntityTarget<ObjectLiteral>[] },
): PopulationSeeder {
  return {
    household(h, put) {
      const made: { entity: EntityTarget<ObjectLiteral>; row: ObjectLiteral }[] = [];
      seeder.household(h, (entity, row) => {
        made.push({ entity, row });
        put(entity, row);
      });
      const plan = demoApplicationPlan(seed, h);
      if (!plan || !plan.acceptedOn) return;
      for (const ref of demoReferrals(plan).filter((x) => x.department === o.department)) {
        const r = new Random(`${seed}:referral-decision:${ref.id}`);
        if (r.chance(0.25)) continue;
        const members = new Set(h.members.map((m) => m.id));
        const ofRecords = made.filter((m) => o.records.includes(m.entity));
        const record = (ofRecords.find((m) => m.row.personId === plan.applicantId) ?? ofRecords.find((m) => members.has(m.row.personId)))?.row;
        const decidedOn = [addDays(plan.acceptedOn, r.int(1, 10)), REFERENCE_DATE].sort()[0];
        const row: ReferralDecision = Object.assign(new ReferralDecision(), {
          id: ref.id, applicationId: plan.applicationId, department: o.department, programme: ref.programme, personId: plan.applicantId,
          townshipCode: plan.townshipCode, referredOn: plan.acceptedOn, outcome: record ? ReferralOutcome.ACCEPTED : ReferralOutcome.REFUSED,
          reason: record ? null : r.pick(REFUSALS), recordId: record ? String(record.id) : null, decidedOn, decidedBy: `seed-officer-${o.department}`,
        });
        put(ReferralDecision, row);
      }
    },
    finish: seeder.finish ? (put: RowSink) => seeder.finish!(put) : undefined,
  };
}
