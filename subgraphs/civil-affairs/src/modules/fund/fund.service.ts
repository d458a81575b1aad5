import crypto from 'node:crypto';
import { GraphQLError } from 'graphql';
import type { EntityManager } from 'typeorm';
import {
  Decimal, assertCanWrite, auditedWrite, badInput, checkMonthInWindow, clockToday, conflict, fenToYuan, forbidden, yuanToFen, idempotent, inScope, isTownshipCode, lockedRecord, outcomeFor,
  updateLocked, type Identity, type SubgraphContext,
} from '@aidgraph/subgraph-kit';
import { AmountPeriod, CivilAffairsProgramme, EnrolmentStatus } from '../common/enums';
import { Enrolment } from '../enrolment/enrolment.entity';
import { earliestEnrolmentDate } from '../enrolment/enrolment.limits';
import { Person } from '../person/person.entity';
import { settleEndedPhaseOuts } from '../review/review.service';
import { FUND_RECORD, FundBudget, PaymentBatch, PaymentBatchKind, PaymentLine } from './fund.entity';
import type { GeneratePaymentBatchInput, SetFundBudgetInput } from './fund.input';
import { EXCLUSIVE_MONTHLY, firstDayOf } from './fund.rules';

const MONTHLY: readonly string[] = [CivilAffairsProgramme.DIBAO, CivilAffairsProgramme.TEKUN];
const BUDGETED: readonly string[] = [CivilAffairsProgramme.DIBAO, CivilAffairsProgramme.TEKUN, CivilAffairsProgramme.TEMPORARY];
/** The most a budget may be (10 billion yuan): a plausibility bound, not a policy figure. */
const MAX_BUDGET = new Decimal('10000000000.00');
/** The first key of the fund module's PostgreSQL advisory locks (the second is hashtext of what is locked). */
const FUND_LOCK = 2026120310;

/**
 * Hold a transaction-scoped lock on `what` (a budget's or a batch's natural key) on PostgreSQL, so that concurrent
 * creators of one record run one after the other and the second sees the first; SQLite's writeTransaction runs one
 * writer at a time. The unique constraints stand behind it.
 */
async function lockKey(tx: EntityManager, what: string): Promise<void> {
  if (tx.connection.options.type === 'postgres') await tx.query('SELECT pg_advisory_xact_lock($1::int, hashtext($2))', [FUND_LOCK, what]);
}

/** FORBIDDEN unless the caller is a civil-affairs officer (budgets and batches are set city-wide by the bureau). */
export function assertFundOfficer(identity: Identity): void {
  assertCanWrite(identity, 'CIVIL_AFFAIRS');
}

/** FORBIDDEN unless the caller may read fund records at all (class department.record of civil affairs; not village assistants). */
export function assertMayReadFunds(identity: Identity): void {
  if (identity.role === 'village_assistant' || outcomeFor(identity, FUND_RECORD.class, { owner: FUND_RECORD.owner }) !== 'value')
    throw forbidden('fund records are civil affairs\' (class department.record): its officers, the township\'s caseworkers and approvers, auditors');
}

/**
 * The township a fund query is about: the one asked for (which must be in the caller's scope: FORBIDDEN otherwise), or
 * for a caseworker or approver who names none its own township; null (the whole city) for the others.
 */
export function fundTownship(identity: Identity, townshipCode: string | null | undefined, field = 'townshipCode'): string | null {
  if (townshipCode != null) {
    if (!isTownshipCode(townshipCode)) throw badInput('`townshipCode` is not a Jiaozhou township code', field, 'UNKNOWN_TOWNSHIP');
    if (!inScope(identity, townshipCode)) throw forbidden('this township is outside your scope');
    return townshipCode;
  }
  return identity.role === 'caseworker' || identity.role === 'township_approver' ? identity.township ?? 'none' : null;
}

/** The year of a fund query or budget: 2020 (the unified system, 胶政发〔2020〕106号) to next year. */
export function checkYear(year: number, field = 'year'): number {
  const next = Number(clockToday().slice(0, 4)) + 1;
  if (!Number.isInteger(year) || year < 2020) throw badInput('the year is before the unified social assistance system (2020)', field, 'TOO_SMALL');
  if (year > next) throw badInput('the year is more than a year ahead', field, 'TOO_LARGE');
  return year;
}

function staleVersion(expected: number | null, current: number): GraphQLError {
  return new GraphQLError(`the budget changed since version ${expected ?? 'none'} (it is at version ${current}): reload it and set it again; nothing was changed`, {
    extensions: { code: 'CONFLICT', reason: 'STALE_VERSION', expectedVersion: expected, currentVersion: current },
  });
}

/**
 * 资金预算 Set a budget (one audited transaction, idempotent by key): a new one (no expectedVersion; CONFLICT BUDGET_EXISTS
 * when there is one) or a change of an existing one on its version (CONFLICT STALE_VERSION). Civil-affairs officers.
 */
export async function setFundBudget(ctx: SubgraphContext, input: SetFundBudgetInput): Promise<FundBudget> {
  assertFundOfficer(ctx.identity);
  if (!BUDGETED.includes(input.programme)) throw badInput('MARGINAL pays nothing and has no budget', 'programme', 'NOT_PAID');
  checkYear(input.year);
  if (!isTownshipCode(input.townshipCode)) throw badInput('`townshipCode` is not a Jiaozhou township code', 'townshipCode', 'UNKNOWN_TOWNSHIP');
  const amount = new Decimal(input.amount);
  if (amount.isNegative()) throw badInput('a budget is 0 or more', 'amount', 'BAD_AMOUNT');
  if (amount.greaterThan(MAX_BUDGET)) throw badInput('a budget is at most 10000000000.00', 'amount', 'AMOUNT_ABOVE_LIMIT');
  if (input.expectedVersion != null && (!Number.isInteger(input.expectedVersion) || input.expectedVersion < 1))
    throw badInput('`expectedVersion` must be a version of the budget (1 or more)', 'expectedVersion', 'TOO_SMALL');
  return auditedWrite(ctx, (tx) =>
    idempotent(ctx, tx, 'setFundBudget', input, {
      authorize: () => assertFundOfficer(ctx.identity),
      reload: (id) => tx.getRepository(FundBudget).findOneBy({ id }),
      create: async () => {
        const key = { programme: input.programme, year: input.year, townshipCode: input.townshipCode };
        await lockKey(tx, `budget:${input.programme}:${input.year}:${input.townshipCode}`);
        const peek = await tx.getRepository(FundBudget).findOneBy(key);
        const now = new Date().toISOString();
        if (!peek) {
          if (input.expectedVersion != null) throw staleVersion(input.expectedVersion, 0);
          const b = tx.getRepository(FundBudget).create({ id: crypto.randomUUID(), ...key, amount: amount.toFixed(2), version: 1, updatedBy: ctx.identity.subject, updatedAt: now });
          await tx.getRepository(FundBudget).insert(b);
          ctx.audit.noteWrite({ entity: 'FundBudget', key: b.id, action: 'create', changes: { programme: [null, b.programme], year: [null, b.year], townshipCode: [null, b.townshipCode], amount: [null, b.amount], version: [null, 1] } });
          return b;
        }
        if (input.expectedVersion == null) throw conflict('a budget for this programme, year and township exists: change it on its version (expectedVersion)', 'BUDGET_EXISTS');
        const b = await lockedRecord(tx, FundBudget, { id: peek.id }, { notFound: 'no budget has this id' });
        if (b.version !== input.expectedVersion) throw staleVersion(input.expectedVersion, b.version);
        const before = b.amount;
        const updated = await updateLocked(tx, FundBudget, b, { amount: amount.toFixed(2), version: b.version + 1, updatedBy: ctx.identity.subject, updatedAt: now });
        ctx.audit.noteWrite({ entity: 'FundBudget', key: b.id, action: 'update', changes: { amount: [before, updated.amount], version: [updated.version - 1, updated.version] } });
        return updated;
      },
    }),
  );
}

/** Lines are inserted this many at a time (8 parameters each: under SQLite's and PostgreSQL's parameter limits). */
const LINE_CHUNK = 500;
/** Enrolments are read this many at a time (keyset pages by person) when a batch is generated: bounded memory at any scale. */
const RECIPIENT_PAGE = 2000;
/** The result id recorded for an idempotency key whose supplementary call paid nobody (no batch: the answer is null). */
const NOTHING_DUE = '00000000-0000-0000-0000-000000000000';

/** The checks of a batch's programme and month (both mutations): BAD_USER_INPUT NOT_MONTHLY, BEFORE_PROGRAMME, BAD_MONTH, DATE_OUT_OF_RANGE. */
function checkBatchInput(input: { programme: string; month: string }, today: string): void {
  if (!MONTHLY.includes(input.programme)) throw badInput('only the monthly programmes (DIBAO, TEKUN) are paid in monthly batches', 'programme', 'NOT_MONTHLY');
  // the first payable month is the month of the first dibao standard (what the schema says): checked first, so that a
  // month before 2000 too is refused as BEFORE_PROGRAMME naming that month (the kit's window would name 2000-01-01)
  const earliestMonth = earliestEnrolmentDate().slice(0, 7);
  if (/^\d{4}-(0[1-9]|1[0-2])$/.test(input.month) && input.month < earliestMonth)
    throw badInput(`\`month\` is before ${earliestMonth}, the month of the first dibao standard (no amount can be paid before it)`, 'month', 'BEFORE_PROGRAMME');
  checkMonthInWindow(input.month, 'month', { earliest: `${earliestMonth}-01`, earliestWhat: 'the first dibao standard', maxFutureDays: 0, today });
}

/**
 * Write a batch of `kind` and `sequence`: its lines streamed from the recipients (fund.rules.ts; for a supplementary batch
 * only the persons without a line for the month), page by page, the totals kept as it goes, then the batch row with them.
 * Null, and nothing written, when nobody is due.
 */
async function writeBatch(
  ctx: SubgraphContext, tx: EntityManager, input: { programme: string; month: string }, kind: PaymentBatchKind, sequence: number, today: string,
): Promise<PaymentBatch | null> {
  const id = crypto.randomUUID();
  let lineCount = 0;
  let totalFen = 0n;
  for await (const page of recipients(tx, input.programme, input.month, kind === PaymentBatchKind.SUPPLEMENTARY)) {
    for (let i = 0; i < page.length; i += LINE_CHUNK)
      await tx.getRepository(PaymentLine).insert(
        page.slice(i, i + LINE_CHUNK).map((l) => ({ id: crypto.randomUUID(), batchId: id, programme: input.programme as CivilAffairsProgramme, month: input.month, ...l })),
      );
    lineCount += page.length;
    for (const l of page) totalFen += BigInt(yuanToFen(l.amount));
  }
  if (lineCount === 0 && kind === PaymentBatchKind.SUPPLEMENTARY) return null;
  const batch = tx.getRepository(PaymentBatch).create({
    id, programme: input.programme as CivilAffairsProgramme, month: input.month, kind, sequence, generatedOn: today, generatedBy: ctx.identity.subject,
    lineCount, totalAmount: fenToYuan(totalFen),
  });
  await tx.getRepository(PaymentBatch).insert(batch);
  // one entry for the batch (its lines are derived from the enrolments, which carry their own history)
  ctx.audit.noteWrite({
    entity: 'PaymentBatch', key: batch.id, action: 'create',
    changes: { programme: [null, batch.programme], month: [null, batch.month], kind: [null, batch.kind], sequence: [null, batch.sequence], lineCount: [null, batch.lineCount], totalAmount: [null, batch.totalAmount] },
  });
  return batch;
}

/**
 * 生成发放批次 The month's REGULAR payment batch of DIBAO or TEKUN (civil-affairs officers), one audited transaction:
 * idempotent per (programme, month) — when the batch exists it is returned as it is and nothing changes (concurrent calls:
 * a PostgreSQL advisory lock on the month, then the unique constraint) — and by key. The recipients follow fund.rules.ts;
 * first the phase-outs that ended before today are settled (ENDED). A person is paid at most once (unique constraint).
 */
export async function generatePaymentBatch(ctx: SubgraphContext, input: GeneratePaymentBatchInput): Promise<PaymentBatch> {
  assertFundOfficer(ctx.identity);
  const today = clockToday();
  checkBatchInput(input, today);
  return auditedWrite(ctx, (tx) =>
    idempotent(ctx, tx, 'generatePaymentBatch', input, {
      authorize: () => assertFundOfficer(ctx.identity),
      reload: (id) => tx.getRepository(PaymentBatch).findOneBy({ id }),
      create: async () => {
        await lockKey(tx, `batch:${input.programme}:${input.month}`);
        const existing = await tx.getRepository(PaymentBatch).findOneBy({ programme: input.programme, month: input.month, sequence: 1 });
        if (existing) return existing;
        await settleEndedPhaseOuts(ctx, tx, today);
        return (await writeBatch(ctx, tx, input, PaymentBatchKind.REGULAR, 1, today))!;
      },
    }),
  );
}

/**
 * 补发 A SUPPLEMENTARY payment batch of DIBAO or TEKUN for a month (civil-affairs officers), one audited transaction: it pays
 * exactly the persons due for the month by fund.rules.ts who have no line of the month yet (an enrolment recorded, or
 * back-dated, after the month's batches), at the amount on record today. The month's REGULAR batch must exist (CONFLICT
 * NO_REGULAR_BATCH). Nobody due: nothing is written and the answer is null. Concurrent calls for a month run one after
 * the other (the regular batch's advisory lock on PostgreSQL), so the second finds nobody left; idempotent by key (a
 * retry answers the first result, null included).
 */
export async function generateSupplementaryPaymentBatch(ctx: SubgraphContext, input: GeneratePaymentBatchInput): Promise<PaymentBatch | null> {
  assertFundOfficer(ctx.identity);
  const today = clockToday();
  checkBatchInput(input, today);
  const nothing = { id: NOTHING_DUE } as PaymentBatch;
  const result = await auditedWrite(ctx, (tx) =>
    idempotent(ctx, tx, 'generateSupplementaryPaymentBatch', input, {
      authorize: () => assertFundOfficer(ctx.identity),
      reload: async (id) => (id === NOTHING_DUE ? nothing : tx.getRepository(PaymentBatch).findOneBy({ id })),
      create: async () => {
        await lockKey(tx, `batch:${input.programme}:${input.month}`);
        // the month's batches so far: none means no regular batch (it is always sequence 1)
        const last = await tx.getRepository(PaymentBatch).createQueryBuilder('b').select('MAX(b.sequence)', 'n')
          .where('b.programme = :programme AND b.month = :month', { programme: input.programme, month: input.month }).getRawOne<{ n: number | string | null }>();
        if (last?.n == null) throw conflict('the month has no regular batch yet: generate it first (generatePaymentBatch); a supplementary batch pays who it left out', 'NO_REGULAR_BATCH');
        await settleEndedPhaseOuts(ctx, tx, today);
        return (await writeBatch(ctx, tx, input, PaymentBatchKind.SUPPLEMENTARY, Number(last.n) + 1, today)) ?? nothing;
      },
    }),
  );
  return result.id === NOTHING_DUE ? null : result;
}

type Recipient = { personId: string; enrolmentId: string; townshipCode: string; amount: string };

/**
 * The lines of a month (fund.rules.ts in SQL): one per person, the latest-starting enrolment in force on the first day
 * (ties: the smallest id), the person alive and born on it, and without a line of the month in the exclusive programme
 * (DIBAO vs TEKUN); `unpaidOnly`: only the persons without a line of the month. Read in keyset pages by person
 * (RECIPIENT_PAGE enrolments a page): a person's best enrolment comes first among its rows, so a page that ends within a
 * person's rows has it, and the next page starts after that person.
 */
async function* recipients(tx: EntityManager, programme: string, month: string, unpaidOnly: boolean): AsyncGenerator<Recipient[]> {
  const first = firstDayOf(month);
  const esc = (name: string) => tx.connection.driver.escape(name);
  let after: string | null = null;
  for (;;) {
    const qb = tx
      .getRepository(Enrolment)
      .createQueryBuilder('e')
      .innerJoin(Person, 'p', 'p.id = e.personId')
      .select(['e.id', 'e.personId', 'e.townshipCode', 'e.amount', 'e.startDate'])
      .where('e.programme = :programme', { programme })
      .andWhere('e.amountPeriod = :monthly', { monthly: AmountPeriod.MONTHLY })
      .andWhere('e.status IN (:...paid)', { paid: [EnrolmentStatus.ACTIVE, EnrolmentStatus.PHASING_OUT, EnrolmentStatus.ENDED] })
      .andWhere('e.startDate <= :first', { first })
      .andWhere('(e.endDate IS NULL OR e.endDate >= :first)')
      .andWhere("(p.status = 'ACTIVE' OR (p.statusDate IS NOT NULL AND p.statusDate >= :first))")
      // born on or before the month's first day (bornByMonth)
      .andWhere('p.birthDate <= :first')
      // no line of the month for the person in the exclusive programme (DIBAO vs TEKUN): defence in depth, fund.rules.ts
      .andWhere(
        `NOT EXISTS (SELECT 1 FROM ${esc('payment_line')} x WHERE x.${esc('programme')} IN (:...exclusive) AND x.${esc('month')} = :month AND x.${esc('personId')} = e.${esc('personId')})`,
        { exclusive: EXCLUSIVE_MONTHLY[programme], month },
      );
    if (unpaidOnly)
      qb.andWhere(
        `NOT EXISTS (SELECT 1 FROM ${esc('payment_line')} l WHERE l.${esc('programme')} = :programme AND l.${esc('month')} = :month AND l.${esc('personId')} = e.${esc('personId')})`,
        { month },
      );
    if (after != null) qb.andWhere('e.personId > :after', { after });
    const rows = await qb.orderBy('e.personId', 'ASC').addOrderBy('e.startDate', 'DESC').addOrderBy('e.id', 'ASC').limit(RECIPIENT_PAGE).getMany();
    const out: Recipient[] = [];
    let last: string | null = null;
    for (const e of rows) {
      if (e.personId === last) continue;
      last = e.personId;
      out.push({ personId: e.personId, enrolmentId: e.id, townshipCode: e.townshipCode, amount: e.amount });
    }
    if (out.length) yield out;
    if (rows.length < RECIPIENT_PAGE) return;
    after = last;
  }
}
