/**
 * Calendar-month arithmetic on `YYYY-MM` strings: the grain of member-months, incurred and paid months and the
 * completion triangle. Pure and allocation-light; months compare as strings and count as integers.
 */

/** A month as a running integer (year × 12 + month − 1), so differences are month counts. */
export function monthIndex(month: string): number {
  return Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
}

export function monthFromIndex(index: number): string {
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

export function addMonths(month: string, count: number): string {
  return monthFromIndex(monthIndex(month) + count);
}

/** Months from `from` to `to` (negative when `to` is earlier). */
export function monthsBetween(from: string, to: string): number {
  return monthIndex(to) - monthIndex(from);
}

/** The twelve months of a calendar year, January first. */
export function monthsOfYear(year: number): string[] {
  return Array.from({ length: 12 }, (_, i) => monthFromIndex(year * 12 + i));
}

export function yearOf(month: string): number {
  return Number(month.slice(0, 4));
}

/** 1 for January … 12 for December. */
export function monthNumber(month: string): number {
  return Number(month.slice(5, 7));
}

/** The first day of the month after `month` (YYYY-MM-DD). */
export function firstDayAfter(month: string): string {
  return `${addMonths(month, 1)}-01`;
}
