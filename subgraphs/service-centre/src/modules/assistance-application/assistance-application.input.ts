import { Field, ID, InputType } from 'type-graphql';
import { Matches } from 'class-validator';
import { IdempotencyKeyField, YuanScalar, classifyCoordinates, type Yuan } from '@aidgraph/subgraph-kit';
import { DEPARTMENT, AssistanceApplicationStatus } from './assistance-application.enums';

@InputType({ description: 'Filters of the 一窗受理 list. All given filters must hold. Each is classified (department.record): FORBIDDEN, from the query alone, for a role that may not see the records.' })
export class AssistanceApplicationFilter {
  @Field(() => String, { nullable: true, description: '9-digit township code.' })
  townshipCode?: string | null;

  @Field(() => AssistanceApplicationStatus, { nullable: true, description: 'Only records with this status.' })
  status?: AssistanceApplicationStatus | null;

  @Field(() => ID, { nullable: true, description: 'Only the records of this person (registry id, a UUID).' })
  personId?: string | null;
}

// each filter is classified like the field it filters on (assertFiltersAllowed refuses an unclassified filter to everyone)
classifyCoordinates({
  'AssistanceApplicationFilter.townshipCode': { class: 'department.record', owner: DEPARTMENT, kind: 'filter' },
  'AssistanceApplicationFilter.status': { class: 'department.record', owner: DEPARTMENT, kind: 'filter' },
  'AssistanceApplicationFilter.personId': { class: 'department.record', owner: DEPARTMENT, kind: 'filter', note: 'one person\'s records' },
});

@InputType({ description: 'A 一窗受理 record to add (市社会救助综合服务中心（一窗受理平台，隶属市民政局） officers).' })
export class RecordAssistanceApplicationInput {
  @Field(() => ID, { description: 'The person (registry id).' })
  personId: string;

  @Field(() => YuanScalar, { description: 'Amount granted in yuan: above 0, at most the sanity bound of the service (AMOUNT_ABOVE_LIMIT).' })
  amount: Yuan;

  @Field({ description: 'Date of the decision, ISO YYYY-MM-DD; not in the future.' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'decidedOn must be an ISO date YYYY-MM-DD' })
  decidedOn: string;

  @Field({ description: '9-digit code of the township that handled the application.' })
  townshipCode: string;

  @IdempotencyKeyField()
  idempotencyKey?: string | null;
}

@InputType({ description: 'A correction of a 一窗受理 record: only the fields given change.' })
export class CorrectAssistanceApplicationInput {
  @Field(() => ID, { description: 'The record to correct.' })
  id: string;

  @Field(() => YuanScalar, { nullable: true, description: 'Corrected amount in yuan (above 0).' })
  amount?: Yuan | null;

  @Field(() => AssistanceApplicationStatus, { nullable: true, description: 'New status (PAID when paid, REVOKED when recorded in error).' })
  status?: AssistanceApplicationStatus | null;
}
