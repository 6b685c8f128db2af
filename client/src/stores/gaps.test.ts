import type { GapQueueRow, ViewChangedOf } from '@benchline/shared';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { aRow } from '../queue/row-fixture.js';
import { useGapsStore } from './gaps.js';

const changed = (
  fromVersion: number,
  toVersion: number,
  upsert: GapQueueRow[],
  remove: string[] = [],
): ViewChangedOf<'gaps'> => ({
  viewId: 'gaps',
  fromVersion,
  toVersion,
  change: { upsert, remove },
  feedId: `${toVersion}-0`,
});

const first = aRow({ memberId: 'A', priority: 9 });
const second = aRow({ memberId: 'B', priority: 5 });

describe('useGapsStore', () => {
  beforeEach(() => setActivePinia(createPinia()));

  const loaded = () => {
    const store = useGapsStore();
    store.beginSync();
    store.load({ viewId: 'gaps', version: 10, snapshot: { rows: [first, second] }, feedId: '10-0' });
    return store;
  };

  it('applies row deltas in priority order and indexes rows by gap and member', () => {
    const store = loaded();
    const third = aRow({ memberId: 'A', subject: 'AWV', priority: 7 });
    expect(store.apply(changed(10, 12, [third, { ...second, priority: 10, status: 'attempted' }]))).toBe('applied');
    expect(store.version).toBe(12);
    expect(store.rows.map((row) => `${row.memberId}:${row.subject}`)).toEqual(['B:CMS130', 'A:CMS130', 'A:AWV']);
    expect(store.byGapId.get(second.gapId)?.status).toBe('attempted');
    expect(store.byMember.get('A')?.length).toBe(2);
    expect(store.memberCount).toBe(2);

    expect(store.apply(changed(12, 13, [], [first.gapId]))).toBe('applied');
    expect(store.byMember.get('A')?.map((row) => row.subject)).toEqual(['AWV']);
  });

  it('drops a change it already has and reports a gap when one was missed', () => {
    const store = loaded();
    expect(store.apply(changed(8, 10, [], [first.gapId]))).toBe('stale');
    expect(store.apply(changed(11, 14, [], [first.gapId]))).toBe('gap');
    expect(store.version).toBe(10);
    expect(store.rows).toHaveLength(2);
  });

  it('holds changes during a resync and replays those newer than the snapshot', () => {
    const store = loaded();
    store.beginSync();
    expect(store.apply(changed(10, 11, [], [first.gapId]))).toBe('held');
    expect(store.apply(changed(11, 15, [aRow({ memberId: 'C', priority: 1 })]))).toBe('held');
    expect(store.load({ viewId: 'gaps', version: 11, snapshot: { rows: [second] }, feedId: '11-0' })).toBe('applied');
    expect(store.version).toBe(15);
    expect(store.rows.map((row) => row.memberId)).toEqual(['B', 'C']);
    expect(store.status).toBe('live');
  });

  it('says so when the changes held during a resync leave a gap', () => {
    const store = loaded();
    store.beginSync();
    store.apply(changed(20, 21, []));
    expect(store.load({ viewId: 'gaps', version: 11, snapshot: { rows: [] }, feedId: '11-0' })).toBe('gap');
  });
});
