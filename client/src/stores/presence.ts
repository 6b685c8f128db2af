/**
 * Who is online where (the live `presence` view): one entry per open screen. A user with two tabs has two entries;
 * the screens show people, so the lookups here give one entry per user.
 */
import type { PresenceEntry } from '@benchline/shared';
import { emptyPresenceSnapshot } from '@benchline/shared';
import { acceptHMRUpdate, defineStore } from 'pinia';
import { computed } from 'vue';
import { useViewSync } from './view-sync.js';

/** One entry per user, the earliest screen first (so avatars keep their order as people move about). */
export function distinctPeople(entries: readonly PresenceEntry[]): PresenceEntry[] {
  const byUser = new Map<string, PresenceEntry>();
  for (const entry of [...entries].sort((a, b) => a.since.localeCompare(b.since))) {
    if (!byUser.has(entry.userId)) {
      byUser.set(entry.userId, entry);
    }
  }
  return [...byUser.values()];
}

export const usePresenceStore = defineStore('presence', () => {
  const sync = useViewSync('presence', emptyPresenceSnapshot);
  const sessions = computed(() => sync.snapshot.value.sessions);
  /** Member id → the people whose screen shows that patient. */
  const byMember = computed(() => {
    const members = new Map<string, PresenceEntry[]>();
    for (const entry of sessions.value) {
      if (entry.memberId !== null) {
        members.set(entry.memberId, [...(members.get(entry.memberId) ?? []), entry]);
      }
    }
    return new Map([...members].map(([memberId, entries]) => [memberId, distinctPeople(entries)]));
  });

  /** The other people on a page (not this user, on any of their screens). */
  function othersOnPage(page: string, myUserId: string | null): PresenceEntry[] {
    return distinctPeople(sessions.value.filter((entry) => entry.page === page && entry.userId !== myUserId));
  }
  /** The other people looking at a patient. */
  function othersOnMember(memberId: string, myUserId: string | null): PresenceEntry[] {
    return (byMember.value.get(memberId) ?? []).filter((entry) => entry.userId !== myUserId);
  }

  return { ...sync, sessions, byMember, othersOnPage, othersOnMember };
});

if (import.meta.hot) {
  import.meta.hot.accept(acceptHMRUpdate(usePresenceStore, import.meta.hot));
}
