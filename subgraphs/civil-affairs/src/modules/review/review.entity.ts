import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { Protected, yuanColumn, YuanScalar, type Yuan } from '@aidgraph/subgraph-kit';
import { CivilAffairsProgramme } from '../common/enums';
import { ReviewCycleValue, ReviewOutcome } from './review.enums';

/**
 * 复核记录 One review (复核) of a DIBAO or TEKUN enrolment: when, what it decided, the amounts before and after, the
 * verification run it rests on, the next review date it set or the phase-out it started, who and when. Kept for ever
 * (the enrolment's review history). Class income as a whole: the amounts and the outcome recover the household's income.
 */
@Protected('income')
@ObjectType({
  description:
    '复核记录 One review (复核) of a DIBAO or TEKUN enrolment (社会救助暂行办法 art. 13; 最低生活保障审核确认办法 民发〔2021〕57号): ' +
    'its outcome, amounts, verification run and what it set. Class income: civil-affairs officers, caseworkers and approvers ' +
    'of the township, auditors; FORBIDDEN to other departments\' officers and village assistants; null for analysts.',
})
@Entity('enrolment_review')
@Index('enrolment_review_enrolment_idx', ['enrolmentId', 'enrolmentVersion'])
export class EnrolmentReview {
  @Field(() => ID, { description: 'Opaque identifier of the review (a UUID).' })
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  enrolmentId: string;

  @Column('uuid')
  personId: string;

  /** the enrolment's township (scopes the row as its enrolment) */
  @Column('varchar', { length: 9 })
  townshipCode: string;

  @Field(() => CivilAffairsProgramme, { description: '救助项目 The programme of the enrolment reviewed (DIBAO or TEKUN).' })
  @Column('varchar', { length: 16 })
  programme: CivilAffairsProgramme;

  @Field({ description: '复核日期 The date of the review (ISO YYYY-MM-DD).' })
  @Column('date')
  reviewedOn: string;

  @Field(() => ReviewOutcome, { description: '复核结论 What the review decided.' })
  @Column('varchar', { length: 12 })
  outcome: ReviewOutcome;

  @Field(() => YuanScalar, { description: '复核前金额 The monthly amount before the review (exact yuan).' })
  @Column('bigint', { transformer: yuanColumn })
  amountBefore: Yuan;

  @Field(() => YuanScalar, { description: '复核后金额 The monthly amount after the review (exact yuan): the new one for ADJUST, else unchanged.' })
  @Column('bigint', { transformer: yuanColumn })
  amountAfter: Yuan;

  @Field(() => ReviewCycleValue, { description: '复核周期 The review cycle from this review on.' })
  @Column('varchar', { length: 12 })
  reviewCycle: ReviewCycleValue;

  @Field(() => String, { nullable: true, description: '下次复核日期 The next review date this review set (CONTINUE, ADJUST); null for PHASE_OUT and TERMINATE.' })
  @Column('date', { nullable: true })
  nextReviewDate: string | null;

  @Field(() => String, { nullable: true, description: '渐退结束日期 PHASE_OUT: the last day of the phase-out (the enrolment\'s end date); null otherwise.' })
  @Column('date', { nullable: true })
  phaseOutEndsOn: string | null;

  @Field(() => String, { nullable: true, description: '停保日期 TERMINATE: the end date set (the review date); PHASE_OUT: the phase-out\'s end; null otherwise.' })
  @Column('date', { nullable: true })
  endDate: string | null;

  @Field(() => ID, { nullable: true, description: '核对结果 The stored household verification run (verifyHousehold) the review rests on; required for PHASE_OUT.' })
  @Column('uuid', { nullable: true })
  verificationRunId: string | null;

  @Field(() => Int, { description: '版本 The enrolment\'s version this review made.' })
  @Column('integer')
  enrolmentVersion: number;

  @Field({ description: '复核人 Who recorded it (token subject; staff).' })
  @Column('varchar', { length: 128 })
  reviewedBy: string;

  @Field({ description: '记录时间 When it was recorded (ISO 8601 UTC).' })
  @Column('varchar', { length: 32 })
  recordedAt: string;
}
