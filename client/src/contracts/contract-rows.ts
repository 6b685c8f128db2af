/**
 * The Contracts page's rows, pure: every value-based contract from the finance view beside its attributed lives from
 * the rollups view (the `attribution:<contract>:<step>` counters of attributed steps). The two views move on their
 * own, so a contract in one and not yet the other shows what is known and says what is not.
 */
import type { ContractFinance } from '@benchline/shared';
import type { ContractAttribution } from '../rollups/counters.js';

export interface QualityGate {
  /** 'assumed': the engine assumed the standard met (listed in its assumptions); 'unknown': the view does not say. */
  status: 'assumed' | 'unknown';
  text: string;
}

export interface ContractRow {
  contractId: string;
  name: string;
  program: string;
  apmCategory: string;
  benchmarkType: string;
  /** Attributed members now (rollups), null when the rollups view has no counter for the contract. */
  attributedLives: number | null;
  memberMonths: number;
  projectedSpendCents: number;
  projectedBenchmarkCents: number | null;
  /** (benchmark − spend) ÷ benchmark at the projection; positive is under the benchmark. */
  marginRate: number | null;
  settlementCents: number | null;
  settlementLabel: string;
  ffsRevenueCents: number;
  qualityGate: QualityGate;
  missing: readonly string[];
}

/** What the settlement figure is for each kind of contract (the finance view's `settlement.expectedCents`). */
export function settlementLabel(benchmarkType: string): string {
  switch (benchmarkType) {
    case 'mssp-per-capita':
      return 'Projected shared savings (+) or losses (−)';
    case 'capitation':
      return 'Projected capitation margin';
    default:
      return 'Projected savings (+) or losses (−) against the target';
  }
}

/**
 * The finance view carries no quality-gate field; its engine lists "quality performance standard assumed met" among
 * its assumptions when no quality score was given, and that is all the page can honestly say.
 */
export function qualityGate(contract: Pick<ContractFinance, 'assumptions'>): QualityGate {
  const assumed = contract.assumptions.find((a) => a.item === 'quality');
  return assumed !== undefined
    ? { status: 'assumed', text: `Assumed met by the finance engine (${assumed.note})` }
    : { status: 'unknown', text: 'Not available: the finance view does not carry the quality gate' };
}

export function contractRows(
  contracts: readonly ContractFinance[],
  attribution: ReadonlyMap<string, ContractAttribution>,
): ContractRow[] {
  return contracts.map((c) => {
    const mm = c.toDate.memberMonths;
    const benchmark = c.projection.benchmarkCents;
    return {
      contractId: c.contractId,
      name: c.name,
      program: c.program,
      apmCategory: c.apmCategory,
      benchmarkType: c.benchmarkType,
      attributedLives: attribution.get(c.contractId)?.attributedTotal ?? null,
      memberMonths: mm.esrd + mm.disabled + mm.agedDual + mm.agedNonDual,
      projectedSpendCents: c.projection.spendCents,
      projectedBenchmarkCents: benchmark,
      marginRate: benchmark === null || benchmark === 0 ? null : (benchmark - c.projection.spendCents) / benchmark,
      settlementCents: c.settlement.expectedCents,
      settlementLabel: settlementLabel(c.benchmarkType),
      ffsRevenueCents: c.ffsRevenueCents,
      qualityGate: qualityGate(c),
      missing: c.missing,
    };
  });
}
