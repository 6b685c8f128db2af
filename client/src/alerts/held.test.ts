import type { CareAlert } from '@benchline/shared';
import { describe, expect, it } from 'vitest';
import {
  dismissAlert,
  dismissAllAlerts,
  dismissMemberAlerts,
  EMPTY_ALERTS,
  isCareAlert,
  MAX_SEEN_IDS,
  receiveAlert,
  unreadAlerts,
  type AlertsState,
} from './held.js';

const alert = (alertId: string, raisedAt = '2026-11-26T10:00:00.000Z', overrides: Partial<CareAlert> = {}) => ({
  alertId,
  memberId: `M-${alertId}`,
  type: 'admission' as const,
  title: 'Admitted to General Hospital since 2026-11-26',
  detail: 'coordinate with the hospital before discharge',
  dueDate: '2026-11-26',
  coordinator: 'ana',
  readmission: false,
  raisedAt,
  ...overrides,
});

const ids = (state: AlertsState): string[] => state.held.map((entry) => entry.alert.alertId);

function feed(...alerts: unknown[]): AlertsState {
  let state = EMPTY_ALERTS;
  alerts.forEach((a, i) => (state = receiveAlert(state, a, 1000 + i).state));
  return state;
}

describe('isCareAlert', () => {
  it('takes a whole alert and refuses anything short of one', () => {
    expect(isCareAlert(alert('g1'))).toBe(true);
    expect(isCareAlert(alert('g1', undefined, { dueDate: null, coordinator: null }))).toBe(true);
    expect(isCareAlert(null)).toBe(false);
    expect(isCareAlert('g1')).toBe(false);
    expect(isCareAlert({ ...alert('g1'), alertId: '' })).toBe(false);
    expect(isCareAlert({ ...alert('g1'), type: 'transfer' })).toBe(false);
    expect(isCareAlert({ ...alert('g1'), readmission: 'yes' })).toBe(false);
    const { title: _title, ...untitled } = alert('g1');
    expect(isCareAlert(untitled)).toBe(false);
  });
});

describe('receiveAlert', () => {
  it('keeps alerts newest first by when they were raised, whatever order they arrive in', () => {
    const state = feed(
      alert('b', '2026-11-26T10:05:00.000Z'),
      alert('a', '2026-11-26T10:00:00.000Z'),
      alert('c', '2026-11-26T05:10:00-05:00'),
    );
    expect(ids(state)).toEqual(['c', 'b', 'a']);
  });

  it('orders alerts raised at the same moment by arrival, and an unreadable time by arrival too', () => {
    const state = feed(alert('a', 'x'), alert('b', 'x'));
    expect(ids(state)).toEqual(['b', 'a']);
  });

  it('takes one alert per id: a repeat updates the text in place, never brings back a dismissed one', () => {
    let state = feed(alert('a'), alert('b', '2026-11-26T11:00:00.000Z'));
    const repeat = receiveAlert(state, alert('a', undefined, { detail: 'updated' }), 5000);
    expect(repeat.added).toBe(false);
    expect(ids(repeat.state)).toEqual(['b', 'a']);
    expect(repeat.state.held[1]?.alert.detail).toBe('updated');
    expect(repeat.state.held[1]?.receivedAt).toBe(1000);
    state = dismissAlert(repeat.state, 'a');
    state = receiveAlert(state, alert('a'), 6000).state;
    expect(unreadAlerts(state).map((entry) => entry.alert.alertId)).toEqual(['b']);
  });

  it('drops the oldest beyond the limit, and ignores a late repeat of one that has left', () => {
    let state = EMPTY_ALERTS;
    for (let i = 0; i < 5; i += 1) {
      state = receiveAlert(state, alert(`g${i}`, `2026-11-26T10:0${i}:00.000Z`), i, 3).state;
    }
    expect(ids(state)).toEqual(['g4', 'g3', 'g2']);
    const late = receiveAlert(state, alert('g0', '2026-11-26T12:00:00.000Z'), 10, 3);
    expect(late.added).toBe(false);
    expect(ids(late.state)).toEqual(['g4', 'g3', 'g2']);
  });

  it('says an alert older than every held one at the limit was not added', () => {
    let state = EMPTY_ALERTS;
    state = receiveAlert(state, alert('new', '2026-11-26T12:00:00.000Z'), 1, 1).state;
    const old = receiveAlert(state, alert('old', '2026-11-26T08:00:00.000Z'), 2, 1);
    expect(old.added).toBe(false);
    expect(ids(old.state)).toEqual(['new']);
  });

  it('remembers a bounded number of ids', () => {
    let state = EMPTY_ALERTS;
    for (let i = 0; i < MAX_SEEN_IDS + 20; i += 1) {
      state = receiveAlert(state, alert(`g${i}`), i).state;
    }
    expect(state.seen).toHaveLength(MAX_SEEN_IDS);
    expect(state.held).toHaveLength(50);
  });

  it('ignores what is not an alert', () => {
    const result = receiveAlert(EMPTY_ALERTS, { alertId: 'x' }, 1);
    expect(result).toEqual({ state: EMPTY_ALERTS, added: false });
  });
});

describe('dismiss', () => {
  it('dismisses one or all, keeps them held, and returns the same state when nothing changes', () => {
    const state = feed(alert('a'), alert('b'), alert('c'));
    const one = dismissAlert(state, 'b');
    expect(unreadAlerts(one).map((entry) => entry.alert.alertId)).toEqual(['c', 'a']);
    expect(one.held).toHaveLength(3);
    expect(dismissAlert(one, 'b')).toBe(one);
    expect(dismissAlert(one, 'nope')).toBe(one);
    const patient = dismissMemberAlerts(
      receiveAlert(one, alert('d', undefined, { memberId: 'M-a', type: 'discharge' }), 9).state,
      'M-a',
    );
    expect(unreadAlerts(patient).map((entry) => entry.alert.alertId)).toEqual(['c']);
    expect(dismissMemberAlerts(patient, 'M-a')).toBe(patient);
    const all = dismissAllAlerts(one);
    expect(unreadAlerts(all)).toEqual([]);
    expect(dismissAllAlerts(all)).toBe(all);
  });
});
