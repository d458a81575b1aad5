/**
 * Calendar dates as ISO strings (YYYY-MM-DD), counted in whole days (UTC, so that no time zone or daylight saving moves
 * them): shared by the subgraphs (e.g. an age on a date) and the population generator.
 */

/** The date `days` days after `date` (before it when negative). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Age in completed years on `on` of someone born on `birthDate`. */
export function ageOn(birthDate: string, on: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [y, m, d] = on.split('-').map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}
