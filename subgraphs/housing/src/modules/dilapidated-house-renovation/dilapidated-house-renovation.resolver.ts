import { Arg, Args, Ctx, FieldResolver, Info, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import {
  assertFiltersAllowed, PageArgs, TownshipType, assertCountOnlyList, connectionType, listOrder, paginate,
  type ListOrderInput, type SubgraphContext,
} from '@aidgraph/subgraph-kit';
import { PersonStub } from '../person/person.stub';
import { HouseholdStub } from '../household/household.stub';
import { DilapidatedHouseRenovation } from './dilapidated-house-renovation.entity';
import {
  CorrectDilapidatedHouseRenovationInput, DilapidatedHouseRenovationFilter, RecordDilapidatedHouseRenovationInput,
} from './dilapidated-house-renovation.input';
import { correctDilapidatedHouseRenovation, recordDilapidatedHouseRenovation } from './dilapidated-house-renovation.service';
import { applyCommonFilter } from '../common/list-filter';

@ObjectType({ description: 'A page of rural dilapidated-house renovations (Relay connection).' })
export class DilapidatedHouseRenovationConnection extends connectionType(
  DilapidatedHouseRenovation,
  'DilapidatedHouseRenovation',
  'A page of rural dilapidated-house renovations.',
) {}

/** The orders of dilapidatedHouseRenovations (orderBy): each key is classified (classification.ts, DilapidatedHouseRenovationOrder.field[KEY]). */
export const DilapidatedHouseRenovationOrdering = listOrder('DilapidatedHouseRenovation', {
  ASSESSED_ON: { property: 'assessedOn', kind: 'date', description: '鉴定日期 By assessment date (ISO date order). FORBIDDEN to analysts (a count-only list for them).' },
  SUBSIDY: { property: 'subsidy', kind: 'integer', description: '补助金额 By subsidy, compared as exact amounts (numerically). FORBIDDEN to analysts (a count-only list for them).' },
});

@Resolver(() => DilapidatedHouseRenovation)
export class DilapidatedHouseRenovationResolver {
  @Query(() => DilapidatedHouseRenovationConnection, {
    nullable: true,
    description:
      '农村危房改造 Rural dilapidated-house renovations for staff and analysts, filtered, in the order asked for (orderBy: ' + DilapidatedHouseRenovationOrdering.summary + '; default by id, stable). A caseworker ' +
      'sees those handled in their township. BAD_USER_INPUT for a malformed filter. Analysts may only count (select totalCount alone, which answers them null: no count for them: the statistics queries answer only those who see the rows): ' +
      'FORBIDDEN with rows or cursors, as every record is a household noticed in its village (危房改造对象公示) (class quasi.programme).',
  })
  async dilapidatedHouseRenovations(
    @Args() page: PageArgs,
    @Arg('orderBy', () => DilapidatedHouseRenovationOrdering.input, { nullable: true, description: `The order: ${DilapidatedHouseRenovationOrdering.summary}, ascending or descending; ties broken by id. Keys the caller may not see are FORBIDDEN.` }) orderBy: ListOrderInput | null,
    @Arg('filter', () => DilapidatedHouseRenovationFilter, { nullable: true, description: 'Filters; all given must hold.' })
    filter: DilapidatedHouseRenovationFilter | null,
    @Ctx() ctx: SubgraphContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<DilapidatedHouseRenovationConnection> {
    assertCountOnlyList(ctx.identity, 'Query.dilapidatedHouseRenovations', info);
    assertFiltersAllowed(ctx.identity, 'DilapidatedHouseRenovationFilter', filter, info);
    const f = filter ?? {};
    const qb = ctx.db.getRepository(DilapidatedHouseRenovation).createQueryBuilder('r');
    applyCommonFilter(qb, ctx, f, (y) => ['r.assessedOn >= :yearStart AND r.assessedOn <= :yearEnd', { yearStart: `${y}-01-01`, yearEnd: `${y}-12-31` }]);
    if (f.grade) qb.andWhere('r.grade = :grade', { grade: f.grade });
    return DilapidatedHouseRenovationConnection.of(await paginate(qb, page, { ordering: DilapidatedHouseRenovationOrdering, orderBy, identity: ctx.identity }));
  }

  @FieldResolver(() => HouseholdStub, {
    nullable: true,
    description: 'The household whose house is renovated (resolved by the civil-affairs registry). ' +
      'Null when the registry has no such household or it is outside the caller\'s scope (the rest of the record, and of the list, still answers).',
  })
  household(@Root() r: DilapidatedHouseRenovation): HouseholdStub {
    return Object.assign(new HouseholdStub(), { id: r.householdId });
  }

  @FieldResolver(() => PersonStub, {
    nullable: true,
    description: '申请人 The applicant, a member of the household (resolved by the civil-affairs registry). ' +
      'Null when the registry has no such person or the person is outside the caller\'s scope (the rest of the record, and of the list, still answers).',
  })
  applicant(@Root() r: DilapidatedHouseRenovation): PersonStub {
    return Object.assign(new PersonStub(), { id: r.personId });
  }

  @FieldResolver(() => TownshipType, { nullable: true, description: 'The township that handled the application.' })
  township(@Root() r: DilapidatedHouseRenovation): TownshipType | null {
    return TownshipType.of(r.townshipCode);
  }

  @Mutation(() => DilapidatedHouseRenovation, {
    description:
      'Record a rural dilapidated-house renovation (housing officers). BAD_USER_INPUT for invalid fields (extensions.field ' +
      'names it; reason NOT_RURAL for an urban community\'s code), CONFLICT when the household has a renovation under way, ' +
      'FORBIDDEN for other roles. Whether the household is rural in the registry is not checked here (civil affairs owns it).',
  })
  recordDilapidatedHouseRenovation(
    @Arg('input', () => RecordDilapidatedHouseRenovationInput, { description: 'The renovation.' }) input: RecordDilapidatedHouseRenovationInput,
    @Ctx() ctx: SubgraphContext,
  ): Promise<DilapidatedHouseRenovation> {
    return recordDilapidatedHouseRenovation(ctx, input);
  }

  @Mutation(() => DilapidatedHouseRenovation, {
    description:
      'Correct a renovation (housing officers): grade, subsidy, dates or status. NOT_FOUND for an unknown id; otherwise the ' +
      'errors of recordDilapidatedHouseRenovation.',
  })
  correctDilapidatedHouseRenovation(
    @Arg('input', () => CorrectDilapidatedHouseRenovationInput, { description: 'The correction.' }) input: CorrectDilapidatedHouseRenovationInput,
    @Ctx() ctx: SubgraphContext,
  ): Promise<DilapidatedHouseRenovation> {
    return correctDilapidatedHouseRenovation(ctx, input);
  }
}
