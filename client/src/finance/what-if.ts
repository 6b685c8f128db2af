/**
 * The what-if controls' numbers, pure. Every number is the engine's: the workers evaluate each contract for a fixed
 * grid — the months still to come at −5, −2, 0, +2 and +5 % of their run rate (the whole contract-year re-evaluated:
 * projection, band, probability of clearing the MSR and the settlement with its quality gate, caps and
 * sequestration), and for each MSSP measure Benchline computes, closing 0, 10, 25, 50, 100 and all of its open
 * gaps (the quality score, the gate and the settlement under it). The page picks among them; nothing is estimated
 * in the browser.
 */
import type { ContractFinance, GapStep, GapWhatIf, TrendScenario } from '@benchline/shared';
import type { CorridorInput } from '../charts/finance-series.js';
import { formatCount } from '../format.js';
import { formatRate } from '../format-finance.js';
import { measureInfo } from '../quality/measures.js';

/** The trend grid the view carries, lowest first. */
export function trendScenarios(contract: ContractFinance): TrendScenario[] {
  return [...contract.whatIf.trend].sort((a, b) => a.change - b.change);
}

/** The scenario at the run rate (the projection itself). */
export function runRateIndex(scenarios: readonly TrendScenario[]): number {
  const index = scenarios.findIndex((s) => s.change === 0);
  return index < 0 ? 0 : index;
}

const sumTypes = (mm: ContractFinance['toDate']['memberMonths']): number =>
  mm.esrd + mm.disabled + mm.agedDual + mm.agedNonDual;

/** Member-months the projection still expects this year (0 once the year is complete). */
export function remainingMemberMonths(contract: ContractFinance): number {
  return Math.max(0, contract.projection.memberMonths - sumTypes(contract.toDate.memberMonths));
}

/** Whether the trend what-if means anything: a projection, months still to come, and the grid from the engine. */
export function canProjectTrend(contract: ContractFinance): boolean {
  return (
    contract.projection.perCapitaCents !== null &&
    remainingMemberMonths(contract) > 0 &&
    contract.whatIf.trend.length > 1
  );
}

export function trendLabel(change: number): string {
  return change === 0 ? 'at the run rate' : `${change > 0 ? '+' : ''}${formatRate(change, 0)} vs the run rate`;
}

/** The moved projection for the corridor gauge; null at the run rate (nothing moved). */
export function trendCorridor(contract: ContractFinance, scenario: TrendScenario | undefined): CorridorInput | null {
  if (scenario === undefined || scenario.change === 0) {
    return null;
  }
  return {
    perCapitaCents: scenario.perCapitaCents,
    lowPerCapitaCents: scenario.lowPerCapitaCents,
    highPerCapitaCents: scenario.highPerCapitaCents,
    benchmarkPerCapitaCents: contract.projection.benchmarkPerCapitaCents,
    msr: contract.msr,
    mlr: contract.mlr,
  };
}

/** Whether a scenario's savings rate clears the MSR; null without an MSR (not an MSSP settlement). */
export function clearsMsr(contract: ContractFinance, scenario: TrendScenario): boolean | null {
  return contract.msr === null || scenario.savingsRate === null ? null : scenario.savingsRate >= contract.msr;
}

// ---------------------------------------------------------------------------------------------------------------
// Closing gaps.

export interface GapMeasureOption {
  measureId: string;
  label: string;
  open: number;
}

/** The measures with open gaps to close, as the picker lists them. */
export function gapMeasures(contract: ContractFinance): GapMeasureOption[] {
  return contract.whatIf.closeGaps
    .filter((g) => g.open > 0)
    .map((g) => ({
      measureId: g.measureId,
      label: `${measureInfo(g.ecqmId).title} (${g.ecqmId}, quality ID ${g.measureId}) — ${formatCount(g.open)} open`,
      open: g.open,
    }));
}

export function gapWhatIf(contract: ContractFinance, measureId: string): GapWhatIf | undefined {
  return contract.whatIf.closeGaps.find((g) => g.measureId === measureId);
}

/** The step that closes `gaps` (a step of the grid), else the nearest one below. */
export function gapStep(whatIf: GapWhatIf | undefined, gaps: number): GapStep | undefined {
  const steps = whatIf?.steps ?? [];
  return [...steps].reverse().find((s) => s.gaps <= gaps) ?? steps[0];
}

export function gapStepLabel(step: GapStep, open: number): string {
  if (step.gaps === 0) {
    return 'none';
  }
  return step.gaps === open ? `all ${formatCount(open)}` : formatCount(step.gaps);
}
