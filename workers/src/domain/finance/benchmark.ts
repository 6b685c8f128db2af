/**
 * The updated benchmark (reference §1.4–1.6): per enrolment type, the historical benchmark as CMS reports it
 * (after regional / prior-savings / HEBA adjustment) × the capped risk ratio × (1 + growth), weighted by the
 * performance year's person-years. Risk ratios are PY ÷ BY3 mean renormalised prospective scores (42 CFR
 * 425.605(a)(1), 425.659); the cap is +3% before 2024 and, for 2024+ agreements, 1 + demographic growth + 3 points
 * applied only when aggregate growth exceeds it (425.605(a)(1)(ii)). Growth is the 2/3 two-way + 1/3 ACPT blend
 * for 2024+ agreements (425.652(b)(4)); the two-way-only benchmark is kept for the loss guardrail (425.652(b)(5)).
 */
import type { ContractYear } from '@benchline/shared';
import type { MonthCell } from './cells.js';
import { dollarsToCents, roundHalfAway } from './money.js';
import { yearOf } from './months.js';
import type { FinancePolicy } from './policy.js';
import { DEFAULT_FINANCE_POLICY } from './policy.js';
import type { ByType, EnrollmentType } from './types.js';
import { ENROLLMENT_TYPES, byType } from './types.js';

/** USD per person-year by type, as the contract carries it (CMS's reported historical benchmark). */
export type PerCapitaByType = NonNullable<NonNullable<ContractYear['benchmark']>['perCapita']>;

/** The contract's per-capita benchmark (USD per person-year by type) in cents. */
export function historicalBenchmarkCents(perCapita: PerCapitaByType): ByType<number> {
  return byType((t) => dollarsToCents(perCapita[t]));
}

/** Person-month-weighted mean score per type from the member-month roll-up; null for a type with no scored month. */
export function meanScores(
  cells: readonly MonthCell[],
  year: number,
  kind: 'hcc' | 'demographic',
): ByType<number | null> {
  const totals = byType(() => ({ thousandths: 0, months: 0 }));
  for (const cell of cells) {
    if (yearOf(cell.month) !== year) {
      continue;
    }
    const total = totals[cell.type];
    total.thousandths += kind === 'hcc' ? cell.hccScoreThousandths : cell.demographicScoreThousandths;
    total.months += kind === 'hcc' ? cell.hccScoredMonths : cell.demographicScoredMonths;
  }
  return byType((t) => (totals[t].months > 0 ? totals[t].thousandths / 1000 / totals[t].months : null));
}

/**
 * MSSP renormalisation of per-type means (42 CFR 425.659(b)(2), reference §1.4): each type's mean raw score ÷ the
 * national assignable FFS mean raw score of the same type and year, which CMS supplies — MSSP's own divisor, not the
 * MA FFS normalisation factor, and with no MA coding-pattern adjustment. The mean of the members' renormalised
 * scores, unrounded (dividing the mean by a per-type constant is dividing each score). Null for a type with no
 * scored month or no positive national mean.
 */
export function renormalizedMeans(
  rawMeans: ByType<number | null>,
  nationalMeans: ByType<number>,
): ByType<number | null> {
  return byType((t) => {
    const raw = rawMeans[t];
    return raw === null || !(nationalMeans[t] > 0) ? null : raw / nationalMeans[t];
  });
}

/** r_t = PY mean ÷ BY3 mean; 1 (no adjustment) for a type whose PY mean is unknown. */
export function riskRatios(pyMeans: ByType<number | null>, baselineMeans: ByType<number>): ByType<number> {
  return byType((t) => {
    const py = pyMeans[t];
    return py === null || !(baselineMeans[t] > 0) ? 1 : py / baselineMeans[t];
  });
}

/** The weights of the aggregate growth: historical benchmark_t × PY person-years_t (425.605(a)(1)(ii)(C)). */
function weightedMean(values: ByType<number>, weights: ByType<number>): number | null {
  let num = 0;
  let den = 0;
  for (const t of ENROLLMENT_TYPES) {
    num += weights[t] * values[t];
    den += weights[t];
  }
  return den > 0 ? num / den : null;
}

/** Aggregate demographic growth BY3 → PY from per-type demographic ratios (e.g. 0.006 for +0.6%). */
export function aggregateGrowth(
  ratios: ByType<number>,
  historicalCents: ByType<number>,
  memberMonths: ByType<number>,
): number | null {
  const mean = weightedMean(
    ratios,
    byType((t) => historicalCents[t] * memberMonths[t]),
  );
  return mean === null ? null : mean - 1;
}

export interface RiskCapInput {
  /** Uncapped r_t. */
  readonly ratios: ByType<number>;
  readonly historicalBenchmarkCents: ByType<number>;
  /** PY member-months per type (the person-year weights). */
  readonly memberMonths: ByType<number>;
  readonly agreementStartYear: number;
  /** Aggregate demographic risk-score growth BY3 → PY; needed for 2024+ agreements. */
  readonly demographicGrowth: number | null;
}

export interface RiskCapResult {
  readonly capped: ByType<number>;
  readonly rule: 'before-2024' | '2024-and-later';
  /** The cap on r_t; null when it cannot be computed (2024+ without demographic growth). */
  readonly cap: number | null;
  /** Aggregate HCC ratio (weights HB_t × PY person-years_t). */
  readonly aggregateRatio: number | null;
  readonly applied: boolean;
  readonly note: string;
}

export function capRiskRatios(
  input: RiskCapInput,
  policy: Pick<FinancePolicy, 'riskCapMargin' | 'acptFirstAgreementYear'> = DEFAULT_FINANCE_POLICY,
): RiskCapResult {
  const weights = byType((t) => input.historicalBenchmarkCents[t] * input.memberMonths[t]);
  const aggregateRatio = weightedMean(input.ratios, weights);
  if (input.agreementStartYear < policy.acptFirstAgreementYear) {
    // 425.605(a)(1)(i)–(ii): positive adjustments capped at 3% over the agreement period, per type; decreases are not capped.
    const cap = 1 + policy.riskCapMargin;
    const capped = byType((t) => Math.min(input.ratios[t], cap));
    const applied = ENROLLMENT_TYPES.some((t) => input.ratios[t] > cap);
    return { capped, rule: 'before-2024', cap, aggregateRatio, applied, note: `each r_t ≤ ${cap}` };
  }
  if (input.demographicGrowth === null) {
    return {
      capped: input.ratios,
      rule: '2024-and-later',
      cap: null,
      aggregateRatio,
      applied: false,
      note: 'demographic growth unknown: the 2024+ cap cannot be computed, ratios left uncapped',
    };
  }
  // 425.605(a)(1)(ii): cap = 1 + aggregate demographic growth + 3 points, applied to every type only when the
  // aggregate prospective HCC growth across the four types exceeds it.
  const cap = 1 + input.demographicGrowth + policy.riskCapMargin;
  const applied = aggregateRatio !== null && aggregateRatio > cap;
  return {
    capped: applied ? byType((t) => Math.min(input.ratios[t], cap)) : input.ratios,
    rule: '2024-and-later',
    cap,
    aggregateRatio,
    applied,
    note: applied
      ? `aggregate ${aggregateRatio.toFixed(4)} > cap ${cap.toFixed(4)}: each r_t ≤ cap`
      : 'aggregate within the cap',
  };
}

/** Growth BY3 → PY per type: the national–regional two-way blend and the ACPT. */
export interface BenchmarkGrowth {
  readonly twoWay: ByType<number>;
  readonly acpt: ByType<number>;
}

export interface BenchmarkInput {
  readonly historicalBenchmarkCents: ByType<number>;
  /** Capped r_t. */
  readonly riskRatios: ByType<number>;
  /** Null before CMS publishes the PY's growth: the benchmark is then left in BY3 dollars (flagged). */
  readonly growth: BenchmarkGrowth | null;
  readonly memberMonths: ByType<number>;
  readonly agreementStartYear: number;
}

export interface TypeBenchmark {
  readonly historicalCents: number;
  readonly riskRatio: number;
  /** The growth used: the three-way blend (2024+) or the two-way blend (earlier agreements). */
  readonly growth: number;
  readonly twoWayGrowth: number;
  /** UB_t rounded to the cent, as a report shows it. */
  readonly perCapitaCents: number;
  readonly twoWayPerCapitaCents: number;
  /**
   * UB_t unrounded (fractional cents): the weighting uses these, so only the weighted UB is rounded — which
   * reproduces reference §1.10 to the cent (CMS's intermediate rounding points are not published).
   */
  readonly exactPerCapitaCents: number;
  readonly exactTwoWayPerCapitaCents: number;
}

export interface UpdatedBenchmark {
  readonly perType: ByType<TypeBenchmark>;
  /** UB: person-year-weighted per capita, cents; null with no member-months. */
  readonly perCapitaCents: number | null;
  /** The same with two-way growth only (the loss guardrail's recalculated benchmark). */
  readonly twoWayPerCapitaCents: number | null;
  readonly memberMonths: number;
  /** UB × person-years. */
  readonly totalCents: number;
  readonly trended: boolean;
}

/** UB_t = HB_t × r_t × (1 + g_t); UB weighted by PY person-years and rounded to the cent (reference §1.6). */
export function updatedBenchmark(
  input: BenchmarkInput,
  policy: Pick<FinancePolicy, 'acptWeight' | 'acptFirstAgreementYear'> = DEFAULT_FINANCE_POLICY,
): UpdatedBenchmark {
  const threeWay = input.agreementStartYear >= policy.acptFirstAgreementYear;
  const perType = byType((t): TypeBenchmark => {
    const twoWay = input.growth?.twoWay[t] ?? 0;
    const acpt = input.growth?.acpt[t] ?? 0;
    // 425.652(b)(4): g3 = 2/3 × two-way + 1/3 × ACPT; agreements before 2024 (425.601) have no ACPT.
    const growth = threeWay ? (1 - policy.acptWeight) * twoWay + policy.acptWeight * acpt : twoWay;
    const base = input.historicalBenchmarkCents[t] * input.riskRatios[t];
    return {
      historicalCents: input.historicalBenchmarkCents[t],
      riskRatio: input.riskRatios[t],
      growth,
      twoWayGrowth: twoWay,
      perCapitaCents: roundHalfAway(base * (1 + growth)),
      twoWayPerCapitaCents: roundHalfAway(base * (1 + twoWay)),
      exactPerCapitaCents: base * (1 + growth),
      exactTwoWayPerCapitaCents: base * (1 + twoWay),
    };
  });
  const months = ENROLLMENT_TYPES.reduce((total, t) => total + input.memberMonths[t], 0);
  const weighted = (pick: (b: TypeBenchmark) => number): number | null =>
    months > 0
      ? roundHalfAway(
          ENROLLMENT_TYPES.reduce((total, t) => total + pick(perType[t]) * input.memberMonths[t], 0) / months,
        )
      : null;
  const perCapitaCents = weighted((b) => b.exactPerCapitaCents);
  return {
    perType,
    perCapitaCents,
    twoWayPerCapitaCents: weighted((b) => b.exactTwoWayPerCapitaCents),
    memberMonths: months,
    totalCents: perCapitaCents === null ? 0 : roundHalfAway((perCapitaCents * months) / 12),
    trended: input.growth !== null,
  };
}

/** The benchmark dollars for the member-months elapsed so far: Σ_t UB_t × months_t ÷ 12. */
export function benchmarkToDateCents(benchmark: UpdatedBenchmark, memberMonthsToDate: ByType<number>): number {
  return roundHalfAway(
    ENROLLMENT_TYPES.reduce(
      (total, t: EnrollmentType) => total + (benchmark.perType[t].exactPerCapitaCents * memberMonthsToDate[t]) / 12,
      0,
    ),
  );
}
