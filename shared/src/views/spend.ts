import { Type, type Static } from 'typebox';

/**
 * Running Medicare paid spend by month of service (the claim's through date), in integer cents. This is the
 * paid-to-date view: no completion factor, no truncation — the finance engine adds those.
 */
export const SpendMonth = Type.Object({
  paidCents: Type.Integer(),
  claims: Type.Integer({ minimum: 0, description: 'Claims currently contributing (latest version, not cancelled)' }),
});
export type SpendMonth = Static<typeof SpendMonth>;

export const SpendSnapshot = Type.Object({
  months: Type.Record(Type.String(), SpendMonth),
  paidThrough: Type.Union([Type.String({ format: 'date' }), Type.Null()], {
    description: 'Latest paid date among the claims received: "claims paid through …"',
  }),
  updatedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export type SpendSnapshot = Static<typeof SpendSnapshot>;

/**
 * A change carries the new absolute values of the months it touched, so applying it twice is harmless. A month
 * whose claims have all gone (cancelled or moved) arrives as { paidCents: 0, claims: 0 } and leaves the view.
 */
export const SpendChange = SpendSnapshot;
export type SpendChange = SpendSnapshot;

export function emptySpendSnapshot(): SpendSnapshot {
  return { months: {}, paidThrough: null, updatedAt: null };
}

/** The snapshot after a change: touched months take their new values; the freshness marks only move forward. */
export function applySpendChange(snapshot: SpendSnapshot, change: SpendChange): SpendSnapshot {
  const months = { ...snapshot.months };
  for (const [month, cell] of Object.entries(change.months)) {
    if (cell.paidCents === 0 && cell.claims === 0) {
      delete months[month];
    } else {
      months[month] = cell;
    }
  }
  return {
    months,
    paidThrough: laterOf(snapshot.paidThrough, change.paidThrough),
    updatedAt: laterOf(snapshot.updatedAt, change.updatedAt),
  };
}

/**
 * Two consecutive changes as one; used by the gateway to send a few updates a second instead of thousands.
 * Unlike apply, a merge keeps emptied months: they are removals the receiver still has to see.
 */
export function mergeSpendChanges(earlier: SpendChange, later: SpendChange): SpendChange {
  return {
    months: { ...earlier.months, ...later.months },
    paidThrough: laterOf(earlier.paidThrough, later.paidThrough),
    updatedAt: laterOf(earlier.updatedAt, later.updatedAt),
  };
}

/** Sum over all months, for a headline figure. */
export function totalPaidCents(snapshot: SpendSnapshot): number {
  let total = 0;
  for (const cell of Object.values(snapshot.months)) {
    total += cell.paidCents;
  }
  return total;
}

function laterOf(a: string | null, b: string | null): string | null {
  if (a === null) {
    return b;
  }
  if (b === null) {
    return a;
  }
  return a >= b ? a : b; // ISO dates and timestamps order as strings
}
