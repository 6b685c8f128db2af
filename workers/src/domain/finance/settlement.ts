/**
 * Settlement of one MSSP performance year (reference §1.5 guardrail, §1.7; 42 CFR 425.605, 425.610,
 * 425.652(b)(5)): savings per capita and in total, the MSR test, sharing from the first dollar at the track's
 * rate scaled by the quality gate, the savings cap, sequestration of the payment; or, for two-sided models, the
 * MLR test, the two-way-trend guardrail, the loss rate, the loss cap (lower of the revenue- and benchmark-based
 * limits), and the extreme-and-uncontrollable reduction; and the low-revenue half-sharing rule of 425.605(h).
 */
import type { TrackParameters } from '../../reference/finance.js';
import { roundHalfAway } from './money.js';
import type { FinancePolicy } from './policy.js';
import { DEFAULT_FINANCE_POLICY } from './policy.js';
import type { QualityStandard } from './quality.js';
import { qualitySharingFactor } from './quality.js';

export interface SettlementInput {
  readonly track: TrackParameters;
  /** UB, cents per person-year. */
  readonly benchmarkPerCapitaCents: number;
  /** The two-way-only recalculated benchmark (2024+ agreements), for the loss guardrail; null to skip it. */
  readonly twoWayBenchmarkPerCapitaCents: number | null;
  /** EXP: truncated, completed expenditure, cents per person-year. */
  readonly expenditurePerCapitaCents: number;
  /** PY person-years × 12. */
  readonly memberMonths: number;
  readonly msr: number;
  /** Null for one-sided models. */
  readonly mlr: number | null;
  readonly quality: { readonly standard: QualityStandard; readonly heaScore: number | null };
  readonly assignedBeneficiaries: number;
  readonly agreementStartYear: number;
  /** ACO participants' total A+B FFS revenue, for the revenue-based loss cap; null when unknown. */
  readonly participantRevenueCents: number | null;
  /** Low revenue ACO (42 CFR 425.20); see `isLowRevenue`. */
  readonly lowRevenue: boolean;
  /** 425.605(f)/425.610(i): shares of PY months and of assigned beneficiaries affected. */
  readonly extremeUncontrollable?: { readonly monthsShare: number; readonly beneficiariesShare: number };
}

export type SettlementOutcome =
  | 'shared-savings'
  | 'half-sharing-low-revenue'
  | 'savings-below-msr'
  | 'savings-quality-not-met'
  | 'shared-losses'
  | 'losses-within-mlr'
  | 'losses-one-sided'
  | 'guardrail-neither'
  | 'at-benchmark';

export interface Settlement {
  readonly outcome: SettlementOutcome;
  readonly savingsPerCapitaCents: number;
  /** (UB − EXP) ÷ UB; negative for losses. */
  readonly savingsRate: number;
  readonly totalBenchmarkCents: number;
  readonly totalSavingsCents: number;
  readonly msr: number;
  readonly mlr: number | null;
  readonly sharingRate: number;
  /** Shared savings before the cap and sequestration. */
  readonly earnedSavingsCents: number;
  readonly savingsCapCents: number;
  readonly sharedSavingsCents: number;
  readonly sequestrationCents: number;
  /** What CMS pays: shared savings less sequestration. */
  readonly paymentCents: number;
  readonly lossBenchmark: 'updated' | 'two-way' | null;
  readonly lossRate: number;
  readonly lossExcessPerCapitaCents: number;
  /** Shared losses before the cap and reductions. */
  readonly calculatedLossesCents: number;
  readonly lossCapCents: number | null;
  /** What the ACO owes. */
  readonly lossesOwedCents: number;
  readonly explanation: readonly string[];
}

/** 42 CFR 425.20: low revenue when participant A+B FFS revenue < 35% of assigned beneficiaries' A+B expenditures. */
export function isLowRevenue(
  participantRevenueCents: number,
  assignedExpenditureCents: number,
  policy: Pick<FinancePolicy, 'lowRevenueThreshold'> = DEFAULT_FINANCE_POLICY,
): boolean {
  return participantRevenueCents < policy.lowRevenueThreshold * assignedExpenditureCents;
}

/** The shared-loss rate: fixed, or ENHANCED's 1 − 0.75 × HEA score within [40%, 75%] (75% if quality fails). */
export function lossRateOf(track: TrackParameters, standard: QualityStandard, heaScore: number | null): number {
  const rule = track.lossRate;
  if (rule === null) {
    return 0;
  }
  if (rule.kind === 'fixed') {
    return rule.rate;
  }
  if (standard === 'not-met' || heaScore === null) {
    return rule.ifQualityFailed;
  }
  return Math.min(rule.ceiling, Math.max(rule.floor, 1 - rule.multiplier * (heaScore / 100)));
}

const pct = (x: number): string => `${(x * 100).toFixed(2)}%`;
const dollars = (cents: number): string =>
  `$${(cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

export function settle(
  input: SettlementInput,
  policy: Pick<
    FinancePolicy,
    'sequestrationRate' | 'halfSharingMinimumAssigned' | 'halfSharingFirstAgreementYear' | 'acptFirstAgreementYear'
  > = DEFAULT_FINANCE_POLICY,
): Settlement {
  const ub = input.benchmarkPerCapitaCents;
  const exp = input.expenditurePerCapitaCents;
  const months = input.memberMonths;
  const savingsPc = ub - exp;
  const savingsRate = ub > 0 ? savingsPc / ub : 0;
  const totalBenchmarkCents = roundHalfAway((ub * months) / 12);
  const totalSavingsCents = roundHalfAway((savingsPc * months) / 12);
  const explanation: string[] = [
    `benchmark ${dollars(ub)} pc, expenditure ${dollars(exp)} pc: ${savingsPc >= 0 ? 'savings' : 'losses'} ${dollars(Math.abs(savingsPc))} pc = ${pct(Math.abs(savingsRate))} of the benchmark`,
  ];
  const base = {
    savingsPerCapitaCents: savingsPc,
    savingsRate,
    totalBenchmarkCents,
    totalSavingsCents,
    msr: input.msr,
    mlr: input.mlr,
    sharingRate: 0,
    earnedSavingsCents: 0,
    savingsCapCents: roundHalfAway(input.track.savingsCapShareOfBenchmark * totalBenchmarkCents),
    sharedSavingsCents: 0,
    sequestrationCents: 0,
    paymentCents: 0,
    lossBenchmark: null,
    lossRate: 0,
    lossExcessPerCapitaCents: 0,
    calculatedLossesCents: 0,
    lossCapCents: null,
    lossesOwedCents: 0,
  } as const;

  if (savingsPc === 0) {
    return { ...base, outcome: 'at-benchmark', explanation };
  }
  if (savingsPc > 0) {
    const qualityFactor = qualitySharingFactor(input.quality.standard, input.quality.heaScore);
    const fullRate = input.track.maxSharingRate * qualityFactor;
    let sharingRate: number;
    let outcome: SettlementOutcome;
    if (savingsRate >= input.msr) {
      // 425.605(d)(1)(i)(B)(1): once the MSR is met, savings are shared on a first-dollar basis.
      explanation.push(`savings rate ${pct(savingsRate)} ≥ MSR ${pct(input.msr)}`);
      sharingRate = fullRate;
      outcome = 'shared-savings';
    } else if (
      input.track.track === 'BASIC' &&
      input.lowRevenue &&
      input.assignedBeneficiaries >= policy.halfSharingMinimumAssigned &&
      input.agreementStartYear >= policy.halfSharingFirstAgreementYear
    ) {
      // 425.605(h): a low-revenue BASIC ACO below its benchmark but short of the MSR shares at half its rate.
      explanation.push(
        `savings rate ${pct(savingsRate)} < MSR ${pct(input.msr)}: low-revenue half sharing (425.605(h))`,
      );
      sharingRate = fullRate / 2;
      outcome = 'half-sharing-low-revenue';
    } else {
      explanation.push(`savings rate ${pct(savingsRate)} < MSR ${pct(input.msr)}: no sharing`);
      return { ...base, outcome: 'savings-below-msr', explanation };
    }
    if (qualityFactor === 0) {
      explanation.push('quality performance standard not met: no shared savings (425.512)');
      return { ...base, outcome: 'savings-quality-not-met', explanation };
    }
    explanation.push(
      `sharing rate ${pct(input.track.maxSharingRate)}${qualityFactor < 1 ? ` × HEA quality ${(qualityFactor * 100).toFixed(2)}` : ''}${outcome === 'half-sharing-low-revenue' ? ' × ½' : ''} = ${pct(sharingRate)}`,
    );
    const earned = roundHalfAway(sharingRate * totalSavingsCents);
    const shared = Math.min(earned, base.savingsCapCents);
    if (shared < earned) {
      explanation.push(
        `capped at ${pct(input.track.savingsCapShareOfBenchmark)} of the benchmark: ${dollars(base.savingsCapCents)}`,
      );
    }
    const sequestration = roundHalfAway(shared * policy.sequestrationRate);
    explanation.push(
      `shared savings ${dollars(shared)}, less ${pct(policy.sequestrationRate)} sequestration ${dollars(sequestration)}`,
    );
    return {
      ...base,
      outcome,
      sharingRate,
      earnedSavingsCents: earned,
      sharedSavingsCents: shared,
      sequestrationCents: sequestration,
      paymentCents: shared - sequestration,
      explanation,
    };
  }

  const excessRate = -savingsRate;
  if (!input.track.twoSided || input.mlr === null) {
    explanation.push('one-sided model: no shared losses');
    return { ...base, outcome: 'losses-one-sided', explanation };
  }
  if (excessRate < input.mlr) {
    explanation.push(`excess ${pct(excessRate)} < MLR ${pct(input.mlr)}: no shared losses`);
    return { ...base, outcome: 'losses-within-mlr', explanation };
  }
  explanation.push(`excess ${pct(excessRate)} ≥ MLR ${pct(input.mlr)}`);
  let lossBase = ub;
  let lossBenchmark: 'updated' | 'two-way' = 'updated';
  const ub2 = input.twoWayBenchmarkPerCapitaCents;
  if (ub2 !== null && input.agreementStartYear >= policy.acptFirstAgreementYear && ub2 > ub) {
    // 425.652(b)(5): recompute with the two-way blend only; used if it leaves a smaller excess, and spend at or
    // under it means neither savings nor losses.
    if (exp <= ub2) {
      explanation.push(
        `guardrail: expenditure ≤ two-way benchmark ${dollars(ub2)}: neither savings nor losses (425.652(b)(5)(ii))`,
      );
      return { ...base, outcome: 'guardrail-neither', lossBenchmark: 'two-way', explanation };
    }
    explanation.push(
      `guardrail: two-way benchmark ${dollars(ub2)} leaves a smaller excess, used for losses (425.652(b)(5)(i))`,
    );
    lossBase = ub2;
    lossBenchmark = 'two-way';
  }
  const excessPc = exp - lossBase;
  const lossRate = lossRateOf(input.track, input.quality.standard, input.quality.heaScore);
  const calculated = roundHalfAway((lossRate * excessPc * months) / 12);
  explanation.push(
    `losses ${pct(lossRate)} × ${dollars(excessPc)} pc × ${(months / 12).toFixed(2)} person-years = ${dollars(calculated)}`,
  );
  const cap = input.track.lossCap;
  const limits: number[] = [];
  if (cap !== null && cap.shareOfRevenue !== null) {
    if (input.participantRevenueCents === null) {
      explanation.push('participant revenue unknown: only the benchmark-based loss limit applied');
    } else {
      limits.push(roundHalfAway(cap.shareOfRevenue * input.participantRevenueCents));
    }
  }
  if (cap !== null && cap.shareOfBenchmark !== null) {
    // The benchmark-based limit is on the updated benchmark (425.605(d)(1)(iii)(D)(2)), not the recalculated one.
    limits.push(roundHalfAway(cap.shareOfBenchmark * totalBenchmarkCents));
  }
  const lossCapCents = limits.length > 0 ? Math.min(...limits) : null;
  let owed = lossCapCents === null ? calculated : Math.min(calculated, lossCapCents);
  if (lossCapCents !== null) {
    explanation.push(`loss limit ${dollars(lossCapCents)}${owed < calculated ? ' applies' : ' not binding'}`);
  }
  const eu = input.extremeUncontrollable;
  if (eu !== undefined) {
    // 425.605(f): reduce by the share of months affected × the share of beneficiaries in affected areas.
    const reduction = roundHalfAway(owed * eu.monthsShare * eu.beneficiariesShare);
    owed -= reduction;
    explanation.push(`extreme and uncontrollable circumstances: less ${dollars(reduction)}`);
  }
  return {
    ...base,
    outcome: 'shared-losses',
    lossBenchmark,
    lossRate,
    lossExcessPerCapitaCents: excessPc,
    calculatedLossesCents: calculated,
    lossCapCents,
    lossesOwedCents: owed,
    explanation,
  };
}
