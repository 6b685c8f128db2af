/**
 * Minimum savings and loss rates (42 CFR 425.604(b) table via 425.605(b)(1); 425.605(b)(2); 425.610(b)): the
 * sliding scale by assigned beneficiaries, interpolated linearly within a band on the exact count (CMS-1345-P:
 * 7,500 → 3.3%), or the fixed symmetric option a two-sided ACO chose (0, 0.5, 1, 1.5, 2%). The variable MLR of a
 * two-sided model equals the MSR. Below 5,000 assigned the SLAAM sets the rate; the policy's VERIFY placeholder
 * is used and flagged.
 */
import type { MsrBand, MsrMlrOption } from '../../reference/finance.js';
import type { FinancePolicy } from './policy.js';
import { DEFAULT_FINANCE_POLICY } from './policy.js';
import type { Confidence } from './types.js';

export interface MsrResult {
  /** Minimum savings rate, a fraction (0.0288 = 2.88%). */
  readonly msr: number;
  /** Minimum loss rate, a fraction; null for a one-sided model. */
  readonly mlr: number | null;
  readonly option: MsrMlrOption;
  readonly confidence: Confidence;
  readonly note: string;
}

/** The sliding-scale MSR in percent for an assigned count; `null` band when below the scale. */
export function variableMsrPct(
  assigned: number,
  bands: readonly MsrBand[],
  policy: Pick<FinancePolicy, 'smallAcoMsrPct'> = DEFAULT_FINANCE_POLICY,
): { readonly pct: number; readonly band: MsrBand | null; readonly confidence: Confidence } {
  const band = bands.find((b) => assigned >= b.assignedLow && (b.assignedHigh === null || assigned <= b.assignedHigh));
  if (band === undefined) {
    if (policy.smallAcoMsrPct === null) {
      throw new RangeError(
        `No MSR for ${assigned} assigned beneficiaries (below the sliding scale; 42 CFR 425.110(b))`,
      );
    }
    return { pct: policy.smallAcoMsrPct, band: null, confidence: 'verify' };
  }
  if (band.assignedHigh === null) {
    return { pct: band.msrPctAtLow, band, confidence: 'regulation' };
  }
  // msr = lo% − (n − lo_n) / (hi_n − lo_n) × (lo% − hi%)
  const position = (assigned - band.assignedLow) / (band.assignedHigh - band.assignedLow);
  return { pct: band.msrPctAtLow - position * (band.msrPctAtLow - band.msrPctAtHigh), band, confidence: 'regulation' };
}

/** The MSR/MLR of a contract-year. One-sided models always use the sliding scale (425.605(b)(1)). */
export function msrMlr(
  option: MsrMlrOption,
  assigned: number,
  twoSided: boolean,
  bands: readonly MsrBand[],
  policy: Pick<FinancePolicy, 'smallAcoMsrPct'> = DEFAULT_FINANCE_POLICY,
): MsrResult {
  if (!twoSided || option === 'variable') {
    const { pct, band, confidence } = variableMsrPct(assigned, bands, policy);
    const where =
      band === null
        ? `below ${bands[0]?.assignedLow ?? 5000} assigned: placeholder ${pct}% (VERIFY, SLAAM small-ACO rule)`
        : `${assigned} assigned in ${band.assignedLow}–${band.assignedHigh ?? '∞'}: ${pct.toFixed(2)}%`;
    return {
      msr: pct / 100,
      mlr: twoSided ? pct / 100 : null,
      option: twoSided ? option : 'variable',
      confidence,
      note: `sliding scale, ${where}`,
    };
  }
  const pct = Number(option);
  return { msr: pct / 100, mlr: pct / 100, option, confidence: 'regulation', note: `fixed symmetric ${option}%` };
}
