import { describe, expect, it } from 'vitest';
import { tables } from './__fixtures__/members.js';
import { ccsForDiagnosis, mappingForYear, resolveMappingYear } from './mapping.js';
import { prepareModel } from './prepared-model.js';

const v28 = prepareModel(tables, 'V28');
const v24 = prepareModel(tables, 'V24');
const ccs = (code: string, year: number, model = v28, age = 70, sex: 'F' | 'M' = 'F'): readonly number[] =>
  ccsForDiagnosis(code, model, mappingForYear(tables, year), age, sex).ccs;

describe('ICD-10 → CC by payment year', () => {
  it('maps a code valid in one payment year and not the next (G20 became G20A1)', () => {
    // Parkinson's disease: G20 was replaced by G20A1… in FY2024; payment year 2024 still maps both.
    expect(ccs('G20', 2024)).toEqual([199]);
    expect(ccs('G20', 2025)).toEqual([]);
    expect(ccs('G20A1', 2025)).toEqual([199]);
    expect(ccs('G20A1', 2025, v24)).toEqual([78]);
    // Bulimia nervosa F502 pays in 2025 and is gone in 2026; G35A (multiple sclerosis) is new in 2026.
    expect(ccs('F502', 2025)).toEqual([153]);
    expect(ccs('F502', 2026)).toEqual([]);
    expect(ccs('G35A', 2025)).toEqual([]);
    expect(ccs('G35A', 2026)).toEqual([198]);
  });

  it('maps V24 by payment year back to 2020: codes retired and added by the ICD-10-CM updates', () => {
    // Persistent atrial fibrillation I48.1 was split into I48.11 / I48.19 in FY2020: payment year 2020 (2019
    // services) maps both to V24 HCC96, 2021 only the new codes.
    expect(ccs('I481', 2020, v24)).toEqual([96]);
    expect(ccs('I481', 2021, v24)).toEqual([]);
    expect(ccs('I4811', 2020, v24)).toEqual([96]);
    // CKD stage 3 N18.3 became N18.30–N18.32 in FY2021: N183 → HCC138 through 2021, N1830 from 2021.
    expect(ccs('N183', 2021, v24)).toEqual([138]);
    expect(ccs('N183', 2022, v24)).toEqual([]);
    expect(ccs('N1830', 2020, v24)).toEqual([]);
    expect(ccs('N1830', 2022, v24)).toEqual([138]);
    // Ventricular tachycardia I47.2 became I47.20 / I47.21 / I47.29 in FY2023: I472 → HCC96 through 2023.
    expect(ccs('I472', 2023, v24)).toEqual([96]);
    expect(ccs('I472', 2024, v24)).toEqual([]);
    expect(ccs('I4720', 2022, v24)).toEqual([]);
    expect(ccs('I4720', 2023, v24)).toEqual([96]);
    // Parkinson's G20 before its FY2024 split: 2023 maps G20 only.
    expect(ccs('G20', 2023, v24)).toEqual([78]);
    expect(ccs('G20A1', 2023, v24)).toEqual([]);
  });

  it('has no V28 before payment year 2024: asking for it is an error, not an empty mapping', () => {
    expect(mappingForYear(tables, 2023, 'V24').get('E119')).toEqual({ v24: [19], v28: [] });
    expect(() => mappingForYear(tables, 2023, 'V28')).toThrow(
      /2023 has no V28 HCCs \(V28 is mapped for 2024, 2025, 2026\)/,
    );
    expect(() => mappingForYear(tables, 2019, 'V24')).toThrow(/2019/);
    expect(resolveMappingYear(tables, 2023)).toEqual({ year: 2023, exact: true });
    expect(resolveMappingYear(tables, 2023, 'V24')).toEqual({ year: 2023, exact: true });
    expect(() => resolveMappingYear(tables, 2023, 'V28')).toThrow(/No V28 ICD-10 → HCC mapping for payment year 2023/);
    expect(resolveMappingYear(tables, 2027, 'V28')).toEqual({ year: 2026, exact: false });
  });

  it('gives a code its two CCs when it maps to two', () => {
    expect(ccs('E1052', 2026)).toEqual([37, 263]);
    expect(ccs('E1052', 2026, v24)).toEqual([18, 106]);
    expect(ccs('I10', 2026)).toEqual([]);
  });

  it('refuses a payment year it has no mapping for, or resolves to the latest earlier one when asked', () => {
    expect(() => mappingForYear(tables, 2027)).toThrow(/2027/);
    expect(resolveMappingYear(tables, 2027)).toEqual({ year: 2026, exact: false });
    expect(resolveMappingYear(tables, 2025)).toEqual({ year: 2025, exact: true });
    expect(() => resolveMappingYear(tables, 2019)).toThrow(/2019/);
  });
});

describe('age/sex edits', () => {
  it('sends hemophilia in a woman to CC112 (V28) / CC48 (V24), and leaves a man on the mapping', () => {
    expect(ccs('D66', 2026, v28, 70, 'F')).toEqual([112]);
    expect(ccs('D66', 2026, v28, 70, 'M')).toEqual([111]);
    expect(ccs('D66', 2026, v24, 70, 'F')).toEqual([48]);
    expect(ccs('D66', 2026, v24, 70, 'M')).toEqual([46]);
    expect(ccsForDiagnosis('D66', v28, mappingForYear(tables, 2026), 70, 'F').edit?.description).toMatch(/female/);
  });

  it('drops COPD codes under 18 in V28 (CC112 in V24) and keeps them from 18', () => {
    expect(ccs('J449', 2026, v28, 17)).toEqual([]);
    expect(ccs('J449', 2026, v28, 18)).toEqual([280]);
    expect(ccs('J449', 2026, v24, 17)).toEqual([112]);
    expect(ccs('J449', 2026, v24, 18)).toEqual([111]);
  });

  it('raises breast cancer under 50 to CC22 in V28', () => {
    expect(ccs('C50911', 2026, v28, 49)).toEqual([22]);
    expect(ccs('C50911', 2026, v28, 50)).toEqual([23]);
  });

  it('invalidates disruptive mood dysregulation disorder outside ages 6–18 in V24', () => {
    expect(ccs('F3481', 2026, v24, 30)).toEqual([]);
    expect(ccs('F3481', 2026, v24, 12)).toEqual([59]);
  });
});
