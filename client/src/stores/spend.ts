/**
 * The spend view: running Medicare paid spend by month, as the server's read model has it. The store holds the
 * snapshot and its version and applies changes in version order; a change that reveals a gap asks for a
 * resync. Changes that arrive while a (re)subscription is in flight are held and replayed on the snapshot.
 */
import type { SpendSnapshot, ViewChanged, ViewState } from '@benchline/shared';
import { applySpendChange, decideChange, emptySpendSnapshot, totalPaidCents } from '@benchline/shared';
import { acceptHMRUpdate, defineStore } from 'pinia';
import { computed, ref } from 'vue';

type SpendChanged = Extract<ViewChanged, { viewId: 'spend' }>;
export type SyncStatus = 'idle' | 'syncing' | 'live' | 'error';
export type ApplyResult = 'applied' | 'stale' | 'gap' | 'held';

export const useSpendStore = defineStore('spend', () => {
  const version = ref(0);
  const snapshot = ref<SpendSnapshot>(emptySpendSnapshot());
  const status = ref<SyncStatus>('idle');
  const errorCode = ref<string | null>(null);
  /** When this screen last took a change, for "updated 3 s ago". */
  const lastChangeAt = ref<number | null>(null);
  const held = ref<SpendChanged[]>([]);

  const months = computed(() =>
    Object.entries(snapshot.value.months)
      .map(([month, cell]) => ({ month, ...cell }))
      .sort((a, b) => a.month.localeCompare(b.month)),
  );
  const totalCents = computed(() => totalPaidCents(snapshot.value));
  const totalClaims = computed(() => months.value.reduce((sum, m) => sum + m.claims, 0));

  function beginSync(): void {
    status.value = 'syncing';
    held.value = [];
  }

  /** Takes a snapshot from a (re)subscription; returns 'gap' if the changes held meanwhile cannot be applied. */
  function load(state: Extract<ViewState, { viewId: 'spend' }>, now = Date.now()): 'applied' | 'gap' {
    version.value = state.version;
    snapshot.value = state.snapshot;
    status.value = 'live';
    errorCode.value = null;
    const replay = held.value;
    held.value = [];
    for (const change of replay) {
      if (apply(change, now) === 'gap') {
        return 'gap';
      }
    }
    return 'applied';
  }

  function apply(change: SpendChanged, now = Date.now()): ApplyResult {
    if (status.value === 'syncing') {
      held.value.push(change);
      return 'held';
    }
    const decision = decideChange(version.value, change);
    if (decision !== 'apply') {
      return decision === 'stale' ? 'stale' : 'gap';
    }
    snapshot.value = applySpendChange(snapshot.value, change.change);
    version.value = change.toVersion;
    lastChangeAt.value = now;
    return 'applied';
  }

  function fail(code: string): void {
    status.value = 'error';
    errorCode.value = code;
  }

  return {
    version,
    snapshot,
    status,
    errorCode,
    lastChangeAt,
    held,
    months,
    totalCents,
    totalClaims,
    beginSync,
    load,
    apply,
    fail,
  };
});

if (import.meta.hot) {
  import.meta.hot.accept(acceptHMRUpdate(useSpendStore, import.meta.hot));
}
