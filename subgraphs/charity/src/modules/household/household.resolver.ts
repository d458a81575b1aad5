import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Protected, inScope, withheldAt, type SubgraphContext } from '@aidgraph/subgraph-kit';
import { HouseholdStub } from './household.stub';
import { CharityGrant } from '../charity-grant/charity-grant.entity';
import { CHARITY_FEDERATION } from '../charity-project/charity-project.service';
import { charityGrantsByHouseholdId } from '../charity-grant/charity-grant.loader';

/** The fields the charity federation adds to Household. */
@Resolver(() => HouseholdStub)
export class HouseholdCharityResolver {
  @FieldResolver(() => [CharityGrant], {
    nullable: true,
    description:
      '慈善救助金 The charity grants (慈善救助, 市慈善总会) made to the household as a whole (e.g. 冬季送温暖), newest first, ' +
      'withdrawn ones included (see status); empty when there are none, null when the charity subgraph cannot answer. ' +
      'Grants to single members are on Person.charityGrants. A caseworker sees the grants handled in their township. ' +
      'Sensitive as a whole (a grant\'s project or reason may name an illness or a disability): FORBIDDEN for other ' +
      'departments\' officers; empty for analysts (a grant\'s project and amount give the category and the age: ' +
      'classification health.charity); every read is noted in the audit log.',
  })
  @Protected({ sensitiveOf: CHARITY_FEDERATION })
  async charityGrants(@Root() h: HouseholdStub, @Ctx() ctx: SubgraphContext): Promise<CharityGrant[]> {
    if (withheldAt(ctx.identity, 'Household.charityGrants')) return [];
    const rows = await charityGrantsByHouseholdId(ctx).load(h.id);
    return rows.filter((r) => inScope(ctx.identity, r.townshipCode));
  }
}
