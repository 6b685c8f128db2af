import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MemberYearCell } from './cells.js';
import { annualisationMonths, truncate, truncationCapCents, truncationExcessDelta } from './truncation.js';

const cell = (fields: Partial<MemberYearCell>): MemberYearCell => ({
  contractId: 'C',
  year: 2025,
  type: 'agedNonDual',
  memberId: 'M1',
  cents: 0,
  claims: 1,
  months: 12,
  monthMask: 4095,
  ...fields,
});

const THRESHOLDS = { esrd: 50_000_000, disabled: 12_000_000, agedDual: 15_000_000, agedNonDual: 10_000_000 }; // $500k/$120k/$150k/$100k

describe('truncation at the 99th percentile, annualised (425.605(a)(3); reference §1.2)', () => {
  it('caps a full-year member at the type threshold', () => {
    const r = truncate([cell({ cents: 25_000_000 })], THRESHOLDS, '2025-12');
    // $250,000 − $100,000 = $150,000 cut.
    expect(r.excessCents.agedNonDual).toBe(15_000_000);
    expect(r.truncated[0]).toMatchObject({ capCents: 10_000_000, excessCents: 15_000_000 });
  });

  it('annualises a part-year member: 3 months at $40,000 = $160,000 a year → cap $25,000, $15,000 cut', () => {
    expect(truncationCapCents(10_000_000, 3)).toBe(2_500_000);
    const r = truncate([cell({ cents: 4_000_000, months: 3, monthMask: 0b111 })], THRESHOLDS, '2025-12');
    expect(r.excessCents.agedNonDual).toBe(1_500_000);
  });

  it('caps a member who switched type mid-year separately in each type, over that type’s months', () => {
    // Disabled Jan–Jun with $70,000 (cap $120k × 6/12 = $60k → $10k cut); aged Jul–Dec with $40,000 (cap $50k, none).
    const r = truncate(
      [
        cell({ type: 'disabled', cents: 7_000_000, months: 6, monthMask: 0b111111 }),
        cell({ type: 'agedNonDual', cents: 4_000_000, months: 6, monthMask: 0b111111000000 }),
      ],
      THRESHOLDS,
      '2025-12',
    );
    expect(r.excessCents).toEqual({ esrd: 0, disabled: 1_000_000, agedDual: 0, agedNonDual: 0 });
    expect(r.paidCents.agedNonDual).toBe(4_000_000);
  });

  it('mid-year, a member still enrolled is measured against the full-year cap, one who left against their months', () => {
    // As of March: active in March → 3 months + 9 to come = 12; left after January → 1.
    expect(annualisationMonths(cell({ months: 3, monthMask: 0b111 }), '2025-03')).toBe(12);
    expect(annualisationMonths(cell({ months: 1, monthMask: 0b1 }), '2025-03')).toBe(1);
    expect(annualisationMonths(cell({ months: 3, monthMask: 0b111 }), '2026-02')).toBe(3);
    const r = truncate([cell({ cents: 8_000_000, months: 3, monthMask: 0b111 })], THRESHOLDS, '2025-03');
    expect(r.excessCents.agedNonDual).toBe(0); // $80k so far < $100k full-year cap
  });

  it('cuts nothing without thresholds', () => {
    const r = truncate([cell({ cents: 99_000_000 })], null, '2025-12');
    expect(r.applied).toBe(false);
    expect(r.excessCents.agedNonDual).toBe(0);
  });

  it('incremental form: the excess delta of one changed member equals recomputing the whole type', () => {
    const member = fc.record({
      cents: fc.integer({ min: 0, max: 30_000_000 }),
      months: fc.integer({ min: 1, max: 12 }),
    });
    fc.assert(
      fc.property(fc.array(member, { minLength: 1, maxLength: 6 }), fc.nat(), member, (members, pick, after) => {
        const i = pick % members.length;
        const before = members[i]!;
        const cells = (list: typeof members) =>
          list.map((m, j) =>
            cell({ memberId: `M${j}`, cents: m.cents, months: m.months, monthMask: 2 ** m.months - 1 }),
          );
        const total = (list: typeof members) => truncate(cells(list), THRESHOLDS, '2025-12').excessCents.agedNonDual;
        const changed = members.map((m, j) => (j === i ? after : m));
        expect(total(members) + truncationExcessDelta(before, after, THRESHOLDS.agedNonDual)).toBe(total(changed));
      }),
    );
  });
});
