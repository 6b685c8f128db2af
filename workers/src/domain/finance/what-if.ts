/**
 * What-ifs on a contract-year, each re-running the same engine from the roll-ups: closing k open gaps of one
 * measure (→ its rate → points → the quality score → the gate → shared savings), and a change in the spend trend
 * of the months still to come (→ projected expenditure → savings). The answer is the two results side by side
 * with the change in what the organisation is paid or owes.
 */
import type { ContractYearInputs, ContractYearResult } from './evaluate.js';
import { evaluateContractYear } from './evaluate.js';
import type { MeasureQualityInput, QualityGate, QualityGateInput, QualityScore } from './quality.js';
import { qualityGate, qualityScore } from './quality.js';
import type { RollUps } from './rollups.js';

/** What a contract-year settles to the organisation: + payment or shared savings, − losses owed. */
export function netSettlementCents(result: ContractYearResult): number | null {
  const finance = result.finance;
  if (finance === null) {
    return null;
  }
  switch (finance.kind) {
    case 'mssp':
      return finance.settlement.expected.paymentCents - finance.settlement.expected.lossesOwedCents;
    case 'pmpm-target':
      return finance.settlementCents;
    case 'capitation':
      return finance.marginCents;
  }
}

/**
 * The measures with `gaps` more patients closed on one measure: one more in the numerator each for a normal
 * measure, one fewer (brought under control) for an inverse one, within 0 … eligible.
 */
export function closeGaps(
  measures: readonly MeasureQualityInput[],
  measureId: string,
  gaps: number,
): MeasureQualityInput[] {
  return measures.map((m) => {
    if (m.measureId !== measureId) {
      return m;
    }
    const met = m.inverse ? m.met - gaps : m.met + gaps;
    return { ...m, met: Math.min(m.eligible, Math.max(0, met)) };
  });
}

export interface QualityScenario {
  readonly score: QualityScore;
  readonly gate: QualityGate;
  readonly result: ContractYearResult;
  readonly netCents: number | null;
}

export interface GapWhatIf {
  readonly before: QualityScenario;
  readonly after: QualityScenario;
  /** Change in what the organisation is paid (or owes less), cents. */
  readonly deltaCents: number | null;
}

export interface GapWhatIfInput {
  readonly measures: readonly MeasureQualityInput[];
  readonly measureId: string;
  readonly gaps: number;
  /** The health equity adjustment bonus points (425.512(b)). */
  readonly healthEquityBonus?: number;
  /** The rest of the gate: the 40th-percentile threshold and the route flags. */
  readonly gate: Omit<QualityGateInput, 'heaScore' | 'measures'>;
}

/**
 * The quality score of some measure counts and the gate it meets, as the gap what-if scores both its scenarios (no
 * evaluation of the cells: callers that settle under many outcomes can evaluate once per distinct outcome).
 */
export function qualityOutcome(
  measures: readonly MeasureQualityInput[],
  what: Pick<GapWhatIfInput, 'healthEquityBonus' | 'gate'>,
): { readonly score: QualityScore; readonly gate: QualityGate } {
  const score = qualityScore(measures, what.healthEquityBonus ?? 0);
  const gate = qualityGate({
    ...what.gate,
    heaScore: score.heaScore,
    measures: score.measures.map((m, i) => ({
      measureId: m.measureId,
      decile: m.decile,
      outcome: measures[i]?.outcome ?? false,
    })),
  });
  return { score, gate };
}

function qualityScenario(
  rollUps: RollUps,
  inputs: ContractYearInputs,
  measures: readonly MeasureQualityInput[],
  gapInput: GapWhatIfInput,
): QualityScenario {
  const { score, gate } = qualityOutcome(measures, gapInput);
  const result = evaluateContractYear(rollUps, {
    ...inputs,
    quality: { standard: gate.standard, heaScore: gate.effectiveScore },
  });
  return { score, gate, result, netCents: netSettlementCents(result) };
}

/** Closing `gaps` open gaps of a measure: quality score, gate and settlement before and after. */
export function whatIfCloseGaps(rollUps: RollUps, inputs: ContractYearInputs, what: GapWhatIfInput): GapWhatIf {
  const before = qualityScenario(rollUps, inputs, what.measures, what);
  const after = qualityScenario(rollUps, inputs, closeGaps(what.measures, what.measureId, what.gaps), what);
  return {
    before,
    after,
    deltaCents: before.netCents === null || after.netCents === null ? null : after.netCents - before.netCents,
  };
}

export interface TrendWhatIf {
  readonly before: ContractYearResult;
  readonly after: ContractYearResult;
  readonly deltaCents: number | null;
}

/** The inputs of the spend-trend what-if's "after": the future months' run-rate PMPM × (1 + change). */
export function spendTrendInputs(inputs: ContractYearInputs, change: number): ContractYearInputs {
  const factor = (inputs.projection?.futurePmpmFactor ?? 1) * (1 + change);
  return { ...inputs, projection: { ...inputs.projection, futurePmpmFactor: factor } };
}

/**
 * A change in spend trend for the rest of the year: the run-rate PMPM of the months to come × (1 + change)
 * (e.g. −0.02 for 2% lower), everything else equal.
 */
export function whatIfSpendTrend(rollUps: RollUps, inputs: ContractYearInputs, change: number): TrendWhatIf {
  const before = evaluateContractYear(rollUps, inputs);
  const after = evaluateContractYear(rollUps, spendTrendInputs(inputs, change));
  const b = netSettlementCents(before);
  const a = netSettlementCents(after);
  return { before, after, deltaCents: a === null || b === null ? null : a - b };
}
