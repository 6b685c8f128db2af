/**
 * CMS130 on hand-built patients, mostly claims only (hand-checked against the CQL): each modality's lookback at
 * its boundary (colonoscopy 10 years, sigmoidoscopy and CT colonography 5, sDNA-FIT 3, FOBT this year), a lab
 * result's value, the imaging category, the strata, and the exclusions (a frailty device order, a dementia
 * medication's supply).
 */
import { describe, expect, it } from 'vitest';
import type { ClinicalEvent } from '@benchline/shared';
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

describe('CMS130 colorectal cancer screening', () => {
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

  it('a final FIT result counts with any value (coded, boolean, text), and not without one: `value is not null`', () => {
    const fit = (value?: ClinicalEvent['value']) =>
      clinical({
        type: 'observation',
        system: 'loinc',
        code: '29771-3',
        date: '2026-03-01',
        ...(value === undefined ? {} : { fields: { value } }),
      });
    expect(populationsOf(run(facts(person(), [visit], [fit({ boolean: false })])))).toBe('1 1 0 0 1');
    const text = run(facts(person(), [visit], [fit({ string: 'negative' })]));
    expect(populationsOf(text)).toBe('1 1 0 0 1');
    expect(text.evidence.numerator[0]?.value).toBe('negative');
    expect(text.notes).toEqual([]);
    expect(populationsOf(run(facts(person(), [visit], [fit()])))).toBe('1 1 0 0 0');
  });

  it('an EHR CT colonography is a diagnostic study: category imaging counts, another does not', () => {
    const colonography = (category: 'imaging' | 'survey') =>
      clinical({
        type: 'observation',
        system: 'loinc',
        code: '60515-4',
        date: '2023-05-05',
        fields: { category: [category] },
      });
    expect(populationsOf(run(facts(person(), [visit], [colonography('imaging')])))).toBe('1 1 0 0 1');
    expect(populationsOf(run(facts(person(), [visit], [colonography('survey')])))).toBe('1 1 0 0 0');
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

    it('66 or older with a frailty device ordered in the period and a dementia medication supplied into the window', () => {
      const wheelchair = (fields = {}) =>
        clinical({
          type: 'device-request',
          system: 'snomed',
          code: '183240000',
          date: '2026-11-01',
          fields: { status: 'completed', intent: 'order', ...fields },
        });
      const rivastigmine = (date: string, supply?: NonNullable<ClinicalEvent['supply']>) =>
        clinical({
          type: 'medication',
          system: 'rxnorm',
          code: '312836',
          date,
          fields: { intent: 'order', ...(supply === undefined ? {} : { supply }) },
        });
      const senior = person('1959-01-01');
      const result = run(facts(senior, [visit], [wheelchair(), rivastigmine('2026-12-30', { daysSupply: 90 })]));
      expect(populationsOf(result)).toBe('1 1 1 0 0');
      expect(result.evidence.denominatorExclusion.map((e) => e.role)).toEqual(['frailty', 'dementia medication']);
      // A device proposed rather than ordered, or ordered before the period, is no frailty criterion.
      const proposal = wheelchair({ intent: 'proposal' });
      expect(
        populationsOf(run(facts(senior, [visit], [proposal, rivastigmine('2026-12-30', { daysSupply: 90 })]))),
      ).toBe('1 1 0 0 0');
      const lastYear = wheelchair({ effectiveDate: '2025-12-31' });
      expect(
        populationsOf(run(facts(senior, [visit], [lastYear, rivastigmine('2026-12-30', { daysSupply: 90 })]))),
      ).toBe('1 1 0 0 0');
      // medicationRequestPeriod(): 90 days from 1 Nov 2024 end on 29 Jan 2025, inside the year before the period;
      // 30 days end on 30 Nov 2024, before it; without a supply there is no period to overlap.
      expect(
        populationsOf(run(facts(senior, [visit], [wheelchair(), rivastigmine('2024-11-01', { daysSupply: 90 })]))),
      ).toBe('1 1 1 0 0');
      expect(
        populationsOf(run(facts(senior, [visit], [wheelchair(), rivastigmine('2024-11-01', { daysSupply: 30 })]))),
      ).toBe('1 1 0 0 0');
      expect(populationsOf(run(facts(senior, [visit], [wheelchair(), rivastigmine('2026-06-01')])))).toBe('1 1 0 0 0');
    });

    it('a Part B exclusion code in the period excludes', () => {
      expect(populationsOf(run(facts(person(), [claim({ from: '2026-03-03', lines: ['99214', 'G9711'] })])))).toBe(
        '1 1 1 0 0',
      );
    });
  });
});
