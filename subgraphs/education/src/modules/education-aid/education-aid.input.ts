import { Field, ID, InputType } from 'type-graphql';
import { Length, Matches } from 'class-validator';
import { IdempotencyKeyField, YuanScalar, type Yuan } from '@aidgraph/subgraph-kit';
import { EducationAidStatus, EducationAidType, SchoolStage } from './education-aid.enums';

@InputType({ description: 'Filters of the education aid list. All given filters must hold. Each given filter is checked against the access classification (FORBIDDEN, from the query alone, for a role that may not use it): analysts may not filter by personId, even for a bare count (academicYear only for a bare totalCount).' })
export class EducationAidFilter {
  @Field(() => String, { nullable: true, description: 'Academic year "YYYY-YYYY".' })
  academicYear?: string | null;

  @Field(() => String, { nullable: true, description: '9-digit township code.' })
  townshipCode?: string | null;

  @Field(() => EducationAidType, { nullable: true, description: 'Only this kind of aid.' })
  aidType?: EducationAidType | null;

  @Field(() => SchoolStage, { nullable: true, description: 'Only this school stage.' })
  schoolStage?: SchoolStage | null;

  @Field(() => EducationAidStatus, { nullable: true, description: 'Only records with this status.' })
  status?: EducationAidStatus | null;

  @Field(() => ID, { nullable: true, description: 'Only the records of this person (registry id, a UUID).' })
  personId?: string | null;
}

@InputType({ description: 'An education aid to record (教育体育局 staff).' })
export class RecordEducationAidInput {
  @Field(() => ID, { description: 'The person (registry id).' })
  personId: string;

  @Field(() => SchoolStage, { description: '学段 School stage.' })
  schoolStage: SchoolStage;

  @Field({ description: 'School name (1-100 characters).' })
  @Length(1, 100)
  school: string;

  @Field(() => EducationAidType, { description: '资助类型 Kind of aid.' })
  aidType: EducationAidType;

  @Field({ description: 'Academic year "YYYY-YYYY", the second year following the first.' })
  @Matches(/^\d{4}-\d{4}$/, { message: 'academicYear must look like 2025-2026' })
  academicYear: string;

  @Field(() => YuanScalar, { description: 'Amount for the year in yuan; positive, at most the limit of the stage and kind of aid for the academic year (EDUCATION_AID_LIMITS_FILE; AMOUNT_ABOVE_LIMIT above it).' })
  amount: Yuan;

  @Field({ description: 'Date of approval, ISO YYYY-MM-DD.' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'approvedOn must be an ISO date YYYY-MM-DD' })
  approvedOn: string;

  @Field({ description: '9-digit code of the township that handled the application.' })
  townshipCode: string;

  @IdempotencyKeyField()
  idempotencyKey?: string | null;
}

@InputType({ description: 'A correction of an education aid record: only the fields given change.' })
export class CorrectEducationAidInput {
  @Field(() => ID, { description: 'The record to correct.' })
  id: string;

  @Field(() => String, { nullable: true, description: 'Corrected school name (1-100 characters).' })
  @Length(1, 100)
  school?: string | null;

  @Field(() => YuanScalar, { nullable: true, description: 'Corrected amount in yuan (above 0, at most the limit of the record\'s stage, kind and academic year: AMOUNT_ABOVE_LIMIT).' })
  amount?: Yuan | null;

  @Field(() => EducationAidStatus, { nullable: true, description: 'New status (PAID when paid, REVOKED when granted in error).' })
  status?: EducationAidStatus | null;
}
