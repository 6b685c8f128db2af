/**
 * Year-end projection with an uncertainty band (deterministic — no random draws): the months still to come are
 * projected at each type's run-rate PMPM (benchmark-comparable: completed and truncated) over the elapsed months,
 * leaving out the least-developed recent ones (reference §1.9: never trend the last 2–3 incurred months), on the
 * latest month's member-months. The band comes from month-to-month variance of the run-rate PMPM: each future
 * month varies like the past ones and their mean is itself estimated (Var = R·M²·s² + (R·M)²·s²/n). A bootstrap
 * over members would need per-member data and so could not run from the roll-ups; this can.
 */
import { monthsOfYear } from './months.js';
import { roundHalfAway } from './money.js';
import type { ByType } from './types.js';
import { ENROLLMENT_TYPES, byType } from './types.js';

export interface MonthRow {
  readonly month: string;
  readonly memberMonths: ByType<number>;
  /** Benchmark-comparable spend (completed, truncated), cents. */
  readonly comparableCents: ByType<number>;
}

export interface ProjectionOptions {
  readonly year: number;
  readonly asOfMonth: string;
  /** Recent incurred months left out of the run rate. Default 2. */
  readonly excludeRecentMonths?: number;
  /** Normal quantile of each side of the band. Default 1.2816: the 10th–90th percentile band. */
  readonly bandZ?: number;
  /** Multiplies the run-rate PMPM of the months to come (what-if: a change in spend trend). Default 1. */
  readonly futurePmpmFactor?: number;
}

export interface YearEndProjection {
  readonly method: 'month-to-month-variance';
  readonly elapsedMonths: readonly string[];
  readonly runRateMonths: readonly string[];
  readonly remainingMonths: readonly string[];
  /** Run-rate PMPM per type (cents; null for a type with no run-rate member-months). */
  readonly runRatePmpmCents: ByType<number | null>;
  readonly projectedMemberMonths: ByType<number>;
  /** Observed + projected, for the whole year. */
  readonly memberMonths: ByType<number>;
  readonly expenditureCents: ByType<number>;
  /** EXP per type, cents per person-year. */
  readonly perCapitaByTypeCents: ByType<number | null>;
  /** EXP, cents per person-year: the point projection. */
  readonly perCapitaCents: number | null;
  /** Standard deviation of EXP; null when fewer than two run-rate months leave it unknown. */
  readonly sdPerCapitaCents: number | null;
  /** Band ends of EXP (low = mean − z·sd, the favourable end). */
  readonly lowPerCapitaCents: number | null;
  readonly highPerCapitaCents: number | null;
  readonly bandZ: number;
}

/** Standard normal CDF (Abramowitz & Stegun 26.2.17, |error| < 7.5e-8). */
export function normalCdf(z: number): number {
  const t = 1 / (1 + 0.2316419 * Math.abs(z));
  const poly = t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  const tail = (Math.exp((-z * z) / 2) / Math.sqrt(2 * Math.PI)) * poly;
  return z >= 0 ? 1 - tail : tail;
}

/** P(X ≤ threshold) for X normal(mean, sd); a step when sd is 0; null when sd is unknown. */
export function probabilityAtMost(threshold: number, mean: number, sd: number | null): number | null {
  if (sd === null) {
    return null;
  }
  if (sd === 0) {
    return mean <= threshold ? 1 : 0;
  }
  return normalCdf((threshold - mean) / sd);
}

export function projectYearEnd(rows: readonly MonthRow[], options: ProjectionOptions): YearEndProjection {
  const bandZ = options.bandZ ?? 1.2816;
  const factor = options.futurePmpmFactor ?? 1;
  const yearMonths = monthsOfYear(options.year);
  const byMonth = new Map(rows.filter((r) => yearMonths.includes(r.month)).map((r) => [r.month, r]));
  const elapsed = yearMonths.filter((m) => m <= options.asOfMonth);
  const remaining = yearMonths.filter((m) => m > options.asOfMonth);
  const exclude = options.excludeRecentMonths ?? 2;
  const trimmed = elapsed.slice(0, Math.max(0, elapsed.length - exclude));
  const runRate = (trimmed.length > 0 ? trimmed : elapsed).filter((m) => byMonth.has(m));
  const zero = byType(() => 0);

  const runMm = byType((t) => runRate.reduce((s, m) => s + (byMonth.get(m)?.memberMonths[t] ?? 0), 0));
  const runCents = byType((t) => runRate.reduce((s, m) => s + (byMonth.get(m)?.comparableCents[t] ?? 0), 0));
  const allMm = ENROLLMENT_TYPES.reduce((s, t) => s + runMm[t], 0);
  const allCents = ENROLLMENT_TYPES.reduce((s, t) => s + runCents[t], 0);
  const aggregatePmpm = allMm > 0 ? allCents / allMm : 0;
  const runRatePmpm = byType((t) => (runMm[t] > 0 ? runCents[t] / runMm[t] : null));

  const last = elapsed.at(-1);
  const lastRow = last === undefined ? undefined : byMonth.get(last);
  const perMonthMm = lastRow?.memberMonths ?? zero;
  const projectedMemberMonths = byType((t) => perMonthMm[t] * remaining.length);
  const observedMm = byType((t) => elapsed.reduce((s, m) => s + (byMonth.get(m)?.memberMonths[t] ?? 0), 0));
  const observedCents = byType((t) => elapsed.reduce((s, m) => s + (byMonth.get(m)?.comparableCents[t] ?? 0), 0));
  // A type absent from the run-rate months but present now is projected at the aggregate PMPM.
  const futureCents = byType((t) =>
    roundHalfAway(projectedMemberMonths[t] * (runRatePmpm[t] ?? aggregatePmpm) * factor),
  );
  const memberMonths = byType((t) => observedMm[t] + projectedMemberMonths[t]);
  const expenditureCents = byType((t) => observedCents[t] + futureCents[t]);
  const totalMm = ENROLLMENT_TYPES.reduce((s, t) => s + memberMonths[t], 0);
  const totalCents = ENROLLMENT_TYPES.reduce((s, t) => s + expenditureCents[t], 0);
  const perCapitaCents = totalMm > 0 ? roundHalfAway((totalCents * 12) / totalMm) : null;

  // Month-to-month variance of the aggregate run-rate PMPM.
  const pmpms = runRate
    .map((m) => byMonth.get(m))
    .filter((r): r is MonthRow => r !== undefined)
    .map((r) => {
      const mm = ENROLLMENT_TYPES.reduce((s, t) => s + r.memberMonths[t], 0);
      return mm > 0 ? ENROLLMENT_TYPES.reduce((s, t) => s + r.comparableCents[t], 0) / mm : null;
    })
    .filter((x): x is number => x !== null);
  let sd: number | null = null;
  if (remaining.length === 0) {
    sd = 0;
  } else if (pmpms.length >= 2 && totalMm > 0) {
    const mean = pmpms.reduce((s, x) => s + x, 0) / pmpms.length;
    const variance = pmpms.reduce((s, x) => s + (x - mean) ** 2, 0) / (pmpms.length - 1);
    const m = ENROLLMENT_TYPES.reduce((s, t) => s + perMonthMm[t], 0);
    const r = remaining.length;
    const futureVariance = factor ** 2 * variance * (r * m * m + (r * m) ** 2 / pmpms.length);
    sd = (Math.sqrt(futureVariance) * 12) / totalMm;
  }
  const band = (sign: 1 | -1): number | null =>
    perCapitaCents === null || sd === null ? null : roundHalfAway(perCapitaCents + sign * bandZ * sd);
  return {
    method: 'month-to-month-variance',
    elapsedMonths: elapsed,
    runRateMonths: runRate,
    remainingMonths: remaining,
    runRatePmpmCents: byType((t) => {
      const pmpm = runRatePmpm[t];
      return pmpm === null ? null : roundHalfAway(pmpm);
    }),
    projectedMemberMonths,
    memberMonths,
    expenditureCents,
    perCapitaByTypeCents: byType((t) =>
      memberMonths[t] > 0 ? roundHalfAway((expenditureCents[t] * 12) / memberMonths[t]) : null,
    ),
    perCapitaCents,
    sdPerCapitaCents: sd,
    lowPerCapitaCents: band(-1),
    highPerCapitaCents: band(1),
    bandZ,
  };
}
