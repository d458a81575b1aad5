import { Arg, Args, Ctx, FieldResolver, Info, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import {
  PageArgs, Protected, TownshipType, assertCountOnlyList, assertFiltersAllowed, badInput, connectionType,
  isTownshipCode, listOrder, paginate, scopeWhere, todayInChina, type ListOrderInput, type SubgraphContext,
} from '@aidgraph/subgraph-kit';
import { PersonStub } from '../person/person.stub';
import { LegalAidCase } from './legal-aid-case.entity';
import { DEPARTMENT, LEGAL_AID_CLASS, LegalAidCaseStatus } from './legal-aid-case.enums';
import {
  AcceptLegalAidCaseInput, ApplyForLegalAidInput, AssignLegalAidCaseInput, CloseLegalAidCaseInput, LegalAidCaseFilter, RefuseLegalAidCaseInput,
  WithdrawLegalAidCaseInput,
} from './legal-aid-case.input';
import {
  acceptLegalAidCase, applyForLegalAid, assertMayReadLegalAid, assignLegalAidCase, assignmentDueOn, closeLegalAidCase, decisionDueOn,
  refuseLegalAidCase, withdrawLegalAidCase,
} from './legal-aid-case.service';
import { LegalServiceProvider } from '../legal-service-provider/legal-service-provider.entity';
import { providersById } from '../legal-service-provider/legal-service-provider.loader';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@ObjectType({ description: 'A page of legal aid cases (Relay connection).' })
export class LegalAidCaseConnection extends connectionType(LegalAidCase, 'LegalAidCase', 'A page of legal aid cases (法律援助案件).') {}

const countedOrder = { class: LEGAL_AID_CLASS, owner: DEPARTMENT, note: 'legalAidCases answers analysts only a bare totalCount (null whatever the count): no order but the default', outcomes: { analyst: 'countOnly' as const } };
/** The orders of legalAidCases (orderBy); each key declares the class of the value it orders by (`access`). */
export const LegalAidCaseOrdering = listOrder('LegalAidCase', {
  APPLIED_ON: { property: 'appliedOn', kind: 'date', description: '申请日期 By application date (ISO date order).', access: countedOrder },
  SUBSIDY: { property: 'subsidy', kind: 'integer', nullable: true, description: '办案补贴 By subsidy, compared as exact amounts (numerically); cases without one last.', access: countedOrder },
});

@Resolver(() => LegalAidCase)
export class LegalAidCaseResolver {
  @Query(() => LegalAidCaseConnection, {
    nullable: true,
    description:
      '法律援助案件 Legal aid cases for staff, filtered, in the order asked for (orderBy: ' + LegalAidCaseOrdering.summary + '; default by id, stable). ' +
      'A caseworker sees the cases handled in their township. BAD_USER_INPUT for a malformed filter. Class legal.aid: FORBIDDEN to ' +
      'other departments\' officers; analysts may only count (select totalCount alone, which answers them null: no count for them: the statistics queries answer only those who see the rows; the coarse filters township, aid type, ' +
      'matter, eligibility, status, outcome, year): FORBIDDEN with rows or cursors.',
  })
  async legalAidCases(
    @Args() page: PageArgs,
    @Arg('orderBy', () => LegalAidCaseOrdering.input, { nullable: true, description: `The order: ${LegalAidCaseOrdering.summary}, ascending or descending; ties broken by id. Keys the caller may not see are FORBIDDEN.` }) orderBy: ListOrderInput | null,
    @Arg('filter', () => LegalAidCaseFilter, { nullable: true, description: 'Only the cases matching all given filters.' }) filter: LegalAidCaseFilter | null,
    @Ctx() ctx: SubgraphContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<LegalAidCaseConnection> {
    assertMayReadLegalAid(ctx.identity);
    assertCountOnlyList(ctx.identity, 'Query.legalAidCases', info);
    assertFiltersAllowed(ctx.identity, 'LegalAidCaseFilter', filter, info);
    const f = filter ?? {};
    if (f.townshipCode && !isTownshipCode(f.townshipCode)) throw badInput('`townshipCode` is not a Jiaozhou township code', 'filter.townshipCode', 'UNKNOWN_TOWNSHIP');
    if (f.year != null && (!Number.isInteger(f.year) || f.year < 2000 || f.year > 2100)) throw badInput('`year` must be a calendar year from 2000 to 2100', 'filter.year', 'BAD_YEAR');
    if (f.personId && !UUID.test(f.personId)) throw badInput('`personId` is not a registry id (a UUID)', 'filter.personId', 'BAD_ID');
    if (f.providerId && !UUID.test(f.providerId)) throw badInput('`providerId` is not a provider id (a UUID)', 'filter.providerId', 'BAD_ID');
    const qb = ctx.db.getRepository(LegalAidCase).createQueryBuilder('r');
    const scope = scopeWhere(ctx.identity, { villageCode: false });
    if (scope.townshipCode) qb.andWhere('r.townshipCode = :scope', { scope: scope.townshipCode });
    if (f.townshipCode) qb.andWhere('r.townshipCode = :township', { township: f.townshipCode });
    if (f.aidType) qb.andWhere('r.aidType = :aidType', { aidType: f.aidType });
    if (f.matter) qb.andWhere('r.matter = :matter', { matter: f.matter });
    if (f.eligibility) qb.andWhere('r.eligibility = :eligibility', { eligibility: f.eligibility });
    if (f.status) qb.andWhere('r.status = :status', { status: f.status });
    if (f.outcome) qb.andWhere('r.outcome = :outcome', { outcome: f.outcome });
    if (f.year != null) qb.andWhere('r.appliedOn >= :from AND r.appliedOn < :to', { from: `${f.year}-01-01`, to: `${f.year + 1}-01-01` });
    if (f.providerId) qb.andWhere('r.providerId = :providerId', { providerId: f.providerId.toLowerCase() });
    if (f.personId) qb.andWhere('r.personId = :personId', { personId: f.personId.toLowerCase() });
    return LegalAidCaseConnection.of(await paginate(qb, page, { ordering: LegalAidCaseOrdering, orderBy, identity: ctx.identity }));
  }

  @FieldResolver(() => PersonStub, {
    nullable: true,
    description:
      'The applicant (resolved by the civil-affairs registry). A case is handled in the applicant\'s township of registration ' +
      'when they applied (applyForLegalAid refuses another: NOT_THE_PERSONS_TOWNSHIP), so a caseworker sees the cases, and the ' +
      'applicants, of their own township. The id is answered from the case; the registry\'s fields of the person are answered by ' +
      'civil affairs under its own scope (an error for an applicant who has since moved to another township, nothing for an id ' +
      'the registry does not know).',
  })
  person(@Root() r: LegalAidCase): PersonStub {
    return Object.assign(new PersonStub(), { id: r.personId });
  }

  @FieldResolver(() => TownshipType, { nullable: true, description: 'The township that handles the case.' })
  township(@Root() r: LegalAidCase): TownshipType | null {
    return TownshipType.of(r.townshipCode);
  }

  @FieldResolver(() => LegalServiceProvider, { nullable: true, description: '承办机构 The provider assigned (律师事务所, 基层法律服务所 or 法律援助中心); null before assignment.' })
  async provider(@Root() r: LegalAidCase, @Ctx() ctx: SubgraphContext): Promise<LegalServiceProvider | null> {
    return r.providerId ? providersById(ctx).load(r.providerId) : null;
  }

  @FieldResolver(() => Boolean, { description: '是否需审查经济状况 Whether the ground needed an economic hardship check (only ECONOMIC_HARDSHIP does; the others are 免予核查 or 不受经济困难条件限制).' })
  economicTestRequired(@Root() r: LegalAidCase): boolean {
    return r.eligibility === 'ECONOMIC_HARDSHIP';
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: '审查期限 The last day for the decision (法律援助法 第四十三条: within seven days of the application), ISO YYYY-MM-DD. Class quasi.date (it gives the application date): null for analysts.',
  })
  @Protected('quasi.date')
  decisionDueOn(@Root() r: LegalAidCase): string {
    return decisionDueOn(r.appliedOn);
  }

  @FieldResolver(() => Boolean, {
    description: '审查超期 True when the decision came after its due day, or is still missing on a day after it (today in China).',
  })
  decisionOverdue(@Root() r: LegalAidCase): boolean {
    const due = decisionDueOn(r.appliedOn);
    if (r.decidedOn) return r.decidedOn > due;
    if (r.status !== LegalAidCaseStatus.APPLIED) return false;
    return todayInChina() > due;
  }

  @FieldResolver(() => String, { nullable: true, description: '指派期限 The last day for the assignment of a granted case (第四十三条: within three days of the decision), ISO; null unless aid was granted. Class quasi.date (it gives the decision date): null for analysts.' })
  @Protected('quasi.date')
  assignmentDueOn(@Root() r: LegalAidCase): string | null {
    if (!r.decidedOn || r.status === LegalAidCaseStatus.REFUSED) return null;
    return assignmentDueOn(r.decidedOn);
  }

  @Mutation(() => LegalAidCase, {
    description:
      'Record a legal aid application (JUSTICE officers); the case starts APPLIED. BAD_USER_INPUT for invalid fields (extensions.field ' +
      'names it: BAD_ID, UNKNOWN_TOWNSHIP, NOT_THE_PERSONS_TOWNSHIP, BAD_DATE, DATE_OUT_OF_RANGE, BEFORE_PROGRAMME, MATTER_MISMATCH, ' +
      'ELIGIBILITY_MISMATCH), ' +
      'NOT_FOUND / CONFLICT when the registry has no such active person, CONFLICT DUPLICATE_APPLICATION when the person has an open ' +
      'case of the same aid type and matter, FORBIDDEN for other roles. A retry with the same idempotencyKey returns the first result.',
  })
  applyForLegalAid(@Arg('input', { description: 'The application.' }) input: ApplyForLegalAidInput, @Ctx() ctx: SubgraphContext): Promise<LegalAidCase> {
    return applyForLegalAid(ctx, input);
  }

  @Mutation(() => LegalAidCase, {
    description: 'Grant legal aid (APPLIED → ACCEPTED; JUSTICE officers). NOT_FOUND for an unknown id, CONFLICT INVALID_TRANSITION from another status, BAD_USER_INPUT for a date before the application or in the future.',
  })
  acceptLegalAidCase(@Arg('input', { description: 'The case and the decision date.' }) input: AcceptLegalAidCaseInput, @Ctx() ctx: SubgraphContext): Promise<LegalAidCase> {
    return acceptLegalAidCase(ctx, input);
  }

  @Mutation(() => LegalAidCase, {
    description: 'Refuse legal aid (APPLIED → REFUSED; JUSTICE officers), with the reason. NOT_FOUND, CONFLICT INVALID_TRANSITION, BAD_USER_INPUT as acceptLegalAidCase; ELIGIBILITY_MISMATCH for NOT_ECONOMIC_HARDSHIP on a ground without an economic test.',
  })
  refuseLegalAidCase(@Arg('input', { description: 'The case, the decision date and the reason.' }) input: RefuseLegalAidCaseInput, @Ctx() ctx: SubgraphContext): Promise<LegalAidCase> {
    return refuseLegalAidCase(ctx, input);
  }

  @Mutation(() => LegalAidCase, {
    description: 'Assign a provider (ACCEPTED → ASSIGNED; JUSTICE officers). NOT_FOUND, CONFLICT INVALID_TRANSITION; BAD_USER_INPUT UNKNOWN_PROVIDER, PROVIDER_NOT_QUALIFIED (a grassroots office and a criminal case), BAD_DATE_ORDER.',
  })
  assignLegalAidCase(@Arg('input', { description: 'The case, the provider and the date.' }) input: AssignLegalAidCaseInput, @Ctx() ctx: SubgraphContext): Promise<LegalAidCase> {
    return assignLegalAidCase(ctx, input);
  }

  @Mutation(() => LegalAidCase, {
    description: 'Close a case with its outcome and the provider\'s subsidy (ASSIGNED → CLOSED; JUSTICE officers). NOT_FOUND, CONFLICT INVALID_TRANSITION; BAD_USER_INPUT OUTCOME_MISMATCH, BAD_AMOUNT, AMOUNT_ABOVE_LIMIT, BAD_DATE_ORDER.',
  })
  closeLegalAidCase(@Arg('input', { description: 'The case, the date, the outcome and the subsidy.' }) input: CloseLegalAidCaseInput, @Ctx() ctx: SubgraphContext): Promise<LegalAidCase> {
    return closeLegalAidCase(ctx, input);
  }

  @Mutation(() => LegalAidCase, {
    description: 'End an open case without an outcome (APPLIED, ACCEPTED or ASSIGNED → WITHDRAWN, 终止; JUSTICE officers). NOT_FOUND, CONFLICT INVALID_TRANSITION for a REFUSED, CLOSED or WITHDRAWN case.',
  })
  withdrawLegalAidCase(@Arg('input', { description: 'The case, the date and the reason.' }) input: WithdrawLegalAidCaseInput, @Ctx() ctx: SubgraphContext): Promise<LegalAidCase> {
    return withdrawLegalAidCase(ctx, input);
  }
}
