import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { yuanColumn, YuanScalar, type Yuan, Public } from '@aidgraph/subgraph-kit';
import { CharityProjectStatus } from './charity-project.enums';

/**
 * 慈善项目 A charity project of the charity federation (慈善总会): the fund that donations (捐赠) go into and charity
 * grants (慈善救助金) come out of. Its totals (received, granted, balance) are not stored: they are summed from the
 * records (charity-project.totals.ts), so they always agree with them.
 */
@Public('a charity project is announced publicly with its accounts (慈善法: 信息公开); it names no beneficiary')
@ObjectType({
  description:
    '慈善项目 A charity project of the charity federation (市慈善总会): a purpose, the groups it is for, a budget and a period. ' +
    'Donations (捐赠) fund it, charity grants (慈善救助金) are paid from it; its received, granted and balance totals are ' +
    'summed from those records. Charity is the supplement (社会力量参与) of the assistance system of 胶政发〔2020〕106号.',
})
@Entity('charity_project')
@Index('charity_project_status_idx', ['status', 'id'])
export class CharityProject {
  @Field(() => ID, { description: 'Opaque identifier of the project (a UUID).' })
  @PrimaryColumn('uuid')
  id: string;

  @Field({ description: '项目名称 Name of the project (1-100 characters), e.g. 慈善助学金.' })
  @Column('varchar', { length: 100 })
  name: string;

  @Field({ description: '项目宗旨 Purpose: what the project pays for and for whom (1-500 characters).' })
  @Column('varchar', { length: 500 })
  purpose: string;

  @Field(() => YuanScalar, {
    description:
      '预算 Planned spending of the project in yuan. A plan, not a limit: what may be granted is limited by the balance ' +
      '(received minus granted).',
  })
  @Column('bigint', { transformer: yuanColumn })
  budget: Yuan;

  @Field({ description: '开始日期 First day of the project (ISO YYYY-MM-DD). Donations and grants are dated within the period.' })
  @Column('date')
  startDate: string;

  @Field({ description: '结束日期 Last day of the project (ISO YYYY-MM-DD), on or after the start date.' })
  @Column('date')
  endDate: string;

  @Field(() => CharityProjectStatus, { description: '项目状态 OPEN or CLOSED (结项).' })
  @Column('varchar', { length: 12 })
  status: CharityProjectStatus;

  @Field(() => String, { nullable: true, description: '结项日期 Date the project was closed (ISO), null while open.' })
  @Column('date', { nullable: true })
  closedOn: string | null;
}
