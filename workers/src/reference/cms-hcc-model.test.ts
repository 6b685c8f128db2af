import { describe, expect, it } from 'vitest';
import { loadHccLabels } from './cms-hcc.js';
import {
  DX_EDITS_FILE,
  INTERACTIONS_FILE,
  loadChronicHccs,
  loadCmsHccTables,
  loadCoefficients,
  loadEligibleProcedureCodes,
  loadHierarchies,
  loadPaymentYearAdjustments,
  parseCoefficients,
  parseModelLogic,
  parsePaymentYearAdjustments,
  toThousandths,
} from './cms-hcc-model.js';
import { RISK_SEGMENTS } from './cms-hcc-segments.js';
import { readReferenceText } from './reference-files.js';
import { parseSasRegressionVariables } from './sas-macros.js';

const v24MainMacro = readReferenceText('cms-hcc/sas/V2422P2M.TXT');

describe('coefficients', () => {
  const coefficients = loadCoefficients();

  it('holds both models in integer thousandths, keyed by segment and CMS variable name', () => {
    // Reference §3.3 / §3.5 values, read off CMS's tables.
    expect(coefficients.get('V28')?.get('CNA')?.get('F70_74')).toBe(395);
    expect(coefficients.get('V24')?.get('CNA')?.get('F70_74')).toBe(386);
    expect(coefficients.get('V28')?.get('CNA')?.get('HCC17')).toBe(4209);
    expect(coefficients.get('V24')?.get('CNA')?.get('HCC17')).toBe(302);
    expect(coefficients.get('V28')?.get('INS')?.get('LTIMCAID')).toBe(130);
    expect(coefficients.get('V24')?.get('INS')?.get('LTIMCAID')).toBe(61);
    expect(coefficients.get('V28')?.get('CFA')?.get('OriginallyDisabled_Female')).toBe(160);
    expect(coefficients.get('V28')?.get('NE')?.get('NMCAID_ORIGDIS_NEF70_74')).toBe(1276);
    const count = (model: 'V24' | 'V28'): number =>
      [...(coefficients.get(model)?.values() ?? [])].reduce((n, variables) => n + variables.size, 0);
    expect(count('V24')).toBe(1039);
    expect(count('V28')).toBe(1237);
  });

  it("gives each segment exactly the variables of its regression in CMS's main macro", () => {
    const labels = loadHccLabels();
    const hccList = (model: 'V24' | 'V28'): string[] =>
      [...(labels.get(model)?.keys() ?? [])].sort((a, b) => a - b).map((hcc) => `HCC${hcc}`);
    const regressions = {
      V28: parseSasRegressionVariables(readReferenceText('cms-hcc/sas/V2823T2M.TXT'), {
        HCCV28_list115: hccList('V28'),
      }),
      V24: parseSasRegressionVariables(v24MainMacro, { HCCV24_list86: hccList('V24') }),
    };
    for (const model of ['V24', 'V28'] as const) {
      for (const segment of RISK_SEGMENTS) {
        const fromSas = regressions[model].get(segment);
        const vendored = [...(coefficients.get(model)?.get(segment)?.keys() ?? [])];
        expect(fromSas, `${model} ${segment}`).toBeDefined();
        expect(new Set(vendored), `${model} ${segment}`).toEqual(new Set(fromSas));
        expect(vendored, `${model} ${segment}`).toHaveLength(fromSas?.length ?? -1);
      }
    }
    // V24's institutional regression has no payment-HCC count terms; V28's has them.
    expect(regressions.V24.get('INS')).not.toContain('D10P');
    expect(regressions.V28.get('INS')).toContain('D10P');
  });

  it('rejects a factor with more than three decimals', () => {
    expect(toThousandths('0.395')).toBe(395);
    expect(toThousandths('0')).toBe(0);
    expect(() => toThousandths('0.3951')).toThrow(/three decimals/);
    expect(() => parseCoefficients('model,segment,variable,coefficient\nV29,CNA,F65_69,0.1\n')).toThrow(/V29/);
    expect(() => parseCoefficients('model,segment,variable,coefficient\nV28,XXX,F65_69,0.1\n')).toThrow(/XXX/);
  });
});

describe('hierarchies, interactions, exclusions, edits', () => {
  const tables = loadCmsHccTables();

  it('keeps the hierarchy rules in CMS order', () => {
    const hierarchies = loadHierarchies();
    expect(hierarchies.get('V28')).toHaveLength(60);
    expect(hierarchies.get('V24')).toHaveLength(37);
    expect(hierarchies.get('V28')?.find((rule) => rule.parent === 224)).toEqual({
      parent: 224,
      children: [225, 226, 227],
    });
    expect(hierarchies.get('V24')?.[0]).toEqual({ parent: 8, children: [9, 10, 11, 12] });
    expect(hierarchies.get('V24')?.find((rule) => rule.parent === 166)?.children).toEqual([80, 167]);
  });

  it('has the interactions of both models from their vendored main macros', () => {
    const v28 = tables.interactions.get('V28') ?? [];
    expect(v28.filter((v) => v.kind === 'product').map((v) => v.variable)).toEqual([
      'DIABETES_HF_V28',
      'HF_CHR_LUNG_V28',
      'HF_KIDNEY_V28',
      'CHR_LUNG_CARD_RESP_FAIL_V28',
      'HF_HCC238_V28',
      'gSubUseDisorder_gPsych_V28',
      'DISABLED_CANCER_V28',
      'DISABLED_NEURO_V28',
      'DISABLED_HF_V28',
      'DISABLED_CHR_LUNG_V28',
      'DISABLED_ULCER_V28',
    ]);
    expect(tables.interactions.get('V24')?.find((v) => v.variable === 'HCC85_gRenal_V24')?.operands).toEqual([
      'HCC85',
      'RENAL_V24',
    ]);
    // V2422P2M: 10 diagnostic groups, then 7 community and 15 institutional products (DISABLED_* included).
    const v24 = tables.interactions.get('V24') ?? [];
    expect(v24.filter((v) => v.kind === 'group').map((v) => v.variable)).toEqual([
      'CANCER',
      'DIABETES',
      'CARD_RESP_FAIL',
      'CHF',
      'gCopdCF',
      'RENAL_V24',
      'SEPSIS',
      'gSubstanceUseDisorder_V24',
      'gPsychiatric_V24',
      'PRESSURE_ULCER',
    ]);
    expect(v24.filter((v) => v.kind === 'product')).toHaveLength(22);
    expect(v24.find((v) => v.variable === 'gSubstanceUseDisorder_gPsych')?.operands).toEqual([
      'gSubstanceUseDisorder_V24',
      'gPsychiatric_V24',
    ]);
    expect(v24.find((v) => v.variable === 'DISABLED_HCC6')?.operands).toEqual(['DISABL', 'HCC6']);
    expect(tables.ccExclusions.get('V28')).toEqual([{ cc: 223, unlessAnyOf: [221, 222, 224, 225, 226] }]);
    expect(tables.ccExclusions.get('V24')).toBeUndefined();
  });

  it('names every interaction a coefficient uses, and gives every product a coefficient somewhere', () => {
    for (const model of ['V24', 'V28'] as const) {
      const products = new Set(
        (tables.interactions.get(model) ?? []).filter((v) => v.kind === 'product').map((v) => v.variable),
      );
      const variables = new Set(
        [...(tables.coefficients.get(model)?.values() ?? [])].flatMap((segment) => [...segment.keys()]),
      );
      const interactionLike = [...variables].filter(
        (v) =>
          !/^(HCC\d+|[FM]\d+_(\d+|GT)|D\d+P?|N?MCAID_N?ORIGDIS_NE[FM].*|OriginallyDisabled_(Female|Male))$/.test(v) &&
          v !== 'LTIMCAID' &&
          v !== 'ORIGDS',
      );
      expect(new Set(interactionLike), model).toEqual(products);
    }
  });

  it('reads the age/sex edits by model and code', () => {
    expect(tables.dxEdits.get('V28')?.get('D66')).toEqual([
      expect.objectContaining({ editType: 'sex', sex: 'F', action: 'override', ccOverride: 112 }),
    ]);
    expect(tables.dxEdits.get('V28')?.get('C50A1')?.[0]).toMatchObject({ ageMax: 49, ccOverride: 22 });
    expect(tables.dxEdits.get('V28')?.get('P040')?.[0]).toMatchObject({ ageMin: 2, action: 'invalid' });
    expect(tables.dxEdits.get('V24')?.get('D66')?.[0]).toMatchObject({ sex: 'F', ccOverride: 48 });
    expect(tables.dxEdits.get('V24')?.get('F3481')).toHaveLength(2);
  });

  it("reads V24's mandatory edits as CMS's edit macro V24I0ED2 states them", () => {
    const v24 = [...(tables.dxEdits.get('V24')?.values() ?? [])].flat();
    // D66/D67 in women → CC48; 14 chronic bronchitis / emphysema / COPD codes under 18 → CC112; F34.81 outside 6–18.
    expect(v24).toHaveLength(18);
    expect(v24.filter((edit) => edit.ccOverride === 112).every((edit) => edit.ageMax === 17)).toBe(true);
    expect(v24.filter((edit) => edit.ccOverride === 112).map((edit) => edit.icd10)).toEqual([
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
    ]);
    expect(tables.dxEdits.get('V24')?.get('F3481')).toEqual([
      expect.objectContaining({ editType: 'age', ageMin: null, ageMax: 5, action: 'invalid', ccOverride: null }),
      expect.objectContaining({ editType: 'age', ageMin: 19, ageMax: null, action: 'invalid', ccOverride: null }),
    ]);
    expect(v24.every((edit) => edit.description.endsWith('(V24I0ED2)'))).toBe(true);
  });

  it('refuses vendored interactions or edits that miss a model', () => {
    const interactions = readReferenceText(INTERACTIONS_FILE);
    const edits = readReferenceText(DX_EDITS_FILE);
    const withoutV24 = (csv: string): string =>
      csv
        .split('\n')
        .filter((line) => !line.startsWith('V24,'))
        .join('\n');
    expect(parseModelLogic(interactions, edits).dxEdits.get('V24')?.get('J449')?.[0]).toMatchObject({
      ccOverride: 112,
    });
    expect(() => parseModelLogic(withoutV24(interactions), edits)).toThrow(/interactions\.csv has no V24 rows/);
    expect(() => parseModelLogic(interactions, withoutV24(edits))).toThrow(/dx-edits\.csv has no V24 rows/);
  });
});

describe('eligible codes, payment-year adjustments, chronic flags', () => {
  it('reads the 2026 risk-adjustment-eligible CPT/HCPCS list', () => {
    const eligible = loadEligibleProcedureCodes();
    expect(eligible.listYear).toBe(2026);
    expect(eligible.codes.size).toBe(6747);
    expect(['99213', 'G0439', '99309'].every((code) => eligible.codes.has(code))).toBe(true);
    expect(['80053', '83036', '71046', '36415'].some((code) => eligible.codes.has(code))).toBe(false);
  });

  it('keeps each factor with its confidence', () => {
    const adjustments = loadPaymentYearAdjustments();
    const row = (year: number, model: string) => adjustments.find((a) => a.paymentYear === year && a.model === model);
    expect(row(2025, 'V24')).toMatchObject({ blendWeight: 0.33, ffsNormalizationFactor: 1.153, confidence: 'medium' });
    expect(row(2025, 'V28')).toMatchObject({ blendWeight: 0.67, ffsNormalizationFactor: 1.045 });
    expect(row(2026, 'V28')).toMatchObject({ blendWeight: 1, ffsNormalizationFactor: 1.067, confidence: 'low' });
    expect(row(2026, 'V28')?.source).toMatch(/VERIFY/);
    expect(row(2024, 'V28')).toMatchObject({ maCodingPatternAdjustment: 0.059, confidence: 'high' });
    const header = 'payment_year,model,model_label,blend_weight_non_pace,ffs_normalization_factor,';
    expect(() =>
      parsePaymentYearAdjustments(`${header}ma_coding_pattern_adjustment,confidence,source\n2026,V28,x,1,1,0,sure,s\n`),
    ).toThrow(/confidence/);
  });

  it('flags chronic payment HCCs of both models (a third-party classification)', () => {
    const chronic = loadChronicHccs();
    expect(chronic.get('V28')?.has(37)).toBe(true);
    expect(chronic.get('V28')?.has(226)).toBe(true);
    expect(chronic.get('V28')?.has(2)).toBe(false);
    expect(chronic.get('V24')?.has(85)).toBe(true);
  });
});
