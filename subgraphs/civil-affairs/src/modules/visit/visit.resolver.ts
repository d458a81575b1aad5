import { Arg, Args, Ctx, Field, FieldResolver, Info, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { In } from 'typeorm';
import {
  PageArgs, Protected, addCalendarDays, assertCountOnlyList, badInput, listOrder, clockToday, connectionType, defineLoader, forbidden, groupedByKey, isTownshipCode, outcomeFor, paginate, scopeQuery,
  type ListOrderInput, type SubgraphContext,
} from '@aidgraph/subgraph-kit';
import type { GraphQLResolveInfo } from 'graphql';
import { Household } from '../household/household.entity';
import { CadrePairing, RecipientVisit } from './visit.entity';
import { CompleteVisitFollowUpInput, EndCadrePairingInput, RecordRecipientVisitInput, StartCadrePairingInput } from './visit.input';
import { VISIT_CLASS, VisitCategory, visitIntervals } from './visit.policy';
import { completeVisitFollowUp, endCadrePairing, recipientCondition, recordRecipientVisit, startCadrePairing } from './visit.service';

/** Each household's visits, newest first. One SELECT per batch. */
const visitsByHouseholdId = defineLoader<string, RecipientVisit[]>(async (ids, ctx) => {
  const rows = await ctx.db.getRepository(RecipientVisit).find({ where: { householdId: In([...ids]) }, order: { visitedOn: 'DESC', id: 'ASC' } });
  return groupedByKey(ids, rows, (r) => r.householdId);
});

/** Each household's pairings, newest first. One SELECT per batch. */
const pairingsByHouseholdId = defineLoader<string, CadrePairing[]>(async (ids, ctx) => {
  const rows = await ctx.db.getRepository(CadrePairing).find({ where: { householdId: In([...ids]) }, order: { fromDate: 'DESC', id: 'ASC' } });
  return groupedByKey(ids, rows, (r) => r.householdId);
});

/** 待探访家庭 A recipient household not visited within its interval. */
@Protected(VISIT_CLASS)
@ObjectType({ description: '待探访家庭 A recipient household with no visit within its interval (householdsNotVisited). Class visit.' })
export class HouseholdVisitDue {
  /** the household's id, township and village: the row's scope and audit owner */
  householdId: string;
  townshipCode: string;
  villageCode: string;
  row: Household;

  @Field(() => VisitCategory, { description: '探访类别 TEKUN when a member has tekun in force today, else DIBAO.' })
  category: VisitCategory;

  @Field(() => Int, { description: '探访周期 The interval applied, in days (withinDays, else the category\'s configured interval).' })
  intervalDays: number;

  @Field(() => String, { nullable: true, description: '最近探访日期 The date of the latest visit (ISO date, older than the interval); null when never visited.' })
  lastVisitedOn: string | null;
}

/** The orders of householdsNotVisited (orderBy): by id (default) or by village, to plan the rounds. */
export const HouseholdVisitDueOrdering = listOrder('HouseholdVisitDue', {
  VILLAGE: { property: 'villageCode', kind: 'string', description: '村/社区 By the household\'s 12-digit village code (a village\'s households together).', access: { class: VISIT_CLASS } },
});

@ObjectType({ description: 'A page of households not visited within their interval (Relay connection).' })
export class HouseholdVisitDueConnection extends connectionType(HouseholdVisitDue, 'HouseholdVisitDue', 'A page of recipient households due a visit (待探访家庭).') {}

@Resolver(() => HouseholdVisitDue)
export class HouseholdVisitDueResolver {
  @FieldResolver(() => Household, { description: '家庭 The household (its own fields keep their classes).' })
  household(@Root() d: HouseholdVisitDue): Household {
    return d.row;
  }
}

/** Visits and pairings, added to Household, with the not-visited list and the mutations. */
@Resolver(() => Household)
export class HouseholdVisitResolver {
  @FieldResolver(() => [RecipientVisit], { nullable: true, description: '探访记录 The visits to the household, newest first (class visit: FORBIDDEN to other departments and analysts). Visits and pairings are recorded for marginal households too (NOT_A_RECIPIENT_HOUSEHOLD counts MARGINAL), so their presence tells a village assistant no more than the MARGINAL enrolment it sees of a single-person-coverage member (单人保 stays collapsed).' })
  @Protected(VISIT_CLASS)
  async recipientVisits(@Root() h: Household, @Ctx() ctx: SubgraphContext): Promise<RecipientVisit[]> {
    return visitsByHouseholdId(ctx).load(h.id);
  }

  @FieldResolver(() => [CadrePairing], { nullable: true, description: '结对帮扶 The household\'s cadre pairings, newest first; at most one active (toDate null). Class visit.' })
  @Protected(VISIT_CLASS)
  async cadrePairings(@Root() h: Household, @Ctx() ctx: SubgraphContext): Promise<CadrePairing[]> {
    return pairingsByHouseholdId(ctx).load(h.id);
  }

  @Query(() => HouseholdVisitDueConnection, {
    nullable: true,
    description:
      '待探访家庭 The recipient households of a township (a member with DIBAO or TEKUN in force today: ACTIVE or PHASING_OUT, within its ' +
      'dates) with no visit within the interval: no visit on or after today minus the interval (a visit exactly that many days ago counts). ' +
      'The interval: `withinDays` when given (1-366), else per household VISIT_INTERVAL_TEKUN_DAYS (default 30: monthly) when a member ' +
      'has tekun, VISIT_INTERVAL_DIBAO_DAYS (default 90: quarterly) otherwise. By household id, cursor-paginated. 单人保: for a caller who ' +
      'sees class health.enrolment collapsed (the village assistant) a single-person-coverage DIBAO (a member\'s DIBAO overlapping a MARGINAL ' +
      'enrolment of the same person) does not count, as Person.enrolments shows it as MARGINAL: a household whose only dibao is single-' +
      'person coverage is a marginal household to that caller and is not listed (its caseworkers list it). Scoped: a ' +
      'caseworker or approver asks for its own township (FORBIDDEN for another), a village assistant gets its village\'s, civil-affairs ' +
      'officers and auditors any. orderBy: ' + HouseholdVisitDueOrdering.summary + '. Class visit: FORBIDDEN to other departments and the public; analysts may select only totalCount, answered null.',
  })
  async householdsNotVisited(
    @Arg('townshipCode', () => String, { nullable: true, description: '乡镇/街道 The 9-digit township code; omitted: the caller\'s own township (caseworkers, approvers, village assistants), the whole city for civil-affairs officers and auditors.' }) townshipCode: string | null,
    @Arg('withinDays', () => Int, { nullable: true, description: '天数 The interval in days for every household (1-366); default: per category (see above).' }) withinDays: number | null,
    @Args() page: PageArgs,
    @Arg('orderBy', () => HouseholdVisitDueOrdering.input, { nullable: true, description: `The order: ${HouseholdVisitDueOrdering.summary}; ties broken by id.` }) orderBy: ListOrderInput | null,
    @Ctx() ctx: SubgraphContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<HouseholdVisitDueConnection> {
    const identity = ctx.identity;
    // analysts: a bare totalCount at most, answered null (count only, kit classification: Query.householdsNotVisited)
    assertCountOnlyList(identity, 'Query.householdsNotVisited', info);
    if (outcomeFor(identity, VISIT_CLASS, { coordinate: 'Query.householdsNotVisited' }) === 'FORBIDDEN') throw forbidden('visits (class visit) are for the township\'s staff, the village assistant, civil affairs and auditors');
    const local = identity.role === 'caseworker' || identity.role === 'township_approver' || identity.role === 'village_assistant';
    if (townshipCode != null && !isTownshipCode(townshipCode)) throw badInput('`townshipCode` is not a Jiaozhou township code', 'townshipCode', 'UNKNOWN_TOWNSHIP');
    if (local && townshipCode != null && identity.township !== townshipCode) throw forbidden('you may list the households of your own township only');
    const township = townshipCode ?? (local ? identity.township ?? null : null);
    if (withinDays != null && (!Number.isInteger(withinDays) || withinDays < 1 || withinDays > 366)) throw badInput('`withinDays` must be 1-366', 'withinDays', 'OUT_OF_RANGE');
    const intervals = visitIntervals();
    const today = clockToday();
    const tekunDays = withinDays ?? intervals.VISIT_INTERVAL_TEKUN_DAYS;
    const dibaoDays = withinDays ?? intervals.VISIT_INTERVAL_DIBAO_DAYS;
    const tekun = recipientCondition('h', ['TEKUN'], 'today');
    const qb = ctx.db.getRepository(Household).createQueryBuilder('h');
    if (township != null) qb.where('h.townshipCode = :townshipCode', { townshipCode: township });
    scopeQuery(qb, 'h', identity, { villageCode: true });
    // 单人保: a caller who sees class health.enrolment collapsed (the village assistant) sees a single-person-coverage
    // DIBAO as MARGINAL (Person.enrolments): the list follows what it sees, so a household whose only dibao is single-person
    // coverage is a marginal household to it and is not listed (marginal households are not on this list); a household
    // with another member's (visible) DIBAO or a TEKUN is listed as before. The township's caseworkers and civil affairs,
    // who see the enrolments as they are, list it (DIBAO, quarterly) and plan its visits.
    const collapsed = outcomeFor(identity, 'health.enrolment') === 'collapsed';
    qb.andWhere(recipientCondition('h', ['DIBAO', 'TEKUN'], 'today', collapsed), { today });
    // each cutoff compared with the date column directly (a CASE of two parameters would be text on PostgreSQL)
    const visitedSince = (param: string) => `EXISTS (SELECT 1 FROM recipient_visit rv WHERE rv."householdId" = h.id AND rv."visitedOn" >= :${param})`;
    qb.andWhere(
      `((${tekun} AND NOT ${visitedSince('tekunCutoff')}) OR (NOT ${tekun} AND NOT ${visitedSince('dibaoCutoff')}))`,
      { tekunCutoff: addCalendarDays(today, -tekunDays), dibaoCutoff: addCalendarDays(today, -dibaoDays) },
    );
    const found = await paginate(qb, page, { ordering: HouseholdVisitDueOrdering, orderBy, identity, list: 'householdsNotVisited' });
    const ids = found.edges.map((e) => e.node.id);
    const tekunIds = new Set<string>();
    const last = new Map<string, string>();
    if (ids.length) {
      const t = await ctx.db.getRepository(Household).createQueryBuilder('h').select('h.id', 'id').where('h.id IN (:...ids)', { ids }).andWhere(tekun, { today }).getRawMany<{ id: string }>();
      for (const r of t) tekunIds.add(String(r.id));
      const v = await ctx.db.getRepository(RecipientVisit).createQueryBuilder('v').select('v.householdId', 'householdId').addSelect('MAX(v.visitedOn)', 'last')
        .where('v.householdId IN (:...ids)', { ids }).groupBy('v.householdId').getRawMany<{ householdId: string; last: string | Date }>();
      for (const r of v) last.set(String(r.householdId), typeof r.last === 'string' ? r.last.slice(0, 10) : new Date(r.last).toISOString().slice(0, 10));
    }
    return HouseholdVisitDueConnection.of({
      ...found,
      edges: found.edges.map((e) => {
        const isTekun = tekunIds.has(e.node.id);
        return {
          cursor: e.cursor,
          node: Object.assign(new HouseholdVisitDue(), {
            householdId: e.node.id, townshipCode: e.node.townshipCode, villageCode: e.node.villageCode, row: e.node,
            category: isTekun ? VisitCategory.TEKUN : VisitCategory.DIBAO, intervalDays: isTekun ? tekunDays : dibaoDays, lastVisitedOn: last.get(e.node.id) ?? null,
          }),
        };
      }),
    });
  }

  @Mutation(() => RecipientVisit, {
    description:
      '探访 Record a visit to a recipient household (who: the caller, a staff subject; when; findings; follow-up): caseworkers of the ' +
      'household\'s township, the village assistant of its village (FORBIDDEN for other roles, before any lookup). CONFLICT NOT_A_RECIPIENT_HOUSEHOLD when no member ' +
      'had DIBAO, TEKUN or MARGINAL in force on the visit\'s date; NOT_FOUND for an unknown household and for one outside the caller\'s township or village (the same answer: it does not tell that the id exists). A retry with the same idempotencyKey ' +
      'returns the first record. Audited.',
  })
  recordRecipientVisit(@Arg('input', { description: 'The visit.' }) input: RecordRecipientVisitInput, @Ctx() ctx: SubgraphContext): Promise<RecipientVisit> {
    return recordRecipientVisit(ctx, input);
  }

  @Mutation(() => RecipientVisit, { description: '跟进完成 The follow-up of a visit done (expectedVersion; CONFLICT NO_FOLLOW_UP, FOLLOW_UP_DONE, STALE_VERSION). The roles that record visits; NOT_FOUND for an unknown visit and for one outside the caller\'s township or village alike. Audited.' })
  completeVisitFollowUp(@Arg('input', { description: 'The follow-up.' }) input: CompleteVisitFollowUpInput, @Ctx() ctx: SubgraphContext): Promise<RecipientVisit> {
    return completeVisitFollowUp(ctx, input);
  }

  @Mutation(() => CadrePairing, {
    description:
      '结对帮扶 Pair a cadre (staff) with a recipient household: caseworkers of its township, civil-affairs officers. One active pairing per household ' +
      '(CONFLICT ACTIVE_PAIRING_EXISTS); CONFLICT NOT_A_RECIPIENT_HOUSEHOLD; NOT_FOUND for an unknown household and for one outside the caller\'s township alike. A retry with the same idempotencyKey returns the first record. Audited.',
  })
  startCadrePairing(@Arg('input', { description: 'The pairing.' }) input: StartCadrePairingInput, @Ctx() ctx: SubgraphContext): Promise<CadrePairing> {
    return startCadrePairing(ctx, input);
  }

  @Mutation(() => CadrePairing, { description: '结束结对 End a pairing (toDate; expectedVersion; CONFLICT PAIRING_ENDED, STALE_VERSION). The roles that pair; NOT_FOUND for an unknown pairing and for one outside the caller\'s township alike. Audited.' })
  endCadrePairing(@Arg('input', { description: 'The end.' }) input: EndCadrePairingInput, @Ctx() ctx: SubgraphContext): Promise<CadrePairing> {
    return endCadrePairing(ctx, input);
  }
}
