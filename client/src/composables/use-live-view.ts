/**
 * Keeps one live view's store in step with the server for as long as the calling component is mounted:
 * subscribe on mount and after every reconnect (a snapshot and its version), feed changes to the store, and
 * resubscribe whenever the store reports a gap. Stale or duplicate changes are the store's to drop.
 */
import type { Ack, AppError, ViewChanged, ViewId, ViewState } from '@benchline/shared';
import { onBeforeUnmount, onMounted } from 'vue';
import { ACK_TIMEOUT_MS, socket } from '../services/socket.js';

export interface LiveViewTarget<K extends ViewId> {
  beginSync(): void;
  load(state: Extract<ViewState, { viewId: K }>): 'applied' | 'gap';
  apply(change: Extract<ViewChanged, { viewId: K }>): 'applied' | 'stale' | 'gap' | 'held';
  fail(code: AppError['code'] | 'TIMEOUT'): void;
}

export function useLiveView<K extends ViewId>(viewId: K, target: LiveViewTarget<K>): void {
  let mounted = false;
  let retry: ReturnType<typeof setTimeout> | undefined;

  const subscribe = async (): Promise<void> => {
    clearTimeout(retry);
    if (!mounted || !socket.connected) {
      return; // the next 'connect' subscribes
    }
    target.beginSync();
    try {
      // socket.io's types lose the ack type once a timeout is set; the event map says what it is.
      const reply = (await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('view:subscribe', { viewId })) as Ack<ViewState>;
      if (!mounted) {
        return;
      }
      if (!reply.ok) {
        target.fail(reply.error.code);
        retry = setTimeout(() => void subscribe(), 5000);
        return;
      }
      if (target.load(reply.data as Extract<ViewState, { viewId: K }>) === 'gap') {
        void subscribe();
      }
    } catch {
      // No acknowledgement in time: the connection is unhealthy. Try again; a reconnect also resubscribes.
      target.fail('TIMEOUT');
      retry = setTimeout(() => void subscribe(), 2000);
    }
  };

  const onChanged = (change: ViewChanged): void => {
    if (change.viewId === viewId && target.apply(change as Extract<ViewChanged, { viewId: K }>) === 'gap') {
      void subscribe();
    }
  };
  const onConnect = (): void => void subscribe();

  onMounted(() => {
    mounted = true;
    socket.on('view:changed', onChanged);
    socket.on('connect', onConnect);
    void subscribe();
  });
  onBeforeUnmount(() => {
    mounted = false;
    clearTimeout(retry);
    socket.off('view:changed', onChanged);
    socket.off('connect', onConnect);
    if (socket.connected) {
      socket.emit('view:unsubscribe', { viewId }, () => undefined);
    }
  });
}
