import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ClaimContribution, ClaimForSpend, MonthDelta } from './spend.js';
import { foldClaimIntoSpend, rebuildSpend } from './spend.js';

type Claim = ClaimForSpend & { claimId: string };

const claim = (overrides: Partial<Claim>): Claim => ({
  claimId: 'C1',
  version: 1,
  adjustment: 'original',
  throughDate: '2025-03-14',
  paidDate: '2025-04-02',
  paidAmount: 100.1,
  ...overrides,
});

/** Runs the incremental fold over events in arrival order, as the worker does, and returns the month roll-up. */
function foldAll(events: Claim[]): Map<string, MonthDelta> {
  const state = new Map<string, ClaimContribution>();
  const months = new Map<string, MonthDelta>();
  for (const event of events) {
    const result = foldClaimIntoSpend(state.get(event.claimId) ?? null, event);
    if (result === null) {
      continue;
    }
    state.set(event.claimId, result.next);
    for (const d of result.deltas) {
      const cell = months.get(d.month) ?? { month: d.month, paidCents: 0, claims: 0 };
      cell.paidCents += d.paidCents;
      cell.claims += d.claims;
      months.set(d.month, cell);
    }
  }
  // Months whose claims all went away are zero cells in the incremental roll-up and absent in a rebuild.
  return new Map([...months].filter(([, c]) => c.paidCents !== 0 || c.claims !== 0));
}

describe('foldClaimIntoSpend', () => {
  it('adds a first version to the month of its through date, in cents', () => {
    const result = foldClaimIntoSpend(null, claim({}));
    expect(result?.deltas).toEqual([{ month: '2025-03', paidCents: 10010, claims: 1 }]);
    expect(result?.next).toEqual({
      version: 1,
      cancelled: false,
      month: '2025-03',
      paidCents: 10010,
      paidDate: '2025-04-02',
    });
  });

  it('ignores a duplicate and a stale version', () => {
    const first = foldClaimIntoSpend(null, claim({ version: 2 }));
    expect(first).not.toBeNull();
    const current = first!.next;
    expect(foldClaimIntoSpend(current, claim({ version: 2, paidAmount: 999 }))).toBeNull();
    expect(foldClaimIntoSpend(current, claim({ version: 1 }))).toBeNull();
  });

  it('replaces an earlier version, moving the claim to a new month when its through date changes', () => {
    const v1 = foldClaimIntoSpend(null, claim({}))!.next;
    const v2 = foldClaimIntoSpend(
      v1,
      claim({ version: 2, adjustment: 'adjustment', throughDate: '2025-04-01', paidAmount: 80 }),
    );
    expect(v2?.deltas).toEqual([
      { month: '2025-03', paidCents: -10010, claims: -1 },
      { month: '2025-04', paidCents: 8000, claims: 1 },
    ]);
  });

  it('withdraws a cancelled claim and keeps the tombstone so an older version cannot come back', () => {
    const v1 = foldClaimIntoSpend(null, claim({}))!.next;
    const cancel = foldClaimIntoSpend(v1, claim({ version: 2, adjustment: 'cancel' }));
    expect(cancel?.deltas).toEqual([{ month: '2025-03', paidCents: -10010, claims: -1 }]);
    expect(cancel?.next.cancelled).toBe(true);
    expect(foldClaimIntoSpend(cancel!.next, claim({ version: 1 }))).toBeNull();
  });

  it('records a cancel that arrives before the claim it cancels, contributing nothing', () => {
    const cancel = foldClaimIntoSpend(null, claim({ version: 3, adjustment: 'cancel' }));
    expect(cancel?.deltas).toEqual([]);
    expect(foldClaimIntoSpend(cancel!.next, claim({ version: 1 }))).toBeNull();
  });

  it('drops a zero delta when a new version changes nothing that spend reads', () => {
    const v1 = foldClaimIntoSpend(null, claim({}))!.next;
    const v2 = foldClaimIntoSpend(v1, claim({ version: 2, adjustment: 'adjustment' }));
    expect(v2?.deltas).toEqual([]);
    expect(v2?.next.version).toBe(2);
  });
});

describe('incremental fold equals a rebuild', () => {
  const claimVersion = fc.record({
    claimId: fc.constantFrom('A', 'B', 'C', 'D'),
    version: fc.integer({ min: 1, max: 5 }),
    adjustment: fc.constantFrom<Claim['adjustment']>('original', 'adjustment', 'cancel'),
    throughDate: fc.constantFrom('2025-01-31', '2025-02-01', '2025-02-28', '2025-03-15'),
    paidDate: fc.constant('2025-04-01'),
    paidAmount: fc.integer({ min: 0, max: 5_000_000 }).map((cents) => cents / 100),
  });

  it('for any arrival order, with duplicates, adjustments and cancels', () => {
    fc.assert(
      fc.property(
        // One content per (claim, version), as ingest guarantees (a conflicting duplicate is refused there).
        fc.uniqueArray(claimVersion, { selector: (c) => `${c.claimId}#${c.version}`, maxLength: 30 }),
        fc.array(fc.nat(), { maxLength: 30 }),
        fc.infiniteStream(fc.nat()),
        (events, duplicateIndexes, order) => {
          const withDuplicates = [
            ...events,
            ...duplicateIndexes.flatMap((i) => (events.length ? [events[i % events.length]!] : [])),
          ];
          const shuffled = [...withDuplicates];
          const picks = order[Symbol.iterator]();
          for (let i = shuffled.length - 1; i > 0; i -= 1) {
            const j = picks.next().value! % (i + 1);
            [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
          }
          expect(foldAll(shuffled)).toEqual(rebuildSpend(events));
        },
      ),
      { numRuns: 500 },
    );
  });
});
