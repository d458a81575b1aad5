import { z } from 'zod';
import bundled from './enrolment-limits.json';
import { dibaoStandardOn, loadDibaoStandards, type DibaoStandardTable } from './dibao-standard';
import { Decimal } from './money';
import { definePolicyTable, entryInForce, limitsTableSchema, tableMultiple, type AmountLimit } from './plausibility';

/**
 * The limits of assistance amounts as multiples of the dibao standard in force (issue 14, item 11), shared by civil
 * affairs' enrolments and the service centre's public-notice amounts (公示金额), so that both check one table:
 * enrolment-limits.json beside this module, replaceable by the file ENROLMENT_LIMITS_FILE names (placeholders).
 */
export const enrolmentLimits = definePolicyTable({
  envVar: 'ENROLMENT_LIMITS_FILE',
  bundled,
  schema: limitsTableSchema({
    /** 特困 basic living amount: at most this multiple of the monthly dibao standard */
    tekunMultiple: tableMultiple,
    /** one-off 临时救助: at most this multiple of the monthly dibao standard */
    temporaryMultiple: tableMultiple,
    /** the largest household a notice's household amount is checked against when the household's size is not known */
    maxHouseholdSize: z.number().int().min(1).max(99),
  }),
});

let standards: { file: string | undefined; table: DibaoStandardTable } | undefined;
/** The dibao standards table of this process (DIBAO_STANDARDS_FILE or the bundled one), read once per file. */
export function dibaoStandardsTable(): DibaoStandardTable {
  const file = process.env.DIBAO_STANDARDS_FILE || undefined;
  if (!standards || standards.file !== file) standards = { file, table: loadDibaoStandards(file) };
  return standards.table;
}

/** The programmes whose public notice (公示) shows an amount. */
export type NoticedProgramme = 'DIBAO' | 'TEKUN' | 'TEMPORARY';

/**
 * The most a public notice may propose for `programme` on `date`: DIBAO, per month for the household, the dibao
 * standard x `persons` (amount = (standard - per-capita income) x counted members); TEKUN, per month for the person,
 * tekunMultiple x the standard x `persons` (the members found tekun); TEMPORARY, once for the household,
 * temporaryMultiple x the standard x `persons`. The standard is the area's (`area`) or, not knowing the area, the
 * higher of urban and rural. `persons` defaults to the table's maxHouseholdSize (DIBAO, TEMPORARY) or 1 (TEKUN).
 * Undefined before the first entry of either table.
 */
export function noticeAmountLimit(programme: NoticedProgramme, date: string, o: { persons?: number; area?: 'URBAN' | 'RURAL' | null } = {}): AmountLimit | undefined {
  const s = dibaoStandardOn(dibaoStandardsTable(), date);
  const l = entryInForce(enrolmentLimits.get().limits, date);
  if (!s || !l) return undefined;
  const standard = o.area === 'URBAN' ? new Decimal(s.urban) : o.area === 'RURAL' ? new Decimal(s.rural) : Decimal.max(s.urban, s.rural);
  const which = o.area ? `the ${o.area.toLowerCase()} dibao standard` : 'the dibao standard (the higher of urban and rural)';
  const persons = o.persons ?? (programme === 'TEKUN' ? 1 : l.maxHouseholdSize);
  const who = o.persons != null ? `${persons} person(s)` : programme === 'TEKUN' ? 'one person' : `at most ${persons} persons (ENROLMENT_LIMITS_FILE maxHouseholdSize)`;
  const what = `${which} in force on ${date} (from ${s.effectiveFrom})`;
  switch (programme) {
    case 'DIBAO':
      return { max: standard.times(persons).toDecimalPlaces(2, Decimal.ROUND_DOWN), what: `${what} x ${who}` };
    case 'TEKUN':
      return { max: standard.times(l.tekunMultiple).times(persons).toDecimalPlaces(2, Decimal.ROUND_DOWN), what: `${l.tekunMultiple} x ${what} x ${who}` };
    case 'TEMPORARY':
      return { max: standard.times(l.temporaryMultiple).times(persons).toDecimalPlaces(2, Decimal.ROUND_DOWN), what: `${l.temporaryMultiple} x ${what} x ${who}` };
  }
}
