/**
 * Completion (IBNR) by claim family (reference §1.9; 42 CFR 425.605(a)(4) for CMS's 3-month run-out + completion
 * factor): chain-ladder over the tenant's own paid-lag triangle — cumulative paid by incurred month × months since
 * incurred, age-to-age factors from the most recent developed incurred months, share complete CF(k) = Π of the
 * later factors, reciprocal — with a published fallback curve for lags the triangle cannot support; and the
 * contract's method: `chain-ladder` (to ultimate) or `fixed` (develop to the run-out basis, then ÷ fixedFactor).
 */
import type { ContractYear } from '@benchline/shared';
import { monthsBetween, yearOf } from './months.js';
import type { ClaimFamily } from './types.js';

export interface CompletionOptions {
  /** The paid-through month: payments after it are ignored, and lags are counted up to it. */
  readonly asOfMonth: string;
  /** The lag at which an incurred month is treated as complete (reference §1.9: 12–18). Default 12. */
  readonly completeLag?: number;
  /** How many of the most recent developed incurred months each age-to-age factor uses (12–24). Default 24. */
  readonly historyMonths?: number;
  /** Fewer developed incurred months than this (or none paid) and the factor comes from the fallback. Default 6. */
  readonly minimumHistory?: number;
  /** Share of final paid known at lag k = 0, 1, …; used where the triangle is too thin. */
  readonly fallback: readonly number[];
}

export interface AgeToAgeFactor {
  /** f_k = cumulative paid at lag k+1 ÷ cumulative paid at lag k. */
  readonly factor: number;
  readonly source: 'triangle' | 'fallback';
  /** Incurred months the triangle factor was estimated over (0 for a fallback factor). */
  readonly incurredMonths: number;
}

export interface CompletionCurve {
  readonly family: ClaimFamily;
  readonly asOfMonth: string;
  readonly completeLag: number;
  /** CF(k), k = 0 … completeLag: the share of final paid dollars known k months after the incurred month. */
  readonly shareComplete: readonly number[];
  readonly ageToAge: readonly AgeToAgeFactor[];
}

export interface LagCell {
  readonly incurredMonth: string;
  readonly paidMonth: string;
  readonly cents: number;
}

function fallbackShare(fallback: readonly number[], lag: number): number {
  if (fallback.length === 0) {
    return 1;
  }
  return fallback[Math.min(lag, fallback.length - 1)] ?? 1;
}

/**
 * The chain-ladder completion curve of one claim family. Payments made before the incurred month (lag < 0,
 * from dating quirks) count at lag 0; payments after `asOfMonth` are ignored. Beyond `completeLag` the tail is
 * taken as 1 (complete).
 */
export function chainLadder(
  cells: readonly LagCell[],
  family: ClaimFamily,
  options: CompletionOptions,
): CompletionCurve {
  const completeLag = options.completeLag ?? 12;
  const historyMonths = options.historyMonths ?? 24;
  const minimumHistory = options.minimumHistory ?? 6;
  // paid[m][k]: paid at lag k for incurred month m (only incurred months at or before the as-of month).
  const byMonth = new Map<string, number[]>();
  for (const cell of cells) {
    if (cell.paidMonth > options.asOfMonth || cell.incurredMonth > options.asOfMonth) {
      continue;
    }
    const lag = Math.max(0, monthsBetween(cell.incurredMonth, cell.paidMonth));
    const row = byMonth.get(cell.incurredMonth) ?? [];
    row[lag] = (row[lag] ?? 0) + cell.cents;
    byMonth.set(cell.incurredMonth, row);
  }
  const cumulative = (row: readonly number[], lag: number): number => {
    let total = 0;
    for (let k = 0; k <= lag; k += 1) {
      total += row[k] ?? 0;
    }
    return total;
  };
  // Most recent first, so the history window takes the latest developed months.
  const incurred = [...byMonth.keys()].sort().reverse();
  const ageToAge: AgeToAgeFactor[] = [];
  for (let k = 0; k < completeLag; k += 1) {
    const developed = incurred.filter((m) => monthsBetween(m, options.asOfMonth) >= k + 1).slice(0, historyMonths);
    let atK = 0;
    let atNext = 0;
    for (const m of developed) {
      const row = byMonth.get(m) ?? [];
      atK += cumulative(row, k);
      atNext += cumulative(row, k + 1);
    }
    if (developed.length >= minimumHistory && atK > 0) {
      ageToAge.push({ factor: atNext / atK, source: 'triangle', incurredMonths: developed.length });
    } else {
      const from = fallbackShare(options.fallback, k);
      const to = fallbackShare(options.fallback, k + 1);
      ageToAge.push({ factor: from > 0 ? to / from : 1, source: 'fallback', incurredMonths: 0 });
    }
  }
  const shareComplete: number[] = new Array<number>(completeLag + 1).fill(1);
  for (let k = completeLag - 1; k >= 0; k -= 1) {
    const f = ageToAge[k]?.factor ?? 1;
    shareComplete[k] = f > 0 ? (shareComplete[k + 1] ?? 1) / f : 1;
  }
  return { family, asOfMonth: options.asOfMonth, completeLag, shareComplete, ageToAge };
}

/** CF at a lag: complete (1) at or beyond the curve's complete lag. */
export function shareCompleteAt(curve: CompletionCurve, lag: number): number {
  if (lag >= curve.completeLag) {
    return 1;
  }
  return curve.shareComplete[Math.max(0, lag)] ?? 1;
}

/** The contract's completion terms (ContractEvent years[].completion); absent means chain-ladder to ultimate. */
export type CompletionSpec = NonNullable<ContractYear['completion']>;

/**
 * The run-out month of an incurred month's performance year under a `fixed` spec (December + run-out months);
 * payments after it are outside CMS's reconciliation data and do not count. Null for chain-ladder.
 */
export function runOutEndMonth(incurredMonth: string, spec: CompletionSpec | undefined): string | null {
  if (spec?.method !== 'fixed') {
    return null;
  }
  const december = yearOf(incurredMonth) * 12 + 11 + spec.runOutMonths;
  const year = Math.floor(december / 12);
  return `${String(year).padStart(4, '0')}-${String(december - year * 12 + 1).padStart(2, '0')}`;
}

/**
 * What paid-to-date dollars of one incurred month are multiplied by to become completed dollars.
 * chain-ladder: 1 ÷ CF(lag), ultimate. fixed: develop from the current lag to the run-out lag with the curve
 * (CF(run-out) ÷ CF(lag)), then ÷ the contract's factor — CMS's 3-month run-out plus completion factor.
 */
export function completionMultiplier(
  curve: CompletionCurve,
  incurredMonth: string,
  asOfMonth: string,
  spec: CompletionSpec | undefined,
): number {
  const lag = monthsBetween(incurredMonth, asOfMonth);
  if (spec?.method === 'fixed') {
    const runOutLag = monthsBetween(incurredMonth, runOutEndMonth(incurredMonth, spec) ?? asOfMonth);
    const develop = lag >= runOutLag ? 1 : shareCompleteAt(curve, runOutLag) / shareCompleteAt(curve, lag);
    return develop / (spec.fixedFactor ?? 1);
  }
  return 1 / shareCompleteAt(curve, lag);
}
