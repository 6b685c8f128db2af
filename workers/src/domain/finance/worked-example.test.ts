/**
 * Reference §1.10 end to end (PY2025, BASIC Level E, agreement started 2024, first agreement period). Every
 * expected number below is worked by hand in the comments from the reference's inputs, not read off the engine.
 */
import { describe, expect, it } from 'vitest';
import { TABLES, msspContract, trackOf } from './__fixtures__/builders.js';
import { capRiskRatios, updatedBenchmark } from './benchmark.js';
import { evaluateContractYear } from './evaluate.js';
import { msrMlr } from './msr.js';
import type { RollUpEntry } from './rollups.js';
import { accumulate, emptyRollUps, fromHashFields, keys, toHashFields } from './rollups.js';
import { settle } from './settlement.js';
import type { ByType } from './types.js';

// Inputs (reference §1.10 table). Person-years × 12 = member-months.
const HB: ByType<number> = { esrd: 9_800_000, disabled: 1_380_000, agedDual: 2_150_000, agedNonDual: 1_190_000 }; // cents
const MM: ByType<number> = { esrd: 180 * 12, disabled: 1250 * 12, agedDual: 950 * 12, agedNonDual: 9120 * 12 };
const RATIOS: ByType<number> = { esrd: 1.012, disabled: 1.025, agedDual: 1.048, agedNonDual: 1.041 };
const GROWTH = {
  twoWay: { esrd: 0.06, disabled: 0.075, agedDual: 0.08, agedNonDual: 0.084 },
  acpt: { esrd: 0.054, disabled: 0.069, agedDual: 0.072, agedNonDual: 0.076 },
};
const SPEND_PC: ByType<number> = { esrd: 101_500, disabled: 14_600, agedDual: 23_000, agedNonDual: 12_700 }; // dollars
const TOTAL_MM = 11_500 * 12; // 138,000
const BASIC_E = trackOf('BASIC', 'E');

describe('reference §1.10 — step by step', () => {
  // Step 1. Cap = 1 + 0.006 + 0.03 = 1.036. Weights HB_t × years_t: 98,000×180 = 17.64M, 13,800×1,250 = 17.25M,
  // 21,500×950 = 20.425M, 11,900×9,120 = 108.528M (Σ 163.843M). Aggregate = (17.64×1.012 + 17.25×1.025 +
  // 20.425×1.048 + 108.528×1.041) / 163.843 = 169.9177 / 163.843 = 1.03707 > 1.036 → capped.
  const cap = capRiskRatios({
    ratios: RATIOS,
    historicalBenchmarkCents: HB,
    memberMonths: MM,
    agreementStartYear: 2024,
    demographicGrowth: 0.006,
  });

  it('caps the risk ratios at 1 + demographic growth + 3 points because aggregate growth exceeds it', () => {
    expect(cap.cap).toBeCloseTo(1.036, 12);
    expect(cap.aggregateRatio).toBeCloseTo(1.03707, 5);
    expect(cap.applied).toBe(true);
    // ESRD 1.012 and disabled 1.025 stay; aged/dual 1.048 and aged/non-dual 1.041 → 1.036.
    expect(cap.capped).toEqual({ esrd: 1.012, disabled: 1.025, agedDual: 1.036, agedNonDual: 1.036 });
  });

  // Steps 2–4. Three-way growth = 2/3 two-way + 1/3 ACPT: ESRD 2/3×6.0 + 1/3×5.4 = 5.80%, disabled 7.30%,
  // aged/dual 7.733%, aged/non-dual 8.133%. UB_t: ESRD 98,000 × 1.012 × 1.058 = 104,928.21; disabled 13,800 ×
  // 1.025 × 1.073 = 15,177.585; aged/dual 21,500 × 1.036 × 1.077333 = 23,996.52; aged/non-dual 11,900 × 1.036 ×
  // 1.081333 = 13,331.11. UB = (104,928.21×180 + 15,177.585×1,250 + 23,996.52×950 + 13,331.11×9,120) / 11,500
  // = 182,235,477.2 / 11,500 = 15,846.563 → $15,846.56.
  const benchmark = updatedBenchmark({
    historicalBenchmarkCents: HB,
    riskRatios: cap.capped,
    growth: GROWTH,
    memberMonths: MM,
    agreementStartYear: 2024,
  });

  it('updates the benchmark per type and weights it by PY person-years: $15,846.56', () => {
    expect(benchmark.perType.esrd.growth).toBeCloseTo(0.058, 12);
    expect(benchmark.perType.agedNonDual.growth).toBeCloseTo(0.0813333, 6);
    expect(benchmark.perType.esrd.perCapitaCents).toBe(10_492_821);
    expect(benchmark.perType.disabled.perCapitaCents).toBe(1_517_759); // 15,177.585 rounds half up
    expect(benchmark.perType.agedDual.perCapitaCents).toBe(2_399_652);
    expect(benchmark.perType.agedNonDual.perCapitaCents).toBe(1_333_111);
    expect(benchmark.perCapitaCents).toBe(1_584_656);
    // Total benchmark = 15,846.56 × 11,500 = $182,235,440.00 ("$182.24M").
    expect(benchmark.totalCents).toBe(18_223_544_000);
  });

  it('keeps the two-way-only benchmark for the guardrail: $15,883.72', () => {
    // UB2_t = HB_t × r_t × (1 + two-way): 105,126.56; 15,205.875; 24,055.92; 13,363.9856 → weighted 15,883.7215.
    expect(benchmark.twoWayPerCapitaCents).toBe(1_588_372);
  });

  // Step 6. 12,000 assigned is in 10,000–14,999: 3.0 − (12,000 − 10,000)/(14,999 − 10,000) × (3.0 − 2.7)
  // = 3.0 − 2,000/4,999 × 0.3 = 2.87998% → 2.88%.
  const msr = msrMlr('variable', 12_000, true, TABLES.msrBands);

  it('interpolates the MSR for 12,000 assigned beneficiaries: 2.88%, MLR the same', () => {
    expect(msr.msr * 100).toBeCloseTo(2.88, 2);
    expect(msr.msr).toBeCloseTo(0.03 - (2000 / 4999) * 0.003, 12);
    expect(msr.mlr).toBe(msr.msr);
  });

  // Step 5. EXP = (101,500×180 + 14,600×1,250 + 23,000×950 + 12,700×9,120) / 11,500 = 174,189,000 / 11,500
  // = 15,147.304 → $15,147.30.
  const EXP = 1_514_730;
  const common = {
    track: BASIC_E,
    benchmarkPerCapitaCents: benchmark.perCapitaCents ?? 0,
    twoWayBenchmarkPerCapitaCents: benchmark.twoWayPerCapitaCents,
    memberMonths: TOTAL_MM,
    msr: msr.msr,
    mlr: msr.mlr,
    assignedBeneficiaries: 12_000,
    agreementStartYear: 2024,
    participantRevenueCents: 4_500_000_000, // $45M
    lowRevenue: false,
  };

  it('shares 50% of $8.04M savings when the quality standard is met: $4.02M, $3.94M after sequestration', () => {
    const s = settle({ ...common, expenditurePerCapitaCents: EXP, quality: { standard: 'met', heaScore: 80 } });
    // Savings = 15,846.56 − 15,147.30 = $699.26 pc; 699.26 / 15,846.56 = 4.4127% ≥ 2.88%.
    expect(s.savingsPerCapitaCents).toBe(69_926);
    expect(s.savingsRate * 100).toBeCloseTo(4.41, 2);
    // Total savings = 699.26 × 11,500 = $8,041,490.00.
    expect(s.totalSavingsCents).toBe(804_149_000);
    expect(s.outcome).toBe('shared-savings');
    expect(s.sharingRate).toBe(0.5);
    // 50% × 8,041,490 = $4,020,745.00; cap 10% × 182,235,440 = $18,223,544 not binding.
    expect(s.sharedSavingsCents).toBe(402_074_500);
    expect(s.savingsCapCents).toBe(1_822_354_400);
    // Sequestration 2% = $80,414.90 → payment $3,940,330.10.
    expect(s.sequestrationCents).toBe(8_041_490);
    expect(s.paymentCents).toBe(394_033_010);
  });

  it('scales sharing by the HEA score under the alternative standard: 50% × 0.65 = 32.5% → $2.61M', () => {
    const s = settle({ ...common, expenditurePerCapitaCents: EXP, quality: { standard: 'alternative', heaScore: 65 } });
    expect(s.sharingRate).toBeCloseTo(0.325, 12);
    // 32.5% × 8,041,490 = $2,613,484.25.
    expect(s.sharedSavingsCents).toBe(261_348_425);
  });

  it('owes $2.47M in the loss case, on the two-way guardrail benchmark, under the loss cap', () => {
    // EXP $16,600: excess over UB = 16,600 − 15,846.56 = $753.44 = 4.75% ≥ MLR 2.88%.
    const s = settle({ ...common, expenditurePerCapitaCents: 1_660_000, quality: { standard: 'met', heaScore: 80 } });
    expect(s.savingsRate * -100).toBeCloseTo(4.75, 2);
    // Guardrail: two-way benchmark $15,883.72 leaves the smaller excess 16,600 − 15,883.72 = $716.28 → used.
    expect(s.lossBenchmark).toBe('two-way');
    expect(s.lossExcessPerCapitaCents).toBe(71_628);
    // Losses = 30% × 716.28 × 11,500 = $2,471,166.00.
    expect(s.calculatedLossesCents).toBe(247_116_600);
    // Cap = min(8% × $45M = $3.6M, 4% × $182,235,440 = $7,289,417.60) = $3.6M: not binding.
    expect(s.lossCapCents).toBe(360_000_000);
    expect(s.lossesOwedCents).toBe(247_116_600);
    expect(s.outcome).toBe('shared-losses');
  });

  it('applies the loss cap when it binds (revenue $20M → 8% = $1.6M)', () => {
    const s = settle({
      ...common,
      participantRevenueCents: 2_000_000_000,
      expenditurePerCapitaCents: 1_660_000,
      quality: { standard: 'met', heaScore: 80 },
    });
    expect(s.lossCapCents).toBe(160_000_000);
    expect(s.lossesOwedCents).toBe(160_000_000);
  });
});

/** The worked example as roll-up cells: one claim cell per type and month, paid in its incurred month. */
function exampleRollUps() {
  const entries: RollUpEntry[] = [];
  const types = ['esrd', 'disabled', 'agedDual', 'agedNonDual'] as const;
  for (let m = 1; m <= 12; m += 1) {
    const month = `2025-${String(m).padStart(2, '0')}`;
    for (const type of types) {
      const memberMonths = MM[type] / 12; // person-years = members enrolled all year
      // The year's spend = spend pc × person-years, spread over the months in whole cents (December takes the rest).
      const yearCents = SPEND_PC[type] * 100 * memberMonths;
      const monthly = Math.floor(yearCents / 12);
      const cents = m === 12 ? yearCents - 11 * monthly : monthly;
      entries.push(
        { table: 'months', key: keys.months('MSSP1', type, month), values: { memberMonths } },
        { table: 'spend', key: keys.spend('MSSP1', type, month, month, 'inpatient'), values: { cents, claims: 1 } },
        { table: 'triangle', key: keys.triangle('institutional', month, month), values: { cents, claims: 1 } },
      );
    }
  }
  return accumulate(emptyRollUps(), entries);
}

describe('reference §1.10 — from roll-ups only', () => {
  const contract = msspContract({
    years: [
      {
        year: 2025,
        track: 'BASIC',
        level: 'E',
        msrMlr: 'variable',
        // CMS's basis: claims paid through 3 months after the year, grossed up by the completion factor (here 1,
        // as the reference's spend is already completed).
        completion: { runOutMonths: 3, method: 'fixed', fixedFactor: 1 },
        benchmark: {
          perCapita: { esrd: 98_000, disabled: 13_800, agedDual: 21_500, agedNonDual: 11_900 },
        },
      },
    ],
  });
  // Every cell passes through the Redis hash layout first: the projection sees roll-ups, never a claim.
  const rollUps = fromHashFields(toHashFields(exampleRollUps()));
  const result = evaluateContractYear(rollUps, {
    contract,
    year: 2025,
    asOfMonth: '2026-03', // the 3-month run-out
    tables: TABLES,
    growth: GROWTH,
    riskRatios: RATIOS,
    demographicGrowth: 0.006,
    assignedBeneficiaries: 12_000,
    participantRevenueCents: 4_500_000_000,
    quality: { standard: 'met', heaScore: 80 },
  });

  it('reproduces the benchmark, expenditure and shared savings', () => {
    expect(result.missing).toEqual([]);
    const finance = result.finance;
    if (finance?.kind !== 'mssp') {
      throw new Error('expected an MSSP result');
    }
    expect(finance.benchmark.perCapitaCents).toBe(1_584_656);
    expect(result.projection.perCapitaCents).toBe(1_514_730);
    expect(result.projection.remainingMonths).toEqual([]);
    expect(finance.settlement.expected.sharedSavingsCents).toBe(402_074_500);
    expect(finance.settlement.expected.paymentCents).toBe(394_033_010);
    // The year is over: no uncertainty, and 4.41% clears 2.88% for certain.
    expect(result.projection.sdPerCapitaCents).toBe(0);
    expect(finance.probabilityClearingMsr).toBe(1);
    // All paid in the incurred month: the triangle says complete at lag 0.
    expect(result.months.every((m) => m.completeness === 1)).toBe(true);
    // Benchmark to date (the whole year) = Σ_t UB_t × person-years_t with UB_t unrounded = 182,235,477.207 →
    // $182,235,477.21; it differs from UB × person-years ($182,235,440.00) only by UB's rounding to the cent.
    expect(result.toDate.benchmarkCents).toBe(18_223_547_721);
  });
});
