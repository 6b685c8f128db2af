/**
 * The vocabulary of the finance engine: the four MSSP enrolment types (42 CFR 425.605(a)(2), 425.652(a)(2)),
 * service categories and the claim families completion is estimated by (reference §1.9), values kept per type,
 * and the confidence every assumption carries. Types and small constants only; the rules live in their modules.
 */
import type { MsspEnrollmentType } from '../risk/index.js';

/** ESRD, disabled, aged/dual, aged/non-dual — the strata of every MSSP benchmark, risk and trend step. */
export type EnrollmentType = MsspEnrollmentType;
export const ENROLLMENT_TYPES: readonly EnrollmentType[] = ['esrd', 'disabled', 'agedDual', 'agedNonDual'];

/** A value for each enrolment type. */
export type ByType<T> = Readonly<Record<EnrollmentType, T>>;

export function byType<T>(value: (type: EnrollmentType) => T): Record<EnrollmentType, T> {
  return {
    esrd: value('esrd'),
    disabled: value('disabled'),
    agedDual: value('agedDual'),
    agedNonDual: value('agedNonDual'),
  };
}

/**
 * Where Medicare's Part A and B dollars go, as the MSSP public-use file splits them (`CapAnn_*`). Ambulance is
 * read from carrier claims by HCPCS (A0021–A0999) or the ambulance supplier specialty (59); hospital-based
 * ambulance billed on an outpatient claim stays outpatient, because the claim is not split by revenue line.
 */
export type ServiceCategory =
  'inpatient' | 'outpatient' | 'snf' | 'hha' | 'hospice' | 'professional' | 'dme' | 'ambulance';
export const SERVICE_CATEGORIES: readonly ServiceCategory[] = [
  'inpatient',
  'outpatient',
  'snf',
  'hha',
  'hospice',
  'professional',
  'dme',
  'ambulance',
];

/** Claim families with different payment lags (reference §1.9): each gets its own completion triangle. */
export type ClaimFamily = 'institutional' | 'outpatient' | 'professional' | 'dme';
export const CLAIM_FAMILIES: readonly ClaimFamily[] = ['institutional', 'outpatient', 'professional', 'dme'];

/**
 * How sure a number is: the regulation's text, CMS data, a secondary source, an item the reference marks
 * VERIFY (no primary source yet), or an engineering assumption of this engine.
 */
export type Confidence = 'regulation' | 'cms-data' | 'secondary' | 'verify' | 'assumption';

/** A value with where it comes from, so a screen can say what a number rests on. */
export interface Sourced<T> {
  readonly value: T;
  readonly confidence: Confidence;
  readonly source: string;
}
