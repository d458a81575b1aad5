import { Arg, Args, Ctx, FieldResolver, Info, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import {
  assertFiltersAllowed, PageArgs, TownshipType, assertCountOnlyList, badInput, connectionType, listOrder,
  isTownshipCode, paginate, scopeWhere, type ListOrderInput, type SubgraphContext,
} from '@aidgraph/subgraph-kit';
import { PersonStub } from '../person/person.stub';
import { EducationAid } from './education-aid.entity';
import { CorrectEducationAidInput, EducationAidFilter, RecordEducationAidInput } from './education-aid.input';
import { correctEducationAid, recordEducationAid } from './education-aid.service';

@ObjectType({ description: 'A page of education aid records (Relay connection).' })
export class EducationAidConnection extends connectionType(EducationAid, 'EducationAid', 'A page of education aid records.') {}

/** The orders of educationAids (orderBy): each key is classified (classification.ts, EducationAidOrder.field[KEY]). */
export const EducationAidOrdering = listOrder('EducationAid', {
  APPROVED_ON: { property: 'approvedOn', kind: 'date', description: '批准日期 By approval date (ISO date order). FORBIDDEN to analysts (a count-only list for them).' },
  AMOUNT: { property: 'amount', kind: 'integer', description: '资助金额 By amount, compared as exact amounts (numerically). FORBIDDEN to analysts (a count-only list for them).' },
});

@Resolver(() => EducationAid)
export class EducationAidResolver {
  @Query(() => EducationAidConnection, {
    nullable: true,
    description:
      '教育救助 Education aid records for staff and analysts, filtered, in the order asked for (orderBy: ' + EducationAidOrdering.summary + '; default by id, stable). A caseworker sees those ' +
      'handled in their township. BAD_USER_INPUT for a malformed filter. Analysts may only count (select totalCount ' +
      'alone, any filter): FORBIDDEN with rows or cursors, as every record is a pupil on a school\'s notice (公示; class ' +
      'quasi.programme).',
  })
  async educationAids(
    @Args() page: PageArgs,
    @Arg('orderBy', () => EducationAidOrdering.input, { nullable: true, description: `The order: ${EducationAidOrdering.summary}, ascending or descending; ties broken by id. Keys the caller may not see are FORBIDDEN.` }) orderBy: ListOrderInput | null,
    @Arg('filter', () => EducationAidFilter, { nullable: true, description: 'Only the records matching all given filters.' }) filter: EducationAidFilter | null,
    @Ctx() ctx: SubgraphContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<EducationAidConnection> {
    assertCountOnlyList(ctx.identity, 'Query.educationAids', info);
    assertFiltersAllowed(ctx.identity, 'EducationAidFilter', filter, info);
    const f = filter ?? {};
    if (f.townshipCode && !isTownshipCode(f.townshipCode)) throw badInput('`townshipCode` is not a Jiaozhou township code', 'filter.townshipCode', 'UNKNOWN_TOWNSHIP');
    if (f.academicYear && !/^\d{4}-\d{4}$/.test(f.academicYear)) throw badInput('`academicYear` must look like 2025-2026', 'filter.academicYear', 'BAD_ACADEMIC_YEAR');
    const qb = ctx.db.getRepository(EducationAid).createQueryBuilder('a');
    const scope = scopeWhere(ctx.identity, { villageCode: false });
    if (scope.townshipCode) qb.andWhere('a.townshipCode = :scope', { scope: scope.townshipCode });
    if (f.townshipCode) qb.andWhere('a.townshipCode = :township', { township: f.townshipCode });
    if (f.academicYear) qb.andWhere('a.academicYear = :year', { year: f.academicYear });
    if (f.aidType) qb.andWhere('a.aidType = :aidType', { aidType: f.aidType });
    if (f.schoolStage) qb.andWhere('a.schoolStage = :stage', { stage: f.schoolStage });
    if (f.status) qb.andWhere('a.status = :status', { status: f.status });
    if (f.personId) qb.andWhere('a.personId = :personId', { personId: f.personId.toLowerCase() });
    return EducationAidConnection.of(await paginate(qb, page, { ordering: EducationAidOrdering, orderBy, identity: ctx.identity }));
  }

  @FieldResolver(() => PersonStub, {
    nullable: true,
    description:
      'The pupil or student (resolved by the civil-affairs registry). Null when the registry has no such person or the ' +
      'person is outside the caller\'s scope (the rest of the record, and of the list, still answers).',
  })
  person(@Root() a: EducationAid): PersonStub {
    return Object.assign(new PersonStub(), { id: a.personId });
  }

  @FieldResolver(() => TownshipType, { nullable: true, description: 'The township that handled the application.' })
  township(@Root() a: EducationAid): TownshipType | null {
    return TownshipType.of(a.townshipCode);
  }

  @Mutation(() => EducationAid, {
    description:
      'Record an education aid (education officers). BAD_USER_INPUT for invalid fields (extensions.field names it), ' +
      'CONFLICT when the person already has this aid for the year (concurrent requests for one person run one after the ' +
      'other), FORBIDDEN for other roles.',
  })
  recordEducationAid(@Arg('input', { description: 'The aid to record.' }) input: RecordEducationAidInput, @Ctx() ctx: SubgraphContext): Promise<EducationAid> {
    return recordEducationAid(ctx, input);
  }

  @Mutation(() => EducationAid, {
    description:
      'Correct an education aid record (education officers). NOT_FOUND for an unknown id; CONFLICT DUPLICATE_AID when a ' +
      'revoked record is reinstated while the person has another aid of that kind for that year.',
  })
  correctEducationAid(@Arg('input', { description: 'The record and the fields to change.' }) input: CorrectEducationAidInput, @Ctx() ctx: SubgraphContext): Promise<EducationAid> {
    return correctEducationAid(ctx, input);
  }
}
