import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { withheldAt, type SubgraphContext } from '@aidgraph/subgraph-kit';
import { HouseholdStub } from './household.stub';
import { HousingAssistance } from '../housing-assistance/housing-assistance.type';

/** The field housing adds to Household. */
@Resolver(() => HouseholdStub)
export class HouseholdHousingResolver {
  @FieldResolver(() => HousingAssistance, {
    nullable: true,
    description:
      '住房救助 The household\'s housing assistance (市房产服务中心 / 市城乡建设局): its current rent subsidy, current public rental ' +
      'allocation and latest renovation, and their history. Never null for the other roles when the housing subgraph answers (its fields are then ' +
      'null or empty lists for a household without records); null when it cannot answer. Null for analysts (class ' +
      'quasi.programme: public rental allocations, rent subsidies and renovation households are noticed, 公示, so a record ' +
      'singles the household out; count with rentSubsidies(filter) { totalCount } and the like).',
  })
  housingAssistance(@Root() h: HouseholdStub, @Ctx() ctx: SubgraphContext): HousingAssistance | null {
    if (withheldAt(ctx.identity, 'Household.housingAssistance')) return null;
    // no database access here: the fields of HousingAssistance load through DataLoaders keyed by household
    return HousingAssistance.ofHousehold(h.id);
  }
}
