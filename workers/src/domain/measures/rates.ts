/**
 * Performance rates per tenant, TIN and NPI (reference §4.1): rate = numerator ÷ (denominator − exclusions −
 * exceptions outside the numerator); the MIPS benchmark decile of the rate — reversed for inverse measures, where
 * a lower rate earns a higher decile — and the patients to close (or, inverse, bring under control) to reach a
 * target rate or decile. Pure; the benchmarks are passed in.
 */
import type { MeasureId, MeasureResult } from './types.js';

export const BENCHMARK_PERCENTILES = [1, 10, 20, 30, 40, 50, 60, 70, 80, 90, 99] as const;
export type BenchmarkPercentile = (typeof BENCHMARK_PERCENTILES)[number];

/** A MIPS quality benchmark row (qpp-measures-data): performance rates (0–100) at each percentile of reporters. */
export interface Benchmark {
  /** The quality ID, `SSP` appended for the Shared Savings Program row. */
  readonly measureId: string;
  readonly benchmarkYear: number;
  readonly performanceYear: number;
  readonly submissionMethod: string;
  readonly inverse: boolean;
  readonly toppedOut: boolean;
  readonly percentiles: Readonly<Record<BenchmarkPercentile, number>>;
  readonly averagePerformanceRate: number | null;
}

/** Where the rate is reported: the Shared Savings Program benchmark (an ACO's default) or a MIPS collection type. */
export type BenchmarkCollection = 'ssp' | 'electronicHealthRecord' | 'registry' | 'claims';

export function findBenchmark(
  benchmarks: readonly Benchmark[],
  qualityId: string,
  collection: BenchmarkCollection = 'ssp',
): Benchmark | undefined {
  return collection === 'ssp'
    ? benchmarks.find((b) => b.measureId === `${qualityId}SSP`)
    : benchmarks.find((b) => b.measureId === qualityId && b.submissionMethod === collection);
}

const DECILE_PERCENTILES = [10, 20, 30, 40, 50, 60, 70, 80, 90] as const;

/**
 * The benchmark decile (1–10) of a rate: one more than the number of decile thresholds (10th … 90th percentile)
 * the rate reaches — at or above for a normal measure, at or below for an inverse one.
 */
export function decileOf(rate: number, benchmark: Benchmark): number {
  const reached = DECILE_PERCENTILES.filter((p) =>
    benchmark.inverse ? rate <= benchmark.percentiles[p] : rate >= benchmark.percentiles[p],
  );
  return 1 + reached.length;
}

/** The rate that reaches a decile: at least it (normal), at most it (inverse). Decile 1 needs nothing. */
export function rateForDecile(decile: number, benchmark: Benchmark): number {
  if (!Number.isInteger(decile) || decile < 1 || decile > 10) {
    throw new Error(`A decile is 1 to 10, not ${decile}`);
  }
  if (decile === 1) {
    return benchmark.inverse ? 100 : 0;
  }
  const percentile = (benchmark.inverse ? (11 - decile) * 10 : (decile - 1) * 10) as BenchmarkPercentile;
  return benchmark.percentiles[percentile];
}

/** The goal: a rate (0–100), or a benchmark decile (needs a benchmark). */
export type RateTarget = { readonly rate: number } | { readonly decile: number };

export interface RateInput {
  readonly result: MeasureResult;
  readonly tenantId: string;
  /** The TIN and NPI the patient is attributed to, when known. */
  readonly tin?: string;
  readonly npi?: string;
}

export type RateLevel = 'tenant' | 'tin' | 'npi';

export interface MeasureRate {
  readonly level: RateLevel;
  /** The tenant id, TIN or NPI. */
  readonly key: string;
  readonly measureId: MeasureId;
  readonly qualityId: string;
  readonly inverse: boolean;
  readonly initialPopulation: number;
  readonly denominator: number;
  readonly exclusions: number;
  /** Exceptions outside the numerator (the only ones that count). */
  readonly exceptions: number;
  /** Denominator − exclusions − exceptions: the patients the rate is over. */
  readonly eligible: number;
  /** Eligible patients in the numerator (inverse: the bad outcome). */
  readonly met: number;
  /** Patients whose data could not decide (left out of every count, listed for review). */
  readonly notEvaluable: number;
  /** Percent, or null with no eligible patient. */
  readonly rate: number | null;
  readonly decile: number | null;
  readonly toppedOut: boolean | null;
  readonly targetRate: number | null;
  /** Patients to close (inverse: to bring out of the numerator) to reach the target; 0 when reached. */
  readonly patientsToGoal: number | null;
  readonly explanation: string;
}

export interface RateOptions {
  /** The benchmark of each measure (see findBenchmark); a measure without one gets no decile. */
  readonly benchmarks: Partial<Readonly<Record<MeasureId, Benchmark>>>;
  readonly target?: RateTarget;
  /** Which levels to report; all three by default. */
  readonly levels?: readonly RateLevel[];
}

interface Tally {
  level: RateLevel;
  key: string;
  result: MeasureResult;
  ip: number;
  den: number;
  excl: number;
  exc: number;
  met: number;
  notEvaluable: number;
}

const EPSILON = 1e-9;

function percent(value: number): string {
  return `${(Math.round(value * 10) / 10).toFixed(1)} %`;
}

function finish(t: Tally, options: RateOptions): MeasureRate {
  const { result } = t;
  const benchmark = options.benchmarks[result.measureId];
  const eligible = t.den - t.excl - t.exc;
  const rate = eligible > 0 ? (100 * t.met) / eligible : null;
  const decile = rate === null || benchmark === undefined ? null : decileOf(rate, benchmark);
  const target = options.target;
  const targetRate =
    target === undefined
      ? null
      : 'rate' in target
        ? target.rate
        : benchmark === undefined
          ? null
          : rateForDecile(target.decile, benchmark);
  let patientsToGoal: number | null = null;
  if (targetRate !== null && eligible > 0) {
    const boundary = (targetRate * eligible) / 100;
    patientsToGoal = result.inverse
      ? Math.max(0, t.met - Math.floor(boundary + EPSILON))
      : Math.max(0, Math.ceil(boundary - EPSILON) - t.met);
  }
  const outcome = result.inverse ? 'in the numerator (lower is better)' : 'met';
  const parts = [
    eligible > 0
      ? `${t.met} of ${eligible} eligible patients ${outcome}: ${percent(rate ?? 0)}`
      : 'no eligible patients',
  ];
  if (decile !== null && benchmark !== undefined) {
    parts.push(`decile ${decile} of the ${benchmark.performanceYear} ${benchmark.measureId} benchmark`);
  }
  if (patientsToGoal !== null && targetRate !== null) {
    const goal = target !== undefined && 'decile' in target ? `decile ${target.decile}` : 'the target';
    const bound = `${result.inverse ? '≤' : '≥'} ${percent(targetRate)}`;
    parts.push(
      patientsToGoal === 0
        ? `${goal} (${bound}) reached`
        : result.inverse
          ? `${patientsToGoal} more under control to reach ${goal} (${bound})`
          : `${patientsToGoal} more to close to reach ${goal} (${bound})`,
    );
  }
  if (t.notEvaluable > 0) {
    parts.push(`${t.notEvaluable} not evaluable`);
  }
  return {
    level: t.level,
    key: t.key,
    measureId: result.measureId,
    qualityId: result.qualityId,
    inverse: result.inverse,
    initialPopulation: t.ip,
    denominator: t.den,
    exclusions: t.excl,
    exceptions: t.exc,
    eligible,
    met: t.met,
    notEvaluable: t.notEvaluable,
    rate,
    decile,
    toppedOut: benchmark?.toppedOut ?? null,
    targetRate,
    patientsToGoal,
    explanation: parts.join('; '),
  };
}

/** Rates of every measure at every level, sorted by level, key and measure. */
export function computeRates(inputs: readonly RateInput[], options: RateOptions): MeasureRate[] {
  const levels = options.levels ?? ['tenant', 'tin', 'npi'];
  const tallies = new Map<string, Tally>();
  for (const input of inputs) {
    const keys: [RateLevel, string | undefined][] = [
      ['tenant', input.tenantId],
      ['tin', input.tin],
      ['npi', input.npi],
    ];
    for (const [level, key] of keys) {
      if (key === undefined || !levels.includes(level)) {
        continue;
      }
      const id = `${level}|${key}|${input.result.measureId}`;
      const tally = tallies.get(id) ?? {
        level,
        key,
        result: input.result,
        ip: 0,
        den: 0,
        excl: 0,
        exc: 0,
        met: 0,
        notEvaluable: 0,
      };
      const p = input.result.populations;
      if (!input.result.evaluable) {
        tally.notEvaluable += 1;
      } else {
        tally.ip += Number(p.initialPopulation);
        tally.den += Number(p.denominator);
        tally.excl += Number(p.denominator && p.denominatorExclusion);
        tally.exc += Number(p.denominator && !p.denominatorExclusion && !p.numerator && p.denominatorException);
        tally.met += Number(p.denominator && !p.denominatorExclusion && p.numerator);
      }
      tallies.set(id, tally);
    }
  }
  const order: Readonly<Record<RateLevel, number>> = { tenant: 0, tin: 1, npi: 2 };
  return [...tallies.values()]
    .sort(
      (a, b) =>
        order[a.level] - order[b.level] ||
        a.key.localeCompare(b.key) ||
        a.result.measureId.localeCompare(b.result.measureId),
    )
    .map((tally) => finish(tally, options));
}
