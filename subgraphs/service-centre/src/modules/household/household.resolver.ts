import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { withheldAt, type SubgraphContext } from '@aidgraph/subgraph-kit';
import { HouseholdStub } from './household.stub';
import { AssistanceApplication } from '../application/application.entity';
import { applicationsByHouseholdId } from '../application/application.loader';
import { applicationInScope, assertMayReadApplications } from '../application/application.service';

/** The fields service-centre adds to Household. */
@Resolver(() => HouseholdStub)
export class HouseholdServiceCentreResolver {
  @FieldResolver(() => [AssistanceApplication], {
    nullable: true,
    description:
      '救助申请 The applications made for the household, newest first; empty when there are none, null when the service-centre subgraph ' +
      'cannot answer. Class application, as Person.applications.',
  })
  async applications(@Root() h: HouseholdStub, @Ctx() ctx: SubgraphContext): Promise<AssistanceApplication[]> {
    assertMayReadApplications(ctx.identity);
    if (withheldAt(ctx.identity, 'Household.applications')) return [];
    const rows = await applicationsByHouseholdId(ctx).load(h.id);
    return rows.filter((r) => applicationInScope(ctx.identity, r));
  }
}
