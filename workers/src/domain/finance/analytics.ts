/**
 * Views for the dashboard from the roll-ups: PMPM by service category and incurred month (paid and completed),
 * member-months by enrolment type, the top high-cost members of a contract-year, and primary-care leakage — the
 * share of primary-care allowed dollars of attributed patients that went to entities outside the contract,
 * using the attribution engine's own primary-care rules (`leakageRulesFor` builds them from its functions).
 */
import type { ContractEvent, ProviderEvent } from '@benchline/shared';
import type { AssignmentTables, ExternalFacts } from '../attribution/index.js';
import { primaryCareCodeRules } from '../attribution/index.js';
import { latestProviderRecords, resolveParticipantList, specialtiesByNpi } from '../attribution/participants.js';
import type { ServiceRules } from '../attribution/services.js';
import { rolesBySpecialty } from '../attribution/services.js';
import { leakageCells, memberYearCells, monthCells, spendCells, uncountedCells } from './cells.js';
import { claimFamilyOf } from './claim-spend.js';
import type { CompletionCurve, CompletionSpec } from './completion.js';
import { completionMultiplier } from './completion.js';
import { pmpmCents, roundHalfAway } from './money.js';
import type { UncountedReason } from './member-context.js';
import { yearOf } from './months.js';
import type { RollUps } from './rollups.js';
import type { ByType, ClaimFamily, EnrollmentType, ServiceCategory } from './types.js';
import { SERVICE_CATEGORIES, byType } from './types.js';

export interface CategoryMonth {
  readonly month: string;
  readonly category: ServiceCategory;
  readonly memberMonths: number;
  readonly paidCents: number;
  readonly completedCents: number | null;
  readonly paidPmpmCents: number | null;
  readonly completedPmpmCents: number | null;
}

/**
 * PMPM by category and incurred month for a contract (all enrolment types together). Completed figures need the
 * completion curves; without them they are null.
 */
export function pmpmByCategory(
  rollUps: RollUps,
  contractId: string,
  months: readonly string[],
  asOfMonth: string,
  curves?: Readonly<Record<ClaimFamily, CompletionCurve>>,
  spec?: CompletionSpec,
): CategoryMonth[] {
  const mm = new Map<string, number>();
  for (const cell of monthCells(rollUps, contractId)) {
    mm.set(cell.month, (mm.get(cell.month) ?? 0) + cell.memberMonths);
  }
  const paid = new Map<string, number>();
  const completed = new Map<string, number>();
  for (const cell of spendCells(rollUps, contractId)) {
    if (cell.paidMonth > asOfMonth) {
      continue;
    }
    const id = `${cell.incurredMonth}|${cell.category}`;
    paid.set(id, (paid.get(id) ?? 0) + cell.cents);
    if (curves !== undefined) {
      const multiplier = completionMultiplier(
        curves[claimFamilyOf(cell.category)],
        cell.incurredMonth,
        asOfMonth,
        spec,
      );
      completed.set(id, (completed.get(id) ?? 0) + cell.cents * multiplier);
    }
  }
  return months.flatMap((month) =>
    SERVICE_CATEGORIES.map((category): CategoryMonth => {
      const id = `${month}|${category}`;
      const memberMonths = mm.get(month) ?? 0;
      const paidCents = paid.get(id) ?? 0;
      const completedCents = curves === undefined ? null : roundHalfAway(completed.get(id) ?? 0);
      return {
        month,
        category,
        memberMonths,
        paidCents,
        completedCents,
        paidPmpmCents: pmpmCents(paidCents, memberMonths),
        completedPmpmCents: completedCents === null ? null : pmpmCents(completedCents, memberMonths),
      };
    }),
  );
}

/** Member-months (and person-years) by enrolment type for a contract-year, and attributed months not counted. */
export function memberMonthsByType(
  rollUps: RollUps,
  contractId: string,
  year: number,
): {
  readonly memberMonths: ByType<number>;
  readonly personYears: ByType<number>;
  readonly uncounted: Readonly<Partial<Record<UncountedReason, number>>>;
} {
  const memberMonths = byType(() => 0);
  for (const cell of monthCells(rollUps, contractId)) {
    if (yearOf(cell.month) === year) {
      memberMonths[cell.type] += cell.memberMonths;
    }
  }
  const uncounted: Partial<Record<UncountedReason, number>> = {};
  for (const cell of uncountedCells(rollUps, contractId)) {
    if (yearOf(cell.month) === year) {
      uncounted[cell.reason] = (uncounted[cell.reason] ?? 0) + cell.memberMonths;
    }
  }
  return { memberMonths, personYears: byType((t) => memberMonths[t] / 12), uncounted };
}

export interface HighCostMember {
  readonly memberId: string;
  readonly paidCents: number;
  readonly claims: number;
  readonly months: number;
  /** Paid ÷ eligible months × 12: the annualised spend truncation compares with its thresholds. */
  readonly annualisedCents: number | null;
  readonly types: readonly EnrollmentType[];
}

/** The members with the most paid spend in a contract-year (types summed), most first. */
export function highCostMembers(rollUps: RollUps, contractId: string, year: number, limit = 20): HighCostMember[] {
  const byMember = new Map<string, { paidCents: number; claims: number; months: number; types: Set<EnrollmentType> }>();
  for (const cell of memberYearCells(rollUps, contractId, year)) {
    const m = byMember.get(cell.memberId) ?? { paidCents: 0, claims: 0, months: 0, types: new Set<EnrollmentType>() };
    m.paidCents += cell.cents;
    m.claims += cell.claims;
    m.months += cell.months;
    m.types.add(cell.type);
    byMember.set(cell.memberId, m);
  }
  return [...byMember.entries()]
    .map(([memberId, m]) => ({
      memberId,
      paidCents: m.paidCents,
      claims: m.claims,
      months: m.months,
      annualisedCents: m.months > 0 ? roundHalfAway((m.paidCents * 12) / m.months) : null,
      types: [...m.types].sort(),
    }))
    .sort((a, b) => b.paidCents - a.paidCents || (a.memberId < b.memberId ? -1 : 1))
    .slice(0, limit);
}

export interface LeakageSummary {
  readonly months: readonly {
    readonly month: string;
    readonly inCents: number;
    readonly outCents: number;
    readonly leakage: number | null;
  }[];
  readonly inCents: number;
  readonly outCents: number;
  /** Share of primary-care allowed dollars that went outside the contract's entity; null with none. */
  readonly leakage: number | null;
}

export function leakage(rollUps: RollUps, contractId: string, months: readonly string[]): LeakageSummary {
  const cells = new Map(leakageCells(rollUps, contractId).map((c) => [c.month, c]));
  const share = (inside: number, outside: number): number | null =>
    inside + outside > 0 ? outside / (inside + outside) : null;
  const rows = months.map((month) => {
    const cell = cells.get(month);
    const inCents = cell?.inCents ?? 0;
    const outCents = cell?.outCents ?? 0;
    return { month, inCents, outCents, leakage: share(inCents, outCents) };
  });
  const inCents = rows.reduce((s, r) => s + r.inCents, 0);
  const outCents = rows.reduce((s, r) => s + r.outCents, 0);
  return { months: rows, inCents, outCents, leakage: share(inCents, outCents) };
}

/**
 * The attribution engine's primary-care service rules for one contract and year: the year's code list and context
 * rules, practitioner roles, the participant list on `listDate` (the contract's TINs, else the participant provider
 * records), and the calendar year as the only window.
 */
export function leakageRulesFor(
  contract: Pick<ContractEvent, 'contractId' | 'participantTins'>,
  providers: Iterable<ProviderEvent>,
  tables: AssignmentTables,
  year: number,
  listDate: string,
  external: Pick<ExternalFacts, 'otherAcoTins' | 'etaHospitalCcns'> = {
    otherAcoTins: new Map(),
    etaHospitalCcns: new Set(),
  },
): ServiceRules {
  const latest = latestProviderRecords(providers);
  const aco = {
    acoId: contract.contractId,
    ...(contract.participantTins === undefined ? {} : { participantTins: contract.participantTins }),
  };
  return {
    codeRules: primaryCareCodeRules(tables.primaryCareCodes, year),
    rolesBySpecialty: rolesBySpecialty(tables.specialties),
    specialtyByNpi: specialtiesByNpi(latest),
    participants: resolveParticipantList(aco, latest, listDate, external.otherAcoTins),
    etaHospitalCcns: external.etaHospitalCcns,
    windows: [{ from: `${year}-01-01`, through: `${year}-12-31` }],
  };
}
