import { describe, expect, it } from 'vitest';
import { tables } from './__fixtures__/members.js';
import { demographicsFor } from './demographics.js';
import { activeInteractions, paymentCountVariable } from './interactions.js';
import { prepareModel } from './prepared-model.js';
import { runModel } from './score.js';
import type { OrecCode, RiskSegment } from './types.js';

const v28 = prepareModel(tables, 'V28');
const v24 = prepareModel(tables, 'V24');
const on = (hccs: number[], model = v28, disabled = false): string[] =>
  activeInteractions(new Set(hccs), disabled, model);

// Group members as CMS's main macros define them (V2823T2M, V2422P2M).
const V28_GROUPS = {
  diabetes: [35, 36, 37, 38],
  heartFailure: [221, 222, 223, 224, 225, 226],
  chronicLung: [276, 277, 278, 279, 280],
  kidney: [326, 327, 328, 329],
  cardioRespiratoryFailure: [211, 212, 213],
  substanceUse: [135, 136, 137, 138, 139],
  psychiatric: [151, 152, 153, 154, 155],
  cancer: [17, 18, 19, 20, 21, 22, 23],
  neuro: [180, 181, 182, 190, 191, 192, 195, 196, 198, 199],
  ulcer: [379, 380, 381, 382],
};

describe('V28 interactions', () => {
  it('fires each community interaction for every member of its groups, and not with one side missing', () => {
    const pairs: [string, number[], number[]][] = [
      ['DIABETES_HF_V28', V28_GROUPS.diabetes, V28_GROUPS.heartFailure],
      ['HF_CHR_LUNG_V28', V28_GROUPS.heartFailure, V28_GROUPS.chronicLung],
      ['HF_KIDNEY_V28', V28_GROUPS.heartFailure, V28_GROUPS.kidney],
      ['CHR_LUNG_CARD_RESP_FAIL_V28', V28_GROUPS.chronicLung, V28_GROUPS.cardioRespiratoryFailure],
      ['HF_HCC238_V28', V28_GROUPS.heartFailure, [238]],
      ['gSubUseDisorder_gPsych_V28', V28_GROUPS.substanceUse, V28_GROUPS.psychiatric],
    ];
    for (const [variable, left, right] of pairs) {
      for (const a of left) {
        for (const b of right) {
          expect(on([a, b]), `${variable}: HCC${a} + HCC${b}`).toEqual([variable]);
        }
      }
      expect(on(left), variable).not.toContain(variable);
      expect(on(right), variable).not.toContain(variable);
    }
    // HCC227 (cardiomyopathy) is not in the heart failure group.
    expect(on([227, 38])).toEqual([]);
  });

  it('fires the disabled institutional interactions only with DISABL', () => {
    const disabledPairs: [string, number[]][] = [
      ['DISABLED_CANCER_V28', V28_GROUPS.cancer],
      ['DISABLED_NEURO_V28', V28_GROUPS.neuro],
      ['DISABLED_HF_V28', V28_GROUPS.heartFailure],
      ['DISABLED_CHR_LUNG_V28', V28_GROUPS.chronicLung],
      ['DISABLED_ULCER_V28', V28_GROUPS.ulcer],
    ];
    for (const [variable, group] of disabledPairs) {
      for (const hcc of group) {
        expect(on([hcc], v28, true), `${variable}: HCC${hcc}`).toEqual([variable]);
        expect(on([hcc], v28, false), `${variable}: HCC${hcc}`).toEqual([]);
      }
    }
  });
});

describe('V24 interactions', () => {
  it('fires each community interaction from its definition', () => {
    expect(on([47, 10], v24)).toEqual(['HCC47_gCancer']);
    expect(on([17, 85], v24)).toEqual(['DIABETES_CHF']);
    expect(on([19, 85], v24)).toEqual(['DIABETES_CHF']);
    expect(on([85, 112], v24)).toEqual(['CHF_gCopdCF']);
    for (const renal of [134, 135, 136, 137, 138]) {
      expect(on([85, renal], v24)).toEqual(['HCC85_gRenal_V24']);
    }
    expect(on([110, 83], v24)).toEqual(['gCopdCF_CARD_RESP_FAIL']);
    expect(on([85, 96], v24)).toEqual(['HCC85_HCC96']);
    expect(on([54, 59], v24)).toEqual(['gSubstanceUseDisorder_gPsych']);
    expect(on([47], v24)).toEqual([]);
  });

  it('fires each institutional interaction from its definition', () => {
    expect(on([2, 157], v24)).toEqual(['SEPSIS_PRESSURE_ULCER']);
    expect(on([2, 188], v24)).toEqual(['SEPSIS_ARTIF_OPENINGS']);
    expect(on([188, 159], v24)).toEqual(['ART_OPENINGS_PRESS_ULCER']);
    expect(on([111, 114], v24)).toEqual(['gCopdCF_ASP_SPEC_B_PNEUM']);
    expect(on([114, 158], v24)).toEqual(['ASP_SPEC_B_PNEUM_PRES_ULC']);
    expect(on([2, 114], v24)).toEqual(['SEPSIS_ASP_SPEC_BACT_PNEUM']);
    expect(on([57, 110], v24)).toEqual(['SCHIZOPHRENIA_gCopdCF']);
    expect(on([57, 85], v24)).toEqual(['SCHIZOPHRENIA_CHF']);
    expect(on([57, 79], v24)).toEqual(['SCHIZOPHRENIA_SEIZURES']);
    expect(on([85], v24, true)).toEqual(['DISABLED_HCC85']);
    expect(on([157], v24, true)).toEqual(['DISABLED_PRESSURE_ULCER']);
    expect(on([161], v24, true)).toEqual(['DISABLED_HCC161']);
    expect(on([39], v24, true)).toEqual(['DISABLED_HCC39']);
    expect(on([77], v24, true)).toEqual(['DISABLED_HCC77']);
    expect(on([6], v24, true)).toEqual(['DISABLED_HCC6']);
  });
});

describe('V24 interaction factors, the value each adds in each segment (payment year 2023)', () => {
  // Scores every segment of one run; demographic terms cancel in the differences below.
  const segments = (codes: string[], person: { birthDate: string; orec: OrecCode }): Record<RiskSegment, number> =>
    runModel(
      {
        demographics: demographicsFor(person.birthDate, 'F', person.orec, 2023),
        institutionalMedicaid: false,
        newEnrolleeMedicaid: false,
        diagnoses: codes.map((icd10) => ({ icd10, evidence: [] })),
      },
      tables,
      'V24',
      2023,
    ).segmentScoresThousandths;
  const aged = { birthDate: '1950-06-01', orec: '0' as const };
  const disabled = { birthDate: '1975-06-01', orec: '1' as const };

  // Factors typed from the V24 rows of workers/reference/cms-hcc/coefficients.csv, `<segment>_<variable>` (they
  // equal CMS's 2020 V24 factors in hccpy's V24hcccoefn.csv); a segment missing from a row has no such variable,
  // so the interaction adds nothing there. Order: CNA, CND, CFA, CFD, CPA, CPD, INS.
  const ORDER: readonly RiskSegment[] = ['CNA', 'CND', 'CFA', 'CFD', 'CPA', 'CPD', 'INS'];
  const products: [variable: string, left: string, right: string, factors: number[]][] = [
    ['HCC47_gCancer', 'D849', 'C3490', [0.838, 0.46, 0.853, 0.679, 0.656, 0.601, 0]],
    ['DIABETES_CHF', 'E119', 'I5022', [0.121, 0.024, 0.192, 0.043, 0.113, 0, 0.169]],
    ['CHF_gCopdCF', 'I5022', 'J449', [0.155, 0.121, 0.23, 0.154, 0.158, 0.141, 0.191]],
    ['HCC85_gRenal_V24', 'I5022', 'N184', [0.156, 0.411, 0.187, 0.461, 0.186, 0.382, 0]],
    ['gCopdCF_CARD_RESP_FAIL', 'J449', 'J9611', [0.363, 0.379, 0.528, 0.455, 0.392, 0.479, 0.414]],
    ['HCC85_HCC96', 'I5022', 'I4891', [0.085, 0.282, 0.138, 0.361, 0.101, 0.303, 0]],
    ['gSubstanceUseDisorder_gPsych', 'F1020', 'F209', [0, 0.138, 0, 0.191, 0, 0.201, 0]],
    ['SEPSIS_PRESSURE_ULCER', 'A419', 'L89154', [0, 0, 0, 0, 0, 0, 0.155]],
    ['SEPSIS_ARTIF_OPENINGS', 'A419', 'Z933', [0, 0, 0, 0, 0, 0, 0.474]],
    ['ART_OPENINGS_PRESS_ULCER', 'Z933', 'L89154', [0, 0, 0, 0, 0, 0, 0.359]],
    ['gCopdCF_ASP_SPEC_B_PNEUM', 'J449', 'J690', [0, 0, 0, 0, 0, 0, 0.216]],
    ['ASP_SPEC_B_PNEUM_PRES_ULC', 'J690', 'L89154', [0, 0, 0, 0, 0, 0, 0.472]],
    ['SEPSIS_ASP_SPEC_BACT_PNEUM', 'A419', 'J690', [0, 0, 0, 0, 0, 0, 0.346]],
    ['SCHIZOPHRENIA_gCopdCF', 'F209', 'J449', [0, 0, 0, 0, 0, 0, 0.417]],
    ['SCHIZOPHRENIA_CHF', 'F209', 'I5022', [0, 0, 0, 0, 0, 0, 0.127]],
    ['SCHIZOPHRENIA_SEIZURES', 'F209', 'G40909', [0, 0, 0, 0, 0, 0, 0.573]],
  ];

  it('adds each product of two diagnoses its own factor: S(A+B) − S(A) − S(B) + S(none)', () => {
    // D1 and D2 are 0 in every V24 segment and INS has no count terms, so the count variables add nothing here.
    const none = segments([], aged);
    for (const [variable, left, right, factors] of products) {
      const both = segments([left, right], aged);
      const onlyLeft = segments([left], aged);
      const onlyRight = segments([right], aged);
      const added = ORDER.map(
        (segment) => (both[segment] - onlyLeft[segment] - onlyRight[segment] + none[segment]) / 1000,
      );
      expect(added, variable).toEqual(factors);
    }
  });

  it('adds each DISABLED_ interaction its factor in INS, for a disabled member only', () => {
    // [S(disabled, HCC) − S(disabled)] − [S(aged, HCC) − S(aged)]: the HCC's own factor and the age cells cancel.
    const disabledTerms: [variable: string, code: string, insFactor: number][] = [
      ['DISABLED_HCC85', 'I5022', 0.279],
      ['DISABLED_PRESSURE_ULCER', 'L89154', 0.544],
      ['DISABLED_HCC161', 'L97919', 0.473],
      ['DISABLED_HCC39', 'M86171', 0.456],
      ['DISABLED_HCC77', 'G35', 0.496],
      ['DISABLED_HCC6', 'B59', 0.405],
    ];
    const disabledNone = segments([], disabled);
    const agedNone = segments([], aged);
    for (const [variable, code, insFactor] of disabledTerms) {
      const withDisabled = segments([code], disabled);
      const withAged = segments([code], aged);
      const added = ORDER.map(
        (segment) => (withDisabled[segment] - disabledNone[segment] - (withAged[segment] - agedNone[segment])) / 1000,
      );
      expect(added, variable).toEqual([0, 0, 0, 0, 0, 0, insFactor]);
    }
  });
});

describe('payment-HCC count variables', () => {
  it('sets none for no HCC, D1 … D9 for one to nine, and D10P from ten', () => {
    expect(paymentCountVariable(0)).toBeNull();
    expect(paymentCountVariable(1)).toBe('D1');
    expect(paymentCountVariable(4)).toBe('D4');
    expect(paymentCountVariable(9)).toBe('D9');
    expect(paymentCountVariable(10)).toBe('D10P');
    expect(paymentCountVariable(14)).toBe('D10P');
  });
});
