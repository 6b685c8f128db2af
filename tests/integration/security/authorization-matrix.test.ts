/**
 * The authorisation matrix, generated from the tables the server enforces — so a new route or socket event without
 * a rule fails here:
 *   - every route in `app.routeTable` has an access rule, and for every role, anonymous and an ingest key, the
 *     answer is what the rule says (public: never 401/403; ingest key: 401 without the key, admitted with it;
 *     roles: 401 without a session, 403 for a role not listed, admitted for one listed);
 *   - every socket command in COMMAND_ROLES × role is FORBIDDEN exactly when the role is not listed, every view in
 *     VIEW_ROLES × role likewise for view:subscribe, and an event not in the table is refused;
 *   - a change without (or with a wrong) CSRF token, or from a foreign Origin, is 403; a socket handshake from a
 *     foreign Origin, or without a session, is refused; a route without a rule is refused (fail closed).
 */
import type { Role, ViewId } from '@benchline/shared';
import { COMMAND_ROLES, ROLES, VIEW_ROLES } from '@benchline/shared';
import Fastify from 'fastify';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installErrorHandlers } from '../../../server/src/http/errors.js';
import auth, { type RouteAccess } from '../../../server/src/plugins/app/auth.js';
import keys from '../../../server/src/plugins/app/keys.js';
import httpSecurity from '../../../server/src/plugins/external/http-security.js';
import redisPlugin from '../../../server/src/plugins/external/redis.js';
import { deleteKeysWithPrefix, uniquePrefix } from '../../support/redis.js';
import { askRaw, codeOf, NO_ANSWER, openSocket } from '../../support/security.js';
import { startStack, type TestSession, type TestStack } from '../../support/start-stack.js';

let stack: TestStack;
const sockets = new Map<Role, Socket>();

beforeAll(async () => {
  stack = await startStack();
  for (const role of ROLES) {
    const session = await stack.signIn({ role, userId: `matrix-${role}` });
    const opened = await openSocket(stack.url, { cookie: session.cookie });
    if (!opened.connected) {
      throw new Error(`a ${role} socket could not connect: ${opened.error}`);
    }
    sockets.set(role, opened.socket);
  }
});
afterAll(async () => {
  for (const socket of sockets.values()) {
    socket.disconnect();
  }
  await stack?.close();
});

/** Plausible values for path parameters; a parameter not listed here fails the test, to be given one. */
const PARAM_VALUES: Record<string, string> = {
  memberId: '1EG4TE5MK73',
  id: '0123456789abcdef',
  userId: 'matrix-nobody',
  '*': 'index.html',
};

function concretePath(url: string): string {
  return url.replace(/:([A-Za-z0-9_]+)|\*/g, (match, name: string | undefined) => {
    const value = PARAM_VALUES[name ?? match];
    if (value === undefined) {
      throw new Error(`no test value for the path parameter ${match} of ${url}: add one to PARAM_VALUES`);
    }
    return value;
  });
}

/** Every method and URL Fastify serves, from its route tree (`printRoutes({ commonPrefix: false })`). */
function servedRoutes(tree: string): { method: string; url: string }[] {
  const parents: string[] = [];
  const routes: { method: string; url: string }[] = [];
  for (const line of tree.split('\n')) {
    const match = /^((?:│ {3}| {4})*)(?:├── |└── )(.+?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (match === null) {
      continue;
    }
    const depth = match[1]!.length / 4;
    const url = `${depth === 0 ? '' : parents[depth - 1]}${match[2]}`;
    parents[depth] = url;
    for (const method of (match[3] ?? '').split(',').map((m) => m.trim())) {
      if (method !== '') {
        routes.push({ method, url });
      }
    }
  }
  return routes;
}

/**
 * Whether two `METHOD url` names are one route. A plugin's `/` route under a prefix is served with and without the
 * trailing slash (one route, one set of options); the printed tree shortens a wildcard's static part (it prints
 * `/docs/static/*` as `/docs/*`), so wildcards match by prefix.
 */
function sameRoute(a: string, b: string): boolean {
  if (a === b || a.replace(/(.)\/$/, '$1') === b.replace(/(.)\/$/, '$1')) {
    return true;
  }
  const [shorter, longer] = a.length <= b.length ? [a, b] : [b, a];
  return shorter.endsWith('*') && longer.endsWith('*') && longer.startsWith(shorter.slice(0, -1));
}

type Caller = { kind: 'anonymous' } | { kind: 'api-key' } | { kind: 'session'; role: Role };

const CALLERS: Caller[] = [
  { kind: 'anonymous' },
  { kind: 'api-key' },
  ...ROLES.map((role): Caller => ({ kind: 'session', role })),
];

const nameOf = (caller: Caller): string => (caller.kind === 'session' ? caller.role : caller.kind);

/**
 * One request as `caller`: a session gets a fresh sign-in (a logout must not end the next caller's), its cookie and
 * its CSRF token; unsafe methods send a minimal JSON body.
 */
async function call(method: string, path: string, caller: Caller): Promise<number> {
  const headers = new Headers();
  let body: string | undefined;
  if (method === 'POST' || method === 'PUT' || method === 'PATCH') {
    headers.set('content-type', 'application/json');
    body = '{}';
  }
  if (caller.kind === 'api-key') {
    headers.set('authorization', `Bearer ${stack.apiKey}`);
  }
  if (caller.kind === 'session') {
    const session: TestSession = await stack.signIn({ role: caller.role });
    headers.set('cookie', session.cookie);
    headers.set('x-csrf-token', session.csrfToken);
  }
  const response = await fetch(`${stack.url}${path}`, { method, headers, body, redirect: 'manual' });
  await response.body?.cancel();
  return response.status;
}

/** What the rule says each caller gets: 'admitted' (neither 401 nor 403), 401 or 403. */
function expected(access: RouteAccess, caller: Caller): 'admitted' | 401 | 403 {
  if ('public' in access) {
    return 'admitted';
  }
  if ('apiKey' in access) {
    return caller.kind === 'api-key' ? 'admitted' : 401;
  }
  if (caller.kind !== 'session') {
    return 401;
  }
  return access.roles.includes(caller.role) ? 'admitted' : 403;
}

describe('every HTTP route', () => {
  it('has an access rule, and the table holds the routes it should', () => {
    const table = stack.app.routeTable;
    const without = table.filter((route) => route.access === undefined).map((r) => `${r.method} ${r.url}`);
    expect(without, 'routes without an access rule').toEqual([]);
    const listed = new Set(table.map((route) => `${route.method} ${route.url}`));
    for (const route of [
      'GET /health/live',
      'POST /api/v1/events',
      'POST /api/v1/events/bulk',
      'POST /api/v1/fhir',
      'GET /api/v1/gaps',
      'GET /api/v1/patients/:memberId/panel',
      'GET /api/v1/fhir/Measure/:id/$evaluate-measure',
      'POST /api/v1/fhir/Measure/:id/$evaluate-measure',
      'POST /api/v1/auth/login',
      'POST /api/v1/auth/logout',
      'GET /api/v1/admin/audit',
      'DELETE /api/v1/admin/api-keys/:id',
      'DELETE /api/v1/admin/devices/:id',
      'DELETE /api/v1/admin/users/:userId',
    ]) {
      expect(listed.has(route), route).toBe(true);
    }
  });

  it('is in the table: a route served but not listed must be refused to everyone (fail closed)', async () => {
    const listed = new Set(stack.app.routeTable.map((route) => `${route.method} ${route.url}`));
    const served = servedRoutes(stack.app.printRoutes({ commonPrefix: false })).map((r) => `${r.method} ${r.url}`);
    // The tree was read right: everything in the table is in it.
    expect([...listed].filter((name) => !served.some((other) => sameRoute(name, other)))).toEqual([]);
    const unlisted = served
      .filter((name) => !name.startsWith('HEAD ') && ![...listed].some((other) => sameRoute(name, other)))
      .map((name) => ({ method: name.split(' ')[0]!, url: name.slice(name.indexOf(' ') + 1) }));
    // Only what plugins registered ahead of the auth plugin (the CORS preflight route) can be missing from it.
    expect(unlisted.map((route) => `${route.method} ${route.url}`)).toEqual(['OPTIONS *']);
    for (const route of unlisted) {
      for (const caller of CALLERS) {
        for (const path of ['/api/v1/gaps', '/api/v1/admin/users', '/api/v1/events']) {
          const status = await call(route.method, route.url === '*' ? path : concretePath(route.url), caller);
          expect(status, `${route.method} ${path} as ${nameOf(caller)}`).toBe(403);
        }
      }
    }
  });

  it('answers every caller as its rule says', async () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const route of stack.app.routeTable) {
      const access = route.access;
      if (access === undefined) {
        wrong.push(`${route.method} ${route.url}: no access rule`);
        continue;
      }
      const path = concretePath(route.url);
      for (const caller of CALLERS) {
        const status = await call(route.method, path, caller);
        const want = expected(access, caller);
        const ok = want === 'admitted' ? status !== 401 && status !== 403 : status === want;
        checked += 1;
        if (!ok) {
          wrong.push(`${route.method} ${route.url} as ${nameOf(caller)}: ${status}, expected ${want}`);
        }
      }
    }
    expect(wrong).toEqual([]);
    // Every route × every caller, or the matrix proved little.
    expect(checked).toBe(stack.app.routeTable.length * CALLERS.length);
    expect(checked).toBeGreaterThan(100);
  });

  it('admits an admitted caller for real: the listed role reads, the unlisted one is refused', async () => {
    const coordinator = await stack.signIn({ role: 'coordinator' });
    const gaps = await stack.request(coordinator, '/api/v1/gaps?limit=1');
    expect(gaps.status).toBe(200);
    expect(((await gaps.json()) as { rows: unknown[] }).rows).toEqual([]);
    const users = await stack.request(coordinator, '/api/v1/admin/users');
    expect(users.status).toBe(403);
    expect(await users.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
  });
});

describe('every socket command and view', () => {
  it('is FORBIDDEN exactly for the roles its rule does not list', async () => {
    const wrong: string[] = [];
    for (const [event, allowed] of Object.entries(COMMAND_ROLES)) {
      for (const role of ROLES) {
        const code = codeOf(await askRaw(sockets.get(role)!, event, {}));
        if (allowed.includes(role)) {
          if (code === 'FORBIDDEN' || code === NO_ANSWER) {
            wrong.push(`${event} as ${role}: ${code}, expected an answer other than FORBIDDEN`);
          }
        } else if (code !== 'FORBIDDEN') {
          wrong.push(`${event} as ${role}: ${code}, expected FORBIDDEN`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('lets each role subscribe exactly to the views its rule lists', async () => {
    const wrong: string[] = [];
    for (const [viewId, allowed] of Object.entries(VIEW_ROLES) as [ViewId, readonly Role[]][]) {
      for (const role of ROLES) {
        const socket = sockets.get(role)!;
        const code = codeOf(await askRaw(socket, 'view:subscribe', { viewId }));
        const want = allowed.includes(role) ? 'ok' : 'FORBIDDEN';
        if (code !== want) {
          wrong.push(`view:subscribe ${viewId} as ${role}: ${code}, expected ${want}`);
        }
        if (want === 'ok') {
          await askRaw(socket, 'view:unsubscribe', { viewId });
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('refuses an event that is not in the table, whoever sends it', async () => {
    const unknown = ['admin:shutdown', 'lease:steal', 'constructor', 'toString', 'hasOwnProperty', '__proto__'];
    for (const role of ROLES) {
      for (const event of unknown) {
        expect(codeOf(await askRaw(sockets.get(role)!, event, {})), `${event} as ${role}`).toBe('FORBIDDEN');
      }
    }
  });
});

describe('changes over HTTP', () => {
  it('on every session route need the CSRF token and a same-origin Origin', async () => {
    const unsafe = stack.app.routeTable.filter(
      (route) => route.access !== undefined && 'roles' in route.access && !['GET', 'HEAD'].includes(route.method),
    );
    expect(unsafe.length).toBeGreaterThanOrEqual(6);
    const wrong: string[] = [];
    for (const route of unsafe) {
      const access = route.access as { roles: readonly Role[] };
      const path = concretePath(route.url);
      const other = await stack.signIn({ role: access.roles[0]! });
      const attempts: Record<string, (session: TestSession) => Record<string, string>> = {
        'no token': () => ({}),
        'a wrong token': () => ({ 'x-csrf-token': 'x'.repeat(43) }),
        "another session's token": () => ({ 'x-csrf-token': other.csrfToken }),
        'a foreign Origin': (session) => ({ 'x-csrf-token': session.csrfToken, origin: 'https://evil.example' }),
      };
      for (const [name, headersOf] of Object.entries(attempts)) {
        const session = await stack.signIn({ role: access.roles[0]! });
        const response = await fetch(`${stack.url}${path}`, {
          method: route.method,
          headers: {
            cookie: session.cookie,
            ...headersOf(session),
            ...(route.method === 'DELETE' ? {} : { 'content-type': 'application/json' }),
          },
          body: route.method === 'DELETE' ? undefined : '{}',
        });
        await response.body?.cancel();
        if (response.status !== 403) {
          wrong.push(`${route.method} ${route.url} with ${name}: ${response.status}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  const devicesOf = async () => (await stack.app.identity.listDevices(stack.tenantId)).length;
  const createDevice = (session: TestSession, headers: Record<string, string>) =>
    fetch(`${stack.url}/api/v1/admin/devices`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: session.cookie, ...headers },
      body: JSON.stringify({ name: 'Lobby wall' }),
    });

  it('are refused without the CSRF token, with a wrong one, or with another session’s', async () => {
    const admin = await stack.signIn({ role: 'admin' });
    const other = await stack.signIn({ role: 'admin' });
    const before = await devicesOf();
    const attempts: Record<string, string>[] = [
      {},
      { 'x-csrf-token': '' },
      { 'x-csrf-token': 'not-the-token' },
      { 'x-csrf-token': `${admin.csrfToken}x` },
      { 'x-csrf-token': other.csrfToken },
    ];
    for (const headers of attempts) {
      const response = await createDevice(admin, headers);
      expect(response.status, JSON.stringify(headers)).toBe(403);
      expect(await response.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
    }
    expect(await devicesOf()).toBe(before);
    // The same request with the token goes through: the refusals were the token's.
    const accepted = await createDevice(admin, { 'x-csrf-token': admin.csrfToken });
    expect(accepted.status).toBe(201);
    expect(await devicesOf()).toBe(before + 1);
  });

  it('are refused from a foreign Origin even with the right token, and accepted from our own', async () => {
    const admin = await stack.signIn({ role: 'admin' });
    const before = await devicesOf();
    for (const origin of ['https://evil.example', 'null', 'http://127.0.0.1:1', `${stack.url}.evil.example`]) {
      const response = await createDevice(admin, { 'x-csrf-token': admin.csrfToken, origin });
      expect(response.status, origin).toBe(403);
    }
    expect(await devicesOf()).toBe(before);
    const own = await createDevice(admin, { 'x-csrf-token': admin.csrfToken, origin: stack.url });
    expect(own.status).toBe(201);
  });

  it('include sign-out and revocations: without the token they change nothing', async () => {
    const admin = await stack.signIn({ role: 'admin' });
    const logout = await fetch(`${stack.url}/api/v1/auth/logout`, {
      method: 'POST',
      headers: { cookie: admin.cookie },
    });
    expect(logout.status).toBe(403);
    // Still signed in.
    expect((await stack.request(admin, '/api/v1/auth/session')).status).toBe(200);

    const device = await stack.app.identity.createDevice(stack.tenantId, 'Hall wall');
    const revoke = await fetch(`${stack.url}/api/v1/admin/devices/${device.record.id}`, {
      method: 'DELETE',
      headers: { cookie: admin.cookie },
    });
    expect(revoke.status).toBe(403);
    expect((await stack.app.identity.listDevices(stack.tenantId)).map((d) => d.id)).toContain(device.record.id);
  });
});

describe('the socket handshake', () => {
  it('is refused from a foreign Origin, and without a valid session', async () => {
    const session = await stack.signIn({ role: 'coordinator' });
    for (const origin of ['https://evil.example', 'null', `${stack.url}.evil.example`]) {
      const opened = await openSocket(stack.url, { cookie: session.cookie, origin });
      expect(opened.connected, origin).toBe(false);
    }
    for (const cookie of [undefined, 'benchline_session=not-a-session', `benchline_session=${stack.apiKey}`]) {
      const opened = await openSocket(stack.url, cookie === undefined ? {} : { cookie });
      expect(opened, String(cookie)).toMatchObject({ connected: false, error: 'UNAUTHORIZED' });
    }
    // The same session from our own origin connects: the refusals were the origin's.
    const own = await openSocket(stack.url, { cookie: session.cookie, origin: stack.url });
    expect(own.connected).toBe(true);
    if (own.connected) {
      own.socket.disconnect();
    }
  });
});

describe('a route without a rule', () => {
  it('is refused (403) for every caller, even a signed-in admin', async () => {
    const prefix = uniquePrefix();
    const app = Fastify({ logger: false });
    installErrorHandlers(app);
    try {
      await app.register(httpSecurity, { corsOrigins: [] });
      await app.register(redisPlugin, { url: stack.redisUrl });
      await app.register(keys, { prefix });
      await app.register(auth, { bootstrapApiKeys: [], cookieSecure: 'auto' });
      app.get('/unruled', async () => ({ leaked: true }));
      app.get('/ruled', { config: { access: { roles: ['admin'] } } }, async () => ({ ok: true }));
      await app.ready();
      expect(app.routeTable.find((route) => route.url === '/unruled')?.access).toBeUndefined();

      const token = await app.identity.startUserSession({
        tenantId: 't',
        userId: 'root',
        name: 'Root',
        role: 'admin',
      });
      const cookie = `benchline_session=${token}`;
      for (const headers of [{}, { cookie }]) {
        const response = await app.inject({ method: 'GET', url: '/unruled', headers });
        expect(response.statusCode).toBe(403);
        expect(response.body).not.toContain('leaked');
      }
      expect((await app.inject({ method: 'GET', url: '/ruled', headers: { cookie } })).statusCode).toBe(200);
    } finally {
      await app.close();
      await deleteKeysWithPrefix(stack.redisUrl, prefix);
    }
  });
});
