/**
 * The wall screen's view (the live `wall` view): aggregates only — counts with 1–10 suppressed, measure rates,
 * spend by month, each contract against its benchmark, and source dates. Each change is the whole snapshot; the
 * sync bookkeeping is view-sync's. Nothing here keeps history: the snapshot is replaced, the lists derived from it.
 */
import { emptyWallSnapshot } from '@benchline/shared';
import { acceptHMRUpdate, defineStore } from 'pinia';
import { computed } from 'vue';
import { orderWallContracts, orderWallMeasures, wallSpendSeries } from '../wall/series.js';
import { useViewSync } from './view-sync.js';

export const useWallStore = defineStore('wall', () => {
  const sync = useViewSync('wall', emptyWallSnapshot);
  const contracts = computed(() => orderWallContracts(sync.snapshot.value.contracts));
  const measures = computed(() => orderWallMeasures(sync.snapshot.value.measures));
  const spend = computed(() => wallSpendSeries(sync.snapshot.value.spendByMonth));
  const freshness = computed(() => sync.snapshot.value.freshness);
  return { ...sync, contracts, measures, spend, freshness };
});

if (import.meta.hot) {
  import.meta.hot.accept(acceptHMRUpdate(useWallStore, import.meta.hot));
}
