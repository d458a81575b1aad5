import { z } from 'zod';
import { Decimal, definePolicyTable, earliestEffective, entryInForce, limitsTableSchema, tableYuan, type AmountLimit } from '@aidgraph/subgraph-kit';
import bundled from './relief-standards.json';
import { DisasterReliefType } from './disaster-relief.enums';
import { HOUSE_LOST, HouseDamageLevel } from '../disaster-assessment/disaster-assessment.enums';
import { daysInclusive } from '../common/validation';

/**
 * The relief standards (relief-standards.json, placeholders; DISASTER_RELIEF_STANDARDS_FILE replaces it), with
 * effective dates: the entry in force on the grant date gives the most a grant may pay.
 */
export const reliefStandards = definePolicyTable({
  envVar: 'DISASTER_RELIEF_STANDARDS_FILE',
  bundled,
  schema: limitsTableSchema({
    emergencyLivingPerPerson: tableYuan,
    transitionalPerPersonMonth: tableYuan,
    winterSpringPerPerson: tableYuan,
    houseRebuild: z.strictObject({ COLLAPSED: tableYuan, SEVERELY_DAMAGED: tableYuan }),
    houseRepair: tableYuan,
    deathConsolationPerDeath: tableYuan,
  }),
});

/** The first grant date the standards know (a grant dated earlier is BEFORE_PROGRAMME). */
export function earliestStandard(): string {
  return earliestEffective(reliefStandards.get().limits);
}

/** The longest transitional period (过渡期): 3 months, counted as 92 days. */
export const MAX_TRANSITIONAL_DAYS = 92;

/**
 * How many days after the event's start a grant of each type may be dated (AFTER_RELIEF_WINDOW beyond): the emergency
 * period is weeks, rebuilding takes up to two years, winter-spring relief is paid in the winter and spring after the
 * disaster year.
 */
export const RELIEF_WINDOW_DAYS: Record<DisasterReliefType, number> = {
  EMERGENCY_LIVING: 90,
  TRANSITIONAL: 270,
  HOUSE_REBUILD: 730,
  HOUSE_REPAIR: 365,
  WINTER_SPRING: 540,
  DEATH_CONSOLATION: 365,
};

/** What an assessment says of a household, as the rules read it. */
export interface AssessedHousehold {
  damageLevel: HouseDamageLevel;
  peopleAffected: number;
  deaths: number;
}

/**
 * Why a household with this assessment may not get a relief of `type` (a sentence), or null when it may:
 * HOUSE_REBUILD and TRANSITIONAL need a COLLAPSED or SEVERELY_DAMAGED house, HOUSE_REPAIR a GENERALLY_DAMAGED one,
 * DEATH_CONSOLATION at least one death; EMERGENCY_LIVING and WINTER_SPRING any assessed household.
 */
export function ineligibility(type: DisasterReliefType, a: AssessedHousehold): string | null {
  switch (type) {
    case DisasterReliefType.HOUSE_REBUILD:
      return HOUSE_LOST.includes(a.damageLevel) ? null : 'house rebuilding is only for a house assessed COLLAPSED or SEVERELY_DAMAGED';
    case DisasterReliefType.TRANSITIONAL:
      return HOUSE_LOST.includes(a.damageLevel) ? null : 'transitional relief is only for a household whose house COLLAPSED or was SEVERELY_DAMAGED';
    case DisasterReliefType.HOUSE_REPAIR:
      return a.damageLevel === HouseDamageLevel.GENERALLY_DAMAGED ? null : 'a repair subsidy is only for a house assessed GENERALLY_DAMAGED';
    case DisasterReliefType.DEATH_CONSOLATION:
      return a.deaths > 0 ? null : 'consolation is only for a household whose assessment records a death';
    default:
      return null;
  }
}

/** The months a transitional period counts for (31 days or part of them each: 3 at most for the longest, 92 days). */
export function transitionalMonths(periodStart: string, periodEnd: string): number {
  return Math.ceil(daysInclusive(periodStart, periodEnd) / 31);
}

/**
 * The most a relief of `type` may pay to a household with assessment `a`, granted on `grantedOn` (the standards in
 * force that day), for a transitional `period`; undefined before the first standard (the caller refuses that date).
 */
export function reliefLimit(
  type: DisasterReliefType,
  a: AssessedHousehold,
  grantedOn: string,
  period?: { start: string; end: string } | null,
): AmountLimit | undefined {
  const e = entryInForce(reliefStandards.get().limits, grantedOn);
  if (!e) return undefined;
  const from = `the ${type} standard from ${e.effectiveFrom}`;
  const times = (rate: string, n: number, what: string): AmountLimit => ({ max: new Decimal(rate).times(n).toFixed(2), what: `${from}: ${rate} yuan × ${n} ${what}` });
  switch (type) {
    case DisasterReliefType.EMERGENCY_LIVING:
      return times(e.emergencyLivingPerPerson, a.peopleAffected, 'people affected');
    case DisasterReliefType.WINTER_SPRING:
      return times(e.winterSpringPerPerson, a.peopleAffected, 'people affected');
    case DisasterReliefType.TRANSITIONAL: {
      const months = period ? transitionalMonths(period.start, period.end) : 3;
      return times(e.transitionalPerPersonMonth, a.peopleAffected * months, `person-months (${a.peopleAffected} people, ${months} months)`);
    }
    case DisasterReliefType.HOUSE_REBUILD: {
      const max = a.damageLevel === HouseDamageLevel.COLLAPSED ? e.houseRebuild.COLLAPSED : e.houseRebuild.SEVERELY_DAMAGED;
      return { max, what: `${from} for a ${a.damageLevel} house` };
    }
    case DisasterReliefType.HOUSE_REPAIR:
      return { max: e.houseRepair, what: `${from} per house` };
    case DisasterReliefType.DEATH_CONSOLATION:
      return times(e.deathConsolationPerDeath, Math.max(a.deaths, 1), 'deaths');
  }
}
