import { describe, expect, it } from 'vitest';
import type { MonthRow } from './projection.js';
import { normalCdf, probabilityAtMost, projectYearEnd } from './projection.js';
import { byType } from './types.js';

/** One enrolment type (aged/non-dual), 1,000 member-months a month. */
const row = (month: string, cents: number, mm = 1000): MonthRow => ({
  month,
  memberMonths: byType((t) => (t === 'agedNonDual' ? mm : 0)),
  comparableCents: byType((t) => (t === 'agedNonDual' ? cents : 0)),
});

// Jan–Apr PMPM $1,000, $1,100, $900, $1,000; May and June least developed.
const ROWS = [
  row('2025-01', 100_000_000),
  row('2025-02', 110_000_000),
  row('2025-03', 90_000_000),
  row('2025-04', 100_000_000),
  row('2025-05', 95_000_000),
  row('2025-06', 105_000_000),
];

describe('standard normal CDF', () => {
  it('matches tabulated values', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1)).toBeCloseTo(0.841345, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.158655, 6);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(1.2816)).toBeCloseTo(0.9, 4);
  });
});

describe('year-end projection with a month-to-month variance band', () => {
  const p = projectYearEnd(ROWS, { year: 2025, asOfMonth: '2025-06' });

  it('projects the rest of the year at the run-rate PMPM, leaving the two latest months out of the rate', () => {
    expect(p.runRateMonths).toEqual(['2025-01', '2025-02', '2025-03', '2025-04']);
    // Run rate = (100 + 110 + 90 + 100)M / 4,000 = 100,000 cents = $1,000 PMPM.
    expect(p.runRatePmpmCents.agedNonDual).toBe(100_000);
    // Jul–Dec: 6 × 1,000 member-months at $1,000 = $6,000,000; observed Jan–Jun $6,000,000.
    expect(p.projectedMemberMonths.agedNonDual).toBe(6_000);
    expect(p.expenditureCents.agedNonDual).toBe(1_200_000_000);
    // EXP = $12,000,000 × 12 / 12,000 = $12,000 per person-year.
    expect(p.perCapitaCents).toBe(1_200_000);
  });

  it('derives the band from the run-rate months’ variance', () => {
    // PMPMs 100k, 110k, 90k, 100k: s² = (0 + 10k² + 10k² + 0) / 3 = 66,666,666.7.
    // Var(future) = s² × (R·M² + (R·M)² / n) = 66,666,666.7 × (6 × 1,000² + 6,000² / 4) = 1e15 → sd $316,227.77.
    // sd of EXP = 31,622,776.6 × 12 / 12,000 = 31,622.78 cents.
    expect(p.sdPerCapitaCents).toBeCloseTo(31_622.7766, 3);
    // 10th–90th band: ± 1.2816 × 31,622.78 = ± 40,527.8.
    expect(p.lowPerCapitaCents).toBe(1_159_472);
    expect(p.highPerCapitaCents).toBe(1_240_528);
  });

  it('gives the probability of landing under a threshold', () => {
    expect(probabilityAtMost(1_200_000, p.perCapitaCents ?? 0, p.sdPerCapitaCents)).toBeCloseTo(0.5, 7);
    // One standard deviation below the mean: Φ(−1).
    expect(probabilityAtMost(1_200_000 - 31_622.7766, p.perCapitaCents ?? 0, p.sdPerCapitaCents)).toBeCloseTo(
      0.158655,
      5,
    );
    expect(probabilityAtMost(10, 5, 0)).toBe(1);
    expect(probabilityAtMost(10, 11, 0)).toBe(0);
    expect(probabilityAtMost(10, 11, null)).toBeNull();
  });

  it('a lower spend trend lowers the months to come only', () => {
    const lower = projectYearEnd(ROWS, { year: 2025, asOfMonth: '2025-06', futurePmpmFactor: 0.9 });
    // Future $6,000,000 × 0.9 = $5,400,000; total $11,400,000 → EXP $11,400.
    expect(lower.perCapitaCents).toBe(1_140_000);
  });

  it('has no band with fewer than two run-rate months, and none needed once the year is over', () => {
    expect(
      projectYearEnd(ROWS.slice(0, 2), { year: 2025, asOfMonth: '2025-02', excludeRecentMonths: 1 }).sdPerCapitaCents,
    ).toBeNull();
    const done = projectYearEnd(ROWS, { year: 2025, asOfMonth: '2026-03' });
    expect(done.remainingMonths).toEqual([]);
    expect(done.sdPerCapitaCents).toBe(0);
    // Only the observed months count: $6,000,000 over 6,000 member-months → $12,000.
    expect(done.perCapitaCents).toBe(1_200_000);
  });
});
