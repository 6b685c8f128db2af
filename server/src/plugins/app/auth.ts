/**
 * Authentication and route authorisation. Every route declares who may call it in `config.access`:
 *   - `{ public: true }` — anyone (health, sign-in, the client's files, the API docs);
 *   - `{ apiKey: 'ingest' }` — `Authorization: Bearer <key>` with that scope (machines sending data);
 *   - `{ roles: [...] }` — a session cookie whose role is listed; unsafe methods also need the session's CSRF
 *     token in `X-CSRF-Token` and, when the browser sends one, a same-origin `Origin`.
 * A route without a rule is refused (403) — fail closed — and `app.routeTable` lists every route with its rule so
 * the authorisation-matrix test covers each one.
 */
import type { Role } from '@benchline/shared';
import { ROLES, USER_ROLES } from '@benchline/shared';
import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  createIdentityStore,
  type ApiKeyScope,
  type IdentityStore,
  type Principal,
  type SessionPrincipal,
} from '../../auth/identity-store.js';
import { createLoginThrottle, type LoginThrottle } from '../../auth/login-throttle.js';
import { sameSecret } from '../../auth/secrets.js';
import { HttpError, serviceUnavailable } from '../../http/errors.js';

export type RouteAccess = { public: true } | { apiKey: ApiKeyScope } | { roles: readonly Role[] };

export const PUBLIC: RouteAccess = { public: true };
/** Machines sending data. */
export const INGEST: RouteAccess = { apiKey: 'ingest' };
/** Any signed-in person (not a wall device). */
export const PEOPLE: RouteAccess = { roles: USER_ROLES };
export const ADMINS: RouteAccess = { roles: ['admin'] };
/** Anyone with a session, wall devices included (their own session, sign-out). */
export const ANY_SESSION: RouteAccess = { roles: ROLES };

export interface RouteEntry {
  method: string;
  url: string;
  /** Read when asked: plugins that register routes for us (static files, docs) set it after registration. */
  readonly access: RouteAccess | undefined;
}

/** The session cookie: httpOnly (no script reads it), SameSite=Strict, Secure over HTTPS. */
export const SESSION_COOKIE = 'benchline_session';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    /** Who is calling, once the route's rule admitted them (null on public routes without a session). */
    principal: Principal | null;
  }
  interface FastifyInstance {
    identity: IdentityStore;
    loginThrottle: LoginThrottle;
    routeTable: readonly RouteEntry[];
    /** The tenant of the authenticated caller; 401 when there is none. */
    tenantOf(request: FastifyRequest): string;
    /** The session principal behind a Cookie header (the socket handshake's), or null. */
    sessionOfCookieHeader(cookieHeader: string | undefined): Promise<SessionPrincipal | null>;
    setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string, maxAgeMs?: number): void;
  }
}

export interface AuthOptions {
  bootstrapApiKeys: readonly { tenantId: string; key: string }[];
  /** `auto`: Secure when the request came over HTTPS (honouring X-Forwarded-Proto behind a trusted proxy). */
  cookieSecure: 'auto' | 'always';
  sessionIdleMs?: number | undefined;
  sessionMaxAgeMs?: number | undefined;
  loginMaxPerLogin?: number | undefined;
  loginMaxPerAddress?: number | undefined;
  loginWindowMs?: number | undefined;
  /** Origins besides this server's that may send changes (BENCHLINE_CORS_ORIGINS). */
  corsOrigins?: readonly string[] | undefined;
}

const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

const unauthorized = (message: string) => new HttpError(401, 'UNAUTHORIZED', message);
const forbidden = (message: string) => new HttpError(403, 'FORBIDDEN', message);

export default fp<AuthOptions>(
  async (app, options) => {
    const identity = createIdentityStore({
      redis: app.redis,
      keys: app.keys,
      sessionIdleMs: options.sessionIdleMs,
      sessionMaxAgeMs: options.sessionMaxAgeMs,
      bootstrapApiKeys: options.bootstrapApiKeys,
    });
    app.decorate('identity', identity);
    app.decorate(
      'loginThrottle',
      createLoginThrottle({
        redis: app.redis,
        keys: app.keys,
        maxPerLogin: options.loginMaxPerLogin,
        maxPerAddress: options.loginMaxPerAddress,
        windowMs: options.loginWindowMs,
      }),
    );

    const allowedOrigins: ReadonlySet<string> = new Set(options.corsOrigins ?? []);
    const routeTable: RouteEntry[] = [];
    app.addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      for (const method of methods) {
        // The HEAD route Fastify adds for each GET shares the GET's options, rule included.
        if (method === 'HEAD') {
          continue;
        }
        routeTable.push({
          method,
          url: route.url,
          get access() {
            return route.config?.access;
          },
        });
      }
    });
    app.decorate('routeTable', routeTable);

    /** Who a credential is; a store that does not answer is a 503 to retry, never a 500 or a pass. */
    const unlessUnavailable = async <T>(read: () => Promise<T>): Promise<T> => {
      try {
        return await read();
      } catch (error) {
        app.log.warn({ err: (error as Error).message }, 'the identity store did not answer');
        throw serviceUnavailable();
      }
    };
    const sessionOf = async (token: string | undefined): Promise<SessionPrincipal | null> =>
      token === undefined || token === '' ? null : unlessUnavailable(() => identity.readSession(token));

    app.decorate('sessionOfCookieHeader', async (header: string | undefined) =>
      header === undefined ? null : sessionOf(app.parseCookie(header)[SESSION_COOKIE]),
    );
    app.decorate('setSessionCookie', (request: FastifyRequest, reply: FastifyReply, token: string, maxAgeMs) => {
      reply.setCookie(SESSION_COOKIE, token, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: options.cookieSecure === 'always' || request.protocol === 'https',
        ...(maxAgeMs === undefined ? {} : { maxAge: Math.floor(maxAgeMs / 1000) }),
      });
    });
    app.decorate('tenantOf', (request: FastifyRequest) => {
      if (request.principal === null) {
        throw unauthorized('sign in first');
      }
      return request.principal.tenantId;
    });
    app.decorateRequest('principal', null);

    app.addHook('onRequest', async (request) => {
      // Unmatched URLs reach the not-found handler, which serves the client's pages or a 404.
      if (request.is404) {
        return;
      }
      const access = request.routeOptions.config.access;
      if (access === undefined) {
        throw forbidden(`${request.method} ${request.routeOptions.url ?? ''} has no access rule`);
      }
      if ('public' in access) {
        request.principal = await sessionOf(request.cookies[SESSION_COOKIE]).catch(() => null);
        return;
      }
      if ('apiKey' in access) {
        const secret = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
        const key = secret === undefined ? null : await unlessUnavailable(() => identity.readApiKey(secret));
        if (key === null) {
          throw unauthorized('a valid ingest API key is required (Authorization: Bearer <key>)');
        }
        if (!key.scopes.includes(access.apiKey)) {
          throw forbidden(`this key is not scoped to ${access.apiKey}`);
        }
        request.principal = key;
        return;
      }
      const session = await sessionOf(request.cookies[SESSION_COOKIE]);
      if (session === null) {
        throw unauthorized('sign in first: no valid session');
      }
      if (!access.roles.includes(session.role)) {
        throw forbidden(`the ${session.role} role may not ${request.method} ${request.routeOptions.url ?? ''}`);
      }
      if (!SAFE_METHODS.has(request.method)) {
        checkSameOrigin(request, allowedOrigins);
        const offered = request.headers[CSRF_HEADER];
        if (typeof offered !== 'string' || !sameSecret(offered, session.csrfToken)) {
          throw forbidden(`a change needs the session's CSRF token in ${CSRF_HEADER}`);
        }
      }
      request.principal = session;
    });
  },
  { name: 'auth', dependencies: ['redis', 'keys'] },
);

/** A browser names the page's origin on every unsafe request: it must be this server's, or a configured one. */
export function checkSameOrigin(request: FastifyRequest, allowedOrigins: ReadonlySet<string> = new Set()): void {
  const origin = request.headers.origin;
  if (origin === undefined || allowedOrigins.has(origin)) {
    return;
  }
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    throw forbidden('the Origin header is not a URL');
  }
  if (host !== request.host) {
    throw forbidden('a change must come from this site');
  }
}
