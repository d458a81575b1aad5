import { Arg, Args, Ctx, FieldResolver, Info, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import {
  PageArgs, Protected, TownshipType, assertCountOnlyList, assertFiltersAllowed, connectionType, listOrder, paginate,
  scopeWhere, type ListOrderInput, type SubgraphContext, checkUuid,
} from '@aidgraph/subgraph-kit';
import { HouseholdStub } from '../household/household.stub';
import { DisasterAssessment } from './disaster-assessment.entity';
import { AssessDisasterHouseholdInput, CorrectDisasterAssessmentInput, DisasterAssessmentFilter } from './disaster-assessment.input';
import { assessDisasterHousehold, correctDisasterAssessment } from './disaster-assessment.service';
import { DisasterEvent } from '../disaster-event/disaster-event.entity';
import { disasterEventsById } from '../disaster-event/disaster-event.loader';
import { DEPARTMENT } from '../disaster-relief/disaster-relief.enums';
import { checkTownship } from '../common/validation';

@ObjectType({ description: 'A page of disaster assessments (Relay connection).' })
export class DisasterAssessmentConnection extends connectionType(DisasterAssessment, 'DisasterAssessment', 'A page of disaster assessments.') {}

/** The orders of disasterAssessments (orderBy); each key declares the class of the value it orders by (`access`). */
export const DisasterAssessmentOrdering = listOrder('DisasterAssessment', {
  ASSESSED_ON: { property: 'assessedOn', kind: 'date', description: '核灾日期 By assessment date (ISO date order). FORBIDDEN to analysts.', access: { class: 'quasi.date', note: 'record dates are null for analysts: an order by date would rank the rows by it' } },
  PEOPLE_AFFECTED: {
    property: 'peopleAffected', kind: 'integer', description: '受灾人数 By people affected. FORBIDDEN to analysts (a count-only list for them).',
    access: { class: 'quasi.programme', owner: DEPARTMENT, note: 'disasterAssessments answers analysts only a bare totalCount (null whatever the count): no order but the default', outcomes: { analyst: 'countOnly' } },
  },
});

@Resolver(() => DisasterAssessment)
export class DisasterAssessmentResolver {
  @Query(() => DisasterAssessmentConnection, {
    nullable: true,
    description:
      '受灾家庭核灾 Disaster assessments of households for staff and analysts, filtered, in the order asked for (orderBy: ' +
      DisasterAssessmentOrdering.summary + '; default by id, stable). A caseworker sees those of their township. ' +
      'Analysts may only count (select totalCount alone, which answers them null: no count for them: the statistics queries answer only those who see the rows): FORBIDDEN with rows ' +
      'or cursors, as every assessed household is on a village notice (公示; class quasi.programme). BAD_USER_INPUT for a malformed filter.',
  })
  async disasterAssessments(
    @Args() page: PageArgs,
    @Arg('orderBy', () => DisasterAssessmentOrdering.input, { nullable: true, description: `The order: ${DisasterAssessmentOrdering.summary}, ascending or descending; ties broken by id. Keys the caller may not see are FORBIDDEN.` }) orderBy: ListOrderInput | null,
    @Arg('filter', () => DisasterAssessmentFilter, { nullable: true, description: 'Only the assessments matching all given filters.' }) filter: DisasterAssessmentFilter | null,
    @Ctx() ctx: SubgraphContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<DisasterAssessmentConnection> {
    assertCountOnlyList(ctx.identity, 'Query.disasterAssessments', info);
    assertFiltersAllowed(ctx.identity, 'DisasterAssessmentFilter', filter, info);
    const f = filter ?? {};
    const qb = ctx.db.getRepository(DisasterAssessment).createQueryBuilder('a');
    const scope = scopeWhere(ctx.identity, { villageCode: false });
    if (scope.townshipCode) qb.andWhere('a.townshipCode = :scope', { scope: scope.townshipCode });
    if (f.townshipCode) qb.andWhere('a.townshipCode = :township', { township: checkTownship(f.townshipCode, 'filter.townshipCode') });
    if (f.eventId) qb.andWhere('a.eventId = :eventId', { eventId: checkUuid(f.eventId, 'filter.eventId') });
    if (f.householdId) qb.andWhere('a.householdId = :householdId', { householdId: checkUuid(f.householdId, 'filter.householdId') });
    if (f.damageLevel) qb.andWhere('a.damageLevel = :damage', { damage: f.damageLevel });
    return DisasterAssessmentConnection.of(await paginate(qb, page, { ordering: DisasterAssessmentOrdering, orderBy, identity: ctx.identity }));
  }

  @FieldResolver(() => DisasterEvent, { nullable: true, description: '灾害事件 The disaster event the household was assessed for.' })
  event(@Root() a: DisasterAssessment, @Ctx() ctx: SubgraphContext): Promise<DisasterEvent | null> {
    return disasterEventsById(ctx).load(a.eventId);
  }

  @FieldResolver(() => HouseholdStub, {
    nullable: true,
    description: 'The household assessed (resolved by the civil-affairs registry). Class quasi.fine: null for analysts (the household id links its members).',
  })
  @Protected('quasi.fine')
  household(@Root() a: DisasterAssessment): HouseholdStub {
    return Object.assign(new HouseholdStub(), { id: a.householdId });
  }

  @FieldResolver(() => TownshipType, { nullable: true, description: 'The township that assessed the household.' })
  township(@Root() a: DisasterAssessment): TownshipType | null {
    return TownshipType.of(a.townshipCode);
  }

  @Mutation(() => DisasterAssessment, {
    description:
      'Record the assessment of a household for a disaster event (核灾; EMERGENCY_MANAGEMENT officers). BAD_USER_INPUT for invalid ' +
      'fields (extensions.field names it: TOWNSHIP_NOT_AFFECTED, NOT_THE_HOUSEHOLDS_TOWNSHIP, BEFORE_EVENT, OUTSIDE_EVENT_WINDOW, ' +
      'ABOVE_HOUSEHOLD_SIZE, DEATHS_ABOVE_AFFECTED, ...), NOT_FOUND UNKNOWN_EVENT or NOT_IN_REGISTRY (no such household in the ' +
      'civil-affairs registry), REGISTRY_UNAVAILABLE when the registry cannot be asked, CONFLICT DUPLICATE_ASSESSMENT when the household is assessed for the event already, FORBIDDEN for other roles. ' +
      'A retry with the same idempotencyKey returns the first result.',
  })
  assessDisasterHousehold(@Arg('input', { description: 'The assessment to record.' }) input: AssessDisasterHouseholdInput, @Ctx() ctx: SubgraphContext): Promise<DisasterAssessment> {
    return assessDisasterHousehold(ctx, input);
  }

  @Mutation(() => DisasterAssessment, {
    description:
      'Correct a disaster assessment (复核; EMERGENCY_MANAGEMENT officers). NOT_FOUND for an unknown id; BAD_USER_INPUT ' +
      'ABOVE_HOUSEHOLD_SIZE for more people affected than the registry household had on the event\'s start; CONFLICT RELIEF_STANDS when a ' +
      'standing relief of the household for the event would lose its ground (revoke it first).',
  })
  correctDisasterAssessment(@Arg('input', { description: 'The assessment and the fields to change.' }) input: CorrectDisasterAssessmentInput, @Ctx() ctx: SubgraphContext): Promise<DisasterAssessment> {
    return correctDisasterAssessment(ctx, input);
  }
}
