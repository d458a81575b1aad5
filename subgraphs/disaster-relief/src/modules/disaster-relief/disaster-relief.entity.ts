import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { Protected, yuanColumn, YuanScalar, type Yuan } from '@aidgraph/subgraph-kit';
import { DEPARTMENT, DisasterReliefStatus, DisasterReliefType } from './disaster-relief.enums';

/**
 * 救助发放 One disaster relief grant (受灾人员救助, 市应急管理局): a relief of one type for one event, to an assessed
 * household, paid to one of its members (the recipient, 领款人).
 */
// class quasi.programme for every field without its own rule: relief recipients are noticed (救助对象公示)
@Protected({ class: 'quasi.programme', owner: DEPARTMENT })
@ObjectType({
  description:
    '救助发放 A disaster relief grant (受灾人员救助) of the emergency management bureau (市应急管理局): one relief type for one event, ' +
    'to a household assessed for it, paid to one of its members (the recipient). Class quasi.programme: relief recipients are ' +
    'noticed publicly (救助对象公示), so analysts get no rows (disasterReliefs answers them only a bare totalCount (null whatever the count)); other ' +
    'departments\' officers see them.',
})
@Entity('disaster_relief')
@Index('disaster_relief_person_idx', ['personId'])
@Index('disaster_relief_household_idx', ['householdId', 'eventId', 'reliefType'])
@Index('disaster_relief_event_idx', ['eventId', 'id'])
@Index('disaster_relief_granted_idx', ['grantedOn', 'id'])
@Index('disaster_relief_township_idx', ['townshipCode', 'id'])
export class DisasterRelief {
  @Field(() => ID, { description: 'Opaque identifier of the grant (a UUID).' })
  @PrimaryColumn('uuid')
  id: string;

  /** the disaster event */
  @Column('uuid')
  eventId: string;

  /** the registry household relieved (civil affairs owns it; this is only the key); assessed for the event */
  @Column('uuid')
  householdId: string;

  /** the recipient (领款人), a registry person of the household (only the key) */
  @Column('uuid')
  personId: string;

  @Field(() => DisasterReliefType, { description: '救助类型 The kind of relief.' })
  @Column('varchar', { length: 20 })
  reliefType: DisasterReliefType;

  @Field(() => YuanScalar, { description: '救助金额 Amount granted, in yuan (exact decimal, two places), at most the standard in force on the grant date.' })
  @Column('bigint', { transformer: yuanColumn })
  amount: Yuan;

  @Field(() => String, { nullable: true, description: '发放日期 Date of the grant (ISO), on or after the event\'s start and the assessment. Class quasi.date: null for analysts.' })
  @Protected('quasi.date')
  @Column('date')
  grantedOn: string;

  @Field(() => String, { nullable: true, description: '过渡期起始 First day of the transitional period (TRANSITIONAL only; null otherwise). Class quasi.date.' })
  @Protected('quasi.date')
  @Column('date', { nullable: true })
  periodStart: string | null;

  @Field(() => String, { nullable: true, description: '过渡期截止 Last day of the transitional period (TRANSITIONAL only, at most 92 days after its start). Class quasi.date.' })
  @Protected('quasi.date')
  @Column('date', { nullable: true })
  periodEnd: string | null;

  @Field(() => DisasterReliefStatus, { description: '发放状态 Status.' })
  @Column('varchar', { length: 12 })
  status: DisasterReliefStatus;

  /** township that assessed the household (its assessment's): decides a caseworker's scope */
  @Column('varchar', { length: 9 })
  townshipCode: string;
}
