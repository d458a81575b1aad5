import { Field, ID, InputType } from 'type-graphql';
import { IdempotencyKeyField, YuanScalar, type Yuan } from '@aidgraph/subgraph-kit';
import { CharityGrantStatus, CharityRecipientKind } from './charity-grant.enums';

@InputType({ description: 'Filters of the charity grant list. All given filters must hold. Each given filter is checked against the access classification (FORBIDDEN, from the query alone, for a role that may not use it): analysts may only count (charityGrants { totalCount }) and not by grantedFrom, grantedTo, personId or householdId.' })
export class CharityGrantFilter {
  @Field(() => ID, { nullable: true, description: 'Only the grants of this project.' })
  projectId?: string | null;

  @Field(() => String, { nullable: true, description: 'Only grants handled in this township (9-digit code).' })
  townshipCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Only grants made on or after this date (ISO YYYY-MM-DD).' })
  grantedFrom?: string | null;

  @Field(() => String, { nullable: true, description: 'Only grants made on or before this date (ISO YYYY-MM-DD).' })
  grantedTo?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only the grants to this person (registry id).' })
  personId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only the grants to this household (registry id).' })
  householdId?: string | null;

  @Field(() => CharityRecipientKind, { nullable: true, description: 'Only grants to persons, or only grants to households.' })
  recipientKind?: CharityRecipientKind | null;

  @Field(() => CharityGrantStatus, { nullable: true, description: 'Only grants with this status.' })
  status?: CharityGrantStatus | null;
}

@InputType({
  description:
    'A charity grant to record (charity federation staff): to a person OR a household (exactly one), from an OPEN project, ' +
    'dated within its period, at most its balance.',
})
export class RecordCharityGrantInput {
  @Field(() => ID, { description: 'The project paying.' })
  projectId: string;

  @Field(() => ID, { nullable: true, description: 'The person receiving it (registry id); give this or householdId.' })
  personId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The household receiving it (registry id); give this or personId.' })
  householdId?: string | null;

  @Field({ description: '9-digit code of the township that handled the case (the recipient\'s township).' })
  townshipCode: string;

  @Field(() => YuanScalar, { description: '救助金额 Amount in yuan: above 0, at most the per-person or per-household limit in force on the grant date (CHARITY_GRANT_LIMITS_FILE; AMOUNT_ABOVE_LIMIT) and at most the project\'s balance.' })
  amount: Yuan;

  @Field({ description: '发放日期 Date of the grant, ISO YYYY-MM-DD, within the project\'s period.' })
  grantedOn: string;

  @Field({ description: '救助事由 Why the grant is made, 1-200 characters (may name an illness: sensitive).' })
  reason: string;

  @IdempotencyKeyField()
  idempotencyKey?: string | null;
}

@InputType({ description: 'Withdraw (撤回) a GRANTED charity grant: the amount goes back into the project\'s balance.' })
export class WithdrawCharityGrantInput {
  @Field(() => ID, { description: 'The grant.' })
  id: string;

  @Field({ description: '撤回日期 Date of the withdrawal, ISO YYYY-MM-DD, not before the grant\'s date.' })
  withdrawnOn: string;

  @Field({ description: '撤回原因 Why it is withdrawn, 1-200 characters.' })
  reason: string;
}
