import { describe, expect, it } from 'vitest';
import { hccsForCode, loadHccLabels, loadIcd10HccMap, mappedPaymentYears, modelsMappedIn } from './cms-hcc.js';
import { loadEcqmDirectReferenceCodes, loadEcqmValueSets, requireValueSet } from './ecqm.js';
import { loadAssignmentSpecialtyCodes, loadPrimaryCareServiceCodes, primaryCareCodesForYear } from './mssp.js';

describe('CMS-HCC loaders', () => {
  const map = loadIcd10HccMap();

  it('holds payment years 2020–2026 with the codes the source maps', () => {
    expect([...map.keys()]).toEqual([2020, 2021, 2022, 2023, 2024, 2025, 2026]);
    // Row counts per year in SOURCES.md: one entry per code, so never more codes than rows.
    expect(map.get(2020)?.size).toBeGreaterThan(9_000);
    expect(map.get(2023)?.size).toBeGreaterThan(9_000);
    expect(map.get(2026)?.size).toBeGreaterThan(9_000);
    expect(hccsForCode(map, 2026, 'E1122')).toEqual({ v24: [18], v28: [37] });
    expect(hccsForCode(map, 2026, 'E119')).toEqual({ v24: [19], v28: [38] });
    expect(hccsForCode(map, 2026, 'I5022')).toEqual({ v24: [85], v28: [226] });
    // Dialysis status pays in V24 only; V28 dropped it.
    expect(hccsForCode(map, 2026, 'Z992')).toEqual({ v24: [134], v28: [] });
    // A code that maps to two HCCs in both models.
    expect(hccsForCode(map, 2026, 'E1052')).toEqual({ v24: [18, 106], v28: [37, 263] });
    expect(hccsForCode(map, 2026, 'I10')).toBeUndefined();
  });

  it('maps V24 only in payment years 2020–2023 and both models from 2024, as the source does', () => {
    for (const year of [2020, 2021, 2022, 2023]) {
      expect(modelsMappedIn(map, year), String(year)).toEqual(['V24']);
    }
    for (const year of [2024, 2025, 2026]) {
      expect(modelsMappedIn(map, year), String(year)).toEqual(['V24', 'V28']);
    }
    expect(modelsMappedIn(map, 2019)).toEqual([]);
    expect(mappedPaymentYears(map, 'V24')).toEqual([2020, 2021, 2022, 2023, 2024, 2025, 2026]);
    expect(mappedPaymentYears(map, 'V28')).toEqual([2024, 2025, 2026]);
    // Type 2 diabetes with diabetic CKD: V24 HCC18 in 2023, no V28 column yet.
    expect(hccsForCode(map, 2023, 'E1122')).toEqual({ v24: [18], v28: [] });
  });

  it('labels every HCC of both models', () => {
    const labels = loadHccLabels();
    expect(labels.get('V24')?.size).toBe(86);
    expect(labels.get('V28')?.size).toBe(115);
    expect(labels.get('V28')?.get(37)).toBe('Diabetes with Chronic Complications');
    expect(labels.get('V24')?.get(85)).toBe('Congestive Heart Failure');
    expect(labels.get('V28')?.get(2)).toBe('Septicemia, Sepsis, Systemic Inflammatory Response Syndrome/Shock');
    const v28 = labels.get('V28');
    for (const mapping of map.get(2026)?.values() ?? []) {
      for (const hcc of mapping.v28) {
        expect(v28?.has(hcc)).toBe(true);
      }
    }
  });
});

describe('MSSP loaders', () => {
  it('reads the 139 primary care service codes with their performance years', () => {
    const codes = loadPrimaryCareServiceCodes();
    expect(codes).toHaveLength(139);
    const py2025 = primaryCareCodesForYear(codes, 2026);
    expect(py2025.has('99213')).toBe(true);
    expect(py2025.has('G0439')).toBe(true);
    expect(py2025.has('G0556')).toBe(true);
    expect(primaryCareCodesForYear(codes, 2024).has('G0556')).toBe(false);
    expect(codes.find((c) => c.code === '99308')?.conditionNote).toMatch(/SNF/i);
  });

  it('reads the assignment specialty roles', () => {
    const specialties = loadAssignmentSpecialtyCodes();
    expect(specialties).toHaveLength(27);
    const roleOf = (code: string) => specialties.find((s) => s.specialtyCode === code)?.role;
    expect(['01', '08', '11', '37', '38'].map(roleOf)).toEqual(Array(5).fill('primary_care_physician'));
    expect(['50', '89', '97'].map(roleOf)).toEqual(Array(3).fill('non_physician_practitioner'));
    expect(roleOf('06')).toBe('specialist_step2');
  });
});

describe('eCQM loaders', () => {
  const valueSets = loadEcqmValueSets();

  it('reads all 61 value sets with their 4,446 expanded codes', () => {
    expect(valueSets.size).toBe(61);
    expect([...valueSets.values()].reduce((n, vs) => n + vs.codes.length, 0)).toBe(4446);
  });

  it('maps code systems and removes the dot from ICD-10-CM codes', () => {
    const hba1c = requireValueSet(valueSets, '2.16.840.1.113883.3.464.1003.198.12.1013');
    expect(hba1c.title).toBe('HbA1c Laboratory Test');
    expect(hba1c.codes.map((c) => `${c.system ?? '?'}:${c.code}`).sort()).toEqual([
      'loinc:17855-8',
      'loinc:17856-6',
      'loinc:4548-4',
      'loinc:4549-2',
      'loinc:96595-4',
    ]);
    const hypertension = requireValueSet(valueSets, '2.16.840.1.113883.3.464.1003.104.12.1011');
    expect(hypertension.codes.filter((c) => c.system === 'icd10cm').map((c) => c.code)).toEqual(['I10']);
    const diabetes = requireValueSet(valueSets, '2.16.840.1.113883.3.464.1003.103.12.1001');
    expect(diabetes.codes.some((c) => c.system === 'icd10cm' && c.code === 'E119')).toBe(true);
    expect(diabetes.codes.every((c) => !c.code.includes('.') || c.system !== 'icd10cm')).toBe(true);
    const awv = requireValueSet(valueSets, '2.16.840.1.113883.3.526.3.1240');
    expect(awv.codes.filter((c) => c.system === 'hcpcs').map((c) => c.code)).toEqual(['G0402', 'G0438', 'G0439']);
    expect(() => requireValueSet(valueSets, '1.2.3')).toThrow(/not vendored/);
  });

  it('reads the CQL direct-reference codes', () => {
    const codes = loadEcqmDirectReferenceCodes();
    expect(codes).toHaveLength(138);
    const cms165 = codes.filter((c) => c.library === 'CMS165FHIRControllingHighBloodPressure');
    expect(cms165.map((c) => `${c.system ?? '?'}:${c.code}`)).toEqual(['loinc:8462-4', 'loinc:8480-6']);
    expect(codes.find((c) => c.code === '73832-8')?.name).toBe('Adult depression screening assessment');
    expect(codes.filter((c) => c.system === 'cpt').every((c) => c.name === '')).toBe(true);
  });
});

describe('value set identity', () => {
  it('keys value sets by the OID of their canonical URL, also when the resource id carries a version', () => {
    const valueSets = loadEcqmValueSets();
    const followUp = valueSets.get('2.16.840.1.113883.3.526.3.1568');
    expect(followUp?.title).toBe('Follow Up for Adult Depression');
    expect([...valueSets.keys()].every((oid) => /^[0-9.]+$/.test(oid))).toBe(true);
  });
});
