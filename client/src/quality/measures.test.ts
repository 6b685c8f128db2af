import { describe, expect, it } from 'vitest';
import { emptyMeasureCounts } from '../rollups/counters.js';
import {
  benchmarkFor,
  decileOf,
  measureRow,
  patientsToGoal,
  providerRows,
  queueLink,
  rateForDecile,
  rateOf,
  sortProviderRows,
} from './measures.js';

describe('rateOf', () => {
  it('is met ÷ (met + not met), null with nobody eligible', () => {
    expect(rateOf(41, 59)).toBe(0.41);
    expect(rateOf(0, 3)).toBe(0);
    expect(rateOf(0, 0)).toBeNull();
  });
});

describe('patientsToGoal', () => {
  it('counts the numerator patients still needed (hand-checked)', () => {
    // 41 of 100 met; 60 % of 100 is 60 → 19 more.
    expect(patientsToGoal(41, 100, 0.6, false)).toBe(19);
    // 7 of 23; 70 % of 23 is 16.1 → 17 met needed → 10 more (16 of 23 is 69.6 %, short of 70 %).
    expect(patientsToGoal(7, 23, 0.7, false)).toBe(10);
    // 70 % of 10 is exactly 7 (7.000000000000001 in floating point): 7 met is enough, so 3 more from 4.
    expect(patientsToGoal(4, 10, 0.7, false)).toBe(3);
    // Already over the target.
    expect(patientsToGoal(80, 100, 0.75, false)).toBe(0);
  });

  it('for an inverse measure counts the numerator patients to bring out of it', () => {
    // 30 of 100 poorly controlled; at most 20 % → at most 20 → 10 to bring under control.
    expect(patientsToGoal(30, 100, 0.2, true)).toBe(10);
    // 9 of 37; at most 15 % of 37 = 5.55 → at most 5 → 4 (5 of 37 is 13.5 %, 6 would be 16.2 %).
    expect(patientsToGoal(9, 37, 0.15, true)).toBe(4);
    expect(patientsToGoal(3, 100, 0.2, true)).toBe(0);
  });

  it('has no answer with nobody eligible, and clamps the target to 0–100 %', () => {
    expect(patientsToGoal(0, 0, 0.5, false)).toBeNull();
    expect(patientsToGoal(5, 10, 1.5, false)).toBe(5);
    expect(patientsToGoal(5, 10, -1, true)).toBe(5);
  });
});

describe('SSP benchmark deciles', () => {
  const controlling = benchmarkFor('CMS165')!;
  const glycemic = benchmarkFor('CMS122')!;

  it('vendors the five measures, with 001 inverse', () => {
    for (const id of ['CMS122', 'CMS125', 'CMS130', 'CMS165', 'CMS2']) {
      expect(benchmarkFor(id)).not.toBeNull();
    }
    expect(glycemic.inverse).toBe(true);
    expect(benchmarkFor('CMS125')?.flat).toBe(true);
    expect(benchmarkFor('CMS999')).toBeNull();
  });

  it('places a rate in its decile (236SSP: 40th percentile 70.15 %, 50th 72.54 %)', () => {
    expect(decileOf(0.7015, controlling)).toBe(5);
    expect(decileOf(0.72, controlling)).toBe(5);
    expect(decileOf(0.7254, controlling)).toBe(6);
    expect(decileOf(0.3, controlling)).toBe(1);
    expect(decileOf(0.9, controlling)).toBe(10);
  });

  it('reverses the scale for an inverse measure (001SSP: 10th percentile 7.03 %, 90th 49.19 %)', () => {
    expect(decileOf(0.05, glycemic)).toBe(10);
    expect(decileOf(0.5, glycemic)).toBe(1);
    // 20 % is at or below the 50th…90th percentiles (22.27 … 49.19; the 40th, 18.93, is below it): five
    // thresholds reached, decile 6.
    expect(decileOf(0.2, glycemic)).toBe(6);
  });

  it('gives the rate a decile needs', () => {
    expect(rateForDecile(5, controlling)).toBeCloseTo(0.7015, 10);
    expect(rateForDecile(1, controlling)).toBe(0);
    expect(rateForDecile(10, glycemic)).toBeCloseTo(0.0703, 10);
    expect(rateForDecile(1, glycemic)).toBe(1);
    expect(decileOf(rateForDecile(8, glycemic), glycemic)).toBe(8);
  });
});

describe('measureRow', () => {
  it('assembles a measure’s numbers from its counters', () => {
    const row = measureRow(
      { ...emptyMeasureCounts('CMS165'), met: 70, notMet: 30, excluded: 5, excepted: 2, notInPopulation: 400 },
      0.8,
    );
    expect(row).toMatchObject({
      qualityId: '236',
      eligible: 100,
      denominator: 107,
      rate: 0.7,
      decile: 4,
      toGoal: 10,
      inverse: false,
    });
    expect(measureRow(emptyMeasureCounts('CMS2'), 0.5)).toMatchObject({ rate: null, decile: null, toGoal: null });
  });
});

describe('provider rows', () => {
  const rows = providerRows(
    [
      { key: '333', met: 0, notMet: 0 },
      { key: '111', met: 3, notMet: 1 },
      { key: '222', met: 1, notMet: 3 },
      { key: '444', met: 2, notMet: 6 },
    ],
    0.5,
    false,
  );

  it('carries rate and patients to goal', () => {
    expect(rows.map((r) => [r.key, r.rate, r.toGoal])).toEqual([
      ['333', null, null],
      ['111', 0.75, 0],
      ['222', 0.25, 1],
      ['444', 0.25, 2],
    ]);
  });

  it('sorts by a column with empty rows last and ties by key', () => {
    expect(sortProviderRows(rows, 'rate', 'ascending').map((r) => r.key)).toEqual(['222', '444', '111', '333']);
    expect(sortProviderRows(rows, 'rate', 'descending').map((r) => r.key)).toEqual(['111', '222', '444', '333']);
    expect(sortProviderRows(rows, 'key', 'descending').map((r) => r.key)).toEqual(['444', '333', '222', '111']);
    expect(sortProviderRows(rows, 'toGoal', 'descending').map((r) => r.key)).toEqual(['444', '222', '111', '333']);
  });
});

describe('queueLink', () => {
  it('filters the queue by measure, and TIN or NPI when given', () => {
    expect(queueLink('CMS130')).toBe('/queue?kind=measure&subject=CMS130');
    expect(queueLink('CMS130', { tin: '111111111' })).toBe('/queue?kind=measure&subject=CMS130&tin=111111111');
    expect(queueLink('CMS2', { npi: '1234567893' })).toBe('/queue?kind=measure&subject=CMS2&npi=1234567893');
  });
});
