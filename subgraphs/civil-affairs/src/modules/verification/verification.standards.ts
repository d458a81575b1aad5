import { z } from 'zod';
import { definePolicyTable, dibaoStandardOn, entryInForce, limitsTableSchema, tableMultiple, tableYuan } from '@aidgraph/subgraph-kit';
import bundled from './verification-standards.json';
import { dibaoStandards } from '../enrolment/enrolment.limits';

/**
 * The verification limits as data (issue 9 item 2): the marginal factor and the asset limits with effective dates
 * (verification-standards.json, replaceable by VERIFICATION_STANDARDS_FILE; validated when the schema is built, so a
 * bad file stops the start with every problem listed). The dibao standard comes from the one standards table
 * (DIBAO_STANDARDS_FILE), as the enrolment limits use it.
 */
export const verificationLimits = definePolicyTable({
  envVar: 'VERIFICATION_STANDARDS_FILE',
  bundled,
  schema: limitsTableSchema({
    /** 低保边缘 below this multiple of the standard */
    marginalFactor: tableMultiple,
    /** deposits: at most this many months of the standard per counted member */
    depositMonthsPerPerson: tableMultiple,
    /** a vehicle counts when its value is above this many months of the standard */
    vehicleExemptMonths: tableMultiple,
    /** how many counting vehicles the counted members may own */
    maxVehicles: z.number().int().min(0).max(99),
    /** how many dwellings the counted members may own */
    maxRealEstate: z.number().int().min(0).max(99),
    /** how many business registrations the counted members may have */
    maxBusinessRegistrations: z.number().int().min(0).max(99),
    /** the plausible upper bound of one recorded item's amount (a period's income, an asset's value), yuan */
    maxItemAmount: tableYuan,
  }),
});

/**
 * The verification rules' own version: changes when a rule function changes (stored with every run). 2: income averaged
 * over the 12-month window (overlapping items of one member and source not added), members born after the date not
 * counted, an amount rounding to 0.00 not dibao.
 */
export const RULES_VERSION = 'household-verification/2 (2026-12-02)';

/** The figures every test of one run uses: the standard for the household's area and the limits in force. */
export interface Standards {
  /** the date the figures are in force on (the run's date) */
  on: string;
  area: 'URBAN' | 'RURAL';
  /** the monthly dibao standard per person, yuan "1150.00" */
  standard: string;
  /** the effective date of that standard */
  standardFrom: string;
  marginalFactor: string;
  depositMonthsPerPerson: string;
  vehicleExemptMonths: string;
  maxVehicles: number;
  maxRealEstate: number;
  maxBusinessRegistrations: number;
  /** the effective date of the limits entry */
  limitsFrom: string;
  /** the version of rules and figures: rules, standard's and limits' effective dates, placeholder flag */
  version: string;
}

/** The standards in force on `on` for an urban or rural household, or undefined before the first entry of either table. */
export function standardsOn(on: string, urban: boolean): Standards | undefined {
  const s = dibaoStandardOn(dibaoStandards(), on);
  const l = entryInForce(verificationLimits.get().limits, on);
  if (!s || !l) return undefined;
  const placeholder = verificationLimits.get().placeholder ? ' placeholder-limits' : '';
  return {
    on,
    area: urban ? 'URBAN' : 'RURAL',
    standard: urban ? s.urban : s.rural,
    standardFrom: s.effectiveFrom,
    marginalFactor: l.marginalFactor,
    depositMonthsPerPerson: l.depositMonthsPerPerson,
    vehicleExemptMonths: l.vehicleExemptMonths,
    maxVehicles: l.maxVehicles,
    maxRealEstate: l.maxRealEstate,
    maxBusinessRegistrations: l.maxBusinessRegistrations,
    limitsFrom: l.effectiveFrom,
    version: `${RULES_VERSION}; dibao standard from ${s.effectiveFrom}; limits from ${l.effectiveFrom}${placeholder}`,
  };
}

/**
 * The plausible upper bound of one recorded item's amount in force on `date` (the table's first entry before its first
 * date: an item obtained earlier is still bounded), as a kit AmountLimit.
 */
export function itemAmountLimit(date: string): { max: string; what: string } {
  const t = verificationLimits.get().limits;
  const l = entryInForce(t, date) ?? t[0];
  return { max: l.maxItemAmount, what: `the plausible upper bound of one verification item in force on ${date} (VERIFICATION_STANDARDS_FILE maxItemAmount)` };
}
