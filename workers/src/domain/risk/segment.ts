/**
 * Which of the nine CMS-HCC segments scores a member, and the Medicaid inputs of the model, from the merged
 * member profile. New enrollee: fewer than 12 months of Part B in the diagnosis year (the calendar year before
 * the payment year). Otherwise long-term institutional when the status month says so, else community — full
 * dual (02/04/08), partial dual (01/03/05/06) or non-dual — aged at 65 and over, disabled under 65.
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
  readonly partBMonthsInDiagnosisYear: number;
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
  const partBMonthsInDiagnosisYear = profile.months.filter(
    (month) => month.month.startsWith(`${diagnosisYear}-`) && month.partB === true,
  ).length;
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
    newEnrollee: partBMonthsInDiagnosisYear < FULL_YEAR_OF_PART_B,
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
