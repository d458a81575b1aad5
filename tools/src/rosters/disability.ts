import { addDays } from '@aidgraph/subgraph-kit';
import { disabilitySeeder } from '@aidgraph/disability/dist/seed/seed';
import {
  CATEGORY_LABELS, DIFFICULTY_LABELS, END_REASON_LABELS, GRADE_LABELS, SUBSIDY_KIND_LABELS, certificateRoster, subsidyRoster,
} from '@aidgraph/disability/dist/roster/disability.roster';
import { labelOf, seederRows, townshipName, type Population, type RosterSpec, type SourceRecord } from './model';

const cache = new WeakMap<Population, Map<string, SourceRecord[]>>();
/** The disability seeder's rows of a population (made once). */
function rows(pop: Population): Map<string, SourceRecord[]> {
  if (!cache.has(pop)) cache.set(pop, seederRows(disabilitySeeder(pop.seed), pop));
  return cache.get(pop)!;
}
const validCertificates = (pop: Population) => (rows(pop).get('DisabilityCertificate') ?? []).filter((c) => c.status === 'VALID');

/** 持证残疾人花名册: the federation's VALID certificates (of the people still registered). */
export const disabilityCertificates: RosterSpec = {
  adapter: certificateRoster,
  title: '持证残疾人花名册',
  dateFields: ['issuedOn', 'expiresOn'],
  amountFields: [],
  records: validCertificates,
  values(c, pop) {
    const p = pop.persons.get(c.personId)!;
    return {
      name: p.name, idNumber: p.idNumber, number: c.number, category: labelOf(CATEGORY_LABELS, c.category), grade: labelOf(GRADE_LABELS, c.grade),
      issuedOn: c.issuedOn, expiresOn: c.expiresOn, townshipCode: townshipName(c.townshipCode),
    };
  },
  requiredBlank: 'expiresOn',
  badLabel: { field: 'grade', value: '五级' },
  // a category that is not the number's 19th digit
  ruleBreak: (r) => ({ row: { ...r, category: r.category === '多重残疾' ? '视力残疾' : '多重残疾' }, detail: 'CATEGORY_MISMATCH' }),
  correct: (c, i) => (i % 4 === 0 ? { record: { ...c, expiresOn: addDays(c.expiresOn, 365) }, changed: ['expiresOn'] } : null),
};

/**
 * 残疾人两项补贴花名册: the federation's subsidies resting on a VALID certificate in force on their start date (the
 * grants of people who died or moved away rest on revoked certificates and are not in the roster).
 */
export const disabilitySubsidies: RosterSpec = {
  adapter: subsidyRoster,
  title: '残疾人两项补贴花名册',
  dateFields: ['startDate', 'endDate'],
  amountFields: [],
  records(pop) {
    const certOf = new Map(validCertificates(pop).map((c) => [c.personId, c]));
    return (rows(pop).get('DisabilitySubsidy') ?? []).filter((s) => {
      const c = certOf.get(s.personId);
      return c && s.startDate >= c.issuedOn && s.startDate <= c.expiresOn;
    });
  },
  values(s, pop) {
    const p = pop.persons.get(s.personId)!;
    return {
      name: p.name, idNumber: p.idNumber, kind: labelOf(SUBSIDY_KIND_LABELS, s.kind), difficulty: s.difficulty ? labelOf(DIFFICULTY_LABELS, s.difficulty) : '',
      startDate: s.startDate, endDate: s.endDate ?? '', endReason: s.endReason ? labelOf(END_REASON_LABELS, s.endReason) : '', townshipCode: townshipName(s.townshipCode),
    };
  },
  requiredBlank: 'kind',
  badLabel: { field: 'kind', value: '康复补贴' },
  // the nursing subsidy for a grade 3-4 certificate
  ruleBreak(r, pop) {
    const p = [...pop.persons.values()].find((x) => x.idNumber === r.idNumber);
    if (!p?.disability || p.disability.grade <= 2 || r.kind !== '生活补贴') return null;
    return { row: { ...r, kind: '护理补贴', difficulty: '' }, detail: 'NURSING_NEEDS_SEVERE_GRADE' };
  },
  // the grant stops at the end of the year
  correct: (s, i) =>
    i % 4 === 0 && s.status === 'ACTIVE'
      ? { record: { ...s, status: 'ENDED', endDate: '2025-12-31', endReason: 'OTHER' }, changed: ['endDate', 'endReason'] }
      : null,
};

/** The example rosters of disability, in import order (found by tools/src/rosters/index.ts from schema/subgraphs.json). */
export const rosterSpecs: RosterSpec[] = [disabilityCertificates, disabilitySubsidies];
