/**
 * The terminology the five measures' CQL declares, by the names the CQL uses: `valueset` declarations (OIDs; the
 * expansions come in as data) and `code` declarations (direct-reference codes, part of the logic). A test checks
 * every direct code here against the vendored direct-reference-codes.csv derived from the same CQL.
 */
import type { CodeSystem } from '@benchline/shared';

export const VS = {
  // AdultOutpatientEncounters 4.19.000 and CMS122 "Qualifying Encounters"
  annualWellnessVisit: '2.16.840.1.113883.3.526.3.1240',
  homeHealthcareServices: '2.16.840.1.113883.3.464.1003.101.12.1016',
  officeVisit: '2.16.840.1.113883.3.464.1003.101.12.1001',
  virtualEncounter: '2.16.840.1.113883.3.464.1003.101.12.1089',
  preventiveEstablished18Up: '2.16.840.1.113883.3.464.1003.101.12.1025',
  preventiveInitial18Up: '2.16.840.1.113883.3.464.1003.101.12.1023',
  telephoneVisits: '2.16.840.1.113883.3.464.1003.101.12.1080',
  nutritionServices: '2.16.840.1.113883.3.464.1003.1006',
  // Hospice 6.18.000
  encounterInpatient: '2.16.840.1.113883.3.666.5.307',
  hospiceCareAmbulatory: '2.16.840.1.113883.3.526.3.1584',
  hospiceEncounter: '2.16.840.1.113883.3.464.1003.1003',
  hospiceDiagnosis: '2.16.840.1.113883.3.464.1003.1165',
  // PalliativeCare 1.18.000
  palliativeCareEncounter: '2.16.840.1.113883.3.464.1003.101.12.1090',
  palliativeCareIntervention: '2.16.840.1.113883.3.464.1003.198.12.1135',
  palliativeCareDiagnosis: '2.16.840.1.113883.3.464.1003.1167',
  // AdvancedIllnessandFrailty 1.27.000
  advancedIllness: '2.16.840.1.113883.3.464.1003.110.12.1082',
  dementiaMedications: '2.16.840.1.113883.3.464.1003.196.12.1510',
  frailtyDevice: '2.16.840.1.113883.3.464.1003.118.12.1300',
  frailtyDiagnosis: '2.16.840.1.113883.3.464.1003.113.12.1074',
  frailtyEncounter: '2.16.840.1.113883.3.464.1003.101.12.1088',
  frailtySymptom: '2.16.840.1.113883.3.464.1003.113.12.1075',
  // CMS122
  diabetes: '2.16.840.1.113883.3.464.1003.103.12.1001',
  hba1cLaboratoryTest: '2.16.840.1.113883.3.464.1003.198.12.1013',
  // CMS125
  bilateralMastectomy: '2.16.840.1.113883.3.464.1003.198.12.1005',
  historyOfBilateralMastectomy: '2.16.840.1.113883.3.464.1003.198.12.1068',
  mammography: '2.16.840.1.113883.3.464.1003.108.12.1018',
  statusPostLeftMastectomy: '2.16.840.1.113883.3.464.1003.198.12.1069',
  statusPostRightMastectomy: '2.16.840.1.113883.3.464.1003.198.12.1070',
  unilateralMastectomyLeft: '2.16.840.1.113883.3.464.1003.198.12.1133',
  unilateralMastectomyRight: '2.16.840.1.113883.3.464.1003.198.12.1134',
  unilateralMastectomyUnspecified: '2.16.840.1.113883.3.464.1003.198.12.1071',
  // CMS130
  colonoscopy: '2.16.840.1.113883.3.464.1003.108.12.1020',
  ctColonography: '2.16.840.1.113883.3.464.1003.108.12.1038',
  fecalOccultBloodTest: '2.16.840.1.113883.3.464.1003.198.12.1011',
  sdnaFitTest: '2.16.840.1.113883.3.464.1003.108.12.1039',
  flexibleSigmoidoscopy: '2.16.840.1.113883.3.464.1003.198.12.1010',
  malignantNeoplasmOfColon: '2.16.840.1.113883.3.464.1003.108.12.1001',
  totalColectomy: '2.16.840.1.113883.3.464.1003.198.12.1019',
  // CMS165
  ckdStage5: '2.16.840.1.113883.3.526.3.1002',
  dialysisServices: '2.16.840.1.113883.3.464.1003.109.12.1013',
  edEvaluationAndManagement: '2.16.840.1.113883.3.464.1003.101.12.1010',
  endStageRenalDisease: '2.16.840.1.113883.3.526.3.353',
  esrdMonthlyOutpatientServices: '2.16.840.1.113883.3.464.1003.109.12.1014',
  essentialHypertension: '2.16.840.1.113883.3.464.1003.104.12.1011',
  kidneyTransplant: '2.16.840.1.113883.3.464.1003.109.12.1012',
  kidneyTransplantRecipient: '2.16.840.1.113883.3.464.1003.109.12.1029',
  pregnancy: '2.16.840.1.113883.3.526.3.378',
  // CMS2
  adolescentDepressionMedications: '2.16.840.1.113883.3.526.3.1567',
  adultDepressionMedications: '2.16.840.1.113883.3.526.3.1566',
  bipolarDisorder: '2.16.840.1.113883.3.67.1.101.1.128',
  encounterToScreenForDepression: '2.16.840.1.113883.3.600.1916',
  followUpForAdolescentDepression: '2.16.840.1.113883.3.526.3.1569',
  followUpForAdultDepression: '2.16.840.1.113883.3.526.3.1568',
  medicalReason: '2.16.840.1.113883.3.526.3.1007',
  physicalTherapyEvaluation: '2.16.840.1.113883.3.526.3.1022',
  referralForAdolescentDepression: '2.16.840.1.113883.3.526.3.1570',
  referralForAdultDepression: '2.16.840.1.113883.3.526.3.1571',
} as const;

export type ValueSetOid = (typeof VS)[keyof typeof VS];

/** Every value set the engine reads; the terminology refuses to compile without all of them. */
export const REQUIRED_VALUE_SETS: readonly ValueSetOid[] = Object.values(VS);

export interface DirectCode {
  readonly system: CodeSystem;
  readonly code: string;
  /** The CQL library that declares it. */
  readonly library: string;
}

const code = (library: string, system: CodeSystem, value: string): DirectCode => ({ library, system, code: value });

export const CODES = {
  // Hospice
  dischargeToFacilityForHospice: code('Hospice', 'snomed', '428371000124100'),
  dischargeToHomeForHospice: code('Hospice', 'snomed', '428361000124107'),
  hospiceCareMds: code('Hospice', 'loinc', '45755-6'),
  yes: code('Hospice', 'snomed', '373066001'),
  // PalliativeCare
  facitPal: code('PalliativeCare', 'loinc', '71007-9'),
  // AdvancedIllnessandFrailty
  housingStatus: code('AdvancedIllnessandFrailty', 'loinc', '71802-3'),
  livesInNursingHome: code('AdvancedIllnessandFrailty', 'snomed', '160734000'),
  medicalEquipmentUsed: code('AdvancedIllnessandFrailty', 'loinc', '98181-1'),
  // CMS122
  glucoseManagementIndicator: code('CMS122FHIRDiabetesAssessGreaterThan9Percent', 'loinc', '97506-0'),
  mntGroupReassessment: code('CMS122FHIRDiabetesAssessGreaterThan9Percent', 'hcpcs', 'G0271'),
  mntGroup: code('CMS122FHIRDiabetesAssessGreaterThan9Percent', 'cpt', '97804'),
  mntInitial: code('CMS122FHIRDiabetesAssessGreaterThan9Percent', 'cpt', '97802'),
  mntReassessment: code('CMS122FHIRDiabetesAssessGreaterThan9Percent', 'cpt', '97803'),
  mntIndividualReassessment: code('CMS122FHIRDiabetesAssessGreaterThan9Percent', 'hcpcs', 'G0270'),
  // CMS125
  female: code('CMS125FHIRBreastCancerScreening', 'snomed', '248152002'),
  left: code('CMS125FHIRBreastCancerScreening', 'snomed', '7771000'),
  right: code('CMS125FHIRBreastCancerScreening', 'snomed', '24028007'),
  // CMS165
  diastolicBloodPressure: code('CMS165FHIRControllingHighBloodPressure', 'loinc', '8462-4'),
  systolicBloodPressure: code('CMS165FHIRControllingHighBloodPressure', 'loinc', '8480-6'),
  // CMS2
  adolescentDepressionScreening: code('CMS2FHIRPCSDepressionScreenAndFollowUp', 'loinc', '73831-0'),
  adultDepressionScreening: code('CMS2FHIRPCSDepressionScreenAndFollowUp', 'loinc', '73832-8'),
  depressionScreeningDeclined: code('CMS2FHIRPCSDepressionScreenAndFollowUp', 'snomed', '720834000'),
  depressionScreeningNegative: code('CMS2FHIRPCSDepressionScreenAndFollowUp', 'snomed', '428171000124102'),
  depressionScreeningPositive: code('CMS2FHIRPCSDepressionScreenAndFollowUp', 'snomed', '428181000124104'),
} as const;
