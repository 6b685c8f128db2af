import { describe, expect, it } from 'vitest';
import { TABLES } from './__fixtures__/builders.js';
import { msrMlr, variableMsrPct } from './msr.js';
import { DEFAULT_FINANCE_POLICY } from './policy.js';

const pct = (n: number): number => variableMsrPct(n, TABLES.msrBands).pct;

describe('variable MSR (42 CFR 425.604(b) sliding scale)', () => {
  // Each band's low end takes the band's first percentage and its high end the second (the 2011 table), so the
  // scale is continuous across bands: 5,999 → 3.6 and 6,000 → 3.6, and so on.
  it.each([
    [5_000, 3.9],
    [5_999, 3.6],
    [6_000, 3.6],
    [6_999, 3.4],
    [7_000, 3.4],
    [7_999, 3.2],
    [8_000, 3.2],
    [8_999, 3.1],
    [9_000, 3.1],
    [9_999, 3.0],
    [10_000, 3.0],
    [14_999, 2.7],
    [15_000, 2.7],
    [19_999, 2.5],
    [20_000, 2.5],
    [49_999, 2.2],
    [50_000, 2.2],
    [59_999, 2.0],
    [60_000, 2.0],
    [250_000, 2.0],
  ])('%i assigned → %f%%', (assigned, expected) => {
    expect(pct(assigned)).toBeCloseTo(expected, 10);
  });

  it('interpolates linearly inside a band: CMS-1345-P 7,500 → 3.3%, and 12,000 → 2.88%', () => {
    // 7,500: 3.4 − (500 / 999) × 0.2 = 3.29990 (the proposed rule rounds to 3.3).
    expect(pct(7_500)).toBeCloseTo(3.4 - (500 / 999) * 0.2, 12);
    expect(pct(7_500)).toBeCloseTo(3.3, 3);
    // 35,000: 2.5 − (15,000 / 29,999) × 0.3 = 2.35000.
    expect(pct(35_000)).toBeCloseTo(2.5 - (15_000 / 29_999) * 0.3, 12);
  });

  it('uses the VERIFY placeholder below 5,000 assigned, flagged, or refuses when the policy has none', () => {
    const small = variableMsrPct(4_200, TABLES.msrBands);
    expect(small).toMatchObject({ pct: 3.9, band: null, confidence: 'verify' });
    expect(() => variableMsrPct(4_200, TABLES.msrBands, { smallAcoMsrPct: null })).toThrow(/below the sliding scale/);
  });
});

describe('MSR/MLR options (425.605(b))', () => {
  it('gives a one-sided model the sliding-scale MSR and no MLR, whatever option is recorded', () => {
    const r = msrMlr('1.5', 10_000, false, TABLES.msrBands);
    expect(r.msr).toBeCloseTo(0.03, 12);
    expect(r.mlr).toBeNull();
    expect(r.option).toBe('variable');
  });

  it.each([
    ['0', 0],
    ['0.5', 0.005],
    ['1', 0.01],
    ['1.5', 0.015],
    ['2', 0.02],
  ] as const)('two-sided fixed %s%% is symmetric', (option, rate) => {
    const r = msrMlr(option, 10_000, true, TABLES.msrBands);
    expect(r.msr).toBeCloseTo(rate, 12);
    expect(r.mlr).toBeCloseTo(rate, 12);
  });

  it('two-sided variable: MLR equals the sliding-scale MSR', () => {
    const r = msrMlr('variable', 20_000, true, TABLES.msrBands, DEFAULT_FINANCE_POLICY);
    expect(r.msr).toBeCloseTo(0.025, 12);
    expect(r.mlr).toBeCloseTo(0.025, 12);
  });
});
