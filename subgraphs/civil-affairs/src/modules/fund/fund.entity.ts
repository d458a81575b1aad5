import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { Protected, yuanColumn, YuanScalar, type Yuan } from '@aidgraph/subgraph-kit';
import { CivilAffairsProgramme } from '../common/enums';

/** The department that owns the fund records (民政局). */
export const FUND_OWNER = 'CIVIL_AFFAIRS';
/** Fund records: civil affairs, caseworkers and approvers of the township, auditors (class department.record of CIVIL_AFFAIRS). */
export const FUND_RECORD = { class: 'department.record' as const, owner: FUND_OWNER };

/**
 * 资金预算 The budget of one programme, year and township (胶政发〔2020〕106号: every programme's money in the budget).
 * One row per (programme, year, township); changed on its version (setFundBudget).
 */
@Protected(FUND_RECORD)
@ObjectType({
  description:
    '资金预算 The budget of a civil-affairs programme for a year and a township (胶政发〔2020〕106号: 资金保障, every programme in the ' +
    'budget), in exact yuan. Class department.record of CIVIL_AFFAIRS: civil-affairs officers, caseworkers and approvers of the ' +
    'township, auditors; FORBIDDEN to other departments\' officers and analysts.',
})
@Entity('fund_budget')
@Index('fund_budget_key_uq', ['programme', 'year', 'townshipCode'], { unique: true })
export class FundBudget {
  @Field(() => ID, { description: 'Opaque identifier of the budget (a UUID).' })
  @PrimaryColumn('uuid')
  id: string;

  @Field(() => CivilAffairsProgramme, { description: '救助项目 The programme (DIBAO, TEKUN or TEMPORARY).' })
  @Column('varchar', { length: 16 })
  programme: CivilAffairsProgramme;

  @Field(() => Int, { description: '年度 The budget year.' })
  @Column('integer')
  year: number;

  @Column('varchar', { length: 9 })
  townshipCode: string;

  @Field(() => YuanScalar, { description: '预算金额 The budget in exact yuan (Yuan, stored in fen).' })
  @Column('bigint', { transformer: yuanColumn })
  amount: Yuan;

  @Field(() => Int, { description: '版本 Optimistic version: 1 when first set, +1 on every change; pass it as expectedVersion to setFundBudget.' })
  @Column('integer', { default: 1 })
  version: number;

  @Field({ description: '设置人 Who set it last (token subject; staff).' })
  @Column('varchar', { length: 128 })
  updatedBy: string;

  @Field({ description: '设置时间 When it was set last (ISO 8601 UTC).' })
  @Column('varchar', { length: 32 })
  updatedAt: string;
}

/** 批次类型 Whether a batch is the month's regular batch or a supplementary one (补发). */
export enum PaymentBatchKind {
  REGULAR = 'REGULAR',
  SUPPLEMENTARY = 'SUPPLEMENTARY',
}
registerEnumType(PaymentBatchKind, {
  name: 'PaymentBatchKind',
  description: '批次类型 The kind of a payment batch: the month\'s regular batch or a supplementary one (补发).',
  valuesConfig: {
    REGULAR: { description: '正常发放 the month\'s regular batch (generatePaymentBatch, sequence 1): one per programme and month' },
    SUPPLEMENTARY: {
      description:
        '补发 a supplementary batch (generateSupplementaryPaymentBatch, sequence 2, 3, ...): the persons due for the month by the rule ' +
        'who had no line yet (an enrolment recorded or back-dated after the regular batch)',
    },
  },
});

/**
 * 发放批次 A payment batch of one monthly programme (DIBAO or TEKUN) for a month: the REGULAR batch (sequence 1, generated
 * once from the enrolments in force, never regenerated) and SUPPLEMENTARY batches (补发, sequence 2, 3, ...) paying the
 * persons due that no earlier batch of the month paid; (programme, month, sequence) is unique.
 */
@Protected(FUND_RECORD)
@ObjectType({
  description:
    '发放批次 A payment batch of a monthly programme (DIBAO or TEKUN) for a month, generated from the enrolments in force: the ' +
    'month\'s REGULAR batch (generatePaymentBatch; one per programme and month) or a SUPPLEMENTARY one (补发, ' +
    'generateSupplementaryPaymentBatch: the persons due that no batch of the month paid). The lines of a programme\'s batches ' +
    'are what civil affairs paid (fundSpending, civilAffairsFundUse). Class department.record of CIVIL_AFFAIRS; its totals (lineCount, ' +
    'totalAmount) and its lines are scoped to the caller\'s township for caseworkers and approvers (totalsTownship), city-wide ' +
    'for civil-affairs officers and auditors.',
})
@Entity('payment_batch')
@Index('payment_batch_sequence_uq', ['programme', 'month', 'sequence'], { unique: true })
export class PaymentBatch {
  @Field(() => ID, { description: 'Opaque identifier of the batch (a UUID).' })
  @PrimaryColumn('uuid')
  id: string;

  @Field(() => CivilAffairsProgramme, { description: '救助项目 The programme (DIBAO or TEKUN).' })
  @Column('varchar', { length: 16 })
  programme: CivilAffairsProgramme;

  @Field({ description: '发放月份 The month paid (YYYY-MM).' })
  @Column('varchar', { length: 7 })
  month: string;

  @Field(() => PaymentBatchKind, { description: '批次类型 REGULAR (正常发放, the month\'s batch) or SUPPLEMENTARY (补发).' })
  @Column('varchar', { length: 16, default: PaymentBatchKind.REGULAR })
  kind: PaymentBatchKind;

  @Field(() => Int, { description: '批次序号 The batch\'s number within its programme and month: 1 for the REGULAR batch, 2, 3, ... for the SUPPLEMENTARY ones in the order they were generated.' })
  @Column('integer', { default: 1 })
  sequence: number;

  @Field({ description: '生成日期 The date it was generated (ISO, the AIDGRAPH_TODAY clock).' })
  @Column('date')
  generatedOn: string;

  @Field({ description: '生成人 Who generated it (token subject; staff).' })
  @Column('varchar', { length: 128 })
  generatedBy: string;

  /** the city-wide line count (GraphQL: PaymentBatch.lineCount, scoped to the caller's township for township roles) */
  @Column('integer')
  lineCount: number;

  /** the city-wide total (GraphQL: PaymentBatch.totalAmount, scoped to the caller's township for township roles) */
  @Column('bigint', { transformer: yuanColumn })
  totalAmount: Yuan;
}

/** 发放明细 One line of a payment batch: a person paid once in the month for the programme. */
@Protected(FUND_RECORD)
@ObjectType({
  description:
    '发放明细 One line of a payment batch: the person, the enrolment, the township and the amount paid for the month. A person is ' +
    'paid at most once per programme and month, across the month\'s regular and supplementary batches (a unique constraint). ' +
    'Class department.record of CIVIL_AFFAIRS, the amount ' +
    'class income; scoped to the caller\'s township.',
})
@Entity('payment_line')
@Index('payment_line_person_month_uq', ['programme', 'month', 'personId'], { unique: true })
@Index('payment_line_batch_idx', ['batchId', 'townshipCode', 'id'])
@Index('payment_line_enrolment_idx', ['enrolmentId', 'month'])
export class PaymentLine {
  @Field(() => ID, { description: 'Opaque identifier of the line (a UUID).' })
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  batchId: string;

  @Field(() => CivilAffairsProgramme, { description: '救助项目 The programme.' })
  @Column('varchar', { length: 16 })
  programme: CivilAffairsProgramme;

  @Field({ description: '发放月份 The month paid (YYYY-MM).' })
  @Column('varchar', { length: 7 })
  month: string;

  @Column('uuid')
  personId: string;

  @Field(() => ID, { description: '救助记录 The enrolment paid.' })
  @Column('uuid')
  enrolmentId: string;

  @Column('varchar', { length: 9 })
  townshipCode: string;

  @Field(() => YuanScalar, { description: '发放金额 The amount paid for the month (the enrolment\'s monthly amount on record when the batch was generated), exact yuan. Class income.' })
  @Protected('income')
  @Column('bigint', { transformer: yuanColumn })
  amount: Yuan;
}
