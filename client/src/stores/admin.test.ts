import type { AuditPage, AuditRecordView } from '@benchline/shared';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as HttpModule from '../services/http.js';
import { HttpFailure } from '../services/http.js';
import { AUDIT_PAGE_SIZE, AUDIT_POLL_MS, useAdminStore } from './admin.js';

const mocks = vi.hoisted(() => ({
  http: {
    get: vi.fn<(path: string) => Promise<unknown>>(),
    send: vi.fn<(method: string, path: string, body?: unknown) => Promise<unknown>>(),
  },
}));
vi.mock('../services/http.js', async (importOriginal) => ({
  ...(await importOriginal<typeof HttpModule>()),
  http: mocks.http,
}));
vi.mock('../services/browser.js', () => ({ browser: { origin: () => 'https://bl.example' } }));

const record = (id: string, actor = 'user:ana', action = 'patient-panel-read'): AuditRecordView => ({
  id,
  time: '2026-11-27T10:00:00.000Z',
  actor,
  action,
  resource: 'Patient/M1',
  patients: 'M1',
  count: '1',
  subject: '',
  purpose: 'HOPERAT',
  request: 'req',
  outcome: 'success',
});

/** Answers GETs by path (audit pages from a queue), and records every request. */
function serve(auditPages: AuditPage[]): void {
  mocks.http.get.mockImplementation((path: string) => {
    if (path.startsWith('/api/v1/admin/audit?')) {
      const after = new URLSearchParams(path.split('?')[1]).get('after');
      return Promise.resolve(auditPages.shift() ?? { records: [], last: after });
    }
    if (path === '/api/v1/admin/api-keys') {
      return Promise.resolve([
        { id: 'k1', name: 'Feed', scopes: ['ingest'], createdAt: '2026-11-01', expiresAt: null },
      ]);
    }
    if (path === '/api/v1/admin/devices') {
      return Promise.resolve([{ id: 'd1', name: 'Lobby', createdAt: '2026-11-01' }]);
    }
    if (path === '/api/v1/admin/users') {
      return Promise.resolve([
        { userId: 'ben', login: 'ben', name: 'Ben Okafor', role: 'coordinator' },
        { userId: 'ana', login: 'ana', name: 'Ana Ruiz', role: 'admin' },
      ]);
    }
    return Promise.reject(new HttpFailure(404, 'NOT_FOUND', path));
  });
}

const auditCalls = () =>
  mocks.http.get.mock.calls.map(([path]) => path).filter((path) => path.startsWith('/api/v1/admin/audit?'));

describe('useAdminStore', () => {
  beforeEach(() => {
    vi.clearAllMocks();
    vi.useFakeTimers();
    setActivePinia(createPinia());
  });
  afterEach(() => {
    useAdminStore().stop();
    vi.useRealTimers();
  });

  it('reads the trail from a day back, then polls after the last record every 2 s, newest on top', async () => {
    const now = Date.parse('2026-11-27T10:00:00Z');
    serve([
      { records: [record('1-0'), record('2-0')], last: '2-0' },
      { records: [record('3-0', 'user:ben', 'gap-queue-read')], last: '3-0' },
    ]);
    const admin = useAdminStore();
    await admin.start(now);
    expect(auditCalls()[0]).toBe(`/api/v1/admin/audit?limit=${AUDIT_PAGE_SIZE}&after=${now - 86_400_000}-0`);
    expect(admin.audit.map((r) => r.id)).toEqual(['2-0', '1-0']);
    expect(admin.users.map((u) => u.name)).toEqual(['Ana Ruiz', 'Ben Okafor']);
    expect(admin.apiKeys).toHaveLength(1);
    expect(admin.devices).toHaveLength(1);

    await vi.advanceTimersByTimeAsync(AUDIT_POLL_MS);
    expect(auditCalls()[1]).toBe(`/api/v1/admin/audit?limit=${AUDIT_PAGE_SIZE}&after=2-0`);
    expect(admin.audit.map((r) => r.id)).toEqual(['3-0', '2-0', '1-0']);

    admin.filter = 'ben';
    expect(admin.shownAudit.map((r) => r.id)).toEqual(['3-0']);

    // An empty poll keeps the place.
    await vi.advanceTimersByTimeAsync(AUDIT_POLL_MS);
    expect(auditCalls()[2]).toBe(`/api/v1/admin/audit?limit=${AUDIT_PAGE_SIZE}&after=3-0`);

    admin.stop();
    await vi.advanceTimersByTimeAsync(AUDIT_POLL_MS * 3);
    expect(auditCalls()).toHaveLength(3);
  });

  it('reads a full page again at once (catching up), and says when the trail cannot be read', async () => {
    const full = Array.from({ length: AUDIT_PAGE_SIZE }, (_, i) => record(`${i + 1}-0`));
    serve([
      { records: full, last: `${AUDIT_PAGE_SIZE}-0` },
      { records: [record('5000-0')], last: '5000-0' },
    ]);
    const admin = useAdminStore();
    await admin.start();
    expect(auditCalls()).toHaveLength(2);
    expect(admin.audit[0]?.id).toBe('5000-0');
    expect(admin.audit).toHaveLength(500);

    mocks.http.get.mockRejectedValueOnce(new HttpFailure(503, 'SERVICE_UNAVAILABLE', 'storage is unavailable'));
    await vi.advanceTimersByTimeAsync(AUDIT_POLL_MS);
    expect(admin.auditError).toMatch(/could not be read/);
    await vi.advanceTimersByTimeAsync(AUDIT_POLL_MS);
    expect(admin.auditError).toBeNull();
  });

  it('shows a new key once, rotates and revokes keys, and refreshes the list each time', async () => {
    serve([]);
    const admin = useAdminStore();
    await admin.start();
    mocks.http.send.mockResolvedValueOnce({ id: 'k2', name: 'Labs', secret: 'bl_secret' });
    expect(await admin.createApiKey('  Labs ')).toBe(true);
    expect(mocks.http.send).toHaveBeenLastCalledWith('POST', '/api/v1/admin/api-keys', { name: 'Labs' });
    expect(admin.issued).toMatchObject({ kind: 'api-key', id: 'k2', secret: 'bl_secret', link: null });

    mocks.http.send.mockResolvedValueOnce({ id: 'k3', name: 'Labs', secret: 'bl_next' });
    expect(await admin.rotateApiKey('k2', 3600)).toBe(true);
    expect(mocks.http.send).toHaveBeenLastCalledWith('POST', '/api/v1/admin/api-keys/k2/rotate', {
      graceSeconds: 3600,
    });
    expect(admin.issued).toMatchObject({ id: 'k3', secret: 'bl_next', replaces: { id: 'k2', graceSeconds: 3600 } });

    mocks.http.send.mockResolvedValueOnce(undefined);
    expect(await admin.revokeApiKey('k3')).toBe(true);
    expect(mocks.http.send).toHaveBeenLastCalledWith('DELETE', '/api/v1/admin/api-keys/k3');
    expect(admin.issued).toBeNull();
    const keyReads = mocks.http.get.mock.calls.filter(([path]) => path === '/api/v1/admin/api-keys');
    expect(keyReads).toHaveLength(4);
  });

  it("shows a new display's wall link once, and forgets it when the page closes", async () => {
    serve([]);
    const admin = useAdminStore();
    await admin.start();
    mocks.http.send.mockResolvedValueOnce({ id: 'd2', name: 'Hall', secret: 'wall_token-_0123456789' });
    expect(await admin.createDevice('Hall')).toBe(true);
    expect(admin.issued?.link).toBe('https://bl.example/wall#device=wall_token-_0123456789');
    admin.stop();
    expect(admin.issued).toBeNull();
  });

  it('removes a user and reads the list again', async () => {
    serve([]);
    const admin = useAdminStore();
    await admin.start();
    mocks.http.send.mockResolvedValueOnce(undefined);
    expect(await admin.removeUser('ben')).toBe(true);
    expect(mocks.http.send).toHaveBeenLastCalledWith('DELETE', '/api/v1/admin/users/ben');
    const userReads = mocks.http.get.mock.calls.filter(([path]) => path === '/api/v1/admin/users');
    expect(userReads).toHaveLength(2);
  });

  it('says what went wrong when a change is refused', async () => {
    serve([]);
    const admin = useAdminStore();
    await admin.start();
    mocks.http.send.mockRejectedValueOnce(new HttpFailure(404, 'NOT_FOUND', 'no device d9'));
    expect(await admin.revokeDevice('d9')).toBe(false);
    expect(admin.error).toBe('no device d9 (NOT_FOUND)');
    mocks.http.send.mockRejectedValueOnce(new HttpFailure(403, 'FORBIDDEN', 'no'));
    expect(await admin.createDevice('Hall')).toBe(false);
    expect(admin.error).toBe('Only an admin can do this.');
  });
});
