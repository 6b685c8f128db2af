/**
 * A stolen wall display: its device token, and the session it signs in to, reach the wall's aggregate views and
 * nothing else — no gap queue, patient panel, $evaluate-measure or admin route over HTTP; no patient-level view
 * and no command over the socket (FORBIDDEN, with nothing done). Revoking the device drops its socket and its
 * cookie; failed device tokens from one address cannot lock other walls out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { eventually } from '../../support/eventually.js';
import { askRaw, auditTrailOf, codeOf, disconnection, openSocket, setCookie } from '../../support/security.js';
import { startStack, type TestSession, type TestStack } from '../../support/start-stack.js';

const SESSION_CHECK_MS = 200;

let stack: TestStack;
let admin: TestSession;
let device: { id: string; token: string };
/** The wall's session cookie header and CSRF token, as a thief holding the display would have them. */
let wall: { cookie: string; csrfToken: string };
let socket: Socket;

beforeAll(async () => {
  stack = await startStack({ workers: false, server: { sessionCheckMs: SESSION_CHECK_MS } });
  admin = await stack.signIn({ role: 'admin', userId: 'wall-admin' });
  const created = await stack.request(admin, '/api/v1/admin/devices', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Lobby wall' }),
  });
  expect(created.status).toBe(201);
  const issued = (await created.json()) as { id: string; secret: string };
  device = { id: issued.id, token: issued.secret };
  const signedIn = await fetch(`${stack.url}/api/v1/auth/device`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: device.token }),
  });
  expect(signedIn.status).toBe(200);
  const info = (await signedIn.json()) as { role: string; csrfToken: string };
  expect(info.role).toBe('wall');
  wall = { cookie: `benchline_session=${setCookie(signedIn, 'benchline_session')!.value}`, csrfToken: info.csrfToken };
  const opened = await openSocket(stack.url, { cookie: wall.cookie });
  if (!opened.connected) {
    throw new Error(`the wall socket did not connect: ${opened.error}`);
  }
  socket = opened.socket;
});
afterAll(async () => {
  socket?.disconnect();
  await stack?.close();
});

/** A request with the wall's cookie and CSRF token (everything a thief of the display has). */
async function asWall(method: string, path: string): Promise<number> {
  const unsafe = method !== 'GET';
  const response = await fetch(`${stack.url}${path}`, {
    method,
    headers: {
      cookie: wall.cookie,
      'x-csrf-token': wall.csrfToken,
      ...(unsafe ? { 'content-type': 'application/json' } : {}),
    },
    body: unsafe && method !== 'DELETE' ? JSON.stringify({ name: 'x', graceSeconds: 0 }) : undefined,
  });
  await response.body?.cancel();
  return response.status;
}

describe("a stolen wall's session over HTTP", () => {
  it('is a wall session (it can say who it is)', async () => {
    const response = await fetch(`${stack.url}/api/v1/auth/session`, { headers: { cookie: wall.cookie } });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ kind: 'device', role: 'wall', subjectId: device.id });
  });

  it('cannot read the gap queue, a patient panel or $evaluate-measure', async () => {
    expect(await asWall('GET', '/api/v1/gaps')).toBe(403);
    expect(await asWall('GET', '/api/v1/gaps?limit=500')).toBe(403);
    expect(await asWall('GET', '/api/v1/patients/1EG4TE5MK73/panel')).toBe(403);
    const evaluate = '/api/v1/fhir/Measure/CMS130/$evaluate-measure?periodStart=2026&periodEnd=2026';
    expect(await asWall('GET', evaluate)).toBe(403);
    expect(await asWall('GET', `${evaluate}&subject=Patient/1EG4TE5MK73`)).toBe(403);
    expect(await asWall('POST', evaluate)).toBe(403);
  });

  it('cannot reach any admin route', async () => {
    const adminRoutes = stack.app.routeTable.filter((route) => route.url.startsWith('/api/v1/admin/'));
    expect(adminRoutes.length).toBeGreaterThanOrEqual(10);
    for (const route of adminRoutes) {
      const path = route.url.replace(':id', device.id);
      expect(await asWall(route.method, path), `${route.method} ${route.url}`).toBe(403);
    }
    // The device it could have revoked, or the key it could have made, are untouched.
    expect((await stack.app.identity.listDevices(stack.tenantId)).map((d) => d.id)).toEqual([device.id]);
    expect(await stack.app.identity.listApiKeys(stack.tenantId)).toEqual([]);
  });

  it('cannot ingest, and the raw device token is no credential anywhere but /auth/device', async () => {
    expect(await asWall('POST', '/api/v1/events')).toBe(401);
    const credentials: Record<string, string>[] = [
      { authorization: `Bearer ${device.token}` },
      { cookie: `benchline_session=${device.token}` },
    ];
    for (const headers of credentials) {
      for (const [method, path] of [
        ['GET', '/api/v1/gaps'],
        ['GET', '/api/v1/auth/session'],
        ['POST', '/api/v1/events'],
      ] as const) {
        const response = await fetch(`${stack.url}${path}`, {
          method,
          headers: { ...headers, 'content-type': 'application/json' },
          body: method === 'POST' ? '{}' : undefined,
        });
        expect(response.status, `${method} ${path} with ${Object.keys(headers)[0]}`).toBe(401);
      }
    }
    expect(await openSocket(stack.url, { cookie: `benchline_session=${device.token}` })).toMatchObject({
      connected: false,
      error: 'UNAUTHORIZED',
    });
  });
});

describe("a stolen wall's socket", () => {
  it('watches the wall and freshness views, and no patient-level or financial one', async () => {
    expect(codeOf(await askRaw(socket, 'view:subscribe', { viewId: 'wall' }))).toBe('ok');
    expect(codeOf(await askRaw(socket, 'view:subscribe', { viewId: 'freshness' }))).toBe('ok');
    for (const viewId of ['gaps', 'leases', 'presence', 'finance', 'spend', 'rollups']) {
      expect(codeOf(await askRaw(socket, 'view:subscribe', { viewId })), viewId).toBe('FORBIDDEN');
      expect(
        codeOf(await askRaw(socket, 'view:subscribe', { viewId, since: { version: 0, feedId: '0-0' } })),
        viewId,
      ).toBe('FORBIDDEN');
    }
  });

  it('sends no command: each is FORBIDDEN, even well formed, and nothing is done', async () => {
    const memberId = '1EG4TE5MK73';
    const commands: [string, unknown][] = [
      ['lease:claim', { memberId }],
      ['lease:release', { memberId, token: 1 }],
      ['lease:reassign', { memberId, toUserId: 'someone' }],
      ['patient:panel', { memberId }],
      [
        'worklist:record',
        {
          commandId: 'wall-1',
          memberId,
          at: new Date().toISOString(),
          action: { type: 'assign', assignee: 'someone' },
        },
      ],
      ['export:record', { view: 'gaps', filters: {}, memberIds: [memberId], rows: 1 }],
      ['presence:update', { page: 'queue', memberId }],
      ['session:heartbeat', {}],
    ];
    const before = await auditTrailOf(stack.redis, stack.keys.audit(stack.tenantId));
    for (const [event, payload] of commands) {
      const reply = await askRaw(socket, event, payload);
      expect(reply, event).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    // No lease, no presence, no audit record of a read or an export: the handlers never ran.
    expect(await stack.redis.keys(`${stack.prefix}:*lease*`)).toEqual([]);
    const watcher = await stack.connect({ role: 'admin', userId: 'presence-check' });
    try {
      // Once the watcher's own presence is in, the view holds it and nobody else: the wall never was.
      await eventually(async () => {
        const presence = await watcher.subscribe('presence');
        const sessions = presence.viewId === 'presence' ? presence.snapshot.sessions : [];
        expect(sessions.map((s) => s.userId)).toEqual(['presence-check']);
      });
    } finally {
      watcher.close();
    }
    const after = await auditTrailOf(stack.redis, stack.keys.audit(stack.tenantId));
    expect(after.slice(before.length).filter((r) => r.actor === `device:${device.id}`)).toEqual([]);
  });
});

describe('revoking the device', () => {
  it('drops its socket within the session check, and its cookie and token are refused from then on', async () => {
    expect(socket.connected).toBe(true);
    const dropped = disconnection(socket, SESSION_CHECK_MS * 10);
    const revoked = await stack.request(admin, `/api/v1/admin/devices/${device.id}`, { method: 'DELETE' });
    expect(revoked.status).toBe(204);
    expect(await dropped).toBe('io server disconnect');

    const session = await fetch(`${stack.url}/api/v1/auth/session`, { headers: { cookie: wall.cookie } });
    expect(session.status).toBe(401);
    expect(await openSocket(stack.url, { cookie: wall.cookie })).toMatchObject({
      connected: false,
      error: 'UNAUTHORIZED',
    });
    const again = await fetch(`${stack.url}/api/v1/auth/device`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: device.token }),
    });
    expect(again.status).toBe(401);
    // Its audit trail says who did it.
    const trail = await auditTrailOf(stack.redis, stack.keys.audit(stack.tenantId));
    expect(trail.at(-1)).toMatchObject({ actor: 'user:wall-admin', action: 'device-revoke' });
  });
});

describe('device sign-in throttling', () => {
  it('locks out the address guessing tokens, never the other walls', async () => {
    // Behind a proxy, so the test can come from two addresses.
    const proxied = await startStack({ workers: false, server: { trustProxy: true } });
    try {
      const good = await proxied.app.identity.createDevice(proxied.tenantId, 'Honest wall');
      const signIn = (token: string, address: string) =>
        fetch(`${proxied.url}/api/v1/auth/device`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
          body: JSON.stringify({ token }),
        });
      for (let attempt = 1; attempt <= 5; attempt += 1) {
        expect((await signIn(`wall_guess-number-${attempt}`, '10.0.0.66')).status).toBe(401);
      }
      const locked = await signIn(good.token, '10.0.0.66');
      expect(locked.status).toBe(429);
      expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
      // Another display, elsewhere, still signs in.
      expect((await signIn(good.token, '10.0.0.7')).status).toBe(200);
    } finally {
      await proxied.close();
    }
  });
});
