/**
 * A member's months as the finance roll-ups need them: for each month, the enrolment type and the contracts the
 * member is attributed to in which that month counts. MSSP-style (per-capita FFS) contracts count a month only
 * when it is fee-for-service eligible (42 CFR 425.605(a), 425.652(a): Parts A and B, no MA); roster contracts
 * (MA, commercial) count every attributed month. Attribution comes in as data — the attribution engine's output,
 * turned into months by `attributedMonthsFromResults` — so a patient can sit in several contracts at once.
 */
import type { ApmCategory, ContractEvent } from '@benchline/shared';
import type { AttributionResult } from '../attribution/index.js';
import type { MemberProfile } from '../member-profile.js';
import type { IneligibleReason, MonthClassification } from './enrollment.js';
import { classifyMonths } from './enrollment.js';
import { monthsOfYear } from './months.js';
import type { FinancePolicy } from './policy.js';
import { DEFAULT_FINANCE_POLICY } from './policy.js';
import type { EnrollmentType } from './types.js';

/** The contract fields the roll-ups read. */
export type ContractTerms = Pick<
  ContractEvent,
  'contractId' | 'program' | 'apmCategory' | 'benchmarkType' | 'attribution'
>;

/** Contract id → the months a member is attributed to it. */
export type AttributedMonths = ReadonlyMap<string, ReadonlySet<string>>;

/**
 * Which CMS-HCC score a contract's risk cells hold (reference §1.4, §3.6): `mssp` — the blended raw score, which the
 * MSSP benchmark renormalises by enrolment type (no MA normalisation, no MA coding-pattern adjustment);
 * `medicare-advantage` — the MA payment score (FFS-normalised, coding-adjusted, blended), what an MA plan is paid on.
 */
export type RiskScoreBasis = 'mssp' | 'medicare-advantage';

export interface ContractMonth {
  readonly contractId: string;
  readonly apmCategory: ApmCategory;
  readonly type: EnrollmentType;
  /** The score the month's risk cells hold; null for contracts no CMS-HCC score describes (commercial, Medicaid). */
  readonly riskBasis: RiskScoreBasis | null;
}

/** Why an attributed month is not counted. */
export type UncountedReason = IneligibleReason | 'no-enrollment-type';

export interface MonthContext {
  readonly classification: MonthClassification;
  /** Contracts the month counts for. */
  readonly contracts: readonly ContractMonth[];
  /** Contracts the member is attributed to this month that do not count it, with the reason. */
  readonly uncounted: readonly { readonly contractId: string; readonly reason: UncountedReason }[];
}

export interface MemberContext {
  readonly memberId: string;
  /** Only months with at least one attributed contract. */
  readonly months: ReadonlyMap<string, MonthContext>;
}

/** Whether a contract's benchmark is Medicare FFS per capita, so only FFS-eligible months count. */
export function countsFfsMonthsOnly(contract: Pick<ContractTerms, 'benchmarkType'>): boolean {
  return contract.benchmarkType === 'mssp-per-capita';
}

/**
 * The CMS-HCC score a contract reads: an MSSP-style per-capita benchmark the MSSP score (42 CFR 425.659(b)(2)
 * removes the MA adjustments), a Medicare Advantage contract (PMPM target or capitation) the MA payment score, any
 * other contract none — a CMS-HCC score normalised for Medicare Advantage does not describe a commercial or
 * Medicaid population.
 */
export function riskScoreBasis(contract: Pick<ContractTerms, 'benchmarkType' | 'program'>): RiskScoreBasis | null {
  if (countsFfsMonthsOnly(contract)) {
    return 'mssp';
  }
  return contract.program === 'medicare-advantage' ? 'medicare-advantage' : null;
}

export function memberContext(
  profile: MemberProfile,
  attributed: AttributedMonths,
  contracts: ReadonlyMap<string, ContractTerms>,
  policy: Pick<FinancePolicy, 'dualStatusCodes'> = DEFAULT_FINANCE_POLICY,
): MemberContext {
  const allMonths = [...new Set([...attributed.values()].flatMap((set) => [...set]))].sort();
  const classifications = classifyMonths(profile, allMonths, policy);
  const months = new Map<string, MonthContext>();
  classifications.forEach((classification) => {
    const counted: ContractMonth[] = [];
    const uncounted: { contractId: string; reason: UncountedReason }[] = [];
    // Contract ids in sorted order so a member's entries never depend on map order.
    for (const contractId of [...attributed.keys()].sort()) {
      const contract = contracts.get(contractId);
      if (contract === undefined || attributed.get(contractId)?.has(classification.month) !== true) {
        continue;
      }
      if (countsFfsMonthsOnly(contract) && classification.ineligibleReason !== null) {
        uncounted.push({ contractId, reason: classification.ineligibleReason });
      } else if (classification.type === null) {
        uncounted.push({ contractId, reason: 'no-enrollment-type' });
      } else {
        counted.push({
          contractId,
          apmCategory: contract.apmCategory,
          type: classification.type,
          riskBasis: riskScoreBasis(contract),
        });
      }
    }
    months.set(classification.month, { classification, contracts: counted, uncounted });
  });
  return { memberId: profile.memberId, months };
}

/**
 * Attribution answers → months per member and contract. An MSSP (claims-assigned) beneficiary counts every month
 * of the performance year (assignment is for the year; 42 CFR 425.20, 425.400); a roster member counts the
 * months its latest roster row lists. Answers for several dates (e.g. quarterly lists) merge by union.
 */
export function attributedMonthsFromResults(
  results: Iterable<AttributionResult>,
): Map<string, Map<string, Set<string>>> {
  const byMember = new Map<string, Map<string, Set<string>>>();
  for (const result of results) {
    if (result.status !== 'attributed') {
      continue;
    }
    const months =
      result.attribution === 'payer-roster' ? (result.roster?.months ?? []) : monthsOfYear(result.performanceYear);
    const contracts = byMember.get(result.memberId) ?? new Map<string, Set<string>>();
    const set = contracts.get(result.contractId) ?? new Set<string>();
    for (const month of months) {
      set.add(month);
    }
    contracts.set(result.contractId, set);
    byMember.set(result.memberId, contracts);
  }
  return byMember;
}

/** The most advanced HCP-LAN category among a month's contracts (4 > 3B > 3A > 2); '1' (FFS) when none. */
export function apmCategoryOfMonth(month: MonthContext | undefined): ApmCategory | '1' {
  const order: readonly (ApmCategory | '1')[] = ['1', '2', '3A', '3B', '4'];
  let best: ApmCategory | '1' = '1';
  for (const contract of month?.contracts ?? []) {
    if (order.indexOf(contract.apmCategory) > order.indexOf(best)) {
      best = contract.apmCategory;
    }
  }
  return best;
}
