/**
 * The tenant's population roll-ups (the live `rollups` view): absolute counters for members, measure outcomes
 * (overall and by home TIN/NPI), attribution by step or reason and quarter-to-date churn, per contract. The sync
 * bookkeeping is view-sync's; this store adds the counters read into per-measure and per-contract structures.
 */
import { emptyRollupsSnapshot } from '@benchline/shared';
import { acceptHMRUpdate, defineStore } from 'pinia';
import { computed } from 'vue';
import { parseAttributionCounters, parseQualityCounters } from '../rollups/counters.js';
import { useViewSync } from './view-sync.js';

export const useRollupsStore = defineStore('rollups', () => {
  const sync = useViewSync('rollups', emptyRollupsSnapshot);
  const counters = computed(() => sync.snapshot.value.counters);
  const members = computed(() => counters.value.members ?? 0);
  const quality = computed(() => parseQualityCounters(counters.value));
  const attribution = computed(() => parseAttributionCounters(counters.value));
  return { ...sync, counters, members, quality, attribution };
});

if (import.meta.hot) {
  import.meta.hot.accept(acceptHMRUpdate(useRollupsStore, import.meta.hot));
}
