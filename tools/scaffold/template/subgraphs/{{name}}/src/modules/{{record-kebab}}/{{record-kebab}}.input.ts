import { Field, ID, InputType } from 'type-graphql';
import { Matches } from 'class-validator';
import { IdempotencyKeyField, YuanScalar, classifyCoordinates, type Yuan } from '@aidgraph/subgraph-kit';
import { DEPARTMENT, {{Record}}Status } from './{{record-kebab}}.enums';

@InputType({ description: 'Filters of the {{programme}} list. All given filters must hold. Each is classified (department.record): FORBIDDEN, from the query alone, for a role that may not see the records.' })
export class {{Record}}Filter {
  @Field(() => String, { nullable: true, description: '9-digit township code.' })
  townshipCode?: string | null;

  @Field(() => {{Record}}Status, { nullable: true, description: 'Only records with this status.' })
  status?: {{Record}}Status | null;

  @Field(() => ID, { nullable: true, description: 'Only the records of this person (registry id, a UUID).' })
  personId?: string | null;
}

// each filter is classified like the field it filters on (assertFiltersAllowed refuses an unclassified filter to everyone)
classifyCoordinates({
  '{{Record}}Filter.townshipCode': { class: 'department.record', owner: DEPARTMENT, kind: 'filter' },
  '{{Record}}Filter.status': { class: 'department.record', owner: DEPARTMENT, kind: 'filter' },
  '{{Record}}Filter.personId': { class: 'department.record', owner: DEPARTMENT, kind: 'filter', note: 'one person\'s records' },
});

@InputType({ description: 'A {{programme}} record to add ({{departmentName}} officers).' })
export class Record{{Record}}Input {
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

@InputType({ description: 'A correction of a {{programme}} record: only the fields given change.' })
export class Correct{{Record}}Input {
  @Field(() => ID, { description: 'The record to correct.' })
  id: string;

  @Field(() => YuanScalar, { nullable: true, description: 'Corrected amount in yuan (above 0).' })
  amount?: Yuan | null;

  @Field(() => {{Record}}Status, { nullable: true, description: 'New status (PAID when paid, REVOKED when recorded in error).' })
  status?: {{Record}}Status | null;
}
