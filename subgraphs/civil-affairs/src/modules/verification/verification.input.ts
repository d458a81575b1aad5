import { Field, ID, InputType, Int } from 'type-graphql';
import { IdempotencyKeyField, YuanScalar, classifyCoordinates, type Yuan } from '@aidgraph/subgraph-kit';
import { Confinement, MemberDisabilityCategory, VerificationOrigin, VerificationOutcome, VerificationSource } from './verification.enums';

@InputType({ description: '核对记录 One income or asset item of a household member, declared or returned by a partner source.' })
export class RecordVerificationItemInput {
  @Field(() => ID, { description: 'The member (registry person id); the item belongs to their household.' })
  personId: string;

  @Field(() => VerificationSource, { description: '来源 What the item is.' })
  source: VerificationSource;

  @Field(() => VerificationOrigin, { description: '数据来源 Declared or returned by a partner source.' })
  origin: VerificationOrigin;

  @Field(() => YuanScalar, { description: '金额 Income: the total over the period; asset: its value. 0 or more (a business registration may have 0).' })
  amount: Yuan;

  @Field({ description: '起始月份 First month of the period, YYYY-MM.' })
  periodFrom: string;

  @Field({ description: '截止月份 Last month of the period, YYYY-MM, not before periodFrom, at most 36 months after it.' })
  periodTo: string;

  @Field({ description: '获取日期 The date it was declared or returned (ISO), not in the future.' })
  obtainedOn: string;

  @Field(() => String, { nullable: true, description: '来源说明 The partner source or document, at most 200 characters; no personal data.' })
  reference?: string | null;

  @IdempotencyKeyField()
  idempotencyKey?: string | null;
}

@InputType({ description: '成员情况 A member\'s circumstances for the verification rules, in force from a date (replacing earlier ones from it).' })
export class RecordMemberCircumstancesInput {
  @Field(() => ID, { description: 'The member (registry person id), who must be in a household.' })
  personId: string;

  @Field({ description: '生效日期 From when these circumstances hold (ISO), not in the future.' })
  effectiveFrom: string;

  @Field({ defaultValue: false, description: '全日制在校生 A full-time student (bachelor level or below).' })
  fullTimeStudent: boolean;

  @Field({ defaultValue: false, description: '不能独立生活 An adult who cannot live independently.' })
  cannotLiveIndependently: boolean;

  @Field({ defaultValue: false, description: '不共同居住 Does not live with the family.' })
  livesApart: boolean;

  @Field(() => String, { nullable: true, description: '宗教教职人员离家日期 Since when the member lives away as clergy (ISO), not after effectiveFrom; null: not clergy.' })
  clergyAwaySince?: string | null;

  @Field(() => Confinement, { defaultValue: Confinement.NONE, description: '服刑/强制隔离戒毒 Prison or compulsory drug rehabilitation.' })
  confinement: Confinement;

  @Field({ defaultValue: false, description: '宣告失踪 Declared missing by a court.' })
  declaredMissing: boolean;

  @Field(() => Boolean, { nullable: true, description: '有能力的法定赡养/抚养/扶养人 Whether an able legal supporter exists (特困); null: not investigated.' })
  hasAbleLegalSupporter?: boolean | null;

  @IdempotencyKeyField()
  idempotencyKey?: string | null;
}

@InputType({ description: '残疾 One disability certificate of a member, as the rules read it (category and grade).' })
export class MemberDisabilityInput {
  @Field(() => MemberDisabilityCategory, { description: '残疾类别 The category.' })
  category: MemberDisabilityCategory;

  @Field(() => Int, { description: '残疾等级 The grade, 1 (most severe) to 4.' })
  grade: number;
}

@InputType({
  description:
    '申报健康情况 A member\'s disability and grave illness AS DECLARED by the caller (e.g. a certificate seen at the window ' +
    'that the disabled persons\' federation has not registered yet): an explicitly labelled addition to the facts the ' +
    'verification reads through the graph from the disability federation and medical security, never a replacement; ' +
    'every declared fact is marked DECLARED in the run (memberHealth, the explanations). Members not listed: nothing declared.',
})
export class MemberHealthInput {
  @Field(() => ID, { description: 'The member (registry person id) of the household.' })
  personId: string;

  @Field(() => [MemberDisabilityInput], { defaultValue: [], description: '残疾 The member\'s declared disabilities (category and grade).' })
  disabilities: MemberDisabilityInput[];

  @Field({ defaultValue: false, description: '重病 A declared grave illness (重特大疾病).' })
  graveIllness: boolean;
}

@InputType({ description: '家庭经济状况核对 A verification of a household on a date, stored as a run.' })
export class VerifyHouseholdInput {
  @Field(() => ID, { description: 'The household (registry id).' })
  householdId: string;

  @Field({ description: '核对日期 The date (ISO), not in the future, not before the first standard.' })
  on: string;

  @Field(() => String, {
    nullable: true,
    description:
      '健康凭据 The healthTicket of Household.verification(on) read through the gateway by the same caller for the same ' +
      'household and date, at most 15 minutes ago: the members\' disability certificates and grave illnesses the graph ' +
      'delivered to that read (sealed by civil affairs: it cannot be typed in or altered). A mutation cannot @requires ' +
      'them, so the run stores them from here. Without it the run records health as NOT_READ (single-person coverage and ' +
      'disability-based incapacity not assessed).',
  })
  healthTicket?: string | null;

  @Field(() => [MemberHealthInput], { defaultValue: [], description: '申报健康情况 Declared disabilities and grave illness (optional, labelled DECLARED in the run; in addition to the graph\'s facts).' })
  declaredHealth: MemberHealthInput[];

  @IdempotencyKeyField()
  idempotencyKey?: string | null;
}

@InputType({ description: '核对结果筛选 Filters of Household.verifications; all given filters must hold. Class income, as the runs.' })
export class VerificationRunFilter {
  @Field(() => VerificationOutcome, { nullable: true, description: '结论 Only runs with this outcome.' })
  outcome?: VerificationOutcome | null;

  @Field(() => String, { nullable: true, description: '核对日期起 Only runs for this date or later (ISO).' })
  onFrom?: string | null;

  @Field(() => String, { nullable: true, description: '核对日期止 Only runs for this date or earlier (ISO).' })
  onTo?: string | null;
}

@InputType({ description: '核对记录筛选 Filters of Household.verificationItems; all given filters must hold. Class income, as the items.' })
export class VerificationItemFilter {
  @Field(() => ID, { nullable: true, description: '成员 Only the items of this member.' })
  personId?: string | null;

  @Field(() => VerificationSource, { nullable: true, description: '来源 Only items of this source.' })
  source?: VerificationSource | null;

  @Field(() => VerificationOrigin, { nullable: true, description: '数据来源 Only declared, or only partner-source, items.' })
  origin?: VerificationOrigin | null;
}

// each filter is classified like the records it filters (the lists answer analysts null before any filter is read)
const incomeFilter = (note: string) => ({ class: 'income' as const, kind: 'filter' as const, note });
classifyCoordinates({
  'VerificationRunFilter.outcome': incomeFilter('the outcome of a household\'s runs: as the runs'),
  'VerificationRunFilter.onFrom': incomeFilter('a date range of a household\'s runs: as the runs'),
  'VerificationRunFilter.onTo': incomeFilter('a date range of a household\'s runs: as the runs'),
  'VerificationItemFilter.personId': { ...incomeFilter('a member of the household: as the items; analysts: FORBIDDEN, a person filter names one person'), outcomes: { analyst: 'FORBIDDEN' as const } },
  'VerificationItemFilter.source': incomeFilter('the kind of item: as the items'),
  'VerificationItemFilter.origin': incomeFilter('declared or partner source: as the items'),
});
