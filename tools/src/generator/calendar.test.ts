import { describe, expect, it } from 'vitest';
import {
  ageOn,
  civilDate,
  dayNumber,
  dayOfWeek,
  isoDate,
  isoMonth,
  lastDayOfMonth,
  monthOfDay,
  onOrAfterWeekday,
  parseIsoDate,
  parseIsoMonth,
} from './calendar.js';

describe('calendar', () => {
  it('converts between ISO dates and day numbers, leap years included', () => {
    expect(dayNumber(1970, 1, 1)).toBe(0);
    expect(isoDate(parseIsoDate('2024-02-29'))).toBe('2024-02-29');
    expect(civilDate(parseIsoDate('2000-03-01'))).toEqual({ year: 2000, month: 3, day: 1 });
    for (let day = dayNumber(1899, 12, 25); day < dayNumber(2101, 1, 5); day += 37) {
      expect(parseIsoDate(isoDate(day))).toBe(day);
    }
    expect(() => parseIsoDate('2025-02-29')).toThrow(/calendar date/);
    expect(() => parseIsoDate('2025-2-1')).toThrow(/ISO date/);
  });

  it('does month arithmetic', () => {
    const month = parseIsoMonth('2025-09');
    expect(isoMonth(month)).toBe('2025-09');
    expect(isoMonth(month + 4)).toBe('2026-01');
    expect(isoDate(lastDayOfMonth(parseIsoMonth('2024-02')))).toBe('2024-02-29');
    expect(monthOfDay(parseIsoDate('2025-12-31'))).toBe(parseIsoMonth('2025-12'));
  });

  it('knows weekdays and moves weekend payments to Monday', () => {
    expect(dayOfWeek(parseIsoDate('2025-09-30'))).toBe(2); // a Tuesday
    expect(isoDate(onOrAfterWeekday(parseIsoDate('2025-09-27')))).toBe('2025-09-29');
    expect(isoDate(onOrAfterWeekday(parseIsoDate('2025-09-28')))).toBe('2025-09-29');
    expect(isoDate(onOrAfterWeekday(parseIsoDate('2025-09-29')))).toBe('2025-09-29');
  });

  it('computes age in whole years', () => {
    const birth = parseIsoDate('1955-06-15');
    expect(ageOn(birth, parseIsoDate('2020-06-14'))).toBe(64);
    expect(ageOn(birth, parseIsoDate('2020-06-15'))).toBe(65);
  });
});
