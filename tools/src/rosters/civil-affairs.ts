import { Decimal } from '@aidgraph/subgraph-kit';
import { PROGRAMME_LABELS, enrolmentRoster } from '@aidgraph/civil-affairs/dist/roster/civil-affairs.roster';
import { labelOf, townshipName, type RosterSpec } from './model';

/**
 * 救助对象花名册: the population's enrolments (dibao, tekun, marginal, temporary) of the people still registered
 * (an enrolment is recorded only for an ACTIVE person), as the townships keep them.
 */
export const civilAffairsEnrolments: RosterSpec = {
  adapter: enrolmentRoster,
  title: '救助对象花名册',
  dateFields: ['startDate', 'endDate'],
  amountFields: ['amount'],
  records: (pop) => pop.households.flatMap((h) => h.members.filter((m) => m.status === 'ACTIVE').flatMap((m) => m.enrolments)),
  values(e, pop) {
    const p = pop.persons.get(e.personId)!;
    return {
      name: p.name, idNumber: p.idNumber, townshipCode: townshipName(p.townshipCode), programme: labelOf(PROGRAMME_LABELS, e.programme),
      startDate: e.startDate, endDate: e.programme !== 'TEMPORARY' && e.endDate ? e.endDate : '', amount: e.amount,
    };
  },
  requiredBlank: 'programme',
  badLabel: { field: 'programme', value: '困难户' },
  // ended before it started (every start date is after 2020-07-01)
  ruleBreak: (r) => (r.programme !== '临时救助' ? { row: { ...r, endDate: '2020-01-01' }, detail: 'END_BEFORE_START' } : null),
  // a corrected amount 10 yuan lower (an over-payment corrected): 10 more could pass the dibao standard (or 1.3 x it for
  // tekun), which the enrolment rules refuse (AMOUNT_ABOVE_LIMIT)
  correct: (e, i) =>
    i % 2 === 1 && new Decimal(e.amount).greaterThan(10) ? { record: { ...e, amount: new Decimal(e.amount).minus(10).toFixed(2) }, changed: ['amount'] } : null,
};

/** The example rosters of civil-affairs, in import order (found by tools/src/rosters/index.ts from schema/subgraphs.json). */
export const rosterSpecs: RosterSpec[] = [civilAffairsEnrolments];
