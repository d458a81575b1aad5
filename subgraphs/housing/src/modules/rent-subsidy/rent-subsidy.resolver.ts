import { Arg, Args, Ctx, FieldResolver, Info, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import {
  assertFiltersAllowed, PageArgs, TownshipType, assertCountOnlyList, connectionType, listOrder, paginate,
  type ListOrderInput, type SubgraphContext,
} from '@aidgraph/subgraph-kit';
import { PersonStub } from '../person/person.stub';
import { HouseholdStub } from '../household/household.stub';
import { RentSubsidy } from './rent-subsidy.entity';
import { CorrectRentSubsidyInput, RecordRentSubsidyInput, RentSubsidyFilter } from './rent-subsidy.input';
import { correctRentSubsidy, recordRentSubsidy } from './rent-subsidy.service';
import { applyCommonFilter } from '../common/list-filter';

@ObjectType({ description: 'A page of rent subsidies (Relay connection).' })
export class RentSubsidyConnection extends connectionType(RentSubsidy, 'RentSubsidy', 'A page of rent subsidies.') {}

/** The orders of rentSubsidies (orderBy): each key is classified (classification.ts, RentSubsidyOrder.field[KEY]). */
export const RentSubsidyOrdering = listOrder('RentSubsidy', {
  START_MONTH: { property: 'startMonth', kind: 'month', description: '起始月份 By first month (YYYY-MM order). FORBIDDEN to analysts (a count-only list for them).' },
  MONTHLY_AMOUNT: { property: 'monthlyAmount', kind: 'integer', description: '月补贴金额 By monthly amount, compared as exact amounts (numerically). FORBIDDEN to analysts (a count-only list for them).' },
});

@Resolver(() => RentSubsidy)
export class RentSubsidyResolver {
  @Query(() => RentSubsidyConnection, {
    nullable: true,
    description:
      '租赁补贴 Rent subsidies for staff and analysts, filtered, in the order asked for (orderBy: ' + RentSubsidyOrdering.summary + '; default by id, stable). A caseworker sees those handled in ' +
      'their township. BAD_USER_INPUT for a malformed filter. Analysts may only count (select totalCount alone, which answers them null: no count for them: the statistics queries answer only those who see the rows): ' +
      'FORBIDDEN with rows or cursors, as every record is a household on the housing centre\'s published list (class quasi.programme).',
  })
  async rentSubsidies(
    @Args() page: PageArgs,
    @Arg('orderBy', () => RentSubsidyOrdering.input, { nullable: true, description: `The order: ${RentSubsidyOrdering.summary}, ascending or descending; ties broken by id. Keys the caller may not see are FORBIDDEN.` }) orderBy: ListOrderInput | null,
    @Arg('filter', () => RentSubsidyFilter, { nullable: true, description: 'Filters; all given must hold.' }) filter: RentSubsidyFilter | null,
    @Ctx() ctx: SubgraphContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<RentSubsidyConnection> {
    assertCountOnlyList(ctx.identity, 'Query.rentSubsidies', info);
    assertFiltersAllowed(ctx.identity, 'RentSubsidyFilter', filter, info);
    const qb = ctx.db.getRepository(RentSubsidy).createQueryBuilder('r');
    applyCommonFilter(qb, ctx, filter ?? {}, (y) => ['r.startMonth <= :yearEnd AND r.endMonth >= :yearStart', { yearStart: `${y}-01`, yearEnd: `${y}-12` }]);
    return RentSubsidyConnection.of(await paginate(qb, page, { ordering: RentSubsidyOrdering, orderBy, identity: ctx.identity }));
  }

  @FieldResolver(() => HouseholdStub, {
    nullable: true,
    description: 'The household that receives the subsidy (resolved by the civil-affairs registry). ' +
      'Null when the registry has no such household or it is outside the caller\'s scope (the rest of the record, and of the list, still answers).',
  })
  household(@Root() s: RentSubsidy): HouseholdStub {
    return Object.assign(new HouseholdStub(), { id: s.householdId });
  }

  @FieldResolver(() => PersonStub, {
    nullable: true,
    description: '申请人 The applicant, a member of the household (resolved by the civil-affairs registry). ' +
      'Null when the registry has no such person or the person is outside the caller\'s scope (the rest of the record, and of the list, still answers).',
  })
  applicant(@Root() s: RentSubsidy): PersonStub {
    return Object.assign(new PersonStub(), { id: s.personId });
  }

  @FieldResolver(() => TownshipType, { nullable: true, description: 'The township that handled the application.' })
  township(@Root() s: RentSubsidy): TownshipType | null {
    return TownshipType.of(s.townshipCode);
  }

  @Mutation(() => RentSubsidy, {
    description:
      'Record a rent subsidy (housing officers). BAD_USER_INPUT for invalid fields (extensions.field names it), CONFLICT when ' +
      'the household already has an active or overlapping subsidy or holds a public rental lease in the period ' +
      '(extensions.reason says which), FORBIDDEN for other roles.',
  })
  recordRentSubsidy(
    @Arg('input', () => RecordRentSubsidyInput, { description: 'The subsidy.' }) input: RecordRentSubsidyInput,
    @Ctx() ctx: SubgraphContext,
  ): Promise<RentSubsidy> {
    return recordRentSubsidy(ctx, input);
  }

  @Mutation(() => RentSubsidy, {
    description: 'Correct a rent subsidy (housing officers): amount, period or status. NOT_FOUND for an unknown id; otherwise the errors of recordRentSubsidy.',
  })
  correctRentSubsidy(
    @Arg('input', () => CorrectRentSubsidyInput, { description: 'The correction.' }) input: CorrectRentSubsidyInput,
    @Ctx() ctx: SubgraphContext,
  ): Promise<RentSubsidy> {
    return correctRentSubsidy(ctx, input);
  }
}
