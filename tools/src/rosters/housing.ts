import { Decimal } from '@aidgraph/subgraph-kit';
import { housingSeeder } from '@aidgraph/housing/dist/seed/seed';
import {
  HOUSE_GRADE_LABELS, PUBLIC_RENTAL_STATUS_LABELS, RENOVATION_STATUS_LABELS, RENT_SUBSIDY_STATUS_LABELS, publicRentalRoster, renovationRoster, rentSubsidyRoster,
} from '@aidgraph/housing/dist/roster/housing.roster';
import { labelOf, seederRows, townshipName, type Population, type RosterSpec, type SourceRecord, type Values } from './model';

const cache = new WeakMap<Population, Map<string, SourceRecord[]>>();
function rows(pop: Population): Map<string, SourceRecord[]> {
  if (!cache.has(pop)) cache.set(pop, seederRows(housingSeeder(pop.seed), pop));
  return cache.get(pop)!;
}
/** The applicant's name and ID number, and the township by name. */
function applicant(r: SourceRecord, pop: Population): Values {
  const p = pop.persons.get(r.personId)!;
  return { name: p.name, idNumber: p.idNumber, townshipCode: townshipName(r.townshipCode) };
}
const nextMonth = (month: string, n: number) => {
  const [y, m] = month.split('-').map(Number);
  const i = y * 12 + m - 1 + n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
};

/** 租赁补贴花名册: the housing seeder's rent subsidies (a household's ended period before its current one). */
export const housingRentSubsidies: RosterSpec = {
  adapter: rentSubsidyRoster,
  title: '租赁补贴花名册',
  dateFields: ['startMonth', 'endMonth'],
  amountFields: ['monthlyAmount'],
  records: (pop) => rows(pop).get('RentSubsidy') ?? [],
  values: (s, pop) => ({
    ...applicant(s, pop), monthlyAmount: s.monthlyAmount, startMonth: s.startMonth, endMonth: s.endMonth, status: labelOf(RENT_SUBSIDY_STATUS_LABELS, s.status),
  }),
  requiredBlank: 'endMonth',
  badLabel: { field: 'status', value: '暂停' },
  // thirteen months: a subsidy is approved for at most a year
  ruleBreak: (r) => ({ row: { ...r, endMonth: nextMonth(r.startMonth, 12) }, detail: 'PERIOD_TOO_LONG' }),
  correct: (s, i) => (i % 3 === 1 ? { record: { ...s, monthlyAmount: new Decimal(s.monthlyAmount).plus(20).toFixed(2) }, changed: ['monthlyAmount'] } : null),
};

/** 公租房配租花名册: the housing seeder's public rental leases (an ended lease before the current one). */
export const housingPublicRentals: RosterSpec = {
  adapter: publicRentalRoster,
  title: '公租房配租花名册',
  dateFields: ['leaseStart', 'leaseEnd'],
  amountFields: ['monthlyRent'],
  records: (pop) => rows(pop).get('PublicRentalAllocation') ?? [],
  values: (a, pop) => ({
    ...applicant(a, pop), dwellingAddress: a.dwellingAddress, area: a.area, monthlyRent: a.monthlyRent, leaseStart: a.leaseStart, leaseEnd: a.leaseEnd,
    status: labelOf(PUBLIC_RENTAL_STATUS_LABELS, a.status),
  }),
  requiredBlank: 'dwellingAddress',
  badLabel: { field: 'status', value: '转租' },
  // public rental dwellings are at most 60 m²
  ruleBreak: (r) => ({ row: { ...r, area: '80.00' }, detail: 'AREA_OUT_OF_RANGE' }),
  correct: (a, i) => (i % 3 === 2 ? { record: { ...a, monthlyRent: new Decimal(a.monthlyRent).plus(10).toFixed(2) }, changed: ['monthlyRent'] } : null),
};

/** 农村危房改造花名册: the housing seeder's renovations. */
export const housingRenovations: RosterSpec = {
  adapter: renovationRoster,
  title: '农村危房改造花名册',
  dateFields: ['assessedOn', 'completedOn'],
  amountFields: ['subsidy'],
  records: (pop) => rows(pop).get('DilapidatedHouseRenovation') ?? [],
  values: (x, pop) => ({
    ...applicant(x, pop), villageCode: x.villageCode, grade: labelOf(HOUSE_GRADE_LABELS, x.grade), subsidy: x.subsidy, assessedOn: x.assessedOn,
    completedOn: x.completedOn ?? '', status: labelOf(RENOVATION_STATUS_LABELS, x.status),
  }),
  requiredBlank: 'villageCode',
  badLabel: { field: 'grade', value: 'B级' },
  // an urban community's code (001-199): renovation is for rural households
  ruleBreak: (r) => ({ row: { ...r, villageCode: `${r.villageCode.slice(0, 9)}001` }, detail: 'NOT_RURAL' }),
  correct: (x, i) => (i % 3 === 0 ? { record: { ...x, subsidy: new Decimal(x.subsidy).plus(500).toFixed(2) }, changed: ['subsidy'] } : null),
};

/** The example rosters of housing, in import order (found by tools/src/rosters/index.ts from schema/subgraphs.json). */
export const rosterSpecs: RosterSpec[] = [housingRentSubsidies, housingPublicRentals, housingRenovations];
