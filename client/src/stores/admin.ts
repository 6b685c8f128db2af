/**
 * The admin page's data: the tenant's audit trail, live (GET /api/v1/admin/audit?after=<last>, polled every 2 s while
 * the page is open, newest on top, bounded), its ingest API keys and wall displays (list, create, rotate, revoke) and
 * who can sign in (read-only). A new key's secret or a new display's link is held only until the admin dismisses it
 * or leaves the page: the server shows it once and keeps only a digest.
 */
import type {
  ApiKeySummary,
  AuditPage,
  AuditRecordView,
  DeviceSummary,
  IssuedSecret,
  UserRole,
} from '@benchline/shared';
import { acceptHMRUpdate, defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { AUDIT_SHOWN_MAX, auditStartAfter, filterAudit, mergeAudit } from '../admin/audit.js';
import { wallLink } from '../auth/sign-in.js';
import { browser } from '../services/browser.js';
import { HttpFailure, http } from '../services/http.js';

/** How often the open page asks for new audit records. */
export const AUDIT_POLL_MS = 2000;
/** Records per request; a full page is followed at once by the next (catching up after a busy minute). */
export const AUDIT_PAGE_SIZE = 1000;
/** At most this many pages per poll, so a huge backlog cannot keep the page busy. */
const AUDIT_PAGES_PER_POLL = 5;

/** A user who can sign in (GET /api/v1/admin/users). */
export interface UserListEntry {
  userId: string;
  login: string;
  name: string;
  role: UserRole;
}

/** A secret the server just issued, shown once. */
export interface Issued {
  kind: 'api-key' | 'device';
  id: string;
  name: string;
  secret: string;
  /** For a device: the link to open on the display. */
  link: string | null;
  /** For a rotation: the key it replaces and when that one stops working. */
  replaces: { id: string; graceSeconds: number } | null;
}

function messageOf(error: unknown): string {
  if (error instanceof HttpFailure) {
    if (error.status === 403) {
      return 'Only an admin can do this.';
    }
    return error.status === 0 ? error.message : `${error.message} (${error.code})`;
  }
  return String(error);
}

export const useAdminStore = defineStore('admin', () => {
  /** Newest first. */
  const audit = shallowRef<AuditRecordView[]>([]);
  const auditSince = ref<string | null>(null);
  const auditError = ref<string | null>(null);
  const filter = ref('');
  const apiKeys = shallowRef<ApiKeySummary[]>([]);
  const devices = shallowRef<DeviceSummary[]>([]);
  const users = shallowRef<UserListEntry[]>([]);
  const issued = shallowRef<Issued | null>(null);
  /** The last failed change or list load, for the page to announce. */
  const error = ref<string | null>(null);
  const busy = ref(false);

  const shownAudit = computed(() => filterAudit(audit.value, filter.value));

  let last: string | null = null;
  let running = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  /** Reads every record after the last one seen (a few pages at most) and puts them on top. */
  async function pollAudit(): Promise<void> {
    try {
      for (let page = 0; page < AUDIT_PAGES_PER_POLL && running; page += 1) {
        const query = new URLSearchParams({ limit: String(AUDIT_PAGE_SIZE) });
        if (last !== null) {
          query.set('after', last);
        }
        const result = await http.get<AuditPage>(`/api/v1/admin/audit?${query.toString()}`);
        if (!running) {
          return;
        }
        audit.value = mergeAudit(audit.value, result.records, AUDIT_SHOWN_MAX);
        last = result.last ?? last;
        auditError.value = null;
        if (result.records.length < AUDIT_PAGE_SIZE) {
          return;
        }
      }
    } catch (caught) {
      auditError.value = `The audit trail could not be read: ${messageOf(caught)}. Trying again…`;
    }
  }

  function schedule(): void {
    clearTimeout(timer);
    if (running) {
      timer = setTimeout(() => {
        void pollAudit().finally(schedule);
      }, AUDIT_POLL_MS);
    }
  }

  async function refreshKeys(): Promise<void> {
    apiKeys.value = await http.get<ApiKeySummary[]>('/api/v1/admin/api-keys');
  }
  async function refreshDevices(): Promise<void> {
    devices.value = await http.get<DeviceSummary[]>('/api/v1/admin/devices');
  }
  async function refreshUsers(): Promise<void> {
    const list = await http.get<UserListEntry[]>('/api/v1/admin/users');
    users.value = [...list].sort((a, b) => a.name.localeCompare(b.name));
  }

  /** The page opened: the lists, and the trail from the last day on, then every AUDIT_POLL_MS. */
  async function start(now = Date.now()): Promise<void> {
    if (running) {
      return;
    }
    running = true;
    audit.value = [];
    last = auditStartAfter(now);
    auditSince.value = new Date(Number(last.split('-')[0])).toISOString();
    const lists = Promise.all([refreshKeys(), refreshDevices(), refreshUsers()]).catch((caught: unknown) => {
      error.value = messageOf(caught);
    });
    await pollAudit();
    schedule();
    await lists;
  }

  /** The page closed: no more polling, and no secret kept. */
  function stop(): void {
    running = false;
    clearTimeout(timer);
    timer = undefined;
    issued.value = null;
  }

  /** Runs a change, then refreshes what it changed; false (with `error` set) when the server refused. */
  async function change(run: () => Promise<void>): Promise<boolean> {
    if (busy.value) {
      return false;
    }
    busy.value = true;
    error.value = null;
    try {
      await run();
      return true;
    } catch (caught) {
      error.value = messageOf(caught);
      return false;
    } finally {
      busy.value = false;
    }
  }

  function createApiKey(name: string): Promise<boolean> {
    return change(async () => {
      const made = await http.send<IssuedSecret>('POST', '/api/v1/admin/api-keys', { name: name.trim() });
      issued.value = { kind: 'api-key', ...made, link: null, replaces: null };
      await refreshKeys();
    });
  }

  /** A replacement key; the old one keeps working for `graceSeconds` so senders can switch over. */
  function rotateApiKey(id: string, graceSeconds: number): Promise<boolean> {
    return change(async () => {
      const made = await http.send<IssuedSecret>('POST', `/api/v1/admin/api-keys/${encodeURIComponent(id)}/rotate`, {
        graceSeconds,
      });
      issued.value = { kind: 'api-key', ...made, link: null, replaces: { id, graceSeconds } };
      await refreshKeys();
    });
  }

  function revokeApiKey(id: string): Promise<boolean> {
    return change(async () => {
      await http.send('DELETE', `/api/v1/admin/api-keys/${encodeURIComponent(id)}`);
      if (issued.value?.id === id) {
        issued.value = null;
      }
      await refreshKeys();
    });
  }

  function createDevice(name: string): Promise<boolean> {
    return change(async () => {
      const made = await http.send<IssuedSecret>('POST', '/api/v1/admin/devices', { name: name.trim() });
      issued.value = { kind: 'device', ...made, link: wallLink(browser.origin(), made.secret), replaces: null };
      await refreshDevices();
    });
  }

  /** The display's session ends and its screen shows that it is not signed in. */
  function revokeDevice(id: string): Promise<boolean> {
    return change(async () => {
      await http.send('DELETE', `/api/v1/admin/devices/${encodeURIComponent(id)}`);
      if (issued.value?.id === id) {
        issued.value = null;
      }
      await refreshDevices();
    });
  }

  /** They can no longer sign in; their open screens drop to the sign-in page within the session check. */
  function removeUser(userId: string): Promise<boolean> {
    return change(async () => {
      await http.send('DELETE', `/api/v1/admin/users/${encodeURIComponent(userId)}`);
      await refreshUsers();
    });
  }

  function dismissIssued(): void {
    issued.value = null;
  }

  return {
    audit,
    auditSince,
    auditError,
    filter,
    shownAudit,
    apiKeys,
    devices,
    users,
    issued,
    error,
    busy,
    start,
    stop,
    pollAudit,
    createApiKey,
    rotateApiKey,
    revokeApiKey,
    createDevice,
    revokeDevice,
    removeUser,
    dismissIssued,
  };
});

if (import.meta.hot) {
  import.meta.hot.accept(acceptHMRUpdate(useAdminStore, import.meta.hot));
}
