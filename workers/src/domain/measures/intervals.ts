/**
 * CQL interval timing at day precision (QICoreCommon `toInterval`, `latest`, `prevalenceInterval`,
 * CumulativeMedicationDuration `medicationRequestPeriod`, and the `overlaps` / `during` / `starts during` / `ends
 * during` / `on or before` phrases the measures use). An interval is closed; an end that never comes is
 * END_OF_TIME (CQL's closed null end: ongoing), and an unknown end (CQL's open null end, e.g. an inactive
 * condition without an abatement date) satisfies no test that needs the end, as null does in a CQL `where`.
 */
import type { MedicationSupply } from '@benchline/shared';
import { addDays, END_OF_TIME } from './dates.js';

export interface DateInterval {
  readonly start: string;
  /** END_OF_TIME when ongoing; ignored when endUnknown. */
  readonly end: string;
  readonly endUnknown?: boolean;
}

export function interval(start: string, end: string = start): DateInterval {
  return { start, end };
}

/** `a overlaps day of b`. */
export function overlaps(a: DateInterval, b: DateInterval): boolean {
  return !a.endUnknown && !b.endUnknown && a.start <= b.end && a.end >= b.start;
}

/** `a overlaps b` where b is half-open at its end: `Interval[start, end)`. */
export function overlapsHalfOpen(a: DateInterval, start: string, endExclusive: string): boolean {
  return !a.endUnknown && a.start < endExclusive && a.end >= start;
}

/** `a during day of b` (a included in b). */
export function during(a: DateInterval, b: DateInterval): boolean {
  return !a.endUnknown && !b.endUnknown && a.start >= b.start && a.end <= b.end;
}

/** `a starts during day of b`. */
export function startsDuring(a: DateInterval, b: DateInterval): boolean {
  return !b.endUnknown && a.start >= b.start && a.start <= b.end;
}

/** `a ends during day of b`. */
export function endsDuring(a: DateInterval, b: DateInterval): boolean {
  return !a.endUnknown && !b.endUnknown && a.end >= b.start && a.end <= b.end;
}

/** `a starts on or before day of date`. */
export function startsOnOrBefore(a: DateInterval, date: string): boolean {
  return a.start <= date;
}

/** `a ends on or before day of date`. */
export function endsOnOrBefore(a: DateInterval, date: string): boolean {
  return !a.endUnknown && a.end <= date;
}

/** A date `within day of b` (a point `during` an interval). */
export function within(date: string, b: DateInterval): boolean {
  return !b.endUnknown && date >= b.start && date <= b.end;
}

/** QICoreCommon `latest()`: the end when the interval has one, else its start. */
export function latest(a: DateInterval): string {
  return a.endUnknown || a.end === END_OF_TIME ? a.start : a.end;
}

/** The timing fields of a fact, as the canonical event carries them (one date, and an end date when it has one). */
export interface Timed {
  readonly origin: 'clinical' | 'claim' | 'eligibility';
  readonly status: string;
  readonly start: string;
  readonly end?: string;
}

/**
 * QICoreCommon `toInterval()` of a fact's timing: [start, end], or the single day when there is no end date. (The
 * canonical event does not say whether the source had a period without an end, which CQL reads as ongoing.)
 */
export function toInterval(fact: Timed): DateInterval {
  return interval(fact.start, fact.end ?? fact.start);
}

const ACTIVE_CLINICAL_STATUSES: readonly string[] = ['active', 'recurrence', 'relapse'];

/**
 * QICoreCommon `prevalenceInterval()`: an active (or recurring, relapsed) condition runs from onset to its
 * abatement, or on; any other condition runs to its abatement date, or to an unknown end. A claim diagnosis
 * says the condition was present on the claim's service dates, so it runs from the claim's first to last day.
 */
export function prevalenceInterval(fact: Timed): DateInterval {
  if (fact.origin !== 'clinical') {
    return toInterval(fact);
  }
  if (ACTIVE_CLINICAL_STATUSES.includes(fact.status)) {
    return interval(fact.start, fact.end ?? END_OF_TIME);
  }
  return fact.end === undefined
    ? { start: fact.start, end: END_OF_TIME, endUnknown: true }
    : interval(fact.start, fact.end);
}

/**
 * CumulativeMedicationDuration `medicationRequestPeriod()`: from the bounds period's start, else the authored
 * date, for the days supplied — the expected supply duration, else quantity / (dose × doses per day) — times one
 * plus the refills (`Interval[start, start + (total − 1) days]`, the fraction of a day dropped); else to the bounds
 * period's end; else no period (null: the request overlaps nothing). Doses per day default as CMD's Coalesce does:
 * to the count of times of day, 0 when there are none, so a quantity without a timing gives no period.
 */
export function medicationRequestPeriod(authoredOn: string, supply: MedicationSupply | undefined): DateInterval | null {
  const start = supply?.boundsStart ?? authoredOn;
  const dosesPerDay = supply?.dosesPerDay ?? 0;
  const fromQuantity =
    supply?.quantity !== undefined && supply.dose !== undefined && dosesPerDay > 0
      ? supply.quantity / (supply.dose * dosesPerDay)
      : undefined;
  const days = supply?.daysSupply ?? fromQuantity;
  if (days !== undefined) {
    const extraDays = Math.trunc(days * (1 + (supply?.refills ?? 0)) - 1);
    // No days at all (the schema's positive numbers rule it out): CQL's interval would end before it starts.
    return extraDays < 0 ? null : interval(start, addDays(start, extraDays));
  }
  return supply?.boundsEnd === undefined ? null : interval(start, supply.boundsEnd);
}

/** `a overlaps after day of b`: a overlaps b and ends after it. */
export function overlapsAfter(a: DateInterval, b: DateInterval): boolean {
  return overlaps(a, b) && a.end > b.end;
}

/** `date n days or less on or before day of anchor`: date in [anchor − n days, anchor]. */
export function daysOrLessOnOrBefore(date: string, days: number, anchor: string): boolean {
  return date <= anchor && date >= addDays(anchor, -days);
}

/** `date n days or less on or after day of anchor`: date in [anchor, anchor + n days]. */
export function daysOrLessOnOrAfter(date: string, days: number, anchor: string): boolean {
  return date >= anchor && date <= addDays(anchor, days);
}
