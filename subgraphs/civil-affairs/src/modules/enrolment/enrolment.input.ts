import { Field, ID, InputType } from 'type-graphql';
import { Matches } from 'class-validator';
import { IdempotencyKeyField, YuanScalar, type Yuan } from '@aidgraph/subgraph-kit';
import { CivilAffairsProgramme } from '../common/enums';
import { ReviewCycleValue } from '../review/review.enums';

/** A confirmed enrolment to record (after household survey, public notice and confirmation). */
@InputType({ description: 'A confirmed civil-affairs enrolment to record (after survey, 7-day public notice and confirmation).' })
export class RecordEnrolmentInput {
  @Field(() => ID, { description: 'The person (registry id).' })
  personId: string;

  @Field(() => CivilAffairsProgramme, { description: 'The programme (低保, 特困, 低保边缘 or 临时救助).' })
  programme: CivilAffairsProgramme;

  @Field({ description: 'First day of assistance, ISO date YYYY-MM-DD (dibao: the month after confirmation): not before the first dibao standard (BEFORE_PROGRAMME), not before the person\'s birth date (BEFORE_BIRTH), at most 62 days ahead, a TEMPORARY aid not in the future (DATE_OUT_OF_RANGE).' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'startDate must be an ISO date YYYY-MM-DD' })
  startDate: string;

  @Field(() => YuanScalar, { description: 'Amount in yuan: monthly for DIBAO/TEKUN, one-off for TEMPORARY, 0 for MARGINAL. At most the dibao standard for the person\'s area in force when paid (TEKUN: 1.3 x it, TEMPORARY: 6 x it, configurable: ENROLMENT_LIMITS_FILE); above: AMOUNT_ABOVE_LIMIT.' })
  amount: Yuan;

  @Field(() => ReviewCycleValue, {
    nullable: true,
    description:
      '复核周期 DIBAO and TEKUN: YEARLY (default) or HALF_YEARLY where the income is irregular or members can work (the caseworker\'s ' +
      'finding at the household survey); the first review is due this long after the start date. Refused for MARGINAL and TEMPORARY (NOT_REVIEWED).',
  })
  reviewCycle?: ReviewCycleValue | null;

  @IdempotencyKeyField()
  idempotencyKey?: string | null;
}

@InputType({ description: 'Ending an enrolment (停保): its last day and the reason.' })
export class EndEnrolmentInput {
  @Field(() => ID, { description: 'The enrolment to end.' })
  enrolmentId: string;

  @Field({ description: 'Last day of assistance, ISO date; not before the start (END_BEFORE_START); a later end than the one on record must not make the enrolment overlap another of the same or the exclusive programme (CONFLICT).' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'endDate must be an ISO date YYYY-MM-DD' })
  endDate: string;
}
