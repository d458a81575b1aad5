import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { Protected } from '@aidgraph/subgraph-kit';
import { RegistryAction } from '../common/enums';

/**
 * The class of the registry's history (Person.history, Household.history, and every field of a history entry):
 * `department.record` owned by CIVIL_AFFAIRS — caseworkers of the record's township (and township approvers), civil-affairs
 * officers and auditors see it; other departments' officers and analysts are refused (FORBIDDEN), a caseworker of another
 * township gets nothing (omitted). Not `quasi.fine`: that class shows every department's officers the value, and a
 * history holds the before/after of every identifier the registry keeps. Within an entry, each changed field's before/after
 * is further withheld from a caller who does not see that field's own class on Person (see REGISTRY_FIELD_CLASSES).
 */
export const HISTORY_ACCESS = { class: 'department.record', owner: 'CIVIL_AFFAIRS' } as const;

/** 变更字段 One changed field of a registry change: its value before and after, as the caller may see them. */
@ObjectType({
  description:
    '变更字段 One field a registry change changed, with its value before and after (as text: ISO dates, enum names, ids). ' +
    'The values follow the field\'s own access class on Person/Household: a caller who may not see the field there (e.g. ' +
    'a civil-affairs officer and a phone number or an address) gets `withheld: true` and null values. Class ' +
    'department.record (CIVIL_AFFAIRS), as the history that holds it.',
})
@Protected(HISTORY_ACCESS)
export class RegistryFieldChange {
  @Field(() => String, { nullable: true, description: '字段 The field changed, as named on Person or Household (name, idNumber, phone, relationToHead, householdId, status ...).' })
  field: string;

  @Field(() => String, { nullable: true, description: '变更前 The value before the change; null when there was none, or when withheld.' })
  before: string | null;

  @Field(() => String, { nullable: true, description: '变更后 The value after the change; null when there is none, or when withheld.' })
  after: string | null;

  @Field(() => Boolean, { nullable: true, description: '已隐去 True when the caller may not see this field\'s values (its class on Person/Household withholds it): before and after are null.' })
  withheld: boolean;
}

/**
 * 登记变更记录 One change of the civil-affairs registry (table registry_change): written in the same transaction as the
 * change, never changed afterwards. A person's entries carry the person's version after the change (personVersion,
 * strictly increasing per person: the order of Person.history); a household's composition changes carry the household's
 * version (householdVersion: the order of Household.history).
 */
@ObjectType({
  description:
    '登记变更记录 One change of the civil-affairs registry (a history entry): what was done, to whom, the before/after of ' +
    'each changed field, the reason, who did it in which role, and when. Class department.record (CIVIL_AFFAIRS): ' +
    'caseworkers of the township, civil-affairs officers and auditors; FORBIDDEN to other departments and analysts.',
})
@Protected(HISTORY_ACCESS)
@Entity('registry_change')
@Index('registry_change_person_idx', ['personId', 'personVersion'])
@Index('registry_change_household_idx', ['householdId', 'householdVersion'])
export class RegistryChange {
  @Field(() => ID, { description: 'Opaque identifier of the entry (a UUID).' })
  @PrimaryColumn('uuid')
  id: string;

  /** the person changed; null for a household's own entry (HOUSEHOLD_REGISTERED) */
  @Column('uuid', { nullable: true })
  personId: string | null;

  /** the household concerned (the person's at the time, or the household changed); null for a person in no household */
  @Column('uuid', { nullable: true })
  householdId: string | null;

  @Field(() => Int, { nullable: true, description: '人员版本 The person\'s version after this change (Person.version); null for a household\'s own entry.' })
  @Column('integer', { nullable: true })
  personVersion: number | null;

  @Field(() => Int, { nullable: true, description: '家庭版本 The household\'s version after this change (Household.version) when it changed the household\'s composition; null otherwise.' })
  @Column('integer', { nullable: true })
  householdVersion: number | null;

  /** the township of the record at the time (its scope) */
  @Column('varchar', { length: 9 })
  townshipCode: string;

  @Field(() => RegistryAction, { nullable: true, description: '变更类型 What the change did.' })
  @Column('varchar', { length: 32 })
  action: RegistryAction;

  /** JSON: { field: [before, after] }, values as text or null */
  @Column('text')
  changes: string;

  @Field(() => String, { nullable: true, description: '变更原因 The reason given with the change (required for corrections and removals).' })
  @Column('varchar', { length: 500, nullable: true })
  reason: string | null;

  @Field(() => String, { name: 'by', nullable: true, description: '操作人 Who made the change: the staff account (token subject).' })
  @Column('varchar', { length: 128 })
  subject: string;

  @Field(() => String, { nullable: true, description: '角色 The role the change was made in (caseworker, village_assistant, department_officer).' })
  @Column('varchar', { length: 32 })
  role: string;

  @Field(() => String, { nullable: true, description: '变更时间 When the change was made: an ISO 8601 UTC timestamp.' })
  @Column('varchar', { length: 32 })
  at: string;
}
