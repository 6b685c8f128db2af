/**
 * Assignment windows: the documented default dates per methodology, a rolling window ending on a data cut, and
 * the date arithmetic the engine needs (months of a window, membership). The defaults are configuration, not
 * rules the engine assumes: every run takes its windows as an explicit input.
 */
import type { AssignmentMethod, AssignmentWindows, DateWindow } from './types.js';

/**
 * The typical windows for performance year N (reference §2.5; CMS's SLAAM Appendix B gives the exact dates
 * each year — they are marked VERIFY there, so callers can and should override them):
 * - prospective (42 CFR 425.400(a)(3)): 12 months Oct 1 (N−2) – Sep 30 (N−1), expanded Oct 1 (N−3) – Sep 30
 *   (N−1), and the performance year itself as the window of the 425.401(b) exclusions;
 * - retrospective reconciliation (42 CFR 425.400(a)(2)(iii)): the performance year, expanded Jan 1 (N−1) –
 *   Dec 31 N.
 */
export function defaultAssignmentWindows(performanceYear: number, method: AssignmentMethod): AssignmentWindows {
  const n = performanceYear;
  if (method === 'prospective') {
    return {
      assignment: { from: `${n - 2}-10-01`, through: `${n - 1}-09-30` },
      expanded: { from: `${n - 3}-10-01`, through: `${n - 1}-09-30` },
      exclusion: { from: `${n}-01-01`, through: `${n}-12-31` },
    };
  }
  return {
    assignment: { from: `${n}-01-01`, through: `${n}-12-31` },
    expanded: { from: `${n - 1}-01-01`, through: `${n}-12-31` },
    exclusion: null,
  };
}

/**
 * The most recent 12 (and 24) months ending on a date, as preliminary prospective lists and quarterly updates
 * use them (42 CFR 425.400(a)(2)(ii)): e.g. a cut on 2025-09-30 reads 2024-10-01 – 2025-09-30.
 */
export function windowsEndingOn(through: string): AssignmentWindows {
  return {
    assignment: { from: dayAfterMonthsBefore(through, 12), through },
    expanded: { from: dayAfterMonthsBefore(through, 24), through },
    exclusion: null,
  };
}

export function isWithin(date: string, window: DateWindow): boolean {
  return window.from <= date && date <= window.through;
}

/** The calendar months (YYYY-MM) a window touches, in order. */
export function monthsOf(window: DateWindow): string[] {
  const months: string[] = [];
  let [year, month] = window.from.split('-').map(Number) as [number, number];
  const last = window.through.slice(0, 7);
  for (;;) {
    const current = `${year}-${String(month).padStart(2, '0')}`;
    if (current > last) {
      return months;
    }
    months.push(current);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
}

/** The day after the same date `months` months earlier (Date.UTC rolls overflowing days into the next month). */
function dayAfterMonthsBefore(date: string, months: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1 - months, day + 1)).toISOString().slice(0, 10);
}
