import { describe, expect, it } from 'vitest';
import { modelsMappedIn } from '../../reference/cms-hcc.js';
import type { PaymentYearAdjustment } from '../../reference/cms-hcc-model.js';
import { tables } from './__fixtures__/members.js';
import {
  adjustForPaymentYear,
  blendForPaymentYear,
  msspEnrollmentType,
  msspRenormalize,
  roundScore,
} from './adjust.js';

const adjustments = tables.paymentYearAdjustments;

describe("CMS's rounding", () => {
  it('rounds half away from zero at three decimals, through binary noise', () => {
    expect(roundScore(1.0005)).toBe(1.001);
    // 0.5005 × 1000 is 500.49999999999994 in binary floating point; CMS's ROUND still gives .501.
    expect(roundScore(0.5005)).toBe(0.501);
    expect(roundScore(0.5075)).toBe(0.508);
    expect(roundScore(2.0285)).toBe(2.029);
    expect(roundScore(1.78657)).toBe(1.787);
    expect(roundScore(1.0004999)).toBe(1);
    expect(roundScore(-0.0005)).toBe(-0.001);
    expect(Object.is(roundScore(-0.0001), 0)).toBe(true);
  });
});

describe('payment-year adjustments, read from the table', () => {
  it('blends by year: 2024 67/33, 2025 33/67, 2026 V28 only', () => {
    const weights = (year: number) => blendForPaymentYear(year, adjustments).map((b) => [b.model, b.weight]);
    expect(weights(2024)).toEqual([
      ['V24', 0.67],
      ['V28', 0.33],
    ]);
    expect(weights(2025)).toEqual([
      ['V24', 0.33],
      ['V28', 0.67],
    ]);
    expect(weights(2026)).toEqual([['V28', 1]]);
    expect(weights(2023)).toEqual([['V24', 1]]);
    expect(() => blendForPaymentYear(2027, adjustments)).toThrow(/2027/);
  });

  it('has a row for every vendored mapping year: 2020–2023 V24 alone (reference §3.6), weights summing to 1', () => {
    const rows = (year: number) =>
      adjustments
        .filter((a) => a.paymentYear === year && (a.model === 'V24' || a.model === 'V28'))
        .map((a) => [a.model, a.blendWeight, a.ffsNormalizationFactor, a.maCodingPatternAdjustment, a.confidence]);
    // Reference §3.6: 100% V24; FFS normalisation 1.069 / 1.097 / 1.118 / 1.127; MA coding adjustment 5.9%.
    expect(rows(2020)).toEqual([['V24', 1, 1.069, 0.059, 'high']]);
    expect(rows(2021)).toEqual([['V24', 1, 1.097, 0.059, 'high']]);
    expect(rows(2022)).toEqual([['V24', 1, 1.118, 0.059, 'high']]);
    expect(rows(2023)).toEqual([['V24', 1, 1.127, 0.059, 'high']]);
    for (const year of tables.icd10Map.keys()) {
      const blend = blendForPaymentYear(year, adjustments);
      expect(Math.round(blend.reduce((sum, b) => sum + b.weight, 0) * 100), String(year)).toBe(100);
      // Every model a year blends has that year's ICD-10 mapping.
      for (const { model } of blend) {
        expect(modelsMappedIn(tables.icd10Map, year), `${year} ${model}`).toContain(model);
      }
    }
  });

  it('adjusts a 2023 V24 score: 2.273 ÷ 1.127 = 2.01686 → 2.017; × (1 − .059) = 1.89800 → 1.898', () => {
    const result = adjustForPaymentYear(2023, { V24: 2.273 }, adjustments);
    expect(result.models.map((m) => [m.model, m.normalizedScore, m.maPaymentScore])).toEqual([['V24', 2.017, 1.898]]);
    expect(result.blendedMaPaymentScore).toBe(1.898);
    expect(result.confidence).toBe('high');
  });

  it('gives the reference §3.5 MA payment score for 2025: 1.884 ÷ 1.153 → 1.634 × .941 → 1.538; 2.120 ÷ 1.045 → 2.029 × .941 → 1.909; .33 × 1.538 + .67 × 1.909 → 1.787', () => {
    const result = adjustForPaymentYear(2025, { V24: 1.884, V28: 2.12 }, adjustments);
    expect(result.models.map((m) => [m.model, m.normalizedScore, m.maPaymentScore])).toEqual([
      ['V24', 1.634, 1.538],
      ['V28', 2.029, 1.909],
    ]);
    expect(result.blendedMaPaymentScore).toBe(1.787);
    // .33 × 1.884 + .67 × 2.120 = 2.04232; .33 × 1.634 + .67 × 2.029 = 1.89865
    expect(result.blendedRawScore).toBe(2.042);
    expect(result.blendedNormalizedScore).toBe(1.899);
    expect(result.confidence).toBe('medium');
  });

  it('carries the weakest confidence (2026 V28 factor: low) and needs a score for every blended model', () => {
    const result = adjustForPaymentYear(2026, { V28: 2.12 }, adjustments);
    // 2.120 ÷ 1.067 = 1.98688 → 1.987; × .941 = 1.86977 → 1.870
    expect(result.models[0]).toMatchObject({ normalizedScore: 1.987, maPaymentScore: 1.87, confidence: 'low' });
    expect(result.confidence).toBe('low');
    expect(() => adjustForPaymentYear(2025, { V28: 2.12 }, adjustments)).toThrow(/no V24 score/);
  });

  it('uses whatever the table says, never a constant', () => {
    const row = (model: string, weight: number, factor: number): PaymentYearAdjustment => ({
      paymentYear: 2030,
      model,
      modelLabel: model,
      blendWeight: weight,
      ffsNormalizationFactor: factor,
      maCodingPatternAdjustment: 0.1,
      confidence: 'high',
      source: 'test',
    });
    const result = adjustForPaymentYear(2030, { V24: 1, V28: 2 }, [row('V24', 0.5, 1), row('V28', 0.5, 2)]);
    // V24: 1 ÷ 1 = 1 × .9 = .9; V28: 2 ÷ 2 = 1 × .9 = .9; blend .9
    expect(result.blendedMaPaymentScore).toBe(0.9);
    expect(result.blendedRawScore).toBe(1.5);
  });
});

describe('MSSP renormalisation', () => {
  it('divides by the national mean CMS supplies (reference §3.5: 2.120 ÷ 1.090 = 1.945)', () => {
    expect(msspRenormalize(2.12, 1.09)).toBe(1.945);
    expect(() => msspRenormalize(2.12, 0)).toThrow(/positive/);
  });

  it('picks the enrolment type whose mean applies', () => {
    expect(msspEnrollmentType(70, { esrd: true, dual: 'full' })).toBe('esrd');
    expect(msspEnrollmentType(50, { esrd: false, dual: 'full' })).toBe('disabled');
    expect(msspEnrollmentType(70, { esrd: false, dual: 'partial' })).toBe('agedDual');
    expect(msspEnrollmentType(70, { esrd: false, dual: 'none' })).toBe('agedNonDual');
  });
});
