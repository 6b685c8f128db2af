/**
 * Which of the nine CMS-HCC segments scores a member, and the Medicaid inputs of the model, from the merged
 * member profile. New enrollee: fewer than 12 months of Part B in the diagnosis year (the calendar year before
 * the payment year). Otherwise long-term institutional when the status month says so, else community — full
 * dual (02/04/08), partial dual (01/03/05/06) or non-dual — aged at 65 and over, disabled under 65.
 *
 * Enrolment feeds list the months a person is enrolled, so a month missing from a diagnosis year the feed reports
 * other months of is a month without Part B (before entitlement began, as for someone aging in, or after it
 * ended). A year with no month reported at all says nothing (the tenant sends no enrolment feed), nor does a month
 * record silent on Part B: those are taken as months of Part B, and the result says so.
 */
import { dualBenefit, type MemberProfile } from '../member-profile.js';
import type { RiskSegment } from './types.js';

export interface MemberStatus {
  /** The month whose statuses decide dual, institutional, Medicaid and ESRD (YYYY-MM); null when none is known. */
  readonly statusMonth: string | null;
  readonly dual: 'full' | 'partial' | 'none';
  /** Any Medicaid (full or partial dual) in the status month: LTIMCAID and NEMCAID. */
  readonly medicaid: boolean;
  readonly institutional: boolean;
  /** ESRD in the status month: CMS scores such members with the ESRD model, which this engine does not have. */
  readonly esrd: boolean;
  /** Months of the diagnosis year reported with Part B. */
  readonly partBMonthsInDiagnosisYear: number;
  /** Months of the diagnosis year reported without Part B, or missing from a year whose other months are reported. */
  readonly monthsWithoutPartBInDiagnosisYear: number;
  /** Months of the diagnosis year saying nothing of Part B (all twelve when none is reported): taken as Part B. */
  readonly partBUnreportedMonthsInDiagnosisYear: number;
  readonly newEnrollee: boolean;
}

export interface StatusOptions {
  /** The month that decides (YYYY-MM). Default: the latest month the profile knows, up to December of the payment year. */
  readonly statusMonth?: string;
}

/** The Part B months CMS requires in the diagnosis year to score a member with diagnoses. */
export const FULL_YEAR_OF_PART_B = 12;

export function memberStatus(profile: MemberProfile, paymentYear: number, options: StatusOptions = {}): MemberStatus {
  const diagnosisYear = String(paymentYear - 1);
  const diagnosisYearMonths = profile.months.filter((month) => month.month.startsWith(`${diagnosisYear}-`));
  const partBMonthsInDiagnosisYear = diagnosisYearMonths.filter((month) => month.partB === true).length;
  const reportedWithoutPartB = diagnosisYearMonths.filter((month) => month.partB === false).length;
  const noneReported = diagnosisYearMonths.length === 0;
  const missing = noneReported ? 0 : FULL_YEAR_OF_PART_B - new Set(diagnosisYearMonths.map((m) => m.month)).size;
  const monthsWithoutPartBInDiagnosisYear = reportedWithoutPartB + missing;
  const partBUnreportedMonthsInDiagnosisYear =
    FULL_YEAR_OF_PART_B - partBMonthsInDiagnosisYear - monthsWithoutPartBInDiagnosisYear;
  const lastMonth = `${String(paymentYear).padStart(4, '0')}-12`;
  const statusMonth =
    options.statusMonth ?? profile.months.filter((month) => month.month <= lastMonth).at(-1)?.month ?? null;
  const status = statusMonth === null ? undefined : profile.months.find((month) => month.month === statusMonth);
  const dual = dualBenefit(status?.dualStatus);
  return {
    statusMonth,
    dual,
    medicaid: dual !== 'none',
    institutional: status?.institutional === true,
    esrd: status?.esrd === true,
    partBMonthsInDiagnosisYear,
    monthsWithoutPartBInDiagnosisYear,
    partBUnreportedMonthsInDiagnosisYear,
    // Reported and unreported months of Part B together short of a full year: some month was reported without it.
    newEnrollee: partBMonthsInDiagnosisYear + partBUnreportedMonthsInDiagnosisYear < FULL_YEAR_OF_PART_B,
  };
}

/**
 * The segment for a member of this age and status. New enrollees take NE (SNPNE when enrolled in a chronic-condition
 * special needs plan — an MA attribute the profile does not carry, so the caller says); institutional members INS;
 * everyone else a community segment by dual status and age.
 */
export function selectSegment(
  age: number,
  status: Pick<MemberStatus, 'newEnrollee' | 'institutional' | 'dual'>,
  chronicSnp = false,
): RiskSegment {
  if (status.newEnrollee) {
    return chronicSnp ? 'SNPNE' : 'NE';
  }
  if (status.institutional) {
    return 'INS';
  }
  const aged = age >= 65;
  switch (status.dual) {
    case 'full':
      return aged ? 'CFA' : 'CFD';
    case 'partial':
      return aged ? 'CPA' : 'CPD';
    case 'none':
      return aged ? 'CNA' : 'CND';
  }
}
