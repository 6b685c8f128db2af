/**
 * The finance engine's settings that are not in the vendored tables, each kept as data with its source and
 * confidence: what the reference marks VERIFY (dual codes for aged/dual, truncation by type and annualisation,
 * the small-ACO MSR, the 40th-percentile quality score), secondary facts (sequestration) and this engine's own
 * assumptions (the fallback completion curve). Engines take a `FinancePolicy`; `DEFAULT_FINANCE_POLICY` is built
 * from these items so a caller can override any one of them and a screen can show what each rests on.
 */
import type { DualStatusCode } from '@benchline/shared';
import type { ClaimFamily, Sourced } from './types.js';

export interface FinancePolicy {
  /** Dual status codes that make an aged member-month aged/dual. */
  readonly dualStatusCodes: readonly DualStatusCode[];
  /** Share withheld from shared-savings payments by Medicare sequestration. */
  readonly sequestrationRate: number;
  /** An ACO is low revenue when participant A+B revenue is below this share of its assigned beneficiaries' A+B spend. */
  readonly lowRevenueThreshold: number;
  /** 425.605(h): the half-sharing rule needs at least this many assigned beneficiaries … */
  readonly halfSharingMinimumAssigned: number;
  /** … and an agreement period starting in this year or later. */
  readonly halfSharingFirstAgreementYear: number;
  /** Agreement periods starting in this year or later use the 2024+ risk cap and the ACPT three-way blend. */
  readonly acptFirstAgreementYear: number;
  /** The risk-score growth margin: +3% (before 2024 the whole cap; from 2024 added to demographic growth). */
  readonly riskCapMargin: number;
  /** Weight of the ACPT in the three-way blend (two-way blend gets the rest). */
  readonly acptWeight: number;
  /** MSR (percent) used below 5,000 assigned beneficiaries, where the SLAAM sets it; null: refuse to guess. */
  readonly smallAcoMsrPct: number | null;
  /** The 40th-percentile MIPS Quality score by performance year (the quality performance standard). */
  readonly qualityThreshold40th: Readonly<Record<number, number>>;
  /** Share of final paid dollars known k months after the incurred month, by family, when the triangle is thin. */
  readonly fallbackCompletion: Readonly<Record<ClaimFamily, readonly number[]>>;
}

/**
 * Fallback completion curves, k = 0 … 12 months after the incurred month: the population-facts §3 table
 * (CCW maturity: inpatient 48/91/98/99% at 1/2/5/12 months; about 93–95% at 3 months), interpolated linearly
 * between the listed lags and taken as complete at 12 months.
 */
const INSTITUTIONAL_CURVE = [0.075, 0.5, 0.88, 0.94, 0.953, 0.967, 0.98, 0.982, 0.983, 0.985, 0.987, 0.988, 1];
const PROFESSIONAL_CURVE = [0.25, 0.75, 0.9, 0.95, 0.962, 0.973, 0.985, 0.987, 0.988, 0.99, 0.992, 0.993, 1];

export const FINANCE_POLICY_ITEMS: { readonly [K in keyof FinancePolicy]: Sourced<FinancePolicy[K]> } = {
  dualStatusCodes: {
    value: ['01', '02', '03', '04', '05', '06', '08'],
    confidence: 'verify',
    source:
      'Reference §1.1 (VERIFY whether partial-benefit duals count as dual in the SLAAM): full benefit 02/04/08 and ' +
      'partial benefit 01/03/05/06 count, as the risk engine reads Medicaid status; 09/10 (other), NA and 99 do not.',
  },
  sequestrationRate: {
    value: 0.02,
    confidence: 'secondary',
    source: 'Reference §1.7 [SEC]: shared-savings payments are reduced by 2% sequestration (not in part 425).',
  },
  lowRevenueThreshold: {
    value: 0.35,
    confidence: 'regulation',
    source:
      '42 CFR 425.20 "low revenue ACO": participant A+B FFS revenue below 35% of assigned beneficiaries\' A+B expenditures.',
  },
  halfSharingMinimumAssigned: {
    value: 5000,
    confidence: 'regulation',
    source: '42 CFR 425.605(h) (mssp_track_parameters_NOTES.txt).',
  },
  halfSharingFirstAgreementYear: {
    value: 2024,
    confidence: 'regulation',
    source: '42 CFR 425.605(h): BASIC ACOs in agreement periods beginning on or after January 1, 2024.',
  },
  acptFirstAgreementYear: {
    value: 2024,
    confidence: 'regulation',
    source: '42 CFR 425.652(b)(4) (ACPT three-way blend), 425.605(a)(1)(ii) (2024+ risk cap).',
  },
  riskCapMargin: {
    value: 0.03,
    confidence: 'regulation',
    source: '42 CFR 425.605(a)(1) (3% cap), 425.605(a)(1)(ii)(C) (demographic growth + 3 points from 2024).',
  },
  acptWeight: {
    value: 1 / 3,
    confidence: 'regulation',
    source: '42 CFR 425.652(b)(4)(i): two-way blend 2/3, ACPT 1/3 absent unforeseen circumstances.',
  },
  smallAcoMsrPct: {
    value: 3.9,
    confidence: 'verify',
    source:
      'Reference §1.7 (VERIFY: exact small-ACO values are in the SLAAM; 42 CFR 425.110(b)). Placeholder: the ' +
      '5,000-beneficiary MSR, the smallest the sliding scale prints.',
  },
  qualityThreshold40th: {
    value: { 2025: 76.7 },
    confidence: 'verify',
    source:
      'Reference §1.8: PY2025 40th-percentile MIPS Quality score 76.70 [SEC: mdinteractive.com; VERIFY on the CMS QPS fact sheet].',
  },
  fallbackCompletion: {
    value: {
      institutional: INSTITUTIONAL_CURVE,
      outpatient: PROFESSIONAL_CURVE,
      professional: PROFESSIONAL_CURVE,
      dme: PROFESSIONAL_CURVE,
    },
    confidence: 'assumption',
    source:
      'population-facts §3 suggested curve (CCW maturity for institutional claims; professional/outpatient an ' +
      "assumption), interpolated; used only for lags the tenant's own triangle cannot estimate.",
  },
};

function valuesOf<T extends object>(items: { readonly [K in keyof T]: Sourced<T[K]> }): T {
  return Object.fromEntries(Object.entries(items).map(([key, item]) => [key, (item as Sourced<unknown>).value])) as T;
}

export const DEFAULT_FINANCE_POLICY: FinancePolicy = valuesOf<FinancePolicy>(FINANCE_POLICY_ITEMS);
