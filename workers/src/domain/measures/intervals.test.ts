/**
 * The CQL building blocks: date arithmetic as CQL does it, interval timing at day precision (including an unknown
 * end), the prevalence interval of a condition, and three-valued logic.
 */
import { describe, expect, it } from 'vitest';
import { addDays, addMonths, addYears, daysBetween, END_OF_TIME, isIsoDate, lastDayOfMonth } from './dates.js';
import {
  daysOrLessOnOrBefore,
  during,
  endsDuring,
  interval,
  latest,
  medicationRequestPeriod,
  overlaps,
  overlapsAfter,
  overlapsHalfOpen,
  prevalenceInterval,
  startsDuring,
} from './intervals.js';
import { allOf, and3, anyOf, finding, not3, or3 } from './tri.js';

describe('dates', () => {
  it('adds months and years as CQL does, clamping to the end of a shorter month', () => {
    expect(addMonths('2026-01-01', 6)).toBe('2026-07-01');
    expect(addMonths('2025-08-31', 6)).toBe('2026-02-28');
    expect(addYears('2024-02-29', -1)).toBe('2023-02-28');
    expect(addYears('2026-01-01', -9)).toBe('2017-01-01');
    expect(addDays('2026-01-01', -14)).toBe('2025-12-18');
    expect(daysBetween('2026-11-01', '2026-12-31')).toBe(60);
    expect(lastDayOfMonth('2024-02')).toBe('2024-02-29');
    expect(isIsoDate('2026-02-30')).toBe(false);
    expect(isIsoDate('2026-02-28')).toBe(true);
  });
});

describe('intervals', () => {
  const mp = interval('2026-01-01', '2026-12-31');

  it('overlaps, during, starts during, ends during at day precision', () => {
    expect(overlaps(interval('2025-12-31', '2026-01-01'), mp)).toBe(true);
    expect(overlaps(interval('2025-12-01', '2025-12-31'), mp)).toBe(false);
    expect(during(interval('2026-12-31'), mp)).toBe(true);
    expect(during(interval('2026-12-31', '2027-01-01'), mp)).toBe(false);
    expect(startsDuring(interval('2026-12-31', '2027-03-01'), mp)).toBe(true);
    expect(endsDuring(interval('2025-10-01', '2026-01-01'), mp)).toBe(true);
    expect(overlapsHalfOpen(interval('2026-07-01', END_OF_TIME), '2026-01-01', '2026-07-01')).toBe(false);
    expect(overlapsHalfOpen(interval('2026-06-30', END_OF_TIME), '2026-01-01', '2026-07-01')).toBe(true);
    expect(overlapsAfter(interval('2026-06-21', '2026-06-22'), interval('2026-06-21'))).toBe(true);
    expect(overlapsAfter(interval('2026-06-20', '2026-06-21'), interval('2026-06-21'))).toBe(false);
    expect(daysOrLessOnOrBefore('2026-06-07', 14, '2026-06-21')).toBe(true);
    expect(daysOrLessOnOrBefore('2026-06-06', 14, '2026-06-21')).toBe(false);
    expect(latest(interval('2026-01-02', '2026-01-03'))).toBe('2026-01-03');
    expect(latest(interval('2026-01-02', END_OF_TIME))).toBe('2026-01-02');
  });

  it('medicationRequestPeriod as CumulativeMedicationDuration computes it', () => {
    // Days supplied, times one plus the refills, from the authored date: [start, start + total − 1 days].
    expect(medicationRequestPeriod('2026-06-21', { daysSupply: 30 })).toEqual(interval('2026-06-21', '2026-07-20'));
    expect(medicationRequestPeriod('2026-06-21', { daysSupply: 30, refills: 2 })).toEqual(
      interval('2026-06-21', '2026-09-18'),
    );
    // Else quantity / (dose × doses per day); a fraction of a day is dropped; the bounds' start comes first.
    expect(medicationRequestPeriod('2026-06-21', { quantity: 45, dose: 1, dosesPerDay: 2 })).toEqual(
      interval('2026-06-21', '2026-07-12'),
    );
    expect(
      medicationRequestPeriod('2026-06-21', { boundsStart: '2026-07-01', quantity: 30, dose: 1, dosesPerDay: 1 }),
    ).toEqual(interval('2026-07-01', '2026-07-30'));
    // A quantity without a timing: CMD's doses per day is Count(timeOfDay) = 0, so no total; the bounds' end then.
    expect(medicationRequestPeriod('2026-06-21', { quantity: 30, dose: 1 })).toBeNull();
    expect(medicationRequestPeriod('2026-06-21', { quantity: 30, dose: 1, boundsEnd: '2026-08-01' })).toEqual(
      interval('2026-06-21', '2026-08-01'),
    );
    // Nothing said about the supply: no period. Half a day's supply is the authored day (− 0.5 days truncated).
    expect(medicationRequestPeriod('2026-06-21', undefined)).toBeNull();
    expect(medicationRequestPeriod('2026-06-21', { daysSupply: 0.5 })).toEqual(interval('2026-06-21'));
  });

  it('prevalence: active runs on, resolved runs to its abatement, inactive without one has an unknown end', () => {
    const condition = (status: string, end?: string) =>
      prevalenceInterval({ origin: 'clinical', status, start: '2020-05-01', ...(end === undefined ? {} : { end }) });
    expect(overlaps(condition('active'), mp)).toBe(true);
    expect(overlaps(condition('recurrence'), mp)).toBe(true);
    expect(overlaps(condition('resolved', '2021-01-01'), mp)).toBe(false);
    expect(overlaps(condition('resolved', '2026-02-01'), mp)).toBe(true);
    // CQL: an open null end is unknown, so "overlaps" is null and the condition drops out of the where clause.
    expect(overlaps(condition('inactive'), mp)).toBe(false);
    expect(overlaps(condition('unknown'), mp)).toBe(false);
    // A claim diagnosis is present on the claim's dates only.
    const claimDiagnosis = prevalenceInterval({
      origin: 'claim',
      status: 'active',
      start: '2024-03-01',
      end: '2024-03-02',
    });
    expect(overlaps(claimDiagnosis, mp)).toBe(false);
  });
});

describe('three-valued logic', () => {
  it('follows Kleene: false dominates and, true dominates or, unknown otherwise', () => {
    expect(and3(true, null)).toBeNull();
    expect(and3(false, null)).toBe(false);
    expect(or3(true, null)).toBe(true);
    expect(or3(false, null)).toBeNull();
    expect(not3(null)).toBeNull();
  });

  it('carries the reasons of unknown findings and the evidence of true ones', () => {
    const unknown = finding(null, [], { unknownBecause: ['no birth date'] });
    const yes = finding(true, [
      { eventId: 'e1', source: 'claim', system: 'cpt', code: '99213', date: '2026-01-01', role: 'r' },
    ]);
    expect(allOf(unknown, yes)).toMatchObject({ value: null, unknownBecause: ['no birth date'], evidence: [] });
    expect(anyOf(unknown, yes)).toMatchObject({ value: true, unknownBecause: [] });
    expect(anyOf(unknown, yes).evidence.map((e) => e.eventId)).toEqual(['e1']);
    expect(allOf(unknown, finding(false)).value).toBe(false);
  });
});
