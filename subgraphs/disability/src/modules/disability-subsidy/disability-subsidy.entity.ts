import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { Protected, yuanColumn, YuanScalar, type Yuan } from '@aidgraph/subgraph-kit';
import {
  DisabilitySubsidyDifficulty, DisabilitySubsidyEndReason, DisabilitySubsidyKind, DisabilitySubsidyStatus,
} from './disability-subsidy.enums';

/** 残疾人两项补贴 One grant of a disability subsidy (living or nursing), paid monthly from `startDate`. */
// class health.disability for every field without its own rule
@Protected('health.disability')
@ObjectType({
  description:
    '残疾人两项补贴 A grant of one of the two disability subsidies (困难残疾人生活补贴 or 重度残疾人护理补贴, 国发〔2015〕52号), ' +
    'paid monthly by the disabled persons\' federation (市残联) from its start until it ends.',
})
@Entity('disability_subsidy')
@Index('disability_subsidy_person_idx', ['personId'])
@Index('disability_subsidy_township_idx', ['townshipCode', 'id'])
@Index('disability_subsidy_kind_idx', ['kind', 'status', 'id'])
export class DisabilitySubsidy {
  @Field(() => ID, { description: 'Opaque identifier of the grant (a UUID).' })
  @PrimaryColumn('uuid')
  id: string;

  /** the registry person (civil affairs owns the person; this is only the key) */
  @Column('uuid')
  personId: string;

  @Field(() => DisabilitySubsidyKind, { description: '补贴类别 Which of the two subsidies.' })
  @Column('varchar', { length: 8 })
  kind: DisabilitySubsidyKind;

  @Field(() => DisabilitySubsidyDifficulty, {
    nullable: true,
    description:
      '困难情形 The difficulty the living subsidy rests on; null for the nursing subsidy. Null for analysts (class ' +
      'quasi.programme: DIBAO/TEKUN/MARGINAL is the civil-affairs category, published on public notices, 公示).',
  })
  @Protected('quasi.programme')
  @Column('varchar', { length: 16, nullable: true })
  difficulty: DisabilitySubsidyDifficulty | null;

  @Field(() => YuanScalar, {
    description:
      '月补贴额 Monthly amount in yuan, from the configured rate table (DISABILITY_SUBSIDY_RATES_FILE) for the holder\'s ' +
      'grade, in force on the later of `startDate` and the day of the grant; for a grant recorded as already ended (a ' +
      'roster of past grants), on its end date: the rate it was last paid at, whatever today\'s rate is.',
  })
  @Column('bigint', { transformer: yuanColumn })
  monthlyAmount: Yuan;

  @Field(() => String, { nullable: true, description: '起始日期 First day of the subsidy, ISO YYYY-MM-DD (paid from that month). Class quasi.date: null for analysts (a record date singles its person out).' })
  @Protected('quasi.date')
  @Column('date')
  startDate: string;

  @Field(() => String, { nullable: true, description: '停发日期 Last day of the subsidy (ISO), null while ACTIVE. Class quasi.date: null for analysts (a record date singles its person out).' })
  @Protected('quasi.date')
  @Column('date', { nullable: true })
  endDate: string | null;

  @Field(() => DisabilitySubsidyStatus, { description: '补贴状态 Status.' })
  @Column('varchar', { length: 8 })
  status: DisabilitySubsidyStatus;

  @Field(() => DisabilitySubsidyEndReason, { nullable: true, description: '停发原因 Why it ended, null while ACTIVE.' })
  @Column('varchar', { length: 24, nullable: true })
  endReason: DisabilitySubsidyEndReason | null;

  /** township that handled the application (9-digit code) */
  @Column('varchar', { length: 9 })
  townshipCode: string;
}
