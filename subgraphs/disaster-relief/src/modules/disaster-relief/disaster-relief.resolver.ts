import { Arg, Args, Ctx, FieldResolver, Info, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import {
  PageArgs, Protected, TownshipType, assertCountOnlyList, assertFiltersAllowed, connectionType, listOrder, paginate,
  scopeWhere, type ListOrderInput, type SubgraphContext, checkUuid,
} from '@aidgraph/subgraph-kit';
import { PersonStub } from '../person/person.stub';
import { HouseholdStub } from '../household/household.stub';
import { DisasterRelief } from './disaster-relief.entity';
import { DEPARTMENT } from './disaster-relief.enums';
import { CorrectDisasterReliefInput, DisasterReliefFilter, GrantDisasterReliefInput } from './disaster-relief.input';
import { correctDisasterRelief, grantDisasterRelief } from './disaster-relief.service';
import { DisasterEvent } from '../disaster-event/disaster-event.entity';
import { disasterEventsById } from '../disaster-event/disaster-event.loader';
import { DisasterAssessment } from '../disaster-assessment/disaster-assessment.entity';
import { disasterAssessmentByEventHousehold } from '../disaster-assessment/disaster-assessment.loader';
import { checkTownship } from '../common/validation';

@ObjectType({ description: 'A page of disaster relief grants (Relay connection).' })
export class DisasterReliefConnection extends connectionType(DisasterRelief, 'DisasterRelief', 'A page of disaster relief grants.') {}

/** The orders of disasterReliefs (orderBy); each key declares the class of the value it orders by (`access`). */
export const DisasterReliefOrdering = listOrder('DisasterRelief', {
  GRANTED_ON: { property: 'grantedOn', kind: 'date', description: '发放日期 By grant date (ISO date order). FORBIDDEN to analysts.', access: { class: 'quasi.date', note: 'record dates are null for analysts: an order by date would rank the rows by it' } },
  AMOUNT: {
    property: 'amount', kind: 'integer', description: '救助金额 By amount, compared as exact amounts (numerically). FORBIDDEN to analysts (a count-only list for them).',
    access: { class: 'quasi.programme', owner: DEPARTMENT, note: 'disasterReliefs answers analysts only a bare totalCount (null whatever the count): no order but the default', outcomes: { analyst: 'countOnly' } },
  },
});

@Resolver(() => DisasterRelief)
export class DisasterReliefResolver {
  @Query(() => DisasterReliefConnection, {
    nullable: true,
    description:
      '救助发放 Disaster relief grants for staff and analysts, filtered, in the order asked for (orderBy: ' + DisasterReliefOrdering.summary +
      '; default by id, stable). A caseworker sees those of their township. Analysts may only count (select totalCount alone, which answers them null: no count for them: the statistics queries answer only those who see the rows, with the ' +
      'event, township, type and status filters): FORBIDDEN with rows or cursors, as relief recipients are noticed (救助对象公示; class ' +
      'quasi.programme). BAD_USER_INPUT for a malformed filter.',
  })
  async disasterReliefs(
    @Args() page: PageArgs,
    @Arg('orderBy', () => DisasterReliefOrdering.input, { nullable: true, description: `The order: ${DisasterReliefOrdering.summary}, ascending or descending; ties broken by id. Keys the caller may not see are FORBIDDEN.` }) orderBy: ListOrderInput | null,
    @Arg('filter', () => DisasterReliefFilter, { nullable: true, description: 'Only the grants matching all given filters.' }) filter: DisasterReliefFilter | null,
    @Ctx() ctx: SubgraphContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<DisasterReliefConnection> {
    assertCountOnlyList(ctx.identity, 'Query.disasterReliefs', info);
    assertFiltersAllowed(ctx.identity, 'DisasterReliefFilter', filter, info);
    const f = filter ?? {};
    const qb = ctx.db.getRepository(DisasterRelief).createQueryBuilder('r');
    const scope = scopeWhere(ctx.identity, { villageCode: false });
    if (scope.townshipCode) qb.andWhere('r.townshipCode = :scope', { scope: scope.townshipCode });
    if (f.townshipCode) qb.andWhere('r.townshipCode = :township', { township: checkTownship(f.townshipCode, 'filter.townshipCode') });
    if (f.eventId) qb.andWhere('r.eventId = :eventId', { eventId: checkUuid(f.eventId, 'filter.eventId') });
    if (f.reliefType) qb.andWhere('r.reliefType = :type', { type: f.reliefType });
    if (f.status) qb.andWhere('r.status = :status', { status: f.status });
    if (f.personId) qb.andWhere('r.personId = :personId', { personId: checkUuid(f.personId, 'filter.personId') });
    if (f.householdId) qb.andWhere('r.householdId = :householdId', { householdId: checkUuid(f.householdId, 'filter.householdId') });
    return DisasterReliefConnection.of(await paginate(qb, page, { ordering: DisasterReliefOrdering, orderBy, identity: ctx.identity }));
  }

  @FieldResolver(() => DisasterEvent, { nullable: true, description: '灾害事件 The disaster event the relief is for.' })
  event(@Root() r: DisasterRelief, @Ctx() ctx: SubgraphContext): Promise<DisasterEvent | null> {
    return disasterEventsById(ctx).load(r.eventId);
  }

  @FieldResolver(() => DisasterAssessment, { nullable: true, description: '核灾 The household\'s assessment for the event, on which the relief rests.' })
  assessment(@Root() r: DisasterRelief, @Ctx() ctx: SubgraphContext): Promise<DisasterAssessment | null> {
    return disasterAssessmentByEventHousehold(ctx).load(`${r.eventId}|${r.householdId}`);
  }

  @FieldResolver(() => PersonStub, {
    nullable: true,
    description:
      'The recipient (领款人, resolved by the civil-affairs registry): an active member of the household when granted, and the ' +
      'grant\'s township is the household\'s (its members\', checked against the registry), so a caseworker sees the grants, and ' +
      'the recipients, of their own township. The id is answered from the grant; the registry\'s fields of the person are answered ' +
      'by civil affairs under its own scope (an error for a recipient who has since moved to another township, nothing for an id ' +
      'the registry does not know).',
  })
  person(@Root() r: DisasterRelief): PersonStub {
    return Object.assign(new PersonStub(), { id: r.personId });
  }

  @FieldResolver(() => HouseholdStub, {
    nullable: true,
    description: 'The household relieved (resolved by the civil-affairs registry). Class quasi.fine: null for analysts (the household id links its members).',
  })
  @Protected('quasi.fine')
  household(@Root() r: DisasterRelief): HouseholdStub {
    return Object.assign(new HouseholdStub(), { id: r.householdId });
  }

  @FieldResolver(() => TownshipType, { nullable: true, description: 'The township that assessed the household.' })
  township(@Root() r: DisasterRelief): TownshipType | null {
    return TownshipType.of(r.townshipCode);
  }

  @Mutation(() => DisasterRelief, {
    description:
      'Grant a disaster relief (救助发放; EMERGENCY_MANAGEMENT officers). BAD_USER_INPUT for invalid fields (extensions.field names it: ' +
      'BEFORE_EVENT, AFTER_RELIEF_WINDOW, BEFORE_ASSESSMENT, PERIOD_TOO_LONG, NOT_APPLICABLE, AMOUNT_ABOVE_LIMIT, ...), NOT_FOUND ' +
      '(UNKNOWN_EVENT, NOT_IN_REGISTRY: the recipient or the household), BAD_USER_INPUT NOT_A_MEMBER (the recipient is not a member ' +
      'of the household in the registry), CONFLICT NOT_ASSESSED (the household is not assessed for the event), NOT_ELIGIBLE (the type ' +
      'does not fit the assessment), DUPLICATE_RELIEF (one standing grant of a type per household and event), PERSON_NOT_ACTIVE; ' +
      'FORBIDDEN for other roles. A retry with the same idempotencyKey returns the first result.',
  })
  grantDisasterRelief(@Arg('input', { description: 'The grant to record.' }) input: GrantDisasterReliefInput, @Ctx() ctx: SubgraphContext): Promise<DisasterRelief> {
    return grantDisasterRelief(ctx, input);
  }

  @Mutation(() => DisasterRelief, {
    description:
      'Correct a disaster relief grant (EMERGENCY_MANAGEMENT officers): amount, status (PAID, REVOKED), end of a transitional period. ' +
      'NOT_FOUND for an unknown id; CONFLICT ALREADY_PAID, DUPLICATE_RELIEF or NOT_ELIGIBLE when a revoked grant is reinstated that may not stand.',
  })
  correctDisasterRelief(@Arg('input', { description: 'The grant and the fields to change.' }) input: CorrectDisasterReliefInput, @Ctx() ctx: SubgraphContext): Promise<DisasterRelief> {
    return correctDisasterRelief(ctx, input);
  }
}
