import type { ViewChanged } from '@benchline/shared';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { useSpendStore } from './spend.js';

type SpendChanged = Extract<ViewChanged, { viewId: 'spend' }>;

const changed = (fromVersion: number, toVersion: number, months: Record<string, [number, number]>): SpendChanged => ({
  viewId: 'spend',
  fromVersion,
  toVersion,
  change: {
    months: Object.fromEntries(Object.entries(months).map(([m, [paidCents, claims]]) => [m, { paidCents, claims }])),
    paidThrough: '2026-03-20',
    updatedAt: '2026-03-21T10:00:00.000Z',
  },
  feedId: `${toVersion}-0`,
});

describe('useSpendStore', () => {
  beforeEach(() => setActivePinia(createPinia()));

  const loaded = () => {
    const store = useSpendStore();
    store.beginSync();
    store.load({
      viewId: 'spend',
      version: 4,
      snapshot: { months: { '2026-02': { paidCents: 5000, claims: 2 } }, paidThrough: '2026-03-01', updatedAt: null },
      feedId: '0-0',
    });
    return store;
  };

  it('applies a change based on the version it holds and moves to the new version', () => {
    const store = loaded();
    expect(store.apply(changed(4, 7, { '2026-03': [10014, 1] }))).toBe('applied');
    expect(store.version).toBe(7);
    expect(store.totalCents).toBe(15014);
    expect(store.totalClaims).toBe(3);
    expect(store.months.map((m) => m.month)).toEqual(['2026-02', '2026-03']);
  });

  it('drops a change it already has, and reports a gap when one was missed', () => {
    const store = loaded();
    expect(store.apply(changed(2, 4, { '2026-02': [1, 1] }))).toBe('stale');
    expect(store.apply(changed(6, 9, { '2026-02': [1, 1] }))).toBe('gap');
    expect(store.version).toBe(4);
    expect(store.totalCents).toBe(5000);
  });

  it('holds changes that arrive during a resync and replays those newer than the snapshot', () => {
    const store = loaded();
    store.beginSync();
    expect(store.apply(changed(4, 6, { '2026-02': [6000, 3] }))).toBe('held');
    expect(store.apply(changed(6, 8, { '2026-03': [100, 1] }))).toBe('held');
    const result = store.load({
      viewId: 'spend',
      version: 6,
      snapshot: { months: { '2026-02': { paidCents: 6000, claims: 3 } }, paidThrough: null, updatedAt: null },
      feedId: '0-0',
    });
    expect(result).toBe('applied');
    expect(store.version).toBe(8);
    expect(store.totalCents).toBe(6100);
  });

  it('says so when the changes held during a resync leave a gap', () => {
    const store = loaded();
    store.beginSync();
    store.apply(changed(9, 10, { '2026-02': [1, 1] }));
    expect(
      store.load({
        viewId: 'spend',
        version: 6,
        snapshot: { months: {}, paidThrough: null, updatedAt: null },
        feedId: '0-0',
      }),
    ).toBe('gap');
  });
});
