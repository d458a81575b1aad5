/**
 * 资金发放 The month rules of the payment batches (issue 10 item 4), pure.
 *
 * A monthly enrolment (DIBAO, TEKUN) is paid for a month when it is IN FORCE ON THE MONTH'S FIRST DAY and its person
 * was not dead or gone before that day:
 * - start: dibao is paid "from the month following approval" (最低生活保障审核确认办法 民发〔2021〕57号: 自批准之日的次月起发放;
 *   domain README), so an enrolment is paid from the first month whose first day is on or after its start date: a start on
 *   the 1st is paid that month, a start on the 15th first the next month;
 * - end: the month in which an enrolment ends (an end date on or after the month's first day) is paid in full, the next
 *   month not (an end on 03-15 is paid for March, not April; an end on 02-28 is not paid for March);
 * - person: a person DECEASED or MOVED_AWAY with a status date before the month's first day is not paid; one who died
 *   or moved during the month is paid for that month (alive on its first day), not the next; a month whose first day is
 *   before the person's birth date is not paid (bornByMonth: the batch already joins the person, so it costs nothing;
 *   recordEnrolment refuses such a start, BEFORE_BIRTH, so this only guards rows written before that check or by hand);
 * - exclusive programmes: DIBAO and TEKUN exclude each other (特困 persons are not also in 低保, 社会救助暂行办法 art. 14).
 *   The enrolment writes refuse overlapping periods (EXCLUSIVE_PROGRAMMES), and as defence in depth a batch does not pay
 *   a person for a month in which they already have a line of the exclusive programme (a NOT EXISTS on payment_line):
 *   where legacy rows overlap, whichever programme's batch for the month is generated first pays the person, and the
 *   other batch (regular or supplementary) leaves them out for that month — never both. A line written stays (no
 *   recovery: README, known limitation); the overlapping enrolments are to be corrected, after which later months are
 *   paid by the corrected dates;
 * - status: SUSPENDED (暂停) is not paid; PHASING_OUT (渐退) is paid until its end date; an ENDED enrolment for the months
 *   its dates cover (a batch generated late for a past month pays what was due then).
 * Amount: the enrolment's monthly amount on record when the batch is generated. One line per person and programme and
 * month (the latest-starting enrolment if two are in force on the 1st), kept unique by the database.
 */
export function firstDayOf(month: string): string {
  return `${month}-01`;
}

/** Whether an enrolment with these dates is paid for `month` (YYYY-MM) by the start/end rule above. */
export function inForceForMonth(startDate: string, endDate: string | null, month: string): boolean {
  const first = firstDayOf(month);
  return startDate <= first && (endDate == null || endDate >= first);
}

/** Whether a person of this registry status is paid for `month`: active, or dead/gone on or after its first day. */
export function personPaidForMonth(status: string, statusDate: string | null, month: string): boolean {
  return status === 'ACTIVE' || (statusDate != null && statusDate >= firstDayOf(month));
}

/** Whether a person born on `birthDate` is paid for `month`: born on or before its first day. */
export function bornByMonth(birthDate: string, month: string): boolean {
  return birthDate <= firstDayOf(month);
}

/** The monthly programmes whose line for a month excludes a line of `programme` for the same person and month. */
export const EXCLUSIVE_MONTHLY: Readonly<Record<string, readonly string[]>> = { DIBAO: ['TEKUN'], TEKUN: ['DIBAO'] };

/** The twelve months of a year, YYYY-MM. */
export function monthsOf(year: number): string[] {
  return Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
}
