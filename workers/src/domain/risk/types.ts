/**
 * The vocabulary the risk engine's modules share: diagnoses with the claims they came from, the demographic
 * facts the model reads, and the error raised when a member lacks what scoring needs. Table shapes come from the
 * reference loaders (types only: the engine never reads a file).
 */
import type { ClaimType, OrecCode } from '@benchline/shared';
import type { HccModel } from '../../reference/cms-hcc.js';
import type { CmsHccTables } from '../../reference/cms-hcc-model.js';
import type { RiskSegment } from '../../reference/cms-hcc-segments.js';

export type { CmsHccTables, HccModel, OrecCode, RiskSegment };

export type Sex = 'F' | 'M';

/** One place a diagnosis was found: a current claim version and the service date that puts it in its year. */
export interface DiagnosisEvidence {
  readonly icd10: string;
  readonly claimId: string;
  readonly claimVersion: number;
  readonly claimType: ClaimType;
  /** ISO date: the claim's through date (institutional) or the eligible line's through date (professional). */
  readonly date: string;
}

/** A risk-adjustment-eligible diagnosis code of one year and every place it was found, earliest first. */
export interface EligibleDiagnosis {
  readonly icd10: string;
  readonly evidence: readonly DiagnosisEvidence[];
}

/** What the CMS software computes from DOB, SEX and OREC (AGESEXV2): age on 1 February, DISABL and ORIGDS. */
export interface Demographics {
  /** Whole years on 1 February of the payment year (CMS's AGEF; 0 for a later birth). */
  readonly age: number;
  readonly sex: Sex;
  readonly orec: OrecCode;
  /** DISABL: under 65 and entitled other than by age (OREC ≠ 0). */
  readonly disabled: boolean;
  /** ORIGDS: first entitled by disability (OREC 1) and no longer disabled (65 or over). */
  readonly originallyDisabled: boolean;
}

/** A member cannot be scored: names what is missing or malformed. */
export class RiskInputError extends Error {
  constructor(
    readonly memberId: string,
    message: string,
  ) {
    super(`${memberId}: ${message}`);
    this.name = 'RiskInputError';
  }
}
