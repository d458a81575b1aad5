import { Field, ID, InputType, Int } from 'type-graphql';
import { IdempotencyKeyField, YuanScalar, type Yuan } from '@aidgraph/subgraph-kit';
import { DilapidatedHouseGrade, DilapidatedHouseRenovationStatus } from './dilapidated-house-renovation.enums';

@InputType({ description: 'Filters of the dilapidated-house renovation list. All given filters must hold. Each given filter is checked against the access classification (FORBIDDEN, from the query alone, for a role that may not use it): analysts may not filter by applicantId or householdId, even for a bare count.' })
export class DilapidatedHouseRenovationFilter {
  @Field(() => String, { nullable: true, description: '9-digit code of the township that handled the application.' })
  townshipCode?: string | null;

  @Field(() => DilapidatedHouseRenovationStatus, { nullable: true, description: 'Only renovations with this status.' })
  status?: DilapidatedHouseRenovationStatus | null;

  @Field(() => Int, { nullable: true, description: 'Only renovations assessed in this calendar year (the programme year), e.g. 2024.' })
  year?: number | null;

  @Field(() => DilapidatedHouseGrade, { nullable: true, description: 'Only houses of this grade.' })
  grade?: DilapidatedHouseGrade | null;

  @Field(() => ID, { nullable: true, description: 'Only the renovations of this household (registry id).' })
  householdId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only the renovations whose applicant is this person (registry id).' })
  applicantId?: string | null;
}

@InputType({
  description:
    'A rural dilapidated-house renovation to record (housing officers). It starts APPROVED, or COMPLETED when a completion ' +
    'date is given. This subgraph cannot see whether the household is rural (civil affairs owns that): it checks that the ' +
    'village code is a village committee\'s (村民委员会), not an urban community\'s.',
})
export class RecordDilapidatedHouseRenovationInput {
  @Field(() => ID, { description: 'The household whose house is renovated (registry id).' })
  householdId: string;

  @Field(() => ID, { description: 'The applicant (申请人), a member of the household (registry id).' })
  applicantId: string;

  @Field({ description: '9-digit code of the township that handled the application (the household\'s township).' })
  townshipCode: string;

  @Field({ description: '12-digit code of the village where the house stands: in the township, a village committee (last three digits 200-399 or 500-599).' })
  villageCode: string;

  @Field(() => DilapidatedHouseGrade, { description: 'Assessed grade (C or D).' })
  grade: DilapidatedHouseGrade;

  @Field(() => YuanScalar, { description: 'One-off subsidy in yuan: above 0, at most 100000.00.' })
  subsidy: Yuan;

  @Field({ description: 'Date of the assessment, ISO YYYY-MM-DD.' })
  assessedOn: string;

  @Field(() => String, { nullable: true, description: 'Date the works were accepted, ISO YYYY-MM-DD, not before the assessment; given only for finished works.' })
  completedOn?: string | null;

  @IdempotencyKeyField()
  idempotencyKey?: string | null;
}

@InputType({
  description:
    'A correction of a renovation: only the fields given change; the result is checked like a new record. COMPLETED needs a ' +
    'completion date (given or already recorded); leaving COMPLETED clears it.',
})
export class CorrectDilapidatedHouseRenovationInput {
  @Field(() => ID, { description: 'The renovation to correct.' })
  id: string;

  @Field(() => DilapidatedHouseGrade, { nullable: true, description: 'Assessed grade (C or D).' })
  grade?: DilapidatedHouseGrade | null;

  @Field(() => YuanScalar, { nullable: true, description: 'One-off subsidy in yuan: above 0, at most 100000.00.' })
  subsidy?: Yuan | null;

  @Field(() => String, { nullable: true, description: 'Date of the assessment, ISO YYYY-MM-DD.' })
  assessedOn?: string | null;

  @Field(() => String, { nullable: true, description: 'Date the works were accepted, ISO YYYY-MM-DD (with status COMPLETED, or when it already is).' })
  completedOn?: string | null;

  @Field(() => DilapidatedHouseRenovationStatus, { nullable: true, description: 'New status.' })
  status?: DilapidatedHouseRenovationStatus | null;
}
