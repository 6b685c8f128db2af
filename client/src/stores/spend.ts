/**
 * The spend view: running Medicare paid spend by month, as the server's read model has it; the sync protocol
 * (version order, gap → resync, changes held during a resubscription) is view-sync's.
 */
import { emptySpendSnapshot, totalPaidCents } from '@benchline/shared';
import { acceptHMRUpdate, defineStore } from 'pinia';
import { computed } from 'vue';
import { useViewSync } from './view-sync.js';

export const useSpendStore = defineStore('spend', () => {
  const sync = useViewSync('spend', emptySpendSnapshot);
  const months = computed(() =>
    Object.entries(sync.snapshot.value.months)
      .map(([month, cell]) => ({ month, ...cell }))
      .sort((a, b) => a.month.localeCompare(b.month)),
  );
  const totalCents = computed(() => totalPaidCents(sync.snapshot.value));
  const totalClaims = computed(() => months.value.reduce((sum, m) => sum + m.claims, 0));
  return { ...sync, months, totalCents, totalClaims };
});

if (import.meta.hot) {
  import.meta.hot.accept(acceptHMRUpdate(useSpendStore, import.meta.hot));
}
