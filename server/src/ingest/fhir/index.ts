/**
 * FHIR R4 → canonical events: the pure mapper behind the FHIR ingest endpoint. It owns reading CARIN Blue Button
 * (BFD v2 and v3) ExplanationOfBenefit, Patient and Coverage, and QI-Core clinical resources, normalising codes
 * once, and reporting every problem as a field issue pointing into the FHIR document. README.md has the rules.
 */
export { mapFhirBundle, mapFhirResource, SUPPORTED_RESOURCE_TYPES } from './map-fhir.js';
export { patientCrosswalkOf } from './patient.js';
export { BLOOD_PRESSURE_COMPONENTS, CLINICAL_TYPE_BY_RESOURCE } from './clinical.js';
export { recordIdOf } from './record-ids.js';
export type { EncounterAdt } from './encounter-review.js';
export { encounterAdtOf, subjectIdentifiers, UNMATCHED_MEMBER } from './encounter-review.js';
export type { FhirBundleMappingResult, FhirMappingContext, FhirMappingResult, PatientCrosswalk } from './types.js';
