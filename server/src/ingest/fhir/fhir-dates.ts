/**
 * FHIR date, dateTime and instant values → the canonical calendar date (YYYY-MM-DD), and the month arithmetic
 * enrolment needs. A dateTime keeps the calendar date it was written with (no time-zone shift: "2025-12-31T23:59
 * -05:00" is 31 December, the day the clinician recorded). Impossible dates (2025-02-30) and partial dates are
 * told apart so the issue can say which.
 */

export type DateReading =
  | { readonly ok: true; readonly date: string }
  | { readonly ok: false; readonly reason: 'format' | 'impossible-date'; readonly message: string };

const FULL_DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})(T.*)?$/;
const PARTIAL_DATE = /^[0-9]{4}(-[0-9]{2})?$/;

export function readFhirDate(value: unknown): DateReading {
  if (typeof value !== 'string') {
    return { ok: false, reason: 'format', message: 'must be a FHIR date (YYYY-MM-DD)' };
  }
  const match = FULL_DATE.exec(value);
  if (match === null) {
    // Messages never repeat the value: a date may be a birth date, and issues get logged.
    return PARTIAL_DATE.test(value)
      ? { ok: false, reason: 'format', message: 'is a partial date; a full date (YYYY-MM-DD) is required' }
      : { ok: false, reason: 'format', message: 'is not a FHIR date (YYYY-MM-DD)' };
  }
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return { ok: false, reason: 'impossible-date', message: 'is not a calendar date (no such day in that month)' };
  }
  return { ok: true, date: value.slice(0, 10) };
}

export function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

/** Months since year 0 of a YYYY-MM or YYYY-MM-DD string, for counting and iterating months. */
export function monthNumber(isoDateOrMonth: string): number {
  return Number(isoDateOrMonth.slice(0, 4)) * 12 + Number(isoDateOrMonth.slice(5, 7)) - 1;
}

export function isoMonthOf(monthNumberValue: number): string {
  const year = Math.floor(monthNumberValue / 12);
  const month = (monthNumberValue % 12) + 1;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}
