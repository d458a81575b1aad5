import { Arg, Args, Ctx, FieldResolver, Info, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import {
  PageArgs, Protected, TownshipType, assertFiltersAllowed, badInput, connectionType, isTownshipCode, listOrder,
  paginate, scopeWhere, type ListOrderInput, type SubgraphContext,
} from '@aidgraph/subgraph-kit';
import { PersonStub } from '../person/person.stub';
import { {{Record}} } from './{{record-kebab}}.entity';
import { DEPARTMENT } from './{{record-kebab}}.enums';
import { Correct{{Record}}Input, {{Record}}Filter, Record{{Record}}Input } from './{{record-kebab}}.input';
import { correct{{Record}}, record{{Record}} } from './{{record-kebab}}.service';

@ObjectType({ description: 'A page of {{programme}} records (Relay connection).' })
export class {{Record}}Connection extends connectionType({{Record}}, '{{Record}}', 'A page of {{programme}} records.') {}

/** The orders of {{records}} (orderBy); each key declares the class of the value it orders by (`access`). */
export const {{Record}}Ordering = listOrder('{{Record}}', {
  DECIDED_ON: { property: 'decidedOn', kind: 'date', description: '决定日期 By decision date (ISO date order).', access: { class: 'quasi.date', note: 'record dates are null for analysts: an order by date would rank the rows by it' } },
  AMOUNT: { property: 'amount', kind: 'integer', description: '金额 By amount, compared as exact amounts (numerically).', access: { class: 'department.record', owner: DEPARTMENT } },
});

@Resolver(() => {{Record}})
export class {{Record}}Resolver {
  @Query(() => {{Record}}Connection, {
    nullable: true,
    description:
      '{{programme}} {{programme}} records for staff, filtered, in the order asked for (orderBy: ' + {{Record}}Ordering.summary + '; default by id, stable). ' +
      'A caseworker sees those handled in their township. BAD_USER_INPUT for a malformed filter. Class department.record: ' +
      'FORBIDDEN to other departments\' officers and to analysts.',
  })
  @Protected({ class: 'department.record', owner: DEPARTMENT })
  async {{records}}(
    @Args() page: PageArgs,
    @Arg('orderBy', () => {{Record}}Ordering.input, { nullable: true, description: `The order: ${ {{Record}}Ordering.summary }, ascending or descending; ties broken by id.` }) orderBy: ListOrderInput | null,
    @Arg('filter', () => {{Record}}Filter, { nullable: true, description: 'Only the records matching all given filters.' }) filter: {{Record}}Filter | null,
    @Ctx() ctx: SubgraphContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<{{Record}}Connection> {
    assertFiltersAllowed(ctx.identity, '{{Record}}Filter', filter, info);
    const f = filter ?? {};
    if (f.townshipCode && !isTownshipCode(f.townshipCode)) throw badInput('`townshipCode` is not a Jiaozhou township code', 'filter.townshipCode', 'UNKNOWN_TOWNSHIP');
    const qb = ctx.db.getRepository({{Record}}).createQueryBuilder('r');
    const scope = scopeWhere(ctx.identity, { villageCode: false });
    if (scope.townshipCode) qb.andWhere('r.townshipCode = :scope', { scope: scope.townshipCode });
    if (f.townshipCode) qb.andWhere('r.townshipCode = :township', { township: f.townshipCode });
    if (f.status) qb.andWhere('r.status = :status', { status: f.status });
    if (f.personId) qb.andWhere('r.personId = :personId', { personId: f.personId.toLowerCase() });
    return {{Record}}Connection.of(await paginate(qb, page, { ordering: {{Record}}Ordering, orderBy, identity: ctx.identity }));
  }

  @FieldResolver(() => PersonStub, {
    nullable: true,
    description: 'The person (resolved by the civil-affairs registry). Null when the registry has no such person or the person is outside the caller\'s scope.',
  })
  person(@Root() r: {{Record}}): PersonStub {
    return Object.assign(new PersonStub(), { id: r.personId });
  }

  @FieldResolver(() => TownshipType, { nullable: true, description: 'The township that handled the application.' })
  township(@Root() r: {{Record}}): TownshipType | null {
    return TownshipType.of(r.townshipCode);
  }

  @Mutation(() => {{Record}}, {
    description:
      'Add a {{programme}} record ({{CODE}} officers). BAD_USER_INPUT for invalid fields (extensions.field names it), NOT_FOUND ' +
      'when the registry has no such active person, CONFLICT DUPLICATE_RECORD when the person already has a record decided that ' +
      'day, FORBIDDEN for other roles. A retry with the same idempotencyKey returns the first result.',
  })
  record{{Record}}(@Arg('input', { description: 'The record to add.' }) input: Record{{Record}}Input, @Ctx() ctx: SubgraphContext): Promise<{{Record}}> {
    return record{{Record}}(ctx, input);
  }

  @Mutation(() => {{Record}}, {
    description: 'Correct a {{programme}} record ({{CODE}} officers). NOT_FOUND for an unknown id; CONFLICT DUPLICATE_RECORD when a revoked record is reinstated while another stands.',
  })
  correct{{Record}}(@Arg('input', { description: 'The record and the fields to change.' }) input: Correct{{Record}}Input, @Ctx() ctx: SubgraphContext): Promise<{{Record}}> {
    return correct{{Record}}(ctx, input);
  }
}
