/**
 * Test builders for the risk engine: claims, claim lines, member profiles with a year of enrolment months, and the
 * vendored CMS-HCC tables loaded once. Tests state everything that matters to them; the rest is plain defaults.
 */
import type { ClaimEvent, ClaimLine, DualStatusCode, OrecCode } from '@benchline/shared';
import { loadCmsHccTables } from '../../../reference/cms-hcc-model.js';
import type { MemberProfile, MonthStatus } from '../../member-profile.js';

export const tables = loadCmsHccTables();

export function line(overrides: Partial<ClaimLine> = {}): ClaimLine {
  return {
    lineNumber: 1,
    hcpcs: '99213',
    units: 1,
    allowedAmount: 100,
    paidAmount: 80,
    fromDate: '2025-03-10',
    throughDate: '2025-03-10',
    ...overrides,
  };
}

export function claim(overrides: Partial<ClaimEvent> = {}): ClaimEvent {
  return {
    kind: 'claim',
    claimId: 'C1',
    version: 1,
    adjustment: 'original',
    claimType: 'professional',
    memberId: 'M1',
    fromDate: '2025-03-10',
    throughDate: '2025-03-10',
    paidDate: '2025-04-01',
    diagnoses: ['E119'],
    lines: [line()],
    paidAmount: 80,
    ...overrides,
  };
}

/** An office visit (99213) on a date, coding the given diagnoses. */
export function visit(claimId: string, date: string, diagnoses: string[]): ClaimEvent {
  return claim({
    claimId,
    fromDate: date,
    throughDate: date,
    diagnoses,
    lines: [line({ fromDate: date, throughDate: date })],
  });
}

/** The twelve months of a year, each with the same statuses. */
export function yearOfMonths(year: number, status: Omit<MonthStatus, 'month'>): MonthStatus[] {
  return Array.from({ length: 12 }, (_, index) => ({
    month: `${year}-${String(index + 1).padStart(2, '0')}`,
    ...status,
  }));
}

export interface ProfileFacts {
  readonly memberId?: string;
  readonly birthDate: string;
  readonly sex: 'F' | 'M';
  readonly orec: OrecCode;
  /** Dual status every month (default NA). */
  readonly dualStatus?: DualStatusCode;
  readonly institutional?: boolean;
  /** Years with twelve months of Part A and B (default 2024, 2025 and 2026). */
  readonly years?: readonly number[];
  readonly months?: readonly MonthStatus[];
}

export function profile(facts: ProfileFacts): MemberProfile {
  const months =
    facts.months ??
    (facts.years ?? [2024, 2025, 2026]).flatMap((year) =>
      yearOfMonths(year, {
        partA: true,
        partB: true,
        dualStatus: facts.dualStatus ?? 'NA',
        institutional: facts.institutional ?? false,
      }),
    );
  return {
    memberId: facts.memberId ?? 'M1',
    birthDate: facts.birthDate,
    sex: facts.sex,
    orec: facts.orec,
    months: [...months],
    asOf: '2026-06-30',
  };
}
