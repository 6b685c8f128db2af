import type { ViewChangedOf, WallSnapshot } from '@benchline/shared';
import { emptyWallSnapshot } from '@benchline/shared';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { useWallStore } from './wall.js';

const snapshot = (overrides: Partial<WallSnapshot> = {}): WallSnapshot => ({
  ...emptyWallSnapshot(),
  members: 300,
  openGaps: 120,
  measures: [
    { measureId: 'CMS130', met: 40, eligible: 90, rate: 40 / 90 },
    { measureId: 'CMS122', met: null, eligible: 25, rate: null },
  ],
  spendByMonth: [
    { month: '2026-02', paidCents: 200_00 },
    { month: '2026-01', paidCents: 100_00 },
  ],
  contracts: [
    {
      contractId: 'MA-1',
      name: 'Acme Medicare Advantage',
      program: 'ma',
      spendToDateCents: 5_000_00,
      benchmarkToDateCents: null,
      projectedSavingsRate: null,
      expectedSettlementCents: 1_000_00,
    },
    {
      contractId: 'SSP-1',
      name: 'Shared Savings ACO',
      program: 'mssp',
      spendToDateCents: 9_000_00,
      benchmarkToDateCents: 10_000_00,
      projectedSavingsRate: 0.05,
      expectedSettlementCents: 40_000_00,
    },
  ],
  freshness: { claimsPaidThrough: '2026-02-20', clinicalThrough: null, enrollmentAsOf: null, rosterAsOf: null },
  updatedAt: '2026-02-21T10:00:00.000Z',
  ...overrides,
});

const changed = (from: number, to: number, change: WallSnapshot): ViewChangedOf<'wall'> => ({
  viewId: 'wall',
  fromVersion: from,
  toVersion: to,
  change,
  feedId: `${to}-0`,
});

describe('useWallStore', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('starts empty and idle, then loads a snapshot read in a steady order', () => {
    const store = useWallStore();
    expect(store.status).toBe('idle');
    expect(store.snapshot).toEqual(emptyWallSnapshot());
    store.beginSync();
    expect(store.load({ viewId: 'wall', version: 5, snapshot: snapshot(), feedId: '5-0' }, 1000)).toBe('applied');
    expect(store.status).toBe('live');
    expect(store.version).toBe(5);
    expect(store.lastChangeAt).toBe(1000);
    expect(store.contracts.map((c) => c.contractId)).toEqual(['SSP-1', 'MA-1']);
    expect(store.measures.map((m) => m.measureId)).toEqual(['CMS122', 'CMS130']);
    expect(store.spend.months).toEqual(['2026-01', '2026-02']);
    expect(store.spend.dollars).toEqual([100, 200]);
    expect(store.freshness.claimsPaidThrough).toBe('2026-02-20');
  });

  it('replaces the whole snapshot on a change, ignores stale ones and reports gaps', () => {
    const store = useWallStore();
    store.beginSync();
    store.load({ viewId: 'wall', version: 5, snapshot: snapshot(), feedId: '5-0' });
    const next = snapshot({ members: null, measures: [], spendByMonth: [{ month: '2026-03', paidCents: 5 }] });
    expect(store.apply(changed(5, 8, next), 2000)).toBe('applied');
    expect(store.version).toBe(8);
    expect(store.snapshot.members).toBeNull();
    expect(store.measures).toEqual([]);
    expect(store.spend.months).toEqual(['2026-03']);
    expect(store.lastChangeAt).toBe(2000);
    expect(store.apply(changed(6, 7, snapshot({ members: 1 })))).toBe('stale');
    expect(store.snapshot.members).toBeNull();
    expect(store.apply(changed(10, 11, snapshot({ members: 2 })))).toBe('gap');
    expect(store.version).toBe(8);
  });

  it('holds changes during a resync and replays them on the snapshot', () => {
    const store = useWallStore();
    store.beginSync();
    expect(store.apply(changed(5, 6, snapshot({ openGaps: 99 })))).toBe('held');
    expect(store.load({ viewId: 'wall', version: 5, snapshot: snapshot(), feedId: '5-0' })).toBe('applied');
    expect(store.version).toBe(6);
    expect(store.snapshot.openGaps).toBe(99);
    expect(store.held).toEqual([]);
  });

  it('keeps no history: many changes leave one snapshot and bounded lists', () => {
    const store = useWallStore();
    store.beginSync();
    store.load({ viewId: 'wall', version: 1, snapshot: snapshot(), feedId: '1-0' });
    const months = Array.from({ length: 36 }, (_, i) => ({
      month: `${2024 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`,
      paidCents: i,
    }));
    for (let v = 2; v < 500; v += 1) {
      store.apply(changed(v - 1, v, snapshot({ members: v, spendByMonth: months })));
    }
    expect(store.snapshot.members).toBe(499);
    expect(store.held).toEqual([]);
    expect(store.spend.months).toHaveLength(12);
    expect(store.spend.months.at(-1)).toBe('2026-12');
  });

  it('reports a failed subscription', () => {
    const store = useWallStore();
    store.fail('FORBIDDEN');
    expect(store.status).toBe('error');
    expect(store.errorCode).toBe('FORBIDDEN');
  });
});
