import type { EntityManager } from 'typeorm';
import { conflict } from '@aidgraph/subgraph-kit';
import { RentSubsidy } from '../rent-subsidy/rent-subsidy.entity';
import { PAID_RENT_SUBSIDY_STATUSES, RentSubsidyStatus } from '../rent-subsidy/rent-subsidy.enums';
import { PublicRentalAllocation } from '../public-rental-allocation/public-rental-allocation.entity';
import { HELD_LEASE_STATUSES, PublicRentalAllocationStatus } from '../public-rental-allocation/public-rental-allocation.enums';
import { DilapidatedHouseRenovation } from '../dilapidated-house-renovation/dilapidated-house-renovation.entity';
import { OPEN_RENOVATION_STATUSES } from '../dilapidated-house-renovation/dilapidated-house-renovation.enums';
import { firstDayOf, lastDayOf, monthOf } from '../common/checks';

/**
 * The rules that tie a household's housing assistance together, checked inside the write's transaction against the
 * records already stored (the record being written is excluded by its id). Each failure is CONFLICT with a reason:
 *
 * - ACTIVE_RENT_SUBSIDY_EXISTS: a household has at most one ACTIVE rent subsidy;
 * - OVERLAPPING_RENT_SUBSIDY: the periods of a household's paid (ACTIVE or ENDED) subsidies share no month;
 * - PUBLIC_RENTAL_IN_PERIOD / RENT_SUBSIDY_IN_PERIOD: 实物配租 and 租赁补贴 exclude each other — no month of a paid rent
 *   subsidy may contain a day of a lease the household held (ACTIVE or ENDED). A household that leaves its public rental
 *   dwelling may receive a rent subsidy from the month after it moved out;
 * - ACTIVE_PUBLIC_RENTAL_EXISTS / OVERLAPPING_LEASE: a household holds at most one lease at a time;
 * - DWELLING_LET: a dwelling (same address, compared after trimming and collapsing spaces) is let to one household at a time;
 * - OPEN_RENOVATION_EXISTS: a household has at most one renovation open (APPROVED or IN_PROGRESS) at a time.
 *
 * REVOKED subsidies, CANCELLED allocations and CANCELLED or COMPLETED renovations count for none of these.
 */

export async function assertRentSubsidyFits(
  tx: EntityManager,
  s: Pick<RentSubsidy, 'id' | 'householdId' | 'startMonth' | 'endMonth' | 'status'>,
): Promise<void> {
  if (!PAID_RENT_SUBSIDY_STATUSES.includes(s.status)) return;
  const subsidies = () => tx.getRepository(RentSubsidy).createQueryBuilder('s').where('s.householdId = :h AND s.id <> :id', { h: s.householdId, id: s.id });
  if (s.status === RentSubsidyStatus.ACTIVE && (await subsidies().andWhere('s.status = :active', { active: RentSubsidyStatus.ACTIVE }).getCount()) > 0)
    throw conflict('this household already has an active rent subsidy: end it before recording another', 'ACTIVE_RENT_SUBSIDY_EXISTS');
  const overlapping = await subsidies()
    .andWhere('s.status IN (:...paid)', { paid: PAID_RENT_SUBSIDY_STATUSES })
    .andWhere('s.startMonth <= :end AND s.endMonth >= :start', { start: s.startMonth, end: s.endMonth })
    .getCount();
  if (overlapping > 0) throw conflict('this household already receives a rent subsidy in a month of this period', 'OVERLAPPING_RENT_SUBSIDY');
  const leases = await tx
    .getRepository(PublicRentalAllocation)
    .createQueryBuilder('a')
    .where('a.householdId = :h AND a.status IN (:...held)', { h: s.householdId, held: HELD_LEASE_STATUSES })
    .andWhere('a.leaseStart <= :last AND a.leaseEnd >= :first', { first: firstDayOf(s.startMonth), last: lastDayOf(s.endMonth) })
    .getCount();
  if (leases > 0)
    throw conflict('this household holds a public rental lease in a month of this period; the two exclude each other', 'PUBLIC_RENTAL_IN_PERIOD');
}

export async function assertPublicRentalFits(
  tx: EntityManager,
  a: Pick<PublicRentalAllocation, 'id' | 'householdId' | 'dwellingAddress' | 'leaseStart' | 'leaseEnd' | 'status'>,
): Promise<void> {
  if (!HELD_LEASE_STATUSES.includes(a.status)) return;
  const held = () =>
    tx.getRepository(PublicRentalAllocation).createQueryBuilder('a').where('a.id <> :id AND a.status IN (:...held)', { id: a.id, held: HELD_LEASE_STATUSES });
  if (
    a.status === PublicRentalAllocationStatus.ACTIVE &&
    (await held().andWhere('a.householdId = :h AND a.status = :active', { h: a.householdId, active: PublicRentalAllocationStatus.ACTIVE }).getCount()) > 0
  )
    throw conflict('this household already holds an active public rental lease: end it before recording another', 'ACTIVE_PUBLIC_RENTAL_EXISTS');
  const during = { start: a.leaseStart, end: a.leaseEnd };
  if ((await held().andWhere('a.householdId = :h', { h: a.householdId }).andWhere('a.leaseStart <= :end AND a.leaseEnd >= :start', during).getCount()) > 0)
    throw conflict('this household already holds a public rental lease during this lease', 'OVERLAPPING_LEASE');
  if ((await held().andWhere('a.dwellingAddress = :d', { d: a.dwellingAddress }).andWhere('a.leaseStart <= :end AND a.leaseEnd >= :start', during).getCount()) > 0)
    throw conflict('this dwelling is let to a household during this lease', 'DWELLING_LET');
  const subsidies = await tx
    .getRepository(RentSubsidy)
    .createQueryBuilder('s')
    .where('s.householdId = :h AND s.status IN (:...paid)', { h: a.householdId, paid: PAID_RENT_SUBSIDY_STATUSES })
    .andWhere('s.startMonth <= :end AND s.endMonth >= :start', { start: monthOf(a.leaseStart), end: monthOf(a.leaseEnd) })
    .getCount();
  if (subsidies > 0)
    throw conflict('this household receives a rent subsidy in a month of this lease; the two exclude each other', 'RENT_SUBSIDY_IN_PERIOD');
}

export async function assertRenovationFits(
  tx: EntityManager,
  r: Pick<DilapidatedHouseRenovation, 'id' | 'householdId' | 'status'>,
): Promise<void> {
  if (!OPEN_RENOVATION_STATUSES.includes(r.status)) return;
  const open = await tx
    .getRepository(DilapidatedHouseRenovation)
    .createQueryBuilder('r')
    .where('r.householdId = :h AND r.id <> :id AND r.status IN (:...open)', { h: r.householdId, id: r.id, open: OPEN_RENOVATION_STATUSES })
    .getCount();
  if (open > 0) throw conflict('this household already has a renovation under way: complete or cancel it first', 'OPEN_RENOVATION_EXISTS');
}
