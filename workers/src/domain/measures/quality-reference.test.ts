/**
 * The vendoring transforms on small inputs, the vendored files as the engine reads them, the CQL direct codes
 * against the vendored direct-reference-codes.csv, and the compiled terminology (supplements, missing value sets).
 */
import { describe, expect, it } from 'vitest';
import { loadEcqmDirectReferenceCodes } from '../../reference/ecqm.js';
import { readReferenceText } from '../../reference/reference-files.js';
import { benchmarks, terminology, valueSets } from './__fixtures__/test-terminology.js';
import { partBBloodPressureCodes } from './cms165-blood-pressure.js';
import {
  QUALITY_REFERENCE_FILES,
  deriveBenchmarks,
  derivePartBQualityCodes,
  deriveValueSetSupplements,
  parsePartBQualityCodes,
  parseValueSetSupplements,
} from './quality-reference.js';
import { compileTerminology } from './terminology.js';
import { CODES, VS } from './value-sets.js';

describe('vendoring transforms', () => {
  it('Part B codes: keeps the five measures’ performance options, drops eligibility rows, joins codes with +', () => {
    const source = [
      'performance_year,quality_id,option_type,option_group,min_age,max_age,sex,diagnosis_codes,diagnosis_exclusion_codes,procedure_or_quality_codes,other_keys',
      '2025,236,eligibility,00,18.0,85.0,,I10,,99213;99214,',
      '2025,236,performanceMet,00,,,,,,G8752 + G8754,',
      '2025,113,performanceNotMet,00,,,,,,3017F-8P,',
      '2025,024,performanceNotMet,00,,,,,,5015F-8P,',
    ].join('\n');
    const derived = derivePartBQualityCodes(source);
    expect(derived).toBe(
      'performance_year,quality_id,option_type,codes\n2025,236,performanceMet,G8752+G8754\n2025,113,performanceNotMet,3017F-8P\n',
    );
    expect(parsePartBQualityCodes(derived)).toEqual([
      {
        qualityId: '236',
        optionType: 'performanceMet',
        codes: [
          { code: 'G8752', modifiers: [] },
          { code: 'G8754', modifiers: [] },
        ],
      },
      { qualityId: '113', optionType: 'performanceNotMet', codes: [{ code: '3017F', modifiers: ['8P'] }] },
    ]);
    expect(() => derivePartBQualityCodes(source.replace('3017F-8P', '3017F; 3018F'))).toThrow(
      /Unexpected quality codes/,
    );
  });

  it('benchmarks: the five measures and their SSP rows, percentiles in order', () => {
    const row = (measureId: string, inverse: boolean) => ({
      measureId,
      benchmarkYear: 2024,
      performanceYear: 2026,
      submissionMethod: 'registry',
      isInverse: inverse,
      isToppedOut: false,
      percentiles: {
        '1': 1,
        '10': 10,
        '20': 20,
        '30': 30,
        '40': 40,
        '50': 50,
        '60': 60,
        '70': 70,
        '80': 80,
        '90': 90,
        '99': 99,
      },
      averagePerformanceRate: null,
    });
    const derived = deriveBenchmarks(JSON.stringify([row('001SSP', true), row('226', false)]));
    expect(derived.split('\n')[1]).toBe('001SSP,2024,2026,registry,true,false,1,10,20,30,40,50,60,70,80,90,99,');
    expect(derived.split('\n')).toHaveLength(3);
  });

  it('value-set supplements: only for truncated expansions, only the codes they lack, ICD-10 without the dot', () => {
    const expansion = (oid: string, total: number, codes: string[]) =>
      JSON.stringify({
        url: `http://cts.nlm.nih.gov/fhir/ValueSet/${oid}`,
        title: `VS ${oid}`,
        expansion: { total, contains: codes.map((code) => ({ system: 'http://hl7.org/fhir/sid/icd-10-cm', code })) },
      });
    const codeList = [
      'cms_measure,quality_id,measure_title,cql_library,value_set_name,value_set_oid,value_set_version,code_system,code,display',
      'CMS1,001,t,l,VS 1.2,1.2,1,ICD10CM,A00.1,x',
      'CMS1,001,t,l,VS 1.2,1.2,1,ICD10CM,A00.2,x',
      'CMS1,001,t,l,VS 1.3,1.3,1,ICD10CM,B00.9,x',
    ].join('\n');
    const derived = deriveValueSetSupplements(
      [expansion('1.2', 2, ['A00.1']), expansion('1.3', 1, ['B00.1'])],
      codeList,
    );
    expect(parseValueSetSupplements(derived)).toEqual([{ oid: '1.2', system: 'icd10cm', code: 'A002' }]);
  });
});

describe('vendored quality reference', () => {
  it('supplements exactly the two expansions VSAC truncated at 1,000 codes', () => {
    const supplements = parseValueSetSupplements(readReferenceText(QUALITY_REFERENCE_FILES.valueSetSupplements.target));
    expect([...new Set(supplements.map((s) => s.oid))]).toEqual([VS.advancedIllness, VS.pregnancy]);
    // Dementia (G30.9) is an advanced illness only through the supplement: the expansion stops at SNOMED.
    expect(valueSets.get(VS.advancedIllness)?.codes.some((c) => c.code === 'G309')).toBe(false);
    expect(terminology.inValueSet(VS.advancedIllness, 'icd10cm', 'G309')).toBe(true);
  });

  it('Part B options cover the five measures; CMS165 reads exactly the codes its options use', () => {
    const options = parsePartBQualityCodes(readReferenceText(QUALITY_REFERENCE_FILES.partBQualityCodes.target));
    expect([...new Set(options.map((o) => o.qualityId))].sort()).toEqual(['001', '112', '113', '134', '236']);
    const bloodPressureCodes = options
      .filter((o) => o.qualityId === '236' && o.optionType !== 'eligiblePopulationExclusion')
      .flatMap((o) => o.codes.map((c) => c.code))
      .filter((code) => code !== 'G8756'); // "no blood pressure recorded": no reading
    expect([...new Set(bloodPressureCodes)].sort()).toEqual([...partBBloodPressureCodes()].sort());
  });

  it('every measure has an SSP benchmark row for 2026', () => {
    for (const id of ['001SSP', '112SSP', '113SSP', '134SSP', '236SSP']) {
      expect(benchmarks.find((b) => b.measureId === id)?.performanceYear, id).toBe(2026);
    }
  });

  it('every direct-reference code the engine uses is declared by the CQL (direct-reference-codes.csv)', () => {
    const declared = new Set(
      loadEcqmDirectReferenceCodes().map((code) => `${code.library}|${code.system ?? ''}|${code.code}`),
    );
    for (const [name, code] of Object.entries(CODES)) {
      expect(declared.has(`${code.library}|${code.system}|${code.code}`), name).toBe(true);
    }
  });
});

describe('compiled terminology', () => {
  it('refuses to compile without a value set the measures read', () => {
    const partial = [...valueSets.values()].filter((valueSet) => valueSet.oid !== VS.mammography);
    expect(() => compileTerminology({ valueSets: partial, partBCodes: [] })).toThrow(VS.mammography);
  });

  it('reads CPT and HCPCS as one namespace, and ICD-10-CM without dots', () => {
    expect(terminology.inValueSet(VS.officeVisit, 'hcpcs', '99213')).toBe(true);
    expect(terminology.inValueSet(VS.annualWellnessVisit, 'cpt', 'G0438')).toBe(true);
    expect(terminology.inValueSet(VS.diabetes, 'icd10cm', 'E119')).toBe(true);
    expect(terminology.inValueSet(VS.diabetes, 'snomed', 'E119')).toBe(false);
  });
});
