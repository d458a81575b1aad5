import crypto from 'node:crypto';
import {
  assertCanWrite, badInput, idempotent, lockedRecord, updateLocked, type SubgraphContext, assertPersonsInRegistry,
  checkAmountAtMost, checkMonthInWindow, checkUuid,
} from '@aidgraph/subgraph-kit';
import { RentSubsidy } from './rent-subsidy.entity';
import { RentSubsidyStatus } from './rent-subsidy.enums';
import type { CorrectRentSubsidyInput, RecordRentSubsidyInput } from './rent-subsidy.input';
import { HOUSING, checkMonth, checkPositiveYuan, checkTownship, monthsInclusive } from '../common/checks';
import { housingWrite } from '../common/transaction';
import { assertRentSubsidyFits } from '../housing-assistance/exclusion.rules';
import { earliestRentSubsidyDate, rentSubsidyLimit } from '../common/housing-limits';

/** Upper bound of a monthly amount: a guard against typing errors (a rent subsidy is a few hundred yuan a month). */
const MAX_MONTHLY_AMOUNT = '5000.00';
/** A subsidy is approved for at most a year; it is renewed after the yearly review (年度复核) as a new record. */
const MAX_MONTHS = 12;

/** Months ahead a subsidy may start: approved subsidies start within the next quarter. */
const MAX_DAYS_AHEAD = 92;

function checkPeriod(startMonth: string, endMonth: string): void {
  checkMonthInWindow(startMonth, 'startMonth', {
    earliest: earliestRentSubsidyDate(), earliestWhat: 'the first entry of the rent subsidy limits table', maxFutureDays: MAX_DAYS_AHEAD,
  });
  checkMonth(endMonth, 'endMonth');
  if (endMonth < startMonth) throw badInput('the period must not end before it starts', 'endMonth', 'PERIOD_OUT_OF_ORDER');
  if (monthsInclusive(startMonth, endMonth) > MAX_MONTHS)
    throw badInput(`a rent subsidy covers at most ${MAX_MONTHS} months; record a renewal as a new subsidy`, 'endMonth', 'PERIOD_TOO_LONG');
}

/** AMOUNT_ABOVE_LIMIT when the monthly amount is above the limit in force in the first month (rent-subsidy-limits.json). */
function checkMonthlyLimit(startMonth: string, monthlyAmount: string): void {
  const limit = rentSubsidyLimit(`${startMonth}-01`);
  if (limit) checkAmountAtMost(monthlyAmount, 'monthlyAmount', limit);
}

/** Validate and record a rent subsidy (one transaction). Housing officers only. */
export async function recordRentSubsidy(ctx: SubgraphContext, input: RecordRentSubsidyInput): Promise<RentSubsidy> {
  assertCanWrite(ctx.identity, HOUSING);
  const householdId = checkUuid(input.householdId, 'householdId');
  const personId = checkUuid(input.applicantId, 'applicantId');
  const townshipCode = checkTownship(input.townshipCode, 'townshipCode');
  const monthlyAmount = checkPositiveYuan(input.monthlyAmount, MAX_MONTHLY_AMOUNT, 'monthlyAmount');
  checkPeriod(input.startMonth, input.endMonth);
  checkMonthlyLimit(input.startMonth, monthlyAmount);
  await assertPersonsInRegistry(ctx, [{ id: personId, field: 'applicantId' }], { active: true });
  return housingWrite(ctx, (tx) => idempotent(ctx, tx, 'recordRentSubsidy', input, {
    authorize: () => assertCanWrite(ctx.identity, HOUSING),
    create: async () => {
    const repo = tx.getRepository(RentSubsidy);
    const rec = repo.create({
      id: crypto.randomUUID(), householdId, personId, monthlyAmount, startMonth: input.startMonth, endMonth: input.endMonth,
      status: RentSubsidyStatus.ACTIVE, townshipCode,
    });
    await assertRentSubsidyFits(tx, rec);
    await repo.insert(rec);
    ctx.audit.noteWrite({
      entity: 'RentSubsidy', key: rec.id, personId, action: 'create',
      changes: { monthlyAmount: [null, monthlyAmount], startMonth: [null, rec.startMonth], endMonth: [null, rec.endMonth], status: [null, rec.status] },
    });
    return rec;
    },
    reload: (id) => tx.getRepository(RentSubsidy).findOneBy({ id }),
  }));
}

/** Correct a rent subsidy; only the given fields change, and the result must pass the rules of a new record. */
export async function correctRentSubsidy(ctx: SubgraphContext, input: CorrectRentSubsidyInput): Promise<RentSubsidy> {
  assertCanWrite(ctx.identity, HOUSING);
  const id = checkUuid(input.id, 'id');
  const monthlyAmount = input.monthlyAmount != null ? checkPositiveYuan(input.monthlyAmount, MAX_MONTHLY_AMOUNT, 'monthlyAmount') : undefined;
  return housingWrite(ctx, async (tx) => {
    // locked until the transaction ends: concurrent corrections run one after the other, each on the one before it
    const rec = await lockedRecord(tx, RentSubsidy, { id }, { notFound: 'no rent subsidy has this id' });
    const next = {
      monthlyAmount: monthlyAmount ?? rec.monthlyAmount,
      startMonth: input.startMonth ?? rec.startMonth,
      endMonth: input.endMonth ?? rec.endMonth,
      status: input.status ?? rec.status,
    };
    checkPeriod(next.startMonth, next.endMonth);
    if (monthlyAmount !== undefined || input.startMonth != null) checkMonthlyLimit(next.startMonth, next.monthlyAmount);
    const changes: Record<string, [unknown, unknown]> = {};
    for (const k of Object.keys(next) as (keyof typeof next)[]) if (next[k] !== rec[k]) changes[k] = [rec[k], next[k]];
    if (!Object.keys(changes).length) return rec;
    await assertRentSubsidyFits(tx, { ...rec, ...next, id: rec.id });
    await updateLocked(tx, RentSubsidy, rec, next);
    ctx.audit.noteWrite({ entity: 'RentSubsidy', key: rec.id, personId: rec.personId, action: 'update', changes });
    return rec;
  });
}
