import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { Protected, yuanColumn, YuanScalar, type Yuan } from '@aidgraph/subgraph-kit';
import { RehabilitationProgramme, RehabilitationServiceKind, RehabilitationServiceStatus } from './rehabilitation-service.enums';

/** 康复救助 One rehabilitation service paid for by the federation. */
// class health.disability for every field without its own rule
@Protected('health.disability')
@ObjectType({
  description:
    '康复救助 A rehabilitation service (training, assistive device, surgery or medication) paid for by the disabled persons\' ' +
    'federation (市残联) under one of its programmes, provided by a designated institution (定点康复机构).',
})
@Entity('rehabilitation_service')
@Index('rehabilitation_service_person_idx', ['personId'])
@Index('rehabilitation_service_township_idx', ['townshipCode', 'id'])
@Index('rehabilitation_service_programme_idx', ['programme', 'id'])
export class RehabilitationService {
  @Field(() => ID, { description: 'Opaque identifier of the record (a UUID).' })
  @PrimaryColumn('uuid')
  id: string;

  /** the registry person (civil affairs owns the person; this is only the key) */
  @Column('uuid')
  personId: string;

  @Field(() => RehabilitationProgramme, { description: '救助项目 The programme that pays.' })
  @Column('varchar', { length: 28 })
  programme: RehabilitationProgramme;

  @Field(() => RehabilitationServiceKind, { description: '服务类型 Kind of service.' })
  @Column('varchar', { length: 24 })
  kind: RehabilitationServiceKind;

  @Field({ description: '服务机构 The designated institution providing the service (1-100 characters).' })
  @Column('varchar', { length: 100 })
  provider: string;

  @Field(() => String, { nullable: true, description: '开始日期 First day of the service, ISO YYYY-MM-DD. Class quasi.date: null for analysts (a record date singles its person out).' })
  @Protected('quasi.date')
  @Column('date')
  startDate: string;

  @Field(() => String, { nullable: true, description: '结束日期 Last day of the service (ISO), null while open. Class quasi.date: null for analysts (a record date singles its person out).' })
  @Protected('quasi.date')
  @Column('date', { nullable: true })
  endDate: string | null;

  @Field(() => YuanScalar, { description: '救助金额 Amount the programme pays for the service, in yuan.' })
  @Column('bigint', { transformer: yuanColumn })
  amount: Yuan;

  @Field(() => RehabilitationServiceStatus, { description: '服务状态 Status.' })
  @Column('varchar', { length: 12 })
  status: RehabilitationServiceStatus;

  /** township that handled the application (9-digit code) */
  @Column('varchar', { length: 9 })
  townshipCode: string;
}
