import { Arg, Args, Ctx, FieldResolver, Info, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import {
  assertCountOnlyList, assertFiltersAllowed, PageArgs, Protected, TownshipType, assertMayReadDepartment, badInput,
  connectionType, listOrder, isTownshipCode, paginate, scopeWhere, type ListOrderInput, type SubgraphContext, checkUuid,
} from '@aidgraph/subgraph-kit';
import { PersonStub } from '../person/person.stub';
import { HouseholdStub } from '../household/household.stub';
import { CharityGrant } from './charity-grant.entity';
import { CharityGrantFilter, RecordCharityGrantInput, WithdrawCharityGrantInput } from './charity-grant.input';
import { recordCharityGrant, withdrawCharityGrant } from './charity-grant.service';
import { CharityProject } from '../charity-project/charity-project.entity';
import { charityProjectById } from '../charity-project/charity-project.loader';
import { CHARITY_FEDERATION } from '../charity-project/charity-project.service';
import { checkDate } from '../common/validation';

@ObjectType({ description: 'A page of charity grants (Relay connection).' })
export class CharityGrantConnection extends connectionType(CharityGrant, 'CharityGrant', 'A page of charity grants (慈善救助金).') {}

/** The orders of charityGrants (orderBy): each key is classified (classification.ts, CharityGrantOrder.field[KEY]). */
export const CharityGrantOrdering = listOrder('CharityGrant', {
  GRANTED_ON: { property: 'grantedOn', kind: 'date', description: '发放日期 By grant date (ISO date order). FORBIDDEN to analysts (a count-only list for them).' },
  AMOUNT: { property: 'amount', kind: 'integer', description: '救助金额 By amount, compared as exact amounts (numerically). FORBIDDEN to analysts (a count-only list for them).' },
});

@Resolver(() => CharityGrant)
export class CharityGrantResolver {
  @Query(() => CharityGrantConnection, {
    nullable: true,
    description:
      '慈善救助金 Charity grants, filtered, in the order asked for (orderBy: ' + CharityGrantOrdering.summary + '; default by id, stable). A caseworker sees those handled in their township. ' +
      'BAD_USER_INPUT for a malformed filter. FORBIDDEN for other departments\' officers: a grant\'s project (大病救助) or ' +
      'reason may reveal an illness or a disability. Analysts may only count (select totalCount alone, which answers them null: no count for them: the statistics queries answer only those who see the rows; FORBIDDEN when ' +
      'edges or pageInfo are selected): a grant\'s project targets (DIBAO_RECIPIENT, TEKUN_PERSON), its amount (重阳: the ' +
      'age) and reason single the recipient out (classification health.charity). Filters are checked against the ' +
      'classification: analysts may not filter by grantedFrom/grantedTo (dates are null for them) nor by personId/' +
      'householdId (FORBIDDEN, even for a count).',
  })
  async charityGrants(
    @Args() page: PageArgs,
    @Arg('orderBy', () => CharityGrantOrdering.input, { nullable: true, description: `The order: ${CharityGrantOrdering.summary}, ascending or descending; ties broken by id. Keys the caller may not see are FORBIDDEN.` }) orderBy: ListOrderInput | null,
    @Arg('filter', () => CharityGrantFilter, { nullable: true, description: 'Filters; all given must hold.' }) filter: CharityGrantFilter | null,
    @Ctx() ctx: SubgraphContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<CharityGrantConnection> {
    assertMayReadDepartment(ctx.identity, CHARITY_FEDERATION);
    assertCountOnlyList(ctx.identity, 'Query.charityGrants', info);
    assertFiltersAllowed(ctx.identity, 'CharityGrantFilter', filter, info);
    const f = filter ?? {};
    if (f.townshipCode && !isTownshipCode(f.townshipCode)) throw badInput('`townshipCode` is not a Jiaozhou township code', 'filter.townshipCode', 'UNKNOWN_TOWNSHIP');
    const qb = ctx.db.getRepository(CharityGrant).createQueryBuilder('g');
    const scope = scopeWhere(ctx.identity, { villageCode: false });
    if (scope.townshipCode) qb.andWhere('g.townshipCode = :scope', { scope: scope.townshipCode });
    if (f.projectId) qb.andWhere('g.projectId = :projectId', { projectId: checkUuid(f.projectId, 'filter.projectId') });
    if (f.townshipCode) qb.andWhere('g.townshipCode = :township', { township: f.townshipCode });
    if (f.grantedFrom) qb.andWhere('g.grantedOn >= :from', { from: checkDate(f.grantedFrom, 'filter.grantedFrom') });
    if (f.grantedTo) qb.andWhere('g.grantedOn <= :to', { to: checkDate(f.grantedTo, 'filter.grantedTo') });
    if (f.grantedFrom && f.grantedTo && f.grantedTo < f.grantedFrom)
      throw badInput('`grantedTo` is before `grantedFrom`', 'filter.grantedTo', 'END_BEFORE_START');
    if (f.personId) qb.andWhere('g.personId = :personId', { personId: checkUuid(f.personId, 'filter.personId') });
    if (f.householdId) qb.andWhere('g.householdId = :householdId', { householdId: checkUuid(f.householdId, 'filter.householdId') });
    if (f.recipientKind) qb.andWhere('g.recipientKind = :kind', { kind: f.recipientKind });
    if (f.status) qb.andWhere('g.status = :status', { status: f.status });
    return CharityGrantConnection.of(await paginate(qb, page, { ordering: CharityGrantOrdering, orderBy, identity: ctx.identity }));
  }

  @FieldResolver(() => CharityProject, { description: '慈善项目 The project that paid the grant.' })
  async project(@Root() g: CharityGrant, @Ctx() ctx: SubgraphContext): Promise<CharityProject> {
    return (await charityProjectById(ctx).load(g.projectId))!;
  }

  @FieldResolver(() => PersonStub, { nullable: true, description: 'The person who received it (resolved by the civil-affairs registry); null for a HOUSEHOLD grant, and null when the registry has no such person or the person is outside the caller\'s scope.' })
  person(@Root() g: CharityGrant): PersonStub | null {
    return g.personId ? Object.assign(new PersonStub(), { id: g.personId }) : null;
  }

  @FieldResolver(() => HouseholdStub, { nullable: true, description: 'The household that received it (resolved by the civil-affairs registry); null for a PERSON grant, and null when the registry has no such household or it is outside the caller\'s scope; null for analysts (quasi.fine: the household id links its members, as Person.household does).' })
  @Protected('quasi.fine')
  household(@Root() g: CharityGrant): HouseholdStub | null {
    return g.householdId ? Object.assign(new HouseholdStub(), { id: g.householdId }) : null;
  }

  @FieldResolver(() => TownshipType, { nullable: true, description: '乡镇/街道 The township that handled the case.' })
  township(@Root() g: CharityGrant): TownshipType | null {
    return TownshipType.of(g.townshipCode);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      '救助事由 Why the grant was made. Sensitive (it may name an illness or a disability): the charity federation, ' +
      'caseworkers, analysts and auditors; FORBIDDEN for other departments\' officers.',
  })
  @Protected({ sensitiveOf: CHARITY_FEDERATION })
  reason(@Root() g: CharityGrant): string {
    return g.reason;
  }

  @Mutation(() => CharityGrant, {
    description:
      'Record a charity grant to a person or a household (charity federation officers). NOT_FOUND for an unknown project; ' +
      'CONFLICT PROJECT_CLOSED, or INSUFFICIENT_BALANCE when the amount exceeds the project\'s balance (nothing changes); ' +
      'BAD_USER_INPUT for invalid fields (extensions.field names it), e.g. a date outside the project\'s period; FORBIDDEN ' +
      'for other roles.',
  })
  recordCharityGrant(@Arg('input', { description: 'The grant.' }) input: RecordCharityGrantInput, @Ctx() ctx: SubgraphContext): Promise<CharityGrant> {
    return recordCharityGrant(ctx, input);
  }

  @Mutation(() => CharityGrant, {
    description:
      'Withdraw (撤回) a GRANTED charity grant (charity federation officers): its amount returns to the project\'s balance. ' +
      'NOT_FOUND; CONFLICT ALREADY_WITHDRAWN or PROJECT_CLOSED; BAD_USER_INPUT for a date before the grant.',
  })
  withdrawCharityGrant(@Arg('input', { description: 'The grant, date and reason.' }) input: WithdrawCharityGrantInput, @Ctx() ctx: SubgraphContext): Promise<CharityGrant> {
    return withdrawCharityGrant(ctx, input);
  }
}
