/**
 * The analyst's SQL (analysts.ts) on a hand-checked handful of claims: versions and cancels, IME/DSH netting, the
 * ambulance rule, Part D and uncounted months left out, the paid-through cut-off, and half-away rounding of PMPM.
 * The bench itself checks the same query against Benchline's roll-ups at full size; this pins the query's rules.
 */
import type { ClaimEvent } from '@benchline/shared';
import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { aClaim } from '../support/claims.js';
import { duckdbBatch, writeAnalystInputs } from './analysts.js';

const line = (overrides: Partial<ClaimEvent['lines'][number]>): ClaimEvent['lines'][number] => ({
  ...aClaim().lines[0]!,
  ...overrides,
});

const CLAIMS: ClaimEvent[] = [
  aClaim({ claimId: 'C1', memberId: 'A', paidAmount: 100.14 }),
  aClaim({ claimId: 'C1', memberId: 'A', version: 2, adjustment: 'adjustment', paidAmount: 120 }),
  aClaim({ claimId: 'C2', memberId: 'A', paidAmount: 500, lines: [line({ hcpcs: 'A0427' })] }),
  aClaim({
    claimId: 'C3',
    memberId: 'B',
    claimType: 'inpatient',
    paidAmount: 10_000,
    imeAmount: 500,
    dshAmount: 250.55,
  }),
  aClaim({ claimId: 'C4', memberId: 'A', claimType: 'outpatient', paidAmount: 300 }),
  aClaim({ claimId: 'C4', memberId: 'A', claimType: 'outpatient', version: 2, adjustment: 'cancel', paidAmount: 300 }),
  aClaim({ claimId: 'C5', memberId: 'A', claimType: 'partd', paidAmount: 42 }),
  // B's April is not a counted month.
  aClaim({ claimId: 'C6', memberId: 'B', throughDate: '2026-04-02', paidDate: '2026-04-20', paidAmount: 80 }),
  // Paid after the paid-through month.
  aClaim({ claimId: 'C7', memberId: 'A', throughDate: '2026-04-02', paidDate: '2026-05-10', paidAmount: 55.55 }),
  aClaim({ claimId: 'C8', memberId: 'A', throughDate: '2026-04-02', paidDate: '2026-04-20', paidAmount: 33.33 }),
  // A0020 is below the ambulance range (A0021–A0999); specialty 59 is an ambulance supplier whatever the code.
  aClaim({ claimId: 'C9', memberId: 'A', paidAmount: 10, lines: [line({ hcpcs: 'A0020' })] }),
  aClaim({ claimId: 'C10', memberId: 'A', paidAmount: 20, lines: [line({ renderingSpecialty: '59' })] }),
];

const COUNTED = [
  { memberId: 'A', month: '2026-03' },
  { memberId: 'A', month: '2026-04' },
  { memberId: 'B', month: '2026-03' },
];

describe("the analyst's PMPM query", () => {
  it('resolves versions, nets IME/DSH, categorises and rounds as the finance engine does', async () => {
    // Shuffled: the query, like the pipeline, must not depend on arrival order.
    const { folder, claimLines } = await writeAnalystInputs([...CLAIMS].reverse(), COUNTED);
    try {
      expect(claimLines).toBe(CLAIMS.length);
      expect(await duckdbBatch(folder, '2026-04')).toEqual([
        // March: 2 member-months. Ambulance 500.00 + 20.00; inpatient 10,000.00 − 500.00 − 250.55 = 9,249.45,
        // 462,472.5 cents per member-month → 462,473; professional 120.00 (the adjustment) + 10.00.
        { month: '2026-03', category: 'ambulance', paidCents: 52_000, memberMonths: 2, pmpmCents: 26_000 },
        { month: '2026-03', category: 'inpatient', paidCents: 924_945, memberMonths: 2, pmpmCents: 462_473 },
        { month: '2026-03', category: 'professional', paidCents: 13_000, memberMonths: 2, pmpmCents: 6_500 },
        { month: '2026-04', category: 'professional', paidCents: 3_333, memberMonths: 1, pmpmCents: 3_333 },
      ]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
