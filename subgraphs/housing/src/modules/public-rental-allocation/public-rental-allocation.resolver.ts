import { Arg, Args, Ctx, FieldResolver, Info, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import {
  assertFiltersAllowed, PageArgs, TownshipType, assertCountOnlyList, connectionType, listOrder, paginate,
  type ListOrderInput, type SubgraphContext,
} from '@aidgraph/subgraph-kit';
import { PersonStub } from '../person/person.stub';
import { HouseholdStub } from '../household/household.stub';
import { PublicRentalAllocation } from './public-rental-allocation.entity';
import { CorrectPublicRentalAllocationInput, PublicRentalAllocationFilter, RecordPublicRentalAllocationInput } from './public-rental-allocation.input';
import { correctPublicRentalAllocation, recordPublicRentalAllocation } from './public-rental-allocation.service';
import { applyCommonFilter } from '../common/list-filter';

@ObjectType({ description: 'A page of public rental allocations (Relay connection).' })
export class PublicRentalAllocationConnection extends connectionType(
  PublicRentalAllocation,
  'PublicRentalAllocation',
  'A page of public rental allocations.',
) {}

/** The orders of publicRentalAllocations (orderBy): each key is classified (classification.ts, PublicRentalAllocationOrder.field[KEY]). */
export const PublicRentalAllocationOrdering = listOrder('PublicRentalAllocation', {
  LEASE_START: { property: 'leaseStart', kind: 'date', description: '租期开始 By first day of the lease (ISO date order). FORBIDDEN to analysts (a count-only list for them).' },
  MONTHLY_RENT: { property: 'monthlyRent', kind: 'integer', description: '月租金 By monthly rent, compared as exact amounts (numerically). FORBIDDEN to analysts (a count-only list for them).' },
});

@Resolver(() => PublicRentalAllocation)
export class PublicRentalAllocationResolver {
  @Query(() => PublicRentalAllocationConnection, {
    nullable: true,
    description:
      '公共租赁住房配租 Public rental allocations for staff and analysts, filtered, in the order asked for (orderBy: ' + PublicRentalAllocationOrdering.summary + '; default by id, stable). A caseworker sees ' +
      'those handled in their township. BAD_USER_INPUT for a malformed filter. Analysts may only count (select totalCount alone, which answers them null: no count for them: the statistics queries answer only those who see the rows): ' +
      'FORBIDDEN with rows or cursors, as every record is a household on a noticed allocation result (配租结果公示) (class quasi.programme).',
  })
  async publicRentalAllocations(
    @Args() page: PageArgs,
    @Arg('orderBy', () => PublicRentalAllocationOrdering.input, { nullable: true, description: `The order: ${PublicRentalAllocationOrdering.summary}, ascending or descending; ties broken by id. Keys the caller may not see are FORBIDDEN.` }) orderBy: ListOrderInput | null,
    @Arg('filter', () => PublicRentalAllocationFilter, { nullable: true, description: 'Filters; all given must hold.' }) filter: PublicRentalAllocationFilter | null,
    @Ctx() ctx: SubgraphContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<PublicRentalAllocationConnection> {
    assertCountOnlyList(ctx.identity, 'Query.publicRentalAllocations', info);
    assertFiltersAllowed(ctx.identity, 'PublicRentalAllocationFilter', filter, info);
    const qb = ctx.db.getRepository(PublicRentalAllocation).createQueryBuilder('r');
    applyCommonFilter(qb, ctx, filter ?? {}, (y) => ['r.leaseStart <= :yearEnd AND r.leaseEnd >= :yearStart', { yearStart: `${y}-01-01`, yearEnd: `${y}-12-31` }]);
    return PublicRentalAllocationConnection.of(await paginate(qb, page, { ordering: PublicRentalAllocationOrdering, orderBy, identity: ctx.identity }));
  }

  @FieldResolver(() => HouseholdStub, {
    nullable: true,
    description: 'The household that holds the lease (resolved by the civil-affairs registry). ' +
      'Null when the registry has no such household or it is outside the caller\'s scope (the rest of the record, and of the list, still answers).',
  })
  household(@Root() a: PublicRentalAllocation): HouseholdStub {
    return Object.assign(new HouseholdStub(), { id: a.householdId });
  }

  @FieldResolver(() => PersonStub, {
    nullable: true,
    description: '申请人/承租人 The applicant and lessee, a member of the household (resolved by the civil-affairs registry). ' +
      'Null when the registry has no such person or the person is outside the caller\'s scope (the rest of the record, and of the list, still answers).',
  })
  applicant(@Root() a: PublicRentalAllocation): PersonStub {
    return Object.assign(new PersonStub(), { id: a.personId });
  }

  @FieldResolver(() => TownshipType, { nullable: true, description: 'The township that handled the application.' })
  township(@Root() a: PublicRentalAllocation): TownshipType | null {
    return TownshipType.of(a.townshipCode);
  }

  @Mutation(() => PublicRentalAllocation, {
    description:
      'Record a public rental allocation (housing officers). BAD_USER_INPUT for invalid fields (extensions.field names it), ' +
      'CONFLICT when the household already holds a lease or receives a rent subsidy in the lease\'s months, or the dwelling ' +
      'is let to a household then (extensions.reason says which), FORBIDDEN for other roles.',
  })
  recordPublicRentalAllocation(
    @Arg('input', () => RecordPublicRentalAllocationInput, { description: 'The allocation.' }) input: RecordPublicRentalAllocationInput,
    @Ctx() ctx: SubgraphContext,
  ): Promise<PublicRentalAllocation> {
    return recordPublicRentalAllocation(ctx, input);
  }

  @Mutation(() => PublicRentalAllocation, {
    description:
      'Correct a public rental allocation (housing officers): dwelling, area, rent, lease dates or status. NOT_FOUND for an ' +
      'unknown id; otherwise the errors of recordPublicRentalAllocation.',
  })
  correctPublicRentalAllocation(
    @Arg('input', () => CorrectPublicRentalAllocationInput, { description: 'The correction.' }) input: CorrectPublicRentalAllocationInput,
    @Ctx() ctx: SubgraphContext,
  ): Promise<PublicRentalAllocation> {
    return correctPublicRentalAllocation(ctx, input);
  }
}
