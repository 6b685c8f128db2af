import { describe, expect, it } from 'vitest';
import {
  aggregateGrowth,
  benchmarkToDateCents,
  capRiskRatios,
  meanScores,
  riskRatios,
  updatedBenchmark,
} from './benchmark.js';
import type { MonthCell } from './cells.js';
import { byType } from './types.js';

const HB = byType(() => 1_000_000);
const MM = { esrd: 0, disabled: 1_200, agedDual: 1_200, agedNonDual: 9_600 };

describe('risk ratio cap (42 CFR 425.605(a)(1))', () => {
  it('2024+: leaves the ratios alone when aggregate growth is within 1 + demographic growth + 3 points', () => {
    // Aggregate = (1,200 × 1.08 + 1,200 × 1.00 + 9,600 × 1.02) / 12,000 = 1.024 ≤ 1 + 0.01 + 0.03 = 1.04.
    const r = capRiskRatios({
      ratios: { esrd: 1, disabled: 1.08, agedDual: 1, agedNonDual: 1.02 },
      historicalBenchmarkCents: HB,
      memberMonths: MM,
      agreementStartYear: 2024,
      demographicGrowth: 0.01,
    });
    expect(r.aggregateRatio).toBeCloseTo(1.024, 12);
    expect(r.applied).toBe(false);
    // Disabled 1.08 exceeds the cap value but is not capped: the test is on the aggregate.
    expect(r.capped.disabled).toBe(1.08);
  });

  it('2024+: a negative demographic growth lowers the cap', () => {
    // Cap = 1 − 0.02 + 0.03 = 1.01 < aggregate 1.024 → every type ≤ 1.01.
    const r = capRiskRatios({
      ratios: { esrd: 1, disabled: 1.08, agedDual: 1, agedNonDual: 1.02 },
      historicalBenchmarkCents: HB,
      memberMonths: MM,
      agreementStartYear: 2025,
      demographicGrowth: -0.02,
    });
    expect(r.cap).toBeCloseTo(1.01, 12);
    expect(r.capped).toEqual({ esrd: 1, disabled: 1.01, agedDual: 1, agedNonDual: 1.01 });
  });

  it('2024+: cannot cap without the demographic growth, and says so', () => {
    const r = capRiskRatios({
      ratios: byType(() => 1.2),
      historicalBenchmarkCents: HB,
      memberMonths: MM,
      agreementStartYear: 2024,
      demographicGrowth: null,
    });
    expect(r.cap).toBeNull();
    expect(r.capped.agedNonDual).toBe(1.2);
  });

  it('before 2024: each positive ratio capped at 1.03, decreases not capped', () => {
    const r = capRiskRatios({
      ratios: { esrd: 0.9, disabled: 1.05, agedDual: 1.03, agedNonDual: 1.01 },
      historicalBenchmarkCents: HB,
      memberMonths: MM,
      agreementStartYear: 2019,
      demographicGrowth: null,
    });
    expect(r.rule).toBe('before-2024');
    expect(r.capped).toEqual({ esrd: 0.9, disabled: 1.03, agedDual: 1.03, agedNonDual: 1.01 });
  });
});

describe('risk ratios from the member-month roll-up', () => {
  const cell = (type: MonthCell['type'], month: string, months: number, score: number): MonthCell => ({
    contractId: 'C',
    type,
    month,
    memberMonths: months,
    hccScoredMonths: months,
    hccScoreThousandths: Math.round(score * 1000) * months,
    demographicScoredMonths: 0,
    demographicScoreThousandths: 0,
  });

  it('weights scores by eligible months and divides by the BY3 means', () => {
    // Aged/non-dual: 10 months at 1.200 and 30 at 0.800 → (12 + 24) / 40 = 0.9; BY3 0.75 → r = 1.2.
    const means = meanScores(
      [
        cell('agedNonDual', '2025-01', 10, 1.2),
        cell('agedNonDual', '2025-02', 30, 0.8),
        cell('agedNonDual', '2024-12', 99, 5),
      ],
      2025,
      'hcc',
    );
    expect(means.agedNonDual).toBeCloseTo(0.9, 12);
    expect(means.esrd).toBeNull();
    const r = riskRatios(
      means,
      byType(() => 0.75),
    );
    expect(r.agedNonDual).toBeCloseTo(1.2, 12);
    expect(r.esrd).toBe(1); // no PY score: no adjustment
  });

  it('aggregates demographic growth with the HB × person-year weights', () => {
    // (1,200 × 1.01 + 1,200 × 0.99 + 9,600 × 1.005) / 12,000 − 1 = 0.004.
    expect(aggregateGrowth({ esrd: 1, disabled: 1.01, agedDual: 0.99, agedNonDual: 1.005 }, HB, MM)).toBeCloseTo(
      0.004,
      12,
    );
  });
});

describe('updated benchmark', () => {
  it('before 2024 trends by the two-way blend only (no ACPT)', () => {
    const b = updatedBenchmark({
      historicalBenchmarkCents: HB,
      riskRatios: byType(() => 1),
      growth: { twoWay: byType(() => 0.05), acpt: byType(() => 0.2) },
      memberMonths: MM,
      agreementStartYear: 2022,
    });
    expect(b.perCapitaCents).toBe(1_050_000);
  });

  it('untrended without growth, flagged; the benchmark to date follows the elapsed member-months', () => {
    const b = updatedBenchmark({
      historicalBenchmarkCents: HB,
      riskRatios: byType(() => 1),
      growth: null,
      memberMonths: MM,
      agreementStartYear: 2024,
    });
    expect(b.trended).toBe(false);
    expect(b.perCapitaCents).toBe(1_000_000);
    // 6 months of 1,000 members: $10,000 × 6,000 / 12 = $5,000,000.
    expect(benchmarkToDateCents(b, { esrd: 0, disabled: 0, agedDual: 0, agedNonDual: 6_000 })).toBe(500_000_000);
  });
});
