/**
 * Sign-in and sessions:
 *   POST /api/v1/auth/login    { login, password } → the session cookie and who you are (429 once throttled)
 *   POST /api/v1/auth/device   { token }           → a wall device's session cookie (the token is the device's)
 *   GET  /api/v1/auth/session                      → who this cookie is, with the CSRF token changes must carry
 *   POST /api/v1/auth/logout                       → ends the session
 */
import { DeviceSignIn, ErrorBody, LoginRequest, SessionInfo } from '@benchline/shared';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { SessionPrincipal } from '../../../auth/identity-store.js';
import { DEFAULT_DEVICE_SESSION_IDLE_MS } from '../../../auth/identity-store.js';
import { HttpError } from '../../../http/errors.js';
import { strictBodies } from '../../../http/strict-bodies.js';
import { ANY_SESSION, PUBLIC, SESSION_COOKIE } from '../../../plugins/app/auth.js';

/** Sign-in bodies are tiny: anything larger is refused before it is read. */
const SIGN_IN_BODY_LIMIT = 4096;

function sessionInfo(principal: SessionPrincipal): SessionInfo {
  return {
    kind: principal.kind,
    tenantId: principal.tenantId,
    subjectId: principal.kind === 'user' ? principal.userId : principal.deviceId,
    name: principal.name,
    role: principal.role,
    csrfToken: principal.csrfToken,
  };
}

const throttled = (seconds: number) =>
  new HttpError(429, 'RATE_LIMITED', `too many failed sign-ins; try again in ${seconds} s`, {
    'retry-after': String(seconds),
  });

const auth: FastifyPluginAsync = async (app) => {
  strictBodies(app);
  const signedIn = async (request: FastifyRequest, reply: FastifyReply, token: string, maxAgeMs?: number) => {
    const principal = await app.identity.readSession(token);
    if (principal === null) {
      throw new HttpError(503, 'SERVICE_UNAVAILABLE', 'the session could not be started; retry');
    }
    app.setSessionCookie(request, reply, token, maxAgeMs);
    await app.auditTrail.append(principal.tenantId, {
      actor: principal.kind === 'user' ? `user:${principal.userId}` : `device:${principal.deviceId}`,
      action: 'sign-in',
      resource: 'Session',
      patients: { memberIds: [] },
      outcome: 'success',
      request: request.id,
    });
    return sessionInfo(principal);
  };

  app.post<{ Body: LoginRequest }>(
    '/auth/login',
    {
      schema: {
        summary: 'Sign in with a login name and password: sets the session cookie',
        tags: ['auth'],
        body: LoginRequest,
        response: { 200: SessionInfo, 400: ErrorBody, 401: ErrorBody, 429: ErrorBody },
      },
      config: { access: PUBLIC },
      bodyLimit: SIGN_IN_BODY_LIMIT,
    },
    async (request, reply) => {
      const { login, password } = request.body;
      // Counted before the password is checked (and given back on success), so parallel guesses cannot all pass.
      const wait = await app.loginThrottle.attempt(login, request.ip);
      if (wait > 0) {
        throw throttled(wait);
      }
      const user = await app.identity.checkPassword(login, password);
      if (user === null) {
        request.log.warn({ clientIp: request.ip }, 'failed sign-in');
        throw new HttpError(401, 'UNAUTHORIZED', 'the login name or password is wrong');
      }
      await app.loginThrottle.recordSuccess(login, request.ip);
      return signedIn(request, reply, await app.identity.startUserSession(user));
    },
  );

  app.post<{ Body: DeviceSignIn }>(
    '/auth/device',
    {
      schema: {
        summary: "Sign a wall display in with its device token: sets the device's session cookie",
        tags: ['auth'],
        body: DeviceSignIn,
        response: { 200: SessionInfo, 400: ErrorBody, 401: ErrorBody, 429: ErrorBody },
      },
      config: { access: PUBLIC },
      bodyLimit: SIGN_IN_BODY_LIMIT,
    },
    async (request, reply) => {
      // Device tokens are 256-bit secrets: guessing is throttled per address. (One shared "login" for every device
      // would let anyone lock every wall display out with five bad tokens.)
      const throttleAs = `device-token@${request.ip}`;
      const wait = await app.loginThrottle.attempt(throttleAs, request.ip);
      if (wait > 0) {
        throw throttled(wait);
      }
      const token = await app.identity.startDeviceSession(request.body.token);
      if (token === null) {
        throw new HttpError(401, 'UNAUTHORIZED', 'this device token is not valid (revoked, or never issued)');
      }
      await app.loginThrottle.recordSuccess(throttleAs, request.ip);
      return signedIn(request, reply, token, DEFAULT_DEVICE_SESSION_IDLE_MS);
    },
  );

  app.get(
    '/auth/session',
    {
      schema: {
        summary: 'Who this session is, and the CSRF token every change must send in X-CSRF-Token',
        tags: ['auth'],
        response: { 200: SessionInfo, 401: ErrorBody },
      },
      config: { access: ANY_SESSION },
    },
    async (request, reply) => {
      // Never cached: it carries the CSRF token.
      reply.header('cache-control', 'no-store');
      return sessionInfo(request.principal as SessionPrincipal);
    },
  );

  app.post(
    '/auth/logout',
    {
      schema: { summary: 'Ends this session', tags: ['auth'], response: { 204: { type: 'null' }, 401: ErrorBody } },
      config: { access: ANY_SESSION },
    },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token !== undefined) {
        await app.identity.endSession(token);
      }
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send();
    },
  );
};

export default auth;
