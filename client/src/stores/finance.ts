/**
 * The finance view: every value-based contract's spend against its benchmark and projected settlement, beside
 * the organisation's fee-for-service revenue — with the breakdowns, the quality gate, the what-if grid and the
 * high-cost members — as the workers last computed it; the sync protocol is view-sync's (a finance change carries
 * each contract's fields that moved, folded by the shared reducer so client and server agree).
 */
import type { ContractFinance } from '@benchline/shared';
import { emptyFinanceSnapshot } from '@benchline/shared';
import { acceptHMRUpdate, defineStore } from 'pinia';
import { computed } from 'vue';
import { useViewSync } from './view-sync.js';

/** MSSP first (the contract the page is about), then by name, so sections keep their place as numbers move. */
export function orderContracts(contracts: readonly ContractFinance[]): ContractFinance[] {
  const rank = (c: ContractFinance): number => (c.program === 'mssp' ? 0 : 1);
  return [...contracts].sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
}

export const useFinanceStore = defineStore('finance', () => {
  const sync = useViewSync('finance', emptyFinanceSnapshot);
  const contracts = computed(() => orderContracts(sync.snapshot.value.contracts));
  const asOfMonth = computed(() => sync.snapshot.value.asOfMonth);
  return { ...sync, contracts, asOfMonth };
});

if (import.meta.hot) {
  import.meta.hot.accept(acceptHMRUpdate(useFinanceStore, import.meta.hot));
}
