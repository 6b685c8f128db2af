/**
 * CMS2 on hand-built patients (hand-checked against the CQL): age at the START of the period, the 14-day
 * screening window before a qualifying encounter, negative vs positive with a follow-up (medication by its
 * supply, referral, procedure), the adolescent/adult split, bipolar exclusion (problem list), exceptions by
 * not-done reason, and the Part B codes.
 */
import { describe, expect, it } from 'vitest';
import type { ClaimEvent, ClinicalEvent } from '@benchline/shared';
import { PERIOD, claim, clinical, facts, populationsOf, profile } from './__fixtures__/builders.js';
import { terminology } from './__fixtures__/test-terminology.js';
import { evaluateMeasure } from './evaluate.js';
import type { MeasureResult } from './types.js';

const visit = claim({ from: '2026-06-21', lines: ['99213'] });
const run = (birthDate: string, claims: ClaimEvent[] = [visit], events: ClinicalEvent[] = []): MeasureResult =>
  evaluateMeasure('CMS2', facts(profile({ birthDate, sex: 'M' }), claims, events), PERIOD, terminology);
const ADULT = '1980-01-01';
const screen = (
  date: string,
  result: 'negative' | 'positive',
  loinc = '73832-8',
  status: 'final' | 'cancelled' = 'final',
) =>
  clinical({
    type: 'observation',
    system: 'loinc',
    code: loinc,
    date,
    status,
    coding: ['snomed', result === 'negative' ? '428171000124102' : '428181000124104'],
  });

describe('CMS2 depression screening and follow-up', () => {
  it('an adult with a qualifying visit and no screening: denominator only', () => {
    expect(populationsOf(run(ADULT))).toBe('1 1 0 0 0');
  });

  it('age is read at the start of the period: 12 on 1 January counts, turning 12 on 2 January does not', () => {
    expect(populationsOf(run('2014-01-01'))).toBe('1 1 0 0 0');
    expect(populationsOf(run('2014-01-02'))).toBe('0 0 0 0 0');
  });

  it('a negative screening 14 days before the visit counts, 15 days before does not, after the visit does not', () => {
    expect(populationsOf(run(ADULT, [visit], [screen('2026-06-07', 'negative')]))).toBe('1 1 0 0 1');
    expect(populationsOf(run(ADULT, [visit], [screen('2026-06-06', 'negative')]))).toBe('1 1 0 0 0');
    expect(populationsOf(run(ADULT, [visit], [screen('2026-06-22', 'negative')]))).toBe('1 1 0 0 0');
  });

  it('the adult tool for adults, the adolescent tool for 12–16, either at 17', () => {
    const adolescentTool = screen('2026-06-21', 'negative', '73831-0');
    expect(populationsOf(run(ADULT, [visit], [adolescentTool]))).toBe('1 1 0 0 0');
    expect(populationsOf(run('2012-03-03', [visit], [adolescentTool]))).toBe('1 1 0 0 1'); // 13
    expect(populationsOf(run('2012-03-03', [visit], [screen('2026-06-21', 'negative')]))).toBe('1 1 0 0 0');
    expect(populationsOf(run('2008-06-01', [visit], [adolescentTool]))).toBe('1 1 0 0 1'); // 17 on 1 January
  });

  it('the most recent screening decides: a positive after a negative needs a follow-up', () => {
    const events = [screen('2026-06-10', 'negative'), screen('2026-06-18', 'positive')];
    expect(populationsOf(run(ADULT, [visit], events))).toBe('1 1 0 0 0');
    const followUp = clinical({ type: 'procedure', system: 'snomed', code: '108313002', date: '2026-06-21' });
    const result = run(ADULT, [visit], [...events, followUp]);
    expect(populationsOf(result)).toBe('1 1 0 0 1');
    expect(result.evidence.numerator.map((e) => e.role)).toEqual([
      'positive adult depression screening',
      'qualifying encounter',
      'follow-up plan',
    ]);
  });

  it('an antidepressant ordered at the visit is a follow-up; one ordered three days after is not', () => {
    const positive = screen('2026-06-15', 'positive');
    const order = (date: string, fields: Partial<ClinicalEvent> = {}) =>
      clinical({
        type: 'medication',
        system: 'rxnorm',
        code: '1190110',
        date,
        fields: { intent: 'order', supply: { daysSupply: 30 }, ...fields },
      });
    const visitDay = run('2012-03-03', [visit], [screen('2026-06-15', 'positive', '73831-0'), order('2026-06-21')]);
    expect(populationsOf(visitDay)).toBe('1 1 0 0 1');
    expect(populationsOf(run(ADULT, [visit], [positive, order('2026-06-21')]))).toBe('1 1 0 0 1');
    expect(populationsOf(run(ADULT, [visit], [positive, order('2026-06-24')]))).toBe('1 1 0 0 0');
    // Not ordered (doNotPerform maps to not-done), only proposed, or without a supply to give it a period
    // (medicationRequestPeriod() is null, and overlaps nothing): no follow-up.
    expect(populationsOf(run(ADULT, [visit], [positive, order('2026-06-21', { status: 'not-done' })]))).toBe(
      '1 1 0 0 0',
    );
    expect(populationsOf(run(ADULT, [visit], [positive, order('2026-06-21', { intent: 'proposal' })]))).toBe(
      '1 1 0 0 0',
    );
    expect(populationsOf(run(ADULT, [visit], [positive, order('2026-06-21', { supply: undefined })]))).toBe(
      '1 1 0 0 0',
    );
    // A single day's supply ends on the visit day: it does not overlap after the visit.
    expect(populationsOf(run(ADULT, [visit], [positive, order('2026-06-21', { supply: { daysSupply: 1 } })]))).toBe(
      '1 1 0 0 0',
    );
  });

  it('a referral ordered at the visit or up to two days after is a follow-up, whatever its intent', () => {
    const positive = screen('2026-06-15', 'positive');
    const referral = (date: string, status: 'active' | 'revoked' = 'active') =>
      clinical({ type: 'service-request', system: 'snomed', code: '183524004', date, status });
    const result = run(ADULT, [visit], [positive, referral('2026-06-23')]);
    expect(populationsOf(result)).toBe('1 1 0 0 1');
    expect(result.evidence.numerator.map((e) => e.role)).toContain('follow-up plan');
    expect(populationsOf(run(ADULT, [visit], [positive, referral('2026-06-24')]))).toBe('1 1 0 0 0');
    expect(populationsOf(run(ADULT, [visit], [positive, referral('2026-06-21', 'revoked')]))).toBe('1 1 0 0 0');
  });

  it('bipolar disorder diagnosed before the qualifying visit excludes; after it does not', () => {
    const before = claim({ from: '2025-01-01', lines: ['99213'], diagnoses: ['F319'] });
    expect(populationsOf(run(ADULT, [visit, before]))).toBe('1 1 1 0 0');
    const after = claim({ from: '2026-07-01', diagnoses: ['F319'] });
    expect(populationsOf(run(ADULT, [visit, after]))).toBe('1 1 0 0 0');
  });

  it('an EHR bipolar diagnosis excludes from the problem list, not as an encounter diagnosis', () => {
    const bipolar = (category?: 'problem-list-item' | 'encounter-diagnosis') =>
      clinical({
        type: 'condition',
        system: 'icd10cm',
        code: 'F319',
        date: '2025-01-01',
        ...(category === undefined ? {} : { fields: { category: [category] } }),
      });
    expect(populationsOf(run(ADULT, [visit], [bipolar('problem-list-item')]))).toBe('1 1 1 0 0');
    expect(populationsOf(run(ADULT, [visit], [bipolar('encounter-diagnosis')]))).toBe('1 1 0 0 0');
    const unstated = run(ADULT, [visit], [bipolar()]);
    expect(populationsOf(unstated)).toBe('1 1 1 0 0');
    expect(unstated.notes).toEqual([expect.stringContaining('category the source does not state')]);
  });

  it('a screening not done at the visit for a patient or medical reason is an exception, unless one was done', () => {
    const notDone = (reason?: string) =>
      clinical({
        type: 'observation',
        system: 'loinc',
        code: '73832-8',
        date: '2026-06-21',
        status: 'cancelled',
        ...(reason === undefined ? {} : { fields: { reason: [{ system: 'snomed', code: reason }] } }),
      });
    const declined = run(ADULT, [visit], [notDone('720834000')]);
    expect(populationsOf(declined)).toBe('1 1 0 1 0');
    expect(declined.notes).toEqual([]);
    expect(populationsOf(run(ADULT, [visit], [notDone('183932001')]))).toBe('1 1 0 1 0'); // contraindicated
    // No reason, or a reason that is neither declined nor medical: no exception.
    expect(populationsOf(run(ADULT, [visit], [notDone()]))).toBe('1 1 0 0 0');
    expect(populationsOf(run(ADULT, [visit], [notDone('261665006')]))).toBe('1 1 0 0 0');
    // A screening with a value in the window (here a boolean one) is a screening, and takes the exception away;
    // a final one without a value is not (`value is not null`).
    const done = (value?: ClinicalEvent['value']) =>
      clinical({
        type: 'observation',
        system: 'loinc',
        code: '73832-8',
        date: '2026-06-14',
        ...(value === undefined ? {} : { fields: { value } }),
      });
    expect(populationsOf(run(ADULT, [visit], [notDone('720834000'), done({ boolean: true })]))).toBe('1 1 0 0 0');
    expect(populationsOf(run(ADULT, [visit], [notDone('720834000'), done()]))).toBe('1 1 0 1 0');
  });

  it('Part B: G8510 (negative screen) is the numerator, G8433 an exception, G9717 an exclusion', () => {
    expect(populationsOf(run(ADULT, [claim({ from: '2026-06-21', lines: ['99213', 'G8510'] })]))).toBe('1 1 0 0 1');
    expect(populationsOf(run(ADULT, [claim({ from: '2026-06-21', lines: ['99213', 'G8433'] })]))).toBe('1 1 0 1 0');
    expect(populationsOf(run(ADULT, [claim({ from: '2026-06-21', lines: ['99213', 'G9717'] })]))).toBe('1 1 1 0 0');
  });
});
