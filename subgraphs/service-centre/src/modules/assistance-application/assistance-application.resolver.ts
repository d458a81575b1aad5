import { Arg, Args, Ctx, FieldResolver, Info, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import {
  PageArgs, Protected, TownshipType, assertFiltersAllowed, badInput, connectionType, isTownshipCode, listOrder,
  paginate, scopeWhere, type ListOrderInput, type SubgraphContext,
} from '@aidgraph/subgraph-kit';
import { PersonStub } from '../person/person.stub';
import { AssistanceApplication } from './assistance-application.entity';
import { DEPARTMENT } from './assistance-application.enums';
import { CorrectAssistanceApplicationInput, AssistanceApplicationFilter, RecordAssistanceApplicationInput } from './assistance-application.input';
import { correctAssistanceApplication, recordAssistanceApplication } from './assistance-application.service';

@ObjectType({ description: 'A page of 一窗受理 records (Relay connection).' })
export class AssistanceApplicationConnection extends connectionType(AssistanceApplication, 'AssistanceApplication', 'A page of 一窗受理 records.') {}

/** The orders of applications (orderBy); each key declares the class of the value it orders by (`access`). */
export const AssistanceApplicationOrdering = listOrder('AssistanceApplication', {
  DECIDED_ON: { property: 'decidedOn', kind: 'date', description: '决定日期 By decision date (ISO date order).', access: { class: 'quasi.date', note: 'record dates are null for analysts: an order by date would rank the rows by it' } },
  AMOUNT: { property: 'amount', kind: 'integer', description: '金额 By amount, compared as exact amounts (numerically).', access: { class: 'department.record', owner: DEPARTMENT } },
});

@Resolver(() => AssistanceApplication)
export class AssistanceApplicationResolver {
  @Query(() => AssistanceApplicationConnection, {
    nullable: true,
    description:
      '一窗受理 一窗受理 records for staff, filtered, in the order asked for (orderBy: ' + AssistanceApplicationOrdering.summary + '; default by id, stable). ' +
      'A caseworker sees those handled in their township. BAD_USER_INPUT for a malformed filter. Class department.record: ' +
      'FORBIDDEN to other departments\' officers and to analysts.',
  })
  @Protected({ class: 'department.record', owner: DEPARTMENT })
  async applications(
    @Args() page: PageArgs,
    @Arg('orderBy', () => AssistanceApplicationOrdering.input, { nullable: true, description: `The order: ${ AssistanceApplicationOrdering.summary }, ascending or descending; ties broken by id.` }) orderBy: ListOrderInput | null,
    @Arg('filter', () => AssistanceApplicationFilter, { nullable: true, description: 'Only the records matching all given filters.' }) filter: AssistanceApplicationFilter | null,
    @Ctx() ctx: SubgraphContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<AssistanceApplicationConnection> {
    assertFiltersAllowed(ctx.identity, 'AssistanceApplicationFilter', filter, info);
    const f = filter ?? {};
    if (f.townshipCode && !isTownshipCode(f.townshipCode)) throw badInput('`townshipCode` is not a Jiaozhou township code', 'filter.townshipCode', 'UNKNOWN_TOWNSHIP');
    const qb = ctx.db.getRepository(AssistanceApplication).createQueryBuilder('r');
    const scope = scopeWhere(ctx.identity);
    if (scope.townshipCode) qb.andWhere('r.townshipCode = :scope', { scope: scope.townshipCode });
    if (f.townshipCode) qb.andWhere('r.townshipCode = :township', { township: f.townshipCode });
    if (f.status) qb.andWhere('r.status = :status', { status: f.status });
    if (f.personId) qb.andWhere('r.personId = :personId', { personId: f.personId.toLowerCase() });
    return AssistanceApplicationConnection.of(await paginate(qb, page, { ordering: AssistanceApplicationOrdering, orderBy, identity: ctx.identity }));
  }

  @FieldResolver(() => PersonStub, {
    nullable: true,
    description: 'The person (resolved by the civil-affairs registry). Null when the registry has no such person or the person is outside the caller\'s scope.',
  })
  person(@Root() r: AssistanceApplication): PersonStub {
    return Object.assign(new PersonStub(), { id: r.personId });
  }

  @FieldResolver(() => TownshipType, { nullable: true, description: 'The township that handled the application.' })
  township(@Root() r: AssistanceApplication): TownshipType | null {
    return TownshipType.of(r.townshipCode);
  }

  @Mutation(() => AssistanceApplication, {
    description:
      'Add a 一窗受理 record (SOCIAL_ASSISTANCE_CENTRE officers). BAD_USER_INPUT for invalid fields (extensions.field names it), NOT_FOUND ' +
      'when the registry has no such active person, CONFLICT DUPLICATE_RECORD when the person already has a record decided that ' +
      'day, FORBIDDEN for other roles. A retry with the same idempotencyKey returns the first result.',
  })
  recordAssistanceApplication(@Arg('input', { description: 'The record to add.' }) input: RecordAssistanceApplicationInput, @Ctx() ctx: SubgraphContext): Promise<AssistanceApplication> {
    return recordAssistanceApplication(ctx, input);
  }

  @Mutation(() => AssistanceApplication, {
    description: 'Correct a 一窗受理 record (SOCIAL_ASSISTANCE_CENTRE officers). NOT_FOUND for an unknown id; CONFLICT DUPLICATE_RECORD when a revoked record is reinstated while another stands.',
  })
  correctAssistanceApplication(@Arg('input', { description: 'The record and the fields to change.' }) input: CorrectAssistanceApplicationInput, @Ctx() ctx: SubgraphContext): Promise<AssistanceApplication> {
    return correctAssistanceApplication(ctx, input);
  }
}
