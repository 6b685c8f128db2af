/**
 * The finance engine: Medicare spend against the MSSP benchmark and the shared-savings projection, beside the
 * other contracts of a tenant (MA, commercial) and its fee-for-service revenue. Pure, in three layers:
 * (a) contributions — `claimEntries`/`foldClaim`, `memberEntries`, `leakageEntries` — summable integer roll-up
 * cells; (b) `evaluateContractYear`, `paymentWorlds` and the what-ifs, computed from the roll-ups alone;
 * (c) `rebuildRollUps`, the same roll-ups from scratch over events. Tables (`loadFinanceTables()` in
 * `workers/src/reference/finance.ts`) and every CMS-supplied number come in as data.
 */
export type { ByType, ClaimFamily, Confidence, EnrollmentType, ServiceCategory, Sourced } from './types.js';
export { CLAIM_FAMILIES, ENROLLMENT_TYPES, SERVICE_CATEGORIES, byType } from './types.js';
export type { FinancePolicy } from './policy.js';
export { DEFAULT_FINANCE_POLICY, FINANCE_POLICY_ITEMS } from './policy.js';
export { addMonths, monthIndex, monthsBetween, monthsOfYear } from './months.js';
export { dollarsToCents, perCapitaCents, pmpmCents, roundHalfAway, totalFromPerCapita } from './money.js';
export type { IneligibleReason, MonthClassification } from './enrollment.js';
export { agedInMonth, classifyMonth, classifyMonths } from './enrollment.js';
export type { ClaimForFinance } from './claim-spend.js';
export {
  allowedCents,
  claimFamilyOf,
  incurredMonthOf,
  msspPaidCents,
  paidMonthOf,
  serviceCategoryOf,
} from './claim-spend.js';
export type {
  AttributedMonths,
  ContractMonth,
  ContractTerms,
  MemberContext,
  MonthContext,
  RiskScoreBasis,
  UncountedReason,
} from './member-context.js';
export {
  apmCategoryOfMonth,
  attributedMonthsFromResults,
  countsFfsMonthsOnly,
  memberContext,
  riskScoreBasis,
} from './member-context.js';
export type {
  CellValues,
  ClaimFold,
  ClaimState,
  MemberInput,
  MemberScores,
  OwnEntities,
  RollUpEntry,
  RollUpInput,
  RollUpTable,
  RollUps,
} from './rollups.js';
export {
  ROLL_UP_TABLES,
  accumulate,
  claimEntries,
  diffEntries,
  emptyRollUps,
  foldClaim,
  fromHashFields,
  keys as rollUpKeys,
  leakageEntries,
  memberContexts,
  memberEntries,
  mergeEntries,
  ownEntitiesOf,
  rebuildRollUps,
  restateClaim,
  toHashFields,
} from './rollups.js';
export type {
  LeakageCell,
  MemberYearCell,
  MonthCell,
  RevenueCell,
  SpendCell,
  TriangleCell,
  UncountedCell,
} from './cells.js';
export {
  leakageCells,
  memberYearCells,
  monthCells,
  revenueByApmCells,
  revenueCells,
  spendCells,
  triangleCells,
  uncountedCells,
} from './cells.js';
export type { AgeToAgeFactor, CompletionCurve, CompletionOptions, CompletionSpec, LagCell } from './completion.js';
export { chainLadder, completionMultiplier, runOutEndMonth, shareCompleteAt } from './completion.js';
export type { TruncatedMember, TruncationResult } from './truncation.js';
export {
  annualisationMonths,
  excessCents,
  truncate,
  truncationCapCents,
  truncationExcessDelta,
  truncationShare,
} from './truncation.js';
export type { MonthlySpend } from './spend-table.js';
export { spendByMonth, totalsByType } from './spend-table.js';
export type {
  BenchmarkGrowth,
  BenchmarkInput,
  RiskCapInput,
  RiskCapResult,
  TypeBenchmark,
  UpdatedBenchmark,
} from './benchmark.js';
export {
  aggregateGrowth,
  benchmarkToDateCents,
  capRiskRatios,
  historicalBenchmarkCents,
  meanScores,
  renormalizedMeans,
  riskRatios,
  updatedBenchmark,
} from './benchmark.js';
export type { MsrResult } from './msr.js';
export { msrMlr, variableMsrPct } from './msr.js';
export type {
  MeasureQualityInput,
  MeasureScore,
  QualityGate,
  QualityGateInput,
  QualityScore,
  QualityStandard,
} from './quality.js';
export {
  achievementPoints,
  measureInputsFromRates,
  qualityGate,
  qualityScore,
  qualitySharingFactor,
  scoreMeasure,
} from './quality.js';
export type { Settlement, SettlementInput, SettlementOutcome } from './settlement.js';
export { isLowRevenue, lossRateOf, settle } from './settlement.js';
export type { MonthRow, ProjectionOptions, YearEndProjection } from './projection.js';
export { normalCdf, probabilityAtMost, projectYearEnd } from './projection.js';
export type {
  Assumption,
  CapitationYearFinance,
  ContractYearInputs,
  ContractYearResult,
  MsspYearFinance,
  SettlementRange,
  TargetYearFinance,
} from './evaluate.js';
export { completionCurves, contractYearOf, evaluateContractYear } from './evaluate.js';
export type { GapWhatIf, GapWhatIfInput, QualityScenario, TrendWhatIf } from './what-if.js';
export {
  closeGaps,
  netSettlementCents,
  qualityOutcome,
  spendTrendInputs,
  whatIfCloseGaps,
  whatIfSpendTrend,
} from './what-if.js';
export type {
  CombinedView,
  ContractView,
  LanCategory,
  PaymentWorlds,
  RevenueByMonth,
  ServiceLineTension,
  TensionRow,
} from './payment-worlds.js';
export { LAN_CATEGORIES, paymentWorlds, serviceLineTension } from './payment-worlds.js';
export type { CategoryMonth, HighCostMember, LeakageSummary } from './analytics.js';
export { highCostMembers, leakage, leakageRulesFor, memberMonthsByType, pmpmByCategory } from './analytics.js';
