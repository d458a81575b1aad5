import { Field, ID, InputType } from 'type-graphql';
import { IdempotencyKeyField, YuanScalar, type Yuan } from '@aidgraph/subgraph-kit';
import { RehabilitationProgramme, RehabilitationServiceKind, RehabilitationServiceStatus } from './rehabilitation-service.enums';

@InputType({ description: 'Filters of the rehabilitation service list; all given filters must hold. Each given filter is checked against the access classification (FORBIDDEN, from the query alone, for a role that may not use it): analysts may not filter by personId (one person\'s records).' })
export class RehabilitationServiceFilter {
  @Field(() => RehabilitationProgramme, { nullable: true, description: 'Only services of this programme.' })
  programme?: RehabilitationProgramme | null;

  @Field(() => RehabilitationServiceKind, { nullable: true, description: 'Only services of this kind.' })
  kind?: RehabilitationServiceKind | null;

  @Field(() => RehabilitationServiceStatus, { nullable: true, description: 'Only services with this status.' })
  status?: RehabilitationServiceStatus | null;

  @Field(() => String, { nullable: true, description: 'Only services handled by this township (9-digit code).' })
  townshipCode?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only the services of this person (registry id).' })
  personId?: string | null;
}

@InputType({
  description:
    'A rehabilitation service to record (federation officers). The programme must pay for the kind of service; the ' +
    'children\'s programmes are for persons under 18 on the start date (checked against the birth date of the person\'s ' +
    'certificate where they hold one) and the adult programme for persons 18 and over.',
})
export class RecordRehabilitationServiceInput {
  @Field(() => ID, { description: 'The person (registry id).' })
  personId: string;

  @Field(() => RehabilitationProgramme, { description: 'The programme that pays.' })
  programme: RehabilitationProgramme;

  @Field(() => RehabilitationServiceKind, { description: 'Kind of service.' })
  kind: RehabilitationServiceKind;

  @Field({ description: 'The designated institution (1-100 characters).' })
  provider: string;

  @Field({ description: 'First day, ISO YYYY-MM-DD.' })
  startDate: string;

  @Field(() => String, { nullable: true, description: 'Last day, ISO YYYY-MM-DD, not before the first; null while open.' })
  endDate?: string | null;

  @Field(() => YuanScalar, { description: 'Amount the programme pays, in yuan: above 0 and at most 100000.00.' })
  amount: Yuan;

  @Field(() => RehabilitationServiceStatus, { nullable: true, description: 'Status; APPROVED when left out.' })
  status?: RehabilitationServiceStatus | null;

  @Field({ description: '9-digit code of the township that handled the application.' })
  townshipCode: string;

  @IdempotencyKeyField()
  idempotencyKey?: string | null;
}

@InputType({ description: 'A correction or progress update of a rehabilitation service: only the fields given change.' })
export class CorrectRehabilitationServiceInput {
  @Field(() => ID, { description: 'The record to correct.' })
  id: string;

  @Field(() => String, { nullable: true, description: 'Corrected provider (1-100 characters).' })
  provider?: string | null;

  @Field(() => String, { nullable: true, description: 'Corrected first day, ISO YYYY-MM-DD.' })
  startDate?: string | null;

  @Field(() => String, { nullable: true, description: 'Last day, ISO YYYY-MM-DD, not before the first.' })
  endDate?: string | null;

  @Field(() => YuanScalar, { nullable: true, description: 'Corrected amount in yuan (above 0, at most 100000.00).' })
  amount?: Yuan | null;

  @Field(() => RehabilitationServiceStatus, { nullable: true, description: 'New status.' })
  status?: RehabilitationServiceStatus | null;
}
