import type { SessionInfo } from '@benchline/shared';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as HttpModule from '../services/http.js';
import { HttpFailure } from '../services/http.js';
import { useAuthStore } from './auth.js';

const mocks = vi.hoisted(() => {
  const handlers = new Map<string, (...args: unknown[]) => void>();
  const socket = {
    active: false,
    connected: false,
    connect: vi.fn(() => {
      socket.active = true;
    }),
    disconnect: vi.fn(() => {
      socket.active = false;
      socket.connected = false;
    }),
    on: vi.fn((event: string, handler: (...args: unknown[]) => void) => {
      handlers.set(event, handler);
    }),
  };
  const browser = {
    currentPath: vi.fn(() => '/patients/M1?tab=spend'),
    load: vi.fn<(url: string) => void>(),
    stripFragment: vi.fn(),
    isDisplay: vi.fn(() => false),
    markDisplay: vi.fn<(display: boolean) => void>(),
    origin: () => 'http://bl.test',
  };
  const http = {
    get: vi.fn<(path: string) => Promise<unknown>>(),
    send: vi.fn<(method: string, path: string, body?: unknown) => Promise<unknown>>(),
  };
  const lost: (() => void)[] = [];
  return { handlers, socket, browser, http, lost, setCsrfToken: vi.fn<(token: string | null) => void>() };
});

vi.mock('../services/socket.js', () => ({ socket: mocks.socket }));
vi.mock('../services/browser.js', () => ({ browser: mocks.browser }));
vi.mock('../services/http.js', async (importOriginal) => ({
  ...(await importOriginal<typeof HttpModule>()),
  http: mocks.http,
  setCsrfToken: mocks.setCsrfToken,
  onSessionLost: (listener: () => void) => mocks.lost.push(listener),
}));

const ana: SessionInfo = {
  kind: 'user',
  tenantId: 'acme',
  subjectId: 'ana',
  name: 'Ana Ruiz',
  role: 'coordinator',
  csrfToken: 'csrf-ana',
};
const lobby: SessionInfo = {
  kind: 'device',
  tenantId: 'acme',
  subjectId: 'dev1',
  name: 'Lobby',
  role: 'wall',
  csrfToken: 'csrf-wall',
};
const unauthorized = () => new HttpFailure(401, 'UNAUTHORIZED', 'sign in first');

describe('useAuthStore', () => {
  beforeEach(() => {
    vi.clearAllMocks();
    mocks.handlers.clear();
    mocks.lost.length = 0;
    mocks.socket.active = false;
    mocks.socket.connected = false;
    mocks.browser.isDisplay.mockReturnValue(false);
    setActivePinia(createPinia());
  });
  afterEach(() => vi.useRealTimers());

  it('reads the session once at start-up, then opens the socket and keeps the CSRF token', async () => {
    mocks.http.get.mockResolvedValue(ana);
    const auth = useAuthStore();
    const [first, second] = await Promise.all([auth.load(), auth.load()]);
    expect(first).toEqual(ana);
    expect(second).toEqual(ana);
    expect(mocks.http.get).toHaveBeenCalledTimes(1);
    expect(mocks.http.get).toHaveBeenCalledWith('/api/v1/auth/session');
    expect(auth.status).toBe('signed-in');
    expect(auth.csrfToken).toBe('csrf-ana');
    expect(mocks.setCsrfToken).toHaveBeenLastCalledWith('csrf-ana');
    expect(mocks.socket.connect).toHaveBeenCalledTimes(1);
    expect(mocks.browser.markDisplay).toHaveBeenCalledWith(false);
  });

  it('opens no socket without a session', async () => {
    mocks.http.get.mockRejectedValue(unauthorized());
    const auth = useAuthStore();
    expect(await auth.load()).toBeNull();
    expect(auth.status).toBe('signed-out');
    expect(mocks.socket.connect).not.toHaveBeenCalled();
  });

  it('waits out a server that does not answer at start-up', async () => {
    vi.useFakeTimers();
    mocks.http.get.mockRejectedValueOnce(new HttpFailure(0, 'NETWORK', 'no answer')).mockResolvedValue(ana);
    const auth = useAuthStore();
    const loading = auth.load();
    await vi.advanceTimersByTimeAsync(0);
    expect(auth.status).toBe('unknown');
    expect(auth.problem).toMatch(/not answering/);
    await vi.advanceTimersByTimeAsync(1000);
    expect(await loading).toEqual(ana);
    expect(auth.problem).toBeNull();
  });

  it('signs in, and says why not when refused (and how long to wait once throttled)', async () => {
    const auth = useAuthStore();
    mocks.http.send.mockRejectedValueOnce(unauthorized());
    expect(await auth.signIn('ana', 'wrong')).toBe(false);
    expect(auth.error).toBe('The login name or password is wrong.');
    expect(mocks.socket.connect).not.toHaveBeenCalled();

    mocks.http.send.mockRejectedValueOnce(new HttpFailure(429, 'RATE_LIMITED', 'too many', 30));
    const before = Date.now();
    expect(await auth.signIn('ana', 'wrong')).toBe(false);
    expect(auth.error).toBe('Too many failed sign-ins. Try again in 30 seconds.');
    expect(auth.retryAt).toBeGreaterThanOrEqual(before + 30_000);

    mocks.http.send.mockResolvedValueOnce(ana);
    expect(await auth.signIn('ana', 'right')).toBe(true);
    expect(mocks.http.send).toHaveBeenLastCalledWith('POST', '/api/v1/auth/login', { login: 'ana', password: 'right' });
    expect(auth.error).toBeNull();
    expect(auth.retryAt).toBeNull();
    expect(auth.name).toBe('Ana Ruiz');
    expect(mocks.socket.connect).toHaveBeenCalledTimes(1);
    // Signed in: the start-up check is not made again.
    expect(await auth.load()).toEqual(ana);
    expect(mocks.http.get).not.toHaveBeenCalled();
  });

  it('signs out on the server, closes the socket and loads the sign-in page — even if the session was gone', async () => {
    mocks.http.send.mockResolvedValueOnce(ana);
    const auth = useAuthStore();
    await auth.signIn('ana', 'right');
    mocks.http.send.mockRejectedValueOnce(unauthorized());
    await auth.signOut();
    expect(mocks.http.send).toHaveBeenLastCalledWith('POST', '/api/v1/auth/logout');
    expect(mocks.socket.disconnect).toHaveBeenCalled();
    expect(mocks.setCsrfToken).toHaveBeenLastCalledWith(null);
    expect(auth.signedIn).toBe(false);
    expect(mocks.browser.load).toHaveBeenCalledWith('/sign-in');
  });

  it('goes to sign in (and back here afterwards) when the server ends the session', async () => {
    mocks.http.get.mockResolvedValueOnce(ana);
    const auth = useAuthStore();
    await auth.load();
    mocks.http.get.mockRejectedValueOnce(unauthorized());
    mocks.handlers.get('disconnect')?.('io server disconnect');
    await vi.waitFor(() => expect(mocks.browser.load).toHaveBeenCalled());
    expect(mocks.browser.load).toHaveBeenCalledWith('/sign-in?next=%2Fpatients%2FM1%3Ftab%3Dspend&ended=1');
    expect(mocks.socket.disconnect).toHaveBeenCalled();
  });

  it('does not treat its own disconnects or a network drop as the end of the session', async () => {
    mocks.http.get.mockResolvedValueOnce(ana);
    const auth = useAuthStore();
    await auth.load();
    mocks.handlers.get('disconnect')?.('transport close');
    mocks.handlers.get('disconnect')?.('io client disconnect');
    mocks.handlers.get('connect_error')?.(new Error('xhr poll error')); // still active: it retries by itself
    expect(mocks.http.get).toHaveBeenCalledTimes(1);
  });

  it('reconnects when the server dropped the socket but the session is still there (a restart)', async () => {
    vi.useFakeTimers();
    mocks.http.get.mockResolvedValue(ana);
    const auth = useAuthStore();
    await auth.load();
    mocks.socket.active = false;
    mocks.handlers.get('connect_error')?.(new Error('SERVICE_UNAVAILABLE'));
    await vi.advanceTimersByTimeAsync(0);
    expect(mocks.http.get).toHaveBeenCalledTimes(2);
    expect(mocks.socket.connect).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(mocks.socket.connect).toHaveBeenCalledTimes(2);
    expect(mocks.browser.load).not.toHaveBeenCalled();
  });

  it('checks the session when an API call answers 401', async () => {
    mocks.http.get.mockResolvedValueOnce(ana);
    const auth = useAuthStore();
    await auth.load();
    mocks.http.get.mockRejectedValueOnce(unauthorized());
    for (const listener of mocks.lost) {
      listener();
    }
    await vi.waitFor(() => expect(mocks.browser.load).toHaveBeenCalled());
  });

  it('shows a wall display whose session ended its notice, not the sign-in page', async () => {
    mocks.http.get.mockResolvedValueOnce(lobby);
    const auth = useAuthStore();
    await auth.load();
    expect(mocks.browser.markDisplay).toHaveBeenCalledWith(true);
    mocks.http.get.mockRejectedValueOnce(unauthorized());
    mocks.handlers.get('disconnect')?.('io server disconnect');
    await vi.waitFor(() => expect(mocks.browser.load).toHaveBeenCalledWith('/wall/signed-out'));
  });

  it('signs a wall display in with its token, and marks the browser a display even when the token is refused', async () => {
    const auth = useAuthStore();
    mocks.http.send.mockRejectedValueOnce(unauthorized());
    expect(await auth.signInDevice('wall_0123456789abcdef')).toBe(false);
    expect(auth.error).toMatch(/not valid/);
    expect(mocks.browser.markDisplay).toHaveBeenLastCalledWith(true);

    mocks.http.send.mockResolvedValueOnce(lobby);
    expect(await auth.signInDevice('wall_0123456789abcdef')).toBe(true);
    expect(mocks.http.send).toHaveBeenLastCalledWith('POST', '/api/v1/auth/device', {
      token: 'wall_0123456789abcdef',
    });
    expect(auth.isDevice).toBe(true);
    expect(mocks.socket.connect).toHaveBeenCalledTimes(1);
    expect(mocks.browser.load).not.toHaveBeenCalled();
  });
});
