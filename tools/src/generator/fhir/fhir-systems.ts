/**
 * The FHIR URLs the exporter writes: standard code systems, CARIN Blue Button categories and BFD's own variable
 * and code-system URLs. They are the ones the FHIR ingest mapper (server/src/ingest/fhir/code-systems.ts) reads;
 * the round-trip test fails if the two ever disagree.
 */
import type { CodeSystem } from '@benchline/shared';

export const BFD_VARIABLE = 'https://bluebutton.cms.gov/resources/variables/';
export const BFD_CODESYSTEM = 'https://bluebutton.cms.gov/resources/codesystem/';
export const BFD_V3_CODESYSTEM = 'https://bluebutton.cms.gov/fhir/CodeSystem/';

export const URL = {
  mbi: 'http://hl7.org/fhir/sid/us-mbi',
  npi: 'http://hl7.org/fhir/sid/us-npi',
  tin: 'urn:oid:2.16.840.1.113883.4.4',
  ccn: 'http://terminology.hl7.org/NamingSystem/CCN',
  v2IdentifierType: 'http://terminology.hl7.org/CodeSystem/v2-0203',
  c4bbIdentifierType: 'http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBIdentifierType',
  c4bbSupportingInfo: 'http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBSupportingInfoType',
  c4bbCareTeamRole: 'http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBClaimCareTeamRole',
  c4bbDiagnosisType: 'http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBClaimDiagnosisType',
  claimInformationCategory: 'http://terminology.hl7.org/CodeSystem/claiminformationcategory',
  claimType: 'http://terminology.hl7.org/CodeSystem/claim-type',
  diagnosisType: 'http://terminology.hl7.org/CodeSystem/ex-diagnosistype',
  adjudication: 'http://terminology.hl7.org/CodeSystem/adjudication',
  dataAbsentReason: 'http://terminology.hl7.org/CodeSystem/data-absent-reason',
  coverageClass: 'http://terminology.hl7.org/CodeSystem/coverage-class',
  subscriberRelationship: 'http://terminology.hl7.org/CodeSystem/subscriber-relationship',
  conditionClinical: 'http://terminology.hl7.org/CodeSystem/condition-clinical',
  conditionVerification: 'http://terminology.hl7.org/CodeSystem/condition-ver-status',
  conditionCategory: 'http://terminology.hl7.org/CodeSystem/condition-category',
  usCoreConditionCategory: 'http://hl7.org/fhir/us/core/CodeSystem/condition-category',
  observationCategory: 'http://terminology.hl7.org/CodeSystem/observation-category',
  actCode: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
  ucum: 'http://unitsofmeasure.org',
  cpt: 'http://www.ama-assn.org/go/cpt',
  hcpcs: 'https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets',
  icd10cm: 'http://hl7.org/fhir/sid/icd-10-cm',
  icd10pcs: 'http://www.cms.gov/Medicare/Coding/ICD10',
  nubcRevenue: 'https://www.nubc.org/CodeSystem/RevenueCodes',
  nubcTypeOfBill: 'https://www.nubc.org/CodeSystem/TypeOfBill',
  nubcDischargeStatus: 'https://www.nubc.org/CodeSystem/PatDischargeStatus',
  msDrg:
    'https://www.cms.gov/Medicare/Medicare-Fee-for-Service-Payment/AcuteInpatientPPS/MS-DRG-Classifications-and-Software',
  placeOfService: 'https://www.cms.gov/Medicare/Coding/place-of-service-codes/Place_of_Service_Code_Set',
  eobType: `${BFD_CODESYSTEM}eob-type`,
  bfdAdjudication: `${BFD_CODESYSTEM}adjudication`,
  bfdSupportingInformation: `${BFD_V3_CODESYSTEM}Supporting-Information`,
  adjustmentType: `${BFD_V3_CODESYSTEM}CLM-ADJSTMT-TYPE-CD`,
} as const;

/** The URL of each canonical code system. */
export const CODE_SYSTEM_URL: Readonly<Record<CodeSystem, string>> = {
  loinc: 'http://loinc.org',
  snomed: 'http://snomed.info/sct',
  icd10cm: URL.icd10cm,
  icd10pcs: URL.icd10pcs,
  cpt: URL.cpt,
  hcpcs: URL.hcpcs,
  cvx: 'http://hl7.org/fhir/sid/cvx',
  rxnorm: 'http://www.nlm.nih.gov/research/umls/rxnorm',
  ndc: 'http://hl7.org/fhir/sid/ndc',
};

/** A FHIR id: letters, digits, '-' and '.', at most 64 characters. */
export function isFhirId(value: string): boolean {
  return /^[A-Za-z0-9\-.]{1,64}$/.test(value);
}

export type FhirResource = { readonly resourceType: string; readonly id?: string } & Readonly<Record<string, unknown>>;

export function coding(system: string, code: string, display?: string): Record<string, string> {
  return display === undefined ? { system, code } : { system, code, display };
}

export function concept(system: string, code: string): { coding: Record<string, string>[] } {
  return { coding: [coding(system, code)] };
}

/** A reference to the member's Patient that also carries the MBI, so it resolves without a Patient lookup. */
export function memberReference(memberId: string): Record<string, unknown> {
  return {
    ...(isFhirId(memberId) ? { reference: `Patient/${memberId}` } : {}),
    identifier: { system: URL.mbi, value: memberId },
  };
}

export function money(value: number): { value: number; currency: 'USD' } {
  return { value, currency: 'USD' };
}
