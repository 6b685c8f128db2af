/**
 * The code-system and identifier URLs the mapper recognises, and which canonical code system each names.
 * Codes are normalised once, here at the edge, by the same normalizeCode the JSON/NDJSON API uses: ICD-10 without
 * the dot and upper case, HCPCS and modifiers upper case. BFD (Blue Button) publishes the same concept under several URLs across its v1/v2 and v3 shapes; every
 * variant we accept is listed so a reviewer can see exactly what is read.
 */
import type { CodeSystem } from '@benchline/shared';

export const SYSTEM = {
  mbi: 'http://hl7.org/fhir/sid/us-mbi',
  npi: 'http://hl7.org/fhir/sid/us-npi',
  tin: 'urn:oid:2.16.840.1.113883.4.4',
  ccn: 'http://terminology.hl7.org/NamingSystem/CCN',
  loinc: 'http://loinc.org',
  snomed: 'http://snomed.info/sct',
  icd10cm: 'http://hl7.org/fhir/sid/icd-10-cm',
  icd10: 'http://hl7.org/fhir/sid/icd-10',
  icd9cm: 'http://hl7.org/fhir/sid/icd-9-cm',
  icd10pcs: 'http://www.cms.gov/Medicare/Coding/ICD10',
  cpt: 'http://www.ama-assn.org/go/cpt',
  hcpcs: 'https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets',
  cvx: 'http://hl7.org/fhir/sid/cvx',
  rxnorm: 'http://www.nlm.nih.gov/research/umls/rxnorm',
  ndc: 'http://hl7.org/fhir/sid/ndc',
  ucum: 'http://unitsofmeasure.org',
  nubcRevenue: 'https://www.nubc.org/CodeSystem/RevenueCodes',
  nubcTypeOfBill: 'https://www.nubc.org/CodeSystem/TypeOfBill',
  nubcDischargeStatus: 'https://www.nubc.org/CodeSystem/PatDischargeStatus',
  msDrg:
    'https://www.cms.gov/Medicare/Medicare-Fee-for-Service-Payment/AcuteInpatientPPS/MS-DRG-Classifications-and-Software',
  placeOfService: 'https://www.cms.gov/Medicare/Coding/place-of-service-codes/Place_of_Service_Code_Set',
  thoAdjudication: 'http://terminology.hl7.org/CodeSystem/adjudication',
  c4bbAdjudication: 'http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBAdjudication',
  c4bbSupportingInfo: 'http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBSupportingInfoType',
  c4bbCareTeamRole: 'http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBClaimCareTeamRole',
  c4bbDiagnosisType: 'http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBClaimDiagnosisType',
  c4bbIdentifierType: 'http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBIdentifierType',
  claimType: 'http://terminology.hl7.org/CodeSystem/claim-type',
  diagnosisType: 'http://terminology.hl7.org/CodeSystem/ex-diagnosistype',
  conditionClinical: 'http://terminology.hl7.org/CodeSystem/condition-clinical',
  conditionVerification: 'http://terminology.hl7.org/CodeSystem/condition-ver-status',
  conditionCategory: 'http://terminology.hl7.org/CodeSystem/condition-category',
  usCoreConditionCategory: 'http://hl7.org/fhir/us/core/CodeSystem/condition-category',
  observationCategory: 'http://terminology.hl7.org/CodeSystem/observation-category',
  v2IdentifierType: 'http://terminology.hl7.org/CodeSystem/v2-0203',
  dataAbsentReason: 'http://terminology.hl7.org/CodeSystem/data-absent-reason',
  coverageClass: 'http://terminology.hl7.org/CodeSystem/coverage-class',
  actCode: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
} as const;

/** Blue Button (BFD) URL prefixes: v1/v2 name CCW variables, v3 names IDR columns. */
export const BFD_V2_VARIABLE = 'https://bluebutton.cms.gov/resources/variables/';
export const BFD_V2_CODESYSTEM = 'https://bluebutton.cms.gov/resources/codesystem/';
export const BFD_V3_CODESYSTEM = 'https://bluebutton.cms.gov/fhir/CodeSystem/';
export const BFD_V3_EXTENSION = 'https://bluebutton.cms.gov/fhir/StructureDefinition/';

const CLINICAL_SYSTEMS: Readonly<Record<string, CodeSystem>> = {
  [SYSTEM.loinc]: 'loinc',
  [SYSTEM.snomed]: 'snomed',
  [SYSTEM.icd10cm]: 'icd10cm',
  // BFD files ICD-10-CM codes under the WHO ICD-10 URL as well; both mean ICD-10-CM here.
  [SYSTEM.icd10]: 'icd10cm',
  [SYSTEM.icd10pcs]: 'icd10pcs',
  'http://hl7.org/fhir/sid/icd-10-pcs': 'icd10pcs',
  [SYSTEM.cpt]: 'cpt',
  [SYSTEM.hcpcs]: 'hcpcs',
  'http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets': 'hcpcs',
  'urn:oid:2.16.840.1.113883.6.285': 'hcpcs',
  [`${BFD_V2_CODESYSTEM}hcpcs`]: 'hcpcs',
  [SYSTEM.cvx]: 'cvx',
  [SYSTEM.rxnorm]: 'rxnorm',
  [SYSTEM.ndc]: 'ndc',
};

/** The canonical code system a FHIR coding system URL names, if Benchline reads it. */
export function canonicalSystemOf(url: string | undefined): CodeSystem | undefined {
  return url === undefined ? undefined : CLINICAL_SYSTEMS[url];
}

/** Claim line HCPCS/CPT systems: the standard URLs plus BFD v2's own and its RIF variable name. */
export const PRODUCT_SYSTEMS: readonly string[] = [
  SYSTEM.cpt,
  SYSTEM.hcpcs,
  'http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets',
  'urn:oid:2.16.840.1.113883.6.285',
  `${BFD_V2_CODESYSTEM}hcpcs`,
  `${BFD_V2_VARIABLE}hcpcs_cd`,
];

/** ICD-10-PCS as BFD files procedure codes (v2 repeats each under the WHO ICD-10 URL). */
export const PROCEDURE_SYSTEMS: readonly string[] = [
  SYSTEM.icd10pcs,
  'http://hl7.org/fhir/sid/icd-10-pcs',
  SYSTEM.icd10,
];

/**
 * The ICD-10-PCS shape, and normalising and shape-checking a code by its canonical system: shared with the
 * JSON/NDJSON API's validation (@benchline/shared codes), so a code is the same code whichever way it arrives.
 */
export { codePatternOf, ICD10_PCS_PATTERN, normalizeCode } from '@benchline/shared';
