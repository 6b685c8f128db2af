/**
 * CMS2 on hand-built patients (hand-checked against the CQL): age at the START of the period, the 14-day
 * screening window before a qualifying encounter, negative vs positive with a follow-up, the adolescent/adult
 * split, bipolar exclusion, exceptions, and the Part B codes.
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
    const order = (date: string) => clinical({ type: 'medication', system: 'rxnorm', code: '1190110', date });
    const visitDay = run('2012-03-03', [visit], [screen('2026-06-15', 'positive', '73831-0'), order('2026-06-21')]);
    expect(populationsOf(visitDay)).toBe('1 1 0 0 1');
    expect(populationsOf(run(ADULT, [visit], [positive, order('2026-06-21')]))).toBe('1 1 0 0 1');
    expect(populationsOf(run(ADULT, [visit], [positive, order('2026-06-24')]))).toBe('1 1 0 0 0');
    // Not ordered (doNotPerform maps to not-done) is no follow-up.
    const notOrdered = { ...order('2026-06-21'), status: 'not-done' as const };
    expect(populationsOf(run(ADULT, [visit], [positive, notOrdered]))).toBe('1 1 0 0 0');
  });

  it('bipolar disorder diagnosed before the qualifying visit excludes; after it does not', () => {
    const before = claim({ from: '2025-01-01', lines: ['99213'], diagnoses: ['F319'] });
    expect(populationsOf(run(ADULT, [visit, before]))).toBe('1 1 1 0 0');
    const after = claim({ from: '2026-07-01', diagnoses: ['F319'] });
    expect(populationsOf(run(ADULT, [visit, after]))).toBe('1 1 0 0 0');
  });

  it('a screening not done at the visit is an exception, unless a screening was done in the window', () => {
    const notDone = clinical({
      type: 'observation',
      system: 'loinc',
      code: '73832-8',
      date: '2026-06-21',
      status: 'cancelled',
    });
    const exception = run(ADULT, [visit], [notDone]);
    expect(populationsOf(exception)).toBe('1 1 0 1 0');
    expect(exception.notes).toEqual([expect.stringContaining('does not carry the reason')]);
    const done = clinical({ type: 'observation', system: 'loinc', code: '73832-8', date: '2026-06-14' });
    expect(populationsOf(run(ADULT, [visit], [notDone, done]))).toBe('1 1 0 0 0');
  });

  it('Part B: G8510 (negative screen) is the numerator, G8433 an exception, G9717 an exclusion', () => {
    expect(populationsOf(run(ADULT, [claim({ from: '2026-06-21', lines: ['99213', 'G8510'] })]))).toBe('1 1 0 0 1');
    expect(populationsOf(run(ADULT, [claim({ from: '2026-06-21', lines: ['99213', 'G8433'] })]))).toBe('1 1 0 1 0');
    expect(populationsOf(run(ADULT, [claim({ from: '2026-06-21', lines: ['99213', 'G9717'] })]))).toBe('1 1 1 0 0');
  });
});
