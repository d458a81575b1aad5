import { Arg, Args, Ctx, Field, FieldResolver, InputType, Info, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { In } from 'typeorm';
import {
  DEPARTMENT_CODES, PROGRAMMES, PageArgs, Protected, TownshipType, assertCountOnlyList, assertFiltersAllowed, badInput, classifyCoordinates,
  connectionType, defineLoader, groupedByKey, inKeyOrder, isTownshipCode, listOrder, outcomeFor, paginate, rowScope, sortOutcome, OrderDirection, type ListOrderInput, type SubgraphContext,
} from '@aidgraph/subgraph-kit';
import { PersonStub } from '../person/person.stub';
import { AssistanceApplication } from '../application/application.entity';
import { ApplicationStep } from '../application/application.enums';
import { applicationInScope } from '../application/application.service';
import { Referral } from './referral.entity';
import { ALL_REFERRALS_DEPARTMENTS, referralVisible, ticketOf } from './referral.service';

// the list, its filters and its order are classified here (class referral: analysts count only)
classifyCoordinates({
  'Query.referrals': { class: 'referral', kind: 'list', note: 'a department\'s queue: rows scoped by role (referralVisible); analysts a bare totalCount' },
  'ReferralFilter.department': { class: 'referral', kind: 'filter' },
  'ReferralFilter.programme': { class: 'referral', kind: 'filter' },
  'ReferralFilter.township': { class: 'referral', kind: 'filter' },
  // with a programme and a township, the step leaves cells of one household that a DIBAO notice (公示) names: not for analysts
  'ReferralFilter.applicationStep': { class: 'referral', kind: 'filter', outcomes: { analyst: 'FORBIDDEN' }, note: 'analysts: FORBIDDEN, with a programme it leaves cells of one household' },
});

@InputType('ReferralFilter', { description: '协同办理筛选 Filters of the referrals list (all given must match).' })
export class ReferralFilter {
  @Field(() => String, { nullable: true, description: '承办部门 Only referrals to this department (a department code). A department\'s officers see their own department\'s whatever this says.' })
  department?: string | null;

  @Field(() => String, { nullable: true, description: '救助项目 Only referrals of this programme (a programme code).' })
  programme?: string | null;

  @Field(() => String, { nullable: true, description: '乡镇/街道 Only referrals of applications taken in this township (9-digit code).' })
  township?: string | null;

  @Field(() => ApplicationStep, { nullable: true, description: '申请环节 Only referrals whose application is now at this step.' })
  applicationStep?: ApplicationStep | null;
}

@ObjectType({ description: 'A page of referrals (Relay connection).' })
export class ReferralConnection extends connectionType(Referral, 'Referral', 'A page of referrals (协同办理).') {}

/** The orders of referrals (orderBy): by the day they were made (the default, oldest first) or by id. */
export const ReferralOrdering = listOrder('Referral', {
  CREATED_ON: {
    property: 'createdOn', kind: 'date', description: '转办日期 By the day the referral was made (the default, ASC: oldest first).',
    access: { class: 'referral', note: 'referrals answers analysts only a bare totalCount (null whatever the count): no order but the default' },
  },
});

const referralsById = defineLoader<string, Referral | null>(async (ids, ctx) =>
  inKeyOrder(ids, await ctx.db.getRepository(Referral).findBy({ id: In([...ids]) }), (r) => r.id),
);
const referralsByApplicationId = defineLoader<string, Referral[]>(async (ids, ctx) =>
  groupedByKey(ids, await ctx.db.getRepository(Referral).find({ where: { applicationId: In([...ids]) }, order: { createdOn: 'ASC', programme: 'ASC' } }), (r) => r.applicationId),
);
const applicationsById = defineLoader<string, AssistanceApplication | null>(async (ids, ctx) =>
  inKeyOrder(ids, await ctx.db.getRepository(AssistanceApplication).findBy({ id: In([...ids]) }), (a) => a.id),
);

/** Reference resolver of Referral (`_entities`): the referral when the caller sees it (referralVisible), else null. */
export const referralReference = {
  async __resolveReference(ref: { id: string }, ctx: SubgraphContext): Promise<Referral | null> {
    const r = await referralsById(ctx).load(String(ref.id).toLowerCase());
    return r && referralVisible(ctx.identity, r) ? r : null;
  },
};

@Resolver(() => Referral)
export class ReferralResolver {
  @Query(() => ReferralConnection, {
    nullable: true,
    description:
      '协同办理 A department\'s queue of referrals, oldest first (orderBy: ' + ReferralOrdering.summary + '; default CREATED_ON ascending). A ' +
      'department\'s officers see only the referrals to their department (whatever the filter says); caseworkers and township approvers ' +
      'their township\'s; the service centre\'s and civil affairs\' officers and auditors all; village assistants none. Analysts may only ' +
      'count (select totalCount alone, which answers them null: no count for them: the statistics queries answer only those who see the rows): FORBIDDEN with rows or cursors. BAD_USER_INPUT for an unknown department, programme or township.',
  })
  async referrals(
    @Args() page: PageArgs,
    @Arg('orderBy', () => ReferralOrdering.input, { nullable: true, description: `The order: ${ReferralOrdering.summary}; default CREATED_ON ascending; ties broken by id.` }) orderBy: ListOrderInput | null,
    @Arg('filter', () => ReferralFilter, { nullable: true, description: 'Only the referrals matching all given filters.' }) filter: ReferralFilter | null,
    @Ctx() ctx: SubgraphContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ReferralConnection> {
    const identity = ctx.identity;
    assertCountOnlyList(identity, 'Query.referrals', info);
    assertFiltersAllowed(identity, 'ReferralFilter', filter, info);
    const f = filter ?? {};
    if (f.department != null && !DEPARTMENT_CODES.includes(f.department)) throw badInput('`department` is not a department code of programmes.json', 'filter.department', 'UNKNOWN_DEPARTMENT');
    if (f.programme != null && !PROGRAMMES.some((p) => p.code === f.programme)) throw badInput('`programme` is not a programme code of programmes.json', 'filter.programme', 'UNKNOWN_PROGRAMME');
    if (f.township != null && !isTownshipCode(f.township)) throw badInput('`township` is not a Jiaozhou township code', 'filter.township', 'UNKNOWN_TOWNSHIP');
    const qb = ctx.db.getRepository(Referral).createQueryBuilder('r');
    // the caller's rows (referralVisible, as SQL)
    if (identity.role === 'department_officer' && !ALL_REFERRALS_DEPARTMENTS.includes(identity.department ?? ''))
      qb.andWhere('r.department = :ownDepartment', { ownDepartment: identity.department ?? '' });
    if (identity.role === 'caseworker' || identity.role === 'township_approver') qb.andWhere('r.townshipCode = :scopeTownship', { scopeTownship: identity.township ?? '' });
    if (identity.role === 'village_assistant') qb.andWhere('1 = 0');
    if (f.department) qb.andWhere('r.department = :department', { department: f.department });
    if (f.programme) qb.andWhere('r.programme = :programme', { programme: f.programme });
    if (f.township) qb.andWhere('r.townshipCode = :township', { township: f.township });
    if (f.applicationStep) {
      const sub = qb.subQuery().select('a.id').from(AssistanceApplication, 'a').where('a.step = :step').getQuery();
      qb.andWhere(`r.applicationId IN ${sub}`, { step: f.applicationStep });
    }
    // oldest first by default, for every caller who may order by the date (analysts count, village assistants see none)
    const order = orderBy ?? (sortOutcome(identity, 'ReferralOrder.field[CREATED_ON]') === 'value' ? { field: 'CREATED_ON', direction: OrderDirection.ASC } : null);
    return ReferralConnection.of(await paginate(qb, page, { ordering: ReferralOrdering, orderBy: order, identity }));
  }

  @FieldResolver(() => AssistanceApplication, { nullable: true, description: '救助申请 The application referred (under its own access rule: the service centre\'s officers, staff of its township, auditors).' })
  async application(@Root() r: Referral, @Ctx() ctx: SubgraphContext): Promise<AssistanceApplication | null> {
    const app = await applicationsById(ctx).load(r.applicationId);
    return app && applicationInScope(ctx.identity, app) ? app : null;
  }

  @FieldResolver(() => PersonStub, { nullable: true, description: '申请人 The applicant (resolved by the civil-affairs registry under its own scope).' })
  applicant(@Root() r: Referral): PersonStub {
    return Object.assign(new PersonStub(), { id: r.applicantId });
  }

  @FieldResolver(() => TownshipType, { nullable: true, description: '乡镇/街道 The township that took the application.' })
  township(@Root() r: Referral): TownshipType | null {
    return TownshipType.of(r.townshipCode);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      '协同办理凭证 The signed ticket with which the department decides this referral in its own subgraph (decide<Department>Referral): given ' +
      'to that department\'s officers only (null for everyone else).',
  })
  ticket(@Root() r: Referral, @Ctx() ctx: SubgraphContext): string | null {
    return ctx.identity.role === 'department_officer' && ctx.identity.department === r.department ? ticketOf(r) : null;
  }
}

/** AssistanceApplication.referrals (the application's own type is the applications module's). */
@Resolver(() => AssistanceApplication)
export class ApplicationReferralsResolver {
  @FieldResolver(() => [Referral], {
    description:
      '协同办理 The referrals made when the application was accepted, one per requested programme another department runs (empty before ' +
      'acceptance); each department adds its decision (educationDecision, medicalDecision, ...). Class referral: empty for village assistants ' +
      '(they submit applications, the referrals are the departments\' business).',
  })
  @Protected({ class: 'referral' })
  async referrals(@Root() a: AssistanceApplication, @Ctx() ctx: SubgraphContext): Promise<Referral[]> {
    // withheld from the caller (a village assistant: class referral omitted): none, without reading them (never null: the list is non-null)
    const o = outcomeFor(ctx.identity, 'referral', rowScope(ctx.identity, a));
    if (o === 'null' || o === 'omitted') return [];
    return (await referralsByApplicationId(ctx).load(a.id)).filter((r) => referralVisible(ctx.identity, r));
  }
}
