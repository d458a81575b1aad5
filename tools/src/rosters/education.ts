import { Decimal } from '@aidgraph/subgraph-kit';
import { educationSeeder } from '@aidgraph/education/dist/seed/seed';
import {
  AID_STATUS_LABELS, AID_TYPE_LABELS, SCHOOL_STAGE_LABELS, educationAidRoster,
} from '@aidgraph/education/dist/roster/education.roster';
import { labelOf, seederRows, townshipName, type RosterSpec } from './model';

/** 教育救助花名册: the education seeder's aids (the bureau's records of the same pupils). */
export const educationAids: RosterSpec = {
  adapter: educationAidRoster,
  title: '教育救助花名册',
  dateFields: ['approvedOn'],
  amountFields: ['amount'],
  records: (pop) => seederRows(educationSeeder(pop.seed), pop).get('EducationAid') ?? [],
  values(a, pop) {
    const p = pop.persons.get(a.personId)!;
    return {
      name: p.name, idNumber: p.idNumber, townshipCode: townshipName(a.townshipCode), schoolStage: labelOf(SCHOOL_STAGE_LABELS, a.schoolStage),
      school: a.school, aidType: labelOf(AID_TYPE_LABELS, a.aidType), academicYear: a.academicYear, amount: a.amount,
      approvedOn: a.approvedOn, status: labelOf(AID_STATUS_LABELS, a.status),
    };
  },
  requiredBlank: 'school',
  badLabel: { field: 'schoolStage', value: '研究生' },
  // a student grant (助学金) exists from senior secondary school up: not for a pupil below
  ruleBreak: (r) => (['学前教育', '小学', '初中'].includes(r.schoolStage) && r.aidType !== '助学金' ? { row: { ...r, aidType: '助学金' }, detail: 'AID_NOT_FOR_STAGE' } : null),
  correct: (a, i) => (i % 4 === 1 ? { record: { ...a, amount: new Decimal(a.amount).plus(100).toFixed(2) }, changed: ['amount'] } : null),
};

/** The example rosters of education, in import order (found by tools/src/rosters/index.ts from schema/subgraphs.json). */
export const rosterSpecs: RosterSpec[] = [educationAids];
