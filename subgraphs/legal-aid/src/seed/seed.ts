import { addDays } from '@aidgraph/subgraph-kit';
import { Random, REFERENCE_DATE, type HouseholdRecord, type PersonRecord, type PopulationSeeder } from '@aidgraph/population';
import { LegalAidCase } from '../modules/legal-aid-case/legal-aid-case.entity';
import {
  CRIMINAL_AID_TYPES, LegalAidCaseStatus as S, LegalAidEligibility as E, LegalAidMatter as M, LegalAidOutcome as O, LegalAidRefusalReason as R,
  LegalAidType as T, LegalAidWithdrawalReason as W, LegalServiceProviderKind, OUTCOMES_OF,
} from '../modules/legal-aid-case/legal-aid-case.enums';
import { JIAOZHOU_PROVIDERS, providerIdOf } from '../modules/legal-service-provider/providers';

/** A kind of case the demo draws: aid type, matter, the grounds it may rest on, who it fits, and its weights. */
interface Profile {
  aidType: T;
  matter: M;
  /** the ground for a member of an assisted household, and for anyone else */
  assisted: E;
  other: E;
  /** weights among members of assisted households and among the others */
  wAssisted: number;
  wOther: number;
  fits(m: PersonRecord): boolean;
}

const adult = (m: PersonRecord) => m.age >= 18;
const working = (m: PersonRecord) => m.age >= 18 && m.age <= 59;
const PROFILES: Profile[] = [
  // 追索劳动报酬: migrant workers need no economic check (第四十二条)
  { aidType: T.LABOUR_ARBITRATION, matter: M.WAGE_ARREARS, assisted: E.MIGRANT_WORKER, other: E.MIGRANT_WORKER, wAssisted: 18, wOther: 40, fits: working },
  { aidType: T.CIVIL_REPRESENTATION, matter: M.WAGE_ARREARS, assisted: E.ASSISTANCE_RECIPIENT, other: E.MIGRANT_WORKER, wAssisted: 6, wOther: 8, fits: working },
  { aidType: T.LABOUR_ARBITRATION, matter: M.WORK_INJURY, assisted: E.ASSISTANCE_RECIPIENT, other: E.MIGRANT_WORKER, wAssisted: 7, wOther: 8, fits: working },
  // 赡养费: the elderly suing their children
  { aidType: T.CIVIL_REPRESENTATION, matter: M.MAINTENANCE, assisted: E.ASSISTANCE_RECIPIENT, other: E.SPECIAL_GROUP, wAssisted: 14, wOther: 6, fits: (m) => m.age >= 60 },
  // 家庭暴力: no economic test (第三十二条)
  { aidType: T.CIVIL_REPRESENTATION, matter: M.DOMESTIC_VIOLENCE, assisted: E.DOMESTIC_VIOLENCE_VICTIM, other: E.DOMESTIC_VIOLENCE_VICTIM, wAssisted: 9, wOther: 14, fits: (m) => adult(m) && m.gender === 'FEMALE' },
  { aidType: T.CIVIL_REPRESENTATION, matter: M.MARRIAGE_FAMILY, assisted: E.ASSISTANCE_RECIPIENT, other: E.ECONOMIC_HARDSHIP, wAssisted: 7, wOther: 6, fits: adult },
  { aidType: T.CIVIL_REPRESENTATION, matter: M.TRAFFIC_ACCIDENT, assisted: E.ASSISTANCE_RECIPIENT, other: E.ECONOMIC_HARDSHIP, wAssisted: 6, wOther: 6, fits: adult },
  { aidType: T.CIVIL_REPRESENTATION, matter: M.MEDICAL_DISPUTE, assisted: E.ASSISTANCE_RECIPIENT, other: E.ECONOMIC_HARDSHIP, wAssisted: 4, wOther: 3, fits: adult },
  { aidType: T.ADMINISTRATIVE_REPRESENTATION, matter: M.SOCIAL_INSURANCE_OR_ASSISTANCE, assisted: E.ASSISTANCE_RECIPIENT, other: E.ECONOMIC_HARDSHIP, wAssisted: 5, wOther: 2, fits: adult },
  { aidType: T.LEGAL_DOCUMENT, matter: M.MAINTENANCE, assisted: E.ASSISTANCE_RECIPIENT, other: E.ECONOMIC_HARDSHIP, wAssisted: 6, wOther: 3, fits: (m) => m.age >= 50 },
  { aidType: T.LEGAL_DOCUMENT, matter: M.WAGE_ARREARS, assisted: E.ASSISTANCE_RECIPIENT, other: E.MIGRANT_WORKER, wAssisted: 5, wOther: 6, fits: working },
  { aidType: T.LEGAL_DOCUMENT, matter: M.OTHER, assisted: E.ASSISTANCE_RECIPIENT, other: E.ECONOMIC_HARDSHIP, wAssisted: 4, wOther: 3, fits: adult },
  // 通知辩护 (第二十五条): appointed at the court's request, no application test
  { aidType: T.CRIMINAL_DEFENCE, matter: M.CRIMINAL, assisted: E.APPOINTED_DEFENCE, other: E.APPOINTED_DEFENCE, wAssisted: 4, wOther: 9, fits: (m) => m.age >= 16 && m.age <= 70 && m.gender === 'MALE' },
  { aidType: T.CRIMINAL_VICTIM, matter: M.CRIMINAL, assisted: E.ASSISTANCE_RECIPIENT, other: E.ECONOMIC_HARDSHIP, wAssisted: 3, wOther: 2, fits: adult },
  { aidType: T.CIVIL_REPRESENTATION, matter: M.OTHER, assisted: E.HEROIC_ACT, other: E.HEROIC_ACT, wAssisted: 1, wOther: 1, fits: working },
];

/** 办案补贴 paid per aid type (yuan): the order of 山东省's standards, a little more for a complex case. */
const SUBSIDIES: Record<T, readonly string[]> = {
  CRIMINAL_DEFENCE: ['2000.00', '2500.00', '3000.00'],
  CRIMINAL_VICTIM: ['1800.00', '2000.00'],
  CIVIL_REPRESENTATION: ['1800.00', '2000.00', '2500.00'],
  ADMINISTRATIVE_REPRESENTATION: ['2000.00', '2200.00'],
  LABOUR_ARBITRATION: ['1200.00', '1500.00'],
  STATE_COMPENSATION: ['2000.00'],
  LEGAL_DOCUMENT: ['100.00', '150.00', '200.00'],
};

/** Days from assignment to closing, per aid type (min, max). */
const DURATION: Record<T, [number, number]> = {
  CRIMINAL_DEFENCE: [40, 300],
  CRIMINAL_VICTIM: [60, 300],
  CIVIL_REPRESENTATION: [45, 280],
  ADMINISTRATIVE_REPRESENTATION: [60, 240],
  LABOUR_ARBITRATION: [30, 120],
  STATE_COMPENSATION: [90, 300],
  LEGAL_DOCUMENT: [2, 15],
};

/** The first application date of the demo data: two years before REFERENCE_DATE. */
const FIRST_APPLICATION = '2024-01-01';
const SPAN = Math.round((Date.parse(REFERENCE_DATE) - Date.parse(FIRST_APPLICATION)) / 86_400_000) - 3;

/**
 * Legal aid's share of the demo population (deterministic from the seed): about 8% of the adults of assisted households
 * (dibao, tekun, marginal: their hardship is deemed, 第四十二条) and about 2% of the others (migrant workers owed wages,
 * victims of domestic violence, appointed criminal defence, economic hardship checked), one case each, applied for in
 * 2024-2025 before REFERENCE_DATE; each case has gone as far as its dates allow: decided within 1-9 days (a few late),
 * some refused, a few withdrawn, assigned within 0-3 days to the legal aid centre, a law firm or the town's legal service
 * office (never a grassroots office for a criminal case), closed after a duration typical of its aid type with an outcome
 * that fits it and the provider's subsidy. The person's household township handles the case.
 */
export function legalAidSeeder(seed: string): PopulationSeeder {
  const r = new Random(`${seed}:legal-aid`);
  const lawFirms = JIAOZHOU_PROVIDERS.filter((p) => p.kind === LegalServiceProviderKind.LAW_FIRM);
  const centre = JIAOZHOU_PROVIDERS.find((p) => p.kind === LegalServiceProviderKind.LEGAL_AID_CENTRE)!;
  const providerFor = (aidType: T, h: HouseholdRecord): string => {
    const grassroots = JIAOZHOU_PROVIDERS.find((p) => p.kind === LegalServiceProviderKind.GRASSROOTS_LEGAL_SERVICE && p.townshipCode === h.townshipCode);
    const x = r.next();
    if (x < 0.3) return providerIdOf(centre.code);
    if (x < 0.6 && grassroots && !CRIMINAL_AID_TYPES.includes(aidType)) return providerIdOf(grassroots.code);
    return providerIdOf(r.pick(lawFirms).code);
  };
  return {
    household(h, put) {
      const assisted = h.category !== 'NONE';
      for (const m of h.members) {
        if (m.age < 16 || !r.chance(assisted ? 0.08 : 0.02)) continue;
        const fitting = PROFILES.filter((p) => p.fits(m));
        if (!fitting.length) continue;
        const p = r.weighted(fitting, fitting.map((x) => (assisted ? x.wAssisted : x.wOther)));
        if (!(assisted ? p.wAssisted : p.wOther)) continue;
        const eligibility = assisted ? p.assisted : p.other;
        // more applications lately (the law's reach grows; recent cases are still open): density rising over the two years
        const appliedOn = addDays(FIRST_APPLICATION, Math.floor(SPAN * Math.sqrt(r.next())));
        // a case ends before its person died or moved away
        const end = m.statusDate && m.statusDate < REFERENCE_DATE ? m.statusDate : REFERENCE_DATE;
        if (appliedOn >= end) continue;
        const c: Record<string, unknown> = {
          id: r.uuid(), personId: m.id, townshipCode: h.townshipCode, appliedOn, aidType: p.aidType, matter: p.matter, eligibility,
          status: S.APPLIED, decidedOn: null, refusalReason: null, providerId: null, assignedOn: null, closedOn: null, outcome: null,
          subsidy: null, withdrawnOn: null, withdrawalReason: null,
        };
        put(LegalAidCase, advance(r, c, p.aidType, eligibility, end, () => providerFor(p.aidType, h)));
      }
    },
  };
}

/** Take a case through the steps its dates allow (up to `end`), drawing each decision from `r`. */
function advance(r: Random, c: Record<string, unknown>, aidType: T, eligibility: E, end: string, provider: () => string): Record<string, unknown> {
  const appliedOn = c.appliedOn as string;
  if (r.chance(0.03)) {
    const on = addDays(appliedOn, r.int(1, 5));
    return on <= end ? { ...c, status: S.WITHDRAWN, withdrawnOn: on, withdrawalReason: W.APPLICANT_WITHDREW } : c;
  }
  const decidedOn = addDays(appliedOn, r.chance(0.06) ? r.int(8, 10) : r.int(1, 7));
  if (decidedOn > end) return c;
  const refuse = eligibility === E.APPOINTED_DEFENCE ? false : r.chance(eligibility === E.ECONOMIC_HARDSHIP ? 0.25 : 0.04);
  if (refuse) {
    const reason = eligibility === E.ECONOMIC_HARDSHIP && r.chance(0.7) ? R.NOT_ECONOMIC_HARDSHIP : r.pick([R.NO_LEGAL_GROUNDS, R.MATTER_NOT_COVERED, R.MATERIALS_INCOMPLETE]);
    return { ...c, status: S.REFUSED, decidedOn, refusalReason: reason };
  }
  const accepted = { ...c, status: S.ACCEPTED, decidedOn };
  const assignedOn = addDays(decidedOn, r.int(0, 3));
  if (assignedOn > end) return accepted;
  const assigned = { ...accepted, status: S.ASSIGNED, providerId: provider(), assignedOn };
  if (r.chance(0.03)) {
    const on = addDays(assignedOn, r.int(5, 40));
    return on <= end ? { ...assigned, status: S.WITHDRAWN, withdrawnOn: on, withdrawalReason: r.pick([W.OWN_LAWYER_RETAINED, W.PROCEEDINGS_ENDED]) } : assigned;
  }
  const [min, max] = DURATION[aidType];
  const closedOn = addDays(assignedOn, r.int(min, max));
  if (closedOn > end) return assigned;
  const outcomes = OUTCOMES_OF[aidType];
  const outcome = outcomes.length === 1 ? outcomes[0] : r.weighted(outcomes, outcomes.map((o) => OUTCOME_WEIGHTS[o] ?? 1));
  return { ...assigned, status: S.CLOSED, closedOn, outcome, subsidy: r.pick(SUBSIDIES[aidType]) };
}

const OUTCOME_WEIGHTS: Partial<Record<O, number>> = {
  WON: 5, PARTLY_WON: 3, LOST: 1, MEDIATED: 4, SETTLED: 2, CHARGES_DROPPED: 1, SENTENCE_MITIGATED: 6, DEFENCE_NOT_ADOPTED: 2,
};
