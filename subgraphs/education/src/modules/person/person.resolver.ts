import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { inScope, withheldAt, type SubgraphContext } from '@aidgraph/subgraph-kit';
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
      'null when the education subgraph cannot answer. A caseworker sees the records handled in their township. Empty for ' +
      'analysts (class quasi.programme: education aid recipients are noticed at their school, 公示, so a record singles the ' +
      'pupil out; count with educationAids(filter) { totalCount }).',
  })
  async educationAids(@Root() p: PersonStub, @Ctx() ctx: SubgraphContext): Promise<EducationAid[]> {
    if (withheldAt(ctx.identity, 'Person.educationAids')) return [];
    const rows = await educationAidsByPersonId(ctx).load(p.id);
    return rows.filter((r) => inScope(ctx.identity, r.townshipCode));
  }
}
