import { Field, ID, InputType, Int } from 'type-graphql';
import { IdempotencyKeyField, YuanScalar, type Yuan } from '@aidgraph/subgraph-kit';
import { RentSubsidyStatus } from './rent-subsidy.enums';

@InputType({ description: 'Filters of the rent subsidy list. All given filters must hold. Each given filter is checked against the access classification (FORBIDDEN, from the query alone, for a role that may not use it): analysts may not filter by applicantId or householdId, even for a bare count.' })
export class RentSubsidyFilter {
  @Field(() => String, { nullable: true, description: '9-digit code of the township that handled the application.' })
  townshipCode?: string | null;

  @Field(() => RentSubsidyStatus, { nullable: true, description: 'Only subsidies with this status.' })
  status?: RentSubsidyStatus | null;

  @Field(() => Int, { nullable: true, description: 'Only subsidies whose period has at least one month in this calendar year (e.g. 2025).' })
  year?: number | null;

  @Field(() => ID, { nullable: true, description: 'Only the subsidies of this household (registry id).' })
  householdId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only the subsidies whose applicant is this person (registry id).' })
  applicantId?: string | null;
}

@InputType({ description: 'A rent subsidy to record (housing officers). It starts ACTIVE.' })
export class RecordRentSubsidyInput {
  @Field(() => ID, { description: 'The household that receives the subsidy (registry id).' })
  householdId: string;

  @Field(() => ID, { description: 'The applicant (申请人), a member of the household (registry id).' })
  applicantId: string;

  @Field({ description: '9-digit code of the township that handled the application (the household\'s township).' })
  townshipCode: string;

  @Field(() => YuanScalar, { description: 'Monthly amount in yuan: above 0, at most the limit in force in the first month (RENT_SUBSIDY_LIMITS_FILE; AMOUNT_ABOVE_LIMIT).' })
  monthlyAmount: Yuan;

  @Field({ description: 'First month of the period, "YYYY-MM".' })
  startMonth: string;

  @Field({ description: 'Last month of the period (inclusive), "YYYY-MM": not before the first, at most 12 months in all.' })
  endMonth: string;

  @IdempotencyKeyField()
  idempotencyKey?: string | null;
}

@InputType({ description: 'A correction of a rent subsidy: only the fields given change; the result is checked like a new record.' })
export class CorrectRentSubsidyInput {
  @Field(() => ID, { description: 'The rent subsidy to correct.' })
  id: string;

  @Field(() => YuanScalar, { nullable: true, description: 'Monthly amount in yuan: above 0, at most the limit in force in the first month (RENT_SUBSIDY_LIMITS_FILE; AMOUNT_ABOVE_LIMIT).' })
  monthlyAmount?: Yuan | null;

  @Field(() => String, { nullable: true, description: 'First month of the period, "YYYY-MM".' })
  startMonth?: string | null;

  @Field(() => String, { nullable: true, description: 'Last month of the period, "YYYY-MM" (e.g. the last month paid when payment stops).' })
  endMonth?: string | null;

  @Field(() => RentSubsidyStatus, { nullable: true, description: 'New status (ENDED when payment stops, REVOKED for a record made in error).' })
  status?: RentSubsidyStatus | null;
}
