/**
 * The Quality page's arithmetic, pure: each measure's rate from the roll-up counters (met ÷ (met + not met), as the
 * shared measureRate() defines it), the patients it takes to reach a target rate, and the SSP benchmark decile.
 * Inverse measures (CMS122: glycemic status > 9 %) count the bad outcome as "met", so lower is better and reaching
 * a target means bringing patients out of the numerator.
 */
import type { MeasureCounts, ProviderCounts } from '../rollups/counters.js';
import { SSP_BENCHMARKS_2026, type SspBenchmark } from './ssp-benchmarks-2026.js';

export interface MeasureInfo {
  measureId: string;
  qualityId: string;
  title: string;
  inverse: boolean;
}

/** The eCQMs the workers evaluate (shared/backend EVALUABLE_MEASURE_IDS), with their QPP quality ids. */
export const MEASURES: readonly MeasureInfo[] = [
  { measureId: 'CMS122', qualityId: '001', title: 'Diabetes: glycemic status > 9 %', inverse: true },
  { measureId: 'CMS165', qualityId: '236', title: 'Controlling high blood pressure', inverse: false },
  { measureId: 'CMS2', qualityId: '134', title: 'Depression screening and follow-up', inverse: false },
  { measureId: 'CMS125', qualityId: '112', title: 'Breast cancer screening', inverse: false },
  { measureId: 'CMS130', qualityId: '113', title: 'Colorectal cancer screening', inverse: false },
];

export function measureInfo(measureId: string): MeasureInfo {
  return (
    MEASURES.find((m) => m.measureId === measureId) ?? { measureId, qualityId: '', title: measureId, inverse: false }
  );
}

/** Met ÷ (met + not met); null with nobody eligible. */
export function rateOf(met: number, notMet: number): number | null {
  const eligible = met + notMet;
  return eligible === 0 ? null : met / eligible;
}

/** Rounding slack, so 0.7 × 10 (= 7.000000000000001) needs 7 patients, not 8. */
const EPSILON = 1e-9;

/**
 * How many patients move the rate to the target (a fraction, 0–1): for a normal measure, more numerator patients
 * needed so met ÷ eligible ≥ target; for an inverse one, numerator patients to bring out of it so met ÷ eligible ≤
 * target. Eligible stays fixed (closing a gap moves a patient from not met to met). 0 when already there; null
 * with nobody eligible.
 */
export function patientsToGoal(met: number, eligible: number, target: number, inverse: boolean): number | null {
  if (eligible <= 0 || !Number.isFinite(target)) {
    return null;
  }
  const goal = Math.min(1, Math.max(0, target));
  const boundary = goal * eligible;
  return inverse ? Math.max(0, met - Math.floor(boundary + EPSILON)) : Math.max(0, Math.ceil(boundary - EPSILON) - met);
}

export function benchmarkFor(measureId: string): SspBenchmark | null {
  return SSP_BENCHMARKS_2026[measureInfo(measureId).qualityId] ?? null;
}

const DECILE_PERCENTILES = [10, 20, 30, 40, 50, 60, 70, 80, 90] as const;

/**
 * The benchmark decile (1–10) of a rate (a fraction): one more than the thresholds (10th … 90th percentile) it
 * reaches — at or above for a normal measure, at or below for an inverse one (the scale reversed, reference §4.1).
 */
export function decileOf(rate: number, benchmark: SspBenchmark): number {
  const percent = rate * 100;
  const reached = DECILE_PERCENTILES.filter((p) =>
    benchmark.inverse ? percent <= benchmark.percentiles[p] + EPSILON : percent >= benchmark.percentiles[p] - EPSILON,
  );
  return 1 + reached.length;
}

/** The rate (fraction) that reaches a decile 2–10; decile 1 needs nothing (0, or 1 for inverse). */
export function rateForDecile(decile: number, benchmark: SspBenchmark): number {
  const d = Math.min(10, Math.max(1, Math.round(decile)));
  if (d === 1) {
    return benchmark.inverse ? 1 : 0;
  }
  const percentile = (benchmark.inverse ? (11 - d) * 10 : (d - 1) * 10) as keyof SspBenchmark['percentiles'];
  return benchmark.percentiles[percentile] / 100;
}

export interface MeasureRow extends MeasureInfo {
  met: number;
  notMet: number;
  /** Met + not met: the patients the rate is over (denominator less exclusions and exceptions). */
  eligible: number;
  /** Met + not met + excluded + excepted: the eCQM denominator (here, the initial population). */
  denominator: number;
  excluded: number;
  excepted: number;
  notEvaluable: number;
  notInPopulation: number;
  rate: number | null;
  decile: number | null;
  toGoal: number | null;
}

export function measureRow(counts: MeasureCounts, target: number): MeasureRow {
  const info = measureInfo(counts.measureId);
  const eligible = counts.met + counts.notMet;
  const rate = rateOf(counts.met, counts.notMet);
  const benchmark = benchmarkFor(counts.measureId);
  return {
    ...info,
    met: counts.met,
    notMet: counts.notMet,
    eligible,
    denominator: eligible + counts.excluded + counts.excepted,
    excluded: counts.excluded,
    excepted: counts.excepted,
    notEvaluable: counts.notEvaluable,
    notInPopulation: counts.notInPopulation,
    rate,
    decile: rate === null || benchmark === null ? null : decileOf(rate, benchmark),
    toGoal: patientsToGoal(counts.met, eligible, target, info.inverse),
  };
}

export interface ProviderRow extends ProviderCounts {
  eligible: number;
  rate: number | null;
  toGoal: number | null;
}

export function providerRows(rows: readonly ProviderCounts[], target: number, inverse: boolean): ProviderRow[] {
  return rows.map((row) => {
    const eligible = row.met + row.notMet;
    return {
      ...row,
      eligible,
      rate: rateOf(row.met, row.notMet),
      toGoal: patientsToGoal(row.met, eligible, target, inverse),
    };
  });
}

export type SortDirection = 'ascending' | 'descending';

/**
 * Table rows ordered by a column: nulls (no eligible patient) always last, ties by key so a live update never
 * reshuffles equal rows.
 */
export function sortProviderRows(
  rows: readonly ProviderRow[],
  column: 'key' | 'eligible' | 'met' | 'rate' | 'toGoal',
  direction: SortDirection,
): ProviderRow[] {
  const sign = direction === 'ascending' ? 1 : -1;
  return [...rows].sort((a, b) => {
    if (column === 'key') {
      return sign * a.key.localeCompare(b.key);
    }
    const x = a[column];
    const y = b[column];
    if (x === null || y === null) {
      return x === y ? a.key.localeCompare(b.key) : x === null ? 1 : -1;
    }
    return sign * (x - y) || a.key.localeCompare(b.key);
  });
}

/** The Queue page's URL for a measure's open gaps, optionally one TIN's or NPI's (see queue/filters.ts). */
export function queueLink(measureId: string, by: { tin?: string; npi?: string } = {}): string {
  const query = new URLSearchParams({ kind: 'measure', subject: measureId });
  if (by.tin !== undefined) {
    query.set('tin', by.tin);
  }
  if (by.npi !== undefined) {
    query.set('npi', by.npi);
  }
  return `/queue?${query.toString()}`;
}
