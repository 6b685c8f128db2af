import { Value } from 'typebox/value';
import { describe, expect, it } from 'vitest';
import type { ContractFinance, FinanceChange, FinanceSnapshot } from './finance.js';
import {
  applyFinanceChange,
  emptyFinanceSnapshot,
  financeChangeBetween,
  FinanceChange as FinanceChangeSchema,
  FinanceSnapshot as FinanceSnapshotSchema,
  mergeFinanceChanges,
} from './finance.js';

const zeroType = {
  paidCents: 0,
  completedCents: 0,
  truncatedCents: 0,
  benchmarkCents: null,
  benchmarkPerCapitaCents: null,
};

function contract(contractId: string, paidCents: number, extra: Partial<ContractFinance> = {}): ContractFinance {
  return {
    contractId,
    name: `Contract ${contractId}`,
    program: 'mssp',
    apmCategory: '3B',
    benchmarkType: 'mssp-per-capita',
    year: 2026,
    months: [
      {
        month: '2026-01',
        memberMonths: 10,
        paidCents,
        completedCents: paidCents,
        truncatedCents: paidCents,
        completeness: 1,
      },
    ],
    toDate: {
      memberMonths: { esrd: 0, disabled: 0, agedDual: 0, agedNonDual: 10 },
      paidCents,
      completedCents: paidCents,
      truncatedCents: paidCents,
      benchmarkCents: 100_000,
      byType: {
        esrd: zeroType,
        disabled: zeroType,
        agedDual: zeroType,
        agedNonDual: { ...zeroType, paidCents, completedCents: paidCents, truncatedCents: paidCents },
      },
    },
    projection: {
      memberMonths: 120,
      spendCents: paidCents * 12,
      perCapitaCents: paidCents * 12,
      lowPerCapitaCents: null,
      highPerCapitaCents: null,
      benchmarkCents: 1_200_000,
      benchmarkPerCapitaCents: 120_000,
    },
    savingsRate: 0.1,
    msr: 0.02,
    mlr: 0.02,
    probabilityClearingMsr: 0.9,
    settlement: { expectedCents: 1_000, favourableCents: null, unfavourableCents: null },
    ffsRevenueCents: 0,
    categories: {
      months: ['2026-01'],
      rows: [{ category: 'professional', paidCents: [paidCents], completedCents: [paidCents] }],
    },
    highCostMembers: [
      { memberId: 'M1', paidCents, claims: 1, months: 1, annualisedCents: paidCents * 12, types: ['agedNonDual'] },
    ],
    leakage: { inCents: 500, outCents: 500, share: 0.5, months: [{ month: '2026-01', inCents: 500, outCents: 500 }] },
    quality: {
      settlement: { standard: 'met', heaScore: null, source: 'assumed met' },
      estimate: null,
    },
    whatIf: { trend: [], closeGaps: [] },
    explanation: [],
    assumptions: [],
    missing: [],
    ...extra,
  };
}

function snapshot(contracts: ContractFinance[], asOfMonth = '2026-01'): FinanceSnapshot {
  return { ...emptyFinanceSnapshot(), year: 2026, asOfMonth, contracts, updatedAt: '2026-02-01T00:00:00.000Z' };
}

/** A run of snapshots a live view goes through: claims move numbers, contracts come, go, come back and reorder. */
const HISTORY: FinanceSnapshot[] = [
  snapshot([contract('A', 100)]),
  snapshot([contract('A', 200)]),
  snapshot([contract('A', 200), contract('B', 50)]),
  snapshot([contract('B', 60), contract('A', 200, { leakage: null })], '2026-02'),
  snapshot([contract('B', 60)], '2026-02'),
  snapshot([contract('A', 300), contract('B', 60)], '2026-03'),
  snapshot([contract('A', 300), contract('B', 70, { quality: null })], '2026-03'),
];

describe('financeChangeBetween', () => {
  it('from nothing: every contract whole, so any holder can apply it', () => {
    const change = financeChangeBetween(null, HISTORY[2]!);
    expect(change.contractIds).toEqual(['A', 'B']);
    expect(change.contracts).toEqual(HISTORY[2]!.contracts);
    expect(applyFinanceChange(emptyFinanceSnapshot(), change)).toEqual(HISTORY[2]);
    expect(Value.Check(FinanceChangeSchema, change)).toBe(true);
  });

  it('carries only the fields that moved, and nothing for a contract that did not', () => {
    const change = financeChangeBetween(HISTORY[0]!, HISTORY[1]!);
    const [patch] = change.contracts;
    expect(Object.keys(patch ?? {}).sort()).toEqual(
      ['categories', 'contractId', 'highCostMembers', 'months', 'projection', 'toDate'].sort(),
    );
    expect(financeChangeBetween(HISTORY[2]!, HISTORY[2]!).contracts).toEqual([]);
    expect(Value.Check(FinanceChangeSchema, change)).toBe(true);
  });
});

describe('applyFinanceChange', () => {
  it('takes each snapshot to the next: moved numbers, new, dropped, returning and reordered contracts', () => {
    for (let i = 1; i < HISTORY.length; i += 1) {
      const before = HISTORY[i - 1]!;
      const after = HISTORY[i]!;
      const applied = applyFinanceChange(before, financeChangeBetween(before, after));
      expect(applied, `step ${i}`).toEqual(after);
      expect(Value.Check(FinanceSnapshotSchema, applied)).toBe(true);
    }
  });

  it('keeps what did not change as it was (the same objects)', () => {
    const before = HISTORY[5]!;
    const after = HISTORY[6]!;
    const applied = applyFinanceChange(before, financeChangeBetween(before, after));
    expect(applied.contracts[0]).toBe(before.contracts[0]);
    expect(applied.contracts[1]?.leakage).toBe(before.contracts[1]?.leakage);
    expect(applied.contracts[1]?.toDate.paidCents).toBe(70);
    expect(applied.contracts[1]?.quality).toBeNull();
  });

  it('cannot show a contract it is told about without its fields (a resync brings it)', () => {
    const change: FinanceChange = { ...financeChangeBetween(HISTORY[0]!, HISTORY[1]!), contractIds: ['A', 'Z'] };
    expect(applyFinanceChange(HISTORY[0]!, change).contracts.map((c) => c.contractId)).toEqual(['A']);
  });
});

describe('mergeFinanceChanges', () => {
  it('two consecutive changes merged apply as both did, across every span of the history', () => {
    const change = (i: number) => financeChangeBetween(HISTORY[i - 1]!, HISTORY[i]!);
    for (let from = 0; from < HISTORY.length - 1; from += 1) {
      let merged = change(from + 1);
      for (let to = from + 2; to < HISTORY.length; to += 1) {
        merged = mergeFinanceChanges(merged, change(to));
        expect(applyFinanceChange(HISTORY[from]!, merged), `${from} → ${to}`).toEqual(HISTORY[to]);
      }
    }
  });

  it('is associative: the coalescer and the catch-up may group changes either way', () => {
    const [a, b, c] = [3, 4, 5].map((i) => financeChangeBetween(HISTORY[i - 1]!, HISTORY[i]!)) as [
      FinanceChange,
      FinanceChange,
      FinanceChange,
    ];
    const left = mergeFinanceChanges(mergeFinanceChanges(a, b), c);
    const right = mergeFinanceChanges(a, mergeFinanceChanges(b, c));
    expect(applyFinanceChange(HISTORY[2]!, left)).toEqual(HISTORY[5]);
    expect(applyFinanceChange(HISTORY[2]!, right)).toEqual(HISTORY[5]);
  });

  it('takes the later header', () => {
    const merged = mergeFinanceChanges(
      financeChangeBetween(HISTORY[0]!, HISTORY[1]!),
      financeChangeBetween(HISTORY[4]!, HISTORY[5]!),
    );
    expect(merged.asOfMonth).toBe('2026-03');
  });
});
