/**
 * The finance live view: every contract in force in the performance year evaluated from the tenant's roll-up
 * cells (never from claims), beside the organisation's fee-for-service revenue, projected as the dashboard shows
 * it — with what the finance domain computes besides the settlement: spend and benchmark by enrolment type, spend
 * by service category and month, the highest-cost members, primary-care leakage, the MSSP quality gate (the one the
 * settlement used, and the domain's score and gate from the live measure counts) and the what-ifs.
 *
 * The what-ifs are computed here for a fixed grid rather than on request: a spend trend of −5, −2, 0, +2 and +5 %
 * for the months to come (each a re-evaluation of the contract-year, `spendTrendInputs`), and for each MSSP measure
 * computed here, closing 0, 10, 25, 50, 100 and all of its open gaps (`closeGaps` → `qualityOutcome` → the
 * settlement under that gate). The page picks among them, so every number it shows is the engine's.
 *
 * Patient-level: the high-cost members name members (ids and dollars; at most HIGH_COST_MEMBER_LIMIT per contract),
 * so the view is audited as a patient view and the wall receives only its own aggregate projection. Pure: the
 * paid-through month, the measure counts and the benchmarks come in.
 */
import type {
  ContractEvent,
  ContractFinance,
  ContractQuality,
  FinanceSnapshot,
  GapStep,
  GapWhatIf,
  QualityEstimate,
  QualityMeasure,
  TrendScenario,
  TypeToDate,
} from '@benchline/shared';
import { HIGH_COST_MEMBER_LIMIT } from '@benchline/shared';
import type { FinanceTables } from '../reference/finance.js';
import { highCostMembers, leakage, pmpmByCategory } from './finance/analytics.js';
import type { ContractYearInputs, ContractYearResult } from './finance/evaluate.js';
import { contractYearOf, evaluateContractYear } from './finance/evaluate.js';
import { roundHalfAway } from './finance/money.js';
import { monthsOfYear } from './finance/months.js';
import type { ContractView } from './finance/payment-worlds.js';
import { paymentWorlds } from './finance/payment-worlds.js';
import { DEFAULT_FINANCE_POLICY } from './finance/policy.js';
import type { MeasureQualityInput, QualityStandard } from './finance/quality.js';
import type { RollUps } from './finance/rollups.js';
import { settle } from './finance/settlement.js';
import { ENROLLMENT_TYPES, SERVICE_CATEGORIES, type ByType } from './finance/types.js';
import { closeGaps, netSettlementCents, qualityOutcome, spendTrendInputs } from './finance/what-if.js';
import type { Benchmark, MeasureDefinition } from './measures/index.js';
import { findBenchmark, MEASURES } from './measures/index.js';

/** A measure's live counts from the roll-up counters (`quality:<measure>:met` / `:not-met`). */
export interface MeasureCounts {
  readonly met: number;
  readonly notMet: number;
}

export interface FinanceViewInput {
  /** The latest version of every contract the tenant holds. */
  readonly contracts: readonly ContractEvent[];
  /** The performance year the live read models are for. */
  readonly year: number;
  /** The month claims are paid through (the latest paid date received); null before the first claim. */
  readonly asOfMonth: string | null;
  readonly tables: FinanceTables;
  /**
   * The tenant's measure counts by eCQM id (CMS122 …) — every patient's, as the Quality page rates them and as an
   * ACO reports eCQMs (all payers) — without them no quality estimate or gap what-if.
   */
  readonly measureCounts?: Readonly<Record<string, MeasureCounts>>;
  /** The quality benchmarks (the vendored MIPS rows; the SSP ones for the year are used). */
  readonly benchmarks?: readonly Benchmark[];
}

/** Changes to the spend trend of the months still to come, as the what-if grid offers them. */
export const TREND_CHANGES: readonly number[] = [-0.05, -0.02, 0, 0.02, 0.05];
/** Open gaps closed per measure, as the what-if grid offers them (besides 0 and all of them). */
export const GAP_STEPS: readonly number[] = [10, 25, 50, 100];

/**
 * The APP / APP Plus outcome measures, which open the 10th-percentile routes of the gate (reference §1.8: HbA1c
 * poor control 001, controlling blood pressure 236, readmissions 479, UAMCC 484).
 */
const OUTCOME_QUALITY_IDS: ReadonlySet<string> = new Set(['001', '236', '479', '484']);

/** Measures of the APP Plus sets Benchline does not compute, and who scores them (reference §1.8). */
const SCORED_BY_CMS: Readonly<Record<string, string>> = {
  '321': 'CAHPS for MIPS survey: scored by CMS, not computed here',
  '479': 'hospital-wide readmission, claims-based: scored by CMS, not computed here',
  '484': 'UAMCC admissions, claims-based: scored by CMS, not computed here',
};

/** The roll-up counter fields the quality estimate reads: each evaluable measure's met and not-met counts. */
export const QUALITY_COUNTER_FIELDS: readonly string[] = Object.keys(MEASURES).flatMap((id) => [
  `quality:${id}:met`,
  `quality:${id}:not-met`,
]);

/** Measure counts from the tenant's roll-up counters (absent counters are zero). */
export function measureCountsFromCounters(
  counter: (field: string) => number | null | undefined,
): Record<string, MeasureCounts> {
  return Object.fromEntries(
    Object.keys(MEASURES).map((id) => [
      id,
      { met: counter(`quality:${id}:met`) ?? 0, notMet: counter(`quality:${id}:not-met`) ?? 0 },
    ]),
  );
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
  const months = monthsOfYear(year).filter((m) => m <= asOfMonth);
  return {
    year,
    asOfMonth,
    contracts: worlds.contracts.map((view, i) =>
      contractFinance(rollUps, contracts[i] as ContractEvent, inputs[i] as ContractYearInputs, view, months, input),
    ),
    combined: {
      ffsRevenueCents: worlds.combined.ffsRevenueCents,
      lossesCents: worlds.combined.lossesCents,
      revenueByCategoryCents: { ...worlds.combined.revenueByCategoryCents },
      shares: { ...worlds.combined.shares },
    },
  };
}

function contractFinance(
  rollUps: RollUps,
  contract: ContractEvent,
  inputs: ContractYearInputs,
  view: ContractView,
  months: readonly string[],
  input: FinanceViewInput,
): ContractFinance {
  const { result } = view;
  const { projection, finance } = result;
  const benchmarkPerCapitaCents =
    view.projectedBenchmarkCents === null
      ? null
      : perCapita(view.projectedBenchmarkCents, sum(projection.memberMonths));
  const quality = contractQuality(contract, result, input);
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
      byType: byTypeToDate(result),
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
    ...rates(result),
    settlement: settlementOf(result),
    ffsRevenueCents: view.ffsRevenueCents,
    categories: categoriesOf(rollUps, contract, result, months),
    highCostMembers: highCostMembers(rollUps, contract.contractId, result.year, HIGH_COST_MEMBER_LIMIT).map((m) => ({
      memberId: m.memberId,
      paidCents: m.paidCents,
      claims: m.claims,
      months: m.months,
      annualisedCents: m.annualisedCents,
      types: [...m.types],
    })),
    leakage: contract.attribution === 'mssp-claims' ? leakageOf(rollUps, contract, months) : null,
    quality: quality?.view ?? null,
    whatIf: {
      trend: trendScenarios(rollUps, inputs, result),
      closeGaps: quality === null ? [] : gapWhatIfs(result, inputs, quality.measures, quality.threshold40th),
    },
    explanation: finance?.kind === 'mssp' ? [...finance.settlement.expected.explanation] : explain(result, view),
    assumptions: result.assumptions.map((a) => ({ item: a.item, confidence: a.confidence, note: a.note })),
    missing: [...result.missing],
  };
}

function perCapita(totalCents: number, memberMonths: number): number | null {
  return memberMonths > 0 ? roundHalfAway((totalCents * 12) / memberMonths) : null;
}

/** The benchmark a contract-year's projection is measured against: the MSSP UB total, the target, capitation. */
function projectedBenchmarkOf(result: ContractYearResult): number | null {
  switch (result.finance?.kind) {
    case 'mssp':
      return result.finance.benchmark.totalCents;
    case 'pmpm-target':
      return result.finance.targetCents;
    case 'capitation':
      return result.finance.capitationCents;
    default:
      return null;
  }
}

function rates(
  result: ContractYearResult,
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
  const benchmark = projectedBenchmarkOf(result);
  const spend = sum(result.projection.expenditureCents);
  return {
    savingsRate: benchmark === null || benchmark === 0 ? null : (benchmark - spend) / benchmark,
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

// ---------------------------------------------------------------------------------------------------------------
// Spend by enrolment type, by category and month; high-cost members; leakage.

/** Each type's spend to date beside its benchmark for the same member-months (reference §1.6: per type, then weighted). */
function byTypeToDate(result: ContractYearResult): ContractFinance['toDate']['byType'] {
  const { toDate, finance } = result;
  const benchmarkOf = (
    t: (typeof ENROLLMENT_TYPES)[number],
  ): Pick<TypeToDate, 'benchmarkCents' | 'benchmarkPerCapitaCents'> => {
    const months = toDate.memberMonths[t];
    switch (finance?.kind) {
      case 'mssp': {
        const ub = finance.benchmark.perType[t];
        return {
          benchmarkCents: roundHalfAway((ub.exactPerCapitaCents * months) / 12),
          benchmarkPerCapitaCents: ub.perCapitaCents,
        };
      }
      case 'pmpm-target':
        return {
          benchmarkCents: finance.targetPmpmCents * months,
          benchmarkPerCapitaCents: finance.targetPmpmCents * 12,
        };
      case 'capitation':
        return {
          benchmarkCents: finance.capitationPmpmCents * months,
          benchmarkPerCapitaCents: finance.capitationPmpmCents * 12,
        };
      default:
        return { benchmarkCents: null, benchmarkPerCapitaCents: null };
    }
  };
  const row = (t: (typeof ENROLLMENT_TYPES)[number]): TypeToDate => ({
    paidCents: toDate.paidCents[t],
    completedCents: toDate.completedCents[t],
    truncatedCents: toDate.truncatedCents[t],
    ...benchmarkOf(t),
  });
  return { esrd: row('esrd'), disabled: row('disabled'), agedDual: row('agedDual'), agedNonDual: row('agedNonDual') };
}

function categoriesOf(
  rollUps: RollUps,
  contract: ContractEvent,
  result: ContractYearResult,
  months: readonly string[],
): ContractFinance['categories'] {
  const cells = pmpmByCategory(
    rollUps,
    contract.contractId,
    months,
    result.asOfMonth,
    result.completion,
    contractYearOf(contract, result.year)?.completion,
  );
  const rows = SERVICE_CATEGORIES.map((category) => {
    const of = months.map((month) => cells.find((c) => c.month === month && c.category === category));
    return {
      category,
      paidCents: of.map((c) => c?.paidCents ?? 0),
      completedCents: of.map((c) => c?.completedCents ?? 0),
    };
  }).filter((row) => row.paidCents.some((c) => c !== 0) || row.completedCents.some((c) => c !== 0));
  return { months: [...months], rows };
}

function leakageOf(rollUps: RollUps, contract: ContractEvent, months: readonly string[]): ContractFinance['leakage'] {
  const summary = leakage(rollUps, contract.contractId, months);
  return {
    inCents: summary.inCents,
    outCents: summary.outCents,
    share: summary.leakage,
    months: summary.months.map((m) => ({ month: m.month, inCents: m.inCents, outCents: m.outCents })),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The MSSP quality gate: as the settlement used it, and as the domain scores the live measure counts.

interface QualityFacts {
  readonly view: ContractQuality;
  /** The scored measures as the quality score reads them (empty without an estimate). */
  readonly measures: readonly MeasureQualityInput[];
  readonly threshold40th: number | null;
}

/** Whether an entry of a contract's measure set names this measure (its quality id, or its eCQM id with a version). */
function names(entry: string, definition: MeasureDefinition): boolean {
  return entry === definition.qualityId || entry === definition.id || entry.startsWith(`${definition.id}v`);
}

/** The benchmark is published flat (10th percentile 10 %, … 90th 90 %): no peer comparison. */
function isFlat(benchmark: Benchmark): boolean {
  return ([10, 20, 30, 40, 50, 60, 70, 80, 90] as const).every((p) => benchmark.percentiles[p] === p);
}

function contractQuality(
  contract: ContractEvent,
  result: ContractYearResult,
  input: FinanceViewInput,
): QualityFacts | null {
  const finance = result.finance;
  if (finance?.kind !== 'mssp') {
    return null;
  }
  const settlement = {
    standard: finance.quality.standard,
    heaScore: finance.quality.heaScore,
    source: finance.quality.source,
  };
  const threshold40th = DEFAULT_FINANCE_POLICY.qualityThreshold40th[result.year] ?? null;
  if (input.measureCounts === undefined) {
    return { view: { settlement, estimate: null }, measures: [], threshold40th };
  }
  const benchmarks = (input.benchmarks ?? []).filter((b) => b.performanceYear === result.year);
  const definitions = Object.values(MEASURES);
  const scored: { input: MeasureQualityInput; definition: MeasureDefinition; flat: boolean }[] = [];
  const notScored: QualityEstimate['notScored'] = [];
  for (const entry of contract.measureSet) {
    const definition = definitions.find((d) => names(entry, d));
    if (definition === undefined) {
      notScored.push({ measureId: entry, reason: SCORED_BY_CMS[entry] ?? 'not a measure Benchline evaluates' });
      continue;
    }
    if (scored.some((s) => s.definition.id === definition.id)) {
      continue;
    }
    const benchmark = findBenchmark(benchmarks, definition.qualityId);
    const counts = input.measureCounts[definition.id] ?? { met: 0, notMet: 0 };
    if (benchmark === undefined) {
      notScored.push({ measureId: definition.qualityId, reason: `no SSP benchmark for ${result.year} configured` });
    } else if (counts.met + counts.notMet === 0) {
      notScored.push({ measureId: definition.qualityId, reason: 'no eligible patients yet' });
    } else {
      scored.push({
        definition,
        flat: isFlat(benchmark),
        input: {
          measureId: definition.qualityId,
          outcome: OUTCOME_QUALITY_IDS.has(definition.qualityId),
          inverse: definition.inverse,
          eligible: counts.met + counts.notMet,
          met: counts.met,
          benchmark,
        },
      });
    }
  }
  if (scored.length === 0) {
    return { view: { settlement, estimate: null }, measures: [], threshold40th };
  }
  const measures = scored.map((s) => s.input);
  const { score, gate } = qualityOutcome(measures, { healthEquityBonus: 0, gate: { threshold40th } });
  const estimate: QualityEstimate = {
    mipsScore: score.mipsScore,
    heaScore: score.heaScore,
    healthEquityBonus: 0,
    threshold40th,
    standard: gate.standard,
    effectiveScore: gate.effectiveScore,
    reason: gate.reason,
    measures: scored.map((s, i): QualityMeasure => ({
      measureId: s.input.measureId,
      ecqmId: s.definition.id,
      outcome: s.input.outcome,
      inverse: s.input.inverse,
      eligible: s.input.eligible,
      met: s.input.met,
      open: openGaps(s.input),
      rate: score.measures[i]?.rate ?? null,
      decile: score.measures[i]?.decile ?? null,
      points: score.measures[i]?.points ?? 0,
      maxPoints: score.measures[i]?.maxPoints ?? 0,
      flatBenchmark: s.flat,
    })),
    notScored,
  };
  return { view: { settlement, estimate }, measures, threshold40th };
}

/** Patients not meeting a measure: not met (normal), in the numerator (inverse) — what `closeGaps` can close. */
function openGaps(measure: MeasureQualityInput): number {
  return measure.inverse ? measure.met : measure.eligible - measure.met;
}

// ---------------------------------------------------------------------------------------------------------------
// What-ifs.

function scenarioOf(result: ContractYearResult, change: number, base: number | null): TrendScenario {
  const { projection, finance } = result;
  const settlementCents = netSettlementCents(result);
  return {
    change,
    spendCents: sum(projection.expenditureCents),
    perCapitaCents: projection.perCapitaCents,
    lowPerCapitaCents: projection.lowPerCapitaCents,
    highPerCapitaCents: projection.highPerCapitaCents,
    savingsRate: rates(result).savingsRate,
    probabilityClearingMsr: finance?.kind === 'mssp' ? finance.probabilityClearingMsr : null,
    settlementCents,
    deltaCents: settlementCents === null || base === null ? null : settlementCents - base,
  };
}

/**
 * The year end with the months to come at each trend of the grid: the engine's own re-evaluation for each — unless
 * nothing is left to project (the year is over, or nobody is enrolled), when every trend is the projection itself.
 */
function trendScenarios(rollUps: RollUps, inputs: ContractYearInputs, result: ContractYearResult): TrendScenario[] {
  const base = netSettlementCents(result);
  const nothingToCome = result.projection.remainingMonths.length === 0 || sum(result.projection.memberMonths) === 0;
  return TREND_CHANGES.map((change) =>
    scenarioOf(
      change === 0 || nothingToCome ? result : evaluateContractYear(rollUps, spendTrendInputs(inputs, change)),
      change,
      base,
    ),
  );
}

/**
 * What an evaluated MSSP contract-year settles to (payment − losses, at the projection) under another quality
 * outcome: the settlement `evaluateContractYear` computes with `quality` given, from the same evaluated benchmark,
 * projection, MSR and revenue — without reading the cells again (the gap grid needs it a few dozen times per
 * refresh). The tests hold it equal to `whatIfCloseGaps`, which re-evaluates.
 */
export function netSettlementUnder(
  result: ContractYearResult,
  inputs: ContractYearInputs,
  quality: { readonly standard: QualityStandard; readonly heaScore: number | null },
): number | null {
  const finance = result.finance;
  const expenditure = result.projection.perCapitaCents;
  if (finance?.kind !== 'mssp' || finance.benchmark.perCapitaCents === null || expenditure === null) {
    return null;
  }
  const settlement = settle(
    {
      track: finance.track,
      benchmarkPerCapitaCents: finance.benchmark.perCapitaCents,
      twoWayBenchmarkPerCapitaCents: finance.benchmark.twoWayPerCapitaCents,
      expenditurePerCapitaCents: expenditure,
      memberMonths: sum(result.projection.memberMonths),
      msr: finance.msr.msr,
      mlr: finance.msr.mlr,
      quality,
      assignedBeneficiaries: finance.assignedBeneficiaries,
      agreementStartYear: finance.agreementStartYear,
      participantRevenueCents: finance.participantRevenueCents,
      lowRevenue: finance.lowRevenue,
      ...(inputs.extremeUncontrollable === undefined ? {} : { extremeUncontrollable: inputs.extremeUncontrollable }),
    },
    { ...DEFAULT_FINANCE_POLICY, ...inputs.policy },
  );
  return settlement.paymentCents - settlement.lossesOwedCents;
}

/** The gap grid of one measure: 0, the steps below its open gaps, and all of them. */
export function gapSteps(open: number): number[] {
  return [...new Set([0, ...GAP_STEPS.filter((k) => k < open), open])];
}

function gapWhatIfs(
  result: ContractYearResult,
  inputs: ContractYearInputs,
  measures: readonly MeasureQualityInput[],
  threshold40th: number | null,
): GapWhatIf[] {
  const what = { healthEquityBonus: 0, gate: { threshold40th } };
  // Many steps land on the same score (points move in tenths): one settlement per distinct gate outcome.
  const settled = new Map<string, number | null>();
  const settlementUnder = (standard: QualityStandard, heaScore: number | null): number | null => {
    const key = `${standard}|${heaScore}`;
    if (!settled.has(key)) {
      settled.set(key, netSettlementUnder(result, inputs, { standard, heaScore }));
    }
    return settled.get(key) ?? null;
  };
  return measures.map((measure, index) => {
    const definition = Object.values(MEASURES).find((d) => d.qualityId === measure.measureId);
    let base: number | null = null;
    const steps = gapSteps(openGaps(measure)).map((gaps): GapStep => {
      const { score, gate } = qualityOutcome(closeGaps(measures, measure.measureId, gaps), what);
      const settlementCents = settlementUnder(gate.standard, gate.effectiveScore);
      if (gaps === 0) {
        base = settlementCents;
      }
      return {
        gaps,
        rate: score.measures[index]?.rate ?? null,
        mipsScore: score.mipsScore,
        heaScore: score.heaScore,
        standard: gate.standard,
        effectiveScore: gate.effectiveScore,
        settlementCents,
        deltaCents: settlementCents === null || base === null ? null : settlementCents - base,
      };
    });
    return {
      measureId: measure.measureId,
      ecqmId: definition?.id ?? measure.measureId,
      open: openGaps(measure),
      steps,
    };
  });
}

// ---------------------------------------------------------------------------------------------------------------

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
