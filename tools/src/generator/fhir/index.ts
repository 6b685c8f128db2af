/**
 * Canonical events → FHIR R4 resources shaped as BCDA / Blue Button serve them: members as Patient and per-year
 * Coverage, claims as ExplanationOfBenefit, clinical events as QI-Core resources, providers as Practitioner and
 * Organization. Pure; `benchline generate --format fhir` writes them as bulk-data NDJSON, one file per type, and
 * the FHIR ingest mapper reads them back (see round-trip.test.ts for what does not survive the trip).
 */
import type { MemberBundle } from '../generator.js';
import { clinicalToFhir } from './clinical.js';
import { claimToExplanationOfBenefit } from './explanation-of-benefit.js';
import type { FhirResource } from './fhir-systems.js';
import { memberToFhir } from './member.js';

export { clinicalToFhir, RESOURCE_TYPE_OF_CLINICAL } from './clinical.js';
export { claimToExplanationOfBenefit, dottedIcd10 } from './explanation-of-benefit.js';
export type { FhirResource } from './fhir-systems.js';
export { memberToFhir, type MemberResources } from './member.js';
export { providersToFhir, providerToFhir } from './provider.js';

/** Every resource type the exporter writes, in the order `generate --format fhir` lists its files. */
export const FHIR_EXPORT_RESOURCE_TYPES = [
  'Practitioner',
  'Organization',
  'Patient',
  'Coverage',
  'ExplanationOfBenefit',
  'Observation',
  'Condition',
  'Procedure',
  'Encounter',
  'Immunization',
  'MedicationRequest',
] as const;

/** One member's resources: Patient, Coverage, then every claim version and clinical event, in bundle order. */
export function memberBundleToFhir(bundle: Pick<MemberBundle, 'member' | 'claims' | 'clinical'>): FhirResource[] {
  const { patient, coverages } = memberToFhir(bundle.member);
  return [
    patient,
    ...coverages,
    ...bundle.claims.map(claimToExplanationOfBenefit),
    ...bundle.clinical.map(clinicalToFhir),
  ];
}
