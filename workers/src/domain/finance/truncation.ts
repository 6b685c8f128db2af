/**
 * Truncation of catastrophic spend (42 CFR 425.605(a)(3), 425.652(a)(4); reference §1.2): each member's annual
 * A+B spend is capped at the 99th-percentile threshold of their enrolment type, applied to annualised spend and
 * de-annualised — equivalently capped at threshold × eligible months ÷ 12 — per member and type [VERIFY in the
 * SLAAM: per-type thresholds and annualisation]. Truncation reads the per-member year roll-up (summable), and the
 * derived excess changes only for the member whose total changed: `truncationExcessDelta` is its incremental form.
 */
import type { MemberYearCell } from './cells.js';
import { monthNumber, yearOf } from './months.js';
import { roundHalfAway } from './money.js';
import type { ByType, EnrollmentType } from './types.js';
import { byType } from './types.js';

/** The cap for a member with `months` eligible months in a type: threshold × months ÷ 12, in cents. */
export function truncationCapCents(thresholdCents: number, months: number): number {
  return roundHalfAway((thresholdCents * months) / 12);
}

/** Spend above the cap (0 when under it). */
export function excessCents(paidCents: number, thresholdCents: number, months: number): number {
  return Math.max(0, paidCents - truncationCapCents(thresholdCents, months));
}

/**
 * The months a member-type's cap is annualised over as of a month: the eligible months so far, plus, when the
 * member counted in the as-of month itself and the year is not over, the months left in the year — a member
 * still enrolled is expected to stay, so a January catastrophe is measured against the full-year cap, not
 * one-twelfth of it. At year end this is exactly the eligible months CMS annualises by.
 */
export function annualisationMonths(
  cell: Pick<MemberYearCell, 'year' | 'months' | 'monthMask'>,
  asOfMonth: string,
): number {
  if (yearOf(asOfMonth) !== cell.year) {
    return yearOf(asOfMonth) > cell.year ? cell.months : 0;
  }
  const current = monthNumber(asOfMonth);
  const activeNow = Math.floor(cell.monthMask / 2 ** (current - 1)) % 2 === 1;
  return cell.months + (activeNow ? 12 - current : 0);
}

export interface TruncatedMember {
  readonly memberId: string;
  readonly type: EnrollmentType;
  readonly paidCents: number;
  readonly months: number;
  readonly capCents: number;
  readonly excessCents: number;
}

export interface TruncationResult {
  /** Paid dollars removed by truncation, per type. */
  readonly excessCents: ByType<number>;
  /** Paid dollars before truncation, per type (from the member cells). */
  readonly paidCents: ByType<number>;
  /** Members whose spend was cut, most cut first. */
  readonly truncated: readonly TruncatedMember[];
  /** False when no thresholds were given: nothing is cut. */
  readonly applied: boolean;
}

/**
 * Truncation over a contract-year's member cells. Spend is assigned to the type of the month it was incurred in,
 * and a member with months in two types is capped separately in each, over that type's months.
 */
export function truncate(
  cells: readonly MemberYearCell[],
  thresholdsCents: ByType<number> | null,
  asOfMonth: string,
): TruncationResult {
  const excess = byType(() => 0);
  const paid = byType(() => 0);
  const truncated: TruncatedMember[] = [];
  for (const cell of cells) {
    paid[cell.type] += cell.cents;
    if (thresholdsCents === null) {
      continue;
    }
    const months = annualisationMonths(cell, asOfMonth);
    const cap = truncationCapCents(thresholdsCents[cell.type], months);
    const cut = Math.max(0, cell.cents - cap);
    if (cut > 0) {
      excess[cell.type] += cut;
      truncated.push({
        memberId: cell.memberId,
        type: cell.type,
        paidCents: cell.cents,
        months,
        capCents: cap,
        excessCents: cut,
      });
    }
  }
  truncated.sort((a, b) => b.excessCents - a.excessCents || (a.memberId < b.memberId ? -1 : 1));
  return { excessCents: excess, paidCents: paid, truncated, applied: thresholdsCents !== null };
}

/**
 * Incremental truncation: when one member-type cell changes from `before` to `after` (a claim or a month added),
 * the type's total excess changes by this much — no other member is involved, because each cap depends only on
 * the member's own spend and months.
 */
export function truncationExcessDelta(
  before: { readonly cents: number; readonly months: number },
  after: { readonly cents: number; readonly months: number },
  thresholdCents: number,
): number {
  return (
    excessCents(after.cents, thresholdCents, after.months) - excessCents(before.cents, thresholdCents, before.months)
  );
}

/** Share of paid dollars truncation removes, per type (0 where nothing was paid). */
export function truncationShare(result: TruncationResult): ByType<number> {
  return byType((t) => (result.paidCents[t] > 0 ? result.excessCents[t] / result.paidCents[t] : 0));
}
