import { Field, ID, InputType, Int } from 'type-graphql';
import { IdempotencyKeyField, YuanScalar, classifyCoordinates, type Yuan } from '@aidgraph/subgraph-kit';
import { ReviewCycleValue, ReviewOutcome } from './review.enums';

@InputType({ description: '复核 A review (复核) of a DIBAO or TEKUN enrolment, recorded on the version read (社会救助暂行办法 art. 13; 最低生活保障审核确认办法 民发〔2021〕57号).' })
export class RecordEnrolmentReviewInput {
  @Field(() => ID, { description: '救助记录 The enrolment reviewed (DIBAO or TEKUN, ACTIVE).' })
  enrolmentId: string;

  @Field(() => Int, { description: '版本 The enrolment\'s version as read (Enrolment.version): CONFLICT STALE_VERSION when it changed since.' })
  expectedVersion: number;

  @Field({ description: '复核日期 The date of the review (ISO YYYY-MM-DD): not in the future (AIDGRAPH_TODAY clock), not before the enrolment\'s start nor its last review.' })
  reviewedOn: string;

  @Field(() => ReviewOutcome, { description: '复核结论 CONTINUE, ADJUST (with amount), PHASE_OUT (with verificationRunId) or TERMINATE.' })
  outcome: ReviewOutcome;

  @Field(() => YuanScalar, { nullable: true, description: '新金额 ADJUST only (required there, refused otherwise: NOT_ALLOWED): the new monthly amount, positive, at most the enrolment limit on the review date (AMOUNT_ABOVE_LIMIT).' })
  amount?: Yuan | null;

  @Field(() => ID, {
    nullable: true,
    description:
      '核对结果 A stored verification run (verifyHousehold) of the person\'s household, dated on or before the review: required for ' +
      'PHASE_OUT, whose run must show the per-capita income at or above the dibao standard (CONFLICT INCOME_NOT_ABOVE_STANDARD); optional otherwise.',
  })
  verificationRunId?: string | null;

  @Field(() => ReviewCycleValue, { nullable: true, description: '复核周期 The cycle from this review on (CONTINUE, ADJUST): HALF_YEARLY where the income is irregular or members can work; default: unchanged.' })
  reviewCycle?: ReviewCycleValue | null;

  @IdempotencyKeyField()
  idempotencyKey?: string | null;
}

classifyCoordinates({
  'Query.enrolmentReviewsDue': {
    class: 'income',
    kind: 'list',
    outcomes: { analyst: 'FORBIDDEN' },
    note: 'a township\'s work list of reviews (复核), class income as Enrolment.nextReviewDate and reviewCycle (a due date reveals the cycle): civil-affairs officers, caseworkers and approvers of the township, auditors; FORBIDDEN to everyone else (analysts never get per-person rows)',
  },
});
