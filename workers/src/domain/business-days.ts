/**
 * Business days for transitional care: CMS counts the TCM interactive contact in business days — "Monday through
 * Friday, except holidays, without respect to normal practice hours" (MLN908628) — so the deadline depends on the
 * weekend and the holidays a practice keeps. Both are configuration; the default holidays are the US federal ones
 * (5 U.S.C. 6103), moved to the Friday before or the Monday after when they fall on a weekend (as OPM observes
 * them). Pure.
 */
import { addDays } from './measures/dates.js';

export interface BusinessCalendar {
  /** Days of the week that are not business days, 0 = Sunday … 6 = Saturday. */
  readonly weekendDays: readonly number[];
  /** Whether the US federal holidays (observed dates) are days off. */
  readonly federalHolidays: boolean;
  /** Further days off (YYYY-MM-DD): a state holiday, the day after Thanksgiving. */
  readonly extraHolidays: readonly string[];
  /** Federal holidays the practice works (YYYY-MM-DD), e.g. Columbus Day. */
  readonly workedHolidays?: readonly string[];
}

export const DEFAULT_BUSINESS_CALENDAR: BusinessCalendar = Object.freeze({
  weekendDays: [0, 6],
  federalHolidays: true,
  extraHolidays: [],
  workedHolidays: [],
});

const iso = (year: number, month: number, day: number): string =>
  `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

const weekdayOf = (date: string): number => new Date(`${date}T00:00:00Z`).getUTCDay();

/** The `n`th (1-based) `weekday` of a month, or the last one when n is -1. */
function nthWeekday(year: number, month: number, weekday: number, n: number): string {
  if (n === -1) {
    const last = new Date(Date.UTC(year, month, 0));
    const back = (last.getUTCDay() - weekday + 7) % 7;
    return iso(year, month, last.getUTCDate() - back);
  }
  const first = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
  return iso(year, month, 1 + ((weekday - first + 7) % 7) + (n - 1) * 7);
}

/** A fixed-date holiday on a Saturday is observed the Friday before, on a Sunday the Monday after. */
function observed(date: string): string {
  const day = weekdayOf(date);
  return day === 6 ? addDays(date, -1) : day === 0 ? addDays(date, 1) : date;
}

/**
 * The US federal holidays of a year as observed: New Year's Day, Martin Luther King Jr. Day (3rd Monday of
 * January), Washington's Birthday (3rd Monday of February), Memorial Day (last Monday of May), Juneteenth (from
 * 2021), Independence Day, Labor Day (1st Monday of September), Columbus Day (2nd Monday of October), Veterans Day,
 * Thanksgiving (4th Thursday of November), Christmas. New Year's Day of the next year observed on December 31 is
 * listed with the next year (as OPM lists it).
 */
export function usFederalHolidays(year: number): string[] {
  const days = [
    observed(iso(year, 1, 1)),
    nthWeekday(year, 1, 1, 3),
    nthWeekday(year, 2, 1, 3),
    nthWeekday(year, 5, 1, -1),
    ...(year >= 2021 ? [observed(iso(year, 6, 19))] : []),
    observed(iso(year, 7, 4)),
    nthWeekday(year, 9, 1, 1),
    nthWeekday(year, 10, 1, 2),
    observed(iso(year, 11, 11)),
    nthWeekday(year, 11, 4, 4),
    observed(iso(year, 12, 25)),
  ];
  return days.sort();
}

const federalByYear = new Map<number, ReadonlySet<string>>();

function federalHolidaySet(year: number): ReadonlySet<string> {
  let days = federalByYear.get(year);
  if (days === undefined) {
    // New Year's Day falling on a Saturday is observed on December 31 of the year before.
    days = new Set([
      ...usFederalHolidays(year),
      ...usFederalHolidays(year + 1).filter((d) => d.startsWith(`${year}-`)),
    ]);
    federalByYear.set(year, days);
  }
  return days;
}

export function isBusinessDay(date: string, calendar: BusinessCalendar): boolean {
  if (calendar.weekendDays.includes(weekdayOf(date))) {
    return false;
  }
  if (calendar.extraHolidays.includes(date)) {
    return false;
  }
  if (calendar.federalHolidays && federalHolidaySet(Number(date.slice(0, 4))).has(date)) {
    return (calendar.workedHolidays ?? []).includes(date);
  }
  return true;
}

/** The `n`th business day after `date` (the day itself does not count): 2 after a Friday is the Tuesday. */
export function addBusinessDays(date: string, n: number, calendar: BusinessCalendar): string {
  if (calendar.weekendDays.length >= 7) {
    throw new Error('a business calendar needs at least one working day a week');
  }
  let day = date;
  for (let counted = 0; counted < n;) {
    day = addDays(day, 1);
    if (isBusinessDay(day, calendar)) {
      counted += 1;
    }
  }
  return day;
}
