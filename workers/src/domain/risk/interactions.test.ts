import { describe, expect, it } from 'vitest';
import { tables } from './__fixtures__/members.js';
import { activeInteractions, paymentCountVariable } from './interactions.js';
import { prepareModel } from './prepared-model.js';

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
