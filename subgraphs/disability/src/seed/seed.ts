import { addDays } from '@aidgraph/subgraph-kit';
import { Random, REFERENCE_DATE, type HouseholdRecord, type PersonRecord, type PopulationSeeder } from '@aidgraph/population';
import { DisabilityCertificate } from '../modules/disability-certificate/disability-certificate.entity';
import {
  CATEGORY_BY_DIGIT, DisabilityCategory, DisabilityCertificateRevocationReason, DisabilityCertificateStatus, type DisabilityGrade,
} from '../modules/disability-certificate/disability-certificate.enums';
import { makeCertificateNumber } from '../modules/disability-certificate/certificate-number';
import { RehabilitationService } from '../modules/rehabilitation-service/rehabilitation-service.entity';
import {
  RehabilitationProgramme as Programme, RehabilitationServiceKind as Kind, RehabilitationServiceStatus,
} from '../modules/rehabilitation-service/rehabilitation-service.enums';
import { DisabilitySubsidy } from '../modules/disability-subsidy/disability-subsidy.entity';
import {
  DisabilitySubsidyDifficulty, DisabilitySubsidyEndReason, DisabilitySubsidyKind, DisabilitySubsidyStatus,
} from '../modules/disability-subsidy/disability-subsidy.enums';
import { subsidyRateOn, subsidyRates, type DisabilitySubsidyRateTable } from '../modules/disability-subsidy/disability-subsidy.rates';

/** The two subsidies exist nationally from this date (国发〔2015〕52号). */
export const SUBSIDIES_FROM = '2016-01-01';
/** The demo rehabilitation records start with the policy (胶政发〔2020〕106号, December 2020). */
const REHABILITATION_FROM = '2021-01-01';

const minDate = (a: string, b: string) => (a < b ? a : b);
const maxDate = (a: string, b: string) => (a > b ? a : b);

/** The same date `years` on (29 February becomes 1 March). */
function addYears(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y + years, m - 1, d)).toISOString().slice(0, 10);
}

/** First day of the month after `date` (subsidies are paid from the month after approval). */
function firstOfNextMonth(date: string): string {
  const [y, m] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10);
}

/** A date drawn in [lo, hi] (ISO), or null when the range is empty. */
function dateBetween(r: Random, lo: string, hi: string): string | null {
  if (lo > hi) return null;
  const days = Math.round((Date.parse(hi) - Date.parse(lo)) / 86_400_000);
  return addDays(lo, r.int(0, days));
}

/**
 * The person's certificates, oldest first: the current one (VALID, or REVOKED on death or moving away) and, for a
 * reissue (suffix Bk), the k certificates it replaced. Every number is the person's ID number + category + grade digits.
 */
function certificatesOf(r: Random, h: HouseholdRecord, m: PersonRecord): DisabilityCertificate[] {
  const d = m.disability!;
  const last = m.statusDate ? minDate(m.statusDate, REFERENCE_DATE) : REFERENCE_DATE;
  const drawn = maxDate(addDays(d.since, r.int(30, 365)), addDays(REFERENCE_DATE, -r.int(0, 3600)));
  const issuedOn = maxDate(m.birthDate, minDate(drawn, last));
  const reissue = r.chance(0.06) ? r.weighted([1, 2], [85, 15]) : 0;
  const dates = [issuedOn];
  for (let k = 0; k < reissue; k++) dates.unshift(maxDate(m.birthDate, addDays(dates[0], -r.int(200, 1500))));
  return dates.map((date, k) => {
    const current = k === reissue;
    const revoked = current && m.statusDate ? (m.status === 'DECEASED' ? DisabilityCertificateRevocationReason.DECEASED : DisabilityCertificateRevocationReason.MOVED_AWAY) : null;
    return Object.assign(new DisabilityCertificate(), {
      id: r.uuid(),
      personId: m.id,
      number: makeCertificateNumber(m.idNumber, d.category, d.grade, k || null),
      category: CATEGORY_BY_DIGIT.get(d.category)!,
      grade: d.grade as DisabilityGrade,
      issuedOn: date,
      expiresOn: addDays(addYears(date, 10), -1),
      status: !current ? DisabilityCertificateStatus.REPLACED : revoked ? DisabilityCertificateStatus.REVOKED : DisabilityCertificateStatus.VALID,
      revokedOn: revoked ? maxDate(m.statusDate!, date) : null,
      revocationReason: revoked,
      townshipCode: h.townshipCode,
    });
  });
}

/**
 * The difficulty a living subsidy rests on, from the person's civil-affairs enrolment: TEKUN, DIBAO (also 单人保 in a
 * marginal household) or MARGINAL, with its first day and, when it ended, its last; null without any.
 */
function difficultyOf(m: PersonRecord): { difficulty: DisabilitySubsidyDifficulty; from: string; until: string | null } | null {
  for (const programme of ['TEKUN', 'DIBAO', 'MARGINAL'] as const) {
    const e = m.enrolments.find((x) => x.programme === programme);
    if (e) return { difficulty: DisabilitySubsidyDifficulty[programme], from: e.startDate, until: e.status === 'ENDED' ? e.endDate : null };
  }
  return null;
}

function subsidy(
  rates: DisabilitySubsidyRateTable, m: PersonRecord, h: HouseholdRecord, kind: DisabilitySubsidyKind, grade: number,
  difficulty: DisabilitySubsidyDifficulty | null, startDate: string, end: { date: string; reason: DisabilitySubsidyEndReason } | null, id: string,
): DisabilitySubsidy {
  const endDate = end ? maxDate(end.date, startDate) : null;
  return Object.assign(new DisabilitySubsidy(), {
    id, personId: m.id, kind, difficulty,
    // the amount in force for the grant today (REFERENCE_DATE) or on its last day
    monthlyAmount: subsidyRateOn(rates, kind, grade, endDate ?? REFERENCE_DATE)!.monthlyAmount,
    startDate, endDate, status: end ? DisabilitySubsidyStatus.ENDED : DisabilitySubsidyStatus.ACTIVE, endReason: end?.reason ?? null,
    townshipCode: h.townshipCode,
  });
}

const PROVIDERS: Record<Programme, string[]> = {
  CHILD_CLEFT_LIP_PALATE: ['青岛市妇女儿童医院', '青岛大学附属医院'],
  CHILD_CEREBRAL_PALSY: ['胶州市残疾人康复中心', '青岛市残疾儿童医疗康复中心'],
  CHILD_REHABILITATION: ['胶州市残疾人康复中心', '胶州市特殊教育学校康复部', '青岛市残疾儿童医疗康复中心'],
  ADULT_REHABILITATION: ['胶州市残疾人康复中心', '胶州市辅助器具服务中心', '胶州市中心医院'],
  MENTAL_ILLNESS_MEDICATION: ['胶州市精神卫生中心'],
};

/** Yearly-order amounts (yuan) by kind: [min, max] in hundreds. */
const AMOUNTS: Record<Kind, [number, number]> = {
  SURGERY: [50, 150],
  REHABILITATION_TRAINING: [60, 240],
  ASSISTIVE_DEVICE: [5, 80],
  MEDICATION: [6, 15],
};

/** The services of one person: the programme and kinds that fit their age, category and covered groups. */
function rehabilitationOf(r: Random, h: HouseholdRecord, m: PersonRecord): RehabilitationService[] {
  const d = m.disability!;
  const category = CATEGORY_BY_DIGIT.get(d.category)!;
  const last = m.statusDate ? minDate(m.statusDate, REFERENCE_DATE) : REFERENCE_DATE;
  const eighteen = addYears(m.birthDate, 18);
  const plan: { programme: Programme; kinds: Kind[]; lo: string; hi: string }[] = [];
  const childHi = minDate(last, addDays(eighteen, -1));
  if (m.coveredGroups.includes('CLEFT_OR_CEREBRAL_PALSY_CHILD')) {
    // the covered group of the policy (唇腭裂和脑瘫儿童): every such child is served
    const lo = maxDate(REHABILITATION_FROM, m.birthDate);
    if (m.age <= 6 && r.chance(0.4)) plan.push({ programme: Programme.CHILD_CLEFT_LIP_PALATE, kinds: [Kind.SURGERY, Kind.REHABILITATION_TRAINING], lo, hi: childHi });
    else plan.push({ programme: Programme.CHILD_CEREBRAL_PALSY, kinds: r.chance(0.3) ? [Kind.REHABILITATION_TRAINING, Kind.ASSISTIVE_DEVICE] : [Kind.REHABILITATION_TRAINING], lo, hi: childHi });
  } else if (m.age < 18 && r.chance(0.5)) {
    const kind = category === DisabilityCategory.HEARING ? r.pick([Kind.ASSISTIVE_DEVICE, Kind.SURGERY]) : category === DisabilityCategory.VISUAL ? Kind.ASSISTIVE_DEVICE : Kind.REHABILITATION_TRAINING;
    plan.push({ programme: Programme.CHILD_REHABILITATION, kinds: [kind], lo: maxDate(REHABILITATION_FROM, addDays(m.birthDate, 180)), hi: childHi });
  } else if (m.age >= 18) {
    const lo = maxDate(REHABILITATION_FROM, eighteen);
    if (category === DisabilityCategory.MENTAL && r.chance(0.5)) plan.push({ programme: Programme.MENTAL_ILLNESS_MEDICATION, kinds: [Kind.MEDICATION], lo, hi: last });
    if (r.chance(0.15)) {
      const device = [DisabilityCategory.PHYSICAL, DisabilityCategory.VISUAL, DisabilityCategory.HEARING].includes(category);
      plan.push({ programme: Programme.ADULT_REHABILITATION, kinds: [device ? Kind.ASSISTIVE_DEVICE : Kind.REHABILITATION_TRAINING], lo, hi: last });
    }
  }
  const out: RehabilitationService[] = [];
  for (const p of plan) {
    let start = dateBetween(r, p.lo, p.hi);
    for (const kind of p.kinds) {
      if (!start) break;
      const oneDay = kind === Kind.SURGERY || kind === Kind.ASSISTIVE_DEVICE;
      const plannedEnd = oneDay ? start : addDays(start, r.int(90, 364));
      const done = plannedEnd <= last;
      const [lo, hi] = AMOUNTS[kind];
      out.push(Object.assign(new RehabilitationService(), {
        id: r.uuid(), personId: m.id, programme: p.programme, kind, provider: r.pick(PROVIDERS[p.programme]), startDate: start,
        endDate: done ? plannedEnd : null, amount: `${r.int(lo, hi) * 100}.00`,
        status: r.chance(0.03) ? RehabilitationServiceStatus.CANCELLED : done ? RehabilitationServiceStatus.COMPLETED : RehabilitationServiceStatus.IN_PROGRESS,
        townshipCode: h.townshipCode,
      }));
      // the next kind of the plan follows this one (e.g. speech training after the cleft repair)
      start = dateBetween(r, addDays(plannedEnd, 30), minDate(p.hi, addDays(plannedEnd, 400)));
    }
  }
  return out;
}

/**
 * The federation's share of the demo population. Every person with a latent disability holds a certificate whose
 * number is their ID number + category digit + grade digit (about 6% reissued, B1/B2, with the certificates they
 * replaced), revoked on death or moving away. Two subsidies from 2016 (or the month after the first certificate):
 * the living subsidy for disabled members of DIBAO/TEKUN/MARGINAL households (and, ended, for households that left
 * dibao), the nursing subsidy for grades 1-2; both end on death or moving away. Rehabilitation for every child of the
 * CLEFT_OR_CEREBRAL_PALSY_CHILD group and for some other disabled children and adults.
 */
export function disabilitySeeder(seed: string): PopulationSeeder {
  const r = new Random(`${seed}:disability`);
  const rates = subsidyRates();
  return {
    household(h, put) {
      for (const m of h.members) {
        if (!m.disability) continue;
        const certs = certificatesOf(r, h, m);
        for (const c of certs) put(DisabilityCertificate, c);
        for (const s of rehabilitationOf(r, h, m)) put(RehabilitationService, s);
        const grade = m.disability.grade;
        const last = m.statusDate ? minDate(m.statusDate, REFERENCE_DATE) : REFERENCE_DATE;
        const gone = m.statusDate
          ? { date: m.statusDate, reason: m.status === 'DECEASED' ? DisabilitySubsidyEndReason.DECEASED : DisabilitySubsidyEndReason.MOVED_AWAY }
          : null;
        const certified = maxDate(SUBSIDIES_FROM, certs[0].issuedOn);
        const difficulty = difficultyOf(m);
        if (difficulty) {
          const start = firstOfNextMonth(maxDate(certified, difficulty.from));
          // the enrolment ends on death or moving away too: the reason is then that
          const left = difficulty.until && !(gone && difficulty.until >= gone.date);
          const end = left ? { date: difficulty.until!, reason: DisabilitySubsidyEndReason.NO_LONGER_IN_DIFFICULTY } : gone;
          if (start <= (end ? minDate(end.date, last) : last))
            put(DisabilitySubsidy, subsidy(rates, m, h, DisabilitySubsidyKind.LIVING, grade, difficulty.difficulty, start, end, r.uuid()));
        }
        if (grade <= 2) {
          const start = firstOfNextMonth(certified);
          if (start <= last) put(DisabilitySubsidy, subsidy(rates, m, h, DisabilitySubsidyKind.NURSING, grade, null, start, gone, r.uuid()));
        }
      }
    },
  };
}
