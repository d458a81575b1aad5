import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { Protected, Decimal, yuanColumn, YuanScalar, type Yuan } from '@aidgraph/subgraph-kit';
import { RentSubsidyStatus } from './rent-subsidy.enums';
import { monthsInclusive } from '../common/checks';

/** 租赁补贴 A monthly rent subsidy paid to a household that rents on the market, for a period of whole months. */
// class quasi.programme for every field without its own rule: rent subsidy recipients are noticed (公示)
@Protected('quasi.programme')
@ObjectType({
  description:
    '租赁补贴 A rent subsidy: a monthly cash allowance (货币补贴) paid by the housing department (市房产服务中心) to a ' +
    'household in difficulty that rents its home on the market, for a period of whole calendar months (at most 12; a ' +
    'renewal after the yearly review is a new record). A household receives at most one at a time, and none for a month ' +
    'in which it holds a public rental lease (公共租赁住房实物配租与租赁补贴不得同时享受).',
})
@Entity('rent_subsidy')
@Index('rent_subsidy_household_idx', ['householdId'])
@Index('rent_subsidy_person_idx', ['personId'])
@Index('rent_subsidy_township_idx', ['townshipCode', 'id'])
export class RentSubsidy {
  @Field(() => ID, { description: 'Opaque identifier of the record (a UUID).' })
  @PrimaryColumn('uuid')
  id: string;

  /** the household that receives the subsidy (registry id; civil affairs owns the household) */
  @Column('uuid')
  householdId: string;

  /** the applicant (申请人), a member of the household (registry id) */
  @Column('uuid')
  personId: string;

  @Field(() => YuanScalar, { description: '月补贴金额 Amount paid for each month of the period, in yuan.' })
  @Column('bigint', { transformer: yuanColumn })
  monthlyAmount: Yuan;

  @Field(() => String, { nullable: true, description: '起始月份 First month of the period, "YYYY-MM". Class quasi.date: null for analysts (a record date singles its person out).' })
  @Protected('quasi.date')
  @Column('varchar', { length: 7 })
  startMonth: string;

  @Field(() => String, { nullable: true, description: '终止月份 Last month of the period (inclusive), "YYYY-MM"; not before the first. Class quasi.date: null for analysts (a record date singles its person out).' })
  @Protected('quasi.date')
  @Column('varchar', { length: 7 })
  endMonth: string;

  @Field(() => RentSubsidyStatus, { description: '状态 Status.' })
  @Column('varchar', { length: 12 })
  status: RentSubsidyStatus;

  /** township that handled the application (9-digit code): the household's township */
  @Column('varchar', { length: 9 })
  townshipCode: string;

  @Field(() => Int, { description: 'Number of months in the period (start and end month included).' })
  months(): number {
    return monthsInclusive(this.startMonth, this.endMonth);
  }

  @Field(() => YuanScalar, { description: '期间补贴总额 Amount over the whole period in yuan: the monthly amount times the months (exact).' })
  periodTotal(): Yuan {
    return new Decimal(this.monthlyAmount).times(this.months()).toFixed(2);
  }
}
