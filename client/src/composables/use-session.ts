/**
 * Feeds the socket's session events into the session store: `session:ready` (after every connection; the gateway
 * sends it once the screen is present) and disconnects (which cost the screen its leases). Also checks the screen's
 * leases against the live leases view whenever that changes. Installed once, by App.vue, before the socket connects.
 */
import type { SessionReady } from '@benchline/shared';
import { onBeforeUnmount, onMounted, watch } from 'vue';
import { socket } from '../services/socket.js';
import { useLeasesStore } from '../stores/leases.js';
import { useSessionStore } from '../stores/session.js';

export function useSession(): void {
  const session = useSessionStore();
  const leases = useLeasesStore();
  const onReady = (ready: SessionReady): void => session.onReady(ready);
  const onDisconnect = (): void => session.onDisconnect();

  watch(
    () => leases.byMember,
    (view) => session.noteLeasesView(view),
  );
  onMounted(() => {
    socket.on('session:ready', onReady);
    socket.on('disconnect', onDisconnect);
  });
  onBeforeUnmount(() => {
    socket.off('session:ready', onReady);
    socket.off('disconnect', onDisconnect);
    session.onDisconnect();
  });
}
