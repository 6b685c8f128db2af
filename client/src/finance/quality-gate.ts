/**
 * The MSSP quality performance standard (42 CFR 425.512) as the finance view carries it, in words: the gate the
 * settlement was computed with (and where it came from), and the engine's estimate from the live measure rates
 * beside it — with what that estimate leaves out, so neither is mistaken for CMS's determination.
 */
import type { ContractFinance, QualityEstimate } from '@benchline/shared';
import { formatCount } from '../format.js';

export type GateStatus = 'met' | 'alternative' | 'not-met' | 'none';

const STANDARD_LABELS: Record<string, string> = {
  met: 'Met',
  alternative: 'Alternative standard only',
  'not-met': 'Not met',
};
export const standardLabel = (standard: string): string => STANDARD_LABELS[standard] ?? standard;

/** What the settlement assumed, in the engine's words where it has them. */
const SOURCE_LABELS: Record<string, string> = {
  'contract year': 'from the contract year',
  'assumed met': 'assumed met: the contract names no quality result',
  given: 'given',
};
export const sourceLabel = (source: string): string => SOURCE_LABELS[source] ?? source;

const score = (value: number | null): string => (value === null ? '—' : value.toFixed(1));

export interface QualityGateSummary {
  status: GateStatus;
  /** The gate the settlement used. */
  settlement: string;
  /** The engine's gate from the live rates, or why there is none. */
  estimate: string | null;
  estimateStatus: GateStatus;
}

/** What the estimate rests on: the measures scored, those left out, the threshold. */
export function estimateBasis(estimate: QualityEstimate, year: number): string {
  const parts = [`score over the ${formatCount(estimate.measures.length)} measures Benchline computes`];
  if (estimate.notScored.length > 0) {
    parts.push(`without ${estimate.notScored.map((n) => n.measureId).join(', ')}`);
  }
  parts.push(
    estimate.threshold40th === null
      ? `no ${year} 40th-percentile threshold configured, so the score alone cannot meet the standard`
      : `40th percentile ${estimate.threshold40th.toFixed(2)}`,
  );
  return parts.join('; ');
}

export function qualityGateSummary(contract: ContractFinance): QualityGateSummary {
  const quality = contract.quality;
  if (quality === null) {
    return {
      status: 'none',
      settlement:
        contract.benchmarkType === 'mssp-per-capita'
          ? 'Not evaluated: the contract year lacks the terms a settlement needs'
          : 'No quality gate on this contract’s settlement',
      estimate: null,
      estimateStatus: 'none',
    };
  }
  const used = quality.settlement;
  const settlement = `${standardLabel(used.standard)}${used.heaScore === null ? '' : ` (HEA score ${score(used.heaScore)})`}, ${sourceLabel(used.source)}`;
  const estimate = quality.estimate;
  return {
    status: used.standard,
    settlement,
    estimate:
      estimate === null
        ? 'No estimate: none of the contract’s measures has live rates yet'
        : `${standardLabel(estimate.standard)} — HEA score ${score(estimate.heaScore)} (${estimateBasis(estimate, contract.year)})`,
    estimateStatus: estimate?.standard ?? 'none',
  };
}
