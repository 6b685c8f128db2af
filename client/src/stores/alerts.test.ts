import type { CareAlert } from '@benchline/shared';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { useAlertsStore } from './alerts.js';

const alert = (alertId: string, overrides: Partial<CareAlert> = {}): CareAlert => ({
  alertId,
  memberId: 'M-1001',
  type: 'discharge',
  title: 'Discharged from General Hospital on 2026-11-26',
  detail: 'contact the patient by 2026-11-30 (2 business days), see them by 2026-12-03 (99496) or 2026-12-10 (99495)',
  dueDate: '2026-11-30',
  coordinator: 'ana',
  readmission: false,
  raisedAt: '2026-11-26T15:00:00.000Z',
  ...overrides,
});

describe('useAlertsStore', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('starts empty, then holds alerts newest first with an unread count', () => {
    const store = useAlertsStore();
    expect(store.alerts).toEqual([]);
    expect(store.unreadCount).toBe(0);
    expect(store.receive(alert('g1'), 1000)).toBe(true);
    expect(store.receive(alert('g2', { type: 'ed-visit', raisedAt: '2026-11-26T16:00:00.000Z' }), 2000)).toBe(true);
    expect(store.unread.map((entry) => entry.alert.alertId)).toEqual(['g2', 'g1']);
    expect(store.unreadCount).toBe(2);
    expect(store.alerts[0]).toMatchObject({ receivedAt: 2000, dismissed: false });
  });

  it('takes each alert once, however often it arrives', () => {
    const store = useAlertsStore();
    store.receive(alert('g1'));
    expect(store.receive(alert('g1'))).toBe(false);
    expect(store.receive(alert('g1', { readmission: true }))).toBe(false);
    expect(store.alerts).toHaveLength(1);
    expect(store.alerts[0]?.alert.readmission).toBe(true);
    expect(store.unreadCount).toBe(1);
  });

  it('dismisses one, then all; a dismissed alert sent again stays dismissed', () => {
    const store = useAlertsStore();
    store.receive(alert('g1'));
    store.receive(alert('g2', { raisedAt: '2026-11-26T15:01:00.000Z' }));
    store.receive(alert('g3', { raisedAt: '2026-11-26T15:02:00.000Z' }));
    store.dismiss('g2');
    expect(store.unread.map((entry) => entry.alert.alertId)).toEqual(['g3', 'g1']);
    expect(store.unreadCount).toBe(2);
    store.receive(alert('g2'));
    expect(store.unreadCount).toBe(2);
    store.dismissAll();
    expect(store.unreadCount).toBe(0);
    expect(store.alerts).toHaveLength(3);
  });

  it('dismisses every alert about a patient at once, and only theirs', () => {
    const store = useAlertsStore();
    store.receive(alert('g1', { type: 'admission' }));
    store.receive(alert('g2', { raisedAt: '2026-11-26T16:00:00.000Z' }));
    store.receive(alert('g3', { memberId: 'M-2002', type: 'ed-visit' }));
    store.dismissMember('M-1001');
    expect(store.unread.map((entry) => entry.alert.alertId)).toEqual(['g3']);
  });

  it('keeps at most 50, dropping the oldest', () => {
    const store = useAlertsStore();
    for (let i = 0; i < 60; i += 1) {
      store.receive(alert(`g${i}`, { raisedAt: new Date(Date.UTC(2026, 10, 26, 10, i)).toISOString() }));
    }
    expect(store.alerts).toHaveLength(50);
    expect(store.alerts[0]?.alert.alertId).toBe('g59');
    expect(store.alerts.at(-1)?.alert.alertId).toBe('g10');
  });

  it('ignores a payload that is not an alert, and forgets everything on reset', () => {
    const store = useAlertsStore();
    expect(store.receive({ alertId: 'x', type: 'admission' })).toBe(false);
    store.receive(alert('g1'));
    store.reset();
    expect(store.alerts).toEqual([]);
    expect(store.receive(alert('g1'))).toBe(true);
  });
});
