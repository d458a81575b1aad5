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
 *   or moved during the month is paid for that month (alive on its first day), not the next;
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

/** The twelve months of a year, YYYY-MM. */
export function monthsOf(year: number): string[] {
  return Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
}
