/**
 * A member as every engine sees them: the fields of all their dated member records merged, each field (and
 * each enrolment month's field) taking the value of the latest record that carries it. Records arrive from
 * different feeds — a roster row knows everything, a FHIR Coverage only its Part — so merging field by field
 * is what makes them add up. Pure; ties on the as-of date go to the record that arrived later.
 */
import type { DualStatusCode, MemberEvent, OrecCode } from '@benchline/shared';

export interface MonthStatus {
  month: string;
  partA?: boolean;
  partB?: boolean;
  medicareAdvantage?: boolean;
  dualStatus?: DualStatusCode;
  esrd?: boolean;
  institutional?: boolean;
  hospice?: boolean;
}

export interface MemberProfile {
  memberId: string;
  givenName?: string;
  familyName?: string;
  birthDate?: string;
  sex?: 'F' | 'M';
  stateCode?: string;
  countyFips?: string;
  orec?: OrecCode;
  deathDate?: string;
  voluntaryAlignment?: NonNullable<MemberEvent['voluntaryAlignment']>;
  /** Months in calendar order. */
  months: MonthStatus[];
  /** The latest as-of date among the records merged. */
  asOf: string;
}

const SCALAR_FIELDS = [
  'givenName',
  'familyName',
  'birthDate',
  'sex',
  'stateCode',
  'countyFips',
  'orec',
  'deathDate',
  'voluntaryAlignment',
] as const;
const MONTH_FIELDS = ['partA', 'partB', 'medicareAdvantage', 'dualStatus', 'esrd', 'institutional', 'hospice'] as const;

/** Merges a member's records (in arrival order); null when there are none. */
export function mergeMemberRecords(records: readonly MemberEvent[]): MemberProfile | null {
  const first = records[0];
  if (first === undefined) {
    return null;
  }
  // Stable sort by as-of date: a later record wins, and among equal dates the later arrival wins.
  const ordered = records
    .map((record, arrival) => ({ record, arrival }))
    .sort((a, b) => a.record.asOf.localeCompare(b.record.asOf) || a.arrival - b.arrival);
  const profile: MemberProfile = { memberId: first.memberId, months: [], asOf: first.asOf };
  const months = new Map<string, MonthStatus>();
  for (const { record } of ordered) {
    profile.asOf = record.asOf;
    for (const field of SCALAR_FIELDS) {
      const value = record[field];
      if (value !== undefined) {
        (profile as unknown as Record<string, unknown>)[field] = value;
      }
    }
    for (const month of record.enrollment ?? []) {
      const merged = months.get(month.month) ?? { month: month.month };
      for (const field of MONTH_FIELDS) {
        const value = month[field];
        if (value !== undefined) {
          (merged as unknown as Record<string, unknown>)[field] = value;
        }
      }
      months.set(month.month, merged);
    }
  }
  profile.months = [...months.values()].sort((a, b) => a.month.localeCompare(b.month));
  return profile;
}

/** A month's dual status as the risk model reads it: full benefit (02/04/08), partial (01/03/05/06) or none. */
export function dualBenefit(status: DualStatusCode | undefined): 'full' | 'partial' | 'none' {
  switch (status) {
    case '02':
    case '04':
    case '08':
      return 'full';
    case '01':
    case '03':
    case '05':
    case '06':
      return 'partial';
    default:
      return 'none'; // NA, 09/10 (other), 99 (unknown) and unreported months
  }
}

/** Age in whole years on a date (birthdays on 29 February count from 1 March in non-leap years). */
export function ageOn(birthDate: string, date: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}
