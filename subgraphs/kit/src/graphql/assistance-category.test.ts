import { AssistanceCategory, asCategoryPeriods, categoryOn, categoryPeriods } from './assistance-category';
import { visibleEnrolments } from '../access/classification';
import type { Identity } from '../access/identity';

const { TEKUN, DIBAO, MARGINAL, NONE } = AssistanceCategory;
const e = (programme: string, startDate: string, endDate: string | null = null, status = endDate ? 'ENDED' : 'ACTIVE') => ({ programme, status, startDate, endDate });

describe('the category history (categoryPeriods, categoryOn)', () => {
  it('gives the category of the enrolments in force on each day, TEKUN before DIBAO before MARGINAL, merging adjacent days', () => {
    const periods = categoryPeriods([
      e('MARGINAL', '2020-01-01', '2022-12-31'),
      e('DIBAO', '2022-07-01', '2023-06-30'),
      e('TEMPORARY', '2023-02-01', '2023-02-01'),
      e('DIBAO', '2023-07-01', '2024-03-15'),
      e('TEKUN', '2024-01-01'),
    ]);
    expect(periods).toEqual([
      { from: '2020-01-01', to: '2022-06-30', category: MARGINAL },
      { from: '2022-07-01', to: '2023-12-31', category: DIBAO },
      { from: '2024-01-01', to: null, category: TEKUN },
    ]);
    expect(['2019-12-31', '2020-01-01', '2022-06-30', '2022-07-01', '2023-07-01', '2023-12-31', '2024-01-01', '2099-01-01'].map((d) => categoryOn(periods, d)))
      .toEqual([NONE, MARGINAL, MARGINAL, DIBAO, DIBAO, DIBAO, TEKUN, TEKUN]);
  });

  it('keeps a gap as NONE, counts an enrolment to its end date included, and ignores status', () => {
    const periods = categoryPeriods([e('DIBAO', '2021-03-01', '2021-08-31'), e('DIBAO', '2022-01-01', null, 'SUSPENDED')]);
    expect(periods).toEqual([
      { from: '2021-03-01', to: '2021-08-31', category: DIBAO },
      { from: '2022-01-01', to: null, category: DIBAO },
    ]);
    expect([categoryOn(periods, '2021-08-31'), categoryOn(periods, '2021-09-01'), categoryOn(periods, '2022-01-01')]).toEqual([DIBAO, NONE, DIBAO]);
    expect(categoryPeriods([])).toEqual([]);
    expect(categoryPeriods([e('TEMPORARY', '2024-01-01', '2024-01-01')])).toEqual([]);
  });

  it('changes no past date when an enrolment ends today or a new one starts today', () => {
    const before = categoryPeriods([e('DIBAO', '2020-05-01')]);
    const ended = categoryPeriods([e('DIBAO', '2020-05-01', '2025-12-01')]);
    const enrolled = categoryPeriods([e('DIBAO', '2020-05-01', '2025-12-01'), e('TEKUN', '2025-12-02')]);
    for (const d of ['2020-05-01', '2023-06-30', '2025-12-01']) {
      expect(categoryOn(ended, d)).toBe(categoryOn(before, d));
      expect(categoryOn(enrolled, d)).toBe(categoryOn(before, d));
    }
    expect([categoryOn(before, '2025-12-02'), categoryOn(ended, '2025-12-02'), categoryOn(enrolled, '2025-12-02')]).toEqual([DIBAO, NONE, TEKUN]);
  });

  it('collapses single-person coverage per period for roles that see health.enrolment collapsed, as assistanceCategory does', () => {
    // a DIBAO enrolment overlapping a MARGINAL one (单人保): an education officer sees MARGINAL for the whole overlap
    const enrolments = [e('MARGINAL', '2021-01-01'), e('DIBAO', '2022-01-01', '2023-12-31'), e('TEMPORARY', '2022-05-01', '2022-05-01')];
    const officer: Identity = { subject: 't', role: 'department_officer', department: 'EDUCATION' };
    const medical: Identity = { subject: 't', role: 'department_officer', department: 'MEDICAL_SECURITY' };
    expect(categoryPeriods(visibleEnrolments(officer, enrolments))).toEqual([{ from: '2021-01-01', to: null, category: MARGINAL }]);
    expect(categoryPeriods(visibleEnrolments(medical, enrolments))).toEqual([
      { from: '2021-01-01', to: '2021-12-31', category: MARGINAL },
      { from: '2022-01-01', to: '2023-12-31', category: DIBAO },
      { from: '2024-01-01', to: null, category: MARGINAL },
    ]);
  });
});

describe('asCategoryPeriods (a representation\'s value)', () => {
  it('reads a well-formed history, sorted, and refuses anything else whole', () => {
    expect(asCategoryPeriods([{ from: '2024-01-01', to: null, category: 'TEKUN' }, { from: '2020-01-01', to: '2023-12-31', category: 'DIBAO' }])).toEqual([
      { from: '2020-01-01', to: '2023-12-31', category: DIBAO },
      { from: '2024-01-01', to: null, category: TEKUN },
    ]);
    expect(asCategoryPeriods([])).toEqual([]);
    for (const bad of [undefined, null, 'DIBAO', [{ from: '2020-02-30', to: null, category: 'DIBAO' }], [{ from: '2020-01-01', to: '2019-12-31', category: 'DIBAO' }],
      [{ from: '2020-01-01', to: null, category: 'RICH' }], [null]])
      expect(asCategoryPeriods(bad)).toBeUndefined();
  });
});
