import { Decimal, addDays, todayInChina } from '@aidgraph/subgraph-kit';
import { disasterReliefSeeder } from '@aidgraph/disaster-relief/dist/seed/seed';
import { RELIEF_TYPE_LABELS, STATUS_LABELS, disasterReliefRoster } from '@aidgraph/disaster-relief/dist/roster/disaster-relief.roster';
import { labelOf, seederRows, townshipName, type Population, type RosterSpec, type SourceRecord } from './model';

const cache = new WeakMap<Population, Map<string, SourceRecord[]>>();
function rows(pop: Population): Map<string, SourceRecord[]> {
  if (!cache.has(pop)) cache.set(pop, seederRows(disasterReliefSeeder(pop.seed), pop));
  return cache.get(pop)!;
}
const eventName = (pop: Population, id: string) => rows(pop).get('DisasterEvent')!.find((e) => e.id === id)!.name as string;

/**
 * 救灾款物发放花名册: the disaster-relief seeder's grants (every status), each named by its recipient; the department's
 * database holds the events and the households' assessments (the import refuses a grant to a household not assessed).
 */
export const disasterReliefs: RosterSpec = {
  adapter: disasterReliefRoster,
  title: '救灾款物发放花名册',
  dateFields: ['grantedOn', 'periodStart', 'periodEnd'],
  amountFields: ['amount'],
  records: (pop) => rows(pop).get('DisasterRelief') ?? [],
  values(r, pop) {
    const p = pop.persons.get(r.personId)!;
    return {
      name: p.name, idNumber: p.idNumber, townshipCode: townshipName(r.townshipCode), eventName: eventName(pop, r.eventId),
      reliefType: labelOf(RELIEF_TYPE_LABELS, r.reliefType), amount: r.amount, grantedOn: r.grantedOn,
      periodStart: r.periodStart ?? '', periodEnd: r.periodEnd ?? '', status: labelOf(STATUS_LABELS, r.status),
    };
  },
  requiredBlank: 'amount',
  badLabel: { field: 'reliefType', value: '临时救助' },
  // a grant dated in the future is refused by the service's own rule
  ruleBreak: (r) => ({ row: { ...r, grantedOn: addDays(todayInChina(), 60) }, detail: 'DATE_OUT_OF_RANGE' }),
  // a lower amount always fits the standard (every seeded amount is at least 300 yuan)
  correct: (r, i) => (i % 4 === 1 ? { record: { ...r, amount: new Decimal(r.amount).minus(100).toFixed(2) }, changed: ['amount'] } : null),
};

/** The example rosters of disaster-relief, in import order (found by tools/src/rosters/index.ts from schema/subgraphs.json). */
export const rosterSpecs: RosterSpec[] = [disasterReliefs];
