import { Field, Int, ObjectType } from 'type-graphql';
import { YuanScalar, type Yuan, Protected } from '@aidgraph/subgraph-kit';
import { AssistanceCategory } from '../person/assistance-category.enum';
import { MedicalClaim } from '../medical-claim/medical-claim.entity';

// class health.medical for every field: computed from the person's claims (an illness)
@Protected('health.medical')
@ObjectType({
  description:
    '医疗救助核算 One claim of a year with the medical aid computed for it (policy entry in force on the discharge date, ' +
    'the person\'s category on the discharge date, yearly deductible, ratio, annual cap; rounded half-up to the fen).',
})
export class MedicalClaimAid {
  @Field(() => MedicalClaim, { description: 'The claim and its raw figures.' })
  claim: MedicalClaim;

  @Field(() => AssistanceCategory, {
    description:
      '救助类别 The person\'s civil-affairs category on the claim\'s discharge date (from civil affairs\' category history): ' +
      'the one the aid was computed for. It does not change when the person\'s category changes later.',
  })
  category: AssistanceCategory;

  @Field(() => String, { nullable: true, description: 'Effective date (ISO) of the policy table entry applied; null when none was in force.' })
  policyEffectiveFrom: string | null;

  @Field(() => String, {
    nullable: true,
    description: '救助比例 Ratio applied, a decimal fraction as in the policy table ("0.70" = 70%); null when the category gets no aid.',
  })
  ratio: string | null;

  @Field(() => YuanScalar, { description: '起付线 Part of the eligible remainder that went to the yearly deductible, in yuan.' })
  deductibleApplied: Yuan;

  @Field(() => YuanScalar, { description: 'Eligible remainder minus the deductible part, in yuan: what the ratio applies to.' })
  aidBase: Yuan;

  @Field(() => YuanScalar, { description: 'Aid before the annual cap: aid base x ratio, rounded half-up to the fen, in yuan.' })
  computedAid: Yuan;

  @Field(() => YuanScalar, { description: '医疗救助支付 Medical aid paid for this claim, in yuan: the computed aid, cut to what is left of the annual cap.' })
  medicalAidPaid: Yuan;

  @Field({ description: 'True when the annual cap cut this claim\'s aid (the cap was reached in it or before it).' })
  capReached: boolean;

  @Field(() => YuanScalar, {
    description: '个人自付 What the person pays in the end, in yuan: total - basic insurance - critical-illness insurance - medical aid.',
  })
  outOfPocket: Yuan;
}

// class health.medical for every field: computed from the person's claims (an illness)
@Protected('health.medical')
@ObjectType({
  description:
    '参保资助 The resident medical insurance premium subsidy of one insurance year (国办发〔2021〕42号: the full individual ' +
    'premium for 特困人员, a fixed amount for 低保对象; figures from the policy table entry in force on 1 January, for the ' +
    'person\'s category on 1 January).',
})
export class MedicalPremiumSubsidy {
  @Field(() => Int, { description: 'Insurance year (calendar year).' })
  year: number;

  @Field(() => AssistanceCategory, { description: '救助类别 Category the subsidy was computed for: the person\'s category on 1 January of the year.' })
  category: AssistanceCategory;

  @Field({ description: 'Effective date (ISO) of the policy table entry applied.' })
  policyEffectiveFrom: string;

  @Field(() => YuanScalar, { description: '个人缴费标准 The yearly individual premium of resident medical insurance (城乡居民医保), in yuan.' })
  residentPremium: Yuan;

  @Field(() => YuanScalar, { description: '资助金额 Subsidy in yuan: the whole premium, a fixed amount, or 0.' })
  subsidy: Yuan;

  @Field(() => YuanScalar, { description: '个人实缴 What the person still pays: premium - subsidy, in yuan.' })
  personalContribution: Yuan;
}

// class health.medical for every field: computed from the person's claims (an illness)
@Protected('health.medical')
@ObjectType({
  description:
    '医疗救助年度汇总 A person\'s medical assistance for one calendar year, computed when read from the recorded (not ' +
    'withdrawn) claims discharged in that year, the person\'s civil-affairs category on each claim\'s discharge date and ' +
    'the policy table (国办发〔2021〕42号). Claims are taken in chronological order; the annual cap can be reached in the ' +
    'middle of a claim. A past year\'s figures do not change when the person\'s category changes today.',
})
export class MedicalAssistanceSummary {
  @Field(() => Int, { description: 'The calendar year.' })
  year: number;

  @Field(() => AssistanceCategory, {
    description:
      '救助类别 The person\'s civil-affairs category on the summary\'s reference date: 31 December for a past year, today for ' +
      'the current year (the category a further claim of the year would meet). Each claim is computed with its own ' +
      'date\'s category (MedicalClaimAid.category).',
  })
  category: AssistanceCategory;

  @Field(() => [MedicalClaimAid], {
    description:
      'The year\'s claims in chronological order with their computed aid. A caseworker sees only the claims handled in their ' +
      'township, and every figure of the summary (totals, deductible, cap) is computed from those claims only.',
  })
  claims: MedicalClaimAid[];

  @Field(() => YuanScalar, { description: '医疗总费用 Total cost of the year\'s claims, in yuan.' })
  totalCost: Yuan;

  @Field(() => YuanScalar, { description: 'Paid by basic and critical-illness insurance together, in yuan.' })
  insurancePaid: Yuan;

  @Field(() => YuanScalar, { description: '政策范围内自付 Eligible remainders of the year\'s claims, in yuan.' })
  eligibleSelfPay: Yuan;

  @Field(() => YuanScalar, { description: '起付线 Deductible the person has paid this year (at most the deductible of their category), in yuan.' })
  deductibleApplied: Yuan;

  @Field(() => YuanScalar, { description: '年度累计救助 Medical aid paid in the year so far, in yuan.' })
  yearToDate: Yuan;

  @Field(() => YuanScalar, { description: '个人自付 What the person paid in the end over the year, in yuan.' })
  outOfPocket: Yuan;

  @Field(() => YuanScalar, {
    nullable: true,
    description:
      '年度救助限额 Annual cap of the policy table entry in force on 31 December of the year, in yuan (set by the province; ' +
      'configuration). Null when no entry is in force, or when neither the summary\'s category nor the category of any of ' +
      'the year\'s claims gets aid under it (NONE all year).',
  })
  annualCap: Yuan | null;

  @Field(() => YuanScalar, { nullable: true, description: 'Remaining cap: max(0, annual cap - year to date), in yuan; null with the cap.' })
  remainingCap: Yuan | null;

  @Field(() => MedicalPremiumSubsidy, { nullable: true, description: '参保资助 The premium subsidy of the year; null when no premium entry is in force.' })
  premiumSubsidy: MedicalPremiumSubsidy | null;
}
