import crypto from 'node:crypto';
import {
  assertCanWrite, badInput, Decimal, idempotent, lockedRecord, updateLocked, type SubgraphContext,
  assertPersonsInRegistry, checkAmountAtMost, checkDateInWindow, checkUuid,
} from '@aidgraph/subgraph-kit';
import { PublicRentalAllocation } from './public-rental-allocation.entity';
import { PublicRentalAllocationStatus } from './public-rental-allocation.enums';
import type { CorrectPublicRentalAllocationInput, RecordPublicRentalAllocationInput } from './public-rental-allocation.input';
import { HOUSING, addYears, checkDate, checkPositiveYuan, checkText, checkTownship } from '../common/checks';
import { parseFloorArea, type FloorArea } from '../common/floor-area';
import { housingWrite } from '../common/transaction';
import { assertPublicRentalFits } from '../housing-assistance/exclusion.rules';
import { earliestPublicRentalDate, publicRentalBounds } from '../common/housing-limits';

/** Floor area bounds (m²): public rental dwellings are small units of up to 60 m² (建保〔2010〕87号); 10 m² guards typing errors. */
const MIN_AREA = new Decimal('10.00');
const MAX_AREA = new Decimal('60.00');
/** Upper bound of a monthly rent: a guard against typing errors (the rent is a few yuan per m²). */
const MAX_MONTHLY_RENT = '5000.00';
/** 公共租赁住房管理办法 (住房和城乡建设部令第11号): a lease runs for at most 5 years (renewable on a new review). */
const MAX_LEASE_YEARS = 5;

function checkArea(value: string): FloorArea {
  const parsed = parseFloorArea(value);
  if (parsed === null || new Decimal(parsed).lessThan(MIN_AREA) || new Decimal(parsed).greaterThan(MAX_AREA))
    throw badInput(`\`area\` must be from ${MIN_AREA.toFixed(2)} to ${MAX_AREA.toFixed(2)} m²`, 'area', 'AREA_OUT_OF_RANGE');
  return parsed;
}

/** Days ahead a lease may start (allocations are signed for the coming quarter). */
const MAX_DAYS_AHEAD = 92;

function checkLease(leaseStart: string, leaseEnd: string): void {
  checkDateInWindow(leaseStart, 'leaseStart', {
    earliest: earliestPublicRentalDate(), earliestWhat: 'the first entry of the public rental limits table', maxFutureDays: MAX_DAYS_AHEAD,
  });
  checkDateInWindow(leaseEnd, 'leaseEnd', { maxFutureDays: MAX_DAYS_AHEAD + MAX_LEASE_YEARS * 366 });
  if (leaseEnd <= leaseStart) throw badInput('the lease must end after it starts', 'leaseEnd', 'PERIOD_OUT_OF_ORDER');
  if (leaseEnd >= addYears(leaseStart, MAX_LEASE_YEARS))
    throw badInput(`a public rental lease runs for at most ${MAX_LEASE_YEARS} years`, 'leaseEnd', 'PERIOD_TOO_LONG');
}

/**
 * The bounds of public-rental-limits.json in force on the lease start: the floor area within the table's range
 * (AREA_OUT_OF_RANGE) and the monthly rent at most its limit (AMOUNT_ABOVE_LIMIT).
 */
function checkTableBounds(leaseStart: string, area: string, monthlyRent: string): void {
  const b = publicRentalBounds(leaseStart);
  if (!b) return;
  if (new Decimal(area).lessThan(b.minArea) || new Decimal(area).greaterThan(b.maxArea))
    throw badInput(`\`area\` must be from ${b.minArea} to ${b.maxArea} m² (public rental limits table)`, 'area', 'AREA_OUT_OF_RANGE');
  checkAmountAtMost(monthlyRent, 'monthlyRent', b.rent);
}

/** Validate and record a public rental allocation (one transaction). Housing officers only. */
export async function recordPublicRentalAllocation(ctx: SubgraphContext, input: RecordPublicRentalAllocationInput): Promise<PublicRentalAllocation> {
  assertCanWrite(ctx.identity, HOUSING);
  const householdId = checkUuid(input.householdId, 'householdId');
  const personId = checkUuid(input.applicantId, 'applicantId');
  const townshipCode = checkTownship(input.townshipCode, 'townshipCode');
  const dwellingAddress = checkText(input.dwellingAddress, 200, 'dwellingAddress');
  const area = checkArea(input.area);
  const monthlyRent = checkPositiveYuan(input.monthlyRent, MAX_MONTHLY_RENT, 'monthlyRent');
  checkLease(input.leaseStart, input.leaseEnd);
  checkTableBounds(input.leaseStart, area, monthlyRent);
  await assertPersonsInRegistry(ctx, [{ id: personId, field: 'applicantId' }], { active: true });
  return housingWrite(ctx, (tx) => idempotent(ctx, tx, 'recordPublicRentalAllocation', input, {
    authorize: () => assertCanWrite(ctx.identity, HOUSING),
    create: async () => {
    const repo = tx.getRepository(PublicRentalAllocation);
    const rec = repo.create({
      id: crypto.randomUUID(), householdId, personId, dwellingAddress, area, monthlyRent, leaseStart: input.leaseStart,
      leaseEnd: input.leaseEnd, status: PublicRentalAllocationStatus.ACTIVE, townshipCode,
    });
    await assertPublicRentalFits(tx, rec);
    await repo.insert(rec);
    ctx.audit.noteWrite({
      entity: 'PublicRentalAllocation', key: rec.id, personId, action: 'create',
      // the dwelling address is where the household lives: the audit log notes that it was set, not what it is
      changes: { dwellingAddress: [null, '(set)'], area: [null, area], monthlyRent: [null, monthlyRent], leaseStart: [null, rec.leaseStart], leaseEnd: [null, rec.leaseEnd], status: [null, rec.status] },
    });
    return rec;
    },
    reload: (id) => tx.getRepository(PublicRentalAllocation).findOneBy({ id }),
  }));
}

/** Correct a public rental allocation; only the given fields change, and the result must pass the rules of a new record. */
export async function correctPublicRentalAllocation(ctx: SubgraphContext, input: CorrectPublicRentalAllocationInput): Promise<PublicRentalAllocation> {
  assertCanWrite(ctx.identity, HOUSING);
  const id = checkUuid(input.id, 'id');
  const dwellingAddress = input.dwellingAddress != null ? checkText(input.dwellingAddress, 200, 'dwellingAddress') : undefined;
  const area = input.area != null ? checkArea(input.area) : undefined;
  const monthlyRent = input.monthlyRent != null ? checkPositiveYuan(input.monthlyRent, MAX_MONTHLY_RENT, 'monthlyRent') : undefined;
  return housingWrite(ctx, async (tx) => {
    // locked until the transaction ends: concurrent corrections run one after the other, each on the one before it
    const rec = await lockedRecord(tx, PublicRentalAllocation, { id }, { notFound: 'no public rental allocation has this id' });
    const next = {
      dwellingAddress: dwellingAddress ?? rec.dwellingAddress,
      area: area ?? rec.area,
      monthlyRent: monthlyRent ?? rec.monthlyRent,
      leaseStart: input.leaseStart ?? rec.leaseStart,
      leaseEnd: input.leaseEnd ?? rec.leaseEnd,
      status: input.status ?? rec.status,
    };
    checkLease(next.leaseStart, next.leaseEnd);
    if (area !== undefined || monthlyRent !== undefined || input.leaseStart != null) checkTableBounds(next.leaseStart, next.area, next.monthlyRent);
    const changes: Record<string, [unknown, unknown]> = {};
    for (const k of Object.keys(next) as (keyof typeof next)[])
      if (next[k] !== rec[k]) changes[k] = k === 'dwellingAddress' ? ['(set)', '(changed)'] : [rec[k], next[k]];
    if (!Object.keys(changes).length) return rec;
    await assertPublicRentalFits(tx, { ...rec, ...next, id: rec.id });
    await updateLocked(tx, PublicRentalAllocation, rec, next);
    ctx.audit.noteWrite({ entity: 'PublicRentalAllocation', key: rec.id, personId: rec.personId, action: 'update', changes });
    return rec;
  });
}
