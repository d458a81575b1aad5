import type { GraphQLResolveInfo } from 'graphql';
import { In } from 'typeorm';
import { Arg, Args, Ctx, FieldResolver, Info, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import {
  OrderDirection, PageArgs, Protected, assertCountOnlyList, badInput, checkCalendarDate, clockToday, connectionType, defineLoader, forbidden, groupedByKey, inKeyOrder, inScope,
  isTownshipCode, listOrder, outcomeFor, paginate, type ListOrderInput, type SubgraphContext,
} from '@aidgraph/subgraph-kit';
import { Enrolment } from '../enrolment/enrolment.entity';
import { EnrolmentStatus } from '../common/enums';
import { EnrolmentReview } from './review.entity';
import { RecordEnrolmentReviewInput } from './review.input';
import { effectiveStatus, recordEnrolmentReview } from './review.service';

/** Each enrolment's reviews, oldest first. One SELECT per batch. */
export const reviewsByEnrolmentId = defineLoader<string, EnrolmentReview[]>(async (ids, ctx) => {
  const rows = await ctx.db.getRepository(EnrolmentReview).find({ where: { enrolmentId: In([...ids]) }, order: { enrolmentVersion: 'ASC' } });
  return groupedByKey(ids, rows, (r) => r.enrolmentId);
});

/** Enrolments by id, in key order. */
export const enrolmentById = defineLoader<string, Enrolment | null>(async (ids, ctx) => {
  const rows = await ctx.db.getRepository(Enrolment).findBy({ id: In([...ids]) });
  return inKeyOrder(ids, rows, (e) => e.id);
});

/**
 * The review list's class: income, as Enrolment.nextReviewDate and reviewCycle, which it lists and orders by (a due date
 * recovers the cycle: half-yearly = irregular income or members able to work).
 */
const REVIEW_LIST_CLASS = 'income' as const;

@ObjectType({ description: '待复核列表 A page of a township\'s enrolments due for review (Relay connection), earliest review date first.' })
export class EnrolmentReviewDueConnection extends connectionType(Enrolment, 'EnrolmentReviewDue', 'A page of DIBAO and TEKUN enrolments due for review (复核).') {}

/** The orders of the review list: by the next review date (the default, ascending). */
export const EnrolmentReviewDueOrdering = listOrder('EnrolmentReviewDue', {
  NEXT_REVIEW_DATE: { property: 'nextReviewDate', kind: 'date', description: '下次复核日期 By the next review date (ASC, the default: most overdue first).', access: { class: REVIEW_LIST_CLASS, note: 'the list\'s own order (class income, as Enrolment.nextReviewDate): who may see the list may order it' } },
});

@Resolver(() => Enrolment)
export class EnrolmentReviewFieldsResolver {
  @FieldResolver(() => EnrolmentStatus, {
    description:
      '救助状态 The status today (AIDGRAPH_TODAY clock): as stored, except that a phase-out (PHASING_OUT, 渐退) whose end date has ' +
      'passed is ENDED. Class quasi.programme (analysts get no enrolments).',
  })
  status(@Root() e: Enrolment): EnrolmentStatus {
    return effectiveStatus(e);
  }

  @Protected('income')
  @FieldResolver(() => [EnrolmentReview], {
    description:
      '复核记录 The enrolment\'s reviews (复核), oldest first: outcome, amounts, next review date or phase-out set. Class income: ' +
      'FORBIDDEN to other departments\' officers and village assistants; empty for analysts.',
  })
  async reviews(@Root() e: Enrolment, @Ctx() ctx: SubgraphContext): Promise<EnrolmentReview[]> {
    return reviewsByEnrolmentId(ctx).load(e.id);
  }
}

@Resolver(() => EnrolmentReview)
export class EnrolmentReviewResolver {
  @Protected('quasi.programme')
  @FieldResolver(() => Enrolment, { nullable: true, description: '救助记录 The enrolment reviewed (as it is now).' })
  enrolment(@Root() r: EnrolmentReview, @Ctx() ctx: SubgraphContext): Promise<Enrolment | null> {
    return enrolmentById(ctx).load(r.enrolmentId);
  }

  @Query(() => EnrolmentReviewDueConnection, {
    nullable: true,
    description:
      '待复核 A township\'s (or, for civil-affairs officers and auditors who name none, the city\'s) DIBAO and TEKUN enrolments due for review (复核) by `dueBy` (default today, the AIDGRAPH_TODAY clock): ' +
      'ACTIVE, with a next review date on or before it (overdue ones included), earliest first (orderBy: ' + EnrolmentReviewDueOrdering.summary + '). ' +
      'Yearly reviews, every 6 months where income is irregular or members can work (Enrolment.reviewCycle). Civil-affairs ' +
      'officers, caseworkers and approvers of the township, auditors; FORBIDDEN to everyone else (another township, village ' +
      'assistants, other departments\' officers, analysts): class income, as Enrolment.nextReviewDate and reviewCycle (a due date reveals the cycle). BAD_USER_INPUT UNKNOWN_TOWNSHIP / BAD_DATE.',
  })
  async enrolmentReviewsDue(
    @Arg('townshipCode', () => String, { nullable: true, description: '乡镇/街道 The 9-digit township code; omitted: a caseworker\'s or approver\'s own township, the whole city for civil-affairs officers and auditors.' }) townshipCode: string | null,
    @Arg('dueBy', () => String, { nullable: true, description: '截止日期 Due on or before this date (ISO YYYY-MM-DD); default today.' }) dueBy: string | null,
    @Args() page: PageArgs,
    @Arg('orderBy', () => EnrolmentReviewDueOrdering.input, { nullable: true, description: `The order: ${EnrolmentReviewDueOrdering.summary}; default NEXT_REVIEW_DATE ascending; ties broken by id.` }) orderBy: ListOrderInput | null,
    @Ctx() ctx: SubgraphContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<EnrolmentReviewDueConnection> {
    // class income, as the nextReviewDate it lists (a due date reveals the review cycle): value for civil-affairs officers,
    // caseworkers and approvers (their township: another is FORBIDDEN below), auditors; FORBIDDEN to village assistants and
    // other departments' officers, null (here: FORBIDDEN, the list has no null form) for analysts
    if (outcomeFor(ctx.identity, REVIEW_LIST_CLASS) !== 'value')
      throw forbidden('the review list is civil affairs\' work list (class income, as the review dates): its officers, the township\'s caseworkers and approvers, auditors');
    assertCountOnlyList(ctx.identity, 'Query.enrolmentReviewsDue', info);
    if (townshipCode != null && !isTownshipCode(townshipCode)) throw badInput('`townshipCode` is not a Jiaozhou township code', 'townshipCode', 'UNKNOWN_TOWNSHIP');
    if (townshipCode != null && !inScope(ctx.identity, townshipCode)) throw forbidden('this township is outside your scope');
    const township = townshipCode ?? (ctx.identity.role === 'caseworker' || ctx.identity.role === 'township_approver' ? ctx.identity.township ?? null : null);
    const by = dueBy == null ? clockToday() : checkCalendarDate(dueBy, 'dueBy');
    const qb = ctx.db.getRepository(Enrolment).createQueryBuilder('e').where('e.programme IN (:...programmes)', { programmes: ['DIBAO', 'TEKUN'] });
    if (township != null) qb.andWhere('e.townshipCode = :townshipCode', { townshipCode: township });
    qb
      .andWhere('e.status = :active', { active: EnrolmentStatus.ACTIVE })
      .andWhere('e.nextReviewDate IS NOT NULL')
      .andWhere('e.nextReviewDate <= :by', { by });
    const order = orderBy ?? { field: 'NEXT_REVIEW_DATE', direction: OrderDirection.ASC };
    return EnrolmentReviewDueConnection.of(await paginate(qb, page, { ordering: EnrolmentReviewDueOrdering, orderBy: order, identity: ctx.identity }));
  }

  @Mutation(() => EnrolmentReview, {
    description:
      '复核 Record a review of a DIBAO or TEKUN enrolment on the version read (caseworkers of its township, civil-affairs officers): ' +
      'CONTINUE (next review date from the review date), ADJUST (a new monthly amount, checked with the enrolment limits: ' +
      'AMOUNT_ABOVE_LIMIT), PHASE_OUT (渐退: the verification run shows the per-capita income at or above the standard; paid on ' +
      'for DIBAO_PHASE_OUT_MONTHS months after the review\'s month, status PHASING_OUT, then ENDED on its end date), TERMINATE ' +
      '(ENDED on the review date). CONFLICT STALE_VERSION (expectedVersion, currentVersion), ILLEGAL_TRANSITION (from, to: only an ' +
      'ACTIVE enrolment is reviewed), NOT_REVIEWED (MARGINAL, TEMPORARY), NOT_THE_PERSONS_HOUSEHOLD, VERIFICATION_AFTER_REVIEW, ' +
      'INCOME_NOT_ABOVE_STANDARD; NOT_FOUND for an unknown enrolment or run and for one of another township alike (the answer does not ' +
      'tell that the id exists); FORBIDDEN for other roles (before any lookup). Audited; a retry with the same idempotencyKey returns the first review; a refused call changes nothing.',
  })
  recordEnrolmentReview(@Arg('input', { description: 'The review.' }) input: RecordEnrolmentReviewInput, @Ctx() ctx: SubgraphContext): Promise<EnrolmentReview> {
    return recordEnrolmentReview(ctx, input);
  }
}
