import { Type, type Static } from 'typebox';

/**
 * Where each source's data is as of: claims paid through the latest paid date received; clinical data through
 * the latest clinical event date received (never past the day it was applied); enrolment and payer rosters as of
 * the latest record. Null before the first of each. Every page shows it ("claims paid through …"), so it is a live
 * view of its own; dates only, no patient — safe for the wall.
 */
export const SourceFreshness = Type.Object({
  claimsPaidThrough: Type.Union([Type.String(), Type.Null()]),
  clinicalThrough: Type.Union([Type.String(), Type.Null()]),
  enrollmentAsOf: Type.Union([Type.String(), Type.Null()]),
  rosterAsOf: Type.Union([Type.String(), Type.Null()]),
});
export type SourceFreshness = Static<typeof SourceFreshness>;
export type FreshnessSource = keyof SourceFreshness;
export const FRESHNESS_SOURCES: readonly FreshnessSource[] = [
  'claimsPaidThrough',
  'clinicalThrough',
  'enrollmentAsOf',
  'rosterAsOf',
];

export const FreshnessSnapshot = SourceFreshness;
export type FreshnessSnapshot = SourceFreshness;
/** The sources that moved, with their new dates (dates only move forward). */
export const FreshnessChange = Type.Partial(SourceFreshness);
export type FreshnessChange = Static<typeof FreshnessChange>;

export function emptyFreshnessSnapshot(): FreshnessSnapshot {
  return { claimsPaidThrough: null, clinicalThrough: null, enrollmentAsOf: null, rosterAsOf: null };
}

/** The later of two ISO dates (null is before everything). */
function later(a: string | null | undefined, b: string | null | undefined): string | null {
  if (a === null || a === undefined) {
    return b ?? null;
  }
  return b !== null && b !== undefined && b > a ? b : a;
}

export function applyFreshnessChange(snapshot: FreshnessSnapshot, change: FreshnessChange): FreshnessSnapshot {
  const next = { ...snapshot };
  for (const source of FRESHNESS_SOURCES) {
    next[source] = later(snapshot[source], change[source]);
  }
  return next;
}

export function mergeFreshnessChanges(earlier: FreshnessChange, later_: FreshnessChange): FreshnessChange {
  const merged: FreshnessChange = {};
  for (const source of FRESHNESS_SOURCES) {
    const value = later(earlier[source], later_[source]);
    if (value !== null) {
      merged[source] = value;
    }
  }
  return merged;
}
