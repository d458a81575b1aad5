import { Field, ID, InputType, Int } from 'type-graphql';
import { IdempotencyKeyField, classifyCoordinates } from '@aidgraph/subgraph-kit';
import { HouseDamageLevel } from './disaster-assessment.enums';
import { DEPARTMENT } from '../disaster-relief/disaster-relief.enums';

@InputType({
  description:
    'Filters of the disaster assessment list. All given filters must hold. Each is classified: analysts may use the event, ' +
    'township and damage filters only to count (select totalCount alone, which answers them null: no count for them: the statistics queries answer only those who see the rows), and never the household filter.',
})
export class DisasterAssessmentFilter {
  @Field(() => ID, { nullable: true, description: 'Only the assessments for this event.' })
  eventId?: string | null;

  @Field(() => String, { nullable: true, description: 'Only the assessments of this township (9-digit code).' })
  townshipCode?: string | null;

  @Field(() => HouseDamageLevel, { nullable: true, description: 'Only the assessments with this house damage level.' })
  damageLevel?: HouseDamageLevel | null;

  @Field(() => ID, { nullable: true, description: 'Only the assessments of this household (registry id, a UUID).' })
  householdId?: string | null;
}

const noticed = { class: 'quasi.programme' as const, owner: DEPARTMENT, kind: 'filter' as const, note: 'disasterAssessments answers analysts only a bare totalCount (null whatever the count)', outcomes: { analyst: 'countOnly' as const, caseworkerOutOfScope: 'omitted' as const } };
classifyCoordinates({
  'Query.disasterAssessments': {
    class: 'quasi.programme', owner: DEPARTMENT, kind: 'list',
    note: 'analysts may select only totalCount (answered null to them: no count for them: the statistics queries answer only those who see the rows), not list: the assessed households are noticed in the village (公示)',
    outcomes: { analyst: 'countOnly', caseworkerOutOfScope: 'omitted' },
  },
  'DisasterAssessmentFilter.eventId': noticed,
  'DisasterAssessmentFilter.townshipCode': noticed,
  'DisasterAssessmentFilter.damageLevel': noticed,
  'DisasterAssessmentFilter.householdId': {
    class: 'quasi.fine', kind: 'filter', note: 'a household id filter answers for one household: even its count is that household\'s assessment',
    outcomes: { analyst: 'FORBIDDEN' },
  },
});

@InputType({ description: 'The assessment of a household for a disaster event (市应急管理局 officers).' })
export class AssessDisasterHouseholdInput {
  @Field(() => ID, { description: 'The disaster event.' })
  eventId: string;

  @Field(() => ID, { description: 'The household (civil-affairs registry id): a household of the registry (NOT_FOUND NOT_IN_REGISTRY otherwise).' })
  householdId: string;

  @Field({
    description:
      '9-digit code of the township that assessed the household: one of the event\'s affected townships (TOWNSHIP_NOT_AFFECTED) and ' +
      'the household\'s own township of registration (NOT_THE_HOUSEHOLDS_TOWNSHIP).',
  })
  townshipCode: string;

  @Field(() => HouseDamageLevel, { description: '房屋受损程度 How badly the house was damaged.' })
  damageLevel: HouseDamageLevel;

  @Field(() => Int, {
    description:
      '受灾人数 People of the household affected, 1-30 and at most the registry household\'s members on the event\'s start (its ' +
      'active members and those who died or moved away on or after that day; ABOVE_HOUSEHOLD_SIZE).',
  })
  peopleAffected: number;

  @Field(() => Int, { nullable: true, description: '遇难人数 People of the household who died, 0 (default) to peopleAffected.' })
  deaths?: number | null;

  @Field({ description: '核灾日期 Date of the assessment (ISO): on or after the event\'s start, within 365 days of it, not in the future.' })
  assessedOn: string;

  @IdempotencyKeyField()
  idempotencyKey?: string | null;
}

@InputType({ description: 'A correction of a disaster assessment (复核): only the fields given change.' })
export class CorrectDisasterAssessmentInput {
  @Field(() => ID, { description: 'The assessment to correct.' })
  id: string;

  @Field(() => HouseDamageLevel, { nullable: true, description: 'Corrected damage level. A level below what a standing relief of the household needs is CONFLICT RELIEF_STANDS.' })
  damageLevel?: HouseDamageLevel | null;

  @Field(() => Int, { nullable: true, description: 'Corrected number of people affected (1-30, at most the registry household\'s members on the event\'s start: ABOVE_HOUSEHOLD_SIZE).' })
  peopleAffected?: number | null;

  @Field(() => Int, { nullable: true, description: 'Corrected number of deaths (0 to peopleAffected); 0 while a DEATH_CONSOLATION stands is CONFLICT RELIEF_STANDS.' })
  deaths?: number | null;
}
