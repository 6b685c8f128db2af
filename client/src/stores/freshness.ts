/** How recent each source is for the whole tenant (the live `freshness` view): dates only, safe on any screen. */
import { emptyFreshnessSnapshot } from '@benchline/shared';
import { acceptHMRUpdate, defineStore } from 'pinia';
import { useViewSync } from './view-sync.js';

export const useFreshnessStore = defineStore('freshness', () => useViewSync('freshness', emptyFreshnessSnapshot));

if (import.meta.hot) {
  import.meta.hot.accept(acceptHMRUpdate(useFreshnessStore, import.meta.hot));
}
