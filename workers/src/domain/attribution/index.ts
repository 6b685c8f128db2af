/**
 * The attribution engine: MSSP beneficiary assignment exactly as 42 CFR 425.400–425.404 define it, payer-roster
 * attribution for contracts whose payer supplies the list, and churn between two runs. Pure functions over
 * canonical events and merged member profiles; vendored tables and windows are passed in.
 */
export type {
  AcoDefinition,
  AssignmentConfig,
  AssignmentMethod,
  AssignmentTables,
  AssignmentWindows,
  AttributedHome,
  AttributionDetails,
  AttributionResult,
  AttributionStep,
  ComparisonBasis,
  CompetitorKind,
  CompetitorRef,
  CompetitorTotal,
  DateWindow,
  EligibilityScreen,
  ExternalFacts,
  NotAttributedReason,
  PrimaryCareVisit,
} from './types.js';
export type { AssignmentConfigOptions, MsspAssignmentInput } from './assignment.js';
export { FIRST_STEP_THREE_PERFORMANCE_YEAR, assignBeneficiaries, assignmentConfig } from './assignment.js';
export type { ContractAttributionInput, ContractAttributionOptions } from './contracts.js';
export { attributeContracts, latestContracts } from './contracts.js';
export type { AttributionChange, AttributionSummary } from './churn.js';
export { attributionChurn } from './churn.js';
export { attributeRoster, latestRosterRows } from './roster.js';
export { UNITED_STATES_CODES, failedEligibilityScreens } from './eligibility.js';
export type { PrimaryCareService } from './services.js';
export {
  INPATIENT_PLACES_OF_SERVICE,
  SNF_PLACES_OF_SERVICE,
  primaryCareCodeRules,
  primaryCareServices,
} from './services.js';
export { defaultAssignmentWindows, isWithin, monthsOf, windowsEndingOn } from './windows.js';
