/**
 * Member-months by Medicare enrolment type (reference §1.1; 42 CFR 425.605(a)(2), 425.652(a)(2)). Each month is
 * classified on its own, so a member can contribute months to two types in one year: ESRD first, then disabled
 * (under 65, which outside ESRD means entitled by disability), then aged split by that month's dual status
 * (the codes in `FinancePolicy.dualStatusCodes`, a VERIFY item). A month counts for MSSP when the member has
 * Parts A and B, no Medicare Advantage, and is alive; person-years are eligible months ÷ 12.
 */
import { monthOf } from '@benchline/shared';
import type { MemberProfile, MonthStatus } from '../member-profile.js';
import { ageOn } from '../member-profile.js';
import { msspEnrollmentType } from '../risk/index.js';
import { firstDayAfter } from './months.js';
import type { FinancePolicy } from './policy.js';
import { DEFAULT_FINANCE_POLICY } from './policy.js';
import type { EnrollmentType } from './types.js';

/** Why a month does not count for a fee-for-service (MSSP) population. */
export type IneligibleReason = 'no-record' | 'not-parts-a-and-b' | 'medicare-advantage' | 'after-death';

export interface MonthClassification {
  readonly month: string;
  /** Parts A and B, not Medicare Advantage, alive: a month MSSP counts. */
  readonly ffsEligible: boolean;
  readonly ineligibleReason: IneligibleReason | null;
  /** The enrolment type; null when it cannot be told (no birth date and not ESRD). */
  readonly type: EnrollmentType | null;
}

/**
 * Whether a member is "aged" in a month. Medicare entitlement by age starts with the month in which a person
 * attains 65, and a person attains an age the day before the birthday (20 CFR 404.102; 42 CFR 406.10), so the
 * month counts as aged when the member is 65 on the first day of the next month. [VERIFY against the SLAAM's
 * monthly rule; the reference gives only "age < 65 and entitled by disability".]
 */
export function agedInMonth(birthDate: string, month: string): boolean {
  return ageOn(birthDate, firstDayAfter(month)) >= 65;
}

function ineligibleReasonOf(
  status: MonthStatus | undefined,
  month: string,
  deathDate: string | undefined,
): IneligibleReason | null {
  if (deathDate !== undefined && month > monthOf(deathDate)) {
    return 'after-death'; // the month of death still counts
  }
  if (status === undefined) {
    return 'no-record';
  }
  if (status.medicareAdvantage === true) {
    return 'medicare-advantage';
  }
  return status.partA === true && status.partB === true ? null : 'not-parts-a-and-b';
}

/** Classifies one month of a member (the profile's months are looked up by `month`). */
export function classifyMonth(
  profile: Pick<MemberProfile, 'birthDate' | 'deathDate'>,
  status: MonthStatus | undefined,
  month: string,
  policy: Pick<FinancePolicy, 'dualStatusCodes'> = DEFAULT_FINANCE_POLICY,
): MonthClassification {
  const reason = ineligibleReasonOf(status, month, profile.deathDate);
  const esrd = status?.esrd === true;
  let type: EnrollmentType | null = null;
  if (esrd || profile.birthDate !== undefined) {
    const dual = status?.dualStatus !== undefined && policy.dualStatusCodes.includes(status.dualStatus);
    // msspEnrollmentType takes an age; the entitlement-month rule decides which side of 65 the month is on.
    const age = profile.birthDate === undefined ? 0 : agedInMonth(profile.birthDate, month) ? 65 : 64;
    type = msspEnrollmentType(age, { esrd, dual: dual ? 'full' : 'none' });
  }
  return { month, ffsEligible: reason === null, ineligibleReason: reason, type };
}

/** Classifies the given months of a member, in the order given. */
export function classifyMonths(
  profile: MemberProfile,
  months: readonly string[],
  policy: Pick<FinancePolicy, 'dualStatusCodes'> = DEFAULT_FINANCE_POLICY,
): MonthClassification[] {
  const byMonth = new Map(profile.months.map((m) => [m.month, m]));
  return months.map((month) => classifyMonth(profile, byMonth.get(month), month, policy));
}
