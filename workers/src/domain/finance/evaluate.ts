/**
 * One contract-year computed from the roll-ups alone (no claim is read): spend per member-month three ways,
 * completion by claim family, truncation, and then — per benchmark type — the MSSP updated benchmark, MSR/MLR,
 * quality gate and settlement at the projected year end with its band and the probability of clearing the MSR;
 * a PMPM target with negotiated sharing; or capitation and its margin. Every input CMS or the payer supplies
 * (trend, BY3 risk means, truncation thresholds, quality) is a parameter, and what was assumed is listed.
 */
import type { ContractEvent, ContractYear } from '@benchline/shared';
import type { FinanceTables, TrackParameters } from '../../reference/finance.js';
import type { BenchmarkGrowth, RiskCapResult, UpdatedBenchmark } from './benchmark.js';
import {
  aggregateGrowth,
  benchmarkToDateCents,
  capRiskRatios,
  historicalBenchmarkCents,
  meanScores,
  renormalizedMeans,
  riskRatios,
  updatedBenchmark,
} from './benchmark.js';
import { memberYearCells, monthCells, revenueCells, spendCells, triangleCells } from './cells.js';
import type { CompletionCurve, CompletionOptions } from './completion.js';
import { chainLadder } from './completion.js';
import { dollarsToCents, roundHalfAway } from './money.js';
import { yearOf } from './months.js';
import type { MsrResult } from './msr.js';
import { msrMlr } from './msr.js';
import type { FinancePolicy } from './policy.js';
import { DEFAULT_FINANCE_POLICY } from './policy.js';
import type { ProjectionOptions, YearEndProjection } from './projection.js';
import { probabilityAtMost, projectYearEnd } from './projection.js';
import type { QualityStandard } from './quality.js';
import { qualityGate } from './quality.js';
import type { RollUps } from './rollups.js';
import type { Settlement } from './settlement.js';
import { isLowRevenue, settle } from './settlement.js';
import type { MonthlySpend } from './spend-table.js';
import { spendByMonth, totalsByType } from './spend-table.js';
import type { TruncationResult } from './truncation.js';
import { truncate, truncationShare } from './truncation.js';
import type { ByType, ClaimFamily, Confidence } from './types.js';
import { CLAIM_FAMILIES, ENROLLMENT_TYPES, byType } from './types.js';

/** What a contract-year evaluation needs besides the roll-ups. */
export interface ContractYearInputs {
  readonly contract: Pick<
    ContractEvent,
    'contractId' | 'program' | 'apmCategory' | 'benchmarkType' | 'effectiveFrom' | 'years'
  >;
  readonly year: number;
  /** The paid-through month. */
  readonly asOfMonth: string;
  readonly tables: FinanceTables;
  readonly policy?: Partial<FinancePolicy>;
  /** Overrides of the chain-ladder settings (asOf and fallback come from here and the policy). */
  readonly completion?: Partial<Omit<CompletionOptions, 'asOfMonth'>>;
  readonly projection?: Partial<Omit<ProjectionOptions, 'year' | 'asOfMonth'>>;
  /** MSSP: the two-way growth and ACPT for BY3 → PY (CMS publishes them after the year); absent = untrended. */
  readonly growth?: BenchmarkGrowth;
  /** MSSP: BY3 mean renormalised scores per type (the benchmark report), for r_t. */
  readonly riskBaseline?: { readonly hcc: ByType<number>; readonly demographic?: ByType<number> };
  /**
   * MSSP: the performance year's national assignable FFS mean raw scores per type (CMS-supplied; 42 CFR
   * 425.659(b)(2)), which renormalise the PY's raw scores to compare with `riskBaseline`. Without them the PY means
   * stay raw and `riskBaseline` cannot be used (r_t = 1, listed in the assumptions).
   */
  readonly nationalMeanScores?: { readonly hcc: ByType<number>; readonly demographic?: ByType<number> };
  /** MSSP: r_t given directly (e.g. from CMS's quarterly report); wins over `riskBaseline`. */
  readonly riskRatios?: ByType<number>;
  /** MSSP: aggregate demographic growth given directly (e.g. 0.006). */
  readonly demographicGrowth?: number;
  /** MSSP: 99th-percentile truncation thresholds per type, USD per person-year; absent = no truncation. */
  readonly truncationThresholds?: ByType<number>;
  /** MSSP: the quality outcome; default from the contract year's `quality`, else the standard assumed met. */
  readonly quality?: { readonly standard: QualityStandard; readonly heaScore: number | null };
  readonly participantRevenueCents?: number;
  readonly lowRevenue?: boolean;
  readonly assignedBeneficiaries?: number;
  readonly agreementStartYear?: number;
  readonly extremeUncontrollable?: { readonly monthsShare: number; readonly beneficiariesShare: number };
}

export interface Assumption {
  readonly item: string;
  readonly confidence: Confidence;
  readonly note: string;
}

/** The settlement at the point projection and at the two ends of the band. */
export interface SettlementRange {
  readonly expected: Settlement;
  readonly favourable: Settlement | null;
  readonly unfavourable: Settlement | null;
}

export interface MsspYearFinance {
  readonly kind: 'mssp';
  readonly track: TrackParameters;
  readonly risk: {
    /** The PY's mean MSSP raw score per type (blended, no MA normalisation or coding adjustment). */
    readonly pyRawMeans: ByType<number | null>;
    /** The same renormalised by the national assignable means; null per type without them. */
    readonly pyMeans: ByType<number | null>;
    readonly uncapped: ByType<number>;
    readonly cap: RiskCapResult;
  };
  readonly benchmark: UpdatedBenchmark;
  readonly msr: MsrResult;
  readonly assignedBeneficiaries: number;
  readonly agreementStartYear: number;
  readonly quality: { readonly standard: QualityStandard; readonly heaScore: number | null; readonly source: string };
  readonly participantRevenueCents: number | null;
  readonly lowRevenue: boolean;
  readonly settlement: SettlementRange;
  /** P(year-end savings rate ≥ MSR); null when the band is unknown. */
  readonly probabilityClearingMsr: number | null;
  /** P(year-end excess ≥ MLR); null for one-sided models or an unknown band. */
  readonly probabilityOwingLosses: number | null;
}

export interface TargetYearFinance {
  readonly kind: 'pmpm-target';
  readonly targetPmpmCents: number;
  readonly targetCents: number;
  readonly savingsCents: number;
  readonly sharingRate: number;
  readonly lossRate: number;
  /** Positive: shared savings to the organisation; negative: losses it owes. */
  readonly settlementCents: number;
}

export interface CapitationYearFinance {
  readonly kind: 'capitation';
  readonly capitationPmpmCents: number;
  readonly capitationCents: number;
  /** Capitation less the spend it must cover. */
  readonly marginCents: number;
}

export interface ContractYearResult {
  readonly contractId: string;
  readonly year: number;
  readonly asOfMonth: string;
  readonly benchmarkType: ContractEvent['benchmarkType'];
  readonly apmCategory: ContractEvent['apmCategory'];
  /** Per incurred month: member-months, paid, completed, truncated, completeness. */
  readonly months: readonly MonthlySpend[];
  readonly toDate: {
    readonly memberMonths: ByType<number>;
    readonly paidCents: ByType<number>;
    readonly completedCents: ByType<number>;
    readonly truncatedCents: ByType<number>;
    /** The benchmark (MSSP UB_t, target or capitation) for the member-months elapsed; null when unknown. */
    readonly benchmarkCents: number | null;
  };
  readonly completion: Readonly<Record<ClaimFamily, CompletionCurve>>;
  readonly truncation: TruncationResult;
  readonly projection: YearEndProjection;
  /** Null with `missing` listing what the contract year lacks. */
  readonly finance: MsspYearFinance | TargetYearFinance | CapitationYearFinance | null;
  readonly missing: readonly string[];
  readonly assumptions: readonly Assumption[];
}

export function contractYearOf(contract: Pick<ContractEvent, 'years'>, year: number): ContractYear | undefined {
  return contract.years.find((y) => y.year === year);
}

export function completionCurves(
  rollUps: RollUps,
  asOfMonth: string,
  policy: Pick<FinancePolicy, 'fallbackCompletion'>,
  overrides: Partial<Omit<CompletionOptions, 'asOfMonth'>> = {},
): Record<ClaimFamily, CompletionCurve> {
  return Object.fromEntries(
    CLAIM_FAMILIES.map((family) => [
      family,
      chainLadder(triangleCells(rollUps, family), family, {
        fallback: policy.fallbackCompletion[family],
        ...overrides,
        asOfMonth,
      }),
    ]),
  ) as Record<ClaimFamily, CompletionCurve>;
}

/** Evaluates one contract-year from the roll-ups. */
export function evaluateContractYear(rollUps: RollUps, inputs: ContractYearInputs): ContractYearResult {
  const policy: FinancePolicy = { ...DEFAULT_FINANCE_POLICY, ...inputs.policy };
  const { contract, year, asOfMonth } = inputs;
  const terms = contractYearOf(contract, year);
  const assumptions: Assumption[] = [];
  const missing: string[] = [];
  const mssp = contract.benchmarkType === 'mssp-per-capita';

  const curves = completionCurves(rollUps, asOfMonth, policy, inputs.completion);
  if (CLAIM_FAMILIES.some((f) => curves[f].ageToAge.some((a) => a.source === 'fallback'))) {
    assumptions.push({
      item: 'completion',
      confidence: 'assumption',
      note: 'some lags use the fallback completion curve (the triangle is too thin there)',
    });
  }
  const thresholds =
    mssp && inputs.truncationThresholds !== undefined
      ? byType((t) => dollarsToCents(inputs.truncationThresholds?.[t] ?? 0))
      : null;
  if (mssp) {
    assumptions.push(
      thresholds === null
        ? {
            item: 'truncation',
            confidence: 'assumption',
            note: 'no 99th-percentile thresholds given: spend not truncated',
          }
        : { item: 'truncation', confidence: 'verify', note: 'per-type thresholds on annualised spend (SLAAM VERIFY)' },
    );
  }
  const memberCells = memberYearCells(rollUps, contract.contractId, year);
  const truncation = truncate(memberCells, thresholds, asOfMonth);
  const months = spendByMonth(
    spendCells(rollUps, contract.contractId),
    monthCells(rollUps, contract.contractId),
    year,
    asOfMonth,
    curves,
    terms?.completion,
    truncationShare(truncation),
  );
  const totals = totalsByType(months);
  const projection = projectYearEnd(
    months.map((m) => ({ month: m.month, memberMonths: m.memberMonths, comparableCents: m.truncatedCents })),
    { year, asOfMonth, ...inputs.projection },
  );
  const base = {
    contractId: contract.contractId,
    year,
    asOfMonth,
    benchmarkType: contract.benchmarkType,
    apmCategory: contract.apmCategory,
    months,
    completion: curves,
    truncation,
    projection,
    missing,
    assumptions,
  };
  const toDate = (benchmarkCents: number | null) => ({ ...totals, benchmarkCents });
  const projectedMm = ENROLLMENT_TYPES.reduce((s, t) => s + projection.memberMonths[t], 0);
  const projectedSpend = ENROLLMENT_TYPES.reduce((s, t) => s + projection.expenditureCents[t], 0);
  const elapsedMm = ENROLLMENT_TYPES.reduce((s, t) => s + totals.memberMonths[t], 0);

  if (contract.benchmarkType === 'pmpm-target' || contract.benchmarkType === 'capitation') {
    const capitation = contract.benchmarkType === 'capitation';
    const pmpm = capitation ? terms?.benchmark?.capitationPmpm : terms?.benchmark?.pmpmTarget;
    if (pmpm === undefined) {
      missing.push(capitation ? `years[${year}].benchmark.capitationPmpm` : `years[${year}].benchmark.pmpmTarget`);
      return { ...base, toDate: toDate(null), finance: null };
    }
    const pmpmCents = dollarsToCents(pmpm);
    const yearCents = pmpmCents * projectedMm;
    if (capitation) {
      return {
        ...base,
        toDate: toDate(pmpmCents * elapsedMm),
        finance: {
          kind: 'capitation',
          capitationPmpmCents: pmpmCents,
          capitationCents: yearCents,
          marginCents: yearCents - projectedSpend,
        },
      };
    }
    const savings = yearCents - projectedSpend;
    const sharingRate = terms?.sharingRate ?? 0;
    const lossRate = terms?.lossRate ?? 0;
    if (terms?.sharingRate === undefined) {
      assumptions.push({
        item: 'sharingRate',
        confidence: 'assumption',
        note: 'contract year names no sharing rate: 0',
      });
    }
    return {
      ...base,
      toDate: toDate(pmpmCents * elapsedMm),
      finance: {
        kind: 'pmpm-target',
        targetPmpmCents: pmpmCents,
        targetCents: yearCents,
        savingsCents: savings,
        sharingRate,
        lossRate,
        settlementCents: roundHalfAway(savings >= 0 ? sharingRate * savings : lossRate * savings),
      },
    };
  }

  // MSSP per-capita benchmark.
  const perCapita = terms?.benchmark?.perCapita;
  const track = inputs.tables.tracks.find(
    (t) => t.track === terms?.track && (t.track === 'ENHANCED' || t.level === terms.level),
  );
  if (perCapita === undefined) {
    missing.push(`years[${year}].benchmark.perCapita`);
  }
  if (track === undefined) {
    missing.push(`years[${year}].track/level`);
  }
  if (perCapita === undefined || track === undefined) {
    return { ...base, toDate: toDate(null), finance: null };
  }
  const hb = historicalBenchmarkCents(perCapita);
  // What the caller passes wins; otherwise what the contract year records from the ACO's CMS reports.
  const update = terms?.benchmarkUpdate;
  const givenRiskRatios = inputs.riskRatios ?? update?.riskRatios;
  const riskBaseline = inputs.riskBaseline ?? update?.by3RiskScores;
  const growth = inputs.growth ?? update?.growth;
  // The cells hold MSSP raw scores (rollups `MemberScores`); r_t compares renormalised means (reference §1.4).
  const cells = monthCells(rollUps, contract.contractId);
  const national = inputs.nationalMeanScores ?? update?.nationalMeanScores;
  const pyRawMeans = meanScores(cells, year, 'hcc');
  const pyMeans =
    national === undefined ? byType((): number | null => null) : renormalizedMeans(pyRawMeans, national.hcc);
  let uncapped: ByType<number> = byType(() => 1);
  if (givenRiskRatios !== undefined) {
    uncapped = givenRiskRatios;
  } else if (riskBaseline !== undefined && national !== undefined) {
    uncapped = riskRatios(pyMeans, riskBaseline.hcc);
  } else {
    assumptions.push({
      item: 'riskRatio',
      confidence: 'assumption',
      note:
        riskBaseline === undefined
          ? 'no BY3 risk baseline: r_t = 1'
          : 'no national assignable mean scores for the PY: raw PY scores cannot be renormalised against the BY3 baseline, r_t = 1',
    });
  }
  let demographicGrowth = inputs.demographicGrowth ?? null;
  if (demographicGrowth === null && riskBaseline?.demographic !== undefined) {
    if (national?.demographic === undefined) {
      assumptions.push({
        item: 'demographicGrowth',
        confidence: 'assumption',
        note: 'no national assignable mean demographic scores for the PY: demographic growth unknown',
      });
    } else {
      const demoRatios = riskRatios(
        renormalizedMeans(meanScores(cells, year, 'demographic'), national.demographic),
        riskBaseline.demographic,
      );
      demographicGrowth = aggregateGrowth(demoRatios, hb, projection.memberMonths);
    }
  }
  const agreementStartYear = inputs.agreementStartYear ?? yearOf(contract.effectiveFrom.slice(0, 7));
  const cap = capRiskRatios(
    {
      ratios: uncapped,
      historicalBenchmarkCents: hb,
      memberMonths: projection.memberMonths,
      agreementStartYear,
      demographicGrowth,
    },
    policy,
  );
  if (growth === undefined) {
    assumptions.push({
      item: 'growth',
      confidence: 'assumption',
      note: 'no two-way growth / ACPT given: benchmark not trended from BY3',
    });
  }
  const benchmark = updatedBenchmark(
    {
      historicalBenchmarkCents: hb,
      riskRatios: cap.capped,
      growth: growth ?? null,
      memberMonths: projection.memberMonths,
      agreementStartYear,
    },
    policy,
  );
  const assigned =
    inputs.assignedBeneficiaries ?? new Set(memberCells.filter((c) => c.months > 0).map((c) => c.memberId)).size;
  const msr = msrMlr(terms?.msrMlr ?? 'variable', assigned, track.twoSided, inputs.tables.msrBands, policy);
  if (msr.confidence === 'verify') {
    assumptions.push({ item: 'msr', confidence: 'verify', note: msr.note });
  }
  let quality: MsspYearFinance['quality'];
  if (inputs.quality !== undefined) {
    quality = { ...inputs.quality, source: 'given' };
  } else if (terms?.quality?.standard !== undefined) {
    quality = {
      standard: terms.quality.standard,
      heaScore: terms.quality.assumedScore ?? null,
      source: 'contract year',
    };
  } else if (terms?.quality?.assumedScore !== undefined) {
    const threshold = policy.qualityThreshold40th[year] ?? null;
    const gate = qualityGate({ heaScore: terms.quality.assumedScore, threshold40th: threshold });
    quality = {
      standard: gate.standard,
      heaScore: terms.quality.assumedScore,
      source: `contract year assumed score: ${gate.reason}`,
    };
  } else {
    quality = { standard: 'met', heaScore: null, source: 'assumed met' };
    assumptions.push({ item: 'quality', confidence: 'assumption', note: 'quality performance standard assumed met' });
  }
  const revenueFromClaims = revenueCells(rollUps, contract.contractId)
    .filter((r) => yearOf(r.incurredMonth) === year)
    .reduce((s, r) => s + r.paidCents, 0);
  const participantRevenueCents = inputs.participantRevenueCents ?? (revenueFromClaims > 0 ? revenueFromClaims : null);
  if (inputs.participantRevenueCents === undefined) {
    assumptions.push({
      item: 'participantRevenue',
      confidence: 'assumption',
      note: 'participant revenue from own-TIN claims of attributed patients (CMS counts all FFS patients): an underestimate',
    });
  }
  const lowRevenue =
    inputs.lowRevenue ??
    (participantRevenueCents !== null && isLowRevenue(participantRevenueCents, projectedSpend, policy));
  const settleAt = (expenditurePerCapitaCents: number | null): Settlement | null =>
    expenditurePerCapitaCents === null || benchmark.perCapitaCents === null
      ? null
      : settle(
          {
            track,
            benchmarkPerCapitaCents: benchmark.perCapitaCents,
            twoWayBenchmarkPerCapitaCents: benchmark.twoWayPerCapitaCents,
            expenditurePerCapitaCents,
            memberMonths: projectedMm,
            msr: msr.msr,
            mlr: msr.mlr,
            quality,
            assignedBeneficiaries: assigned,
            agreementStartYear,
            participantRevenueCents,
            lowRevenue,
            ...(inputs.extremeUncontrollable === undefined
              ? {}
              : { extremeUncontrollable: inputs.extremeUncontrollable }),
          },
          policy,
        );
  const expected = settleAt(projection.perCapitaCents);
  if (expected === null || benchmark.perCapitaCents === null || projection.perCapitaCents === null) {
    missing.push('member-months in the year');
    return { ...base, toDate: toDate(null), finance: null };
  }
  const ub = benchmark.perCapitaCents;
  const sd = projection.sdPerCapitaCents;
  const clearing = probabilityAtMost(ub * (1 - msr.msr), projection.perCapitaCents, sd);
  const atMostMlr = msr.mlr === null ? null : probabilityAtMost(ub * (1 + msr.mlr), projection.perCapitaCents, sd);
  return {
    ...base,
    toDate: toDate(benchmarkToDateCents(benchmark, totals.memberMonths)),
    finance: {
      kind: 'mssp',
      track,
      risk: { pyRawMeans, pyMeans, uncapped, cap },
      benchmark,
      msr,
      assignedBeneficiaries: assigned,
      agreementStartYear,
      quality,
      participantRevenueCents,
      lowRevenue,
      settlement: {
        expected,
        favourable: settleAt(projection.lowPerCapitaCents),
        unfavourable: settleAt(projection.highPerCapitaCents),
      },
      probabilityClearingMsr: clearing,
      probabilityOwingLosses: atMostMlr === null || !track.twoSided ? null : 1 - atMostMlr,
    },
  };
}
