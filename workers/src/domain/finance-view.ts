/**
 * The finance live view: every contract in force in the performance year evaluated from the tenant's roll-up
 * cells (never from claims), beside the organisation's fee-for-service revenue, projected as the dashboard shows
 * it. Aggregates only — the high-cost-member and per-member cells the roll-ups hold never reach the snapshot — so
 * the wall screen can show it. Pure: the paid-through month and the time come in.
 */
import type { ContractEvent, ContractFinance, FinanceSnapshot } from '@benchline/shared';
import type { FinanceTables } from '../reference/finance.js';
import type { ContractYearInputs, ContractYearResult } from './finance/evaluate.js';
import { roundHalfAway } from './finance/money.js';
import type { ContractView } from './finance/payment-worlds.js';
import { paymentWorlds } from './finance/payment-worlds.js';
import type { RollUps } from './finance/rollups.js';
import { ENROLLMENT_TYPES, type ByType } from './finance/types.js';

export interface FinanceViewInput {
  /** The latest version of every contract the tenant holds. */
  readonly contracts: readonly ContractEvent[];
  /** The performance year the live read models are for. */
  readonly year: number;
  /** The month claims are paid through (the latest paid date received); null before the first claim. */
  readonly asOfMonth: string | null;
  readonly tables: FinanceTables;
}

/** A contract is shown for the year when its term overlaps it. */
function inForce(contract: ContractEvent, year: number): boolean {
  return contract.effectiveFrom <= `${year}-12-31` && (contract.effectiveTo ?? '9999-12-31') >= `${year}-01-01`;
}

const sum = (values: ByType<number>): number => ENROLLMENT_TYPES.reduce((s, t) => s + values[t], 0);

/** The snapshot without its `updatedAt` (the caller stamps it when the numbers change). */
export function financeView(rollUps: RollUps, input: FinanceViewInput): Omit<FinanceSnapshot, 'updatedAt'> {
  const { year, asOfMonth } = input;
  const contracts = input.contracts.filter((c) => inForce(c, year));
  if (asOfMonth === null || contracts.length === 0) {
    // Nothing to project from yet: no claim paid, or no contract in force.
    const empty = paymentWorlds(rollUps, [], year).combined;
    return {
      year,
      asOfMonth,
      contracts: [],
      combined: {
        ffsRevenueCents: empty.ffsRevenueCents,
        lossesCents: empty.lossesCents,
        revenueByCategoryCents: { ...empty.revenueByCategoryCents },
        shares: { ...empty.shares },
      },
    };
  }
  const inputs: ContractYearInputs[] = contracts.map((contract) => ({
    contract,
    year,
    asOfMonth,
    tables: input.tables,
  }));
  const worlds = paymentWorlds(rollUps, inputs, year);
  return {
    year,
    asOfMonth,
    contracts: worlds.contracts.map((view, i) => contractFinance(contracts[i] as ContractEvent, view)),
    combined: {
      ffsRevenueCents: worlds.combined.ffsRevenueCents,
      lossesCents: worlds.combined.lossesCents,
      revenueByCategoryCents: { ...worlds.combined.revenueByCategoryCents },
      shares: { ...worlds.combined.shares },
    },
  };
}

function contractFinance(contract: ContractEvent, view: ContractView): ContractFinance {
  const { result } = view;
  const { projection, finance } = result;
  const benchmarkPerCapitaCents =
    view.projectedBenchmarkCents === null
      ? null
      : perCapita(view.projectedBenchmarkCents, sum(projection.memberMonths));
  return {
    contractId: contract.contractId,
    name: contract.name,
    program: contract.program,
    apmCategory: contract.apmCategory,
    benchmarkType: contract.benchmarkType,
    year: result.year,
    months: result.months.map((m) => ({
      month: m.month,
      memberMonths: sum(m.memberMonths),
      paidCents: sum(m.paidCents),
      completedCents: sum(m.completedCents),
      truncatedCents: sum(m.truncatedCents),
      completeness: m.completeness,
    })),
    toDate: {
      memberMonths: { ...result.toDate.memberMonths },
      paidCents: sum(result.toDate.paidCents),
      completedCents: sum(result.toDate.completedCents),
      truncatedCents: sum(result.toDate.truncatedCents),
      benchmarkCents: result.toDate.benchmarkCents,
    },
    projection: {
      memberMonths: sum(projection.memberMonths),
      spendCents: view.projectedSpendCents,
      perCapitaCents: projection.perCapitaCents,
      lowPerCapitaCents: projection.lowPerCapitaCents,
      highPerCapitaCents: projection.highPerCapitaCents,
      benchmarkCents: view.projectedBenchmarkCents,
      benchmarkPerCapitaCents,
    },
    ...rates(result, view),
    settlement: settlementOf(result),
    ffsRevenueCents: view.ffsRevenueCents,
    explanation: finance?.kind === 'mssp' ? [...finance.settlement.expected.explanation] : explain(result, view),
    assumptions: result.assumptions.map((a) => ({ item: a.item, confidence: a.confidence, note: a.note })),
    missing: [...result.missing],
  };
}

function perCapita(totalCents: number, memberMonths: number): number | null {
  return memberMonths > 0 ? roundHalfAway((totalCents * 12) / memberMonths) : null;
}

function rates(
  result: ContractYearResult,
  view: ContractView,
): Pick<ContractFinance, 'savingsRate' | 'msr' | 'mlr' | 'probabilityClearingMsr'> {
  const finance = result.finance;
  if (finance?.kind === 'mssp') {
    return {
      savingsRate: finance.settlement.expected.savingsRate,
      msr: finance.msr.msr,
      mlr: finance.msr.mlr,
      probabilityClearingMsr: finance.probabilityClearingMsr,
    };
  }
  const benchmark = view.projectedBenchmarkCents;
  return {
    savingsRate: benchmark === null || benchmark === 0 ? null : (benchmark - view.projectedSpendCents) / benchmark,
    msr: null,
    mlr: null,
    probabilityClearingMsr: null,
  };
}

function settlementOf(result: ContractYearResult): ContractFinance['settlement'] {
  const finance = result.finance;
  switch (finance?.kind) {
    case undefined:
      return { expectedCents: null, favourableCents: null, unfavourableCents: null };
    case 'mssp': {
      const { expected, favourable, unfavourable } = finance.settlement;
      const net = (s: typeof expected | null): number | null =>
        s === null ? null : s.paymentCents - s.lossesOwedCents;
      return { expectedCents: net(expected), favourableCents: net(favourable), unfavourableCents: net(unfavourable) };
    }
    case 'pmpm-target':
      return { expectedCents: finance.settlementCents, favourableCents: null, unfavourableCents: null };
    case 'capitation':
      return { expectedCents: finance.marginCents, favourableCents: null, unfavourableCents: null };
  }
}

const dollars = (cents: number): string =>
  `${cents < 0 ? '−' : ''}$${(Math.abs(cents) / 100).toLocaleString('en-US', {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  })}`;

/** Target and capitation contracts: the arithmetic in words (MSSP's comes from the settlement itself). */
function explain(result: ContractYearResult, view: ContractView): string[] {
  const finance = result.finance;
  if (finance === null) {
    return [`No settlement: the contract's ${result.year} terms lack ${result.missing.join(', ')}.`];
  }
  const spend = dollars(view.projectedSpendCents);
  if (finance.kind === 'pmpm-target') {
    return [
      `Target ${dollars(finance.targetPmpmCents)} PMPM × projected member-months = ${dollars(finance.targetCents)}.`,
      `Projected spend ${spend}; savings ${dollars(finance.savingsCents)}.`,
      finance.savingsCents >= 0
        ? `Shared at ${finance.sharingRate * 100}%: ${dollars(finance.settlementCents)} to the organisation.`
        : `Losses at ${finance.lossRate * 100}%: ${dollars(-finance.settlementCents)} owed.`,
    ];
  }
  if (finance.kind === 'capitation') {
    return [
      `Capitation ${dollars(finance.capitationPmpmCents)} PMPM × projected member-months = ${dollars(finance.capitationCents)}.`,
      `Projected spend ${spend}; margin ${dollars(finance.marginCents)}.`,
    ];
  }
  return [];
}
