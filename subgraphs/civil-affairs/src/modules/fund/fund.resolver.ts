import type { GraphQLResolveInfo } from 'graphql';
import { Brackets, type SelectQueryBuilder } from 'typeorm';
import { Arg, Args, Ctx, Field, FieldResolver, ID, Info, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import {
  OrderDirection, PageArgs, Protected, TownshipType, YuanScalar, assertCountOnlyList, badInput, checkCalendarDate, connectionType, defineLoader, fenToYuan, listOrder, paginate, scopeQuery,
  type ListOrderInput, type SubgraphContext, type Yuan,
} from '@aidgraph/subgraph-kit';
import { AmountPeriod, CivilAffairsProgramme } from '../common/enums';
import { Enrolment } from '../enrolment/enrolment.entity';
import { Person } from '../person/person.entity';
import { personById } from '../person/person.loader';
import { FUND_RECORD, FundBudget, PaymentBatch, PaymentBatchKind, PaymentLine } from './fund.entity';
import { GeneratePaymentBatchInput, SetFundBudgetInput } from './fund.input';
import { assertMayReadFunds, checkYear, fundTownship, generatePaymentBatch, generateSupplementaryPaymentBatch, setFundBudget } from './fund.service';
import { monthsOf } from './fund.rules';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ACCESS_NOTE =
  ' Class department.record of CIVIL_AFFAIRS: civil-affairs officers and auditors (every township), caseworkers and approvers (their ' +
  'township: another is FORBIDDEN); FORBIDDEN to village assistants, other departments\' officers and analysts.';

@Protected(FUND_RECORD)
@ObjectType({ description: '月度支出 What a programme paid in one month (exact yuan) and to how many persons.' + ACCESS_NOTE })
export class FundSpendingMonth {
  @Field({ description: '月份 The month (YYYY-MM).' })
  month: string;

  @Field(() => YuanScalar, { description: '已发放 Paid in the month, exact yuan: the lines of the month\'s payment batches, regular and supplementary (DIBAO, TEKUN), or the one-off TEMPORARY aids given in it.' })
  paid: Yuan;

  @Field(() => Int, { description: '发放人数 Persons paid in the month.' })
  recipients: number;

  townshipCode: string | null;
}

@Protected(FUND_RECORD)
@ObjectType({ description: '资金使用 A programme\'s budget against what it paid in a year (胶政发〔2020〕106号: 资金保障, spending analysed against the budget), for a township or the city.' + ACCESS_NOTE })
export class FundSpending {
  @Field(() => CivilAffairsProgramme, { description: '救助项目 The programme.' })
  programme: CivilAffairsProgramme;

  @Field(() => Int, { description: '年度 The year.' })
  year: number;

  @Field(() => YuanScalar, { description: '预算 The budget (the township\'s, or the sum of every township\'s), exact yuan; 0.00 when none is set.' })
  budget: Yuan;

  @Field(() => YuanScalar, { description: '已发放 Paid in the year, exact yuan.' })
  paid: Yuan;

  @Field(() => YuanScalar, { description: '结余 Budget minus paid, exact yuan (negative when overspent).' })
  remaining: Yuan;

  @Field(() => [FundSpendingMonth], { description: '按月 Each month of the year, January first.' })
  months: FundSpendingMonth[];

  townshipCode: string | null;
}

@ObjectType({ description: 'A page of payment batches (Relay connection).' })
export class PaymentBatchConnection extends connectionType(PaymentBatch, 'PaymentBatch', 'A page of payment batches (发放批次).') {}

@ObjectType({ description: 'A page of a payment batch\'s lines (Relay connection).' })
export class PaymentLineConnection extends connectionType(PaymentLine, 'PaymentLine', 'A page of payment lines (发放明细).') {}

const ORDER_ACCESS = { ...FUND_RECORD, note: 'the list\'s own order: who may see the list may order it' };
export const PaymentBatchOrdering = listOrder('PaymentBatch', {
  MONTH: { property: 'month', kind: 'month', description: '发放月份 By the month paid (YYYY-MM); DESC for the latest first.', access: ORDER_ACCESS },
});

@Resolver(() => FundSpending)
export class FundSpendingResolver {
  @FieldResolver(() => TownshipType, { nullable: true, description: '乡镇/街道 The township; null for the whole city.' })
  township(@Root() r: FundSpending): TownshipType | null {
    return r.townshipCode ? TownshipType.of(r.townshipCode) : null;
  }
}

@Resolver(() => FundBudget)
export class FundBudgetResolver {
  @FieldResolver(() => TownshipType, { nullable: true, description: '乡镇/街道 The township of the budget.' })
  township(@Root() b: FundBudget): TownshipType | null {
    return TownshipType.of(b.townshipCode);
  }

  @Query(() => [FundBudget], {
    nullable: true,
    description: '资金预算 The budgets of a year, by programme and township (optional filters); a caseworker\'s or approver\'s own township when none is named.' + ACCESS_NOTE,
  })
  async fundBudgets(
    @Arg('year', () => Int, { description: '年度 The year.' }) year: number,
    @Arg('programme', () => CivilAffairsProgramme, { nullable: true, description: '救助项目 Only this programme.' }) programme: CivilAffairsProgramme | null,
    @Arg('townshipCode', () => String, { nullable: true, description: '乡镇/街道 Only this township (9 digits).' }) townshipCode: string | null,
    @Ctx() ctx: SubgraphContext,
  ): Promise<FundBudget[]> {
    assertMayReadFunds(ctx.identity);
    checkYear(year);
    const township = fundTownship(ctx.identity, townshipCode);
    const qb = ctx.db.getRepository(FundBudget).createQueryBuilder('b').where('b.year = :year', { year });
    scopeQuery(qb, 'b', ctx.identity, { villageCode: false });
    if (programme) qb.andWhere('b.programme = :programme', { programme });
    if (township) qb.andWhere('b.townshipCode = :township', { township });
    return qb.orderBy('b.programme', 'ASC').addOrderBy('b.townshipCode', 'ASC').getMany();
  }

  @Query(() => [FundSpending], {
    nullable: true,
    description:
      '资金使用 Budget, paid, remaining and each month\'s payments of a year, per programme (DIBAO, TEKUN, TEMPORARY, or the one asked ' +
      'for), for a township or the whole city (a caseworker\'s or approver\'s own township when none is named). DIBAO and TEKUN: the ' +
      'lines of the months\' payment batches, regular and supplementary (generatePaymentBatch, generateSupplementaryPaymentBatch: the ' +
      'same lines as civilAffairsFundUse); TEMPORARY: the one-off aids given in each month.' + ACCESS_NOTE,
  })
  async fundSpending(
    @Arg('year', () => Int, { description: '年度 The year.' }) year: number,
    @Arg('programme', () => CivilAffairsProgramme, { nullable: true, description: '救助项目 Only this programme.' }) programme: CivilAffairsProgramme | null,
    @Arg('townshipCode', () => String, { nullable: true, description: '乡镇/街道 Only this township (9 digits); default the city (a caseworker: its township).' }) townshipCode: string | null,
    @Ctx() ctx: SubgraphContext,
  ): Promise<FundSpending[]> {
    assertMayReadFunds(ctx.identity);
    checkYear(year);
    if (programme === CivilAffairsProgramme.MARGINAL) throw badInput('MARGINAL pays nothing', 'programme', 'NOT_PAID');
    const township = fundTownship(ctx.identity, townshipCode);
    const programmes = programme ? [programme] : [CivilAffairsProgramme.DIBAO, CivilAffairsProgramme.TEKUN, CivilAffairsProgramme.TEMPORARY];
    const months = monthsOf(year);
    const out: FundSpending[] = [];
    for (const p of programmes) {
      const bq = ctx.db.getRepository(FundBudget).createQueryBuilder('b').select('SUM(b.amount)', 'total').where('b.year = :year AND b.programme = :p', { year, p });
      if (township) bq.andWhere('b.townshipCode = :township', { township });
      const budgetFen = BigInt(String((await bq.getRawOne<{ total: string | number | null }>())?.total ?? 0));
      let rows: { month: string; total: string | number | null; n: string | number }[];
      if (p === CivilAffairsProgramme.TEMPORARY) {
        // the month of a date column: text on SQLite, a date on PostgreSQL
        const monthOf = ctx.db.options.type === 'postgres' ? "TO_CHAR(e.startDate, 'YYYY-MM')" : 'SUBSTR(e.startDate, 1, 7)';
        const q = ctx.db
          .getRepository(Enrolment)
          .createQueryBuilder('e')
          .select(monthOf, 'month')
          .addSelect('SUM(e.amount)', 'total')
          .addSelect('COUNT(DISTINCT e.personId)', 'n')
          .where('e.programme = :p AND e.amountPeriod = :oneOff', { p, oneOff: AmountPeriod.ONE_OFF })
          .andWhere('e.startDate >= :from AND e.startDate <= :to', { from: `${year}-01-01`, to: `${year}-12-31` })
          .groupBy(monthOf);
        if (township) q.andWhere('e.townshipCode = :township', { township });
        rows = await q.getRawMany();
      } else {
        const q = ctx.db
          .getRepository(PaymentLine)
          .createQueryBuilder('l')
          .select('l.month', 'month')
          .addSelect('SUM(l.amount)', 'total')
          .addSelect('COUNT(*)', 'n')
          .where('l.programme = :p AND l.month IN (:...months)', { p, months })
          .groupBy('l.month');
        if (township) q.andWhere('l.townshipCode = :township', { township });
        rows = await q.getRawMany();
      }
      const byMonth = new Map(rows.map((r) => [r.month, r]));
      let paidFen = 0n;
      const perMonth = months.map((m) => {
        const r = byMonth.get(m);
        const fen = BigInt(String(r?.total ?? 0));
        paidFen += fen;
        return Object.assign(new FundSpendingMonth(), { month: m, paid: fenToYuan(fen), recipients: Number(r?.n ?? 0), townshipCode: township });
      });
      out.push(Object.assign(new FundSpending(), {
        programme: p, year, budget: fenToYuan(budgetFen), paid: fenToYuan(paidFen), remaining: fenToYuan(budgetFen - paidFen), months: perMonth, townshipCode: township,
      }));
    }
    return out;
  }

  @Mutation(() => FundBudget, {
    description:
      '资金预算 Set the budget of a programme (DIBAO, TEKUN, TEMPORARY) for a year and a township, exact yuan (civil-affairs officers; ' +
      'FORBIDDEN for everyone else). A new budget without expectedVersion (CONFLICT BUDGET_EXISTS when there is one); a change on the ' +
      'version read (CONFLICT STALE_VERSION). BAD_USER_INPUT NOT_PAID, TOO_SMALL / TOO_LARGE (year), UNKNOWN_TOWNSHIP, BAD_AMOUNT, ' +
      'AMOUNT_ABOVE_LIMIT. Audited; a retry with the same idempotencyKey returns the first result.',
  })
  setFundBudget(@Arg('input', { description: 'The budget.' }) input: SetFundBudgetInput, @Ctx() ctx: SubgraphContext): Promise<FundBudget> {
    return setFundBudget(ctx, input);
  }
}

/**
 * The township whose subtotal a caller gets of a batch: a caseworker's or approver's own township (the city's totals would
 * tell it the other townships' recipients and money); null — the stored city-wide totals — for civil-affairs officers and
 * auditors (the only others who read batches: assertMayReadFunds).
 */
export function batchTotalsTownship(identity: SubgraphContext['identity']): string | null {
  return identity.role === 'caseworker' || identity.role === 'township_approver' ? identity.township ?? 'none' : null;
}

/** Each batch's line count and total (fen) in the caller's township (batchTotalsTownship), from its lines. One SELECT per batch of batches. */
const townshipTotalsByBatchId = defineLoader<string, { lineCount: number; totalFen: bigint }>(async (ids, ctx) => {
  const township = batchTotalsTownship(ctx.identity) ?? 'none';
  const rows = await ctx.db
    .getRepository(PaymentLine)
    .createQueryBuilder('l')
    .select('l.batchId', 'batchId')
    .addSelect('COUNT(*)', 'n')
    .addSelect('SUM(l.amount)', 'total')
    .where('l.batchId IN (:...ids)', { ids: [...ids] })
    .andWhere('l.townshipCode = :township', { township })
    .groupBy('l.batchId')
    .getRawMany<{ batchId: string; n: string | number; total: string | number | null }>();
  const by = new Map(rows.map((r) => [String(r.batchId), { lineCount: Number(r.n), totalFen: BigInt(String(r.total ?? 0)) }]));
  return ids.map((id) => by.get(id) ?? { lineCount: 0, totalFen: 0n });
});

/**
 * The batches a caller sees: every batch for civil-affairs officers and auditors; for a caseworker or approver every
 * REGULAR batch (one a month, city-wide: its existence says nothing of anyone) and only the SUPPLEMENTARY batches with a
 * line in its township — another township's supplement would tell that someone there was paid late that month.
 */
function seenBatches(qb: SelectQueryBuilder<PaymentBatch>, ctx: SubgraphContext): void {
  const township = fundTownship(ctx.identity, null);
  if (township == null) return;
  const lines = qb.subQuery().select('1').from(PaymentLine, 'sl').where('sl.batchId = b.id').andWhere('sl.townshipCode = :seenTownship').getQuery();
  qb.andWhere(new Brackets((w) => w.where('b.kind = :regularKind').orWhere(`EXISTS ${lines}`)), { regularKind: PaymentBatchKind.REGULAR, seenTownship: township });
}

@Resolver(() => PaymentBatch)
export class PaymentBatchResolver {
  @FieldResolver(() => Int, {
    description:
      '发放人数 How many persons the batch pays (one line each): in the caller\'s township for caseworkers and approvers (their ' +
      'subtotal, counted from the lines: totalsTownship), in the whole city for civil-affairs officers and auditors.',
  })
  async lineCount(@Root() b: PaymentBatch, @Ctx() ctx: SubgraphContext): Promise<number> {
    if (batchTotalsTownship(ctx.identity) == null) return b.lineCount;
    return (await townshipTotalsByBatchId(ctx).load(b.id)).lineCount;
  }

  @FieldResolver(() => YuanScalar, {
    description:
      '发放总额 The total of the lines, exact yuan: the caller\'s township\'s subtotal (summed from its lines) for caseworkers and ' +
      'approvers, the city\'s total for civil-affairs officers and auditors (see totalsTownship).',
  })
  async totalAmount(@Root() b: PaymentBatch, @Ctx() ctx: SubgraphContext): Promise<Yuan> {
    if (batchTotalsTownship(ctx.identity) == null) return b.totalAmount;
    return fenToYuan((await townshipTotalsByBatchId(ctx).load(b.id)).totalFen);
  }

  @FieldResolver(() => TownshipType, {
    nullable: true,
    description: '合计范围 The township lineCount and totalAmount are of: the caller\'s own (caseworkers, approvers); null: the whole city (civil-affairs officers, auditors).',
  })
  totalsTownship(@Root() _b: PaymentBatch, @Ctx() ctx: SubgraphContext): TownshipType | null {
    const t = batchTotalsTownship(ctx.identity);
    return t ? TownshipType.of(t) : null;
  }

  @Query(() => PaymentBatchConnection, {
    nullable: true,
    description:
      '发放批次 The payment batches, optionally of one programme and year (orderBy: ' + PaymentBatchOrdering.summary + '; default MONTH, latest first). ' +
      'A caseworker or approver gets its township\'s subtotals (lineCount, totalAmount from its lines; totalsTownship), civil-affairs ' +
      'officers and auditors the city\'s; a caseworker or approver sees every REGULAR batch and only the SUPPLEMENTARY batches that ' +
      'pay someone in its township.' + ACCESS_NOTE,
  })
  async paymentBatches(
    @Arg('programme', () => CivilAffairsProgramme, { nullable: true, description: '救助项目 Only this programme.' }) programme: CivilAffairsProgramme | null,
    @Arg('year', () => Int, { nullable: true, description: '年度 Only the months of this year.' }) year: number | null,
    @Args() page: PageArgs,
    @Arg('orderBy', () => PaymentBatchOrdering.input, { nullable: true, description: `The order: ${PaymentBatchOrdering.summary}; ties broken by id.` }) orderBy: ListOrderInput | null,
    @Ctx() ctx: SubgraphContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<PaymentBatchConnection> {
    assertMayReadFunds(ctx.identity);
    assertCountOnlyList(ctx.identity, 'Query.paymentBatches', info);
    const qb = ctx.db.getRepository(PaymentBatch).createQueryBuilder('b');
    seenBatches(qb, ctx);
    if (programme) qb.andWhere('b.programme = :programme', { programme });
    if (year != null) qb.andWhere('b.month LIKE :year', { year: `${checkYear(year)}-%` });
    const order = orderBy ?? { field: 'MONTH', direction: OrderDirection.DESC };
    return PaymentBatchConnection.of(await paginate(qb, page, { ordering: PaymentBatchOrdering, orderBy: order, identity: ctx.identity }));
  }

  @Query(() => PaymentBatch, {
    nullable: true,
    description: '发放批次 One payment batch by id; null when there is none, or for a caseworker or approver a SUPPLEMENTARY batch paying nobody in its township.' + ACCESS_NOTE,
  })
  async paymentBatch(@Arg('id', () => ID, { description: 'The batch\'s id.' }) id: string, @Ctx() ctx: SubgraphContext): Promise<PaymentBatch | null> {
    assertMayReadFunds(ctx.identity);
    if (!UUID.test(id)) throw badInput('`id` is not an id (a UUID)', 'id', 'BAD_ID');
    const qb = ctx.db.getRepository(PaymentBatch).createQueryBuilder('b').where('b.id = :id', { id: id.toLowerCase() });
    seenBatches(qb, ctx);
    return qb.getOne();
  }

  @FieldResolver(() => PaymentLineConnection, {
    nullable: true,
    description:
      '发放明细 The batch\'s lines (person, enrolment, township, amount), by id, optionally of one township; scoped: a caseworker or ' +
      'approver gets its township\'s lines only (another township: FORBIDDEN).' + ACCESS_NOTE,
  })
  async lines(
    @Root() b: PaymentBatch,
    @Arg('townshipCode', () => String, { nullable: true, description: '乡镇/街道 Only this township\'s lines (9 digits).' }) townshipCode: string | null,
    @Args() page: PageArgs,
    @Ctx() ctx: SubgraphContext,
  ): Promise<PaymentLineConnection> {
    assertMayReadFunds(ctx.identity);
    const township = fundTownship(ctx.identity, townshipCode);
    const qb = ctx.db.getRepository(PaymentLine).createQueryBuilder('l').where('l.batchId = :batch', { batch: b.id });
    scopeQuery(qb, 'l', ctx.identity, { villageCode: false });
    if (township) qb.andWhere('l.townshipCode = :township', { township });
    return PaymentLineConnection.of(await paginate(qb, page, { list: 'PaymentBatch.lines' }));
  }

  @Mutation(() => PaymentBatch, {
    description:
      '生成发放批次 Generate the month\'s REGULAR payment batch (正常发放) of DIBAO or TEKUN from the enrolments in force (civil-affairs officers; FORBIDDEN ' +
      'for everyone else). Paid: an enrolment in force on the month\'s first day (a start on the 15th is first paid the next month; ' +
      'the month an enrolment ends in is paid; PHASING_OUT is paid until its end; SUSPENDED is not), its person not dead or gone ' +
      'before that day nor born after it, its monthly amount on record; one line per person, and none for a person who already has a ' +
      'line of the month in the exclusive programme (DIBAO vs TEKUN). Idempotent per programme and month: when the batch ' +
      'exists it is returned and nothing changes (concurrent calls create one); who it left out is paid by a supplementary batch ' +
      '(generateSupplementaryPaymentBatch). BAD_USER_INPUT NOT_MONTHLY, BAD_MONTH, DATE_OUT_OF_RANGE (a month after the current one), ' +
      'BEFORE_PROGRAMME. Audited.',
  })
  generatePaymentBatch(@Arg('input', { description: 'The programme and month.' }) input: GeneratePaymentBatchInput, @Ctx() ctx: SubgraphContext): Promise<PaymentBatch> {
    return generatePaymentBatch(ctx, input);
  }

  @Mutation(() => PaymentBatch, {
    nullable: true,
    description:
      '补发 Generate a SUPPLEMENTARY payment batch of DIBAO or TEKUN for a month (civil-affairs officers; FORBIDDEN for everyone else): ' +
      'it pays exactly the persons due for the month by the rule of generatePaymentBatch who have no line of the month yet (an ' +
      'enrolment recorded or back-dated after the month\'s batches), at their monthly amount on record today; its sequence is the ' +
      'next of the month (2, 3, ...). Null, and nothing written, when nobody is due (a re-run after a supplementary batch). The ' +
      'month\'s REGULAR batch must exist first: CONFLICT NO_REGULAR_BATCH. A person is never paid twice for a month (a unique ' +
      'line per programme, month and person); concurrent calls for a month run one after the other (the second pays nobody). ' +
      'BAD_USER_INPUT NOT_MONTHLY, BAD_MONTH, DATE_OUT_OF_RANGE, BEFORE_PROGRAMME. Audited; a retry with the same idempotencyKey ' +
      'answers the first result (null included).',
  })
  generateSupplementaryPaymentBatch(
    @Arg('input', { description: 'The programme and month.' }) input: GeneratePaymentBatchInput,
    @Ctx() ctx: SubgraphContext,
  ): Promise<PaymentBatch | null> {
    return generateSupplementaryPaymentBatch(ctx, input);
  }
}

@Resolver(() => PaymentLine)
export class PaymentLineResolver {
  @Protected('quasi.programme')
  @FieldResolver(() => Person, { nullable: true, description: '救助对象 The person paid.' })
  person(@Root() l: PaymentLine, @Ctx() ctx: SubgraphContext): Promise<Person | null> {
    return personById(ctx).load(l.personId);
  }

  @Protected('quasi.coarse')
  @FieldResolver(() => TownshipType, { nullable: true, description: '乡镇/街道 The township handling the enrolment.' })
  township(@Root() l: PaymentLine): TownshipType | null {
    return TownshipType.of(l.townshipCode);
  }
}

/** The programmes paid in monthly batches (their enrolments have payment lines). */
const BATCHED: readonly string[] = [CivilAffairsProgramme.DIBAO, CivilAffairsProgramme.TEKUN];

/**
 * Each enrolment's payment lines summed (fen) for the months after a date's month (the months whose first day is after
 * the date), keyed by { enrolmentId, after: YYYY-MM }. One SELECT per month asked in a batch of keys.
 */
const paidSinceByEnrolment = defineLoader<{ enrolmentId: string; after: string }, bigint>(async (keys, ctx) => {
  const out = new Map<string, bigint>();
  for (const after of new Set(keys.map((k) => k.after))) {
    const ids = [...new Set(keys.filter((k) => k.after === after).map((k) => k.enrolmentId))];
    const rows = await ctx.db
      .getRepository(PaymentLine)
      .createQueryBuilder('l')
      .select('l.enrolmentId', 'enrolmentId')
      .addSelect('SUM(l.amount)', 'total')
      .where('l.enrolmentId IN (:...ids)', { ids })
      .andWhere('l.month > :after', { after })
      .groupBy('l.enrolmentId')
      .getRawMany<{ enrolmentId: string; total: string | number | null }>();
    for (const r of rows) out.set(`${String(r.enrolmentId).toLowerCase()}|${after}`, BigInt(String(r.total ?? 0)));
  }
  return keys.map((k) => out.get(`${k.enrolmentId.toLowerCase()}|${k.after}`) ?? 0n);
});

@Resolver(() => Enrolment)
export class EnrolmentPaymentsResolver {
  @Protected('income')
  @FieldResolver(() => YuanScalar, {
    nullable: true,
    description:
      '已发放 What the payment batches (regular and supplementary) paid on this DIBAO or TEKUN enrolment for the months whose first ' +
      'day is after `date` (a death on 03-10: April on), exact yuan, 0.00 when none; null for MARGINAL and TEMPORARY (not paid in ' +
      'batches). The lines are what was paid (the same as fundSpending and civilAffairsFundUse), not an estimate from the dates. ' +
      'Class income, as amount: civil affairs, caseworkers and approvers in scope, auditors; FORBIDDEN for other departments\' ' +
      'officers; null for analysts. BAD_USER_INPUT BAD_DATE.',
  })
  async paidSince(
    @Root() e: Enrolment,
    @Arg('date', () => String, { description: '日期 An ISO date (YYYY-MM-DD): the months after its month are summed.' }) date: string,
    @Ctx() ctx: SubgraphContext,
  ): Promise<Yuan | null> {
    checkCalendarDate(date, 'date');
    if (!BATCHED.includes(e.programme)) return null;
    return fenToYuan(await paidSinceByEnrolment(ctx).load({ enrolmentId: e.id, after: date.slice(0, 7) }));
  }
}
