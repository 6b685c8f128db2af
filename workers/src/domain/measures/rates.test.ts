/**
 * Rates per tenant / TIN / NPI on small hand-checked populations, the benchmark decile (reversed for the inverse
 * CMS122 against the vendored 2026 benchmarks), and patients-to-goal.
 */
import { describe, expect, it } from 'vitest';
import { PERIOD } from './__fixtures__/builders.js';
import { benchmarks } from './__fixtures__/test-terminology.js';
import { MEASURES } from './evaluate.js';
import { computeRates, decileOf, findBenchmark, rateForDecile, type Benchmark, type RateInput } from './rates.js';
import type { MeasureId, MeasureResult } from './types.js';

function result(measureId: MeasureId, populations: string, memberId: string): MeasureResult {
  const [ip, den, denex, denexcep, num] = populations.split(' ').map((v) => v === '1');
  const definition = MEASURES[measureId];
  const evaluable = populations !== 'not evaluable';
  return {
    measureId,
    qualityId: definition.qualityId,
    title: definition.title,
    inverse: definition.inverse,
    version: definition.version,
    memberId,
    period: PERIOD,
    evaluable,
    reason: evaluable ? null : 'the member has no birth date',
    populations: {
      initialPopulation: evaluable && (ip ?? false),
      denominator: evaluable && (den ?? false),
      denominatorExclusion: evaluable && (denex ?? false),
      denominatorException: evaluable && (denexcep ?? false),
      numerator: evaluable && (num ?? false),
    },
    evidence: { initialPopulation: [], denominatorExclusion: [], denominatorException: [], numerator: [] },
    stratum: null,
    notes: [],
  };
}

function cohort(measureId: MeasureId, spec: Record<string, number>, tin: string, npi?: string): RateInput[] {
  return Object.entries(spec).flatMap(([populations, count]) =>
    Array.from({ length: count }, (_, i) => ({
      result: result(measureId, populations, `${tin}-${populations}-${i}`),
      tenantId: 'aco-1',
      tin,
      ...(npi === undefined ? {} : { npi }),
    })),
  );
}

const ssp = (qualityId: string): Benchmark => {
  const benchmark = findBenchmark(benchmarks, qualityId);
  if (benchmark === undefined) {
    throw new Error(`no SSP benchmark for ${qualityId}`);
  }
  return benchmark;
};

describe('benchmark deciles', () => {
  it('a normal measure: decile = 1 + thresholds reached (at or above); flat 112SSP benchmark', () => {
    const breast = ssp('112');
    expect(breast.inverse).toBe(false);
    expect(decileOf(50, breast)).toBe(6);
    expect(decileOf(49.99, breast)).toBe(5);
    expect(decileOf(5, breast)).toBe(1);
    expect(decileOf(95, breast)).toBe(10);
    expect(rateForDecile(8, breast)).toBe(70);
  });

  it('an inverse measure reverses the scale: lower rates earn higher deciles (001SSP)', () => {
    const glycemic = ssp('001');
    expect(glycemic).toMatchObject({ inverse: true, measureId: '001SSP' });
    expect(glycemic.percentiles[50]).toBe(22.27);
    expect(decileOf(30, glycemic)).toBe(3); // ≤ 38.28 and ≤ 49.19 only
    expect(decileOf(22.27, glycemic)).toBe(6); // at the 50th percentile counts
    expect(decileOf(5, glycemic)).toBe(10);
    expect(decileOf(60, glycemic)).toBe(1);
    expect(rateForDecile(6, glycemic)).toBe(22.27);
    expect(rateForDecile(10, glycemic)).toBe(7.03);
    expect(rateForDecile(1, glycemic)).toBe(100);
  });

  it('finds the MIPS collection rows too', () => {
    expect(findBenchmark(benchmarks, '236', 'electronicHealthRecord')?.percentiles[90]).toBe(84.04);
    expect(findBenchmark(benchmarks, '112', 'electronicHealthRecord')).toBeUndefined();
  });
});

describe('rates per tenant, TIN and NPI', () => {
  it('rate = numerator ÷ (denominator − exclusions − exceptions), with patients to reach a decile', () => {
    const inputs = cohort(
      'CMS125',
      { '1 1 0 0 1': 4, '1 1 1 0 0': 1, '1 1 0 1 0': 1, '1 1 0 0 0': 4, '0 0 0 0 0': 2, 'not evaluable': 1 },
      '123456789',
    );
    const [tenant] = computeRates(inputs, {
      benchmarks: { CMS125: ssp('112') },
      target: { decile: 8 },
      levels: ['tenant'],
    });
    expect(tenant).toMatchObject({
      level: 'tenant',
      key: 'aco-1',
      initialPopulation: 10,
      denominator: 10,
      exclusions: 1,
      exceptions: 1,
      eligible: 8,
      met: 4,
      notEvaluable: 1,
      rate: 50,
      decile: 6,
      targetRate: 70,
      patientsToGoal: 2, // ⌈0.70 × 8⌉ = 6 needed, 4 met
    });
    expect(tenant?.explanation).toBe(
      '4 of 8 eligible patients met: 50.0 %; decile 6 of the 2026 112SSP benchmark; 2 more to close to reach decile 8 (≥ 70.0 %); 1 not evaluable',
    );
  });

  it('inverse: patients to bring under control to reach a decile', () => {
    const inputs = cohort('CMS122', { '1 1 0 0 1': 6, '1 1 0 0 0': 14 }, '111111111');
    const [tenant] = computeRates(inputs, {
      benchmarks: { CMS122: ssp('001') },
      target: { decile: 6 },
      levels: ['tenant'],
    });
    // 6/20 = 30 % → decile 3; decile 6 needs ≤ 22.27 %: at most ⌊4.454⌋ = 4 in the numerator → 2 to control.
    expect(tenant).toMatchObject({ rate: 30, decile: 3, targetRate: 22.27, patientsToGoal: 2 });
    expect(tenant?.explanation).toContain('6 of 20 eligible patients in the numerator (lower is better)');
    expect(tenant?.explanation).toContain('2 more under control to reach decile 6 (≤ 22.3 %)');
  });

  it('breaks down by TIN and NPI; a target rate works without a benchmark; a reached target needs 0', () => {
    const inputs = [
      ...cohort('CMS130', { '1 1 0 0 1': 3, '1 1 0 0 0': 1 }, '111111111', '1234567893'),
      ...cohort('CMS130', { '1 1 0 0 1': 1, '1 1 0 0 0': 3 }, '222222222', '1245319599'),
    ];
    const rates = computeRates(inputs, { benchmarks: {}, target: { rate: 60 } });
    expect(rates.map((r) => [r.level, r.key, r.met, r.eligible, r.rate, r.decile, r.patientsToGoal])).toEqual([
      ['tenant', 'aco-1', 4, 8, 50, null, 1],
      ['tin', '111111111', 3, 4, 75, null, 0],
      ['tin', '222222222', 1, 4, 25, null, 2],
      ['npi', '1234567893', 3, 4, 75, null, 0],
      ['npi', '1245319599', 1, 4, 25, null, 2],
    ]);
  });

  it('no eligible patients: no rate', () => {
    const [tenant] = computeRates(cohort('CMS2', { '0 0 0 0 0': 3 }, '1'), { benchmarks: {}, levels: ['tenant'] });
    expect(tenant).toMatchObject({ rate: null, eligible: 0, explanation: 'no eligible patients' });
  });
});
