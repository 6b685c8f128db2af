import type { RollupsChange, ViewChangedOf } from '@benchline/shared';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { useRollupsStore } from './rollups.js';

const changed = (from: number, to: number, counters: RollupsChange['counters']): ViewChangedOf<'rollups'> => ({
  viewId: 'rollups',
  fromVersion: from,
  toVersion: to,
  change: { counters, updatedAt: '2026-11-27T10:00:00.000Z' },
  feedId: `${to}-0`,
});

describe('useRollupsStore', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('loads a snapshot and reads it per measure and per contract', () => {
    const store = useRollupsStore();
    store.beginSync();
    expect(store.status).toBe('syncing');
    store.load({
      viewId: 'rollups',
      version: 4,
      snapshot: {
        counters: {
          members: 12,
          'quality:CMS130:met': 3,
          'quality:CMS130:not-met': 5,
          'attribution:C1:step-1': 9,
          'attribution:C1:tie': 1,
        },
        updatedAt: '2026-11-27T09:00:00.000Z',
      },
      feedId: '4-0',
    });
    expect(store.status).toBe('live');
    expect(store.version).toBe(4);
    expect(store.members).toBe(12);
    expect(store.quality.measures.get('CMS130')).toMatchObject({ met: 3, notMet: 5 });
    expect(store.attribution.get('C1')?.attributedTotal).toBe(9);
  });

  it('applies changes in version order: absolute values, zeros leave, stale ignored, gaps reported', () => {
    const store = useRollupsStore();
    store.beginSync();
    store.load({
      viewId: 'rollups',
      version: 4,
      snapshot: { counters: { 'quality:CMS130:met': 3, 'quality:CMS130:not-met': 5 }, updatedAt: null },
      feedId: '4-0',
    });
    expect(store.apply(changed(4, 6, { 'quality:CMS130:met': 4, 'quality:CMS130:not-met': 4 }), 1000)).toBe('applied');
    expect(store.quality.measures.get('CMS130')).toMatchObject({ met: 4, notMet: 4 });
    expect(store.lastChangeAt).toBe(1000);
    expect(store.apply(changed(6, 7, { 'quality:CMS130:not-met': 0 }))).toBe('applied');
    expect(store.counters['quality:CMS130:not-met']).toBeUndefined();
    expect(store.apply(changed(5, 6, { 'quality:CMS130:met': 99 }))).toBe('stale');
    expect(store.quality.measures.get('CMS130')?.met).toBe(4);
    expect(store.apply(changed(9, 10, { 'quality:CMS130:met': 99 }))).toBe('gap');
    expect(store.version).toBe(7);
  });

  it('holds changes that arrive during a resync and replays them on the snapshot', () => {
    const store = useRollupsStore();
    store.beginSync();
    expect(store.apply(changed(2, 3, { 'attribution:C1:step-2': 2 }))).toBe('held');
    expect(
      store.load({
        viewId: 'rollups',
        version: 2,
        snapshot: { counters: { 'attribution:C1:step-1': 5 }, updatedAt: null },
        feedId: '2-0',
      }),
    ).toBe('applied');
    expect(store.version).toBe(3);
    expect(store.attribution.get('C1')?.attributedTotal).toBe(7);
  });
});
