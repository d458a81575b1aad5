import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { Protected, yuanColumn, YuanScalar, type Yuan } from '@aidgraph/subgraph-kit';
import { CharityGrantStatus, CharityRecipientKind } from './charity-grant.enums';

/**
 * 慈善救助金 A charity grant paid from a project to a person or a household of the civil-affairs registry. Exactly one
 * of personId / householdId is set, as recipientKind says. The registry owns the person and household; this stores
 * only their keys and the township that handled the case (for caseworkers' scope).
 */
// class health.charity for every field without its own rule (see the class: a grant gives illness, category, age)
@Protected('health.charity')
@ObjectType({
  description:
    '慈善救助金 A charity grant paid by the charity federation (慈善总会) from a charity project to a person or a household ' +
    'of the registry (慈善救助, 胶政发〔2020〕106号: charity as the supplement of social assistance). A caseworker sees the grants ' +
    'handled in their township.',
})
@Entity('charity_grant')
@Index('charity_grant_project_idx', ['projectId', 'status'])
@Index('charity_grant_person_idx', ['personId'])
@Index('charity_grant_household_idx', ['householdId'])
@Index('charity_grant_township_idx', ['townshipCode', 'id'])
@Index('charity_grant_granted_idx', ['grantedOn', 'id'])
export class CharityGrant {
  @Field(() => ID, { description: 'Opaque identifier of the grant (a UUID).' })
  @PrimaryColumn('uuid')
  id: string;

  /** the project paying (see the `project` field) */
  @Column('uuid')
  projectId: string;

  @Field(() => CharityRecipientKind, { description: '救助对象类型 PERSON or HOUSEHOLD: which of `person` / `household` is set.' })
  @Column('varchar', { length: 12 })
  recipientKind: CharityRecipientKind;

  /** the registry person, for a PERSON grant */
  @Column('uuid', { nullable: true })
  personId: string | null;

  /** the registry household, for a HOUSEHOLD grant */
  @Column('uuid', { nullable: true })
  householdId: string | null;

  /** township that handled the case (9-digit code) */
  @Column('varchar', { length: 9 })
  townshipCode: string;

  @Field(() => YuanScalar, { description: '救助金额 Amount granted, in yuan (above 0, at most the project\'s balance when granted).' })
  @Column('bigint', { transformer: yuanColumn })
  amount: Yuan;

  @Field(() => String, { nullable: true, description: '发放日期 Date of the grant (ISO YYYY-MM-DD), within the project\'s period. Class quasi.date: null for analysts (a record date singles its person out).' })
  @Protected('quasi.date')
  @Column('date')
  grantedOn: string;

  /** why the grant was made; may reveal illness or disability (see the `reason` field's rule) */
  @Column('varchar', { length: 200 })
  reason: string;

  @Field(() => CharityGrantStatus, { description: '救助金状态 GRANTED or WITHDRAWN.' })
  @Column('varchar', { length: 12 })
  status: CharityGrantStatus;

  @Field(() => String, { nullable: true, description: '撤回日期 Date the grant was withdrawn (ISO), null unless withdrawn. Class quasi.date: null for analysts (a record date singles its person out).' })
  @Protected('quasi.date')
  @Column('date', { nullable: true })
  withdrawnOn: string | null;

  @Field(() => String, { nullable: true, description: '撤回原因 Why the grant was withdrawn, null unless withdrawn.' })
  @Column('varchar', { length: 200, nullable: true })
  withdrawReason: string | null;
}
