import { Decimal } from '@aidgraph/subgraph-kit';
import { charitySeeder } from '@aidgraph/charity/dist/seed/seed';
import { RECIPIENT_KIND_LABELS, charityGrantRoster } from '@aidgraph/charity/dist/roster/charity.roster';
import { labelOf, seederRows, townshipName, type Population, type RosterSpec, type SourceRecord } from './model';

const cache = new WeakMap<Population, Map<string, SourceRecord[]>>();
function rows(pop: Population): Map<string, SourceRecord[]> {
  if (!cache.has(pop)) cache.set(pop, seederRows(charitySeeder(pop.seed), pop));
  return cache.get(pop)!;
}
const projectName = (pop: Population, id: string) => rows(pop).get('CharityProject')!.find((p) => p.id === id)!.name as string;

/**
 * 慈善救助花名册: the charity seeder's grants (GRANTED) of the OPEN projects, to a person or to a household (given by
 * its head). The charity database holds the projects and donations; the roster brings the grants.
 */
export const charityGrants: RosterSpec = {
  adapter: charityGrantRoster,
  title: '慈善救助花名册',
  dateFields: ['grantedOn'],
  amountFields: ['amount'],
  records(pop) {
    const open = new Set(rows(pop).get('CharityProject')!.filter((p) => p.status === 'OPEN').map((p) => p.id));
    const seen = new Set<string>();
    return (rows(pop).get('CharityGrant') ?? []).filter((g) => {
      const key = `${g.projectId}|${g.personId ?? g.householdId}|${g.grantedOn}`;
      if (g.status !== 'GRANTED' || !open.has(g.projectId) || seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  },
  values(g, pop) {
    const p = pop.persons.get(g.personId ?? pop.householdOf.get(g.householdId)!.headId)!;
    return {
      projectName: projectName(pop, g.projectId), name: p.name, idNumber: p.idNumber, recipientKind: labelOf(RECIPIENT_KIND_LABELS, g.recipientKind),
      townshipCode: townshipName(g.townshipCode), amount: g.amount, grantedOn: g.grantedOn, reason: g.reason,
    };
  },
  requiredBlank: 'reason',
  badLabel: { field: 'recipientKind', value: '单位' },
  // dated before any project began
  ruleBreak: (r) => ({ row: { ...r, grantedOn: '2021-06-01' }, detail: 'OUTSIDE_PROJECT_PERIOD' }),
  // a lower amount always fits the balance
  correct: (g, i) => (i % 4 === 3 ? { record: { ...g, amount: new Decimal(g.amount).minus(100).toFixed(2) }, changed: ['amount'] } : null),
};

/** The example rosters of charity, in import order (found by tools/src/rosters/index.ts from schema/subgraphs.json). */
export const rosterSpecs: RosterSpec[] = [charityGrants];
