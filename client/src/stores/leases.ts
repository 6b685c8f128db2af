/** Who holds which patient (the live `leases` view): one lease per member, with its holder and fencing token. */
import type { Lease } from '@benchline/shared';
import { emptyLeasesSnapshot } from '@benchline/shared';
import { acceptHMRUpdate, defineStore } from 'pinia';
import { computed } from 'vue';
import { useViewSync } from './view-sync.js';

export const useLeasesStore = defineStore('leases', () => {
  const sync = useViewSync('leases', emptyLeasesSnapshot);
  const leases = computed(() => sync.snapshot.value.leases);
  const byMember = computed(() => new Map<string, Lease>(leases.value.map((lease) => [lease.memberId, lease])));
  return { ...sync, leases, byMember };
});

if (import.meta.hot) {
  import.meta.hot.accept(acceptHMRUpdate(useLeasesStore, import.meta.hot));
}
