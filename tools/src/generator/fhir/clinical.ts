/**
 * Clinical event → the FHIR resource it came from: Observation, Condition, Procedure, Encounter, Immunization or
 * MedicationRequest, coded in the canonical code system's URL, with the member referenced by MBI. A clinicalId of
 * the form `<ResourceType>/<id>` (what the FHIR mapper produces) is written back as that id, so such events
 * round-trip exactly; a generator id (k7.0…) becomes the resource id as it is.
 * Not carried: an Immunization or MedicationRequest end date (neither resource has one).
 */
import type { ClinicalEvent, ClinicalType } from '@benchline/shared';
import { CODE_SYSTEM_URL, concept, type FhirResource, isFhirId, memberReference, URL } from './fhir-systems.js';

export const RESOURCE_TYPE_OF_CLINICAL: Readonly<Record<ClinicalType, string>> = {
  observation: 'Observation',
  condition: 'Condition',
  procedure: 'Procedure',
  encounter: 'Encounter',
  immunization: 'Immunization',
  medication: 'MedicationRequest',
};

const CONDITION_CLINICAL_STATUSES: ReadonlySet<string> = new Set([
  'active',
  'recurrence',
  'relapse',
  'inactive',
  'remission',
  'resolved',
]);

export function clinicalToFhir(event: ClinicalEvent): FhirResource {
  const resourceType = RESOURCE_TYPE_OF_CLINICAL[event.type];
  const ownId = event.clinicalId.startsWith(`${resourceType}/`)
    ? event.clinicalId.slice(resourceType.length + 1)
    : event.clinicalId;
  const code = concept(CODE_SYSTEM_URL[event.code.system], event.code.code);
  const header = {
    resourceType,
    ...(isFhirId(ownId)
      ? { id: ownId }
      : { identifier: [{ system: 'urn:ietf:rfc:3986', value: `urn:benchline:clinical:${event.clinicalId}` }] }),
    meta: { versionId: String(event.version) },
  };
  const subject = memberReference(event.memberId);
  switch (event.type) {
    case 'observation':
      return {
        ...header,
        status: event.status,
        code,
        subject,
        ...(event.endDate === undefined
          ? { effectiveDateTime: event.effectiveDate }
          : { effectivePeriod: { start: event.effectiveDate, end: event.endDate } }),
        ...valueOf(event),
      };
    case 'condition':
      return {
        ...header,
        ...(CONDITION_CLINICAL_STATUSES.has(event.status)
          ? { clinicalStatus: concept(URL.conditionClinical, event.status) }
          : {}),
        ...(event.status === 'entered-in-error'
          ? { verificationStatus: concept(URL.conditionVerification, 'entered-in-error') }
          : {}),
        code,
        subject,
        onsetDateTime: event.effectiveDate,
        ...(event.endDate === undefined ? {} : { abatementDateTime: event.endDate }),
      };
    case 'procedure':
      return {
        ...header,
        status: event.status,
        code,
        subject,
        ...(event.endDate === undefined
          ? { performedDateTime: event.effectiveDate }
          : { performedPeriod: { start: event.effectiveDate, end: event.endDate } }),
      };
    case 'encounter':
      return {
        ...header,
        // R4 calls a completed encounter "finished".
        status: event.status === 'completed' ? 'finished' : event.status,
        class: { system: URL.actCode, code: 'AMB', display: 'ambulatory' },
        type: [code],
        subject,
        period: { start: event.effectiveDate, ...(event.endDate === undefined ? {} : { end: event.endDate }) },
      };
    case 'immunization':
      return {
        ...header,
        status: event.status,
        vaccineCode: code,
        patient: subject,
        occurrenceDateTime: event.effectiveDate,
      };
    case 'medication':
      return {
        ...header,
        // QI-Core says "not ordered" with doNotPerform; the order itself is then complete.
        status: event.status === 'not-done' ? 'completed' : event.status,
        intent: 'order',
        ...(event.status === 'not-done' ? { doNotPerform: true } : {}),
        medicationCodeableConcept: code,
        subject,
        authoredOn: event.effectiveDate,
      };
  }
}

function valueOf(event: ClinicalEvent): Record<string, unknown> {
  const value = event.value;
  if (value === undefined) {
    return {};
  }
  if ('quantity' in value) {
    return { valueQuantity: { value: value.quantity, unit: value.unit, system: URL.ucum, code: value.unit } };
  }
  return { valueCodeableConcept: concept(CODE_SYSTEM_URL[value.coding.system], value.coding.code) };
}
