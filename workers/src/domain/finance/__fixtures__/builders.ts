/**
 * Builders for finance tests: claims (Medicare paid amounts in dollars, dates, type), member profiles enrolled in
 * Parts A and B, contracts, and the vendored MSSP finance tables loaded once here so the engine never reads a file.
 */
import type { ClaimEvent, ContractEvent } from '@benchline/shared';
import { loadFinanceTables } from '../../../reference/finance.js';
import type { FinanceTables, TrackParameters } from '../../../reference/finance.js';
import type { AttributionResult } from '../../attribution/index.js';
import type { MemberProfile, MonthStatus } from '../../member-profile.js';
import { monthsOfYear } from '../months.js';

export const TABLES: FinanceTables = loadFinanceTables();

export function trackOf(track: 'BASIC' | 'ENHANCED', level: TrackParameters['level'] = null): TrackParameters {
  const found = TABLES.tracks.find((t) => t.track === track && (track === 'ENHANCED' || t.level === level));
  if (found === undefined) {
    throw new Error(`no track ${track} ${String(level)}`);
  }
  return found;
}

export const OWN_TIN = '111111111';
export const OTHER_TIN = '222222222';

export function claim(fields: Partial<ClaimEvent> & Pick<ClaimEvent, 'claimId'>): ClaimEvent {
  const through = fields.throughDate ?? '2025-03-10';
  return {
    kind: 'claim',
    version: 1,
    adjustment: 'original',
    claimType: 'professional',
    memberId: 'M1',
    fromDate: fields.fromDate ?? through,
    throughDate: through,
    paidDate: '2025-04-02',
    diagnoses: ['I10'],
    lines: [],
    paidAmount: 100,
    ...fields,
  };
}

/** Enrolled in Parts A and B, fee-for-service, every month of the years given; born 1950 (aged). */
export function profile(
  memberId: string,
  overrides: Partial<MemberProfile> = {},
  years: readonly number[] = [2025],
): MemberProfile {
  const months: MonthStatus[] = years.flatMap((y) =>
    monthsOfYear(y).map((month) => ({
      month,
      partA: true,
      partB: true,
      medicareAdvantage: false,
      dualStatus: 'NA' as const,
    })),
  );
  return { memberId, birthDate: '1950-06-15', months, asOf: '2025-12-31', ...overrides };
}

/** The profile with some months changed, e.g. `{ '2025-05': { esrd: true } }`. */
export function withMonths(
  p: MemberProfile,
  changes: Record<string, Partial<Omit<MonthStatus, 'month'>>>,
): MemberProfile {
  return { ...p, months: p.months.map((m) => ({ ...m, ...changes[m.month] })) };
}

export function msspContract(overrides: Partial<ContractEvent> = {}): ContractEvent {
  return {
    kind: 'contract',
    contractId: 'MSSP1',
    version: 1,
    name: 'Benchline ACO',
    payer: 'CMS',
    program: 'mssp',
    apmCategory: '3B',
    attribution: 'mssp-claims',
    benchmarkType: 'mssp-per-capita',
    measureSet: ['001', '134', '236'],
    participantTins: [OWN_TIN],
    effectiveFrom: '2024-01-01',
    years: [],
    ...overrides,
  };
}

export function maContract(overrides: Partial<ContractEvent> = {}): ContractEvent {
  return {
    kind: 'contract',
    contractId: 'MA1',
    version: 1,
    name: 'MA plan capitation',
    payer: 'Plan',
    program: 'medicare-advantage',
    apmCategory: '4',
    attribution: 'payer-roster',
    benchmarkType: 'capitation',
    measureSet: ['CMS122'],
    effectiveFrom: '2025-01-01',
    years: [{ year: 2025, benchmark: { capitationPmpm: 1000 } }],
    ...overrides,
  };
}

/** Contract id → months, for `memberContext`. */
export function attributed(entries: Record<string, readonly string[]>): Map<string, Set<string>> {
  return new Map(Object.entries(entries).map(([id, months]) => [id, new Set(months)]));
}

/** An MSSP assignment answer for the year (only the fields finance reads matter). */
export function assignedTo(contractId: string, memberId: string, performanceYear: number): AttributionResult {
  return {
    contractId,
    memberId,
    performanceYear,
    attribution: 'mssp-claims',
    failedScreens: [],
    basis: null,
    competitors: [],
    tiedWith: [],
    excludedMultiAcoTins: [],
    lastPrimaryCareVisit: null,
    home: null,
    roster: null,
    status: 'attributed',
    step: 'step-1',
    reason: null,
  };
}
