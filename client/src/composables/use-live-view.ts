/**
 * Keeps one live view's store in step with the server for as long as the calling component is mounted:
 * subscribe on mount and after every reconnect, feed changes to the store, and resubscribe whenever the store
 * reports a gap. After a reconnect it asks for what it missed since its version (a screen back from ten minutes
 * offline gets the changes, not the whole view, while the feed still holds them); the first time, or when the
 * server cannot replay, it takes a snapshot. Stale or duplicate changes are the store's to drop.
 */
import type { Ack, AppError, ViewChanged, ViewId, ViewState, ViewSubscribe, ViewSync } from '@benchline/shared';
import { compareFeedIds } from '@benchline/shared';
import { onBeforeUnmount, onMounted } from 'vue';
import { ACK_TIMEOUT_MS, socket } from '../services/socket.js';

export interface LiveViewTarget<K extends ViewId> {
  /** The version the store holds (0 before its first snapshot). */
  readonly version: number;
  beginSync(): void;
  load(state: Extract<ViewState, { viewId: K }>): 'applied' | 'gap';
  apply(change: Extract<ViewChanged, { viewId: K }>): 'applied' | 'stale' | 'gap' | 'held';
  fail(code: AppError['code'] | 'TIMEOUT'): void;
}

export function useLiveView<K extends ViewId>(viewId: K, target: LiveViewTarget<K>): void {
  let mounted = false;
  let retry: ReturnType<typeof setTimeout> | undefined;
  /** The last feed entry the store is known to include; null until the first snapshot (or after a failed replay). */
  let feedId: string | null = null;
  /** Live changes that arrive while a catch-up is in flight, applied after it. */
  let catchingUp: Extract<ViewChanged, { viewId: K }>[] | null = null;

  const advance = (to: string): void => {
    if (feedId === null || compareFeedIds(to, feedId) > 0) {
      feedId = to;
    }
  };

  /** Hands a change to the store; false when the store found a gap (a resync is needed). */
  const take = (change: Extract<ViewChanged, { viewId: K }>): boolean => {
    const result = target.apply(change);
    if (result === 'applied' || result === 'stale') {
      advance(change.feedId);
    }
    return result !== 'gap';
  };

  const subscribe = async (): Promise<void> => {
    clearTimeout(retry);
    if (!mounted || !socket.connected) {
      return; // the next 'connect' subscribes
    }
    const request: ViewSubscribe =
      feedId !== null && target.version > 0 ? { viewId, since: { version: target.version, feedId } } : { viewId };
    if (request.since === undefined) {
      target.beginSync();
    } else {
      catchingUp = [];
    }
    try {
      // socket.io's types lose the ack type once a timeout is set; the event map says what it is.
      const reply = (await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('view:subscribe', request)) as Ack<ViewSync>;
      const held = catchingUp ?? [];
      catchingUp = null;
      if (!mounted) {
        return;
      }
      if (!reply.ok) {
        target.fail(reply.error.code);
        retry = setTimeout(() => void subscribe(), 5000);
        return;
      }
      if (reply.data.mode === 'snapshot') {
        const state = reply.data.state as Extract<ViewState, { viewId: K }>;
        feedId = state.feedId;
        if (target.load(state) === 'gap') {
          feedId = null;
          void subscribe();
        }
        return;
      }
      const { changed } = reply.data;
      const replay = [...(changed === null ? [] : [changed as Extract<ViewChanged, { viewId: K }>]), ...held];
      advance(reply.data.feedId);
      if (!replay.every(take)) {
        feedId = null;
        void subscribe();
      }
    } catch {
      catchingUp = null;
      // No acknowledgement in time: the connection is unhealthy. Try again; a reconnect also resubscribes.
      target.fail('TIMEOUT');
      retry = setTimeout(() => void subscribe(), 2000);
    }
  };

  const onChanged = (change: ViewChanged): void => {
    if (change.viewId !== viewId) {
      return;
    }
    const mine = change as Extract<ViewChanged, { viewId: K }>;
    if (catchingUp !== null) {
      catchingUp.push(mine);
    } else if (!take(mine)) {
      void subscribe(); // catches up from the last change taken
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
