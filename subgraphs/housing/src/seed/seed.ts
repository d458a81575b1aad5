import { Decimal, addDays, yuan } from '@aidgraph/subgraph-kit';
import {
  Random, REFERENCE_DATE, type HouseholdRecord, type PopulationSeeder, type RowSink,
} from '@aidgraph/population';
import { RentSubsidy } from '../modules/rent-subsidy/rent-subsidy.entity';
import { RentSubsidyStatus } from '../modules/rent-subsidy/rent-subsidy.enums';
import { PublicRentalAllocation } from '../modules/public-rental-allocation/public-rental-allocation.entity';
import { PublicRentalAllocationStatus } from '../modules/public-rental-allocation/public-rental-allocation.enums';
import { DilapidatedHouseRenovation } from '../modules/dilapidated-house-renovation/dilapidated-house-renovation.entity';
import { DilapidatedHouseGrade, DilapidatedHouseRenovationStatus } from '../modules/dilapidated-house-renovation/dilapidated-house-renovation.enums';
import { addMonths, addYears } from '../modules/common/checks';

/**
 * Demo figures of the seed, of the order of Jiaozhou's (not its published standards, which are configuration):
 * a rent subsidy pays a rate per m² of a guaranteed area of 15 m² per member (up to 3 members) each month;
 * public rental rent is a few yuan per m², reduced for dibao and tekun households.
 */
export const SEED_FIGURES = {
  guaranteedAreaPerMember: 15,
  maxMembersCounted: 3,
  subsidyRatePerSquareMetre: { DIBAO: '16.00', TEKUN: '16.00', MARGINAL: '12.00' } as Record<string, string>,
  rentPerSquareMetre: { TEKUN: ['1.50'], DIBAO: ['2.50'], MARGINAL: ['4.00', '4.50', '5.00', '5.50', '6.00'] } as Record<string, string[]>,
};

const ASSISTED = ['DIBAO', 'TEKUN', 'MARGINAL'];
const ESTATES = ['安居苑', '惠民家园', '康宁苑', '福泽园', '和悦家园', '民安小区'];

/** The rent subsidy of a seeded household: rate × 15 m² × members (at most 3), in yuan a month. */
export function seededMonthlySubsidy(category: string, activeMembers: number): string {
  const area = SEED_FIGURES.guaranteedAreaPerMember * Math.min(activeMembers, SEED_FIGURES.maxMembersCounted);
  return yuan(new Decimal(SEED_FIGURES.subsidyRatePerSquareMetre[category]).times(area));
}

/**
 * Housing's share of the deterministic population (the kit calls `household` for every household in order), with its own
 * draws (`${seed}:housing`, forked per household so that one household's draws never shift another's):
 * - a household living in a dilapidated house (housing DILAPIDATED: rural and assisted in the population) gets a
 *   renovation: grade C (65%) or D (35%), subsidy 10,000-20,000 (C) or 30,000-45,000 yuan (D), assessed 2021-2025,
 *   completed 90-300 days later when that is before the reference date, otherwise under way; 3% were cancelled;
 * - a renting household (housing RENTED) of an assisted category (DIBAO, TEKUN, MARGINAL) gets either a public rental
 *   allocation (urban households, half of them: a 3-year lease starting 2023-01..2025-11, 36-60 m², a few yuan per m²;
 *   30% also had an earlier lease of the same dwelling, ENDED) or a rent subsidy (the others: ACTIVE for 12 months from a
 *   month of 2025; half also had the previous 12 months, ENDED). Never both, so the exclusion rule holds.
 * Households with no active member (all deceased or moved away) get nothing. The applicant is the first active adult.
 */
export function housingSeeder(seed: string): PopulationSeeder {
  const r = new Random(`${seed}:housing`);
  const dwellings = new Set<string>();

  const renovate = (h: HouseholdRecord, personId: string, hr: Random, put: RowSink) => {
    const grade = hr.chance(0.35) ? DilapidatedHouseGrade.D : DilapidatedHouseGrade.C;
    const subsidy = yuan(grade === DilapidatedHouseGrade.D ? hr.int(60, 90) * 500 : hr.int(20, 40) * 500);
    const assessedOn = addDays('2021-03-01', hr.int(0, 1700));
    const finished = addDays(assessedOn, hr.int(90, 300));
    let status =
      finished <= REFERENCE_DATE
        ? DilapidatedHouseRenovationStatus.COMPLETED
        : addDays(assessedOn, 60) <= REFERENCE_DATE
          ? DilapidatedHouseRenovationStatus.IN_PROGRESS
          : DilapidatedHouseRenovationStatus.APPROVED;
    if (hr.chance(0.03)) status = DilapidatedHouseRenovationStatus.CANCELLED;
    put(DilapidatedHouseRenovation, {
      id: hr.uuid(), householdId: h.id, personId, villageCode: h.villageCode, grade, subsidy, assessedOn,
      completedOn: status === DilapidatedHouseRenovationStatus.COMPLETED ? finished : null, status, townshipCode: h.townshipCode,
    });
  };

  const allocate = (h: HouseholdRecord, personId: string, hr: Random, put: RowSink) => {
    // a dwelling is let to one household at a time: draw until free, moving on to a later phase (二期, 三期, ...) of the
    // estates when they fill up, so that a large population never runs out of dwellings
    let dwellingAddress: string;
    let tries = 0;
    do {
      const phase = 1 + Math.floor(tries++ / 10);
      const estate = hr.pick(ESTATES) + (phase > 1 ? `${phase}期` : '');
      dwellingAddress = `胶州市${estate}${hr.int(1, 12)}号楼${hr.int(1, 3)}单元${hr.int(1, 11)}0${hr.int(1, 2)}室`;
    } while (dwellings.has(dwellingAddress));
    dwellings.add(dwellingAddress);
    const area = new Decimal(hr.int(3600, 6000)).dividedBy(100).toFixed(2);
    const monthlyRent = yuan(new Decimal(area).times(hr.pick(SEED_FIGURES.rentPerSquareMetre[h.category])));
    const leaseStart = `${addMonths('2023-01', hr.int(0, 34))}-01`;
    const lease = (start: string, status: PublicRentalAllocationStatus) =>
      put(PublicRentalAllocation, {
        id: hr.uuid(), householdId: h.id, personId, dwellingAddress, area, monthlyRent, leaseStart: start,
        leaseEnd: addDays(addYears(start, 3), -1), status, townshipCode: h.townshipCode,
      });
    if (hr.chance(0.3)) lease(addYears(leaseStart, -3), PublicRentalAllocationStatus.ENDED);
    lease(leaseStart, PublicRentalAllocationStatus.ACTIVE);
  };

  const subsidise = (h: HouseholdRecord, personId: string, activeMembers: number, hr: Random, put: RowSink) => {
    const monthlyAmount = seededMonthlySubsidy(h.category, activeMembers);
    const startMonth = addMonths('2025-01', hr.int(0, 11));
    const period = (start: string, status: RentSubsidyStatus) =>
      put(RentSubsidy, {
        id: hr.uuid(), householdId: h.id, personId, monthlyAmount, startMonth: start, endMonth: addMonths(start, 11), status,
        townshipCode: h.townshipCode,
      });
    if (hr.chance(0.5)) period(addMonths(startMonth, -12), RentSubsidyStatus.ENDED);
    period(startMonth, RentSubsidyStatus.ACTIVE);
  };

  return {
    household(h, put) {
      const renovates = h.housing === 'DILAPIDATED' && !h.urban;
      const rents = h.housing === 'RENTED' && ASSISTED.includes(h.category);
      if (!renovates && !rents) return;
      const active = h.members.filter((m) => m.status === 'ACTIVE');
      if (!active.length) return;
      const applicant = active.find((m) => m.age >= 18) ?? active[0];
      const hr = r.fork(h.id);
      if (renovates) renovate(h, applicant.id, hr, put);
      else if (h.urban && hr.chance(0.5)) allocate(h, applicant.id, hr, put);
      else subsidise(h, applicant.id, active.length, hr, put);
    },
  };
}

