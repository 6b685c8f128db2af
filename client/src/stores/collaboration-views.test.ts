import type { Lease, PresenceEntry, ViewChangedOf } from '@benchline/shared';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { useLeasesStore } from './leases.js';
import { distinctPeople, usePresenceStore } from './presence.js';

const lease = (memberId: string, holder: string, token: number): Lease => ({
  memberId,
  holder,
  holderName: holder === 'ana' ? 'Ana Ruiz' : 'Ben Okafor',
  token,
  claimedAt: '2026-11-27T10:00:00.000Z',
});
const screen = (
  sessionId: string,
  userId: string,
  page: string | null,
  memberId: string | null,
  since = '1',
): PresenceEntry => ({
  sessionId,
  userId,
  name: userId,
  role: 'coordinator',
  page,
  memberId,
  since: `2026-11-27T10:00:0${since}.000Z`,
});

describe('useLeasesStore', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('keeps one lease per member through claims, hand-overs and releases', () => {
    const store = useLeasesStore();
    store.beginSync();
    store.load({ viewId: 'leases', version: 3, snapshot: { leases: [lease('M1', 'ana', 1)] }, feedId: '3-0' });
    const change = (from: number, to: number, upsert: Lease[], remove: string[]): ViewChangedOf<'leases'> => ({
      viewId: 'leases',
      fromVersion: from,
      toVersion: to,
      change: { upsert, remove },
      feedId: `${to}-0`,
    });
    expect(store.apply(change(3, 5, [lease('M1', 'ben', 2), lease('M2', 'ana', 3)], []))).toBe('applied');
    expect(store.byMember.get('M1')?.holderName).toBe('Ben Okafor');
    expect(store.apply(change(5, 6, [], ['M2']))).toBe('applied');
    expect([...store.byMember.keys()]).toEqual(['M1']);
    expect(store.apply(change(4, 5, [], ['M1']))).toBe('stale');
    expect(store.apply(change(7, 8, [], ['M1']))).toBe('gap');
  });
});

describe('usePresenceStore', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('lists the other people on a page and on a patient, once each however many screens they have', () => {
    const store = usePresenceStore();
    store.beginSync();
    store.load({
      viewId: 'presence',
      version: 1,
      snapshot: {
        sessions: [
          screen('s1', 'ana', 'queue', null),
          screen('s2', 'ben', 'queue', null, '2'),
          screen('s3', 'ben', 'patient', 'M1', '3'),
          screen('s4', 'cy', 'patient', 'M1', '4'),
          screen('s5', 'ana', 'patient', 'M1', '5'),
        ],
      },
      feedId: '1-0',
    });
    expect(store.othersOnPage('queue', 'ana').map((entry) => entry.userId)).toEqual(['ben']);
    expect(store.othersOnMember('M1', 'ana').map((entry) => entry.userId)).toEqual(['ben', 'cy']);
    expect(store.othersOnMember('M2', 'ana')).toEqual([]);
  });

  it('orders people by their earliest screen', () => {
    expect(
      distinctPeople([
        screen('b', 'ben', null, null, '5'),
        screen('a', 'ana', null, null, '2'),
        screen('c', 'ben', null, null, '1'),
      ]).map((e) => e.sessionId),
    ).toEqual(['c', 'a']);
  });
});
