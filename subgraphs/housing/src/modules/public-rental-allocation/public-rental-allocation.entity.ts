import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { Protected, Decimal, yuan, yuanColumn, YuanScalar, type Yuan } from '@aidgraph/subgraph-kit';
import { PublicRentalAllocationStatus } from './public-rental-allocation.enums';
import { floorAreaColumn, FloorAreaScalar, type FloorArea } from '../common/floor-area';
import { ProtectedDwellingAddress } from '../common/dwelling-address.rule';

/** 公共租赁住房配租 A public rental dwelling let to a household under a lease. */
// class quasi.programme for every field without its own rule: allocation results are noticed (配租结果公示)
@Protected('quasi.programme')
@ObjectType({
  description:
    '公共租赁住房配租 A public rental housing allocation (实物配租): a dwelling of the public rental stock let to a household ' +
    'in housing difficulty at a rent below the market, under a lease of at most 5 years (公共租赁住房管理办法, 住房和城乡建设部令' +
    '第11号). A household holds at most one lease at a time, receives no rent subsidy in a month of its lease, and a dwelling ' +
    'is let to one household at a time.',
})
@Entity('public_rental_allocation')
@Index('public_rental_household_idx', ['householdId'])
@Index('public_rental_person_idx', ['personId'])
@Index('public_rental_township_idx', ['townshipCode', 'id'])
@Index('public_rental_dwelling_idx', ['dwellingAddress'])
export class PublicRentalAllocation {
  @Field(() => ID, { description: 'Opaque identifier of the record (a UUID).' })
  @PrimaryColumn('uuid')
  id: string;

  /** the household that holds the lease (registry id) */
  @Column('uuid')
  householdId: string;

  /** the applicant (申请人) and lessee, a member of the household (registry id) */
  @Column('uuid')
  personId: string;

  @Field(() => String, {
    nullable: true,
    description:
      '房源地址 Address of the dwelling (estate, building, unit, room). Where the household lives: housing officers, caseworkers ' +
      'in scope and auditors see it; analysts get null; other departments\' officers are refused (FORBIDDEN).',
  })
  @ProtectedDwellingAddress()
  @Column('varchar', { length: 200 })
  dwellingAddress: string;

  @Field(() => FloorAreaScalar, { description: '建筑面积 Floor area of the dwelling in square metres (exact, two decimals).' })
  @Column('integer', { transformer: floorAreaColumn })
  area: FloorArea;

  @Field(() => YuanScalar, { description: '月租金 Monthly rent the household pays, in yuan.' })
  @Column('bigint', { transformer: yuanColumn })
  monthlyRent: Yuan;

  @Field(() => String, { nullable: true, description: '租赁起始日 First day of the lease (ISO date). Class quasi.date: null for analysts (a record date singles its person out).' })
  @Protected('quasi.date')
  @Column('date')
  leaseStart: string;

  @Field(() => String, { nullable: true, description: '租赁终止日 Last day of the lease (ISO date): the contract\'s end, or the day the household moved out. Class quasi.date: null for analysts (a record date singles its person out).' })
  @Protected('quasi.date')
  @Column('date')
  leaseEnd: string;

  @Field(() => PublicRentalAllocationStatus, { description: '状态 Status.' })
  @Column('varchar', { length: 12 })
  status: PublicRentalAllocationStatus;

  /** township that handled the application (9-digit code): the household's township */
  @Column('varchar', { length: 9 })
  townshipCode: string;

  @Field(() => YuanScalar, { description: '每平方米月租金 Monthly rent per square metre of floor area, in yuan (exact, rounded half-up to the fen).' })
  rentPerSquareMetre(): Yuan {
    return yuan(new Decimal(this.monthlyRent).dividedBy(this.area));
  }
}
