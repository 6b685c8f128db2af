/**
 * Typed reads of the roll-up tables: each key split back into its parts, each cell's sums with absent fields as
 * zero. The projection reads only these — never a claim — which is what lets the pipeline recompute a tenant's
 * numbers from its Redis roll-ups alone.
 */
import type { ApmCategory } from '@benchline/shared';
import type { UncountedReason } from './member-context.js';
import type { RollUps, RollUpTable } from './rollups.js';
import { keyParts } from './rollups.js';
import type { ClaimFamily, EnrollmentType, ServiceCategory } from './types.js';

function rows(rollUps: RollUps, table: RollUpTable): [string[], Readonly<Record<string, number>>][] {
  return [...rollUps[table]].map(([key, values]) => [keyParts(key), values]);
}

const v = (values: Readonly<Record<string, number>>, name: string): number => values[name] ?? 0;

export interface SpendCell {
  readonly contractId: string;
  readonly type: EnrollmentType;
  readonly incurredMonth: string;
  readonly paidMonth: string;
  readonly category: ServiceCategory;
  readonly cents: number;
  readonly claims: number;
}

export function spendCells(rollUps: RollUps, contractId: string): SpendCell[] {
  return rows(rollUps, 'spend')
    .filter(([[c]]) => c === contractId)
    .map(([[c = '', type, incurred = '', paid = '', category], values]) => ({
      contractId: c,
      type: type as EnrollmentType,
      incurredMonth: incurred,
      paidMonth: paid,
      category: category as ServiceCategory,
      cents: v(values, 'cents'),
      claims: v(values, 'claims'),
    }));
}

export interface TriangleCell {
  readonly family: ClaimFamily;
  readonly incurredMonth: string;
  readonly paidMonth: string;
  readonly cents: number;
}

export function triangleCells(rollUps: RollUps, family: ClaimFamily): TriangleCell[] {
  return rows(rollUps, 'triangle')
    .filter(([[f]]) => f === family)
    .map(([[, incurred = '', paid = ''], values]) => ({
      family,
      incurredMonth: incurred,
      paidMonth: paid,
      cents: v(values, 'cents'),
    }));
}

export interface MonthCell {
  readonly contractId: string;
  readonly type: EnrollmentType;
  readonly month: string;
  readonly memberMonths: number;
  readonly hccScoredMonths: number;
  readonly hccScoreThousandths: number;
  readonly demographicScoredMonths: number;
  readonly demographicScoreThousandths: number;
}

export function monthCells(rollUps: RollUps, contractId: string): MonthCell[] {
  return rows(rollUps, 'months')
    .filter(([[c]]) => c === contractId)
    .map(([[c = '', type, month = ''], values]) => ({
      contractId: c,
      type: type as EnrollmentType,
      month,
      memberMonths: v(values, 'memberMonths'),
      hccScoredMonths: v(values, 'hccScoredMonths'),
      hccScoreThousandths: v(values, 'hccScoreThousandths'),
      demographicScoredMonths: v(values, 'demographicScoredMonths'),
      demographicScoreThousandths: v(values, 'demographicScoreThousandths'),
    }));
}

/** One member's year in one contract and enrolment type: spend and eligible months together. */
export interface MemberYearCell {
  readonly contractId: string;
  readonly year: number;
  readonly type: EnrollmentType;
  readonly memberId: string;
  readonly cents: number;
  readonly claims: number;
  readonly months: number;
  /** Bit m−1 set for each counted month m. */
  readonly monthMask: number;
}

export function memberYearCells(rollUps: RollUps, contractId: string, year: number): MemberYearCell[] {
  const cells = new Map<
    string,
    { type: EnrollmentType; memberId: string; cents: number; claims: number; months: number; monthMask: number }
  >();
  const yearText = String(year);
  const cellOf = (type: string, memberId: string) => {
    const id = `${type}|${memberId}`;
    const cell = cells.get(id) ?? {
      type: type as EnrollmentType,
      memberId,
      cents: 0,
      claims: 0,
      months: 0,
      monthMask: 0,
    };
    cells.set(id, cell);
    return cell;
  };
  for (const [[c, y, type = '', memberId = ''], values] of rows(rollUps, 'memberSpend')) {
    if (c === contractId && y === yearText) {
      const cell = cellOf(type, memberId);
      cell.cents += v(values, 'cents');
      cell.claims += v(values, 'claims');
    }
  }
  for (const [[c, y, type = '', memberId = ''], values] of rows(rollUps, 'memberMonths')) {
    if (c === contractId && y === yearText) {
      const cell = cellOf(type, memberId);
      cell.months += v(values, 'months');
      cell.monthMask += v(values, 'monthMask');
    }
  }
  return [...cells.values()]
    .map((cell) => ({ contractId, year, ...cell }))
    .sort((a, b) => (a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : a.type < b.type ? -1 : 1));
}

export interface UncountedCell {
  readonly contractId: string;
  readonly month: string;
  readonly reason: UncountedReason;
  readonly memberMonths: number;
}

export function uncountedCells(rollUps: RollUps, contractId: string): UncountedCell[] {
  return rows(rollUps, 'uncounted')
    .filter(([[c]]) => c === contractId)
    .map(([[c = '', month = '', reason], values]) => ({
      contractId: c,
      month,
      reason: reason as UncountedReason,
      memberMonths: v(values, 'memberMonths'),
    }));
}

export interface RevenueCell {
  /** A contract id (`revenue`) or an HCP-LAN category (`revenueByApm`). */
  readonly scope: string;
  readonly serviceLine: string;
  readonly incurredMonth: string;
  readonly paidCents: number;
  readonly allowedCents: number;
  readonly msspPaidCents: number;
  readonly claims: number;
}

function revenueRows(rollUps: RollUps, table: 'revenue' | 'revenueByApm'): RevenueCell[] {
  return rows(rollUps, table).map(([[scope = '', line = '', incurred = ''], values]) => ({
    scope,
    serviceLine: line,
    incurredMonth: incurred,
    paidCents: v(values, 'paidCents'),
    allowedCents: v(values, 'allowedCents'),
    msspPaidCents: v(values, 'msspPaidCents'),
    claims: v(values, 'claims'),
  }));
}

/** Own-TIN FFS revenue on a contract's attributed patients. */
export function revenueCells(rollUps: RollUps, contractId: string): RevenueCell[] {
  return revenueRows(rollUps, 'revenue').filter((r) => r.scope === contractId);
}

/** Own-TIN FFS revenue counted once per claim, under the patient's most advanced payment model that month. */
export function revenueByApmCells(rollUps: RollUps): (RevenueCell & { readonly scope: ApmCategory | '1' })[] {
  return revenueRows(rollUps, 'revenueByApm') as (RevenueCell & { readonly scope: ApmCategory | '1' })[];
}

export interface LeakageCell {
  readonly contractId: string;
  readonly month: string;
  readonly inCents: number;
  readonly outCents: number;
  readonly services: number;
}

export function leakageCells(rollUps: RollUps, contractId: string): LeakageCell[] {
  return rows(rollUps, 'leakage')
    .filter(([[c]]) => c === contractId)
    .map(([[c = '', month = ''], values]) => ({
      contractId: c,
      month,
      inCents: v(values, 'inCents'),
      outCents: v(values, 'outCents'),
      services: v(values, 'services'),
    }));
}
