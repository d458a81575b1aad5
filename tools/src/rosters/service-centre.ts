import { Decimal, addDays, todayInChina } from '@aidgraph/subgraph-kit';
import { serviceCentreSeeder } from '@aidgraph/service-centre/dist/seed/seed';
import { STATUS_LABELS, assistanceApplicationRoster } from '@aidgraph/service-centre/dist/roster/service-centre.roster';
import { labelOf, seederRows, townshipName, type RosterSpec } from './model';

/** 一窗受理花名册: the service-centre seeder's records (the department's records of the same people). */
export const applications: RosterSpec = {
  adapter: assistanceApplicationRoster,
  title: '一窗受理花名册',
  dateFields: ['decidedOn'],
  amountFields: ['amount'],
  records: (pop) => seederRows(serviceCentreSeeder(pop.seed), pop).get('AssistanceApplication') ?? [],
  values(r, pop) {
    const p = pop.persons.get(r.personId)!;
    return {
      name: p.name, idNumber: p.idNumber, townshipCode: townshipName(r.townshipCode), amount: r.amount, decidedOn: r.decidedOn,
      status: labelOf(STATUS_LABELS, r.status),
    };
  },
  requiredBlank: 'amount',
  badLabel: { field: 'status', value: '已退回' },
  // a decision dated in the future is refused by the service's own rule
  ruleBreak: (r) => ({ row: { ...r, decidedOn: addDays(todayInChina(), 60) }, detail: 'DATE_OUT_OF_RANGE' }),
  correct: (r, i) => (i % 4 === 1 ? { record: { ...r, amount: new Decimal(r.amount).plus(100).toFixed(2) }, changed: ['amount'] } : null),
};

/** The example rosters of service-centre, in import order (found by tools/src/rosters/index.ts from schema/subgraphs.json). */
export const rosterSpecs: RosterSpec[] = [applications];
