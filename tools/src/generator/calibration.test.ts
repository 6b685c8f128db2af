/**
 * Calibration against the published figures the profile cites (population-facts §1–§5). One population of 3,000
 * members is generated once (≈4 s) and measured from its events alone. Tolerances allow for the sampling noise
 * of 3,000 heavy-tailed members (per-capita spend moves ±8% between seeds) but fail a real miscalibration —
 * a category off by a third, a mix or rate off by a quarter.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  finalClaims,
  summarizeCalibration,
  summarizeQuality,
  type CalibrationSummary,
  type QualitySummary,
} from './calibration.js';
import { CONDITION_DEFINITIONS } from './conditions.js';
import { createSyntheticAco, type MemberBundle } from './generator.js';
import { loadGeneratorReference } from './load-reference.js';
import { DEFAULT_PROFILE } from './profile.js';

const reference = loadGeneratorReference();
const targets = DEFAULT_PROFILE.targets;
let bundles: MemberBundle[] = [];
let summary: CalibrationSummary;
let quality: QualitySummary;

beforeAll(() => {
  // Window 2024-01 … 2025-06: calendar 2024 is complete and has six months of claims run-out.
  const aco = createSyntheticAco({ members: 3000, months: 18, seed: 7, endMonth: '2025-06' }, reference);
  bundles = [...aco.members()];
  summary = summarizeCalibration(bundles, 2024, reference);
  quality = summarizeQuality(bundles, 2024, reference);
}, 60_000);

const within = (value: number, low: number, high: number): void => {
  expect(value).toBeGreaterThanOrEqual(low);
  expect(value).toBeLessThanOrEqual(high);
};

describe('population (§1)', () => {
  it('has the MSSP enrolment mix and dual share by person-years (S1)', () => {
    within(summary.enrollmentMix.esrd, 0.001, 0.008);
    within(summary.enrollmentMix.disabled, 0.06, 0.095);
    within(summary.enrollmentMix.agedDual, 0.045, 0.066);
    within(summary.enrollmentMix.agedNonDual, 0.84, 0.89);
    within(summary.dualShare, 0.085, 0.115);
  });

  it('is 56.6% female with ~1.5% long-term institutional and ~4.5% annual mortality (S1, S7)', () => {
    within(summary.femaleShare, 0.54, 0.6);
    within(summary.institutionalShare, 0.008, 0.025);
    within(summary.annualMortality, 0.035, 0.06);
  });

  it('has chronic conditions at CCW prevalence, counting claims over the 18-month window (S11)', () => {
    const share = (key: 'diabetes' | 'heartFailure' | 'copd'): number => {
      const definition = CONDITION_DEFINITIONS[key];
      if (definition.kind !== 'hcc') {
        throw new Error(key);
      }
      const codes = new Set(
        reference.paymentYears.flatMap((year) => reference.conditionCodes(key, year).tiers.flatMap((t) => t.codeList)),
      );
      return (
        bundles.filter((b) => b.claims.some((c) => c.diagnoses.some((code) => codes.has(code)))).length / bundles.length
      );
    };
    within(share('diabetes'), 0.22, 0.31); // 27.5%
    within(share('heartFailure'), 0.11, 0.18); // 14.6%
    within(share('copd'), 0.08, 0.14); // 11.7%
  });
});

describe('spending (§2)', () => {
  it('has per-capita A+B paid near the PUF (S1: $12,251 truncated, $12,577 by category)', () => {
    within(summary.perCapitaPaid, 10_500, 14_000);
  });

  it('keeps the enrolment-type ratios (S1: ESRD 7.9×, aged-dual 1.58×, disabled 1.03× aged non-dual)', () => {
    const base = summary.perCapitaByType.agedNonDual;
    within(summary.perCapitaByType.agedDual / base, 1.25, 2.2);
    within(summary.perCapitaByType.disabled / base, 0.8, 1.45);
    expect(summary.perCapitaByType.esrd / base).toBeGreaterThan(4.5);
  });

  it('splits spend across service categories as the PUF does (S1 §2b)', () => {
    const tolerance = {
      inpatient: 0.05,
      outpatient: 0.04,
      partB: 0.05,
      snf: 0.02,
      hha: 0.015,
      hospice: 0.012,
      dme: 0.012,
      ambulance: 0.005,
    };
    for (const [category, share] of Object.entries(summary.categoryShares) as [keyof typeof tolerance, number][]) {
      const target = targets.categoryShares[category];
      expect(Math.abs(share - target), `${category}: ${share.toFixed(3)} vs ${target}`).toBeLessThanOrEqual(
        tolerance[category],
      );
    }
  });

  it('is as skewed as Medicare spending (S5: top 5% ≈ 41.5%, top 10% ≈ 60%)', () => {
    within(summary.topShares.top5, 0.36, 0.47);
    within(summary.topShares.top10, 0.53, 0.67);
    within(summary.topShares.top1, 0.1, 0.22);
  });

  it('has utilisation per 1,000 near the PUF (S1 §2d)', () => {
    within(summary.per1000.admissions, 210, 300); // 253
    within(summary.per1000.edVisits, 520, 720); // 612
    within(summary.per1000.snfStays, 33, 58); // 45
    within(summary.per1000.pcpVisits, 3000, 4300); // 3,594
    within(summary.per1000.nppVisits, 1800, 2800); // 2,234
    within(summary.per1000.specialistVisits, 3800, 5500); // 4,563
    within(summary.per1000.ct, 600, 920); // 745
    within(summary.per1000.mri, 190, 320); // 250
    within(summary.per1000.homeHealthPeriods, 190, 320); // $514 ÷ $2,038
    within(summary.annualWellnessVisitShare, 0.3, 0.45); // S19: 30–45%
  });
});

describe('claims lag (§3)', () => {
  it('pays 2024 claims mostly 2–6 weeks after service, with a tail beyond six months', () => {
    const lags = bundles
      .flatMap((b) => b.claims)
      .filter((c) => c.version === 1 && c.throughDate.startsWith('2024') && c.throughDate < '2024-10-01')
      .map((c) => (Date.parse(c.paidDate) - Date.parse(c.throughDate)) / 86_400_000);
    const share = (predicate: (days: number) => boolean): number => lags.filter(predicate).length / lags.length;
    expect(Math.min(...lags.slice(0, 50_000))).toBeGreaterThanOrEqual(14);
    within(
      share((d) => d <= 42),
      0.7,
      0.95,
    );
    within(
      share((d) => d > 180),
      0.005,
      0.025,
    );
  });

  it('leaves recent months incomplete at the as-of date (what completion factors are for)', () => {
    const paidBy = (month: string): number =>
      bundles
        .flatMap((b) => finalClaims(b.claims))
        .filter((c) => c.throughDate.startsWith(month))
        .reduce((sum, c) => sum + c.paidAmount, 0);
    // June 2025 (the last month) has far less paid by 30 June than a complete month such as March 2025.
    expect(paidBy('2025-06') / paidBy('2025-03')).toBeLessThan(0.2);
  });
});

describe('quality (§5, S1 Web Interface rates)', () => {
  it('has realistic gaps on the five ACO eCQMs', () => {
    within(quality.hba1cPoorControl, 0.05, 0.14); // 8.9% (inverse)
    within(quality.bloodPressureControlled, 0.7, 0.85); // 77.6%
    within(quality.breastCancerScreening, 0.74, 0.89); // 82.2%
    within(quality.colorectalScreening, 0.72, 0.86); // 79.0%
    within(quality.depressionScreening, 0.74, 0.89); // 81.6%
    expect(quality.denominators.hba1c).toBeGreaterThan(300);
  });
});
