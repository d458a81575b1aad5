import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { inScope, withheldAt, type SubgraphContext } from '@aidgraph/subgraph-kit';
import { HouseholdStub } from './household.stub';
import { DisasterRelief } from '../disaster-relief/disaster-relief.entity';
import { disasterReliefsByHouseholdId } from '../disaster-relief/disaster-relief.loader';
import { DisasterAssessment } from '../disaster-assessment/disaster-assessment.entity';
import { disasterAssessmentsByHouseholdId } from '../disaster-assessment/disaster-assessment.loader';

/** The fields disaster relief adds to Household. */
@Resolver(() => HouseholdStub)
export class HouseholdDisasterReliefResolver {
  @FieldResolver(() => [DisasterAssessment], {
    nullable: true,
    description:
      '受灾家庭核灾 The household\'s disaster assessments (市应急管理局), newest first; empty when there are none, null when the ' +
      'disaster-relief subgraph cannot answer. A caseworker sees those of their township. Empty for analysts (class quasi.programme: ' +
      'the assessed households are noticed in the village, 公示).',
  })
  async disasterAssessments(@Root() h: HouseholdStub, @Ctx() ctx: SubgraphContext): Promise<DisasterAssessment[]> {
    if (withheldAt(ctx.identity, 'Household.disasterAssessments')) return [];
    const rows = await disasterAssessmentsByHouseholdId(ctx).load(h.id);
    return rows.filter((r) => inScope(ctx.identity, r.townshipCode));
  }

  @FieldResolver(() => [DisasterRelief], {
    nullable: true,
    description:
      '救助发放 The household\'s disaster relief grants, whoever the recipient, newest first, revoked ones included; empty when there ' +
      'are none, null when the disaster-relief subgraph cannot answer. A caseworker sees those of their township. Empty for analysts ' +
      '(class quasi.programme: relief recipients are noticed, 救助对象公示).',
  })
  async disasterReliefs(@Root() h: HouseholdStub, @Ctx() ctx: SubgraphContext): Promise<DisasterRelief[]> {
    if (withheldAt(ctx.identity, 'Household.disasterReliefs')) return [];
    const rows = await disasterReliefsByHouseholdId(ctx).load(h.id);
    return rows.filter((r) => inScope(ctx.identity, r.townshipCode));
  }
}
