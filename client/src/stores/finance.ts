/**
 * The finance view: every value-based contract's spend against its benchmark and projected settlement, beside
 * the organisation's fee-for-service revenue, as the workers last computed it. Same protocol as the spend store:
 * the snapshot and its version, changes applied in version order (a finance change is the whole new snapshot,
 * folded by the shared reducer so client and server agree), a gap asks for a resync, and changes that arrive
 * while a (re)subscription is in flight are held and replayed on the snapshot.
 */
import type { ContractFinance, FinanceSnapshot, ViewChanged, ViewState } from '@benchline/shared';
import { decideChange, emptyFinanceSnapshot, VIEW_REDUCERS } from '@benchline/shared';
import { acceptHMRUpdate, defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { ApplyResult, SyncStatus } from './spend.js';

type FinanceChanged = Extract<ViewChanged, { viewId: 'finance' }>;

/** MSSP first (the contract the page is about), then by name, so sections keep their place as numbers move. */
export function orderContracts(contracts: readonly ContractFinance[]): ContractFinance[] {
  const rank = (c: ContractFinance): number => (c.program === 'mssp' ? 0 : 1);
  return [...contracts].sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
}

export const useFinanceStore = defineStore('finance', () => {
  const version = ref(0);
  const snapshot = ref<FinanceSnapshot>(emptyFinanceSnapshot());
  const status = ref<SyncStatus>('idle');
  const errorCode = ref<string | null>(null);
  /** When this screen last took a change, for "updated 3 s ago". */
  const lastChangeAt = ref<number | null>(null);
  const held = ref<FinanceChanged[]>([]);

  const contracts = computed(() => orderContracts(snapshot.value.contracts));
  const asOfMonth = computed(() => snapshot.value.asOfMonth);

  function beginSync(): void {
    status.value = 'syncing';
    held.value = [];
  }

  /** Takes a snapshot from a (re)subscription; returns 'gap' if the changes held meanwhile cannot be applied. */
  function load(state: Extract<ViewState, { viewId: 'finance' }>, now = Date.now()): 'applied' | 'gap' {
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

  function apply(change: FinanceChanged, now = Date.now()): ApplyResult {
    if (status.value === 'syncing') {
      held.value.push(change);
      return 'held';
    }
    const decision = decideChange(version.value, change);
    if (decision !== 'apply') {
      return decision === 'stale' ? 'stale' : 'gap';
    }
    snapshot.value = VIEW_REDUCERS.finance.apply(snapshot.value, change.change);
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
    contracts,
    asOfMonth,
    beginSync,
    load,
    apply,
    fail,
  };
});

if (import.meta.hot) {
  import.meta.hot.accept(acceptHMRUpdate(useFinanceStore, import.meta.hot));
}
