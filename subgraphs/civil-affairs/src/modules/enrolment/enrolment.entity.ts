import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { Protected, yuanColumn, YuanScalar, type Yuan } from '@aidgraph/subgraph-kit';
import { AmountPeriod, CivilAffairsProgramme, EnrolmentStatus } from '../common/enums';
import { ReviewCycleValue } from '../review/review.enums';

/**
 * 救助记录 A person's enrolment in a civil-affairs programme (dibao, tekun, marginal, temporary), with its dates and amount.
 * The township is where the case is handled (the township of registration, per the application procedure).
 */
@ObjectType({ description: '救助记录 A person\'s enrolment in a civil-affairs programme (低保, 特困, 低保边缘, 临时救助).' })
@Entity('enrolment')
@Index('enrolment_person_idx', ['personId'])
@Index('enrolment_programme_idx', ['programme', 'status', 'personId'])
@Index('enrolment_review_due_idx', ['townshipCode', 'nextReviewDate', 'id'])
export class Enrolment {
  @Field(() => ID, { description: 'Opaque identifier of the enrolment (a UUID).' })
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  personId: string;

  @Field(() => CivilAffairsProgramme, { description: 'The programme.' })
  @Column('varchar', { length: 16 })
  programme: CivilAffairsProgramme;

  @Field(() => EnrolmentStatus, { description: '救助状态 The status today (AIDGRAPH_TODAY clock): as stored, except that a phase-out (PHASING_OUT, 渐退) whose end date has passed is ENDED (resolved in the review module).' })
  @Column('varchar', { length: 16 })
  status: EnrolmentStatus;

  @Field(() => String, {
    nullable: true,
    description: '开始日期 First day of assistance (ISO date) (class quasi.date). Analysts see the year only (YYYY): household members share it.',
  })
  @Protected('quasi.date')
  @Column('date')
  startDate: string;

  @Field(() => String, {
    nullable: true,
    description: '结束日期 Last day of assistance (ISO date); null while it goes on (class quasi.date). Analysts see the year only (YYYY).',
  })
  @Protected('quasi.date')
  @Column('date', { nullable: true })
  endDate: string | null;

  @Field(() => YuanScalar, {
    nullable: true,
    description:
      '金额 Amount in yuan: per month for DIBAO and TEKUN (dibao: standard minus per-capita income), once for TEMPORARY, ' +
      '0.00 for MARGINAL. Class income, for every programme (a dibao amount recovers the household\'s income): civil ' +
      'affairs, caseworkers in scope and auditors; FORBIDDEN for other departments\' officers; null for analysts.',
  })
  @Protected('income')
  @Column('bigint', { transformer: yuanColumn })
  amount: Yuan;

  @Protected('quasi.programme') // a one-off amount is a temporary assistance: the programme
  @Field(() => AmountPeriod, { description: 'Whether the amount is monthly, one-off or none.' })
  @Column('varchar', { length: 8 })
  amountPeriod: AmountPeriod;

  @Column('varchar', { length: 9 })
  townshipCode: string;

  @Field(() => String, {
    nullable: true,
    description:
      '下次复核日期 The date of the next review (复核, ISO date) of a DIBAO or TEKUN enrolment in force: the start date (or the ' +
      'last review) plus 12 months, or 6 where income is irregular or members can work (reviewCycle; 最低生活保障审核确认办法 ' +
      '民发〔2021〕57号 dynamic management). Null for MARGINAL and TEMPORARY, during a phase-out and once ended. Class income, as ' +
      'reviewCycle: the date minus the start (or the last review) gives the cycle, and a half-yearly cycle tells that the ' +
      'household\'s income is irregular or its members can work (civil affairs, caseworkers and approvers in scope, auditors; ' +
      'FORBIDDEN to other departments\' officers and village assistants; null for analysts).',
  })
  @Protected('income')
  @Column('date', { nullable: true })
  nextReviewDate: string | null;

  @Field(() => ReviewCycleValue, {
    nullable: true,
    description:
      '复核周期 YEARLY (stable household) or HALF_YEARLY (income irregular or members able to work), set at approval and at each ' +
      'review by the caseworker; null for MARGINAL and TEMPORARY. Class income: it tells whether the household\'s income is ' +
      'irregular (civil affairs, caseworkers in scope, auditors; FORBIDDEN to other departments\' officers; null for analysts).',
  })
  @Protected('income')
  @Column('varchar', { length: 12, nullable: true })
  reviewCycle: ReviewCycleValue | null;

  @Field(() => Int, { description: '版本 Optimistic version: 1 when recorded, +1 on every change (end, amount, review); pass it as expectedVersion to recordEnrolmentReview (CONFLICT STALE_VERSION otherwise).' })
  @Protected('quasi.programme')
  @Column('integer', { default: 1 })
  version: number;
}

/** 救助对象标签 A covered-group tag on a person (one row per person and group). */
@Entity('person_covered_group')
@Index('covered_group_group_idx', ['coveredGroup', 'personId'])
export class PersonCoveredGroup {
  @PrimaryColumn('uuid')
  personId: string;

  @PrimaryColumn('varchar', { length: 40 })
  coveredGroup: string;
}
