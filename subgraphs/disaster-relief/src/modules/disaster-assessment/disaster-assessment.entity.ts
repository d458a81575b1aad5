import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { Protected } from '@aidgraph/subgraph-kit';
import { HouseDamageLevel } from './disaster-assessment.enums';
import { DEPARTMENT } from '../disaster-relief/disaster-relief.enums';

/**
 * 受灾家庭核灾 The assessment of one household for one disaster event (户报、村评、乡审、县定): how badly its house was
 * damaged and how many of its people were affected. Relief for the event is granted only to an assessed household.
 */
// class quasi.programme for every field without its own rule: the assessed households and their damage are noticed in the village (公示)
@Protected({ class: 'quasi.programme', owner: DEPARTMENT })
@ObjectType({
  description:
    '受灾家庭核灾 The assessment of a household affected by a disaster event (市应急管理局): house damage, people affected, deaths. ' +
    'Class quasi.programme: the households assessed and their damage are noticed in the village (公示), so analysts get no rows ' +
    '(disasterAssessments answers them only a bare totalCount (null whatever the count)); other departments\' officers see them.',
})
@Entity('disaster_assessment')
@Index('disaster_assessment_event_household_idx', ['eventId', 'householdId'])
@Index('disaster_assessment_household_idx', ['householdId'])
@Index('disaster_assessment_assessed_idx', ['assessedOn', 'id'])
@Index('disaster_assessment_township_idx', ['townshipCode', 'id'])
export class DisasterAssessment {
  @Field(() => ID, { description: 'Opaque identifier of the assessment (a UUID).' })
  @PrimaryColumn('uuid')
  id: string;

  /** the disaster event */
  @Column('uuid')
  eventId: string;

  /** the registry household (civil affairs owns it; this is only the key) */
  @Column('uuid')
  householdId: string;

  @Field(() => HouseDamageLevel, { description: '房屋受损程度 How badly the house was damaged.' })
  @Column('varchar', { length: 20 })
  damageLevel: HouseDamageLevel;

  @Field(() => Int, { description: '受灾人数 How many of the household\'s people were affected (1-30): the per-person relief standards multiply by it.' })
  @Column('integer')
  peopleAffected: number;

  @Field(() => Int, { description: '遇难人数 How many of the household\'s people died in the disaster (0 to peopleAffected): DEATH_CONSOLATION is per death.' })
  @Column('integer')
  deaths: number;

  @Field(() => String, { nullable: true, description: '核灾日期 Date of the assessment (ISO), on or after the event\'s start. Class quasi.date: null for analysts.' })
  @Protected('quasi.date')
  @Column('date')
  assessedOn: string;

  /** township that assessed the household (9-digit code, one of the event's affected townships): decides a caseworker's scope */
  @Column('varchar', { length: 9 })
  townshipCode: string;
}
