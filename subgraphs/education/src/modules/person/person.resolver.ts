import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { inScope, type SubgraphContext } from '@aidgraph/subgraph-kit';
import { PersonStub } from './person.stub';
import { EducationAid } from '../education-aid/education-aid.entity';
import { educationAidsByPersonId } from '../education-aid/education-aid.loader';

/** The fields education adds to Person. */
@Resolver(() => PersonStub)
export class PersonEducationResolver {
  @FieldResolver(() => [EducationAid], {
    nullable: true,
    description:
      '教育救助 The person\'s education aid records (教育体育局), newest academic year first; empty when there are none, ' +
      'null when the education subgraph cannot answer. A caseworker sees the records handled in their township.',
  })
  async educationAids(@Root() p: PersonStub, @Ctx() ctx: SubgraphContext): Promise<EducationAid[]> {
    const rows = await educationAidsByPersonId(ctx).load(p.id);
    return rows.filter((r) => inScope(ctx.identity, r.townshipCode));
  }
}
