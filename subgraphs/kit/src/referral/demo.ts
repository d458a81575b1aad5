import type { EntityTarget, ObjectLiteral } from 'typeorm';
import { PROGRAMMES } from '@aidgraph/common';
import { REFERENCE_DATE, Random, type HouseholdRecord, type PopulationSeeder, type RowSink } from '@aidgraph/population';
import { addDays } from '../domain/dates';
import { referralIdOf, uuidV5 } from './ticket';
import { ReferralDecision, ReferralOutcome, ReferralRefusalReason } from './referral';

/**
 * The demo applications and their referrals, as every seed sees them: the service centre's seed writes the applications
 * (and the referrals of the accepted ones), each department's seed decides some of the referrals to it — without
 * reading each other's databases. Both call `demoApplicationPlan(seed, household)`: a pure function of the seed and the
 * household (its own random stream per household), so they agree on which household applied, for what, under which
 * application id, and on which day it was accepted; the referral ids are then referralIdOf(application id, programme).
 */

/** The civil-affairs programme a demo application requests (decided in the application's own steps; TEMPORARY alone may be urgent). */
export const DEMO_BASE_PROGRAMMES: readonly string[] = ['DIBAO', 'DIBAO', 'TEKUN', 'TEMPORARY'];
/**
 * The other departments' programmes a demo application may request too (referred at acceptance), each where the
 * household fits it, so that the department often has a record of the household to accept the referral with.
 */
export const DEMO_REFERRED_PROGRAMMES: readonly { programme: string; fits: (h: HouseholdRecord) => boolean }[] = [
  { programme: 'EDUCATION', fits: (h) => h.members.some((m) => m.status === 'ACTIVE' && m.age >= 3 && m.age <= 22) },
  { programme: 'MEDICAL', fits: (h) => h.members.some((m) => m.status === 'ACTIVE' && (m.seriousIllness || m.disability !== null || m.age >= 60)) },
  { programme: 'HOUSING', fits: (h) => h.housing !== 'OWNED' },
  { programme: 'REHABILITATION', fits: (h) => h.members.some((m) => m.status === 'ACTIVE' && m.disability !== null) },
  { programme: 'LEGAL_AID', fits: () => true },
  { programme: 'DISASTER', fits: () => true },
  { programme: 'CHARITY', fits: () => true },
];
/** The steps a demo application is taken to, from the first. */
export const DEMO_TARGETS: readonly string[] = ['SUBMITTED', 'NOT_ACCEPTED', 'INVESTIGATION', 'VERIFICATION', 'PRELIMINARY_REVIEW', 'PUBLIC_NOTICE', 'CONFIRMED', 'REFUSED', 'CLOSED'];
/** The namespace of demo application ids (a fixed random UUID): id = uuidV5(it, `${seed}/${household id}`). */
export const DEMO_APPLICATION_NAMESPACE = 'c3a5e0d2-71b4-4f69-8d2e-5b7a9c1f3e08';
/** Days of the public notice (公示): the seed's dates leave room for it. */
const NOTICE_DAYS = 7;
/** The steps with no time limit left to run (an application there waits for nothing). */
const DEMO_FINISHED: readonly string[] = ['NOT_ACCEPTED', 'CONFIRMED', 'REFUSED', 'CLOSED'];

/**
 * Whether a demo application takes the urgent path (先行救助: confirmed first, then the visit, the investigation and the
 * verification completed afterwards): urgent ones taken to CONFIRMED or CLOSED. Other urgent ones take the usual path.
 */
export function demoUrgentPath(target: string, urgent: boolean): boolean {
  return urgent && (target === 'CONFIRMED' || target === 'CLOSED');
}

/**
 * The days from a demo application's submission to its last transition, on the path the service centre's seed takes it
 * (the gaps in order, the notice's 7 days from its first to the day after its last): the seed's last transition then
 * falls on REFERENCE_DATE - waiting.
 */
export function demoPathDays(target: string, urgent: boolean, gaps: readonly number[]): number {
  const sum = (n: number) => gaps.slice(0, n).reduce((a, b) => a + b, 0);
  if (demoUrgentPath(target, urgent)) return sum(target === 'CLOSED' ? 6 : 5);
  switch (target) {
    case 'SUBMITTED':
      return 0;
    case 'NOT_ACCEPTED':
    case 'INVESTIGATION':
      return sum(1);
    case 'VERIFICATION':
      return sum(3);
    case 'PRELIMINARY_REVIEW':
      return sum(4);
    case 'PUBLIC_NOTICE':
      return sum(5);
    case 'CONFIRMED':
    case 'REFUSED':
      return sum(6) + NOTICE_DAYS - 1;
    case 'CLOSED':
      return sum(7) + NOTICE_DAYS - 1;
    default:
      throw new Error(`demoPathDays: not a step: ${target}`);
  }
}

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
  /**
   * the days between the steps, in the order the seed takes them (demoPathDays): gaps[0] submission to acceptance (or
   * non-acceptance); then on the usual path visit, investigation done (→ VERIFICATION), verification (→
   * PRELIMINARY_REVIEW), preliminary decision (→ PUBLIC_NOTICE, 7 days), the approver's decision after the notice's last
   * day, closing; on the urgent path (先行救助, urgent CONFIRMED or CLOSED) confirmation, visit, investigation done,
   * verification, closing
   */
  gaps: number[];
  /**
   * the days the application has been in its last step by REFERENCE_DATE (its last transition was REFERENCE_DATE -
   * waiting): 0-14 for an open step, so on REFERENCE_DATE some are overdue and some are not, and some public notices are
   * still running (waiting 0-6) while others have ended; 0-40 for a finished one
   */
  waiting: number;
  /** submission day: REFERENCE_DATE - waiting - demoPathDays(target, urgent, gaps) */
  submittedOn: string;
  /** acceptance day (submittedOn + gaps[0]); null when the target is SUBMITTED or NOT_ACCEPTED */
  acceptedOn: string | null;
}

/**
 * The demo application of household `h`, or null (about one household in seven applies: 10% of the unassisted, 40% of
 * the assisted, by an active adult member). Deterministic from `seed` and the household alone.
 */
export function demoApplicationPlan(seed: string, h: HouseholdRecord): DemoApplicationPlan | null {
  const r = new Random(`${seed}:application:${h.id}`);
  if (!r.chance(h.category === 'NONE' ? 0.1 : 0.4)) return null;
  const applicant = h.members.find((m) => m.status === 'ACTIVE' && m.age >= 18);
  if (!applicant) return null;
  const target = r.pick([...DEMO_TARGETS]);
  // a civil-affairs programme and, mostly, one or two other departments' programmes, twice as likely one the
  // household fits (TEMPORARY is asked alone half the time: it may then be urgent)
  const programmes = [r.pick([...DEMO_BASE_PROGRAMMES])];
  const weighted = DEMO_REFERRED_PROGRAMMES.flatMap((x) => Array<string>(x.fits(h) ? 2 : 1).fill(x.programme));
  if (!r.chance(programmes[0] === 'TEMPORARY' ? 0.5 : 0.15)) {
    programmes.push(r.pick(weighted));
    if (r.chance(0.4)) programmes.push(r.pick(weighted.filter((p) => !programmes.includes(p))));
  }
  const urgent = programmes.length === 1 && programmes[0] === 'TEMPORARY' && r.chance(0.5);
  const gaps = Array.from({ length: 8 }, () => r.int(1, 4));
  const waiting = r.int(0, DEMO_FINISHED.includes(target) ? 40 : 14);
  const submittedOn = addDays(REFERENCE_DATE, -(waiting + demoPathDays(target, urgent, gaps)));
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

/** The demo refusals: the reason code, and the department's note (its own records). */
const REFUSALS: readonly { reason: ReferralRefusalReason; note: string }[] = [
  { reason: ReferralRefusalReason.NOT_ELIGIBLE, note: '经审核，申请人不符合本项目救助条件。' },
  { reason: ReferralRefusalReason.ALREADY_ASSISTED, note: '申请人已享受同类救助，不重复救助。' },
  { reason: ReferralRefusalReason.DOCUMENTS_INSUFFICIENT, note: '所需证明材料经一次性告知后仍未补齐。' },
];

/**
 * A department's seeder that also decides the demo referrals to `department`: after the wrapped seeder's rows of a
 * household, each referral of the household's demo application to the department is, deterministically, left pending
 * (see below), accepted with a record the wrapped seeder made for the applicant or, failing that, another member of the
 * household (an entity of `records` whose personId is theirs), or else refused with a reason. Decided 1-15 days after the
 * acceptance; a referral whose day would come after REFERENCE_DATE is left pending (as is one in four of the others).
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
        // decided within fifteen days of the acceptance; pending when that day is after REFERENCE_DATE, and one in four anyway
        const decidedOn = addDays(plan.acceptedOn, r.int(1, 15));
        if (decidedOn > REFERENCE_DATE || r.chance(0.25)) continue;
        const members = new Set(h.members.map((m) => m.id));
        const ofRecords = made.filter((m) => o.records.includes(m.entity));
        const record = (ofRecords.find((m) => m.row.personId === plan.applicantId) ?? ofRecords.find((m) => members.has(m.row.personId)))?.row;
        const row: ReferralDecision = Object.assign(new ReferralDecision(), {
          id: ref.id, applicationId: plan.applicationId, department: o.department, programme: ref.programme, personId: plan.applicantId,
          townshipCode: plan.townshipCode, referredOn: plan.acceptedOn, outcome: record ? ReferralOutcome.ACCEPTED : ReferralOutcome.REFUSED,
          ...(record ? { reason: null, note: null } : r.pick([...REFUSALS])), recordId: record ? String(record.id) : null, decidedOn, decidedBy: `seed-officer-${o.department}`,
        });
        put(ReferralDecision, row);
      }
    },
    finish: seeder.finish ? (put: RowSink) => seeder.finish!(put) : undefined,
  };
}
