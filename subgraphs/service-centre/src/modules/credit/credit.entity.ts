import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { Protected } from '@aidgraph/subgraph-kit';
import { jsonListColumn } from '../application/application.entity';
import { APPLICATION_CLASS, DEPARTMENT } from '../application/application.enums';
import { CREDIT_CLASS, CommitmentSigner, DishonestConduct } from './credit.policy';

/**
 * 告知承诺书 The commitment the applicant signed with an application (one per application, written with the submission).
 * Applications submitted before this table existed have none (AssistanceApplication.commitment is null for them).
 */
@Protected({ class: APPLICATION_CLASS, owner: DEPARTMENT })
@ObjectType({
  description:
    '告知承诺书 The commitment the applicant signed with the application (胶政发〔2020〕106号: 告知承诺制; 社会救助暂行办法 第六十八条 is its ' +
    'sanction): which version of the text, when, by whom. Class application, as its application.',
})
@Entity('application_commitment')
export class ApplicationCommitment {
  /** the application (assistance_application.id) */
  @PrimaryColumn('uuid')
  applicationId: string;

  @Field({ description: '承诺书版本 The id of the commitment text signed (commitment-texts.json: ids, titles, clauses, effective dates).' })
  @Column('varchar', { length: 40 })
  textId: string;

  @Field({ description: '签署日期 Date signed (ISO YYYY-MM-DD): on or before the submission, at most 30 days before it, within the text\'s effective dates.' })
  @Column('date')
  signedOn: string;

  @Field(() => CommitmentSigner, { description: '签署人 The applicant, or an agent (委托代理人/监护人).' })
  @Column('varchar', { length: 12 })
  signedBy: CommitmentSigner;

  @Field({ description: '经办人 Who recorded it (token subject of the caseworker or village assistant).' })
  @Column('varchar', { length: 128 })
  recordedBy: string;
}

/**
 * 失信记录 A dishonesty record: fraud confirmed on an application (社会救助暂行办法 第六十八条), with its legal bases, period and
 * revocation. Its status is computed as of today (dishonestyStatus): never stored, so nothing has to expire it.
 */
@Protected({ class: CREDIT_CLASS, owner: DEPARTMENT })
@ObjectType({
  description:
    '失信记录 A dishonesty record (社会救助暂行办法 第六十八条: assistance obtained or sought by false report, concealment, forgery or false ' +
    'claim), confirmed by a township approver or a civil-affairs officer, linked to the application, with its legal bases and period; ' +
    'revoked with a reason (e.g. after an appeal). A record in force flags the person\'s new applications (applicantCreditFlag): ' +
    'it does not refuse them. Class credit: caseworkers and approvers of its township, the service centre\'s and civil affairs\' ' +
    'officers, auditors; FORBIDDEN to village assistants, other departments, analysts and the public.',
})
@Entity('dishonesty_record')
@Index('dishonesty_record_person_idx', ['personId', 'startsOn'])
@Index('dishonesty_record_township_idx', ['townshipCode', 'id'])
@Index('dishonesty_record_application_idx', ['applicationId'])
export class DishonestyRecord {
  @Field(() => ID, { description: 'Opaque identifier (a UUID).' })
  @PrimaryColumn('uuid')
  id: string;

  /** the person (registry Person id): the applicant of the application */
  @Column('uuid')
  personId: string;

  /** the application on which the fraud was confirmed */
  @Column('uuid')
  applicationId: string;

  /** the application's township: a caseworker's and approver's scope */
  @Column('varchar', { length: 9 })
  townshipCode: string;

  /** the application's village (class credit: village assistants get none of it anyway) */
  @Column('varchar', { length: 12, nullable: true })
  villageCode: string | null;

  @Field(() => [DishonestConduct], { description: '失信行为 The conduct confirmed (one or more).' })
  @Column('text', { transformer: jsonListColumn })
  conducts: DishonestConduct[];

  @Field(() => [String], { description: '法律依据 The legal bases cited (codes of LEGAL_BASES: SA_ART68 always; see `legalBasisCitations`).' })
  @Column('text', { transformer: jsonListColumn })
  legalBases: string[];

  @Field({ description: '认定事实 The facts found (1-2000 characters).' })
  @Column('text')
  findings: string;

  @Field({ description: '认定日期 Date the record was made (ISO date, the service clock).' })
  @Column('date')
  decidedOn: string;

  @Field({ description: '认定人 Who made it (token subject of a township approver or a civil-affairs officer).' })
  @Column('varchar', { length: 128 })
  decidedBy: string;

  @Field({ description: '认定人角色 The role it was made in (township_approver, department_officer).' })
  @Column('varchar', { length: 24 })
  decidedRole: string;

  @Field({ description: '开始日期 First day of the record\'s period (ISO date): on or before the day it was made, not before the application\'s submission.' })
  @Column('date')
  startsOn: string;

  @Field({ description: '结束日期 Last day of the period (ISO date, included): at most 5 years from startsOn.' })
  @Column('date')
  endsOn: string;

  @Field(() => String, { nullable: true, description: '撤销日期 Date revoked; null unless REVOKED.' })
  @Column('date', { nullable: true })
  revokedOn: string | null;

  @Field(() => String, { nullable: true, description: '撤销理由 Why it was revoked (1-2000 characters); null unless REVOKED.' })
  @Column('text', { nullable: true })
  revocationReason: string | null;

  @Field(() => String, { nullable: true, description: '撤销人 Who revoked it (token subject); null unless REVOKED.' })
  @Column('varchar', { length: 128, nullable: true })
  revokedBy: string | null;

  @Field(() => Int, { description: '版本 Optimistic version: 1 when made, +1 on every change; pass it as expectedVersion to revoke (CONFLICT STALE_VERSION otherwise).' })
  @Column('integer')
  version: number;
}
