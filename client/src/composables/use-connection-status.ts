/** Mirrors the socket's connection state into the connection store; installed once, by App.vue. */
import { onBeforeUnmount, onMounted } from 'vue';
import { socket } from '../services/socket.js';
import { useAuthStore } from '../stores/auth.js';
import { useConnectionStore } from '../stores/connection.js';

export function useConnectionStatus(): void {
  const connection = useConnectionStore();
  const auth = useAuthStore();
  // The browser knows about a dead network before the socket's heartbeat does. Only a signed-in tab has a socket.
  const reconnectNow = (): void => {
    if (auth.signedIn && !socket.connected) {
      socket.connect();
    }
  };
  const onConnect = (): void => connection.set('live');
  const onDisconnect = (): void => connection.set('offline');
  const onAttempt = (attempt: number): void => connection.reconnecting(attempt);

  onMounted(() => {
    socket.on('connect', onConnect);
    socket.on('disconnect', onDisconnect);
    socket.io.on('reconnect_attempt', onAttempt);
    if (socket.connected) {
      connection.set('live');
    }
    window.addEventListener('online', reconnectNow);
  });
  onBeforeUnmount(() => {
    socket.off('connect', onConnect);
    socket.off('disconnect', onDisconnect);
    socket.io.off('reconnect_attempt', onAttempt);
    window.removeEventListener('online', reconnectNow);
  });
}
