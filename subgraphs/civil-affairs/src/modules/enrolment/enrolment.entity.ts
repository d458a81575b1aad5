import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { Protected, yuanColumn, YuanScalar, type Yuan } from '@aidgraph/subgraph-kit';
import { AmountPeriod, CivilAffairsProgramme, EnrolmentStatus } from '../common/enums';

/**
 * 救助记录 A person's enrolment in a civil-affairs programme (dibao, tekun, marginal, temporary), with its dates and amount.
 * The township is where the case is handled (the township of registration, per the application procedure).
 */
@ObjectType({ description: '救助记录 A person\'s enrolment in a civil-affairs programme (低保, 特困, 低保边缘, 临时救助).' })
@Entity('enrolment')
@Index('enrolment_person_idx', ['personId'])
@Index('enrolment_programme_idx', ['programme', 'status', 'personId'])
export class Enrolment {
  @Field(() => ID, { description: 'Opaque identifier of the enrolment (a UUID).' })
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  personId: string;

  @Field(() => CivilAffairsProgramme, { description: 'The programme.' })
  @Column('varchar', { length: 16 })
  programme: CivilAffairsProgramme;

  @Field(() => EnrolmentStatus, { description: 'Current status.' })
  @Column('varchar', { length: 16 })
  status: EnrolmentStatus;

  @Field(() => String, {
    nullable: true,
    description: '开始日期 First day of assistance (ISO date) (class quasi.date). Analysts see the year only (YYYY): household members share it.',
  })
  @Protected('quasi.date')
  @Column('date')
  startDate: string;

  @Field(() => String, {
    nullable: true,
    description: '结束日期 Last day of assistance (ISO date); null while it goes on (class quasi.date). Analysts see the year only (YYYY).',
  })
  @Protected('quasi.date')
  @Column('date', { nullable: true })
  endDate: string | null;

  @Field(() => YuanScalar, {
    nullable: true,
    description:
      '金额 Amount in yuan: per month for DIBAO and TEKUN (dibao: standard minus per-capita income), once for TEMPORARY, ' +
      '0.00 for MARGINAL. Class income, for every programme (a dibao amount recovers the household\'s income): civil ' +
      'affairs, caseworkers in scope and auditors; FORBIDDEN for other departments\' officers; null for analysts.',
  })
  @Protected('income')
  @Column('bigint', { transformer: yuanColumn })
  amount: Yuan;

  @Protected('quasi.programme') // a one-off amount is a temporary assistance: the programme
  @Field(() => AmountPeriod, { description: 'Whether the amount is monthly, one-off or none.' })
  @Column('varchar', { length: 8 })
  amountPeriod: AmountPeriod;

  @Column('varchar', { length: 9 })
  townshipCode: string;
}

/** 救助对象标签 A covered-group tag on a person (one row per person and group). */
@Entity('person_covered_group')
@Index('covered_group_group_idx', ['coveredGroup', 'personId'])
export class PersonCoveredGroup {
  @PrimaryColumn('uuid')
  personId: string;

  @PrimaryColumn('varchar', { length: 40 })
  coveredGroup: string;
}
