import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { Protected, yuanColumn, YuanScalar, type Yuan } from '@aidgraph/subgraph-kit';
import { DilapidatedHouseGrade, DilapidatedHouseRenovationStatus } from './dilapidated-house-renovation.enums';

/** 农村危房改造 The renovation of a rural household's dilapidated house, with its assessment and subsidy. */
// class quasi.programme for every field without its own rule: renovation households are noticed (公示)
@Protected('quasi.programme')
@ObjectType({
  description:
    '农村危房改造 A rural dilapidated-house renovation: the house of a rural household in difficulty, assessed as grade C or D ' +
    '(农村危险房屋鉴定技术导则（试行）), repaired or rebuilt with a one-off subsidy (补助资金) from the housing and urban-rural ' +
    'construction bureau (市城乡建设局). Rural households only (a village committee 村民委员会, not an urban community).',
})
@Entity('dilapidated_house_renovation')
@Index('renovation_household_idx', ['householdId'])
@Index('renovation_person_idx', ['personId'])
@Index('renovation_township_idx', ['townshipCode', 'id'])
export class DilapidatedHouseRenovation {
  @Field(() => ID, { description: 'Opaque identifier of the record (a UUID).' })
  @PrimaryColumn('uuid')
  id: string;

  /** the household whose house is renovated (registry id) */
  @Column('uuid')
  householdId: string;

  /** the applicant (申请人), a member of the household (registry id) */
  @Column('uuid')
  personId: string;

  @Field({ description: '村 12-digit code of the village (村民委员会) where the house stands; its last three digits are 200-399 or 500-599.' })
  @Column('varchar', { length: 12 })
  villageCode: string;

  @Field(() => DilapidatedHouseGrade, { description: '危房等级 Assessed grade of the house (C or D).' })
  @Column('varchar', { length: 1 })
  grade: DilapidatedHouseGrade;

  @Field(() => YuanScalar, { description: '补助资金 One-off renovation subsidy, in yuan.' })
  @Column('bigint', { transformer: yuanColumn })
  subsidy: Yuan;

  @Field(() => String, { nullable: true, description: '鉴定日期 Date of the assessment (ISO). Class quasi.date: null for analysts (a record date singles its person out).' })
  @Protected('quasi.date')
  @Column('date')
  assessedOn: string;

  @Field(() => String, { nullable: true, description: '竣工日期 Date the works were finished and accepted (ISO); null until COMPLETED. Class quasi.date: null for analysts (a record date singles its person out).' })
  @Protected('quasi.date')
  @Column('date', { nullable: true })
  completedOn: string | null;

  @Field(() => DilapidatedHouseRenovationStatus, { description: '状态 Status.' })
  @Column('varchar', { length: 12 })
  status: DilapidatedHouseRenovationStatus;

  /** township that handled the application (9-digit code): the household's township */
  @Column('varchar', { length: 9 })
  townshipCode: string;
}
