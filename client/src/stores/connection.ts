/** The connection as the header shows it: live, reconnecting (with attempt count) or offline. */
import { defineStore, acceptHMRUpdate } from 'pinia';
import { ref } from 'vue';

export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'offline';

export const useConnectionStore = defineStore('connection', () => {
  const state = ref<ConnectionState>('connecting');
  const attempts = ref(0);
  const since = ref<number>(Date.now());

  function set(next: ConnectionState, now = Date.now()): void {
    if (next !== state.value) {
      since.value = now;
    }
    state.value = next;
    if (next === 'live') {
      attempts.value = 0;
    }
  }
  function reconnecting(attempt: number): void {
    attempts.value = attempt;
    set('reconnecting');
  }
  return { state, attempts, since, set, reconnecting };
});

if (import.meta.hot) {
  import.meta.hot.accept(acceptHMRUpdate(useConnectionStore, import.meta.hot));
}
