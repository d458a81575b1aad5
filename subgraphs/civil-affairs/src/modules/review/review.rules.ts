import { z } from 'zod';

/**
 * 复核 and 渐退: the pure rules of civil-affairs reviews (issue 10 item 2). No database, no clock.
 *
 * - 复核周期 The review cycle of a DIBAO or TEKUN enrolment is recorded ON the enrolment (`reviewCycle`): YEARLY for a
 *   stable household, HALF_YEARLY where the income is irregular or members can work (最低生活保障审核确认办法
 *   民发〔2021〕57号 第二十二条/第二十三条 dynamic management; domain README "Review"). It is set by staff at approval
 *   (recordEnrolment, default YEARLY) and again at every review (recordEnrolmentReview, default: unchanged), because
 *   "irregular income" and "able to work" are a caseworker's judgement from the household survey and the verification,
 *   not a figure a verification run holds.
 * - 下次复核日期 The next review date = the date the cycle starts (the start date at approval, the review date after a
 *   review) + 12 or 6 calendar months (the same day of the month, or the month's last day when it has none: 08-31 + 6
 *   months = 02-28/29).
 * - 渐退期 A review that finds the household's per-capita income at or above the standard (a verification run) may start
 *   a phase-out instead of an immediate end: the enrolment is paid on for DIBAO_PHASE_OUT_MONTHS months after the
 *   review's month and ends on the last day of the last of them. The length is a LOCAL SETTING (default 6): national
 *   rules let the locality grant a phase-out to households whose income rose through employment (最低生活保障审核确认办法
 *   民发〔2021〕57号, 渐退期); Qingdao's own figure could not be verified when this was written.
 */
export enum ReviewCycleValue {
  YEARLY = 'YEARLY',
  HALF_YEARLY = 'HALF_YEARLY',
}

/** Months of a review cycle. */
export const CYCLE_MONTHS: Record<ReviewCycleValue, number> = { YEARLY: 12, HALF_YEARLY: 6 };

/** Days in a month of a year (month 1-12). */
function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** `date` (ISO) plus `months` calendar months; the day is kept, or the month's last day when it has fewer days. */
export function addMonths(date: string, months: number): string {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7)) - 1 + months;
  const year = y + Math.floor(m / 12);
  const month = (((m % 12) + 12) % 12) + 1;
  const day = Math.min(Number(date.slice(8, 10)), daysInMonth(year, month));
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The next review date of a cycle that starts on `from`. */
export function nextReviewDate(cycle: ReviewCycleValue, from: string): string {
  return addMonths(from, CYCLE_MONTHS[cycle]);
}

/** The last day of the month `months` months after the month of `date` (0: the month of `date` itself). */
export function lastDayOfMonthAfter(date: string, months: number): string {
  const first = addMonths(`${date.slice(0, 7)}-01`, months);
  const y = Number(first.slice(0, 4));
  const m = Number(first.slice(5, 7));
  return `${first.slice(0, 7)}-${String(daysInMonth(y, m)).padStart(2, '0')}`;
}

/** The last day of a phase-out of `months` months that a review on `reviewedOn` starts (paid through that month). */
export function phaseOutEnd(reviewedOn: string, months: number): string {
  return lastDayOfMonthAfter(reviewedOn, months);
}

/** Only DIBAO and TEKUN enrolments are reviewed on a cycle (MARGINAL is a status; TEMPORARY is one-off). */
export function isReviewed(programme: string): boolean {
  return programme === 'DIBAO' || programme === 'TEKUN';
}

const phaseOutConfig = z.object({
  DIBAO_PHASE_OUT_MONTHS: z.coerce.number().int().min(0).max(12).default(6),
});

/**
 * 渐退期 months (DIBAO_PHASE_OUT_MONTHS, 0-12, default 6: a local setting, see above), validated with zod; read when
 * the schema is built (a bad value stops the start) and at each review.
 */
export function phaseOutMonths(env: NodeJS.ProcessEnv = process.env): number {
  const r = phaseOutConfig.safeParse({ DIBAO_PHASE_OUT_MONTHS: env.DIBAO_PHASE_OUT_MONTHS === '' ? undefined : env.DIBAO_PHASE_OUT_MONTHS });
  if (!r.success) throw new Error(`DIBAO_PHASE_OUT_MONTHS: ${r.error.issues.map((i) => i.message).join('; ')} (a whole number of months, 0-12)`);
  return r.data.DIBAO_PHASE_OUT_MONTHS;
}
