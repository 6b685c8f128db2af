/**
 * The care-transition alerts this tab has received (`alert:raised`), as pure state: newest first, one per alert id
 * however often it arrives, at most MAX_HELD_ALERTS of them, each dismissed or not. Alerts are not replayed on
 * reconnect — the queue row is the durable record — so this is only what arrived while the tab was open.
 */
import type { CareAlert } from '@benchline/shared';
import { CARE_ALERT_TYPES } from '@benchline/shared';

/** How many alerts a tab keeps; the oldest go first. */
export const MAX_HELD_ALERTS = 50;
/** Alert ids remembered after their alert has left the list, so a late repeat does not bring it back. */
export const MAX_SEEN_IDS = 500;

export interface HeldAlert {
  alert: CareAlert;
  /** When this tab received it (ms since the epoch). */
  receivedAt: number;
  dismissed: boolean;
}

export interface AlertsState {
  /** Newest first (by when the worker raised it, then by arrival). */
  held: readonly HeldAlert[];
  /** Every alert id received, oldest first, bounded. */
  seen: readonly string[];
}

export const EMPTY_ALERTS: AlertsState = Object.freeze({ held: Object.freeze([]), seen: Object.freeze([]) });

const isText = (value: unknown): value is string => typeof value === 'string' && value !== '';
const isNullableText = (value: unknown): value is string | null => value === null || typeof value === 'string';

/** The payload has what the notice shows; anything else is dropped rather than half drawn. */
export function isCareAlert(value: unknown): value is CareAlert {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const alert = value as Record<string, unknown>;
  return (
    isText(alert.alertId) &&
    isText(alert.memberId) &&
    (CARE_ALERT_TYPES as readonly unknown[]).includes(alert.type) &&
    typeof alert.title === 'string' &&
    typeof alert.detail === 'string' &&
    isNullableText(alert.dueDate) &&
    isNullableText(alert.coordinator) &&
    typeof alert.readmission === 'boolean' &&
    typeof alert.raisedAt === 'string'
  );
}

/** When the alert was raised, for ordering; its arrival when the time does not parse. */
function raisedMs(entry: HeldAlert): number {
  const at = Date.parse(entry.alert.raisedAt);
  return Number.isNaN(at) ? entry.receivedAt : at;
}

const newestFirst = (a: HeldAlert, b: HeldAlert): number => raisedMs(b) - raisedMs(a) || b.receivedAt - a.receivedAt;

export interface Received {
  state: AlertsState;
  /** False for a repeat (same alert id) or a payload that is not an alert. */
  added: boolean;
}

/**
 * Takes in an alert. A repeat of one still held updates its text in place (dismissed stays dismissed); a repeat of
 * one already gone from the list is ignored; a new one goes in by its time, and the oldest beyond the limit drop.
 */
export function receiveAlert(
  state: AlertsState,
  alert: unknown,
  now: number,
  limit: number = MAX_HELD_ALERTS,
): Received {
  if (!isCareAlert(alert)) {
    return { state, added: false };
  }
  const index = state.held.findIndex((entry) => entry.alert.alertId === alert.alertId);
  if (index !== -1) {
    const held = state.held.map((entry, i) => (i === index ? { ...entry, alert: { ...alert } } : entry));
    return { state: { ...state, held: held.sort(newestFirst) }, added: false };
  }
  if (state.seen.includes(alert.alertId)) {
    return { state, added: false };
  }
  const held = [...state.held, { alert: { ...alert }, receivedAt: now, dismissed: false }]
    .sort(newestFirst)
    .slice(0, Math.max(0, limit));
  const seen = [...state.seen, alert.alertId].slice(-MAX_SEEN_IDS);
  return { state: { held, seen }, added: held.some((entry) => entry.alert.alertId === alert.alertId) };
}

export function dismissAlert(state: AlertsState, alertId: string): AlertsState {
  if (!state.held.some((entry) => entry.alert.alertId === alertId && !entry.dismissed)) {
    return state;
  }
  return {
    ...state,
    held: state.held.map((entry) => (entry.alert.alertId === alertId ? { ...entry, dismissed: true } : entry)),
  };
}

/** Dismisses every alert about one patient (the coordinator has opened them). */
export function dismissMemberAlerts(state: AlertsState, memberId: string): AlertsState {
  if (!state.held.some((entry) => entry.alert.memberId === memberId && !entry.dismissed)) {
    return state;
  }
  return {
    ...state,
    held: state.held.map((entry) =>
      entry.alert.memberId === memberId && !entry.dismissed ? { ...entry, dismissed: true } : entry,
    ),
  };
}

export function dismissAllAlerts(state: AlertsState): AlertsState {
  if (state.held.every((entry) => entry.dismissed)) {
    return state;
  }
  return { ...state, held: state.held.map((entry) => (entry.dismissed ? entry : { ...entry, dismissed: true })) };
}

/** The alerts not yet dismissed, newest first. */
export const unreadAlerts = (state: AlertsState): HeldAlert[] => state.held.filter((entry) => !entry.dismissed);
