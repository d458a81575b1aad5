import { Arg, Args, Ctx, Field, FieldResolver, Info, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import {
  assertCountOnlyList, assertFiltersAllowed, PageArgs, TownshipType, YuanScalar, assertCountOnlyFilter,
  assertMayReadDepartment, badInput, connectionType, listOrder, paginate, scopeWhere, type ListOrderInput,
  type SubgraphContext, type Yuan, Public, checkUuid,
} from '@aidgraph/subgraph-kit';
import { PersonStub } from '../person/person.stub';
import { DisabilitySubsidy } from './disability-subsidy.entity';
import { DisabilitySubsidyKind } from './disability-subsidy.enums';
import { DisabilitySubsidyFilter, EndDisabilitySubsidyInput, GrantDisabilitySubsidyInput } from './disability-subsidy.input';
import { endDisabilitySubsidy, grantDisabilitySubsidy } from './disability-subsidy.service';
import { subsidyRateOn, subsidyRates } from './disability-subsidy.rates';
import { DEPARTMENT } from '../disability-certificate/disability-certificate.entity';
import { checkTownship, isIsoDate, today } from '../common/validation';

@ObjectType({ description: 'A page of disability subsidy grants (Relay connection).' })
export class DisabilitySubsidyConnection extends connectionType(DisabilitySubsidy, 'DisabilitySubsidy', 'A page of disability subsidy grants.') {}

/** The orders of disabilitySubsidies (orderBy): each key is classified (classification.ts, DisabilitySubsidyOrder.field[KEY]). */
export const DisabilitySubsidyOrdering = listOrder('DisabilitySubsidy', {
  START_DATE: { property: 'startDate', kind: 'date', description: '起始日期 By first month of the grant (ISO date order). FORBIDDEN to analysts (dates are null for them).' },
  MONTHLY_AMOUNT: { property: 'monthlyAmount', kind: 'integer', description: '月补贴金额 By monthly amount, compared as exact amounts (numerically).' },
});

@Public('the subsidy rate table is published policy (configuration): amounts by kind and grade, no person')
@ObjectType({ description: '补贴标准 One monthly amount of the disability subsidy rate table (configuration, DISABILITY_SUBSIDY_RATES_FILE).' })
export class DisabilitySubsidyRate {
  @Field(() => DisabilitySubsidyKind, { description: 'Which subsidy.' })
  kind: DisabilitySubsidyKind;

  @Field(() => Int, { description: 'The certificate grade (1-4) the amount applies to; the nursing subsidy has grades 1-2 only.' })
  grade: number;

  @Field(() => YuanScalar, { description: 'Monthly amount in yuan per person.' })
  monthlyAmount: Yuan;

  @Field({ description: 'Date (ISO) from which this amount is in force.' })
  effectiveFrom: string;
}

@Resolver(() => DisabilitySubsidy)
export class DisabilitySubsidyResolver {
  @Query(() => DisabilitySubsidyConnection, {
    nullable: true,
    description:
      '残疾人两项补贴 Disability subsidy grants, filtered, in the order asked for (orderBy: ' + DisabilitySubsidyOrdering.summary + '; default by id, stable). A caseworker sees those handled in their ' +
      'township. BAD_USER_INPUT for a malformed filter; FORBIDDEN for other departments\' officers (a subsidy reveals a ' +
      'disability, the nursing subsidy a severe one). Analysts may only count (select totalCount alone, which answers them null: no count for them: the statistics queries answer only those who see the rows; coarse filters, ' +
      'difficulty included): FORBIDDEN with rows or cursors, as a subsidy links a disability to a person whom (gender, age ' +
      'band, township) singles out, and a LIVING subsidy or the difficulty gives the published civil-affairs category ' +
      '(classes health.disability, quasi.programme).',
  })
  async disabilitySubsidies(
    @Args() page: PageArgs,
    @Arg('orderBy', () => DisabilitySubsidyOrdering.input, { nullable: true, description: `The order: ${DisabilitySubsidyOrdering.summary}, ascending or descending; ties broken by id. Keys the caller may not see are FORBIDDEN.` }) orderBy: ListOrderInput | null,
    @Arg('filter', () => DisabilitySubsidyFilter, { nullable: true, description: 'Filters; all given must hold.' }) filter: DisabilitySubsidyFilter | null,
    @Ctx() ctx: SubgraphContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<DisabilitySubsidyConnection> {
    assertMayReadDepartment(ctx.identity, DEPARTMENT);
    assertCountOnlyList(ctx.identity, 'Query.disabilitySubsidies', info);
    assertFiltersAllowed(ctx.identity, 'DisabilitySubsidyFilter', filter, info);
    const f = filter ?? {};
    if (f.difficulty != null) assertCountOnlyFilter(ctx.identity, 'DisabilitySubsidyFilter.difficulty', info);
    const qb = ctx.db.getRepository(DisabilitySubsidy).createQueryBuilder('s');
    const scope = scopeWhere(ctx.identity, { villageCode: false });
    if (scope.townshipCode) qb.andWhere('s.townshipCode = :scope', { scope: scope.townshipCode });
    if (f.townshipCode) qb.andWhere('s.townshipCode = :township', { township: checkTownship(f.townshipCode, 'filter.townshipCode') });
    if (f.kind) qb.andWhere('s.kind = :kind', { kind: f.kind });
    if (f.status) qb.andWhere('s.status = :status', { status: f.status });
    if (f.difficulty) qb.andWhere('s.difficulty = :difficulty', { difficulty: f.difficulty });
    if (f.personId) qb.andWhere('s.personId = :personId', { personId: checkUuid(f.personId, 'filter.personId') });
    return DisabilitySubsidyConnection.of(await paginate(qb, page, { ordering: DisabilitySubsidyOrdering, orderBy, identity: ctx.identity }));
  }

  @Public('the subsidy rate table is published policy, no person')
  @Query(() => [DisabilitySubsidyRate], {
    nullable: true,
    description:
      '补贴标准 The monthly amounts of both subsidies in force on a date (configuration with effective dates); empty before ' +
      'the first configured date.',
  })
  disabilitySubsidyRates(
    @Arg('on', () => String, { nullable: true, description: 'ISO date YYYY-MM-DD; today when left out.' }) on: string | null,
  ): DisabilitySubsidyRate[] {
    const date = on ?? today();
    if (!isIsoDate(date)) throw badInput('`on` is not a calendar date YYYY-MM-DD', 'on', 'BAD_DATE');
    const out: DisabilitySubsidyRate[] = [];
    for (const kind of [DisabilitySubsidyKind.LIVING, DisabilitySubsidyKind.NURSING])
      for (const grade of [1, 2, 3, 4]) {
        const rate = subsidyRateOn(subsidyRates(), kind, grade, date);
        if (rate) out.push(Object.assign(new DisabilitySubsidyRate(), { kind, grade, ...rate }));
      }
    return out;
  }

  @FieldResolver(() => PersonStub, { nullable: true, description: 'The recipient (resolved by the civil-affairs registry). Null when the registry has no such person or the person is outside the caller\'s scope (the rest of the record, and of the list, still answers).' })
  person(@Root() s: DisabilitySubsidy): PersonStub {
    return Object.assign(new PersonStub(), { id: s.personId });
  }

  @FieldResolver(() => TownshipType, { nullable: true, description: 'The township that handled the application.' })
  township(@Root() s: DisabilitySubsidy): TownshipType | null {
    return TownshipType.of(s.townshipCode);
  }

  @Mutation(() => DisabilitySubsidy, {
    description:
      'Grant a disability subsidy (federation officers). BAD_USER_INPUT for invalid fields or an unmet rule (extensions.field ' +
      'and reason name it: NO_VALID_CERTIFICATE, NURSING_NEEDS_SEVERE_GRADE, ...), CONFLICT when the person already receives ' +
      'it, FORBIDDEN for other roles.',
  })
  grantDisabilitySubsidy(
    @Arg('input', { description: 'The grant.' }) input: GrantDisabilitySubsidyInput,
    @Ctx() ctx: SubgraphContext,
  ): Promise<DisabilitySubsidy> {
    return grantDisabilitySubsidy(ctx, input);
  }

  @Mutation(() => DisabilitySubsidy, {
    description: 'End a subsidy (federation officers). NOT_FOUND for an unknown id, CONFLICT when it has already ended.',
  })
  endDisabilitySubsidy(
    @Arg('input', { description: 'Which grant, its last day and the reason.' }) input: EndDisabilitySubsidyInput,
    @Ctx() ctx: SubgraphContext,
  ): Promise<DisabilitySubsidy> {
    return endDisabilitySubsidy(ctx, input);
  }
}
