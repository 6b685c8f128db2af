/**
 * The three numbers per member-month, kept apart (reference §1.2 engine note): paid to date, completed (paid ×
 * the family's completion multiplier for its lag) and truncated — benchmark-comparable: the completed dollars
 * less the type's truncation share (CMS truncates run-out data, then applies the completion factor, so the
 * truncated share is taken off completed dollars pro rata by type) — by contract, incurred month and type, with
 * member-months and completeness per incurred month. Reads roll-up cells only.
 */
import type { SpendCell, MonthCell } from './cells.js';
import { claimFamilyOf } from './claim-spend.js';
import type { CompletionCurve, CompletionSpec } from './completion.js';
import { completionMultiplier, runOutEndMonth } from './completion.js';
import { roundHalfAway } from './money.js';
import { yearOf } from './months.js';
import type { ByType, ClaimFamily } from './types.js';
import { ENROLLMENT_TYPES, byType } from './types.js';

export interface MonthlySpend {
  readonly month: string;
  readonly memberMonths: ByType<number>;
  readonly paidCents: ByType<number>;
  readonly completedCents: ByType<number>;
  /** Completed less truncation: what is compared with the benchmark. */
  readonly truncatedCents: ByType<number>;
  /** Paid ÷ completed over all types (1 when nothing is expected). */
  readonly completeness: number;
}

/**
 * Paid and completed cents per incurred month and type for one contract-year. Under a `fixed` completion spec,
 * payments after the year's run-out month are outside CMS's data and are left out.
 */
export function spendByMonth(
  cells: readonly SpendCell[],
  monthCells: readonly MonthCell[],
  year: number,
  asOfMonth: string,
  curves: Readonly<Record<ClaimFamily, CompletionCurve>>,
  spec: CompletionSpec | undefined,
  truncationShare: ByType<number>,
): MonthlySpend[] {
  const rows = new Map<
    string,
    { mm: Record<string, number>; paid: Record<string, number>; completed: Record<string, number> }
  >();
  const rowOf = (month: string) => {
    const row = rows.get(month) ?? { mm: byType(() => 0), paid: byType(() => 0), completed: byType(() => 0) };
    rows.set(month, row);
    return row;
  };
  for (const cell of monthCells) {
    if (yearOf(cell.month) === year && cell.month <= asOfMonth) {
      rowOf(cell.month).mm[cell.type] = (rowOf(cell.month).mm[cell.type] ?? 0) + cell.memberMonths;
    }
  }
  for (const cell of cells) {
    if (yearOf(cell.incurredMonth) !== year || cell.incurredMonth > asOfMonth || cell.paidMonth > asOfMonth) {
      continue;
    }
    const runOut = runOutEndMonth(cell.incurredMonth, spec);
    if (runOut !== null && cell.paidMonth > runOut) {
      continue;
    }
    const family = claimFamilyOf(cell.category);
    const row = rowOf(cell.incurredMonth);
    row.paid[cell.type] = (row.paid[cell.type] ?? 0) + cell.cents;
    row.completed[cell.type] =
      (row.completed[cell.type] ?? 0) +
      cell.cents * completionMultiplier(curves[family], cell.incurredMonth, asOfMonth, spec);
  }
  return [...rows.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([month, row]) => {
      const paidCents = byType((t) => row.paid[t] ?? 0);
      const completedCents = byType((t) => roundHalfAway(row.completed[t] ?? 0));
      const paidAll = ENROLLMENT_TYPES.reduce((s, t) => s + paidCents[t], 0);
      const completedAll = ENROLLMENT_TYPES.reduce((s, t) => s + completedCents[t], 0);
      return {
        month,
        memberMonths: byType((t) => row.mm[t] ?? 0),
        paidCents,
        completedCents,
        truncatedCents: byType((t) => roundHalfAway(completedCents[t] * (1 - truncationShare[t]))),
        completeness: completedAll > 0 ? paidAll / completedAll : 1,
      };
    });
}

/** Sums of the monthly table per type. */
export function totalsByType(rows: readonly MonthlySpend[]): {
  readonly memberMonths: ByType<number>;
  readonly paidCents: ByType<number>;
  readonly completedCents: ByType<number>;
  readonly truncatedCents: ByType<number>;
} {
  const total = (pick: (r: MonthlySpend) => ByType<number>) => byType((t) => rows.reduce((s, r) => s + pick(r)[t], 0));
  return {
    memberMonths: total((r) => r.memberMonths),
    paidCents: total((r) => r.paidCents),
    completedCents: total((r) => r.completedCents),
    truncatedCents: total((r) => r.truncatedCents),
  };
}
