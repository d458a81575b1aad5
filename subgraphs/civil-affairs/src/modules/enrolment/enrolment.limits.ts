import {
  Decimal, dibaoStandardOn, dibaoStandardsTable, earliestEffective, enrolmentLimits, entryInForce, type AmountLimit, type DibaoStandardTable,
} from '@aidgraph/subgraph-kit';
import type { CivilAffairsProgramme } from '../common/enums';

/**
 * Plausibility limits of civil-affairs enrolments (issue 14, item 11): the amount of an enrolment against the dibao
 * standard in force on its date for the person's area (urban or rural household), from the standards table
 * (DIBAO_STANDARDS_FILE) and the multiples of the kit's enrolment-limits table (ENROLMENT_LIMITS_FILE, placeholders;
 * subgraphs/kit/src/domain/enrolment-limits.json), which the service centre's public-notice amounts use too.
 */
export { enrolmentLimits };

/** The dibao standards table of this process (DIBAO_STANDARDS_FILE or the bundled one), read once per file. */
export function dibaoStandards(): DibaoStandardTable {
  return dibaoStandardsTable();
}

/** The first date an enrolment can have: the first dibao standard's effective date (no amount can be checked before it). */
export function earliestEnrolmentDate(): string {
  return earliestEffective(dibaoStandards().standards);
}

/**
 * The most an enrolment of `programme` may pay, starting (or paid) on `date`, for a person of an urban or rural
 * household: DIBAO the standard, TEKUN tekunMultiple x it, TEMPORARY temporaryMultiple x it (one-off), MARGINAL 0.
 * Undefined before the first standard.
 */
export function enrolmentAmountLimit(programme: CivilAffairsProgramme, date: string, urban: boolean): AmountLimit | undefined {
  const s = dibaoStandardOn(dibaoStandards(), date);
  const l = entryInForce(enrolmentLimits.get().limits, date);
  if (!s || !l) return undefined;
  const area = urban ? 'urban' : 'rural';
  const standard = new Decimal(urban ? s.urban : s.rural);
  const what = `the ${area} dibao standard in force on ${date}`;
  switch (programme) {
    case 'DIBAO':
      return { max: standard, what: `${what} (from ${s.effectiveFrom})` };
    case 'TEKUN':
      return { max: standard.times(l.tekunMultiple).toDecimalPlaces(2, Decimal.ROUND_DOWN), what: `${l.tekunMultiple} x ${what}` };
    case 'TEMPORARY':
      return { max: standard.times(l.temporaryMultiple).toDecimalPlaces(2, Decimal.ROUND_DOWN), what: `${l.temporaryMultiple} x ${what}` };
    default:
      return { max: new Decimal(0), what: 'a MARGINAL status carries no amount' };
  }
}
