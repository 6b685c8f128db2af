/**
 * The CMS-HCC risk adjustment engine (V24 and V28), pure: tables in (`loadCmsHccTables()` from the reference
 * loaders), scores out. `scoreMember` scores a member for a payment year with evidence; `runModel` is the CMS
 * software's per-person computation (all nine segment scores); `findRecaptureGaps` prices last year's chronic HCCs
 * not yet recaptured; `adjustForPaymentYear` and `msspRenormalize` turn raw scores into payment-year scores.
 */
export type { AdjustedModelScore, BlendWeight, MsspEnrollmentType, PaymentYearScore } from './adjust.js';
export {
  adjustForPaymentYear,
  blendForPaymentYear,
  msspEnrollmentType,
  msspRenormalize,
  roundScore,
} from './adjust.js';
export {
  ageAsOf,
  ageDateFor,
  ageSexCell,
  demographicVariables,
  demographicsFor,
  newEnrolleeCell,
  newEnrolleeVariable,
} from './demographics.js';
export {
  billTypeClass,
  eligibleDate,
  eligibleDiagnoses,
  INPATIENT_BILL_TYPES,
  OUTPATIENT_BILL_TYPES,
} from './eligibility.js';
export type { HierarchyOutcome } from './hierarchies.js';
export { applyHierarchies } from './hierarchies.js';
export { activeInteractions, COUNT_VARIABLES, paymentCountVariable } from './interactions.js';
export type { DiagnosisCcs } from './mapping.js';
export { ccsForDiagnosis, mapDiagnoses, mappingForYear, resolveMappingYear } from './mapping.js';
export type { PreparedModel } from './prepared-model.js';
export { modelOutputVariables, prepareModel } from './prepared-model.js';
export type { RecaptureGap, RecaptureOptions, RecaptureResult } from './recapture.js';
export { findRecaptureGaps } from './recapture.js';
export type { ModelRun, ModelRunInput, ScoredHcc, SupersededHcc } from './score.js';
export { fromThousandths, runModel, scoreCcs } from './score.js';
export type { HccTerm, MemberRiskInput, ModelScore, RiskResult, ScoreMemberOptions, Term } from './score-member.js';
export { modelScore, requireScoringFields, scoreMember } from './score-member.js';
export type { MemberStatus, StatusOptions } from './segment.js';
export { FULL_YEAR_OF_PART_B, memberStatus, selectSegment } from './segment.js';
export type {
  CmsHccTables,
  Demographics,
  DiagnosisEvidence,
  EligibleDiagnosis,
  HccModel,
  OrecCode,
  RiskSegment,
  Sex,
} from './types.js';
export { RiskInputError } from './types.js';
