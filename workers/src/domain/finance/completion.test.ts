import { describe, expect, it } from 'vitest';
import type { LagCell } from './completion.js';
import { chainLadder, completionMultiplier, runOutEndMonth, shareCompleteAt } from './completion.js';
import { addMonths } from './months.js';
import { DEFAULT_FINANCE_POLICY } from './policy.js';

/** Each incurred month pays 50% in its own month, 30% the next, 20% the one after ($1,000 per month). */
function triangle(first: string, count: number, asOf: string): LagCell[] {
  const cells: LagCell[] = [];
  for (let i = 0; i < count; i += 1) {
    const incurred = addMonths(first, i);
    [50_000, 30_000, 20_000].forEach((cents, lag) => {
      const paid = addMonths(incurred, lag);
      if (paid <= asOf) {
        cells.push({ incurredMonth: incurred, paidMonth: paid, cents });
      }
    });
  }
  return cells;
}

const fallback = DEFAULT_FINANCE_POLICY.fallbackCompletion.professional;

describe('chain-ladder completion from the tenant’s own triangle', () => {
  const curve = chainLadder(triangle('2023-01', 30, '2025-06'), 'professional', {
    asOfMonth: '2025-06',
    completeLag: 12,
    fallback,
  });

  it('recovers the known development: f0 = 80/50 = 1.6, f1 = 100/80 = 1.25, then 1', () => {
    expect(curve.ageToAge[0]?.factor).toBeCloseTo(1.6, 12);
    expect(curve.ageToAge[1]?.factor).toBeCloseTo(1.25, 12);
    expect(curve.ageToAge.slice(2).every((a) => Math.abs(a.factor - 1) < 1e-12 && a.source === 'triangle')).toBe(true);
    // CF(0) = 1 / (1.6 × 1.25) = 0.5; CF(1) = 1 / 1.25 = 0.8; CF(2) = 1.
    expect(curve.shareComplete[0]).toBeCloseTo(0.5, 12);
    expect(curve.shareComplete[1]).toBeCloseTo(0.8, 12);
    expect(curve.shareComplete[2]).toBeCloseTo(1, 12);
    expect(shareCompleteAt(curve, 40)).toBe(1);
  });

  it('completes the latest months: $500 paid at lag 0 → $1,000; $800 at lag 1 → $1,000', () => {
    expect(50_000 * completionMultiplier(curve, '2025-06', '2025-06', undefined)).toBeCloseTo(100_000, 6);
    expect(80_000 * completionMultiplier(curve, '2025-05', '2025-06', undefined)).toBeCloseTo(100_000, 6);
  });

  it('uses only the most recent developed incurred months (history window)', () => {
    // Older months paid 100% at lag 0; the last 12 follow 50/30/20. A 12-month window sees only the new pattern.
    const old: LagCell[] = Array.from({ length: 18 }, (_, i) => {
      const m = addMonths('2022-01', i);
      return { incurredMonth: m, paidMonth: m, cents: 100_000 };
    });
    const cells = [...old, ...triangle('2023-07', 24, '2025-06')];
    const windowed = chainLadder(cells, 'professional', { asOfMonth: '2025-06', historyMonths: 12, fallback });
    expect(windowed.ageToAge[0]?.factor).toBeCloseTo(1.6, 12);
    const all = chainLadder(cells, 'professional', { asOfMonth: '2025-06', historyMonths: 60, fallback });
    expect(all.ageToAge[0]?.factor).toBeLessThan(1.6);
  });

  it('falls back to the published curve where the triangle is too thin, and says so', () => {
    const thin = chainLadder(triangle('2025-03', 4, '2025-06'), 'professional', { asOfMonth: '2025-06', fallback });
    expect(thin.ageToAge.every((a) => a.source === 'fallback')).toBe(true);
    // Fallback f0 = 0.75 / 0.25 = 3.
    expect(thin.ageToAge[0]?.factor).toBeCloseTo(3, 12);
    expect(thin.shareComplete[0]).toBeCloseTo(0.25, 12);
  });

  it('ignores payments after the as-of month', () => {
    const cells = triangle('2023-01', 30, '2025-12');
    const asOfJune = chainLadder(cells, 'professional', { asOfMonth: '2025-06', fallback });
    expect(asOfJune.shareComplete[0]).toBeCloseTo(0.5, 12);
  });
});

describe('contract completion terms (ContractEvent years[].completion)', () => {
  const curve = chainLadder(triangle('2023-01', 30, '2025-06'), 'professional', { asOfMonth: '2025-06', fallback });

  it('fixed: develops to the run-out basis with the curve, then divides by the contract factor', () => {
    const spec = { runOutMonths: 3, method: 'fixed', fixedFactor: 0.98 } as const;
    expect(runOutEndMonth('2025-04', spec)).toBe('2026-03');
    expect(runOutEndMonth('2025-04', undefined)).toBeNull();
    // June 2025 as of June 2025: lag 0, run-out lag 9 → CF(9)/CF(0) = 1/0.5 = 2, ÷ 0.98.
    expect(completionMultiplier(curve, '2025-06', '2025-06', spec)).toBeCloseTo(2 / 0.98, 12);
    // A month already past its run-out lag is only grossed up by the factor.
    expect(completionMultiplier(curve, '2024-03', '2025-06', spec)).toBeCloseTo(1 / 0.98, 12);
  });
});
