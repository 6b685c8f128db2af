/**
 * The live-view protocol of one screen, over any socket: subscribe when started and after every reconnect, hand
 * changes to the store, and resubscribe whenever the store reports a gap. After a reconnect it asks for what it
 * missed since its version (a screen back from ten minutes offline gets the changes, not the whole view, while the
 * feed still holds them); the first time, or when the server cannot replay, it takes a snapshot. Stale or duplicate
 * changes are the store's to drop.
 *
 * It takes the socket as an argument (the app passes its one tab socket; the soak harness runs hundreds of screens
 * in one process through this same code), so nothing here knows about components or lifecycles.
 */
import type { Ack, AppError, ViewChanged, ViewId, ViewState, ViewSubscribe, ViewSync } from '@benchline/shared';
import { compareFeedIds } from '@benchline/shared';
import type { BenchlineSocket } from './socket.js';

export interface LiveViewTarget<K extends ViewId> {
  /** The version the store holds (0 before its first snapshot). */
  readonly version: number;
  beginSync(): void;
  load(state: Extract<ViewState, { viewId: K }>): 'applied' | 'gap';
  apply(change: Extract<ViewChanged, { viewId: K }>): 'applied' | 'stale' | 'gap' | 'held';
  fail(code: AppError['code'] | 'TIMEOUT'): void;
}

export interface LiveViewSync {
  start(): void;
  stop(): void;
  /** How many times this screen has taken a whole snapshot, and caught up from the feed (for the soak report). */
  readonly counts: { snapshots: number; catchUps: number; gaps: number };
}

export function createLiveViewSync<K extends ViewId>(
  socket: BenchlineSocket,
  viewId: K,
  target: LiveViewTarget<K>,
  ackTimeoutMs: number,
): LiveViewSync {
  let started = false;
  let retry: ReturnType<typeof setTimeout> | undefined;
  /** The last feed entry the store is known to include; null until the first snapshot (or after a failed replay). */
  let feedId: string | null = null;
  /** Live changes that arrive while a catch-up is in flight, applied after it. */
  let catchingUp: Extract<ViewChanged, { viewId: K }>[] | null = null;
  const counts = { snapshots: 0, catchUps: 0, gaps: 0 };

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
    if (result === 'gap') {
      counts.gaps += 1;
    }
    return result !== 'gap';
  };

  const subscribe = async (): Promise<void> => {
    clearTimeout(retry);
    if (!started || !socket.connected) {
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
      const reply = (await socket.timeout(ackTimeoutMs).emitWithAck('view:subscribe', request)) as Ack<ViewSync>;
      const held = catchingUp ?? [];
      catchingUp = null;
      if (!started) {
        return;
      }
      if (!reply.ok) {
        target.fail(reply.error.code);
        retry = setTimeout(() => void subscribe(), 5000);
        return;
      }
      if (reply.data.mode === 'snapshot') {
        counts.snapshots += 1;
        const state = reply.data.state as Extract<ViewState, { viewId: K }>;
        feedId = state.feedId;
        if (target.load(state) === 'gap') {
          feedId = null;
          void subscribe();
        }
        return;
      }
      counts.catchUps += 1;
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

  return {
    counts,
    start() {
      started = true;
      socket.on('view:changed', onChanged);
      socket.on('connect', onConnect);
      void subscribe();
    },
    stop() {
      started = false;
      clearTimeout(retry);
      socket.off('view:changed', onChanged);
      socket.off('connect', onConnect);
      if (socket.connected) {
        socket.emit('view:unsubscribe', { viewId }, () => undefined);
      }
    },
  };
}
