/**
 * Two payment worlds at once: for every contract, side by side, the organisation's fee-for-service revenue on its
 * attributed patients, their spend against that contract's benchmark and the projected settlement (MSSP shared
 * savings or losses, a PMPM target's sharing, capitation margin); combined, FFS revenue counted once and the share
 * of revenue by HCP-LAN APM category (1 FFS, 2, 3A, 3B, 4); and the tension for a service line: what one more
 * claim earns under FFS against what it costs under each contract at the margin.
 */
import type { ApmCategory } from '@benchline/shared';
import type { RevenueCell } from './cells.js';
import { revenueByApmCells, revenueCells } from './cells.js';
import type { ContractYearInputs, ContractYearResult } from './evaluate.js';
import { evaluateContractYear } from './evaluate.js';
import { roundHalfAway } from './money.js';
import { yearOf } from './months.js';
import type { RollUps } from './rollups.js';
import { ENROLLMENT_TYPES } from './types.js';
import { netSettlementCents } from './what-if.js';

export type LanCategory = ApmCategory | '1';
export const LAN_CATEGORIES: readonly LanCategory[] = ['1', '2', '3A', '3B', '4'];

export interface RevenueByMonth {
  readonly month: string;
  readonly serviceLine: string;
  readonly paidCents: number;
  readonly allowedCents: number;
  readonly claims: number;
}

export interface ContractView {
  readonly result: ContractYearResult;
  /** Own-TIN FFS revenue (Medicare paid) on the contract's attributed patients, by month and service line. */
  readonly ffsRevenue: readonly RevenueByMonth[];
  readonly ffsRevenueCents: number;
  /** Completed spend of attributed patients to date. */
  readonly spendToDateCents: number;
  /** Projected year-end spend and the benchmark it is measured against (MSSP UB total, target, capitation). */
  readonly projectedSpendCents: number;
  readonly projectedBenchmarkCents: number | null;
  /** + shared savings payment / capitation margin; − losses. */
  readonly projectedSettlementCents: number | null;
}

export interface CombinedView {
  /** Own-TIN FFS revenue counted once per claim, by month and service line (all patients, all categories). */
  readonly ffsRevenue: readonly RevenueByMonth[];
  readonly ffsRevenueCents: number;
  /** Positive settlements (payments and capitation) by the contract's category. */
  readonly settlementRevenueCents: Readonly<Record<LanCategory, number>>;
  readonly lossesCents: number;
  readonly revenueByCategoryCents: Readonly<Record<LanCategory, number>>;
  /** Shares of total revenue by category (0 when there is no revenue). */
  readonly shares: Readonly<Record<LanCategory, number>>;
}

export interface PaymentWorlds {
  readonly contracts: readonly ContractView[];
  readonly combined: CombinedView;
}

function revenueRows(cells: readonly RevenueCell[], year: number): RevenueByMonth[] {
  return cells
    .filter((c) => yearOf(c.incurredMonth) === year)
    .map((c) => ({
      month: c.incurredMonth,
      serviceLine: c.serviceLine,
      paidCents: c.paidCents,
      allowedCents: c.allowedCents,
      claims: c.claims,
    }))
    .sort((a, b) => (a.month === b.month ? (a.serviceLine < b.serviceLine ? -1 : 1) : a.month < b.month ? -1 : 1));
}

function zeroByCategory(): Record<LanCategory, number> {
  return { '1': 0, '2': 0, '3A': 0, '3B': 0, '4': 0 };
}

/**
 * Every contract evaluated with its own attribution (already in the roll-ups), benchmark type and inputs, and the
 * combined view. Capitation counts as category-4 revenue; shared-savings payments as their contract's category;
 * losses are reported beside, not netted into a category.
 */
export function paymentWorlds(rollUps: RollUps, inputs: readonly ContractYearInputs[], year: number): PaymentWorlds {
  const contracts = inputs.map((input): ContractView => {
    const result = evaluateContractYear(rollUps, input);
    const ffsRevenue = revenueRows(revenueCells(rollUps, input.contract.contractId), year);
    const finance = result.finance;
    let projectedBenchmarkCents: number | null = null;
    if (finance?.kind === 'mssp') {
      projectedBenchmarkCents = finance.benchmark.totalCents;
    } else if (finance?.kind === 'pmpm-target') {
      projectedBenchmarkCents = finance.targetCents;
    } else if (finance?.kind === 'capitation') {
      projectedBenchmarkCents = finance.capitationCents;
    }
    return {
      result,
      ffsRevenue,
      ffsRevenueCents: ffsRevenue.reduce((s, r) => s + r.paidCents, 0),
      spendToDateCents: ENROLLMENT_TYPES.reduce((s, t) => s + result.toDate.completedCents[t], 0),
      projectedSpendCents: ENROLLMENT_TYPES.reduce((s, t) => s + result.projection.expenditureCents[t], 0),
      projectedBenchmarkCents,
      projectedSettlementCents: netSettlementCents(result),
    };
  });
  const revenueByCategory = zeroByCategory();
  let ffsRevenueCents = 0;
  const byMonthAndLine = new Map<string, RevenueCell>();
  for (const cell of revenueByApmCells(rollUps)) {
    if (yearOf(cell.incurredMonth) === year) {
      revenueByCategory[cell.scope] += cell.paidCents;
      ffsRevenueCents += cell.paidCents;
      const id = `${cell.incurredMonth}|${cell.serviceLine}`;
      const seen = byMonthAndLine.get(id);
      byMonthAndLine.set(
        id,
        seen === undefined
          ? cell
          : {
              ...seen,
              paidCents: seen.paidCents + cell.paidCents,
              allowedCents: seen.allowedCents + cell.allowedCents,
              msspPaidCents: seen.msspPaidCents + cell.msspPaidCents,
              claims: seen.claims + cell.claims,
            },
      );
    }
  }
  const settlementRevenue = zeroByCategory();
  let lossesCents = 0;
  for (const view of contracts) {
    const finance = view.result.finance;
    if (finance === null) {
      continue;
    }
    const category = view.result.apmCategory;
    if (finance.kind === 'capitation') {
      settlementRevenue[category] += finance.capitationCents;
    } else if (finance.kind === 'mssp') {
      settlementRevenue[category] += finance.settlement.expected.paymentCents;
      lossesCents += finance.settlement.expected.lossesOwedCents;
    } else if (finance.settlementCents >= 0) {
      settlementRevenue[category] += finance.settlementCents;
    } else {
      lossesCents -= finance.settlementCents;
    }
  }
  const total = zeroByCategory();
  for (const c of LAN_CATEGORIES) {
    total[c] = revenueByCategory[c] + settlementRevenue[c];
  }
  const all = LAN_CATEGORIES.reduce((s, c) => s + total[c], 0);
  const shares = zeroByCategory();
  for (const c of LAN_CATEGORIES) {
    shares[c] = all > 0 ? total[c] / all : 0;
  }
  return {
    contracts,
    combined: {
      ffsRevenue: revenueRows([...byMonthAndLine.values()], year),
      ffsRevenueCents,
      settlementRevenueCents: settlementRevenue,
      lossesCents,
      revenueByCategoryCents: total,
      shares,
    },
  };
}

export interface TensionRow {
  readonly contractId: string;
  /** Claims of this service line billed by own TINs for the contract's patients this year. */
  readonly claims: number;
  /** Medicare paid per claim that counts against the benchmark (IME/DSH out), cents. */
  readonly spendPerClaimCents: number | null;
  /**
   * What each extra dollar of spend costs the organisation under the contract at the projected position:
   * the sharing rate when in shared savings (0 when the savings cap binds), the loss rate when owing losses
   * (0 when the loss cap binds), 0 inside the MSR/MLR corridor, 1 under capitation.
   */
  readonly marginalRate: number;
  readonly costPerClaimCents: number | null;
  /** FFS earnings (allowed: Medicare paid + cost sharing) less the cost under the contract, per claim. */
  readonly netPerClaimCents: number | null;
  readonly position: string;
}

export interface ServiceLineTension {
  readonly serviceLine: string;
  readonly claims: number;
  /** What an extra claim earns under FFS: allowed (Medicare paid + the patient's share) and Medicare paid. */
  readonly allowedPerClaimCents: number | null;
  readonly paidPerClaimCents: number | null;
  readonly contracts: readonly TensionRow[];
}

function marginalRateOf(result: ContractYearResult): { rate: number; position: string } {
  const finance = result.finance;
  if (finance === null) {
    return { rate: 0, position: 'not evaluated' };
  }
  if (finance.kind === 'capitation') {
    return { rate: 1, position: 'capitation: every dollar of spend comes out of the capitation margin' };
  }
  if (finance.kind === 'pmpm-target') {
    return finance.savingsCents >= 0
      ? { rate: finance.sharingRate, position: 'under target: spend reduces shared savings' }
      : { rate: finance.lossRate, position: 'over target: spend adds to losses' };
  }
  const s = finance.settlement.expected;
  switch (s.outcome) {
    case 'shared-savings':
    case 'half-sharing-low-revenue':
      return s.sharedSavingsCents < s.earnedSavingsCents
        ? { rate: 0, position: 'savings capped: marginal spend does not change the payment' }
        : { rate: s.sharingRate, position: 'sharing savings: each dollar of spend costs the sharing rate' };
    case 'shared-losses':
      return s.lossCapCents !== null && s.calculatedLossesCents > s.lossCapCents
        ? { rate: 0, position: 'loss cap binds' }
        : { rate: s.lossRate, position: 'owing losses: each dollar of spend costs the loss rate' };
    case 'savings-below-msr':
    case 'savings-quality-not-met':
    case 'losses-within-mlr':
    case 'losses-one-sided':
    case 'guardrail-neither':
    case 'at-benchmark':
      return {
        rate: 0,
        position: `${s.outcome}: no marginal cost at the projected position (threshold effects aside)`,
      };
  }
}

/**
 * For one service line: what an extra claim earns under FFS (the average own-TIN claim of that line this year)
 * and what it costs against each contract's benchmark at the margin.
 */
export function serviceLineTension(
  rollUps: RollUps,
  views: readonly ContractView[],
  serviceLine: string,
  year: number,
): ServiceLineTension {
  const all = revenueByApmCells(rollUps).filter(
    (c) => c.serviceLine === serviceLine && yearOf(c.incurredMonth) === year,
  );
  const claims = all.reduce((s, c) => s + c.claims, 0);
  const per = (cents: number, n: number): number | null => (n > 0 ? roundHalfAway(cents / n) : null);
  const allowedPerClaimCents = per(
    all.reduce((s, c) => s + c.allowedCents, 0),
    claims,
  );
  return {
    serviceLine,
    claims,
    allowedPerClaimCents,
    paidPerClaimCents: per(
      all.reduce((s, c) => s + c.paidCents, 0),
      claims,
    ),
    contracts: views.map((view): TensionRow => {
      const cells = revenueCells(rollUps, view.result.contractId).filter(
        (c) => c.serviceLine === serviceLine && yearOf(c.incurredMonth) === year,
      );
      const n = cells.reduce((s, c) => s + c.claims, 0);
      const spendPerClaimCents =
        per(
          cells.reduce((s, c) => s + c.msspPaidCents, 0),
          n,
        ) ??
        per(
          all.reduce((s, c) => s + c.msspPaidCents, 0),
          claims,
        );
      const { rate, position } = marginalRateOf(view.result);
      const costPerClaimCents = spendPerClaimCents === null ? null : roundHalfAway(spendPerClaimCents * rate);
      return {
        contractId: view.result.contractId,
        claims: n,
        spendPerClaimCents,
        marginalRate: rate,
        costPerClaimCents,
        netPerClaimCents:
          allowedPerClaimCents === null || costPerClaimCents === null ? null : allowedPerClaimCents - costPerClaimCents,
        position,
      };
    }),
  };
}
