/**
 * The Status 1.15.000 library: which statuses count. Encounter "finished" is the canonical `completed`; a
 * MedicationRequest with doNotPerform is `not-done`; a claim line is `completed` unless a CPT II performance
 * modifier says not done. What the canonical event does not carry is not checked: Condition verification status
 * other than entered-in-error, request intent, observation category.
 */
import type { Fact } from './patient-record.js';

const RESULT_STATUSES: readonly string[] = ['final', 'amended', 'corrected'];

/** isEncounterPerformed, isProcedurePerformed, isInterventionPerformed. */
export function isPerformed(fact: Fact): boolean {
  return fact.status === 'completed';
}

/**
 * isLaboratoryTestPerformed, isAssessmentPerformed, isObservationBP; isDiagnosticStudyPerformed, whose category
 * `imaging` the canonical event does not carry.
 */
export function isResult(fact: Fact): boolean {
  return RESULT_STATUSES.includes(fact.status);
}

/** isSymptom: a preliminary result counts too. */
export function isSymptom(fact: Fact): boolean {
  return fact.status === 'preliminary' || isResult(fact);
}

/** isMedicationActive (intent `order` is not carried: every request is read as an order). */
export function isMedicationActive(fact: Fact): boolean {
  return fact.status === 'active';
}

/**
 * verified(): no verification status, or confirmed / unconfirmed / provisional / differential. The canonical
 * event keeps only entered-in-error, so a refuted condition cannot be told apart and counts.
 */
export function isVerified(fact: Fact): boolean {
  return fact.status !== 'entered-in-error';
}
