/**
 * The V24 model logic the shared data folder does not carry: the interaction section of CMS's V24 main macro
 * (V2422P2M) and the mandatory age/sex edits of its edit macro (V24I0ED2). Transcribed by hand from those macros
 * (hccpy @ 6744f55f0ff6fb39dfa087963aab32ad0ccf7f9f, copies in `__fixtures__/cms-hcc-v24/`); a unit test parses the
 * macros and requires every group, product and edit to match, so the transcription cannot drift from CMS's text.
 * Once the macros are added to the shared data folder, the vendor script can derive these as it does for V28.
 */
import type { SasDiagnosisEdit, SasInteractionVariable } from './sas-macros.js';

/** V2422P2M, "interaction variables": diagnostic groups, community and institutional interactions, in order. */
export const V24_INTERACTION_VARIABLES: readonly SasInteractionVariable[] = [
  { variable: 'CANCER', kind: 'group', operands: ['HCC8', 'HCC9', 'HCC10', 'HCC11', 'HCC12'] },
  { variable: 'DIABETES', kind: 'group', operands: ['HCC17', 'HCC18', 'HCC19'] },
  { variable: 'CARD_RESP_FAIL', kind: 'group', operands: ['HCC82', 'HCC83', 'HCC84'] },
  { variable: 'CHF', kind: 'group', operands: ['HCC85'] },
  { variable: 'gCopdCF', kind: 'group', operands: ['HCC110', 'HCC111', 'HCC112'] },
  { variable: 'RENAL_V24', kind: 'group', operands: ['HCC134', 'HCC135', 'HCC136', 'HCC137', 'HCC138'] },
  { variable: 'SEPSIS', kind: 'group', operands: ['HCC2'] },
  { variable: 'gSubstanceUseDisorder_V24', kind: 'group', operands: ['HCC54', 'HCC55', 'HCC56'] },
  { variable: 'gPsychiatric_V24', kind: 'group', operands: ['HCC57', 'HCC58', 'HCC59', 'HCC60'] },
  { variable: 'HCC47_gCancer', kind: 'product', operands: ['HCC47', 'CANCER'] },
  { variable: 'DIABETES_CHF', kind: 'product', operands: ['DIABETES', 'CHF'] },
  { variable: 'CHF_gCopdCF', kind: 'product', operands: ['CHF', 'gCopdCF'] },
  { variable: 'HCC85_gRenal_V24', kind: 'product', operands: ['HCC85', 'RENAL_V24'] },
  { variable: 'gCopdCF_CARD_RESP_FAIL', kind: 'product', operands: ['gCopdCF', 'CARD_RESP_FAIL'] },
  { variable: 'HCC85_HCC96', kind: 'product', operands: ['HCC85', 'HCC96'] },
  {
    variable: 'gSubstanceUseDisorder_gPsych',
    kind: 'product',
    operands: ['gSubstanceUseDisorder_V24', 'gPsychiatric_V24'],
  },
  { variable: 'PRESSURE_ULCER', kind: 'group', operands: ['HCC157', 'HCC158', 'HCC159'] },
  { variable: 'SEPSIS_PRESSURE_ULCER', kind: 'product', operands: ['SEPSIS', 'PRESSURE_ULCER'] },
  { variable: 'SEPSIS_ARTIF_OPENINGS', kind: 'product', operands: ['SEPSIS', 'HCC188'] },
  { variable: 'ART_OPENINGS_PRESS_ULCER', kind: 'product', operands: ['HCC188', 'PRESSURE_ULCER'] },
  { variable: 'gCopdCF_ASP_SPEC_B_PNEUM', kind: 'product', operands: ['gCopdCF', 'HCC114'] },
  { variable: 'ASP_SPEC_B_PNEUM_PRES_ULC', kind: 'product', operands: ['HCC114', 'PRESSURE_ULCER'] },
  { variable: 'SEPSIS_ASP_SPEC_BACT_PNEUM', kind: 'product', operands: ['SEPSIS', 'HCC114'] },
  { variable: 'SCHIZOPHRENIA_gCopdCF', kind: 'product', operands: ['HCC57', 'gCopdCF'] },
  { variable: 'SCHIZOPHRENIA_CHF', kind: 'product', operands: ['HCC57', 'CHF'] },
  { variable: 'SCHIZOPHRENIA_SEIZURES', kind: 'product', operands: ['HCC57', 'HCC79'] },
  { variable: 'DISABLED_HCC85', kind: 'product', operands: ['DISABL', 'HCC85'] },
  { variable: 'DISABLED_PRESSURE_ULCER', kind: 'product', operands: ['DISABL', 'PRESSURE_ULCER'] },
  { variable: 'DISABLED_HCC161', kind: 'product', operands: ['DISABL', 'HCC161'] },
  { variable: 'DISABLED_HCC39', kind: 'product', operands: ['DISABL', 'HCC39'] },
  { variable: 'DISABLED_HCC77', kind: 'product', operands: ['DISABL', 'HCC77'] },
  { variable: 'DISABLED_HCC6', kind: 'product', operands: ['DISABL', 'HCC6'] },
];

const CHRONIC_BRONCHITIS_AND_EMPHYSEMA = [
  'J410',
  'J411',
  'J418',
  'J42',
  'J430',
  'J431',
  'J432',
  'J438',
  'J439',
  'J440',
  'J441',
  'J449',
  'J982',
  'J983',
];

/** V24I0ED2's mandatory edits (its MCE block needs CMS's MCE formats and is not modelled). */
export const V24_DIAGNOSIS_EDITS: readonly (SasDiagnosisEdit & { readonly description: string })[] = [
  ...['D66', 'D67'].map((icd10) => ({
    icd10,
    editType: 'sex' as const,
    sex: 'F' as const,
    ageMin: null,
    ageMax: null,
    action: 'override' as const,
    ccOverride: 48,
    description: 'Hemophilia in a female - assign to CC 48 (V24I0ED2)',
  })),
  ...CHRONIC_BRONCHITIS_AND_EMPHYSEMA.map((icd10) => ({
    icd10,
    editType: 'age' as const,
    sex: null,
    ageMin: null,
    ageMax: 17,
    action: 'override' as const,
    ccOverride: 112,
    description: 'Chronic bronchitis / emphysema / COPD under 18 - assign to CC 112 (V24I0ED2)',
  })),
  {
    icd10: 'F3481',
    editType: 'age',
    sex: null,
    ageMin: null,
    ageMax: 5,
    action: 'invalid',
    ccOverride: null,
    description: 'Disruptive mood dysregulation disorder - invalid if age < 6 (V24I0ED2)',
  },
  {
    icd10: 'F3481',
    editType: 'age',
    sex: null,
    ageMin: 19,
    ageMax: null,
    action: 'invalid',
    ccOverride: null,
    description: 'Disruptive mood dysregulation disorder - invalid if age > 18 (V24I0ED2)',
  },
];
