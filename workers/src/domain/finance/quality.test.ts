import { describe, expect, it } from 'vitest';
import type { Benchmark } from '../measures/index.js';
import { TABLES, msspContract } from './__fixtures__/builders.js';
import type { ContractYearInputs } from './evaluate.js';
import type { MeasureQualityInput } from './quality.js';
import { achievementPoints, qualityGate, qualityScore, qualitySharingFactor } from './quality.js';
import type { RollUpEntry } from './rollups.js';
import { accumulate, emptyRollUps, keys } from './rollups.js';
import { closeGaps, whatIfCloseGaps, whatIfSpendTrend } from './what-if.js';

function benchmark(inverse: boolean, p: readonly number[]): Benchmark {
  const [p1 = 0, p10 = 0, p20 = 0, p30 = 0, p40 = 0, p50 = 0, p60 = 0, p70 = 0, p80 = 0, p90 = 0, p99 = 0] = p;
  return {
    measureId: inverse ? '001SSP' : '134SSP',
    benchmarkYear: 2025,
    performanceYear: 2025,
    submissionMethod: 'ssp',
    inverse,
    toppedOut: false,
    percentiles: { 1: p1, 10: p10, 20: p20, 30: p30, 40: p40, 50: p50, 60: p60, 70: p70, 80: p80, 90: p90, 99: p99 },
    averagePerformanceRate: null,
  };
}

// Normal: the 10th … 90th percentile rates. Inverse (qpp-measures-data order): lower is better, the 10th key is best.
const NORMAL = benchmark(false, [5, 40, 50, 55, 60, 65, 70, 75, 80, 90, 99]);
const INVERSE = benchmark(true, [2, 5, 8, 12, 15, 20, 25, 30, 40, 50, 90]);

describe('MIPS achievement points and the quality score', () => {
  it('awards the decile plus the position within it, to one decimal', () => {
    // 62%: reaches 40, 50, 55, 60 → decile 5; (62 − 60) / (65 − 60) = 0.4 → 5.4.
    expect(achievementPoints(62, NORMAL)).toBe(5.4);
    expect(achievementPoints(71, NORMAL)).toBe(7.2); // decile 7, (71 − 70) / 5
    expect(achievementPoints(95, NORMAL)).toBe(10);
    // 30%: decile 1, (30 − 0) / 40 = 0.75 → 1.7 (truncated).
    expect(achievementPoints(30, NORMAL)).toBe(1.7);
    // Inverse 18%: ≤ 20, 25, 30, 40, 50 → decile 6; (20 − 18) / (20 − 15) = 0.4 → 6.4.
    expect(achievementPoints(18, INVERSE)).toBe(6.4);
  });

  it('sums points over the maximum and adds the health equity bonus (≤ 10) for the HEA score', () => {
    const score = qualityScore(MEASURES, 5);
    // (5.4 + 6.4 + 8) / 30 = 66.0; + 5 = 71.0.
    expect(score.mipsScore).toBeCloseTo(66, 10);
    expect(score.heaScore).toBeCloseTo(71, 10);
    expect(qualityScore(MEASURES, 25).heaScore).toBeCloseTo(76, 10);
  });
});

const MEASURES: MeasureQualityInput[] = [
  { measureId: 'CMS2', outcome: false, inverse: false, eligible: 100, met: 62, benchmark: NORMAL },
  { measureId: 'CMS122', outcome: true, inverse: true, eligible: 100, met: 18, benchmark: INVERSE },
  { measureId: 'CAHPS', outcome: false, inverse: false, eligible: 0, met: 0, fixedPoints: 8, fixedDecile: 8 },
];

describe('the quality performance standard (425.512(a)(5))', () => {
  const scored = qualityScore(MEASURES).measures.map((m, i) => ({ ...m, outcome: MEASURES[i]!.outcome }));

  it('is met at or above the 40th-percentile score', () => {
    expect(qualityGate({ heaScore: 76.7, threshold40th: 76.7 }).standard).toBe('met');
    expect(qualityGate({ heaScore: 76.69, threshold40th: 76.7 }).standard).toBe('not-met');
  });

  it('falls back to the alternative standard with an outcome measure at the 10th percentile', () => {
    expect(qualityGate({ heaScore: 71, threshold40th: 76.7, measures: scored }).standard).toBe('alternative');
  });

  it('meets it by the all-measures route: an outcome measure ≥ 10th and another measure ≥ 40th percentile', () => {
    expect(
      qualityGate({ heaScore: 71, threshold40th: 76.7, measures: scored, reportedAllMeasures: true }).standard,
    ).toBe('met');
    // The outcome measure alone cannot be both halves of the route.
    const onlyOutcome = [{ measureId: 'CMS122', decile: 9, outcome: true }];
    expect(
      qualityGate({ heaScore: 10, threshold40th: 76.7, measures: onlyOutcome, reportedAllMeasures: true }).standard,
    ).toBe('alternative');
  });

  it('floors the score at the 40th percentile for extreme circumstances and reduced denominators', () => {
    expect(qualityGate({ heaScore: 50, threshold40th: 76.7, extremeUncontrollable: true })).toMatchObject({
      standard: 'met',
      effectiveScore: 76.7,
    });
    expect(qualityGate({ heaScore: 50, threshold40th: 76.7, reducedDenominators: true }).standard).toBe('met');
  });

  it('first-year completeness meets it; reporting nothing fails both', () => {
    expect(qualityGate({ heaScore: null, threshold40th: null, firstYearCompleteness: true }).standard).toBe('met');
    expect(qualityGate({ heaScore: 99, threshold40th: 76.7, reportedNothing: true }).standard).toBe('not-met');
  });

  it('scales the sharing rate: met 1, alternative HEA ÷ 100, neither 0', () => {
    expect(qualitySharingFactor('met', 50)).toBe(1);
    expect(qualitySharingFactor('alternative', 65)).toBe(0.65);
    expect(qualitySharingFactor('not-met', 99)).toBe(0);
  });
});

/**
 * 10,000 aged/non-dual members all year, spending $9,000 pc against a $10,000 benchmark: 10% savings. Claims are
 * paid in the month incurred, and the tenant's triangle (2024–2025) says so: every development factor is 1.
 */
function savingsRollUps() {
  const entries: RollUpEntry[] = [];
  for (let i = 0; i < 24; i += 1) {
    const month = `${2024 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
    entries.push({
      table: 'triangle',
      key: keys.triangle('professional', month, month),
      values: { cents: 750_000_000, claims: 1 },
    });
  }
  for (let m = 1; m <= 12; m += 1) {
    const month = `2025-${String(m).padStart(2, '0')}`;
    entries.push(
      { table: 'months', key: keys.months('MSSP1', 'agedNonDual', month), values: { memberMonths: 10_000 } },
      // $750 PMPM × 10,000 = $7,500,000 a month.
      {
        table: 'spend',
        key: keys.spend('MSSP1', 'agedNonDual', month, month, 'professional'),
        values: { cents: 750_000_000, claims: 1 },
      },
    );
  }
  return accumulate(emptyRollUps(), entries);
}

const INPUTS: ContractYearInputs = {
  contract: msspContract({
    years: [
      {
        year: 2025,
        track: 'BASIC',
        level: 'E',
        msrMlr: 'variable',
        completion: { runOutMonths: 3, method: 'fixed', fixedFactor: 1 },
        benchmark: { perCapita: { esrd: 10_000, disabled: 10_000, agedDual: 10_000, agedNonDual: 10_000 } },
      },
    ],
  }),
  year: 2025,
  asOfMonth: '2026-03',
  tables: TABLES,
  assignedBeneficiaries: 10_000,
  participantRevenueCents: 5_000_000_000,
};

describe('what-if: closing gaps → rate → score → gate → shared savings', () => {
  const rollUps = savingsRollUps();
  const what = { measures: MEASURES, measureId: 'CMS2', healthEquityBonus: 5, gate: { threshold40th: 76.7 } };

  it('moves a normal measure’s numerator up and an inverse one’s down, within bounds', () => {
    expect(closeGaps(MEASURES, 'CMS2', 9)[0]?.met).toBe(71);
    expect(closeGaps(MEASURES, 'CMS122', 5)[1]?.met).toBe(13);
    expect(closeGaps(MEASURES, 'CMS2', 500)[0]?.met).toBe(100);
  });

  it('8 gaps raise sharing under the alternative standard; the 9th crosses the 40th percentile and the gate', () => {
    // Savings $1,000 pc × 10,000 = $10,000,000 (10% ≥ MSR 3.0%).
    // Before: HEA 71 → alternative → 50% × 0.71 = 35.5% → $3,550,000, paid $3,479,000 after 2%.
    const eight = whatIfCloseGaps(rollUps, INPUTS, { ...what, gaps: 8 });
    expect(eight.before.gate.standard).toBe('alternative');
    expect(eight.before.netCents).toBe(347_900_000);
    // 8 gaps: CMS2 70% → 7.0 points; (7.0 + 6.4 + 8) / 30 = 71.33 + 5 = 76.33 < 76.7 → alternative at 38.17%.
    expect(eight.after.score.heaScore).toBeCloseTo(76.3333, 4);
    expect(eight.after.gate.standard).toBe('alternative');
    // 50% × 0.763333 × $10M = $3,816,666.67, less 2% ($76,333.33) = $3,740,333.34.
    expect(eight.after.netCents).toBe(374_033_334);
    const nine = whatIfCloseGaps(rollUps, INPUTS, { ...what, gaps: 9 });
    // 9 gaps: 71% → 7.2 points; (7.2 + 6.4 + 8) / 30 = 72.0 + 5 = 77.0 ≥ 76.7 → met → 50% → $5,000,000, paid $4,900,000.
    expect(nine.after.gate.standard).toBe('met');
    expect(nine.after.netCents).toBe(490_000_000);
    expect(nine.deltaCents).toBe(490_000_000 - 347_900_000);
  });
});

describe('what-if: spend trend', () => {
  it('a lower trend for the rest of the year raises the projected shared savings', () => {
    // As of June: Jan–Apr run rate $750 PMPM; Jul–Dec 60,000 member-months at that rate, or 10% lower.
    const rollUps = savingsRollUps();
    const mid = { ...INPUTS, asOfMonth: '2025-06', quality: { standard: 'met' as const, heaScore: 90 } };
    const w = whatIfSpendTrend(rollUps, mid, -0.1);
    // Before: EXP $9,000 → savings $10,000,000 → 50% = $5M → paid $4.9M.
    expect(w.before.projection.perCapitaCents).toBe(900_000);
    expect(w.before.finance?.kind === 'mssp' && w.before.finance.settlement.expected.paymentCents).toBe(490_000_000);
    // After: Jul–Dec at $675 PMPM: spend $45M + $40.5M = $85.5M → EXP $8,550 → savings $14.5M → 50% = $7.25M,
    // under the 10% cap ($10M) → paid $7,105,000. Δ = $2,205,000.
    expect(w.after.projection.perCapitaCents).toBe(855_000);
    expect(w.deltaCents).toBe(710_500_000 - 490_000_000);
  });
});
