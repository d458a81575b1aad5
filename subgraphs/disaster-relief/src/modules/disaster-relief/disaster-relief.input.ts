import { Field, ID, InputType } from 'type-graphql';
import { IdempotencyKeyField, YuanScalar, classifyCoordinates, type Yuan } from '@aidgraph/subgraph-kit';
import { DEPARTMENT, DisasterReliefStatus, DisasterReliefType } from './disaster-relief.enums';

@InputType({
  description:
    'Filters of the disaster relief list. All given filters must hold. Each is classified: analysts may use the event, township, ' +
    'type and status filters only to count (select totalCount alone, which answers them null: no count for them: the statistics queries answer only those who see the rows), and never the person or household filters.',
})
export class DisasterReliefFilter {
  @Field(() => ID, { nullable: true, description: 'Only the grants for this event.' })
  eventId?: string | null;

  @Field(() => String, { nullable: true, description: 'Only the grants of this township (9-digit code).' })
  townshipCode?: string | null;

  @Field(() => DisasterReliefType, { nullable: true, description: 'Only the grants of this relief type.' })
  reliefType?: DisasterReliefType | null;

  @Field(() => DisasterReliefStatus, { nullable: true, description: 'Only the grants with this status.' })
  status?: DisasterReliefStatus | null;

  @Field(() => ID, { nullable: true, description: 'Only the grants paid to this person (registry id, a UUID).' })
  personId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only the grants to this household (registry id, a UUID).' })
  householdId?: string | null;
}

// relief recipients are noticed (公示): class quasi.programme, count-only for analysts; one person's or household's grants: never for analysts
const noticed = { class: 'quasi.programme' as const, owner: DEPARTMENT, kind: 'filter' as const, note: 'disasterReliefs answers analysts only a bare totalCount (null whatever the count)', outcomes: { analyst: 'countOnly' as const, caseworkerOutOfScope: 'omitted' as const } };
const oneOf = (what: string) => ({
  class: 'quasi.fine' as const, kind: 'filter' as const, note: `a ${what} id filter answers for one ${what}: even its count is that ${what}'s relief`, outcomes: { analyst: 'FORBIDDEN' as const },
});
classifyCoordinates({
  'Query.disasterReliefs': {
    class: 'quasi.programme', owner: DEPARTMENT, kind: 'list',
    note: 'analysts may select only totalCount (answered null to them: no count for them: the statistics queries answer only those who see the rows), not list: relief recipients are noticed (救助对象公示)',
    outcomes: { analyst: 'countOnly', caseworkerOutOfScope: 'omitted' },
  },
  'Person.disasterReliefs': {
    class: 'quasi.programme', owner: DEPARTMENT, kind: 'list',
    note: 'the grants paid to the person; analysts get an empty list: relief recipients are noticed (救助对象公示)',
    outcomes: { analyst: 'omitted', caseworkerOutOfScope: 'omitted' },
  },
  'Household.disasterReliefs': {
    class: 'quasi.programme', owner: DEPARTMENT, kind: 'list',
    note: 'the household\'s grants, whoever the recipient; analysts get an empty list (as Person.disasterReliefs)',
    outcomes: { analyst: 'omitted', caseworkerOutOfScope: 'omitted' },
  },
  'Household.disasterAssessments': {
    class: 'quasi.programme', owner: DEPARTMENT, kind: 'list',
    note: 'the household\'s assessments; analysts get an empty list: the assessed households are noticed in the village (公示)',
    outcomes: { analyst: 'omitted', caseworkerOutOfScope: 'omitted' },
  },
  'DisasterReliefFilter.eventId': noticed,
  'DisasterReliefFilter.townshipCode': noticed,
  'DisasterReliefFilter.reliefType': noticed,
  'DisasterReliefFilter.status': noticed,
  'DisasterReliefFilter.personId': oneOf('person'),
  'DisasterReliefFilter.householdId': oneOf('household'),
});

@InputType({ description: 'A disaster relief grant to record (市应急管理局 officers).' })
export class GrantDisasterReliefInput {
  @Field(() => ID, { description: 'The disaster event.' })
  eventId: string;

  @Field(() => ID, { description: 'The household relieved (registry id): it must be assessed for the event (CONFLICT NOT_ASSESSED otherwise).' })
  householdId: string;

  @Field(() => ID, { description: 'The recipient (领款人): an active person of the registry, a member of the household (BAD_USER_INPUT NOT_A_MEMBER otherwise).' })
  personId: string;

  @Field(() => DisasterReliefType, { description: '救助类型 The kind of relief (its eligibility follows the assessment: CONFLICT NOT_ELIGIBLE).' })
  reliefType: DisasterReliefType;

  @Field(() => YuanScalar, { description: 'Amount in yuan: above 0, at most the standard in force on the grant date for the type and the assessment (AMOUNT_ABOVE_LIMIT).' })
  amount: Yuan;

  @Field({ description: '发放日期 Date of the grant (ISO): not in the future, not before the event\'s start nor the assessment, within the type\'s window after the event.' })
  grantedOn: string;

  @Field(() => String, { nullable: true, description: '过渡期起始 TRANSITIONAL only (required there): first day of the period, not before the event\'s start.' })
  periodStart?: string | null;

  @Field(() => String, { nullable: true, description: '过渡期截止 TRANSITIONAL only (required there): last day of the period, at most 92 days after its start.' })
  periodEnd?: string | null;

  @IdempotencyKeyField()
  idempotencyKey?: string | null;
}

@InputType({ description: 'A correction of a disaster relief grant: only the fields given change.' })
export class CorrectDisasterReliefInput {
  @Field(() => ID, { description: 'The grant to correct.' })
  id: string;

  @Field(() => YuanScalar, { nullable: true, description: 'Corrected amount in yuan (above 0, at most the standard).' })
  amount?: Yuan | null;

  @Field(() => DisasterReliefStatus, {
    nullable: true,
    description: 'New status: PAID when paid, REVOKED when recorded in error or withdrawn; a PAID grant cannot go back to GRANTED (CONFLICT ALREADY_PAID).',
  })
  status?: DisasterReliefStatus | null;

  @Field(() => String, { nullable: true, description: 'Corrected last day of a TRANSITIONAL period (at most 92 days after its start; the amount is checked again).' })
  periodEnd?: string | null;
}
