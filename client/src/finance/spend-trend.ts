/**
 * The spend-trend what-if, on the client: "if the months still to come ran x% above or below the run rate".
 *
 * An APPROXIMATION of the engine's own what-if (workers/src/domain/finance/what-if.ts, whatIfSpendTrend), which
 * re-runs the projection with the future months' run-rate PMPM multiplied by (1 + x). The finance view carries
 * the projection's results, not its per-enrolment-type inputs, so this works from the aggregates:
 *
 * - future spend = projected year spend − benchmark-comparable spend to date (completed, truncated); the engine
 *   projects each type's future months at its run rate, so scaling every type by (1 + x) scales this total by
 *   (1 + x). Equal to the engine up to its per-type rounding (a few cents).
 * - the band: the engine's standard deviation is proportional to the factor (Var ∝ factor²), so each half of the
 *   band scales by (1 + x) around the moved point. The half-width is read off the snapshot's band; the band's
 *   normal quantile is the engine's default (10th–90th percentile), which the view does not carry.
 * - the benchmark does not depend on spend, so the savings rate, the MSR test and the probability of clearing the
 *   MSR (normal, as the engine computes it) follow from the moved projection.
 *
 * Not re-estimated: the settlement (shared savings or losses). It needs the sharing and loss rates after the
 * quality gate, the caps, sequestration and the benchmark guardrail, which the view does not carry; the page
 * says so rather than guess.
 */
import type { ContractFinance } from '@benchline/shared';

/** The engine's default band: z of the 90th percentile (projection.ts, bandZ). */
export const ENGINE_BAND_Z = 1.2816;

export interface SpendTrendWhatIf {
  /** The change applied to the future months' run rate, e.g. −0.02. */
  readonly change: number;
  readonly remainingMemberMonths: number;
  readonly spendCents: number;
  readonly perCapitaCents: number;
  readonly lowPerCapitaCents: number | null;
  readonly highPerCapitaCents: number | null;
  /** (benchmark − spend) ÷ benchmark, per capita; null without a benchmark. */
  readonly savingsRate: number | null;
  /** Benchmark − projected spend for the year, before any sharing; null without a benchmark. */
  readonly grossSavingsCents: number | null;
  /** Null when the contract has no MSR (not an MSSP settlement). */
  readonly clearsMsr: boolean | null;
  readonly probabilityClearingMsr: number | null;
}

/** Standard normal CDF (Abramowitz & Stegun 26.2.17, as the engine computes it). */
export function normalCdf(z: number): number {
  const t = 1 / (1 + 0.2316419 * Math.abs(z));
  const poly = t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  const tail = (Math.exp((-z * z) / 2) / Math.sqrt(2 * Math.PI)) * poly;
  return z >= 0 ? 1 - tail : tail;
}

const sumTypes = (mm: ContractFinance['toDate']['memberMonths']): number =>
  mm.esrd + mm.disabled + mm.agedDual + mm.agedNonDual;

/** Member-months the projection still expects this year (0 once the year is complete). */
export function remainingMemberMonths(contract: ContractFinance): number {
  return Math.max(0, contract.projection.memberMonths - sumTypes(contract.toDate.memberMonths));
}

/** Whether the what-if means anything for this contract: a projection with months still to come. */
export function canProjectTrend(contract: ContractFinance): boolean {
  return contract.projection.perCapitaCents !== null && remainingMemberMonths(contract) > 0;
}

/**
 * Re-projects a contract's year end with the months still to come at (1 + change) × their run rate; null when
 * there is nothing to re-project (no projection, or no months left).
 */
export function reprojectSpendTrend(contract: ContractFinance, change: number): SpendTrendWhatIf | null {
  const { projection, toDate } = contract;
  if (!canProjectTrend(contract) || projection.perCapitaCents === null || projection.memberMonths === 0) {
    return null;
  }
  const factor = 1 + change;
  const futureCents = projection.spendCents - toDate.truncatedCents;
  const spendCents = toDate.truncatedCents + Math.round(futureCents * factor);
  const perCapitaCents = Math.round((spendCents * 12) / projection.memberMonths);

  const { lowPerCapitaCents: low, highPerCapitaCents: high } = projection;
  // Half the band's width (averaging its two rounded ends), scaled as the engine's sd is.
  const halfWidth = low === null || high === null ? null : ((high - low) / 2) * factor;
  const sd = halfWidth === null ? null : halfWidth / ENGINE_BAND_Z;

  const benchmark = projection.benchmarkPerCapitaCents;
  const savingsRate = benchmark === null || benchmark === 0 ? null : (benchmark - perCapitaCents) / benchmark;
  const grossSavingsCents = projection.benchmarkCents === null ? null : projection.benchmarkCents - spendCents;

  let clearsMsr: boolean | null = null;
  let probabilityClearingMsr: number | null = null;
  if (contract.msr !== null && benchmark !== null && savingsRate !== null) {
    clearsMsr = savingsRate >= contract.msr;
    const threshold = benchmark * (1 - contract.msr);
    if (sd !== null) {
      probabilityClearingMsr =
        sd === 0 ? (perCapitaCents <= threshold ? 1 : 0) : normalCdf((threshold - perCapitaCents) / sd);
    }
  }
  return {
    change,
    remainingMemberMonths: remainingMemberMonths(contract),
    spendCents,
    perCapitaCents,
    lowPerCapitaCents: halfWidth === null ? null : Math.round(perCapitaCents - halfWidth),
    highPerCapitaCents: halfWidth === null ? null : Math.round(perCapitaCents + halfWidth),
    savingsRate,
    grossSavingsCents,
    clearsMsr,
    probabilityClearingMsr,
  };
}
