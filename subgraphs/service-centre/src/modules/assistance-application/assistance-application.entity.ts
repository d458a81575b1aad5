import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { Protected, yuanColumn, YuanScalar, type Yuan } from '@aidgraph/subgraph-kit';
import { DEPARTMENT, AssistanceApplicationStatus } from './assistance-application.enums';

/** 一窗受理 One 一窗受理 record of a person, decided by 市社会救助综合服务中心（一窗受理平台，隶属市民政局）. */
// deny by default: every field without a rule of its own is department.record (SOCIAL_ASSISTANCE_CENTRE, caseworkers in scope, auditors)
@Protected({ class: 'department.record', owner: DEPARTMENT })
@ObjectType({ description: '一窗受理 A 一窗受理 record of one person, decided by 市社会救助综合服务中心（一窗受理平台，隶属市民政局） (SOCIAL_ASSISTANCE_CENTRE). Class department.record: FORBIDDEN to other departments\' officers and to analysts.' })
@Entity('assistance_application')
@Index('assistance_application_person_idx', ['personId'])
@Index('assistance_application_decided_idx', ['decidedOn', 'id'])
@Index('assistance_application_township_idx', ['townshipCode', 'id'])
export class AssistanceApplication {
  @Field(() => ID, { description: 'Opaque identifier of the record (a UUID).' })
  @PrimaryColumn('uuid')
  id: string;

  /** the registry person (civil affairs owns the person; this is only the key) */
  @Column('uuid')
  personId: string;

  @Field(() => YuanScalar, { description: '金额 Amount granted, in yuan (exact decimal, two places).' })
  @Column('bigint', { transformer: yuanColumn })
  amount: Yuan;

  @Field(() => AssistanceApplicationStatus, { description: '状态 Status.' })
  @Column('varchar', { length: 12 })
  status: AssistanceApplicationStatus;

  @Field(() => String, { nullable: true, description: '决定日期 Date of the decision (ISO YYYY-MM-DD). Class quasi.date: null for analysts (a record date singles its person out).' })
  @Protected('quasi.date')
  @Column('date')
  decidedOn: string;

  /** township that handled the application (9-digit code): decides a caseworker's scope */
  @Column('varchar', { length: 9 })
  townshipCode: string;
}
