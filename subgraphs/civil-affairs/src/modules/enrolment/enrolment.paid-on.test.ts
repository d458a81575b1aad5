import { paidOn } from './enrolment.service';
import { enrolmentAmountLimit } from './enrolment.limits';
import { CivilAffairsProgramme } from '../common/enums';

const { DIBAO, TEKUN, TEMPORARY } = CivilAffairsProgramme;
const TODAY = '2026-12-02';
/** A limit as fixed-point text (limits are Decimal or already-fixed strings). */
const fixed = (v: string | { toFixed(digits: number): string }) => (typeof v === 'string' ? v : v.toFixed(2));

describe('the date whose dibao standard limits an enrolment\'s amount (paidOn)', () => {
  it('is the day of a one-off aid, the start of a monthly enrolment not yet started, today for a running one, the end date of an ended one', () => {
    expect(paidOn(TEMPORARY, '2023-05-04', '2023-05-04', TODAY)).toBe('2023-05-04');
    expect(paidOn(DIBAO, '2027-01-01', null, TODAY)).toBe('2027-01-01');
    // the amount on record of a running enrolment is the one paid now (revised with the standard every year)
    expect(paidOn(DIBAO, '2021-03-01', null, TODAY)).toBe(TODAY);
    expect(paidOn(TEKUN, '2021-03-01', null, TODAY)).toBe(TODAY);
    // an ended one's is the last one paid: the standard of its end date (a roster row of an ended enrolment)
    expect(paidOn(DIBAO, '2021-03-01', '2022-06-30', TODAY)).toBe('2022-06-30');
  });

  it('so a long-running enrolment at today\'s standard is plausible, and an ended one above its last standard is not', () => {
    // the bundled standards: 960.00 from 2021-07-01, 1010.00 from 2022-07-01, 1150.00 from 2025-07-01
    const running = enrolmentAmountLimit(DIBAO, paidOn(DIBAO, '2021-03-01', null, TODAY), true)!;
    expect(fixed(running.max)).toBe('1150.00');
    const ended = enrolmentAmountLimit(DIBAO, paidOn(DIBAO, '2021-03-01', '2022-06-30', TODAY), true)!;
    expect(fixed(ended.max)).toBe('960.00');
    expect(ended.what).toContain('2022-06-30');
  });
});
