/**
 * Care-transition alerts this tab received (a patient of the user's — or an unassigned one, to everyone on the
 * queue — admitted, seen in the ED or discharged): newest first, one per alert, at most 50, with what is still
 * unread. Fed by composables/use-care-alerts.ts from the socket's `alert:raised`; the list logic is alerts/held.ts.
 * Not replayed after a reconnect: the queue's care-transition rows are the durable record.
 */
import { acceptHMRUpdate, defineStore } from 'pinia';
import { computed, shallowRef } from 'vue';
import {
  dismissAlert,
  dismissAllAlerts,
  dismissMemberAlerts,
  EMPTY_ALERTS,
  receiveAlert,
  unreadAlerts,
  type AlertsState,
} from '../alerts/held.js';

export const useAlertsStore = defineStore('alerts', () => {
  const state = shallowRef<AlertsState>(EMPTY_ALERTS);

  /** Everything received this session, dismissed or not, newest first. */
  const alerts = computed(() => state.value.held);
  /** Not yet dismissed, newest first: the notices on screen. */
  const unread = computed(() => unreadAlerts(state.value));
  const unreadCount = computed(() => unread.value.length);

  /** Takes in an alert from the server; true when it is new (not a repeat, and a well-formed alert). */
  function receive(alert: unknown, now = Date.now()): boolean {
    const result = receiveAlert(state.value, alert, now);
    state.value = result.state;
    return result.added;
  }

  function dismiss(alertId: string): void {
    state.value = dismissAlert(state.value, alertId);
  }

  /** Dismisses every alert about one patient: opening them from a notice answers all of theirs. */
  function dismissMember(memberId: string): void {
    state.value = dismissMemberAlerts(state.value, memberId);
  }

  function dismissAll(): void {
    state.value = dismissAllAlerts(state.value);
  }

  /** Forgets every alert (another user signed in on this tab). */
  function reset(): void {
    state.value = EMPTY_ALERTS;
  }

  return { alerts, unread, unreadCount, receive, dismiss, dismissMember, dismissAll, reset };
});

if (import.meta.hot) {
  import.meta.hot.accept(acceptHMRUpdate(useAlertsStore, import.meta.hot));
}
