/**
 * The Status 1.15.000 library: which statuses count. Encounter "finished" is the canonical `completed`; a request
 * with doNotPerform is `not-done`; a claim line is `completed` unless a CPT II performance modifier says not done.
 * Verification status, request intent and observation category are read from the clinical event; an event whose
 * source does not state an intent or a category (canonical NDJSON, the generator) is read as an order / as the
 * category asked for, and the notes below say so.
 */
import type { ClinicalCategory } from '@benchline/shared';
import type { Fact } from './patient-record.js';

const RESULT_STATUSES: readonly string[] = ['final', 'amended', 'corrected'];

/** Status's order intents: `intent in {'order', 'original-order', 'reflex-order', 'filler-order', 'instance-order'}`. */
const ORDER_INTENTS: readonly string[] = ['order', 'original-order', 'reflex-order', 'filler-order', 'instance-order'];

/** `verified()`: no verification status, or one of these. */
const VERIFIED_STATUSES: readonly string[] = ['confirmed', 'unconfirmed', 'provisional', 'differential'];

export const INTENT_NOT_STATED = 'a request whose intent the source does not state is read as an order';
export const IMAGING_CATEGORY_NOT_STATED =
  'a result whose category the source does not state is read as imaging (the CQL asks for the imaging category)';

/** isEncounterPerformed, isProcedurePerformed, isInterventionPerformed. */
export function isPerformed(fact: Fact): boolean {
  return fact.status === 'completed';
}

/** isLaboratoryTestPerformed, isAssessmentPerformed, isObservationBP. */
export function isResult(fact: Fact): boolean {
  return RESULT_STATUSES.includes(fact.status);
}

/** isDiagnosticStudyPerformed: a result whose category is imaging (or not stated; see categoryNotes). */
export function isDiagnosticStudyPerformed(fact: Fact): boolean {
  return isResult(fact) && hasCategory(fact, 'imaging');
}

/** The category is stated and includes `code`, or is not stated at all. */
function hasCategory(fact: Fact, code: ClinicalCategory): boolean {
  const category = fact.event?.category;
  return category === undefined || category.includes(code);
}

/** The note owed when a diagnostic study counted without a stated category. */
export function imagingCategoryNotes(facts: readonly Fact[]): string[] {
  return facts.some((fact) => fact.origin === 'clinical' && fact.event?.category === undefined)
    ? [IMAGING_CATEGORY_NOT_STATED]
    : [];
}

/** isSymptom: a preliminary result counts too. */
export function isSymptom(fact: Fact): boolean {
  return fact.status === 'preliminary' || isResult(fact);
}

/** The request's intent is an order's (or, from a source that does not state intents, taken to be). */
export function isOrderIntent(fact: Fact): boolean {
  const intent = fact.event?.intent;
  return intent === undefined || ORDER_INTENTS.includes(intent);
}

/** The note owed when a request counted without a stated intent. */
export function intentNotes(facts: readonly Fact[]): string[] {
  return facts.some((fact) => fact.origin === 'clinical' && fact.event?.intent === undefined)
    ? [INTENT_NOT_STATED]
    : [];
}

/** isMedicationActive: active, and an order. */
export function isMedicationActive(fact: Fact): boolean {
  return fact.status === 'active' && isOrderIntent(fact);
}

/**
 * isMedicationOrder, isInterventionOrder, isDeviceOrderPersonalUseDevices (and CMS2's follow-up medication):
 * active or completed, and an order.
 */
export function isOrder(fact: Fact): boolean {
  return (fact.status === 'active' || fact.status === 'completed') && isOrderIntent(fact);
}

/**
 * verified(): not entered in error (the canonical status carries that), and no verification status or confirmed
 * / unconfirmed / provisional / differential — so a refuted condition does not count.
 */
export function isVerified(fact: Fact): boolean {
  const verification = fact.event?.verificationStatus;
  return fact.status !== 'entered-in-error' && (verification === undefined || VERIFIED_STATUSES.includes(verification));
}
