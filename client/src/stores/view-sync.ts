/**
 * The version bookkeeping every live-view store shares (stores/spend.ts is the original): the snapshot and its
 * version, changes applied in version order through VIEW_REDUCERS, a gap reported so use-live-view resyncs, and
 * changes that arrive while a (re)subscription is in flight held and replayed on top of the snapshot. Called inside
 * a store's setup, so every ref it returns is the store's own state.
 *
 * Snapshots are held in a shallowRef: the reducers replace them whole, and a queue of thousands of rows does not need
 * a deep reactive proxy on every field.
 */
import type { ViewChangedOf, ViewChangeMap, ViewId, ViewSnapshotMap, ViewStateOf } from '@benchline/shared';
import { decideChange, VIEW_REDUCERS } from '@benchline/shared';
import { ref, shallowRef, type ShallowRef } from 'vue';
import type { LiveViewTarget } from '../services/live-view-sync.js';

export type SyncStatus = 'idle' | 'syncing' | 'live' | 'error';
export type ApplyResult = 'applied' | 'stale' | 'gap' | 'held';

export function useViewSync<K extends ViewId>(viewId: K, empty: () => ViewSnapshotMap[K]) {
  const version = ref(0);
  // shallowRef's conditional type does not resolve for a generic K; the value is the snapshot all the same.
  const snapshot = shallowRef(empty()) as ShallowRef<ViewSnapshotMap[K]>;
  const status = ref<SyncStatus>('idle');
  const errorCode = ref<string | null>(null);
  /** When this screen last took a change or snapshot, for "updated 3 s ago". */
  const lastChangeAt = ref<number | null>(null);
  const held = shallowRef<ViewChangedOf<K>[]>([]);
  const reduce: (snapshot: ViewSnapshotMap[K], change: ViewChangeMap[K]) => ViewSnapshotMap[K] =
    VIEW_REDUCERS[viewId].apply;

  function beginSync(): void {
    status.value = 'syncing';
    held.value = [];
  }

  function apply(change: ViewChangedOf<K>, now = Date.now()): ApplyResult {
    if (status.value === 'syncing') {
      held.value = [...held.value, change];
      return 'held';
    }
    const decision = decideChange(version.value, change);
    if (decision !== 'apply') {
      return decision;
    }
    snapshot.value = reduce(snapshot.value, change.change as ViewChangeMap[K]);
    version.value = change.toVersion;
    lastChangeAt.value = now;
    return 'applied';
  }

  /** Takes a snapshot from a (re)subscription; 'gap' if the changes held meanwhile cannot be applied on it. */
  function load(state: ViewStateOf<K>, now = Date.now()): 'applied' | 'gap' {
    version.value = state.version;
    snapshot.value = state.snapshot as ViewSnapshotMap[K];
    status.value = 'live';
    errorCode.value = null;
    lastChangeAt.value = now;
    const replay = held.value;
    held.value = [];
    for (const change of replay) {
      if (apply(change, now) === 'gap') {
        return 'gap';
      }
    }
    return 'applied';
  }

  function fail(code: string): void {
    status.value = 'error';
    errorCode.value = code;
  }

  return { version, snapshot, status, errorCode, lastChangeAt, held, beginSync, load, apply, fail };
}

/**
 * The bookkeeping as the live-view protocol's target outside a Pinia store (a store unwraps `version` for the
 * composable by itself): the soak harness's screens and the protocol's tests.
 */
export function liveViewTarget<K extends ViewId>(sync: ReturnType<typeof useViewSync<K>>): LiveViewTarget<K> {
  return {
    get version() {
      return sync.version.value;
    },
    beginSync: sync.beginSync,
    load: sync.load,
    apply: sync.apply,
    fail: sync.fail,
  };
}
