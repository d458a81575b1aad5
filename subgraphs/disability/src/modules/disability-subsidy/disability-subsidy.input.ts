import { IdempotencyKeyField } from '@aidgraph/subgraph-kit';
import { Field, ID, InputType } from 'type-graphql';
import {
  DisabilitySubsidyDifficulty, DisabilitySubsidyEndReason, DisabilitySubsidyKind, DisabilitySubsidyStatus,
} from './disability-subsidy.enums';

@InputType({ description: 'Filters of the disability subsidy list; all given filters must hold. Each given filter is checked against the access classification (FORBIDDEN, from the query alone, for a role that may not use it): analysts may not filter by personId (one person\'s records); difficulty only for a bare totalCount.' })
export class DisabilitySubsidyFilter {
  @Field(() => DisabilitySubsidyKind, { nullable: true, description: 'Only grants of this subsidy (LIVING or NURSING).' })
  kind?: DisabilitySubsidyKind | null;

  @Field(() => DisabilitySubsidyStatus, { nullable: true, description: 'Only grants with this status.' })
  status?: DisabilitySubsidyStatus | null;

  @Field(() => DisabilitySubsidyDifficulty, { nullable: true, description: 'Only living subsidies resting on this difficulty. Analysts: only in a query that selects totalCount alone, which answers them null (no count for them: the statistics queries answer only those who see the rows; FORBIDDEN with rows: the difficulty is the published civil-affairs category).' })
  difficulty?: DisabilitySubsidyDifficulty | null;

  @Field(() => String, { nullable: true, description: 'Only grants handled by this township (9-digit code).' })
  townshipCode?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only the grants of this person (registry id).' })
  personId?: string | null;
}

@InputType({
  description:
    'A disability subsidy to grant (federation officers). The person must hold a VALID certificate in force on ' +
    '`startDate`; the nursing subsidy needs grade 1 or 2; the monthly amount comes from the configured rate table.',
})
export class GrantDisabilitySubsidyInput {
  @Field(() => ID, { description: 'The recipient (registry person id).' })
  personId: string;

  @Field(() => DisabilitySubsidyKind, { description: 'Which subsidy.' })
  kind: DisabilitySubsidyKind;

  @Field(() => DisabilitySubsidyDifficulty, {
    nullable: true,
    description: 'The difficulty a LIVING subsidy rests on (required for LIVING; must be left out for NURSING).',
  })
  difficulty?: DisabilitySubsidyDifficulty | null;

  @Field({ description: 'First day of the subsidy, ISO YYYY-MM-DD (usually the first day of the month after approval).' })
  startDate: string;

  @Field({ description: '9-digit code of the township that handled the application.' })
  townshipCode: string;

  @IdempotencyKeyField()
  idempotencyKey?: string | null;
}

@InputType({ description: 'Ending a subsidy (停发) (federation officers): its last day and the reason.' })
export class EndDisabilitySubsidyInput {
  @Field(() => ID, { description: 'The ACTIVE grant to end.' })
  id: string;

  @Field({ description: 'Last day of the subsidy, ISO YYYY-MM-DD, not before its start.' })
  endDate: string;

  @Field(() => DisabilitySubsidyEndReason, { description: 'Why it ends.' })
  reason: DisabilitySubsidyEndReason;
}
