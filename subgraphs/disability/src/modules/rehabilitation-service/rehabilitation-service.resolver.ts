import { Arg, Args, Ctx, FieldResolver, Info, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import {
  assertCountOnlyList, assertFiltersAllowed, PageArgs, TownshipType, assertMayReadDepartment, connectionType,
  listOrder, paginate, scopeWhere, type ListOrderInput, type SubgraphContext, checkUuid,
} from '@aidgraph/subgraph-kit';
import { PersonStub } from '../person/person.stub';
import { RehabilitationService } from './rehabilitation-service.entity';
import { CorrectRehabilitationServiceInput, RecordRehabilitationServiceInput, RehabilitationServiceFilter } from './rehabilitation-service.input';
import { correctRehabilitationService, recordRehabilitationService } from './rehabilitation-service.service';
import { DEPARTMENT } from '../disability-certificate/disability-certificate.entity';
import { checkTownship } from '../common/validation';

@ObjectType({ description: 'A page of rehabilitation services (Relay connection).' })
export class RehabilitationServiceConnection extends connectionType(RehabilitationService, 'RehabilitationService', 'A page of rehabilitation services.') {}

/** The orders of rehabilitationServices (orderBy): each key is classified (classification.ts, RehabilitationServiceOrder.field[KEY]). */
export const RehabilitationServiceOrdering = listOrder('RehabilitationService', {
  START_DATE: { property: 'startDate', kind: 'date', description: '开始日期 By first day of the service (ISO date order). FORBIDDEN to analysts (dates are null for them).' },
  AMOUNT: { property: 'amount', kind: 'integer', description: '救助金额 By amount, compared as exact amounts (numerically).' },
});

@Resolver(() => RehabilitationService)
export class RehabilitationServiceResolver {
  @Query(() => RehabilitationServiceConnection, {
    nullable: true,
    description:
      '康复救助 Rehabilitation services, filtered, in the order asked for (orderBy: ' + RehabilitationServiceOrdering.summary + '; default by id, stable). A caseworker sees those handled in their ' +
      'township. BAD_USER_INPUT for a malformed filter; FORBIDDEN for other departments\' officers (a service reveals a ' +
      'disability). Analysts may only count (select totalCount alone, which answers them null: no count for them: the statistics queries answer only those who see the rows; coarse filters): ' +
      'FORBIDDEN with rows or cursors, as a record links a disability to a person whom (gender, age band, township) singles ' +
      'out (class health.disability).',
  })
  async rehabilitationServices(
    @Args() page: PageArgs,
    @Arg('orderBy', () => RehabilitationServiceOrdering.input, { nullable: true, description: `The order: ${RehabilitationServiceOrdering.summary}, ascending or descending; ties broken by id. Keys the caller may not see are FORBIDDEN.` }) orderBy: ListOrderInput | null,
    @Arg('filter', () => RehabilitationServiceFilter, { nullable: true, description: 'Filters; all given must hold.' }) filter: RehabilitationServiceFilter | null,
    @Ctx() ctx: SubgraphContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<RehabilitationServiceConnection> {
    assertMayReadDepartment(ctx.identity, DEPARTMENT);
    assertCountOnlyList(ctx.identity, 'Query.rehabilitationServices', info);
    assertFiltersAllowed(ctx.identity, 'RehabilitationServiceFilter', filter, info);
    const f = filter ?? {};
    const qb = ctx.db.getRepository(RehabilitationService).createQueryBuilder('r');
    const scope = scopeWhere(ctx.identity, { villageCode: false });
    if (scope.townshipCode) qb.andWhere('r.townshipCode = :scope', { scope: scope.townshipCode });
    if (f.townshipCode) qb.andWhere('r.townshipCode = :township', { township: checkTownship(f.townshipCode, 'filter.townshipCode') });
    if (f.programme) qb.andWhere('r.programme = :programme', { programme: f.programme });
    if (f.kind) qb.andWhere('r.kind = :kind', { kind: f.kind });
    if (f.status) qb.andWhere('r.status = :status', { status: f.status });
    if (f.personId) qb.andWhere('r.personId = :personId', { personId: checkUuid(f.personId, 'filter.personId') });
    return RehabilitationServiceConnection.of(await paginate(qb, page, { ordering: RehabilitationServiceOrdering, orderBy, identity: ctx.identity }));
  }

  @FieldResolver(() => PersonStub, { nullable: true, description: 'The person served (resolved by the civil-affairs registry). Null when the registry has no such person or the person is outside the caller\'s scope (the rest of the record, and of the list, still answers).' })
  person(@Root() r: RehabilitationService): PersonStub {
    return Object.assign(new PersonStub(), { id: r.personId });
  }

  @FieldResolver(() => TownshipType, { nullable: true, description: 'The township that handled the application.' })
  township(@Root() r: RehabilitationService): TownshipType | null {
    return TownshipType.of(r.townshipCode);
  }

  @Mutation(() => RehabilitationService, {
    description:
      'Record a rehabilitation service (federation officers). BAD_USER_INPUT for invalid fields or an unmet rule ' +
      '(extensions.field and reason name it), CONFLICT for a duplicate, FORBIDDEN for other roles.',
  })
  recordRehabilitationService(
    @Arg('input', { description: 'The service.' }) input: RecordRehabilitationServiceInput,
    @Ctx() ctx: SubgraphContext,
  ): Promise<RehabilitationService> {
    return recordRehabilitationService(ctx, input);
  }

  @Mutation(() => RehabilitationService, {
    description: 'Correct a rehabilitation service or record its progress (federation officers). NOT_FOUND for an unknown id.',
  })
  correctRehabilitationService(
    @Arg('input', { description: 'The record and the fields to change.' }) input: CorrectRehabilitationServiceInput,
    @Ctx() ctx: SubgraphContext,
  ): Promise<RehabilitationService> {
    return correctRehabilitationService(ctx, input);
  }
}
