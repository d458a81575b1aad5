import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { Public } from '@aidgraph/subgraph-kit';

/** 村/社区 A village (村) or community (社区): the lowest level of the three-level service network. */
@Public('a village or community of the national division codes is reference data (which village a person lives in is classified where it is reached: Person.village, quasi.fine)')
@ObjectType({ description: '村/社区 A village (村) or urban community (社区) of a township: the lowest level of the service network.' })
@Entity('village')
@Index('village_township_idx', ['townshipCode'])
export class Village {
  @Field({ description: '12-digit division code: the township code plus 3 digits.' })
  @PrimaryColumn('varchar', { length: 12 })
  code: string;

  @Field({ description: 'Name, e.g. 后屯村 or 南关社区.' })
  @Column('varchar', { length: 64 })
  name: string;

  @Column('varchar', { length: 9 })
  townshipCode: string;

  @Field({ description: 'True for an urban community (社区), false for a village (村).' })
  @Column('boolean')
  community: boolean;
}
