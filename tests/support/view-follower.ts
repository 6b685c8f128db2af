/**
 * Follows one live view over a test socket the way the client does (client/src/composables/use-live-view.ts with
 * stores/view-sync.ts): a snapshot first, then every change applied through the shared reducers in version order
 * (stale ones dropped); when a change shows that something was missed (a gap), it subscribes again with the version
 * and feed entry it holds and takes the missed changes (or a snapshot when the feed no longer has them). So a test
 * can check what a screen would show — and how often it had to resync — after the server or Redis went through
 * something.
 */
import type {
  Ack,
  ViewChangedOf,
  ViewChangeMap,
  ViewId,
  ViewSnapshotMap,
  ViewStateOf,
  ViewSubscribe,
  ViewSync,
} from '@benchline/shared';
import { compareFeedIds, decideChange, VIEW_REDUCERS } from '@benchline/shared';
import type { TestClient } from './connect-client.js';
import { eventually } from './eventually.js';

export interface ViewFollower<K extends ViewId> {
  readonly version: number;
  readonly snapshot: ViewSnapshotMap[K];
  /** Changes applied (not stale, not held), in order. */
  readonly applied: number;
  /** Resubscriptions after a gap: 'changes' answered from the feed, 'snapshot' when it no longer had them. */
  readonly resyncs: { mode: 'changes' | 'snapshot'; at: number }[];
  /** Resolves once `predicate` holds for the snapshot (checked on every change), within `timeoutMs`. */
  waitFor(predicate: (snapshot: ViewSnapshotMap[K], version: number) => boolean, timeoutMs: number): Promise<void>;
  stop(): void;
}

export async function followView<K extends ViewId>(client: TestClient, viewId: K): Promise<ViewFollower<K>> {
  const reducer = VIEW_REDUCERS[viewId] as unknown as {
    apply: (snapshot: ViewSnapshotMap[K], change: ViewChangeMap[K]) => ViewSnapshotMap[K];
  };
  let version = 0;
  let snapshot: ViewSnapshotMap[K] | undefined;
  let feedId: string | null = null;
  let applied = 0;
  /** Changes arriving while a (re)subscription is in flight, applied after it. */
  let held: ViewChangedOf<K>[] | null = null;
  const resyncs: { mode: 'changes' | 'snapshot'; at: number }[] = [];
  let failure: Error | null = null;

  const advance = (to: string): void => {
    if (feedId === null || compareFeedIds(to, feedId) > 0) {
      feedId = to;
    }
  };
  /** False on a gap. */
  const take = (change: ViewChangedOf<K>): boolean => {
    const decision = decideChange(version, change);
    if (decision === 'gap') {
      return false;
    }
    if (decision === 'apply') {
      snapshot = reducer.apply(snapshot as ViewSnapshotMap[K], change.change as ViewChangeMap[K]);
      version = change.toVersion;
      applied += 1;
    }
    advance(change.feedId);
    return true;
  };

  const subscribe = async (since: ViewSubscribe['since']): Promise<void> => {
    held = [];
    const request: ViewSubscribe = since === undefined ? { viewId } : { viewId, since };
    const reply = (await client.socket.timeout(10_000).emitWithAck('view:subscribe', request)) as Ack<ViewSync>;
    const replay = held;
    held = null;
    if (!reply.ok) {
      throw new Error(`subscribe ${viewId} failed: ${reply.error.code}`);
    }
    if (reply.data.mode === 'snapshot') {
      const state = reply.data.state as ViewStateOf<K>;
      snapshot = state.snapshot as ViewSnapshotMap[K];
      version = state.version;
      feedId = state.feedId;
    } else {
      if (reply.data.changed !== null) {
        replay.unshift(reply.data.changed as ViewChangedOf<K>);
      }
      advance(reply.data.feedId);
    }
    if (since !== undefined) {
      resyncs.push({ mode: reply.data.mode, at: Date.now() });
    }
    if (!replay.every(take)) {
      await resync();
    }
  };
  const resync = (): Promise<void> =>
    subscribe(feedId !== null && version > 0 ? { version, feedId } : undefined).catch((error: unknown) => {
      failure = error as Error;
    });

  const onChanged = (change: { viewId: ViewId }): void => {
    if (change.viewId !== viewId) {
      return;
    }
    const mine = change as ViewChangedOf<K>;
    if (held !== null) {
      held.push(mine);
    } else if (!take(mine)) {
      void resync();
    }
  };
  client.socket.on('view:changed', onChanged);
  await subscribe(undefined);

  return {
    get version() {
      return version;
    },
    get snapshot() {
      return snapshot as ViewSnapshotMap[K];
    },
    get applied() {
      return applied;
    },
    resyncs,
    async waitFor(predicate, timeoutMs) {
      await eventually(
        () => {
          if (failure !== null) {
            throw failure;
          }
          if (held !== null || !predicate(snapshot as ViewSnapshotMap[K], version)) {
            throw new Error(`${viewId} (at version ${version}) not there yet`);
          }
        },
        { timeoutMs, intervalMs: 25 },
      );
    },
    stop() {
      client.socket.off('view:changed', onChanged);
    },
  };
}
