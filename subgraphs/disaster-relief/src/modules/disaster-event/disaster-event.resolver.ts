import { Arg, Args, Ctx, FieldResolver, ID, Info, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import {
  PageArgs, Public, TownshipType, assertFiltersAllowed, badInput, connectionType, listOrder, paginate, type ListOrderInput, type SubgraphContext, checkUuid,
} from '@aidgraph/subgraph-kit';
import { DisasterEvent } from './disaster-event.entity';
import { CorrectDisasterEventInput, DisasterEventFilter, RecordDisasterEventInput } from './disaster-event.input';
import { correctDisasterEvent, recordDisasterEvent } from './disaster-event.service';
import { disasterEventsById } from './disaster-event.loader';
import { checkTownship } from '../common/validation';

@ObjectType({ description: 'A page of disaster events (Relay connection).' })
export class DisasterEventConnection extends connectionType(DisasterEvent, 'DisasterEvent', 'A page of disaster events.') {}

const PUBLIC_KEY = { class: 'public' as const, note: 'disaster events are announced publicly' };

/** The orders of disasterEvents (orderBy); every key is public, as the events are. */
export const DisasterEventOrdering = listOrder('DisasterEvent', {
  START_DATE: { property: 'startDate', kind: 'date', description: '开始日期 By start date (ISO date order).', access: PUBLIC_KEY },
  NAME: { property: 'name', kind: 'string', description: '灾害名称 By name (Unicode code point order).', access: PUBLIC_KEY },
});

@Resolver(() => DisasterEvent)
export class DisasterEventResolver {
  @Query(() => DisasterEventConnection, {
    nullable: true,
    description:
      '灾害事件 The disaster events recorded, filtered, in the order asked for (orderBy: ' + DisasterEventOrdering.summary +
      '; default by id, stable). Public: every role, analysts included, sees them (an event names no one). BAD_USER_INPUT for a malformed filter.',
  })
  @Public('disaster events are announced publicly and name no person or household')
  async disasterEvents(
    @Args() page: PageArgs,
    @Arg('orderBy', () => DisasterEventOrdering.input, { nullable: true, description: `The order: ${DisasterEventOrdering.summary}, ascending or descending; ties broken by id.` }) orderBy: ListOrderInput | null,
    @Arg('filter', () => DisasterEventFilter, { nullable: true, description: 'Only the events matching all given filters.' }) filter: DisasterEventFilter | null,
    @Ctx() ctx: SubgraphContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<DisasterEventConnection> {
    assertFiltersAllowed(ctx.identity, 'DisasterEventFilter', filter, info);
    const f = filter ?? {};
    const qb = ctx.db.getRepository(DisasterEvent).createQueryBuilder('e');
    if (f.townshipCode) {
      checkTownship(f.townshipCode, 'filter.townshipCode');
      // codes are 9 digits, comma-separated: a code matches only itself
      qb.andWhere("(',' || e.affectedTownshipCodes || ',') LIKE :code", { code: `%,${f.townshipCode},%` });
    }
    if (f.hazardType) qb.andWhere('e.hazardType = :hazard', { hazard: f.hazardType });
    if (f.year != null) {
      if (!Number.isInteger(f.year) || f.year < 2000 || f.year > 2099) throw badInput('`year` must be a year between 2000 and 2099', 'filter.year', 'BAD_YEAR');
      qb.andWhere('e.startDate >= :from AND e.startDate <= :to', { from: `${f.year}-01-01`, to: `${f.year}-12-31` });
    }
    return DisasterEventConnection.of(await paginate(qb, page, { ordering: DisasterEventOrdering, orderBy, identity: ctx.identity }));
  }

  @Query(() => DisasterEvent, { nullable: true, description: '灾害事件 One disaster event by id; null when there is none. Public.' })
  @Public('disaster events are announced publicly and name no person or household')
  disasterEvent(@Arg('id', () => ID, { description: 'The event\'s id.' }) id: string, @Ctx() ctx: SubgraphContext): Promise<DisasterEvent | null> {
    return disasterEventsById(ctx).load(checkUuid(id, 'id'));
  }

  @FieldResolver(() => [TownshipType], { description: '受灾乡镇 The townships affected, by code. Households are assessed only there.' })
  affectedTownships(@Root() e: DisasterEvent): TownshipType[] {
    return e.affectedTownshipCodes.map((c) => TownshipType.of(c)).filter((t): t is TownshipType => t !== null);
  }

  @Mutation(() => DisasterEvent, {
    description:
      'Record a disaster event (EMERGENCY_MANAGEMENT officers). BAD_USER_INPUT for invalid fields (extensions.field names it, e.g. ' +
      'input.affectedTownshipCodes[1]), CONFLICT DUPLICATE_EVENT when another event has the name, FORBIDDEN for other roles. ' +
      'A retry with the same idempotencyKey returns the first result.',
  })
  recordDisasterEvent(@Arg('input', { description: 'The event to record.' }) input: RecordDisasterEventInput, @Ctx() ctx: SubgraphContext): Promise<DisasterEvent> {
    return recordDisasterEvent(ctx, input);
  }

  @Mutation(() => DisasterEvent, {
    description:
      'Correct a disaster event (EMERGENCY_MANAGEMENT officers): its name, end date, response level or affected townships. NOT_FOUND ' +
      'for an unknown id; CONFLICT DUPLICATE_EVENT for a name in use, TOWNSHIP_HAS_ASSESSMENTS when a township with assessments would be removed.',
  })
  correctDisasterEvent(@Arg('input', { description: 'The event and the fields to change.' }) input: CorrectDisasterEventInput, @Ctx() ctx: SubgraphContext): Promise<DisasterEvent> {
    return correctDisasterEvent(ctx, input);
  }
}
