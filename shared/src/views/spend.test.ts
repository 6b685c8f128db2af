import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SpendChange, SpendSnapshot } from './spend.js';
import { applySpendChange, emptySpendSnapshot, mergeSpendChanges, totalPaidCents } from './spend.js';

const change = (months: SpendChange['months'], paidThrough: string | null = null): SpendChange => ({
  months,
  paidThrough,
  updatedAt: null,
});

describe('applySpendChange', () => {
  it('sets touched months to their new values and keeps the others', () => {
    const before: SpendSnapshot = {
      months: { '2026-01': { paidCents: 100, claims: 1 }, '2026-02': { paidCents: 50, claims: 1 } },
      paidThrough: '2026-02-10',
      updatedAt: '2026-02-11T00:00:00.000Z',
    };
    const after = applySpendChange(before, change({ '2026-02': { paidCents: 75, claims: 2 } }, '2026-02-09'));
    expect(after.months).toEqual({ '2026-01': { paidCents: 100, claims: 1 }, '2026-02': { paidCents: 75, claims: 2 } });
    expect(after.paidThrough).toBe('2026-02-10'); // freshness never moves backwards
    expect(totalPaidCents(after)).toBe(175);
  });

  it('drops a month whose claims have all gone', () => {
    const before = applySpendChange(emptySpendSnapshot(), change({ '2026-01': { paidCents: 100, claims: 1 } }));
    expect(applySpendChange(before, change({ '2026-01': { paidCents: 0, claims: 0 } })).months).toEqual({});
  });
});

describe('mergeSpendChanges', () => {
  const cell = fc.record({ paidCents: fc.integer({ min: 0, max: 10_000 }), claims: fc.integer({ min: 0, max: 3 }) });
  const months = fc.dictionary(fc.constantFrom('2026-01', '2026-02', '2026-03'), cell);
  const date = fc.option(fc.constantFrom('2026-01-05', '2026-02-01', '2026-03-09'), { nil: null });
  const anyChange: fc.Arbitrary<SpendChange> = fc.record({ months, paidThrough: date, updatedAt: fc.constant(null) });

  it('merging consecutive changes and applying once equals applying them one by one', () => {
    fc.assert(
      fc.property(fc.array(anyChange, { minLength: 1, maxLength: 6 }), (changes) => {
        const oneByOne = changes.reduce(applySpendChange, emptySpendSnapshot());
        const merged = changes.reduce(mergeSpendChanges);
        expect(applySpendChange(emptySpendSnapshot(), merged)).toEqual(oneByOne);
      }),
    );
  });
});
