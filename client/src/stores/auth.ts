/**
 * Who this tab is signed in as: the server's session (GET /api/v1/auth/session, read once at start-up), signing in
 * with a login name and password or — on a wall display — with the device token from its link, and signing out.
 * The CSRF token every change must carry comes with the session and is kept in memory only (services/http.ts sends
 * it). The socket is opened once there is a session and closed with it.
 *
 * A session can end without this tab doing anything: it expired, the user signed out in another tab, an admin
 * revoked the wall device. The tab hears of it as a server-initiated socket disconnect, a refused handshake, or a
 * 401 from an API call; each is checked against GET /api/v1/auth/session (a server restart also drops the socket,
 * and then the session is still there), and an ended session loads the sign-in page — or, on a wall display, the
 * "not signed in" notice — as a new page, so nothing the session saw stays in memory.
 */
import type { SessionInfo } from '@benchline/shared';
import { acceptHMRUpdate, defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { SIGN_IN_PATH, WALL_PATH, WALL_SIGNED_OUT_PATH, signInPath } from '../auth/access.js';
import { signInFailureMessage } from '../auth/sign-in.js';
import { browser } from '../services/browser.js';
import { HttpFailure, http, onSessionLost, setCsrfToken } from '../services/http.js';
import { socket } from '../services/socket.js';

export type AuthStatus = 'unknown' | 'signed-in' | 'signed-out';

/** Retries when the server does not answer (start-up, or checking a session after a disconnect). */
const RETRY_FIRST_MS = 1000;
const RETRY_MAX_MS = 10_000;
/** After a refused handshake whose session is still good (the server was busy), wait this long to try again. */
const RECONNECT_DELAY_MS = 1000;

const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function failureOf(error: unknown): HttpFailure {
  return error instanceof HttpFailure ? error : new HttpFailure(0, 'NETWORK', String(error));
}

export const useAuthStore = defineStore('auth', () => {
  const session = shallowRef<SessionInfo | null>(null);
  const status = ref<AuthStatus>('unknown');
  /** What the sign-in form says (wrong password, throttled, …); null when nothing is wrong. */
  const error = ref<string | null>(null);
  /** The start-up check is waiting for a server that does not answer. */
  const problem = ref<string | null>(null);
  const busy = ref(false);
  /** After a 429: when signing in may be tried again (ms since the epoch). */
  const retryAt = ref<number | null>(null);

  const signedIn = computed(() => session.value !== null);
  const csrfToken = computed(() => session.value?.csrfToken ?? null);
  const role = computed(() => session.value?.role ?? null);
  const tenantId = computed(() => session.value?.tenantId ?? null);
  const name = computed(() => session.value?.name ?? null);
  const isDevice = computed(() => session.value?.kind === 'device');

  let loading: Promise<SessionInfo | null> | null = null;
  let checking = false;

  /** The server's answer for this cookie: the session, null when there is none, thrown when it did not answer. */
  async function readSession(): Promise<SessionInfo | null> {
    try {
      return await http.get<SessionInfo>('/api/v1/auth/session');
    } catch (caught) {
      if (failureOf(caught).status === 401) {
        return null;
      }
      throw caught;
    }
  }

  function openSocket(): void {
    if (!socket.active) {
      socket.connect();
    }
  }

  function apply(next: SessionInfo | null): void {
    session.value = next;
    status.value = next === null ? 'signed-out' : 'signed-in';
    setCsrfToken(next?.csrfToken ?? null);
    loading = Promise.resolve(next);
    if (next === null) {
      socket.disconnect();
      return;
    }
    browser.markDisplay(next.kind === 'device');
    openSocket();
  }

  /** The session at start-up (once; every caller shares the answer). Waits out a server that does not answer. */
  function load(): Promise<SessionInfo | null> {
    loading ??= (async () => {
      for (let delay = RETRY_FIRST_MS; ; delay = Math.min(delay * 2, RETRY_MAX_MS)) {
        try {
          const found = await readSession();
          problem.value = null;
          apply(found);
          return found;
        } catch {
          problem.value = 'The server is not answering. Trying again…';
          await wait(delay);
        }
      }
    })();
    return loading;
  }

  async function signIn(login: string, password: string): Promise<boolean> {
    if (busy.value) {
      return false;
    }
    busy.value = true;
    error.value = null;
    try {
      apply(await http.send<SessionInfo>('POST', '/api/v1/auth/login', { login, password }));
      retryAt.value = null;
      return true;
    } catch (caught) {
      const failure = failureOf(caught);
      error.value = signInFailureMessage(failure);
      retryAt.value =
        failure.status === 429 && failure.retryAfterSeconds !== null
          ? Date.now() + failure.retryAfterSeconds * 1000
          : null;
      return false;
    } finally {
      busy.value = false;
    }
  }

  /**
   * A wall display signs in with the token from its link. A tab that already had a session (someone opened the link
   * in their own browser) is loaded afresh as the wall, so nothing of that session stays on the display.
   */
  async function signInDevice(token: string): Promise<boolean> {
    const hadSession = session.value !== null;
    error.value = null;
    try {
      const info = await http.send<SessionInfo>('POST', '/api/v1/auth/device', { token });
      if (hadSession) {
        browser.markDisplay(true);
        browser.load(WALL_PATH);
        return true;
      }
      apply(info);
      return true;
    } catch (caught) {
      const failure = failureOf(caught);
      error.value =
        failure.status === 401 ? 'This wall link is not valid: it was revoked, or never issued.' : failure.message;
      // The link was meant for a display: if it failed, the display says so rather than asking for a password.
      browser.markDisplay(true);
      return false;
    }
  }

  /** Ends the session on the server and loads the sign-in page (a new page: no store keeps this session's data). */
  async function signOut(): Promise<void> {
    busy.value = true;
    try {
      await http.send('POST', '/api/v1/auth/logout');
    } catch {
      // Already gone on the server (expired, revoked): signing out here is all that is left to do.
    }
    apply(null);
    browser.markDisplay(false);
    browser.load(SIGN_IN_PATH);
  }

  /** The server ended this session: the sign-in page (back here afterwards), or the wall's notice on a display. */
  function ended(): void {
    const was = session.value;
    apply(null);
    if (was?.kind === 'device' || browser.isDisplay()) {
      browser.load(WALL_SIGNED_OUT_PATH);
    } else {
      browser.load(signInPath(browser.currentPath(), true));
    }
  }

  /**
   * Something suggests the session is over (the server dropped the socket, refused its handshake, or answered 401):
   * asks the server. Gone → ended(); still there (a restart, a busy server) → the socket tries again; no answer →
   * keeps asking.
   */
  async function recheck(): Promise<void> {
    if (checking || session.value === null) {
      return;
    }
    checking = true;
    try {
      for (let delay = RETRY_FIRST_MS; ; delay = Math.min(delay * 2, RETRY_MAX_MS)) {
        let found: SessionInfo | null;
        try {
          found = await readSession();
        } catch {
          await wait(delay);
          continue;
        }
        if (found === null) {
          ended();
          return;
        }
        session.value = found;
        setCsrfToken(found.csrfToken);
        await wait(RECONNECT_DELAY_MS);
        if (session.value !== null) {
          openSocket();
        }
        return;
      }
    } finally {
      checking = false;
    }
  }

  socket.on('disconnect', (reason) => {
    if (reason === 'io server disconnect') {
      void recheck();
    }
  });
  socket.on('connect_error', () => {
    // A refused handshake (the gateway's middleware) stops the socket; a network failure keeps it retrying.
    if (!socket.active) {
      void recheck();
    }
  });
  onSessionLost(() => void recheck());

  return {
    session,
    status,
    error,
    problem,
    busy,
    retryAt,
    signedIn,
    csrfToken,
    role,
    tenantId,
    name,
    isDevice,
    load,
    signIn,
    signInDevice,
    signOut,
    recheck,
  };
});

if (import.meta.hot) {
  import.meta.hot.accept(acceptHMRUpdate(useAuthStore, import.meta.hot));
}
