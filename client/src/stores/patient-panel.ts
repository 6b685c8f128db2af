/**
 * The open patient's panel (gaps with evidence, HCCs, attribution, spend, outreach history). It is not a live view:
 * the workers compute it on request, so the page asks again when the patient's queue rows change. A request made
 * while one is in flight is folded into one more afterwards, and an answer for a patient no longer shown is dropped.
 */
import type { PatientPanel } from '@benchline/shared';
import { acceptHMRUpdate, defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { commands } from '../services/commands.js';

/** The workers compute the panel; give them longer than a plain command. */
const PANEL_TIMEOUT_MS = 15_000;

export type PanelStatus = 'idle' | 'loading' | 'ready' | 'error';

export const usePatientPanelStore = defineStore('patient-panel', () => {
  const memberId = ref<string | null>(null);
  const panel = shallowRef<PatientPanel | null>(null);
  const status = ref<PanelStatus>('idle');
  const errorCode = ref<string | null>(null);
  const loadedAt = ref<number | null>(null);
  let inFlight: Promise<void> | null = null;
  let again = false;

  async function fetchOnce(member: string): Promise<void> {
    const reply = await commands.send('patient:panel', { memberId: member }, PANEL_TIMEOUT_MS);
    if (memberId.value !== member) {
      return;
    }
    if (reply.ok) {
      panel.value = reply.data;
      status.value = 'ready';
      errorCode.value = null;
      loadedAt.value = Date.now();
    } else {
      // A refresh that fails keeps the panel on screen; only a first load shows the error in its place.
      status.value = panel.value === null ? 'error' : 'ready';
      errorCode.value = reply.error.code;
    }
  }

  /** Shows a patient: clears what another patient left, then loads. */
  async function open(member: string): Promise<void> {
    if (memberId.value !== member) {
      memberId.value = member;
      panel.value = null;
      errorCode.value = null;
      loadedAt.value = null;
      inFlight = null;
      again = false;
    }
    await refresh();
  }

  /** Loads the shown patient again (at most one request at a time, and one more queued behind it). */
  async function refresh(): Promise<void> {
    const member = memberId.value;
    if (member === null) {
      return;
    }
    if (inFlight !== null) {
      again = true;
      return inFlight;
    }
    if (panel.value === null) {
      status.value = 'loading';
    }
    const run = (async () => {
      do {
        again = false;
        await fetchOnce(member);
      } while (again && memberId.value === member);
    })();
    inFlight = run;
    try {
      await run;
    } finally {
      if (inFlight === run) {
        inFlight = null;
      }
    }
  }

  function close(): void {
    memberId.value = null;
    panel.value = null;
    status.value = 'idle';
    errorCode.value = null;
    inFlight = null;
    again = false;
  }

  return { memberId, panel, status, errorCode, loadedAt, open, refresh, close };
});

if (import.meta.hot) {
  import.meta.hot.accept(acceptHMRUpdate(usePatientPanelStore, import.meta.hot));
}
