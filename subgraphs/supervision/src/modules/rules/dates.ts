import { Decimal, type Yuan } from '@aidgraph/subgraph-kit';

/** YYYY-MM of a date or month. */
export const monthOf = (d: string): string => d.slice(0, 7);

/** The month after `m` (YYYY-MM). */
export function nextMonth(m: string): string {
  const [y, mo] = m.split('-').map(Number);
  return mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
}

/** Whole months from `from` to `to` inclusive (YYYY-MM), 0 when `to` is before `from`. */
export function monthsBetween(from: string, to: string): number {
  const [fy, fm] = from.split('-').map(Number);
  const [ty, tm] = to.split('-').map(Number);
  return Math.max(0, (ty - fy) * 12 + (tm - fm) + 1);
}

/**
 * What a monthly payment paid after a registry status date (death, moving away): its amount for each calendar month
 * after the status month (the month of the event is paid by right) from the record's start, up to today's month or
 * the record's end, exactly (decimal). Null when no amount.
 */
export function paidSinceMonthly(monthly: Yuan | null, statusDate: string, start: string | null, end: string | null, today: string): Yuan | null {
  if (monthly == null) return null;
  let from = nextMonth(monthOf(statusDate));
  if (start && monthOf(start) > from) from = monthOf(start);
  let to = monthOf(today);
  if (end && monthOf(end) < to) to = monthOf(end);
  return new Decimal(monthly).times(monthsBetween(from, to)).toFixed(2);
}

/** The later of two ISO dates (either may be null). */
export function later(a: string | null, b: string | null): string | null {
  if (!a) return b;
  if (!b) return a;
  return a > b ? a : b;
}

/** Whether two periods [aStart, aEnd] and [bStart, bEnd] (open end: null) share a day. */
export function overlaps(aStart: string | null, aEnd: string | null, bStart: string | null, bEnd: string | null): boolean {
  return (aStart ?? '0000') <= (bEnd ?? '9999') && (bStart ?? '0000') <= (aEnd ?? '9999');
}
