/**
 * CMS122 (inverse) on hand-built patients, claims first (hand-checked against the CQL): no test is poor control,
 * the lowest reading of the most recent day decides (9.1 in, 8.9 and 9.0 out), CPT II bands and Part B codes as
 * readings, a billed test without a result, units, and the exclusions.
 */
import { describe, expect, it } from 'vitest';
import { PERIOD, claim, clinical, facts, months, populationsOf, profile } from './__fixtures__/builders.js';
import { terminology } from './__fixtures__/test-terminology.js';
import { evaluateMeasure } from './evaluate.js';
import type { ClaimEvent, ClinicalEvent } from '@benchline/shared';
import type { MeasureResult } from './types.js';

const diabetic = (birthDate = '1966-08-08') => profile({ birthDate, sex: 'M' });
const visit = claim({ from: '2026-02-01', lines: ['99214'], diagnoses: ['E119'] });
const run = (claims: ClaimEvent[] = [], events: ClinicalEvent[] = [], birthDate?: string): MeasureResult =>
  evaluateMeasure('CMS122', facts(diabetic(birthDate), [visit, ...claims], events), PERIOD, terminology);
const hba1c = (date: string, value?: number, unit = '%') =>
  clinical({
    type: 'observation',
    system: 'loinc',
    code: '4548-4',
    date,
    ...(value === undefined ? {} : { quantity: [value, unit] as [number, string] }),
  });
const cptII = (code: string, date: string) => claim({ from: date, lines: [code] });

describe('CMS122 glycemic status > 9 % (inverse) — claims and labs', () => {
  it('a diabetic of 60 with a visit and no HbA1c or GMI is in the numerator (poor control)', () => {
    const result = run();
    expect(populationsOf(result)).toBe('1 1 0 0 1');
    expect(result.inverse).toBe(true);
    expect(result.evidence.initialPopulation.map((e) => e.role)).toEqual(['qualifying encounter', 'diabetes']);
  });

  it('HbA1c 9.1 % is poor control; 8.9 % and exactly 9.0 % are not', () => {
    expect(populationsOf(run([], [hba1c('2026-06-01', 9.1)]))).toBe('1 1 0 0 1');
    expect(populationsOf(run([], [hba1c('2026-06-01', 8.9)]))).toBe('1 1 0 0 0');
    expect(populationsOf(run([], [hba1c('2026-06-01', 9)]))).toBe('1 1 0 0 0');
  });

  it('the most recent day decides: 10 % in March then 7 % in September is controlled, and the reverse is not', () => {
    expect(populationsOf(run([], [hba1c('2026-03-01', 10), hba1c('2026-09-01', 7)]))).toBe('1 1 0 0 0');
    expect(populationsOf(run([], [hba1c('2026-03-01', 7), hba1c('2026-09-01', 10)]))).toBe('1 1 0 0 1');
  });

  it('two readings on the most recent day: the lowest decides', () => {
    const result = run([], [hba1c('2026-09-01', 9.4), hba1c('2026-09-01', 8.2)]);
    expect(populationsOf(result)).toBe('1 1 0 0 0');
    expect(result.evidence.numerator.map((e) => e.value)).toEqual(['8.2 %']);
  });

  it('a reading from before the period is no reading', () => {
    expect(populationsOf(run([], [hba1c('2025-12-31', 6.5)]))).toBe('1 1 0 0 1');
  });

  it('the most recent test without a result is poor control', () => {
    expect(populationsOf(run([], [hba1c('2026-03-01', 7), hba1c('2026-09-01')]))).toBe('1 1 0 0 1');
  });

  it('CPT II bands are readings: 3046F (> 9 %) is poor control, 3044F / 3051F / 3052F are not; the latest wins', () => {
    expect(populationsOf(run([cptII('3046F', '2026-05-01')]))).toBe('1 1 0 0 1');
    expect(populationsOf(run([cptII('3044F', '2026-05-01')]))).toBe('1 1 0 0 0');
    expect(populationsOf(run([cptII('3052F', '2026-05-01')]))).toBe('1 1 0 0 0');
    expect(populationsOf(run([cptII('3046F', '2026-03-01'), cptII('3051F', '2026-09-01')]))).toBe('1 1 0 0 0');
    expect(populationsOf(run([cptII('3051F', '2026-03-01'), cptII('3046F', '2026-09-01')]))).toBe('1 1 0 0 1');
  });

  it('Part B: M1211 (met = poor control) and M1372 (not met) are readings too', () => {
    expect(populationsOf(run([cptII('M1211', '2026-05-01')]))).toBe('1 1 0 0 1');
    expect(populationsOf(run([cptII('M1372', '2026-05-01')]))).toBe('1 1 0 0 0');
  });

  it('a billed HbA1c (83036) alone is a test without a result; with a lab value that day, the value decides', () => {
    expect(populationsOf(run([cptII('83036', '2026-05-01')]))).toBe('1 1 0 0 1');
    expect(populationsOf(run([cptII('83036', '2026-05-01')], [hba1c('2026-05-01', 7)]))).toBe('1 1 0 0 0');
    // A later billed test with no result reopens: the most recent assessment has none.
    expect(populationsOf(run([cptII('83036', '2026-10-01')], [hba1c('2026-05-01', 7)]))).toBe('1 1 0 0 1');
  });

  it('a result in a unit other than % cannot be compared with 9 %: not evaluable', () => {
    const result = run([], [hba1c('2026-05-01', 64, 'mmol/mol')]);
    expect(populationsOf(result)).toBe('not evaluable');
    expect(result.reason).toContain('mmol/mol');
  });

  it('a GMI (97506-0) counts as a glycemic status assessment', () => {
    const gmi = clinical({
      type: 'observation',
      system: 'loinc',
      code: '97506-0',
      date: '2026-08-01',
      quantity: [7.2, '%'],
    });
    expect(populationsOf(run([], [gmi]))).toBe('1 1 0 0 0');
  });

  it('ages 18 to 75; a diabetes diagnosis and a qualifying visit in the period are both needed', () => {
    expect(populationsOf(run([], [], '1950-12-31'))).toBe('0 0 0 0 0'); // 76
    expect(populationsOf(run([], [], '1951-01-01'))).toBe('1 1 0 0 1'); // 75
    const noDiabetes = claim({ from: '2026-02-01', lines: ['99214'] });
    expect(populationsOf(evaluateMeasure('CMS122', facts(diabetic(), [noDiabetes]), PERIOD, terminology))).toBe(
      '0 0 0 0 0',
    );
    const nutrition = claim({ from: '2026-02-01', lines: ['97802'], diagnoses: ['E119'] });
    expect(populationsOf(evaluateMeasure('CMS122', facts(diabetic(), [nutrition]), PERIOD, terminology))).toBe(
      '1 1 0 0 1',
    );
  });

  it('the EHR diagnosis must be an encounter diagnosis (not only on the problem list), verified, any coding', () => {
    const office = claim({ from: '2026-02-01', lines: ['99214'] });
    const diabetes = (fields: Partial<ClinicalEvent>, code = 'E119') =>
      clinical({ type: 'condition', system: 'icd10cm', code, date: '2025-03-03', fields });
    const evaluate = (event: ClinicalEvent) =>
      evaluateMeasure('CMS122', facts(diabetic(), [office], [event]), PERIOD, terminology);
    const encounterDiagnosis = evaluate(diabetes({ category: ['encounter-diagnosis'] }));
    expect(populationsOf(encounterDiagnosis)).toBe('1 1 0 0 1');
    expect(encounterDiagnosis.notes).toEqual([]);
    expect(populationsOf(evaluate(diabetes({ category: ['problem-list-item'] })))).toBe('0 0 0 0 0');
    expect(
      populationsOf(evaluate(diabetes({ category: ['encounter-diagnosis'], verificationStatus: 'refuted' }))),
    ).toBe('0 0 0 0 0');
    expect(
      populationsOf(evaluate(diabetes({ category: ['encounter-diagnosis'], verificationStatus: 'provisional' }))),
    ).toBe('1 1 0 0 1');
    // The value set is matched by any coding: a local first code with the ICD-10-CM one beside it.
    const secondCoding = diabetes(
      { category: ['encounter-diagnosis'], additionalCodes: [{ system: 'icd10cm', code: 'E119' }] },
      'R739',
    );
    expect(populationsOf(evaluate(secondCoding))).toBe('1 1 0 0 1');
    // A source that states no category: read as an encounter diagnosis, and the result says so.
    const unstated = evaluate(diabetes({}));
    expect(populationsOf(unstated)).toBe('1 1 0 0 1');
    expect(unstated.notes).toEqual([expect.stringContaining('category the source does not state')]);
  });

  describe('exclusions', () => {
    it('palliative care diagnosis (Z51.5) in the period', () => {
      expect(populationsOf(run([claim({ from: '2026-04-04', lines: ['99214'], diagnoses: ['Z515'] })]))).toBe(
        '1 1 1 0 0',
      );
    });

    it('a Part B exclusion code (G9687) in the period', () => {
      expect(populationsOf(run([cptII('G9687', '2026-04-04')]))).toBe('1 1 1 0 0');
    });

    it('66 or older in a nursing home, by the latest housing-status assessment', () => {
      const nursingHome = clinical({
        type: 'observation',
        system: 'loinc',
        code: '71802-3',
        date: '2026-03-01',
        coding: ['snomed', '160734000'],
      });
      expect(populationsOf(run([], [nursingHome], '1958-01-01'))).toBe('1 1 1 0 0');
      expect(populationsOf(run([], [nursingHome], '1962-01-01'))).toBe('1 1 0 0 1'); // 64
      const movedOut = clinical({
        type: 'observation',
        system: 'loinc',
        code: '71802-3',
        date: '2026-09-01',
        coding: ['snomed', '160943002'],
      });
      expect(populationsOf(run([], [nursingHome, movedOut], '1958-01-01'))).toBe('1 1 0 0 1');
    });

    it('hospice months in the enrolment file overlapping the period', () => {
      const enrolled = profile({ birthDate: '1966-08-08', months: months('2026-11', '2026-12', { hospice: true }) });
      expect(populationsOf(evaluateMeasure('CMS122', facts(enrolled, [visit]), PERIOD, terminology))).toBe('1 1 1 0 0');
    });
  });
});
