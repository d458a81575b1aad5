import { Decimal, addDays, todayInChina } from '@aidgraph/subgraph-kit';
import { {{nameCamel}}Seeder } from '@aidgraph/{{name}}/dist/seed/seed';
import { STATUS_LABELS, {{record}}Roster } from '@aidgraph/{{name}}/dist/roster/{{name}}.roster';
import { labelOf, seederRows, townshipName, type RosterSpec } from './model';

/** {{programme}}花名册: the {{name}} seeder's records (the department's records of the same people). */
export const {{records}}: RosterSpec = {
  adapter: {{record}}Roster,
  title: '{{programme}}花名册',
  dateFields: ['decidedOn'],
  amountFields: ['amount'],
  records: (pop) => seederRows({{nameCamel}}Seeder(pop.seed), pop).get('{{Record}}') ?? [],
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

/** The example rosters of {{name}}, in import order (found by tools/src/rosters/index.ts from schema/subgraphs.json). */
export const rosterSpecs: RosterSpec[] = [{{records}}];
