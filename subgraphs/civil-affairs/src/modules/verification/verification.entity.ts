import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { Protected, yuanColumn, YuanScalar, type Yuan } from '@aidgraph/subgraph-kit';
import { Confinement, VerificationOrigin, VerificationOutcome, VerificationSource } from './verification.enums';

/**
 * Household economic verification (家庭经济状况核对, issue 9 item 1). Every type here is class `income` (what the amounts
 * reveal): caseworkers (and approvers) of the household's township, civil-affairs officers and auditors see it; other
 * departments' officers and village assistants are refused (FORBIDDEN); analysts get null. The records carry the
 * household's township and village, so a caseworker of another township is refused too.
 */
const INCOME = 'income' as const;

/** 核对记录 One income or asset item of a household member (table verification_item): written once, never changed. */
@ObjectType({
  description:
    '核对记录 One income or asset item of a household member for the economic verification (家庭经济状况核对): its source, ' +
    'whether declared or returned by a partner source, the amount (income: the total over the period; asset: its value), ' +
    'the period and the date it was obtained. Class income.',
})
@Protected(INCOME)
@Entity('verification_item')
@Index('verification_item_household_idx', ['householdId', 'obtainedOn'])
@Index('verification_item_person_idx', ['personId'])
export class VerificationItem {
  @Field(() => ID, { description: 'Opaque identifier of the record (a UUID); named in the explanations of the runs that used it.' })
  @PrimaryColumn('uuid')
  id: string;

  /** the member */
  @Column('uuid')
  personId: string;

  /** the member's household when recorded */
  @Column('uuid')
  householdId: string;

  @Column('varchar', { length: 9 })
  townshipCode: string;

  @Column('varchar', { length: 12 })
  villageCode: string;

  @Field(() => VerificationSource, { nullable: true, description: '来源 What the item is (an income source or an asset).' })
  @Column('varchar', { length: 32 })
  source: VerificationSource;

  @Field(() => VerificationOrigin, { nullable: true, description: '数据来源 Declared by the applicant or returned by a partner source.' })
  @Column('varchar', { length: 16 })
  origin: VerificationOrigin;

  @Field(() => YuanScalar, { nullable: true, description: '金额 Income: the total received over the period; asset: its value (元, exact).' })
  @Column('bigint', { transformer: yuanColumn })
  amount: Yuan;

  @Field(() => String, { nullable: true, description: '起始月份 First month of the period, YYYY-MM.' })
  @Column('varchar', { length: 7 })
  periodFrom: string;

  @Field(() => String, { nullable: true, description: '截止月份 Last month of the period, YYYY-MM (an asset: the month its value was stated for).' })
  @Column('varchar', { length: 7 })
  periodTo: string;

  @Field(() => String, { nullable: true, description: '获取日期 The date the item was declared or returned (ISO); a run on an earlier date does not use it.' })
  @Column('date')
  obtainedOn: string;

  @Field(() => String, { nullable: true, description: '来源说明 The partner source or document (e.g. "税务 2026-05 payroll"), at most 200 characters; no personal data.' })
  @Column('varchar', { length: 200, nullable: true })
  reference: string | null;

  @Field(() => String, { name: 'recordedBy', nullable: true, description: '录入人 Who recorded it (token subject).' })
  @Column('varchar', { length: 128 })
  subject: string;

  @Field(() => String, { nullable: true, description: '录入时间 When it was recorded (ISO UTC).' })
  @Column('varchar', { length: 32 })
  recordedAt: string;
}

/**
 * 成员情况 A member's circumstances that the counting and tekun rules need, as of a date (table member_circumstance):
 * append-only; a run on date D uses the latest record effective on or before D (none: every flag false).
 */
@ObjectType({
  description:
    '成员情况 A household member\'s circumstances for the verification rules, in force from a date: full-time student, ' +
    'unable to live independently, living apart, clergy living away since, prison or compulsory rehabilitation, declared ' +
    'missing, able legal supporter (特困). A new record replaces the earlier one from its date. Class income (it is an input ' +
    'of the income test and reveals confinement).',
})
@Protected(INCOME)
@Entity('member_circumstance')
@Index('member_circumstance_person_idx', ['personId', 'effectiveFrom'])
export class MemberCircumstance {
  @Field(() => ID, { description: 'Opaque identifier of the record (a UUID); named in the explanations of the runs that used it.' })
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  personId: string;

  @Column('uuid')
  householdId: string;

  @Column('varchar', { length: 9 })
  townshipCode: string;

  @Column('varchar', { length: 12 })
  villageCode: string;

  @Field(() => String, { nullable: true, description: '生效日期 The date from which these circumstances hold (ISO).' })
  @Column('date')
  effectiveFrom: string;

  @Field(() => Boolean, { nullable: true, description: '全日制在校生 A full-time student (bachelor level or below): an adult child who counts.' })
  @Column('boolean')
  fullTimeStudent: boolean;

  @Field(() => Boolean, { nullable: true, description: '不能独立生活 An adult child who cannot live independently: counts.' })
  @Column('boolean')
  cannotLiveIndependently: boolean;

  @Field(() => Boolean, { nullable: true, description: '不共同居住 Does not live with the family: a parent, other relative or independent adult child living apart does not count.' })
  @Column('boolean')
  livesApart: boolean;

  @Field(() => String, { nullable: true, description: '宗教教职人员离家日期 Since when the member lives away as clergy (ISO); 3 years or more excludes them. Null: not clergy.' })
  @Column('date', { nullable: true })
  clergyAwaySince: string | null;

  @Field(() => Confinement, { nullable: true, description: '服刑/强制隔离戒毒 Serving a prison term or in compulsory drug rehabilitation: excluded.' })
  @Column('varchar', { length: 32 })
  confinement: Confinement;

  @Field(() => Boolean, { nullable: true, description: '宣告失踪 Declared missing by a court: excluded.' })
  @Column('boolean')
  declaredMissing: boolean;

  @Field(() => Boolean, { nullable: true, description: '有能力的法定赡养/抚养/扶养人 Whether a legal supporter able to support the member exists (特困 needs false); null: not investigated.' })
  @Column('boolean', { nullable: true })
  hasAbleLegalSupporter: boolean | null;

  @Field(() => String, { name: 'recordedBy', nullable: true, description: '录入人 Who recorded it (token subject).' })
  @Column('varchar', { length: 128 })
  subject: string;

  @Field(() => String, { nullable: true, description: '录入时间 When it was recorded (ISO UTC).' })
  @Column('varchar', { length: 32 })
  recordedAt: string;
}

/** 数据 One named figure of an explanation step. */
@ObjectType({ description: '数据 One figure of an explanation step: its name and value as text (amounts in yuan, exact fractions noted). Class income.' })
@Protected(INCOME)
export class VerificationFigure {
  @Field(() => String, { nullable: true, description: '名称 What the figure is (e.g. "per-capita monthly income", "item <id>").' })
  name: string;

  @Field(() => String, { nullable: true, description: '数值 The figure (yuan "1150.00", a count, a rule id, a fraction of fen for an exact value).' })
  value: string;
}

/** 核对步骤 One test of a verification and why it came out as it did. */
@ObjectType({ description: '核对步骤 One test of the verification: the rule, whether it is met, a summary, the figures and the ids of the records used. Class income.' })
@Protected(INCOME)
export class VerificationStep {
  @Field(() => String, { nullable: true, description: '规则 The rule: COUNTED_MEMBERS, PER_CAPITA_INCOME, ASSETS_WITHIN_LIMITS, DIBAO, MARGINAL, SINGLE_PERSON_COVERAGE, TEKUN.' })
  rule: string;

  @Field(() => Boolean, { nullable: true, description: '是否符合 Whether the rule is met.' })
  met: boolean;

  @Field(() => String, { nullable: true, description: '说明 Why, in one sentence with the figures.' })
  summary: string;

  @Field(() => [VerificationFigure], { nullable: true, description: '数据 The figures the rule used.' })
  figures: VerificationFigure[];

  @Field(() => [ID], { nullable: true, description: '依据记录 The ids of the verification records (items, member circumstances) the rule used.' })
  recordIds: string[];
}

/** 核对标准 The figures of the standards tables a run used. */
@ObjectType({ description: '核对标准 The standards in force on the run\'s date for the household\'s area (DIBAO_STANDARDS_FILE and VERIFICATION_STANDARDS_FILE). Class income.' })
@Protected(INCOME)
export class VerificationStandards {
  @Field(() => String, { nullable: true, description: '城乡 URBAN or RURAL: which standard applies (the household\'s village or community).' })
  area: string;

  @Field(() => YuanScalar, { nullable: true, description: '低保标准 The monthly dibao standard per person (元).' })
  standard: Yuan;

  @Field(() => String, { nullable: true, description: 'The effective date of that standard.' })
  standardFrom: string;

  @Field(() => String, { nullable: true, description: '边缘系数 The marginal factor (低保边缘: below factor x standard).' })
  marginalFactor: string;

  @Field(() => String, { nullable: true, description: '存款限额月数 Deposits: at most this many months of the standard per counted member.' })
  depositMonthsPerPerson: string;

  @Field(() => String, { nullable: true, description: '车辆豁免月数 A vehicle counts when valued above this many months of the standard.' })
  vehicleExemptMonths: string;

  @Field(() => Int, { nullable: true, description: '车辆上限 Counting vehicles allowed.' })
  maxVehicles: number;

  @Field(() => Int, { nullable: true, description: '房产上限 Dwellings allowed.' })
  maxRealEstate: number;

  @Field(() => Int, { nullable: true, description: '工商登记上限 Business registrations allowed.' })
  maxBusinessRegistrations: number;

  @Field(() => String, { nullable: true, description: 'The effective date of the limits entry.' })
  limitsFrom: string;
}

/** 残疾 One disability a verification used for a member, with its source. */
@ObjectType({ description: '核对用残疾 One disability a verification used for a member: category, grade, where it came from and the certificate. Class income (and health: see VerificationRun.memberHealth).' })
@Protected(INCOME)
export class VerificationMemberDisability {
  @Field(() => String, { nullable: true, description: '残疾类别 VISUAL, HEARING, SPEECH, PHYSICAL, INTELLECTUAL, MENTAL or MULTIPLE.' })
  category: string;

  @Field(() => Int, { nullable: true, description: '残疾等级 1 (most severe) to 4.' })
  grade: number;

  @Field(() => String, { nullable: true, description: '来源 DISABILITY_FEDERATION (a certificate in force on the date, read through the graph) or DECLARED (typed in by the caller).' })
  source: string;

  @Field(() => ID, { nullable: true, description: 'The disability certificate\'s id (DisabilityCertificate.id); null when declared.' })
  recordId: string | null;
}

/** 成员健康情况 A member's health facts as a verification used them, with their sources. */
@ObjectType({
  description:
    '核对用健康情况 A member\'s health facts as the verification used them on its date, each with its source: the disability ' +
    'federation\'s certificates in force and medical security\'s grave illness (read through the graph with the caller\'s ' +
    'rights), and any declared fact (DECLARED); and how each department\'s facts were read (READ, WITHHELD from the ' +
    'caller, UNAVAILABLE, NOT_READ). Class income (and health: see VerificationRun.memberHealth).',
})
@Protected(INCOME)
export class VerificationMemberHealth {
  @Field(() => ID, { nullable: true, description: 'The member (registry person id).' })
  personId: string;

  @Field(() => [VerificationMemberDisability], { nullable: true, description: '残疾 The disabilities used (in force on the date).' })
  disabilities: VerificationMemberDisability[];

  @Field(() => Boolean, { nullable: true, description: '重病 Whether a grave illness was used (treated within 12 months before the date, or declared).' })
  graveIllness: boolean;

  @Field(() => String, { nullable: true, description: '患病起始 Since when (the earliest episode\'s admission date), when read from medical security.' })
  graveIllnessSince: string | null;

  @Field(() => String, { nullable: true, description: '来源 MEDICAL_SECURITY or DECLARED; null without a grave illness.' })
  graveIllnessSource: string | null;

  @Field(() => [ID], { nullable: true, description: 'The medical claims (MedicalClaim.id) that show the grave illness.' })
  graveIllnessRecordIds: string[];

  @Field(() => String, { nullable: true, description: '残联数据读取 How the disability federation\'s facts were read: READ, WITHHELD (the caller may not see them), UNAVAILABLE (no answer), NOT_READ (not read through the graph).' })
  disabilityReading: string;

  @Field(() => String, { nullable: true, description: '医保数据读取 How medical security\'s facts were read: READ, WITHHELD, UNAVAILABLE, NOT_READ.' })
  medicalReading: string;
}

/**
 * 核对结果 A verification run (table verification_run) — stored by verifyHousehold, or computed without storing by
 * Household.verification (id null). The inputs snapshot (members, circumstances, items, health, standards) lets it be
 * re-checked later (VerificationRun.recheck).
 */
@ObjectType({
  description:
    '核对结果 A household economic verification on a date (a federation entity owned by civil affairs, @key id: the service ' +
    'centre\'s applications name their run): the outcome by the rules, the counted members, the per-capita ' +
    'monthly income, the asset check, the dibao amount, single-person coverage and tekun members, each test explained, ' +
    'the standards and the rule version used, and the inputs snapshot. Class income: caseworkers in scope, civil-affairs ' +
    'officers, auditors; FORBIDDEN to other departments\' officers and village assistants; null for analysts.',
})
@Directive('@key(fields: "id")')
@Protected(INCOME)
@Entity('verification_run')
@Index('verification_run_household_idx', ['householdId', 'on'])
export class VerificationRun {
  @Field(() => ID, { nullable: true, description: 'Opaque identifier of a stored run (a UUID); null for a verification computed without storing (Household.verification).' })
  @PrimaryColumn('uuid')
  id: string | null;

  @Column('uuid')
  householdId: string;

  @Column('varchar', { length: 9 })
  townshipCode: string;

  @Column('varchar', { length: 12 })
  villageCode: string;

  @Field(() => String, { nullable: true, description: '核对日期 The date the verification is for (ISO): the standards, circumstances and items in force on it.' })
  @Column('date', { name: 'runOn' })
  on: string;

  @Field(() => VerificationOutcome, { nullable: true, description: '结论 The outcome by the rules.' })
  @Column('varchar', { length: 16 })
  outcome: VerificationOutcome;

  @Field(() => Int, { nullable: true, description: '计算人口 The counted members (共同生活的家庭成员).' })
  @Column('integer')
  countedMembers: number;

  @Field(() => YuanScalar, { nullable: true, description: '人均月收入 Per-capita monthly income over the verification window (the 12 months ending with the month of `on`): each income item counted for its months inside the window (amount x months inside / months of its period; of one member and source, the item obtained last for a month), the sum divided by 12 and by the counted members; rounded half-up to the fen (the tests compare the exact value); null with no counted member.' })
  @Column('bigint', { transformer: yuanColumn, nullable: true })
  perCapitaIncome: Yuan | null;

  @Field(() => Boolean, { nullable: true, description: '财产符合 Whether the counted members\' assets are within the limits.' })
  @Column('boolean')
  assetsWithinLimits: boolean;

  @Field(() => YuanScalar, { nullable: true, description: '低保金额 The monthly dibao amount for the household: (standard − per-capita income) × counted members, exact, rounded half-up to the fen; null unless DIBAO (an amount that rounds to 0.00 is not DIBAO).' })
  @Column('bigint', { transformer: yuanColumn, nullable: true })
  dibaoAmount: Yuan | null;

  /** JSON: person ids covered alone (单人保) */
  @Column('text')
  singlePersonCoverageJson: string;

  /** JSON: person ids meeting the tekun conditions */
  @Column('text')
  tekunJson: string;

  /** JSON: Explanation[] */
  @Column('text')
  stepsJson: string;

  /** JSON: Standards */
  @Column('text')
  standardsJson: string;

  /** JSON: the inputs snapshot (members with circumstances and health, items) */
  @Column('text')
  inputsJson: string;

  @Field(() => String, { nullable: true, description: '规则版本 The rules\' version and the effective dates of the standards used.' })
  @Column('varchar', { length: 200 })
  rulesVersion: string;

  @Field(() => String, { name: 'verifiedBy', nullable: true, description: '核对人 Who ran it (token subject); null when computed without storing.' })
  @Column('varchar', { length: 128, nullable: true })
  subject: string | null;

  @Field(() => String, { nullable: true, description: '核对时间 When it was stored (ISO UTC); null when computed without storing.' })
  @Column('varchar', { length: 32, nullable: true })
  verifiedAt: string | null;

  /** the sealed health ticket of a computed run read through the graph (not stored; see VerificationRunResolver.healthTicket) */
  healthTicket?: string;
}
