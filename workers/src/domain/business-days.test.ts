import { describe, expect, it } from 'vitest';
import { addBusinessDays, DEFAULT_BUSINESS_CALENDAR, isBusinessDay, usFederalHolidays } from './business-days.js';

describe('US federal holidays', () => {
  it("are OPM's 2026 list, Independence Day on Saturday observed the Friday before", () => {
    // https://www.opm.gov/policy-data-oversight/pay-leave/federal-holidays/ (2026)
    expect(usFederalHolidays(2026)).toEqual([
      '2026-01-01',
      '2026-01-19',
      '2026-02-16',
      '2026-05-25',
      '2026-06-19',
      '2026-07-03',
      '2026-09-07',
      '2026-10-12',
      '2026-11-11',
      '2026-11-26',
      '2026-12-25',
    ]);
  });

  it("observe a Sunday holiday the Monday after, and a Saturday New Year's Day on December 31 before", () => {
    // 2023: New Year's Day on a Sunday; 2022: on a Saturday, observed Friday 2021-12-31.
    expect(usFederalHolidays(2023)[0]).toBe('2023-01-02');
    expect(usFederalHolidays(2022)[0]).toBe('2021-12-31');
    expect(isBusinessDay('2021-12-31', DEFAULT_BUSINESS_CALENDAR)).toBe(false);
    // Juneteenth became a federal holiday in 2021.
    expect(usFederalHolidays(2020)).not.toContain('2020-06-19');
  });
});

describe('addBusinessDays', () => {
  const calendar = DEFAULT_BUSINESS_CALENDAR;

  it('skips the weekend: 2 business days after a Friday or a Saturday is the Tuesday', () => {
    expect(addBusinessDays('2026-11-20', 2, calendar)).toBe('2026-11-24'); // Fri → Tue
    expect(addBusinessDays('2026-11-21', 2, calendar)).toBe('2026-11-24'); // Sat → Tue
    expect(addBusinessDays('2026-11-17', 2, calendar)).toBe('2026-11-19'); // Tue → Thu
  });

  it('skips holidays: from the Wednesday before Thanksgiving, Friday is the first and Monday the second', () => {
    expect(addBusinessDays('2026-11-25', 2, calendar)).toBe('2026-11-30');
  });

  it('takes the days off a practice configures, and works the holidays it keeps open', () => {
    const dayAfterThanksgiving = { ...calendar, extraHolidays: ['2026-11-27'] };
    expect(addBusinessDays('2026-11-25', 2, dayAfterThanksgiving)).toBe('2026-12-01');
    const worksColumbusDay = { ...calendar, workedHolidays: ['2026-10-12'] };
    expect(addBusinessDays('2026-10-09', 1, calendar)).toBe('2026-10-13');
    expect(addBusinessDays('2026-10-09', 1, worksColumbusDay)).toBe('2026-10-12');
    const noFederal = { ...calendar, federalHolidays: false };
    expect(addBusinessDays('2026-11-25', 2, noFederal)).toBe('2026-11-27');
  });

  it('counts another weekend: Friday and Saturday off', () => {
    const calendarFriSat = { ...calendar, weekendDays: [5, 6], federalHolidays: false };
    expect(addBusinessDays('2026-11-19', 2, calendarFriSat)).toBe('2026-11-23'); // Thu → Sun, Mon
  });

  it('refuses a week with no working day', () => {
    expect(() => addBusinessDays('2026-11-19', 1, { ...calendar, weekendDays: [0, 1, 2, 3, 4, 5, 6] })).toThrow(
      /at least one working day/,
    );
  });
});
