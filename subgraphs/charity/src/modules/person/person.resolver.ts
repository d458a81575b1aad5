import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Protected, inScope, withheldAt, type SubgraphContext } from '@aidgraph/subgraph-kit';
import { PersonStub } from './person.stub';
import { CharityGrant } from '../charity-grant/charity-grant.entity';
import { CHARITY_FEDERATION } from '../charity-project/charity-project.service';
import { charityGrantsByPersonId } from '../charity-grant/charity-grant.loader';

/** The fields the charity federation adds to Person. */
@Resolver(() => PersonStub)
export class PersonCharityResolver {
  @FieldResolver(() => [CharityGrant], {
    nullable: true,
    description:
      '慈善救助金 The charity grants (慈善救助, 市慈善总会) made to the person, newest first, withdrawn ones included (see ' +
      'status); empty when there are none, null when the charity subgraph cannot answer. Grants to the person\'s household ' +
      'as a whole are on Household.charityGrants. A caseworker sees the grants handled in their township. ' +
      'Sensitive as a whole (a grant\'s project or reason may name an illness or a disability): FORBIDDEN for other ' +
      'departments\' officers; empty for analysts (a grant\'s project and amount give the category and the age: ' +
      'classification health.charity); every read is noted in the audit log.',
  })
  @Protected({ sensitiveOf: CHARITY_FEDERATION })
  async charityGrants(@Root() p: PersonStub, @Ctx() ctx: SubgraphContext): Promise<CharityGrant[]> {
    if (withheldAt(ctx.identity, 'Person.charityGrants')) return [];
    const rows = await charityGrantsByPersonId(ctx).load(p.id);
    return rows.filter((r) => inScope(ctx.identity, r.townshipCode));
  }
}
