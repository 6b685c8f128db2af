/**
 * CMS130 on hand-built, claims-only patients (hand-checked against the CQL): each modality's lookback at its
 * boundary (colonoscopy 10 years, sigmoidoscopy and CT colonography 5, sDNA-FIT 3, FOBT this year), the strata,
 * and the exclusions.
 */
import { describe, expect, it } from 'vitest';
import { PERIOD, claim, clinical, facts, populationsOf, profile } from './__fixtures__/builders.js';
import { terminology } from './__fixtures__/test-terminology.js';
import { evaluateMeasure } from './evaluate.js';
import type { MeasureResult, PatientFacts } from './types.js';

const run = (patient: PatientFacts): MeasureResult => evaluateMeasure('CMS130', patient, PERIOD, terminology);
const person = (birthDate = '1970-03-03') => profile({ birthDate, sex: 'M' });
const visit = claim({ from: '2026-02-10', lines: ['99214'] });
const screening = (code: string, date: string) => claim({ from: date, lines: [code] });
const numerator = (code: string, date: string): string =>
  populationsOf(run(facts(person(), [visit, screening(code, date)])));

describe('CMS130 colorectal cancer screening — claims only', () => {
  it('a 56-year-old with an office visit and no screening: denominator, not numerator', () => {
    const result = run(facts(person(), [visit]));
    expect(populationsOf(result)).toBe('1 1 0 0 0');
    expect(result.stratum).toBe('Stratification 2 (50–75)');
  });

  it('colonoscopy: 9 years before the period start counts, 10 years before does not', () => {
    expect(numerator('45378', '2017-06-01')).toBe('1 1 0 0 1');
    expect(numerator('45378', '2017-01-01')).toBe('1 1 0 0 1');
    expect(numerator('45378', '2016-12-31')).toBe('1 1 0 0 0');
    expect(numerator('45378', '2016-06-01')).toBe('1 1 0 0 0');
    expect(numerator('G0121', '2020-01-01')).toBe('1 1 0 0 1');
  });

  it('FOBT/FIT: this year counts, last year does not', () => {
    expect(numerator('82274', '2026-02-01')).toBe('1 1 0 0 1');
    expect(numerator('82274', '2025-12-31')).toBe('1 1 0 0 0');
    expect(numerator('G0328', '2026-12-31')).toBe('1 1 0 0 1');
  });

  it('sDNA-FIT: the period and the 2 years before (from 1 Jan 2024)', () => {
    expect(numerator('81528', '2024-01-01')).toBe('1 1 0 0 1');
    expect(numerator('81528', '2023-12-31')).toBe('1 1 0 0 0');
  });

  it('flexible sigmoidoscopy and CT colonography: the period and the 4 years before (from 1 Jan 2022)', () => {
    expect(numerator('45330', '2022-01-01')).toBe('1 1 0 0 1');
    expect(numerator('45330', '2021-12-31')).toBe('1 1 0 0 0');
    expect(numerator('74263', '2022-01-01')).toBe('1 1 0 0 1');
    expect(numerator('74263', '2021-12-31')).toBe('1 1 0 0 0');
  });

  it('a screening after the period does not count; one marked not performed (8P) does not count', () => {
    expect(numerator('45378', '2027-01-02')).toBe('1 1 0 0 0');
    const notDone = claim({ from: '2026-05-01', lines: [{ code: '45378', date: '2026-05-01', modifiers: ['8P'] }] });
    expect(populationsOf(run(facts(person(), [visit, notDone])))).toBe('1 1 0 0 0');
  });

  it('Part B 3017F in the period is the numerator; 3017F-8P (not met) is not', () => {
    expect(populationsOf(run(facts(person(), [claim({ from: '2026-06-01', lines: ['99214', '3017F'] })])))).toBe(
      '1 1 0 0 1',
    );
    const notMet = claim({
      from: '2026-06-01',
      lines: ['99214', { code: '3017F', date: '2026-06-01', modifiers: ['8P'] }],
    });
    expect(populationsOf(run(facts(person(), [notMet])))).toBe('1 1 0 0 0');
  });

  it('an EHR FIT result with a value in the period counts; one still preliminary does not', () => {
    const fit = clinical({
      type: 'observation',
      system: 'loinc',
      code: '29771-3',
      date: '2026-03-01',
      coding: ['snomed', '260385009'],
    });
    expect(populationsOf(run(facts(person(), [visit], [fit])))).toBe('1 1 0 0 1');
    const preliminary = clinical({
      type: 'observation',
      system: 'loinc',
      code: '29771-3',
      date: '2026-03-01',
      status: 'preliminary',
    });
    expect(populationsOf(run(facts(person(), [visit], [preliminary])))).toBe('1 1 0 0 0');
  });

  it('a final FIT result whose value the canonical model did not carry counts, and says so', () => {
    const fit = clinical({ type: 'observation', system: 'loinc', code: '29771-3', date: '2026-03-01' });
    const result = run(facts(person(), [visit], [fit]));
    expect(populationsOf(result)).toBe('1 1 0 0 1');
    expect(result.notes).toEqual([expect.stringContaining('boolean and string values are not carried')]);
  });

  it('ages 46 to 75 at the end of the period, with the 46–49 and 50–75 strata', () => {
    const at = (birthDate: string): MeasureResult => run(facts(person(birthDate), [visit]));
    expect(populationsOf(at('1981-01-01'))).toBe('0 0 0 0 0'); // 45 years, 11 months, 30 days
    expect(populationsOf(at('1980-12-31'))).toBe('1 1 0 0 0'); // 46
    expect(at('1980-12-31').stratum).toBe('Stratification 1 (46–49)');
    expect(at('1977-01-01').stratum).toBe('Stratification 1 (46–49)'); // 49
    expect(at('1976-12-31').stratum).toBe('Stratification 2 (50–75)'); // 50
    expect(populationsOf(at('1951-01-01'))).toBe('1 1 0 0 0'); // 75
    expect(populationsOf(at('1950-12-31'))).toBe('0 0 0 0 0'); // 76
  });

  describe('exclusions', () => {
    it('colorectal cancer diagnosed on or before the period end excludes (any earlier year too)', () => {
      const cancer = claim({ from: '2020-04-01', lines: ['99214'], diagnoses: ['C189'] });
      expect(populationsOf(run(facts(person(), [visit, cancer])))).toBe('1 1 1 0 0');
      const later = claim({ from: '2027-01-03', lines: ['99214'], diagnoses: ['C189'] });
      expect(populationsOf(run(facts(person(), [visit, later])))).toBe('1 1 0 0 0');
    });

    it('total colectomy on or before the period end excludes; after it does not', () => {
      expect(populationsOf(run(facts(person(), [visit, screening('44150', '2015-09-09')])))).toBe('1 1 1 0 0');
      expect(populationsOf(run(facts(person(), [visit, screening('44150', '2027-01-01')])))).toBe('1 1 0 0 0');
    });

    it('an exclusion wins over a screening: the patient leaves the denominator, not the numerator', () => {
      const result = run(facts(person(), [visit, screening('45378', '2020-01-01'), screening('44150', '2015-09-09')]));
      expect(populationsOf(result)).toBe('1 1 1 0 0');
      expect(result.evidence.numerator).toEqual([]);
    });

    it('66 or older with frailty (a pressure ulcer) and advanced illness (dementia) excludes', () => {
      const frailty = claim({ from: '2026-07-01', lines: ['99214'], diagnoses: ['L89000'] });
      const dementia = claim({ from: '2025-01-01', lines: ['99214'], diagnoses: ['G309'] });
      expect(populationsOf(run(facts(person('1959-01-01'), [visit, frailty, dementia])))).toBe('1 1 1 0 0');
      // Advanced illness that began before the year before the period does not count.
      const old = claim({ from: '2024-12-31', lines: ['99214'], diagnoses: ['G309'] });
      expect(populationsOf(run(facts(person('1959-01-01'), [visit, frailty, old])))).toBe('1 1 0 0 0');
    });

    it('a Part B exclusion code in the period excludes', () => {
      expect(populationsOf(run(facts(person(), [claim({ from: '2026-03-03', lines: ['99214', 'G9711'] })])))).toBe(
        '1 1 1 0 0',
      );
    });
  });
});
