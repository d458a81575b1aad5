import { Decimal, type Yuan } from '@aidgraph/subgraph-kit';
import { AssistanceCategory } from '../person/assistance-category.enum';
import { MedicalCareType } from '../medical-claim/medical-claim.enums';
import { medicalAidPolicyOn, premiumPolicyFor, type MedicalPolicy } from './medical-policy';

/**
 * 医疗救助计算 The medical aid of one person for one calendar year: a pure function of the person's civil-affairs
 * category on each date (their category history), their claims' figures and the policy table. No database, no clock.
 *
 * Rules (国办发〔2021〕42号; figures from the policy table, medical-policy.json):
 * 1. Only claims discharged in the calendar year count; they are taken in chronological order (discharge date, then
 *    admission date, then id, so the order is total and stable).
 * 2. Each claim uses the policy entry in force on its discharge date and the person's category on that same date
 *    (the category history, never today's category: ending or starting an enrolment later leaves the claim as it
 *    was): the category's ratio for its care type (inpatient/outpatient), the category's deductible, the entry's
 *    annual cap. No entry, or no rule for the category (always so for NONE): no aid.
 * 3. Deductible (起付线): per calendar year, consumed by the eligible remainders (政策范围内自付) of the aided claims in
 *    order; the part of a claim's eligible remainder that fills what is left of its category's deductible gets no aid.
 * 4. Aid before the cap = (eligible remainder - deductible part) x ratio, rounded half-up to the fen (0.005 -> 0.01),
 *    once per claim.
 * 5. Annual cap (年度救助限额): the aid already paid in the year is subtracted from the cap of the claim's entry; the claim
 *    gets at most what is left, so the cap is reached exactly in the middle of a claim and later claims get zero.
 * 6. Out of pocket (个人自付) = total cost - basic insurance - critical-illness insurance - medical aid (it includes the
 *    costs outside the policy scope).
 * The summary's category is the one on the summary's reference date (`asOf`: 31 December for a past year, today for
 * the current one — the category a further claim of the year would meet). Its annual cap is the cap of the entry in
 * force on 31 December of the year (the one a further claim of that year would meet); remaining cap = max(0, that cap
 * - year-to-date aid). Both are null when neither the summary's category nor the category of any of the year's claims
 * gets aid under that entry.
 */

/** The figures of a claim the computation needs (a MedicalClaim has them all). */
export interface ClaimFigures {
  id: string;
  careType: MedicalCareType;
  admissionDate: string;
  dischargeDate: string;
  totalCost: Yuan;
  basicInsurancePaid: Yuan;
  criticalIllnessInsurancePaid: Yuan;
  eligibleSelfPay: Yuan;
}

export interface ClaimAid<C extends ClaimFigures = ClaimFigures> {
  claim: C;
  /** the person's category on the claim's discharge date (the one the aid was computed for) */
  category: AssistanceCategory;
  /** effective date of the policy entry applied; null when no entry was in force */
  policyEffectiveFrom: string | null;
  /** ratio applied (decimal fraction as written in the table); null when the category gets no aid */
  ratio: string | null;
  /** part of the eligible remainder that went to the yearly deductible */
  deductibleApplied: Yuan;
  /** eligible remainder minus the deductible part */
  aidBase: Yuan;
  /** aid before the annual cap */
  computedAid: Yuan;
  /** 医疗救助支付: the aid paid */
  medicalAidPaid: Yuan;
  /** true when the annual cap cut this claim's aid */
  capReached: boolean;
  /** 个人自付 */
  outOfPocket: Yuan;
}

export interface YearMedicalAid<C extends ClaimFigures = ClaimFigures> {
  year: number;
  category: AssistanceCategory;
  claims: ClaimAid<C>[];
  totalCost: Yuan;
  insurancePaid: Yuan;
  eligibleSelfPay: Yuan;
  deductibleApplied: Yuan;
  yearToDate: Yuan;
  outOfPocket: Yuan;
  annualCap: Yuan | null;
  remainingCap: Yuan | null;
}

const ZERO = new Decimal(0);
const fen = (d: Decimal): Yuan => d.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);

function byDischarge(a: ClaimFigures, b: ClaimFigures): number {
  return a.dischargeDate.localeCompare(b.dischargeDate) || a.admissionDate.localeCompare(b.admissionDate) || a.id.localeCompare(b.id);
}

function ruleFor(policy: MedicalPolicy, date: string, category: AssistanceCategory) {
  const entry = medicalAidPolicyOn(policy, date);
  const rule = entry && category !== AssistanceCategory.NONE ? entry.categories[category] : undefined;
  return { entry, rule };
}

/** The person's category on a date (ISO): a category history, e.g. `(d) => categoryOn(periods, d)`. */
export type CategoryOnDate = (date: string) => AssistanceCategory;

/**
 * The medical aid of `year` for a person whose category on each date `categoryOn` gives (a constant category: the
 * same on every date), with these (counting, i.e. not withdrawn) claims. `asOf` (ISO, in the year) is the date of the
 * summary's category; default 31 December of the year.
 */
export function computeMedicalAid<C extends ClaimFigures>(
  categoryOn: AssistanceCategory | CategoryOnDate,
  claims: readonly C[],
  year: number,
  policy: MedicalPolicy,
  asOf?: string,
): YearMedicalAid<C> {
  const prefix = `${String(year).padStart(4, '0')}-`;
  const on: CategoryOnDate = typeof categoryOn === 'function' ? categoryOn : () => categoryOn;
  const ofYear = claims.filter((c) => c.dischargeDate.startsWith(prefix)).sort(byDischarge);
  let paid = ZERO;
  let deductibleUsed = ZERO;
  const totals = { totalCost: ZERO, insurance: ZERO, eligible: ZERO, outOfPocket: ZERO };
  const lines = ofYear.map((claim): ClaimAid<C> => {
    const category = on(claim.dischargeDate);
    const { entry, rule } = ruleFor(policy, claim.dischargeDate, category);
    const eligible = new Decimal(claim.eligibleSelfPay);
    const insurance = new Decimal(claim.basicInsurancePaid).plus(claim.criticalIllnessInsurancePaid);
    let ratio: string | null = null;
    let deductiblePart = ZERO;
    let computed = ZERO;
    let aid = ZERO;
    let capReached = false;
    if (entry && rule) {
      ratio = claim.careType === MedicalCareType.INPATIENT ? rule.inpatientRatio : rule.outpatientRatio;
      deductiblePart = Decimal.min(eligible, Decimal.max(ZERO, new Decimal(rule.deductible).minus(deductibleUsed)));
      deductibleUsed = deductibleUsed.plus(deductiblePart);
      computed = eligible.minus(deductiblePart).times(ratio).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
      const capLeft = Decimal.max(ZERO, new Decimal(entry.annualCap).minus(paid));
      aid = Decimal.min(computed, capLeft);
      capReached = computed.greaterThan(capLeft);
      paid = paid.plus(aid);
    }
    const outOfPocket = new Decimal(claim.totalCost).minus(insurance).minus(aid);
    totals.totalCost = totals.totalCost.plus(claim.totalCost);
    totals.insurance = totals.insurance.plus(insurance);
    totals.eligible = totals.eligible.plus(eligible);
    totals.outOfPocket = totals.outOfPocket.plus(outOfPocket);
    return {
      claim,
      category,
      policyEffectiveFrom: entry?.effectiveFrom ?? null,
      ratio,
      deductibleApplied: fen(deductiblePart),
      aidBase: fen(eligible.minus(deductiblePart)),
      computedAid: fen(computed),
      medicalAidPaid: fen(aid),
      capReached,
      outOfPocket: fen(outOfPocket),
    };
  });
  const category = on(asOf ?? `${prefix}12-31`);
  const yearEnd = medicalAidPolicyOn(policy, `${prefix}12-31`);
  const aidedCategories = [category, ...lines.map((l) => l.category)];
  const annualCap = yearEnd && aidedCategories.some((c) => c !== AssistanceCategory.NONE && yearEnd.categories[c]) ? new Decimal(yearEnd.annualCap) : null;
  return {
    year,
    category,
    claims: lines,
    totalCost: fen(totals.totalCost),
    insurancePaid: fen(totals.insurance),
    eligibleSelfPay: fen(totals.eligible),
    deductibleApplied: fen(deductibleUsed),
    yearToDate: fen(paid),
    outOfPocket: fen(totals.outOfPocket),
    annualCap: annualCap ? fen(annualCap) : null,
    remainingCap: annualCap ? fen(Decimal.max(ZERO, annualCap.minus(paid))) : null,
  };
}

export interface PremiumSubsidy {
  year: number;
  category: AssistanceCategory;
  /** effective date of the premium entry applied */
  policyEffectiveFrom: string;
  /** 个人缴费标准 the yearly individual premium */
  residentPremium: Yuan;
  /** 参保资助 the subsidy: the whole premium (FULL) or the fixed amount; 0 when the category gets none */
  subsidy: Yuan;
  /** what the person still pays */
  personalContribution: Yuan;
}

/**
 * 参保资助 The premium subsidy of insurance year `year` (the entry in force on 1 January of that year, premiumRuleDate):
 * the full premium for a category marked FULL (特困人员), the fixed amount for one with an amount (低保对象), nothing
 * otherwise. `category` is the person's category on that same date (the caller takes it from the category history).
 * Null when no premium entry is in force for that year.
 */
export function computePremiumSubsidy(category: AssistanceCategory, year: number, policy: MedicalPolicy): PremiumSubsidy | null {
  const entry = premiumPolicyFor(policy, year);
  if (!entry) return null;
  const premium = new Decimal(entry.residentPremium);
  const rule = category === AssistanceCategory.NONE ? undefined : entry.subsidies[category];
  const subsidy = rule === undefined ? ZERO : rule === 'FULL' ? premium : Decimal.min(premium, rule);
  return {
    year,
    category,
    policyEffectiveFrom: entry.effectiveFrom,
    residentPremium: fen(premium),
    subsidy: fen(subsidy),
    personalContribution: fen(premium.minus(subsidy)),
  };
}
