import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { inScope, withheldAt, type SubgraphContext } from '@aidgraph/subgraph-kit';
import { PersonStub } from './person.stub';
import { DisasterRelief } from '../disaster-relief/disaster-relief.entity';
import { disasterReliefsByPersonId } from '../disaster-relief/disaster-relief.loader';

/** The fields disaster relief adds to Person. */
@Resolver(() => PersonStub)
export class PersonDisasterReliefResolver {
  @FieldResolver(() => [DisasterRelief], {
    nullable: true,
    description:
      '受灾人员救助 The disaster relief grants paid to the person as recipient (领款人; 市应急管理局), newest first, revoked ones ' +
      'included (see status); empty when there are none, null when the disaster-relief subgraph cannot answer. Relief is granted ' +
      'per household: the household\'s grants to whichever member are on Household.disasterReliefs. A caseworker sees the grants ' +
      'of their township. Empty for analysts (class quasi.programme: relief recipients are noticed, 救助对象公示; count with ' +
      'disasterReliefs(filter) { totalCount }).',
  })
  async disasterReliefs(@Root() p: PersonStub, @Ctx() ctx: SubgraphContext): Promise<DisasterRelief[]> {
    if (withheldAt(ctx.identity, 'Person.disasterReliefs')) return [];
    const rows = await disasterReliefsByPersonId(ctx).load(p.id);
    return rows.filter((r) => inScope(ctx.identity, r.townshipCode));
  }
}
