/**
 * Clinical event → the FHIR resource it came from: Observation, Condition, Procedure, Encounter, Immunization,
 * MedicationRequest, ServiceRequest or DeviceRequest, coded in the canonical code system's URL (every coding), with
 * the member referenced by MBI and every optional field the eCQMs read written where QI-Core keeps it. A clinicalId
 * of the form `<ResourceType>/<id>` (what the FHIR mapper produces) is written back as that id, so such events
 * round-trip exactly; a generator id (k7.0…) becomes the resource id as it is.
 * Not carried: a request's or Immunization's end date (none of them has one). FHIR requires an Encounter's class
 * and a request's intent: an event without them is written as ambulatory (AMB) and an order.
 */
import type { ClinicalCategory, ClinicalEvent, ClinicalType, Coding } from '@benchline/shared';
import { CODE_SYSTEM_URL, coding, concept, type FhirResource, isFhirId, memberReference, URL } from './fhir-systems.js';

export const RESOURCE_TYPE_OF_CLINICAL: Readonly<Record<ClinicalType, string>> = {
  observation: 'Observation',
  condition: 'Condition',
  procedure: 'Procedure',
  encounter: 'Encounter',
  immunization: 'Immunization',
  medication: 'MedicationRequest',
  'service-request': 'ServiceRequest',
  'device-request': 'DeviceRequest',
};

const CONDITION_CLINICAL_STATUSES: ReadonlySet<string> = new Set([
  'active',
  'recurrence',
  'relapse',
  'inactive',
  'remission',
  'resolved',
]);

/** The code system of each category code: Condition's (HL7, US Core's health-concern) and Observation's. */
const CATEGORY_SYSTEM: Readonly<Record<ClinicalCategory, string>> = {
  'social-history': URL.observationCategory,
  'vital-signs': URL.observationCategory,
  imaging: URL.observationCategory,
  laboratory: URL.observationCategory,
  procedure: URL.observationCategory,
  survey: URL.observationCategory,
  exam: URL.observationCategory,
  therapy: URL.observationCategory,
  activity: URL.observationCategory,
  'problem-list-item': URL.conditionCategory,
  'encounter-diagnosis': URL.conditionCategory,
  'health-concern': URL.usCoreConditionCategory,
};

const QICORE_NOT_DONE_REASON = 'http://hl7.org/fhir/us/qicore/StructureDefinition/qicore-notDoneReason';
const DEVICE_REQUEST_DO_NOT_PERFORM =
  'http://hl7.org/fhir/5.0/StructureDefinition/extension-DeviceRequest.doNotPerform';

/** A CodeableConcept of canonical codings, in order. */
function conceptOf(codings: readonly Coding[]): { coding: Record<string, string>[] } {
  return { coding: codings.map((c) => coding(CODE_SYSTEM_URL[c.system], c.code)) };
}

export function clinicalToFhir(event: ClinicalEvent): FhirResource {
  const resourceType = RESOURCE_TYPE_OF_CLINICAL[event.type];
  const ownId = event.clinicalId.startsWith(`${resourceType}/`)
    ? event.clinicalId.slice(resourceType.length + 1)
    : event.clinicalId;
  const code = conceptOf([event.code, ...(event.additionalCodes ?? [])]);
  const header = {
    resourceType,
    ...(isFhirId(ownId)
      ? { id: ownId }
      : { identifier: [{ system: 'urn:ietf:rfc:3986', value: `urn:benchline:clinical:${event.clinicalId}` }] }),
    meta: { versionId: String(event.version) },
  };
  const subject = memberReference(event.memberId);
  const category =
    event.category === undefined
      ? {}
      : { category: event.category.map((c) => ({ coding: [coding(CATEGORY_SYSTEM[c], c)] })) };
  // QI-Core says "not ordered" with doNotPerform; the request itself is then complete.
  const requestStatus = event.status === 'not-done' ? 'completed' : event.status;
  const intent = event.intent ?? 'order';
  switch (event.type) {
    case 'observation':
      return {
        ...header,
        ...(event.reason === undefined
          ? {}
          : { extension: [{ url: QICORE_NOT_DONE_REASON, valueCodeableConcept: conceptOf(event.reason) }] }),
        status: event.status,
        ...category,
        code,
        subject,
        ...(event.encounterId === undefined ? {} : { encounter: { reference: event.encounterId } }),
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
          : event.verificationStatus === undefined
            ? {}
            : { verificationStatus: concept(URL.conditionVerification, event.verificationStatus) }),
        ...category,
        code,
        ...(event.bodySite === undefined ? {} : { bodySite: event.bodySite.map((site) => conceptOf([site])) }),
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
        class: { system: URL.actCode, code: event.encounterClass ?? 'AMB' },
        type: [code],
        subject,
        period: { start: event.effectiveDate, ...(event.endDate === undefined ? {} : { end: event.endDate }) },
        ...(event.dischargeDisposition === undefined
          ? {}
          : { hospitalization: { dischargeDisposition: conceptOf(event.dischargeDisposition) } }),
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
        status: requestStatus,
        intent,
        ...(event.status === 'not-done' ? { doNotPerform: true } : {}),
        medicationCodeableConcept: code,
        subject,
        authoredOn: event.effectiveDate,
        ...supplyOf(event.supply),
      };
    case 'service-request':
      return {
        ...header,
        status: requestStatus,
        intent,
        ...(event.status === 'not-done' ? { doNotPerform: true } : {}),
        code,
        subject,
        authoredOn: event.effectiveDate,
      };
    case 'device-request':
      return {
        ...header,
        ...(event.status === 'not-done'
          ? { modifierExtension: [{ url: DEVICE_REQUEST_DO_NOT_PERFORM, valueBoolean: true }] }
          : {}),
        status: requestStatus,
        intent,
        codeCodeableConcept: code,
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
  if ('coding' in value) {
    return { valueCodeableConcept: conceptOf([value.coding, ...(value.additionalCodes ?? [])]) };
  }
  return 'boolean' in value ? { valueBoolean: value.boolean } : { valueString: value.string };
}

/**
 * A MedicationRequest's dispense request and single dosage instruction. Doses per day are written as a frequency
 * per day when whole, else once per the matching fraction of a day.
 */
function supplyOf(supply: ClinicalEvent['supply']): Record<string, unknown> {
  if (supply === undefined) {
    return {};
  }
  const dispense = {
    ...(supply.daysSupply === undefined
      ? {}
      : { expectedSupplyDuration: { value: supply.daysSupply, unit: 'days', system: URL.ucum, code: 'd' } }),
    ...(supply.quantity === undefined ? {} : { quantity: { value: supply.quantity } }),
    ...(supply.refills === undefined ? {} : { numberOfRepeatsAllowed: supply.refills }),
  };
  const perDay = supply.dosesPerDay;
  const repeat = {
    ...(supply.boundsStart === undefined && supply.boundsEnd === undefined
      ? {}
      : {
          boundsPeriod: {
            ...(supply.boundsStart === undefined ? {} : { start: supply.boundsStart }),
            ...(supply.boundsEnd === undefined ? {} : { end: supply.boundsEnd }),
          },
        }),
    ...(perDay === undefined
      ? {}
      : Number.isInteger(perDay)
        ? { frequency: perDay, period: 1, periodUnit: 'd' }
        : { frequency: 1, period: 1 / perDay, periodUnit: 'd' }),
  };
  const dosage = {
    ...(Object.keys(repeat).length === 0 ? {} : { timing: { repeat } }),
    ...(supply.dose === undefined ? {} : { doseAndRate: [{ doseQuantity: { value: supply.dose } }] }),
  };
  return {
    ...(Object.keys(dosage).length === 0 ? {} : { dosageInstruction: [dosage] }),
    ...(Object.keys(dispense).length === 0 ? {} : { dispenseRequest: dispense }),
  };
}
