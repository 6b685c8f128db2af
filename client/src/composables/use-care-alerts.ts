/**
 * Feeds the socket's `alert:raised` into the alerts store, and keeps the unread count in front of the tab's title.
 * Installed once, by App.vue, before the socket connects. A wall device never keeps an alert (an alert names a
 * patient; the wall shows no patient), whatever arrives; a new user on the tab starts with none.
 */
import type { CareAlert } from '@benchline/shared';
import { onBeforeUnmount, onMounted, watch } from 'vue';
import { useRoute } from 'vue-router';
import { titleWithUnread } from '../alerts/labels.js';
import { socket } from '../services/socket.js';
import { useAlertsStore } from '../stores/alerts.js';
import { useAuthStore } from '../stores/auth.js';

export function useCareAlerts(): void {
  const alerts = useAlertsStore();
  const auth = useAuthStore();
  const route = useRoute();
  const onAlert = (alert: CareAlert): void => {
    if (!auth.signedIn || auth.isDevice || auth.role === 'wall') {
      return;
    }
    alerts.receive(alert);
  };

  watch(
    () => (auth.session === null ? null : `${auth.session.tenantId}/${auth.session.subjectId}`),
    () => alerts.reset(),
  );
  // Not on a full-screen page (the wall, sign-in): a room's display says nothing of anyone's alerts.
  watch(
    () => (route.meta.fullScreen === true ? 0 : alerts.unreadCount),
    (count) => (document.title = titleWithUnread(document.title, count)),
  );
  onMounted(() => {
    socket.on('alert:raised', onAlert);
  });
  onBeforeUnmount(() => {
    socket.off('alert:raised', onAlert);
    document.title = titleWithUnread(document.title, 0);
  });
}
