/**
 * Sign-in, sessions and ingest keys through the real HTTP API:
 *   - a real login (a user made with identity.putUser) sets an HttpOnly, SameSite=Strict, Path=/ cookie — Secure
 *     when cookieSecure is 'always'; a wrong password and an unknown login get the same 401;
 *   - after 5 failures the 6th attempt, even with the right password, is 429 with Retry-After; the count is per
 *     login, and parallel attempts cannot slip past it;
 *   - logout ends the session over HTTP at once and drops its live socket within the session check;
 *   - a removed user cannot sign in and their sessions and sockets end; replacing a user (new password or role)
 *     ends the sessions they had; an admin cannot remove themselves;
 *   - API keys: created keys ingest; a rotation with grace 0 ends the old key at once, with grace both work; a
 *     revoked key is refused; a rotated-out key cannot be brought back; no key reads patient data;
 *   - no secret (key, device token, session token, password) is stored in Redis in clear.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VALID_MEMBER } from '../../../shared/src/validation/__fixtures__/valid-events.js';
import { disconnection, everythingUnder, openSocket, setCookie } from '../../support/security.js';
import { startStack, type TestSession, type TestStack } from '../../support/start-stack.js';

const FAST = { log2N: 10, r: 8, p: 1 };
const SESSION_CHECK_MS = 200;

let stack: TestStack;
let admin: TestSession;
/** Every secret this file handles, to look for in Redis at the end. */
const secrets = new Map<string, string>();

beforeAll(async () => {
  stack = await startStack({ workers: false, server: { sessionCheckMs: SESSION_CHECK_MS } });
  admin = await stack.signIn({ role: 'admin', userId: 'keys-admin' });
  secrets.set('the bootstrap ingest key', stack.apiKey);
  secrets.set("the admin's session token", admin.cookie.split('=')[1]!);
});
afterAll(async () => {
  await stack?.close();
});

async function putUser(login: string, password: string, userId = login.toLowerCase()): Promise<void> {
  await stack.app.identity.putUser(
    { tenantId: stack.tenantId, userId, login, name: `User ${userId}`, role: 'coordinator', password },
    FAST,
  );
  secrets.set(`the password of ${login}`, password);
}

function login(url: string, body: unknown): Promise<Response> {
  return fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

let memberSeq = 0;
/** An ingest with a key: the status (202 accepted, 401 refused). */
async function ingestWith(key: string): Promise<number> {
  memberSeq += 1;
  const response = await fetch(`${stack.url}/api/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ ...VALID_MEMBER, recordId: `keys-${memberSeq}` }),
  });
  await response.body?.cancel();
  return response.status;
}

async function adminPost(path: string, body: unknown): Promise<{ status: number; body: Record<string, string> }> {
  const response = await stack.request(admin, path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}

describe('sign-in', () => {
  it('sets an HttpOnly, SameSite=Strict, Path=/ session cookie that is the session', async () => {
    await putUser('Ana.Lopez', 'correct horse battery staple', 'u-ana');
    const response = await login(stack.url, { login: ' ana.lopez ', password: 'correct horse battery staple' });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, string>;
    expect(body).toMatchObject({ kind: 'user', tenantId: stack.tenantId, subjectId: 'u-ana', role: 'coordinator' });
    const cookie = setCookie(response, 'benchline_session');
    expect(cookie).not.toBeNull();
    secrets.set("Ana's session token", cookie!.value);
    expect(cookie!.value.length).toBeGreaterThanOrEqual(40);
    expect(cookie!.attributes.get('httponly')).toBe(true);
    expect(cookie!.attributes.get('samesite')).toBe('Strict');
    expect(cookie!.attributes.get('path')).toBe('/');
    // Plain HTTP with cookieSecure 'auto': not Secure (the browser would drop it).
    expect(cookie!.attributes.has('secure')).toBe(false);

    const session = await fetch(`${stack.url}/api/v1/auth/session`, {
      headers: { cookie: `benchline_session=${cookie!.value}` },
    });
    expect(session.status).toBe(200);
    expect(session.headers.get('cache-control')).toBe('no-store');
    expect(await session.json()).toEqual(body);
  });

  it("marks the cookie Secure when cookieSecure is 'always'", async () => {
    const secure = await startStack({ workers: false, server: { cookieSecure: 'always' } });
    try {
      await secure.app.identity.putUser(
        { tenantId: secure.tenantId, userId: 'u-sec', login: 'sec', name: 'Sec', role: 'quality', password: 'pw-sec' },
        FAST,
      );
      const response = await login(secure.url, { login: 'sec', password: 'pw-sec' });
      expect(response.status).toBe(200);
      const cookie = setCookie(response, 'benchline_session');
      expect(cookie?.attributes.get('secure')).toBe(true);
      expect(cookie?.attributes.get('httponly')).toBe(true);
      expect(cookie?.attributes.get('samesite')).toBe('Strict');
    } finally {
      await secure.close();
    }
  });

  it('answers a wrong password and an unknown login with the same 401, and sets no cookie', async () => {
    await putUser('bea', 'bea-password');
    const wrong = await login(stack.url, { login: 'bea', password: 'not-it' });
    const unknown = await login(stack.url, { login: 'nobody-by-this-name', password: 'bea-password' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const wrongBody: unknown = await wrong.json();
    expect(wrongBody).toEqual({ error: { code: 'UNAUTHORIZED', message: 'the login name or password is wrong' } });
    expect(await unknown.json()).toEqual(wrongBody);
    expect(setCookie(wrong, 'benchline_session')).toBeNull();
    expect(setCookie(unknown, 'benchline_session')).toBeNull();
  });

  it('refuses the 6th attempt after 5 failures with 429 and Retry-After, even with the right password — per login', async () => {
    await putUser('carla', 'carla-password');
    await putUser('dora', 'dora-password');
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const response = await login(stack.url, { login: 'carla', password: `guess-${attempt}` });
      expect(response.status, `attempt ${attempt}`).toBe(401);
    }
    const sixth = await login(stack.url, { login: 'carla', password: 'carla-password' });
    expect(sixth.status).toBe(429);
    const retryAfter = Number(sixth.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect(await sixth.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });
    expect(setCookie(sixth, 'benchline_session')).toBeNull();
    // The login name in another case is the same login.
    expect((await login(stack.url, { login: 'CARLA', password: 'carla-password' })).status).toBe(429);
    // Another login from the same address still signs in.
    expect((await login(stack.url, { login: 'dora', password: 'dora-password' })).status).toBe(200);
  });

  it('does not let parallel attempts slip past the limit', async () => {
    // A stack of its own: this test spends many of the address's failures.
    const raced = await startStack({ workers: false });
    try {
      await raced.app.identity.putUser(
        { tenantId: raced.tenantId, userId: 'u-eve', login: 'eve', name: 'Eve', role: 'leader', password: 'eve-pw' },
        FAST,
      );
      const statuses = await Promise.all(
        Array.from({ length: 16 }, async (_, i) => {
          const response = await login(raced.url, { login: 'eve', password: `parallel-guess-${i}` });
          await response.body?.cancel();
          return response.status;
        }),
      );
      // At most 5 passwords were checked; the rest were refused unread.
      expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(5);
      expect(statuses.filter((status) => status !== 401 && status !== 429)).toEqual([]);
      expect((await login(raced.url, { login: 'eve', password: 'eve-pw' })).status).toBe(429);
    } finally {
      await raced.close();
    }
  });
});

describe('logout', () => {
  it('ends the session over HTTP at once and drops its socket within the session check', async () => {
    await putUser('fran', 'fran-password');
    const signIn = await login(stack.url, { login: 'fran', password: 'fran-password' });
    const { csrfToken } = (await signIn.json()) as { csrfToken: string };
    const token = setCookie(signIn, 'benchline_session')!.value;
    secrets.set("Fran's session token", token);
    const cookie = `benchline_session=${token}`;
    const opened = await openSocket(stack.url, { cookie });
    if (!opened.connected) {
      throw new Error(`the socket did not connect: ${opened.error}`);
    }
    const socket = opened.socket;
    try {
      const dropped = disconnection(socket, SESSION_CHECK_MS * 10);
      const logout = await fetch(`${stack.url}/api/v1/auth/logout`, {
        method: 'POST',
        headers: { cookie, 'x-csrf-token': csrfToken },
      });
      expect(logout.status).toBe(204);
      expect(setCookie(logout, 'benchline_session')?.value ?? 'not cleared').toBe('');
      const after = await fetch(`${stack.url}/api/v1/auth/session`, { headers: { cookie } });
      expect(after.status).toBe(401);
      expect(await dropped).toBe('io server disconnect');
      // And the cookie cannot open a new one.
      expect(await openSocket(stack.url, { cookie })).toMatchObject({ connected: false, error: 'UNAUTHORIZED' });
    } finally {
      socket.disconnect();
    }
  });
});

describe('users', () => {
  it('removed by an admin cannot sign in, and their open session and socket end', async () => {
    await putUser('gale', 'gale-password');
    const signIn = await login(stack.url, { login: 'gale', password: 'gale-password' });
    expect(signIn.status).toBe(200);
    const token = setCookie(signIn, 'benchline_session')!.value;
    secrets.set("Gale's session token", token);
    const cookie = `benchline_session=${token}`;
    const opened = await openSocket(stack.url, { cookie });
    if (!opened.connected) {
      throw new Error(`the socket did not connect: ${opened.error}`);
    }
    try {
      const dropped = disconnection(opened.socket, SESSION_CHECK_MS * 10);
      const removed = await stack.request(admin, '/api/v1/admin/users/gale', { method: 'DELETE' });
      expect(removed.status).toBe(204);
      expect((await fetch(`${stack.url}/api/v1/auth/session`, { headers: { cookie } })).status).toBe(401);
      expect(await dropped).toBe('io server disconnect');
      expect((await login(stack.url, { login: 'gale', password: 'gale-password' })).status).toBe(401);
      const users = (await (await stack.request(admin, '/api/v1/admin/users')).json()) as { userId: string }[];
      expect(users.map((user) => user.userId)).not.toContain('gale');
      const audit = await stack.redis.xrange(stack.keys.audit(stack.tenantId), '-', '+');
      expect(audit.some(([, fields]) => fields.includes('user-remove') && fields.includes('User/gale'))).toBe(true);
      // Gone is gone: a second removal finds no one.
      expect((await stack.request(admin, '/api/v1/admin/users/gale', { method: 'DELETE' })).status).toBe(404);
    } finally {
      opened.socket.disconnect();
    }
  });

  it('replaced (a new password) ends the sessions they had; a new sign-in works', async () => {
    await putUser('hal', 'hal-password-1');
    const first = setCookie(await login(stack.url, { login: 'hal', password: 'hal-password-1' }), 'benchline_session');
    secrets.set("Hal's first session token", first!.value);
    const cookie = `benchline_session=${first!.value}`;
    expect((await fetch(`${stack.url}/api/v1/auth/session`, { headers: { cookie } })).status).toBe(200);
    await putUser('hal', 'hal-password-2');
    expect((await fetch(`${stack.url}/api/v1/auth/session`, { headers: { cookie } })).status).toBe(401);
    expect((await login(stack.url, { login: 'hal', password: 'hal-password-1' })).status).toBe(401);
    const second = await login(stack.url, { login: 'hal', password: 'hal-password-2' });
    expect(second.status).toBe(200);
    secrets.set("Hal's second session token", setCookie(second, 'benchline_session')!.value);
  });

  it('cannot be removed by themselves, nor by anyone but an admin', async () => {
    await stack.app.identity.putUser(
      {
        tenantId: stack.tenantId,
        userId: 'self-admin',
        login: 'self-admin',
        name: 'Admin',
        role: 'admin',
        password: 'x-admin-password',
      },
      FAST,
    );
    secrets.set('the password of self-admin', 'x-admin-password');
    const self = await login(stack.url, { login: 'self-admin', password: 'x-admin-password' });
    const selfToken = setCookie(self, 'benchline_session')!.value;
    secrets.set("the admin's own session token", selfToken);
    const { csrfToken } = (await self.json()) as { csrfToken: string };
    const refused = await fetch(`${stack.url}/api/v1/admin/users/self-admin`, {
      method: 'DELETE',
      headers: { cookie: `benchline_session=${selfToken}`, 'x-csrf-token': csrfToken, origin: stack.url },
    });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ error: { code: 'CONFLICT' } });

    await putUser('ivy', 'ivy-password');
    const leader = await stack.signIn({ role: 'leader', userId: 'keys-leader' });
    expect((await stack.request(leader, '/api/v1/admin/users/ivy', { method: 'DELETE' })).status).toBe(403);
    expect((await login(stack.url, { login: 'ivy', password: 'ivy-password' })).status).toBe(200);
  });
});

describe('API keys', () => {
  it('created by an admin ingest; a rotation with grace 0 ends the old key at once', async () => {
    const created = await adminPost('/api/v1/admin/api-keys', { name: 'claims feed' });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^bl_/);
    secrets.set('a created key', created.body.secret!);
    expect(await ingestWith(created.body.secret!)).toBe(202);

    const rotated = await adminPost(`/api/v1/admin/api-keys/${created.body.id}/rotate`, { graceSeconds: 0 });
    expect(rotated.status).toBe(201);
    expect(rotated.body.id).not.toBe(created.body.id);
    secrets.set('a rotated-in key', rotated.body.secret!);
    expect(await ingestWith(created.body.secret!)).toBe(401);
    expect(await ingestWith(rotated.body.secret!)).toBe(202);
  });

  it('rotated with grace keep both keys working; a revoked key is refused', async () => {
    const created = await adminPost('/api/v1/admin/api-keys', { name: 'lab feed' });
    secrets.set('a key rotated with grace', created.body.secret!);
    const rotated = await adminPost(`/api/v1/admin/api-keys/${created.body.id}/rotate`, { graceSeconds: 600 });
    expect(rotated.status).toBe(201);
    secrets.set('its replacement', rotated.body.secret!);
    expect(await ingestWith(created.body.secret!)).toBe(202);
    expect(await ingestWith(rotated.body.secret!)).toBe(202);
    const listed = (await (await stack.request(admin, '/api/v1/admin/api-keys')).json()) as {
      id: string;
      expiresAt: string | null;
    }[];
    const old = listed.find((key) => key.id === created.body.id);
    expect(old?.expiresAt).not.toBeNull();
    const ends = Date.parse(old!.expiresAt!) - Date.now();
    expect(ends).toBeGreaterThan(590_000);
    expect(ends).toBeLessThanOrEqual(600_000);
    expect(listed.find((key) => key.id === rotated.body.id)?.expiresAt).toBeNull();

    for (const key of [created, rotated]) {
      const revoked = await stack.request(admin, `/api/v1/admin/api-keys/${key.body.id}`, { method: 'DELETE' });
      expect(revoked.status).toBe(204);
      expect(await ingestWith(key.body.secret!)).toBe(401);
    }
    const again = await stack.request(admin, `/api/v1/admin/api-keys/${created.body.id}`, { method: 'DELETE' });
    expect(again.status).toBe(404);
  });

  it('rotated out cannot be brought back, nor given longer, by rotating it again', async () => {
    const created = await adminPost('/api/v1/admin/api-keys', { name: 'pharmacy feed' });
    secrets.set('a key rotated out', created.body.secret!);
    const first = await adminPost(`/api/v1/admin/api-keys/${created.body.id}/rotate`, { graceSeconds: 1 });
    expect(first.status).toBe(201);
    secrets.set('its first replacement', first.body.secret!);
    expect(await ingestWith(created.body.secret!)).toBe(202);
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(await ingestWith(created.body.secret!)).toBe(401);

    // Rotating the expired key again must not revive it for the new grace period.
    const second = await adminPost(`/api/v1/admin/api-keys/${created.body.id}/rotate`, { graceSeconds: 3600 });
    if (second.status === 201) {
      secrets.set('a second replacement', second.body.secret!);
    }
    expect(await ingestWith(created.body.secret!)).toBe(401);
    expect(second.status).toBe(404);
    const listed = (await (await stack.request(admin, '/api/v1/admin/api-keys')).json()) as { id: string }[];
    expect(listed.map((key) => key.id)).not.toContain(created.body.id);

    // A key in its grace period is not given a longer one by a second rotation.
    const other = await adminPost('/api/v1/admin/api-keys', { name: 'imaging feed' });
    secrets.set('another key', other.body.secret!);
    const short = await adminPost(`/api/v1/admin/api-keys/${other.body.id}/rotate`, { graceSeconds: 1 });
    secrets.set('its short replacement', short.body.secret!);
    const long = await adminPost(`/api/v1/admin/api-keys/${other.body.id}/rotate`, { graceSeconds: 3600 });
    if (long.status === 201) {
      secrets.set('its long replacement', long.body.secret!);
    }
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(await ingestWith(other.body.secret!)).toBe(401);
  });

  it('cannot read patient data or administer anything', async () => {
    const created = await adminPost('/api/v1/admin/api-keys', { name: 'reader?' });
    secrets.set('a key that tries to read', created.body.secret!);
    for (const key of [created.body.secret!, stack.apiKey]) {
      for (const path of [
        '/api/v1/gaps',
        '/api/v1/patients/1EG4TE5MK73/panel',
        '/api/v1/fhir/Measure/CMS130/$evaluate-measure?periodStart=2026&periodEnd=2026',
        '/api/v1/admin/audit',
        '/api/v1/admin/api-keys',
        '/api/v1/auth/session',
      ]) {
        const response = await fetch(`${stack.url}${path}`, { headers: { authorization: `Bearer ${key}` } });
        expect([401, 403], path).toContain(response.status);
        await response.body?.cancel();
      }
      // Nor as a cookie, nor over a socket.
      const asCookie = await fetch(`${stack.url}/api/v1/gaps`, { headers: { cookie: `benchline_session=${key}` } });
      expect(asCookie.status).toBe(401);
      expect(await openSocket(stack.url, { authorization: `Bearer ${key}` })).toMatchObject({ connected: false });
    }
  });
});

describe('Redis', () => {
  it('holds no secret in clear: keys, tokens and passwords are stored as digests only', async () => {
    // A wall device's token too.
    const device = await adminPost('/api/v1/admin/devices', { name: 'Secret wall' });
    secrets.set('a device token', device.body.secret!);
    const wall = await fetch(`${stack.url}/api/v1/auth/device`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: device.body.secret }),
    });
    expect(wall.status).toBe(200);
    secrets.set("the device's session token", setCookie(wall, 'benchline_session')!.value);

    const stored = await everythingUnder(stack.redis, stack.prefix);
    // The identity store is in there (users, sessions, keys, devices), or this proves nothing.
    const names = [...stored.keys()].join('\n');
    for (const part of [':auth:user:', ':auth:session', ':auth:api-key:', ':auth:device:']) {
      expect(names).toContain(part);
    }
    expect(secrets.size).toBeGreaterThan(15);
    const found: string[] = [];
    for (const [what, secret] of secrets) {
      expect(secret.length, what).toBeGreaterThanOrEqual(6);
      for (const [key, text] of stored) {
        if (text.includes(secret)) {
          found.push(`${what} in ${key}`);
        }
      }
    }
    expect(found).toEqual([]);
  });
});
