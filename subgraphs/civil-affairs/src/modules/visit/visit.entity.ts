import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { Protected } from '@aidgraph/subgraph-kit';
import { VISIT_CLASS, VisitFinding } from './visit.policy';

/** A JSON list of strings in a text column (the same on SQLite and PostgreSQL). */
const jsonList = {
  to: (v: string[] | null | undefined): string | null => (v == null ? null : JSON.stringify(v)),
  from: (v: string | null): string[] => (v == null ? [] : (JSON.parse(v) as string[])),
};

/**
 * 探访记录 One visit to a recipient household (胶政发〔2020〕106号: 探访制度): who (a staff subject), when, what was found
 * (codes and a note), and the follow-up it needs.
 */
@Protected(VISIT_CLASS)
@ObjectType({
  description:
    '探访记录 A visit to a recipient household (胶政发〔2020〕106号: 探访制度, for dibao and tekun households): who visited (staff, never a resident), ' +
    'when, the findings (codes and an optional note) and the follow-up. Class visit: the township\'s caseworkers and approver, the ' +
    'village\'s assistant, civil-affairs officers, auditors; FORBIDDEN to other departments and analysts.',
})
@Entity('recipient_visit')
@Index('recipient_visit_household_idx', ['householdId', 'visitedOn'])
@Index('recipient_visit_township_idx', ['townshipCode', 'visitedOn'])
export class RecipientVisit {
  @Field(() => ID, { description: 'Opaque identifier (a UUID).' })
  @PrimaryColumn('uuid')
  id: string;

  /** the household visited (registry Household id) */
  @Column('uuid')
  householdId: string;

  /** the household's township and village at the visit: the record's scope */
  @Column('varchar', { length: 9 })
  townshipCode: string;

  @Column('varchar', { length: 12 })
  villageCode: string;

  @Field({ description: '探访日期 Date of the visit (ISO YYYY-MM-DD, not in the future).' })
  @Column('date')
  visitedOn: string;

  @Field({ description: '探访人 Who visited: the token subject of the staff member who recorded it (a caseworker or the village assistant), never a resident.' })
  @Column('varchar', { length: 128 })
  visitedBy: string;

  @Field({ description: '探访人角色 The visitor\'s role (caseworker, village_assistant).' })
  @Column('varchar', { length: 24 })
  visitorRole: string;

  @Field(() => [VisitFinding], { description: '探访发现 What was found (1-9 codes, no duplicates).' })
  @Column('text', { transformer: jsonList })
  findings: VisitFinding[];

  @Field(() => String, { nullable: true, description: '探访情况说明 A note (at most 2000 characters; no ID numbers or diagnoses: the codes say what kind of change). Class visit, as the record.' })
  @Column('text', { nullable: true })
  note: string | null;

  @Field({ description: '需要跟进 Whether a follow-up is needed.' })
  @Column('boolean')
  followUpNeeded: boolean;

  @Field(() => String, { nullable: true, description: '跟进期限 The date by which to follow up (ISO date, not before the visit); null when none is needed.' })
  @Column('date', { nullable: true })
  followUpBy: string | null;

  @Field(() => String, { nullable: true, description: '跟进完成日期 When the follow-up was done (completeVisitFollowUp); null while pending or when none is needed.' })
  @Column('date', { nullable: true })
  followUpDoneOn: string | null;

  @Field(() => String, { nullable: true, description: '跟进情况 What the follow-up did (at most 2000 characters).' })
  @Column('text', { nullable: true })
  followUpNote: string | null;

  @Field(() => Int, { description: '版本 Optimistic version: 1 when recorded, +1 on every change; pass it as expectedVersion (CONFLICT STALE_VERSION otherwise).' })
  @Column('integer')
  version: number;
}

/**
 * 结对帮扶 A cadre paired with a recipient household: the cadre is staff (a token subject, a name and a unit), never a
 * resident. At most one active pairing per household: `activeHouseholdId` is the household's id while the pairing is
 * active and null once ended, under a unique index (NULLs do not collide on SQLite or PostgreSQL).
 */
@Protected(VISIT_CLASS)
@ObjectType({
  description:
    '结对帮扶 A cadre paired with a recipient household (胶政发〔2020〕106号: 干部结对帮扶): the cadre (staff: subject, name, unit), from and to ' +
    'dates. One active pairing per household. Class visit.',
})
@Entity('cadre_pairing')
@Index('cadre_pairing_household_idx', ['householdId', 'fromDate'])
@Index('cadre_pairing_active_uq', ['activeHouseholdId'], { unique: true })
export class CadrePairing {
  @Field(() => ID, { description: 'Opaque identifier (a UUID).' })
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  householdId: string;

  /** the household's id while active, null once ended: the unique index allows one active pairing per household */
  @Column('uuid', { nullable: true })
  activeHouseholdId: string | null;

  @Column('varchar', { length: 9 })
  townshipCode: string;

  @Column('varchar', { length: 12 })
  villageCode: string;

  @Field({ description: '帮扶干部 The cadre\'s staff subject (the identity provider\'s subject of a staff member).' })
  @Column('varchar', { length: 128 })
  cadreSubject: string;

  @Field({ description: '干部姓名 The cadre\'s name (staff, not a resident; 1-64 characters).' })
  @Column('varchar', { length: 64 })
  cadreName: string;

  @Field({ description: '工作单位 The cadre\'s unit (1-100 characters).' })
  @Column('varchar', { length: 100 })
  cadreUnit: string;

  @Field({ description: '开始日期 First day of the pairing (ISO date).' })
  @Column('date')
  fromDate: string;

  @Field(() => String, { nullable: true, description: '结束日期 Last day (ISO date), set when the pairing ends; null while active.' })
  @Column('date', { nullable: true })
  toDate: string | null;

  @Field({ description: '经办人 Who recorded it (token subject).' })
  @Column('varchar', { length: 128 })
  recordedBy: string;

  @Field(() => Int, { description: '版本 Optimistic version: 1 when made, +1 on every change (pass it as expectedVersion to end it).' })
  @Column('integer')
  version: number;
}
