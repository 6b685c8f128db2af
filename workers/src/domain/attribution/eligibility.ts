/**
 * The beneficiary eligibility screens of MSSP assignment (42 CFR 425.401(a)) and the removals a prospectively
 * assigned beneficiary is still subject to during the performance year (42 CFR 425.401(b)), read from the merged
 * member profile. A month field the sources left out says nothing, so it neither passes nor fails a screen.
 */
import type { MemberProfile } from '../member-profile.js';
import type { DateWindow, EligibilityScreen } from './types.js';
import { monthsOf } from './windows.js';

/**
 * Where a beneficiary must live to be assignable: the 50 states, the District of Columbia and the territories
 * (Puerto Rico, the US Virgin Islands, Guam, American Samoa, the Northern Mariana Islands) — 42 CFR 425.401(a)(4).
 */
export const UNITED_STATES_CODES: ReadonlySet<string> = new Set([
  'AL', 'AK', 'AZ', 'AR', 'CA', 'CO', 'CT', 'DE', 'FL', 'GA', 'HI', 'ID', 'IL', 'IN', 'IA', 'KS', 'KY', 'LA',
  'ME', 'MD', 'MA', 'MI', 'MN', 'MS', 'MO', 'MT', 'NE', 'NV', 'NH', 'NJ', 'NM', 'NY', 'NC', 'ND', 'OH', 'OK',
  'OR', 'PA', 'RI', 'SC', 'SD', 'TN', 'TX', 'UT', 'VT', 'VA', 'WA', 'WV', 'WI', 'WY', 'DC', 'PR', 'VI', 'GU',
  'AS', 'MP',
]); // prettier-ignore

export interface ScreenOptions {
  /** Known to be in another shared-savings initiative for the year (42 CFR 425.401(a)(3)). */
  readonly inOtherInitiative: boolean;
  /**
   * Whether the window must show a month of both Parts even when no month reports both. The performance-year
   * removal screen of a prospective list (42 CFR 425.401(b)) runs while the year is still under way, so a year
   * with no enrolment reported yet must not remove everyone.
   */
  readonly requirePartAAndBMonth: boolean;
}

/** The screens a member fails over a window, in a fixed order; empty when eligible. */
export function failedEligibilityScreens(
  profile: MemberProfile,
  window: DateWindow,
  options: ScreenOptions,
): EligibilityScreen[] {
  const windowMonths = new Set(monthsOf(window));
  const months = profile.months.filter((m) => windowMonths.has(m.month));
  const failed: EligibilityScreen[] = [];
  // 425.401(a)(1): at least one month of Part A and Part B, and no month of only one of them.
  const partAAndB = months.some((m) => m.partA === true && m.partB === true);
  const bothPartsReported = months.some((m) => m.partA !== undefined && m.partB !== undefined);
  if (!partAAndB && (options.requirePartAAndBMonth || bothPartsReported)) {
    failed.push('no-part-a-and-b-month');
  }
  if (months.some((m) => (m.partA === true && m.partB === false) || (m.partA === false && m.partB === true))) {
    failed.push('part-a-or-b-only-month');
  }
  // 425.401(a)(2): no month in a Medicare group health plan (Medicare Advantage; cost plans and PACE are reported
  // the same way by the canonical enrolment month).
  if (months.some((m) => m.medicareAdvantage === true)) {
    failed.push('medicare-advantage-month');
  }
  // 425.401(a)(4): residence in the United States. The profile holds the latest known state only, so this reads
  // residence now, not dated to the window's end; an unknown state passes.
  if (profile.stateCode !== undefined && !UNITED_STATES_CODES.has(profile.stateCode)) {
    failed.push('outside-united-states');
  }
  if (options.inOtherInitiative) {
    failed.push('other-shared-savings-initiative');
  }
  return failed;
}
