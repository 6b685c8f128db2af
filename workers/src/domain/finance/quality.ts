/**
 * The quality gate on sharing (42 CFR 425.512; reference §1.8) and the score behind it: MIPS achievement points
 * per measure from the benchmark decile (the measures engine's `decileOf`/`rateForDecile`, with points within a
 * decile to one decimal), the MIPS Quality score, the health-equity-adjusted (HEA) score, and whether the ACO meets
 * the quality performance standard (HEA ≥ 40th percentile, or the all-measures route), only the alternative
 * standard (≥ 10th percentile on an outcome measure — sharing scaled by the HEA score), or neither.
 */
import type { Benchmark, MeasureRate } from '../measures/index.js';
import { decileOf, rateForDecile } from '../measures/index.js';

export type QualityStandard = 'met' | 'alternative' | 'not-met';

/** One measure as the quality score reads it: counts (or fixed points) and its benchmark. */
export interface MeasureQualityInput {
  readonly measureId: string;
  /** Outcome measures (HbA1c poor control, CBP, readmission, UAMCC) open the 10th-percentile routes. */
  readonly outcome: boolean;
  readonly inverse: boolean;
  /** Patients the rate is over, and those in the numerator (inverse: the bad outcome). */
  readonly eligible: number;
  readonly met: number;
  /** The SSP benchmark; a measure without one scores `fixedPoints`. */
  readonly benchmark?: Benchmark;
  /** Points for a measure scored elsewhere (CAHPS, claims-based measures CMS computes). */
  readonly fixedPoints?: number;
  /** Benchmark decile for a measure scored elsewhere, for the percentile routes. */
  readonly fixedDecile?: number;
  readonly maxPoints?: number;
}

export interface MeasureScore {
  readonly measureId: string;
  readonly rate: number | null;
  readonly decile: number | null;
  readonly points: number;
  readonly maxPoints: number;
}

/**
 * MIPS achievement points for a rate: the decile (1–10) plus the position within it, to one decimal (truncated),
 * at most 10. [SEC: MIPS scoring awards partial points within a decile; topped-out caps are not applied.]
 */
export function achievementPoints(rate: number, benchmark: Benchmark): number {
  const decile = decileOf(rate, benchmark);
  if (decile >= 10) {
    return 10;
  }
  const low = rateForDecile(decile, benchmark);
  const high = rateForDecile(decile + 1, benchmark);
  const span = benchmark.inverse ? low - high : high - low;
  const into = benchmark.inverse ? low - rate : rate - low;
  const fraction = span > 0 ? Math.min(Math.max(into / span, 0), 0.99) : 0;
  return Math.floor((decile + fraction) * 10 + 1e-9) / 10;
}

export function scoreMeasure(measure: MeasureQualityInput): MeasureScore {
  const maxPoints = measure.maxPoints ?? 10;
  const rate = measure.eligible > 0 ? (100 * measure.met) / measure.eligible : null;
  if (measure.benchmark === undefined || rate === null) {
    return {
      measureId: measure.measureId,
      rate,
      decile: measure.fixedDecile ?? null,
      points: measure.fixedPoints ?? 0,
      maxPoints,
    };
  }
  return {
    measureId: measure.measureId,
    rate,
    decile: decileOf(rate, measure.benchmark),
    points: achievementPoints(rate, measure.benchmark),
    maxPoints,
  };
}

/** The measure inputs from the measures engine's tenant-level rates (`computeRates`), with their benchmarks. */
export function measureInputsFromRates(
  rates: readonly MeasureRate[],
  benchmarks: Readonly<Record<string, Benchmark | undefined>>,
  outcomeMeasures: ReadonlySet<string>,
): MeasureQualityInput[] {
  return rates
    .filter((r) => r.level === 'tenant')
    .map((r) => {
      const benchmark = benchmarks[r.measureId];
      return {
        measureId: r.measureId,
        outcome: outcomeMeasures.has(r.measureId) || outcomeMeasures.has(r.qualityId),
        inverse: r.inverse,
        eligible: r.eligible,
        met: r.met,
        ...(benchmark === undefined ? {} : { benchmark }),
      };
    });
}

export interface QualityScore {
  readonly measures: readonly MeasureScore[];
  /** MIPS Quality score, 0–100. */
  readonly mipsScore: number;
  /** Health-equity-adjusted score: MIPS score + bonus (≤ 10 points), at most 100 (425.512(b)). */
  readonly heaScore: number;
}

export function qualityScore(measures: readonly MeasureQualityInput[], healthEquityBonus = 0): QualityScore {
  const scored = measures.map(scoreMeasure);
  const max = scored.reduce((total, m) => total + m.maxPoints, 0);
  const points = scored.reduce((total, m) => total + m.points, 0);
  const mipsScore = max > 0 ? (100 * points) / max : 0;
  return {
    measures: scored,
    mipsScore,
    heaScore: Math.min(100, mipsScore + Math.min(10, Math.max(0, healthEquityBonus))),
  };
}

export interface QualityGateInput {
  readonly heaScore: number | null;
  /** The 40th-percentile MIPS Quality score of the year; null when unknown. */
  readonly threshold40th: number | null;
  /** Measure deciles for the percentile routes (decile ≥ 2 reaches the 10th percentile, ≥ 5 the 40th). */
  readonly measures?: readonly Pick<MeasureScore & MeasureQualityInput, 'measureId' | 'decile' | 'outcome'>[];
  /** Reported all APP Plus eCQMs/MIPS CQMs with data completeness (opens the all-measures route). */
  readonly reportedAllMeasures?: boolean;
  /** First PY of a first agreement, completeness met and CAHPS fielded (425.512(a)(2)). */
  readonly firstYearCompleteness?: boolean;
  /** Extreme and uncontrollable circumstances (425.512(c)): score floored at the 40th percentile. */
  readonly extremeUncontrollable?: boolean;
  /** Measures without benchmarks or with reduced denominators (425.512(a)(7)): max(HEA, 40th percentile). */
  readonly reducedDenominators?: boolean;
  /** Reported no eCQM/MIPS CQM/Medicare CQM and fielded no CAHPS: fails both standards. */
  readonly reportedNothing?: boolean;
}

export interface QualityGate {
  readonly standard: QualityStandard;
  /** The score sharing is scaled by under the alternative standard (and ENHANCED's loss rate uses). */
  readonly effectiveScore: number | null;
  readonly reason: string;
}

/** PY2024+ gate (425.512(a)(5)): which standard the ACO meets. */
export function qualityGate(input: QualityGateInput): QualityGate {
  if (input.reportedNothing === true) {
    return { standard: 'not-met', effectiveScore: null, reason: 'nothing reported and no CAHPS: fails both standards' };
  }
  let score = input.heaScore;
  const threshold = input.threshold40th;
  if (
    threshold !== null &&
    score !== null &&
    (input.extremeUncontrollable === true || input.reducedDenominators === true)
  ) {
    score = Math.max(score, threshold);
  }
  if (input.firstYearCompleteness === true) {
    return {
      standard: 'met',
      effectiveScore: score,
      reason: 'first performance year: completeness and CAHPS (425.512(a)(2))',
    };
  }
  if (score !== null && threshold !== null && score >= threshold) {
    return {
      standard: 'met',
      effectiveScore: score,
      reason: `HEA score ${score.toFixed(2)} ≥ 40th percentile ${threshold.toFixed(2)}`,
    };
  }
  const measures = input.measures ?? [];
  const outcomesAt10th = measures.filter((m) => m.outcome && (m.decile ?? 0) >= 2);
  // The all-measures route: an outcome measure at the 10th percentile and a *different* measure at the 40th.
  if (
    input.reportedAllMeasures === true &&
    measures.some((b) => (b.decile ?? 0) >= 5 && outcomesAt10th.some((a) => a !== b))
  ) {
    return {
      standard: 'met',
      effectiveScore: score,
      reason: '≥ 10th percentile on an outcome measure and ≥ 40th on another measure',
    };
  }
  if (outcomesAt10th.length > 0) {
    return {
      standard: 'alternative',
      effectiveScore: score,
      reason: '≥ 10th percentile on an outcome measure only (alternative standard)',
    };
  }
  return {
    standard: 'not-met',
    effectiveScore: score,
    reason:
      score === null || threshold === null
        ? 'score or threshold unknown and no outcome measure at the 10th percentile'
        : `HEA score ${score.toFixed(2)} < ${threshold.toFixed(2)} and no outcome measure at the 10th percentile`,
  };
}

/**
 * The factor on the maximum sharing rate: 1 when the standard is met, HEA score ÷ 100 under the alternative
 * standard (e.g. 50% × 0.65 = 32.5%), 0 otherwise (425.605(d), 425.610(d) as amended for PY2024+).
 */
export function qualitySharingFactor(standard: QualityStandard, heaScore: number | null): number {
  switch (standard) {
    case 'met':
      return 1;
    case 'alternative':
      return heaScore === null ? 0 : Math.min(100, Math.max(0, heaScore)) / 100;
    case 'not-met':
      return 0;
  }
}
