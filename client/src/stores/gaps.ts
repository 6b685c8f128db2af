/**
 * The care-gap queue as the live `gaps` view has it: every open gap, highest priority first, kept in step by row
 * deltas. Filtering and sorting for the screen are pure functions in queue/filters.ts; this store holds the rows and
 * the indexes the pages look things up by.
 */
import type { GapQueueRow } from '@benchline/shared';
import { emptyGapsSnapshot } from '@benchline/shared';
import { acceptHMRUpdate, defineStore } from 'pinia';
import { computed } from 'vue';
import { useViewSync } from './view-sync.js';

export const useGapsStore = defineStore('gaps', () => {
  const sync = useViewSync('gaps', emptyGapsSnapshot);

  const rows = computed(() => sync.snapshot.value.rows);
  const byGapId = computed(() => new Map(rows.value.map((row) => [row.gapId, row])));
  const byMember = computed(() => {
    const members = new Map<string, GapQueueRow[]>();
    for (const row of rows.value) {
      const list = members.get(row.memberId);
      if (list === undefined) {
        members.set(row.memberId, [row]);
      } else {
        list.push(row);
      }
    }
    return members;
  });
  const memberCount = computed(() => byMember.value.size);

  return { ...sync, rows, byGapId, byMember, memberCount };
});

if (import.meta.hot) {
  import.meta.hot.accept(acceptHMRUpdate(useGapsStore, import.meta.hot));
}
