import { addDays, fenToYuan, yuanToFen } from '@aidgraph/subgraph-kit';
import {
  Random, REFERENCE_DATE, drawGivenName, drawSurname, type HouseholdRecord, type PersonRecord, type PopulationSeeder,
  type RowSink,
} from '@aidgraph/population';
import { CharityProject } from '../modules/charity-project/charity-project.entity';
import { CharityProjectTargetGroup } from '../modules/charity-project/charity-project-target-group.entity';
import { CharityProjectStatus, CharityTargetGroup as G } from '../modules/charity-project/charity-project.enums';
import { CharityDonation } from '../modules/charity-donation/charity-donation.entity';
import { CharityDonationStatus, CharityDonorKind } from '../modules/charity-donation/charity-donation.enums';
import { CharityGrant } from '../modules/charity-grant/charity-grant.entity';
import { CharityGrantStatus, CharityRecipientKind } from '../modules/charity-grant/charity-grant.enums';

/** A grant the seed would like to make; it is made only if the project has the balance on that day. */
interface GrantPlan {
  personId: string | null;
  householdId: string | null;
  townshipCode: string;
  /** yuan, whole */
  amount: number;
  grantedOn: string;
  reason: string;
  /** set when the grant is to be withdrawn later (if it was made) */
  withdrawnOn: string | null;
}

type PlannedGrant = Omit<GrantPlan, 'withdrawnOn'>;

interface ProjectPlan {
  key: string;
  name: string;
  purpose: string;
  targetGroups: G[];
  startDate: string;
  endDate: string;
  /** closed projects: the day they were closed (after every record) */
  closedOn: string | null;
  /** the grants this project would make to a household of the assisted population (draws from `r`) */
  grantsFor(h: HouseholdRecord, r: Random): PlannedGrant[];
}

const ASSISTED_PROGRAMMES = ['DIBAO', 'TEKUN', 'MARGINAL'];

/** True when the person has a DIBAO, TEKUN or MARGINAL enrolment covering `date` (so is alive and in the registry then). */
export function assistedOn(p: PersonRecord, date: string): boolean {
  return p.enrolments.some(
    (e) => ASSISTED_PROGRAMMES.includes(e.programme) && e.startDate <= date && (e.endDate === null || e.endDate >= date),
  );
}

/** The age a person had on 1 September of `year` (the population's ages are as of REFERENCE_DATE). */
function ageInSeptember(p: PersonRecord, year: number): number {
  const [by, bm] = p.birthDate.split('-').map(Number);
  return year - by - (bm > 9 ? 1 : 0);
}

function between(r: Random, from: string, to: string): string {
  const days = Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86400000);
  return addDays(from, r.int(0, Math.max(0, days)));
}

const minDate = (...ds: string[]) => ds.sort()[0];

function personGrant(h: HouseholdRecord, m: PersonRecord, amount: number, grantedOn: string, reason: string): PlannedGrant {
  return { personId: m.id, householdId: null, townshipCode: h.townshipCode, amount, grantedOn, reason };
}

function winterGrants(h: HouseholdRecord, r: Random, from: string, to: string, year: number): PlannedGrant[] {
  const grantedOn = between(r, from, to);
  if (!r.chance(0.85) || !h.members.some((m) => assistedOn(m, grantedOn))) return [];
  const amount = h.category === 'TEKUN' ? 800 : h.category === 'DIBAO' ? 600 : 400;
  return [{ personId: null, householdId: h.id, townshipCode: h.townshipCode, amount, grantedOn, reason: `${year}年冬季取暖补助` }];
}

/** 重阳节 (the ninth day of the ninth lunar month) in the years of the demo data. */
const CHONGYANG: Record<number, string> = { 2023: '2023-10-23', 2024: '2024-10-11', 2025: '2025-10-29' };

/**
 * The demo projects of the charity federation (慈善总会): the usual 助学, 助医, 助老, 助残 and 冬季送温暖 projects of
 * a county-level charity federation, with periods around REFERENCE_DATE (two are closed).
 */
const PROJECTS: ProjectPlan[] = [
  {
    key: 'education',
    name: '慈善助学金',
    purpose: '资助低保、特困和低保边缘家庭中在读的中小学生和大学生，每学年秋季发放一次。',
    targetGroups: [G.DIBAO_RECIPIENT, G.TEKUN_PERSON, G.ORPHAN_OR_CHILD_IN_DIFFICULTY],
    startDate: '2023-03-01',
    endDate: '2026-12-31',
    closedOn: null,
    grantsFor(h, r) {
      const out: PlannedGrant[] = [];
      for (const m of h.members)
        for (const year of [2023, 2024, 2025]) {
          const age = ageInSeptember(m, year);
          if (age < 6 || age > 22 || !r.chance(0.7)) continue;
          const grantedOn = between(r, `${year}-09-10`, `${year}-09-30`);
          if (!assistedOn(m, grantedOn)) continue;
          const [amount, stage]: [number, string] = age < 12 ? [800, '小学'] : age < 15 ? [1000, '初中'] : age < 18 ? [1500, '高中'] : [3000, '大学'];
          out.push(personGrant(h, m, amount, grantedOn, `${year}年秋季助学（${stage}）`));
        }
      return out;
    },
  },
  {
    key: 'medical',
    name: '慈心助医·大病救助',
    purpose: '对低保、特困和低保边缘家庭中患重大疾病的成员，在基本医保、大病保险和医疗救助之后仍需自付的医疗费用给予一次性救助。',
    targetGroups: [G.DIBAO_RECIPIENT, G.TEKUN_PERSON, G.TWO_CANCERS_POOR_WOMAN, G.SEVERE_MENTAL_ILLNESS],
    startDate: '2022-01-01',
    endDate: '2026-12-31',
    closedOn: null,
    grantsFor(h, r) {
      const out: PlannedGrant[] = [];
      for (const m of h.members) {
        if (!m.seriousIllness || !r.chance(0.8)) continue;
        const grantedOn = between(r, '2022-03-01', '2025-12-20');
        const amount = r.int(4, 20) * 500;
        if (assistedOn(m, grantedOn)) out.push(personGrant(h, m, amount, grantedOn, '重大疾病医疗费用自付部分救助'));
      }
      return out;
    },
  },
  {
    key: 'elderly',
    name: '重阳敬老·爱心助老',
    purpose: '每年重阳节慰问低保、特困和低保边缘家庭中70周岁以上的老年人。',
    targetGroups: [G.TEKUN_PERSON, G.DIBAO_RECIPIENT],
    startDate: '2023-09-01',
    endDate: '2025-12-31',
    closedOn: null,
    grantsFor(h, r) {
      const out: PlannedGrant[] = [];
      for (const m of h.members)
        for (const year of [2023, 2024, 2025]) {
          const age = ageInSeptember(m, year);
          if (age < 70) continue;
          const grantedOn = addDays(CHONGYANG[year], r.int(0, 10));
          if (assistedOn(m, grantedOn)) out.push(personGrant(h, m, age >= 80 ? 500 : 300, grantedOn, `${year}年重阳节慰问`));
        }
      return out;
    },
  },
  {
    key: 'disability',
    name: '助残扶残·温暖同行',
    purpose: '为低保、特困和低保边缘家庭中的持证残疾人适配辅助器具、参加康复训练给予补助。',
    targetGroups: [G.DISABLED_IN_DIFFICULTY, G.SEVERE_MENTAL_ILLNESS, G.CLEFT_OR_CEREBRAL_PALSY_CHILD],
    startDate: '2022-05-15',
    endDate: '2025-05-14',
    closedOn: '2025-06-30',
    grantsFor(h, r) {
      const out: PlannedGrant[] = [];
      for (const m of h.members) {
        if (!m.disability || !r.chance(0.75)) continue;
        const grantedOn = between(r, '2022-06-01', '2025-04-30');
        const amount = r.int(5, 30) * 100;
        const reason = r.pick(['辅助器具适配补助', '康复训练补助', '残疾人生活困难补助']);
        if (assistedOn(m, grantedOn)) out.push(personGrant(h, m, amount, grantedOn, reason));
      }
      return out;
    },
  },
  {
    key: 'winter-2024',
    name: '2024年冬季送温暖',
    purpose: '为低保、特困和低保边缘家庭送去冬季取暖补助（按户发放）。',
    targetGroups: [G.DIBAO_RECIPIENT, G.TEKUN_PERSON, G.DISABLED_IN_DIFFICULTY, G.WORKER_IN_DIFFICULTY],
    startDate: '2024-11-15',
    endDate: '2025-02-28',
    closedOn: '2025-03-31',
    grantsFor: (h, r) => winterGrants(h, r, '2024-12-10', '2025-01-25', 2024),
  },
  {
    key: 'winter-2025',
    name: '2025年冬季送温暖',
    purpose: '为低保、特困和低保边缘家庭送去冬季取暖补助（按户发放）。',
    targetGroups: [G.DIBAO_RECIPIENT, G.TEKUN_PERSON, G.DISABLED_IN_DIFFICULTY, G.WORKER_IN_DIFFICULTY],
    startDate: '2025-11-15',
    endDate: '2026-02-28',
    closedOn: null,
    grantsFor: (h, r) => winterGrants(h, r, '2025-12-05', '2025-12-31', 2025),
  },
];

const ENTERPRISE_WORDS = ['宏达', '鑫源', '华泰', '永盛', '金辉', '瑞丰', '恒信', '海晟', '利群', '三联'];
const ENTERPRISE_TRADES = ['实业', '机械', '食品', '建材', '物流', '纺织', '电子', '置业'];
const ORGANISATIONS = [
  '胶州市工商业联合会', '胶州市个体劳动者协会', '胶州市青年企业家协会', '胶州市退休教师协会', '胶州市爱心公益联合会',
  '胶州市律师协会', '青岛胶州湾慈善基金会',
];

/**
 * A donor and an amount in fen. Enterprises and organisations give a share of what the project needs (3-15% and 1-5%,
 * in whole thousands / hundreds of yuan), so that a project has some tens of donations whatever the population size;
 * individuals give round sums, sometimes a lucky number with fen (666.66, 888.88).
 */
function drawDonor(r: Random, target: number): { donorKind: CharityDonorKind; donor: string; fen: number } {
  const donorKind = r.weighted(
    [CharityDonorKind.INDIVIDUAL, CharityDonorKind.ENTERPRISE, CharityDonorKind.ORGANISATION],
    [60, 28, 12],
  );
  const share = (lo: number, hi: number, unit: number) => Math.max(1, Math.round((target * (lo + r.next() * (hi - lo))) / unit)) * unit;
  if (donorKind === CharityDonorKind.ENTERPRISE)
    return { donorKind, donor: `胶州市${r.pick(ENTERPRISE_WORDS)}${r.pick(ENTERPRISE_TRADES)}有限公司`, fen: share(0.03, 0.15, 1000_00) };
  if (donorKind === CharityDonorKind.ORGANISATION) return { donorKind, donor: r.pick(ORGANISATIONS), fen: share(0.01, 0.05, 100_00) };
  const name = drawSurname(r) + drawGivenName(r, r.chance(0.5) ? 'MALE' : 'FEMALE');
  const fen = r.chance(0.1) ? r.pick([66666, 88888, 131400]) : r.pick([100, 200, 500, 1000, 2000, 5000]) * 100;
  return { donorKind, donor: name, fen };
}

type Event =
  | { date: string; order: 0; donation: CharityDonation }
  | { date: string; order: 1; withdrawal: CharityGrant }
  | { date: string; order: 2; refund: CharityDonation; refundedOn: string }
  | { date: string; order: 3; grant: CharityGrant };

/**
 * The charity federation's share of the demo population. Six projects; grants planned only for members (or whole
 * households) of assisted households (DIBAO/TEKUN/MARGINAL) while they are enrolled (`household`); at the end
 * (`finish`), donations raised to roughly what the plans need, then everything replayed day by day (donations and
 * withdrawals before refunds and grants): a grant is made, and a refund done, only if the project has the balance
 * that day, so the balance never goes negative. Deterministic for a seed.
 */
export function charitySeeder(seed: string): PopulationSeeder {
  const r = new Random(`${seed}:charity`);
  const forks = PROJECTS.map((p) => r.fork(p.key));
  const plans: GrantPlan[][] = PROJECTS.map(() => []);
  return {
    household(h) {
      if (h.category === 'NONE') return;
      PROJECTS.forEach((p, i) => {
        for (const g of p.grantsFor(h, forks[i])) plans[i].push({ ...g, withdrawnOn: null });
      });
    },
    finish(put) {
      fundAndReplay(plans, forks, put);
    },
  };
}

function fundAndReplay(plans: GrantPlan[][], forks: Random[], put: RowSink): void {
  const projects: CharityProject[] = [];
  const groups: CharityProjectTargetGroup[] = [];
  const events: Event[] = [];
  PROJECTS.forEach((p, i) => {
    const pr = forks[i].fork('money');
    const lastDay = minDate(p.endDate, REFERENCE_DATE, p.closedOn ?? p.endDate);
    const planned = plans[i].reduce((s, g) => s + g.amount, 0);
    const project = Object.assign(new CharityProject(), {
      id: pr.uuid(), name: p.name, purpose: p.purpose,
      budget: fenToYuan(Math.max(1, Math.ceil(planned / 10000)) * 10000 * 100),
      startDate: p.startDate, endDate: p.endDate,
      status: p.closedOn ? CharityProjectStatus.CLOSED : CharityProjectStatus.OPEN, closedOn: p.closedOn,
    });
    projects.push(project);
    for (const targetGroup of p.targetGroups) groups.push(Object.assign(new CharityProjectTargetGroup(), { projectId: project.id, targetGroup }));

    // donations: about what the plans need (85-110%), half of it in the first month
    const target = Math.max(5000_00, Math.round(planned * 100 * (0.85 + pr.next() * 0.25)));
    let raised = 0;
    while (raised < target) {
      const d = drawDonor(pr, target);
      const anonymous = pr.chance(0.15);
      const receivedOn = raised < target / 2 ? minDate(between(pr, p.startDate, addDays(p.startDate, 30)), lastDay) : between(pr, p.startDate, lastDay);
      const donation = Object.assign(new CharityDonation(), {
        id: pr.uuid(), projectId: project.id, donorKind: d.donorKind, anonymous, donor: anonymous ? null : d.donor,
        amount: fenToYuan(d.fen), receivedOn, status: CharityDonationStatus.RECEIVED, refundedOn: null, refundReason: null,
      });
      raised += d.fen;
      events.push({ date: receivedOn, order: 0, donation });
      if (pr.chance(0.04)) {
        const refundedOn = minDate(addDays(receivedOn, pr.int(3, 30)), lastDay);
        events.push({ date: refundedOn, order: 2, refund: donation, refundedOn });
      }
    }
    for (const g of plans[i]) {
      if (g.grantedOn < p.startDate || g.grantedOn > lastDay) continue;
      const grant = Object.assign(new CharityGrant(), {
        id: pr.uuid(), projectId: project.id,
        recipientKind: g.personId ? CharityRecipientKind.PERSON : CharityRecipientKind.HOUSEHOLD,
        personId: g.personId, householdId: g.householdId, townshipCode: g.townshipCode, amount: fenToYuan(g.amount * 100),
        grantedOn: g.grantedOn, reason: g.reason, status: CharityGrantStatus.GRANTED, withdrawnOn: null, withdrawReason: null,
      });
      events.push({ date: g.grantedOn, order: 3, grant });
      if (pr.chance(0.02)) {
        const withdrawnOn = minDate(addDays(g.grantedOn, pr.int(3, 30)), lastDay);
        events.push({ date: withdrawnOn, order: 1, withdrawal: grant });
      }
    }
  });

  // replay day by day: the balance of each project in fen
  events.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.order - b.order));
  const balance = new Map<string, number>(projects.map((p) => [p.id, 0]));
  const donations: CharityDonation[] = [];
  const grants: CharityGrant[] = [];
  const made = new Set<CharityGrant>();
  for (const e of events) {
    if (e.order === 0) {
      donations.push(e.donation);
      balance.set(e.donation.projectId, balance.get(e.donation.projectId)! + yuanToFen(e.donation.amount));
    } else if (e.order === 1) {
      if (!made.has(e.withdrawal)) continue;
      Object.assign(e.withdrawal, { status: CharityGrantStatus.WITHDRAWN, withdrawnOn: e.date, withdrawReason: '受助人情况变化，救助金退回' });
      balance.set(e.withdrawal.projectId, balance.get(e.withdrawal.projectId)! + yuanToFen(e.withdrawal.amount));
    } else if (e.order === 2) {
      const fen = yuanToFen(e.refund.amount);
      if (balance.get(e.refund.projectId)! < fen) continue;
      Object.assign(e.refund, { status: CharityDonationStatus.REFUNDED, refundedOn: e.refundedOn, refundReason: '捐赠人申请退回（定向用途不符）' });
      balance.set(e.refund.projectId, balance.get(e.refund.projectId)! - fen);
    } else {
      const fen = yuanToFen(e.grant.amount);
      if (balance.get(e.grant.projectId)! < fen) continue; // no balance that day: the grant is not made
      grants.push(e.grant);
      made.add(e.grant);
      balance.set(e.grant.projectId, balance.get(e.grant.projectId)! - fen);
    }
  }

  for (const p of projects) put(CharityProject, p);
  for (const g of groups) put(CharityProjectTargetGroup, g);
  for (const d of donations) put(CharityDonation, d);
  for (const g of grants) put(CharityGrant, g);
}
