/**
 * Calendar arithmetic on plain integers, without Date or time zones: a day is its number of days since
 * 1970-01-01 and a month is `year * 12 + (month - 1)`. The generator works in these units and formats ISO
 * strings only when it builds an event. (Algorithms: Howard Hinnant's days_from_civil / civil_from_days.)
 */

export interface CivilDate {
  readonly year: number;
  readonly month: number; // 1–12
  readonly day: number; // 1–31
}

export function dayNumber(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

export function civilDate(days: number): CivilDate {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

const isoCache = new Map<number, string>();

/** YYYY-MM-DD (cached: the generator formats the same few thousand days millions of times). */
export function isoDate(days: number): string {
  let text = isoCache.get(days);
  if (text === undefined) {
    const { year, month, day } = civilDate(days);
    text = `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
    isoCache.set(days, text);
  }
  return text;
}

export function parseIsoDate(text: string): number {
  const match = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(text);
  if (match === null) {
    throw new Error(`Not an ISO date (YYYY-MM-DD): "${text}"`);
  }
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const days = dayNumber(year, month, day);
  const back = civilDate(days);
  if (back.month !== month || back.day !== day) {
    throw new Error(`Not a calendar date: "${text}"`);
  }
  return days;
}

export function monthIndex(year: number, month: number): number {
  return year * 12 + (month - 1);
}

export function yearOfMonth(month: number): number {
  return Math.floor(month / 12);
}

/** 1–12. */
export function calendarMonthOf(month: number): number {
  return month - yearOfMonth(month) * 12 + 1;
}

export function isoMonth(month: number): string {
  return `${String(yearOfMonth(month)).padStart(4, '0')}-${pad2(calendarMonthOf(month))}`;
}

export function parseIsoMonth(text: string): number {
  const match = /^([0-9]{4})-(0[1-9]|1[0-2])$/.exec(text);
  if (match === null) {
    throw new Error(`Not a month (YYYY-MM): "${text}"`);
  }
  return monthIndex(Number(match[1]), Number(match[2]));
}

export function firstDayOfMonth(month: number): number {
  return dayNumber(yearOfMonth(month), calendarMonthOf(month), 1);
}

export function lastDayOfMonth(month: number): number {
  return firstDayOfMonth(month + 1) - 1;
}

export function monthOfDay(days: number): number {
  const { year, month } = civilDate(days);
  return monthIndex(year, month);
}

export function yearOfDay(days: number): number {
  return civilDate(days).year;
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function dayOfWeek(days: number): number {
  return (((days + 4) % 7) + 7) % 7;
}

/** The same day when it is a weekday, otherwise the following Monday: Medicare pays on business days. */
export function onOrAfterWeekday(days: number): number {
  const weekday = dayOfWeek(days);
  return weekday === 6 ? days + 2 : weekday === 0 ? days + 1 : days;
}

/** Whole years of age on a day (a 29 February birthday ages on 1 March in common years). */
export function ageOn(birthDay: number, onDay: number): number {
  const birth = civilDate(birthDay);
  const on = civilDate(onDay);
  const hadBirthday = on.month > birth.month || (on.month === birth.month && on.day >= birth.day);
  return on.year - birth.year - (hadBirthday ? 0 : 1);
}

function pad2(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}
