import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { Protected, yuanColumn, YuanScalar, type Yuan } from '@aidgraph/subgraph-kit';

/**
 * 家庭 A household (户): the co-resident family whose income is counted together for dibao
 * (社会救助暂行办法 art. 9; members counted per the domain notes).
 */
@Directive('@key(fields: "id")')
@ObjectType({ description: '家庭 A household (户) in the civil-affairs registry: the unit whose per-capita income decides dibao.' })
@Entity('household')
@Index('household_township_idx', ['townshipCode', 'id'])
export class Household {
  @Field(() => ID, { description: 'Opaque, stable identifier (a UUID).' })
  @PrimaryColumn('uuid')
  id: string;

  @Column('varchar', { length: 9 })
  townshipCode: string;

  @Column('varchar', { length: 12 })
  villageCode: string;

  @Field(() => String, { nullable: true, description: '家庭住址 Address; null when none was given at registration. Caseworkers in scope and auditors only; null for analysts.' })
  @Protected('identifier.address')
  @Column('varchar', { length: 200, nullable: true })
  address: string | null;

  @Column('uuid')
  headId: string;

  @Field(() => YuanScalar, {
    nullable: true,
    description:
      '家庭人均月收入 Verified monthly income per member in yuan (家庭经济状况核对) (class income); null until verified (a ' +
      'household registered at the window has no verification yet). A derived figure, not a registry change: verifyHousehold ' +
      'sets it from the stored run of the latest date verified, without changing Household.version (which counts changes of ' +
      'the composition) or Household.history; its history is Household.verifications (each run with its date, figures and ' +
      'who ran it), and each change is audited. Civil affairs, caseworkers ' +
      'and auditors; FORBIDDEN for other departments\' officers; null for analysts (income figures come from aggregates).',
  })
  @Protected('income')
  @Column('bigint', { transformer: yuanColumn, nullable: true })
  perCapitaMonthlyIncome: Yuan | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Whether the household\'s assets are within the local rules (verification result) (class income: as perCapitaMonthlyIncome); null until verified. Set with perCapitaMonthlyIncome from the latest-dated run (a derived figure: history in Household.verifications).',
  })
  @Protected('income')
  @Column('boolean', { nullable: true })
  assetsWithinRules: boolean | null;

  @Protected('quasi.coarse')
  @Field({ description: 'True for an urban (community 社区) household, false for a rural (village 村) one: the standard that applies.' })
  @Column('boolean')
  urban: boolean;

  @Field(() => Int, {
    nullable: true,
    description: '版本 The version of the household\'s composition: 1 when registered, +1 with every member added or removed (class quasi.fine); null for analysts.',
  })
  @Protected('quasi.fine')
  @Column('integer', { default: 1 })
  version: number;
}
