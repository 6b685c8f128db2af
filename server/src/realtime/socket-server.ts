/**
 * The Socket.IO gateway as a Fastify plugin: a typed server on Fastify's HTTP server, the handshake check, the
 * view and collaboration handlers, and the change fan-out. Closed with Fastify.
 *
 * A socket is its session: the handshake carries the session cookie (a person's, or a wall device's), and a
 * cross-site page cannot open one (its Origin is refused). Every event is checked against the role table in
 * @benchline/shared (security/access.ts) before a handler sees it; sessions are re-checked on a timer, so a sign-out,
 * an expiry or a revoked wall device drops its sockets within `sessionCheckMs`.
 */
import type { SocketData, ViewId } from '@benchline/shared';
import { canSend, userRoom } from '@benchline/shared';
import fp from 'fastify-plugin';
import { Server, type Socket } from 'socket.io';
import type { SessionPrincipal } from '../auth/identity-store.js';
import { SESSION_COOKIE } from '../plugins/app/auth.js';
import { localDay } from '../plugins/app/view-store.js';
import { createAlertRelay } from './alert-relay.js';
import { catchUp } from './catch-up.js';
import { createChangeFanout } from './change-fanout.js';
import { createWallPublisher } from './wall-publisher.js';
import { registerCollaborationHandlers } from './handlers/collaboration.handlers.js';
import { registerExportHandlers, registerPatientHandlers } from './handlers/patient.handlers.js';
import { registerViewHandlers } from './handlers/view.handlers.js';
import { registerWorklistHandlers } from './handlers/worklist.handlers.js';
import type { BenchlineServer } from './socket-types.js';

declare module 'fastify' {
  interface FastifyInstance {
    io: BenchlineServer;
  }
}

/** Catch-ups longer than this many feed entries send a snapshot instead: cheaper for both ends. */
const CATCH_UP_LIMIT = 20_000;

/** How often live sockets' sessions are re-read (which also keeps a watched session from idling out). */
const DEFAULT_SESSION_CHECK_MS = 15_000;

export function socketDataOf(principal: SessionPrincipal): SocketData {
  return principal.kind === 'user'
    ? { tenantId: principal.tenantId, userId: principal.userId, userName: principal.name, role: principal.role }
    : { tenantId: principal.tenantId, userId: principal.deviceId, userName: principal.name, role: 'wall' };
}

/**
 * Views coordinators act on go out fast (someone else just claimed the patient you are about to call); the
 * aggregates use the configured tick. 15 ms, not 25: the p99 from ingest to screen fell by 7-8 ms with 100 screens
 * or at 100 claims/s (`pnpm bench latency`, 2026-11-28); at 1,000 claims/s to 500 screens it stayed about the same,
 * as the fan-out's busy-room rule stretches a room that crowded to twice what sending to it costs.
 */
export const COORDINATOR_VIEW_TICK_MS = 15;
/** The wall needs a few updates a second at most. */
const WALL_TICK_MS = 500;

export interface SocketServerOptions {
  /** The coalescing tick of every view not named in `viewTickMs`. */
  tickMs: number;
  viewTickMs?: Partial<Record<ViewId, number>> | undefined;
  /** Browser origins besides this server's own that may open a socket (BENCHLINE_CORS_ORIGINS). */
  corsOrigins?: readonly string[] | undefined;
  sessionCheckMs?: number | undefined;
  /** The wall's time zone (see the view store's). */
  timeZone?: string | undefined;
}

export default fp<SocketServerOptions>(
  async (app, options) => {
    const allowedOrigins = new Set(options.corsOrigins ?? []);
    const io: BenchlineServer = new Server(app.server, {
      serveClient: false,
      path: '/socket.io',
      // Cross-site WebSocket hijacking: a browser always names the page's origin; only ours (or a configured one)
      // may ride on the session cookie.
      allowRequest: (request, callback) => {
        const origin = request.headers.origin;
        let sameSite = origin === undefined;
        if (!sameSite) {
          try {
            sameSite = new URL(origin!).host === request.headers.host || allowedOrigins.has(origin!);
          } catch {
            sameSite = false;
          }
        }
        callback(sameSite ? null : 'this origin may not open a socket', sameSite);
      },
    });
    /** Each socket's session token, for the periodic re-check (never sent anywhere). */
    const sessionTokens = new WeakMap<Socket, string>();
    const wall = createWallPublisher({
      viewStore: app.viewStore,
      tickMs: options.viewTickMs?.wall ?? WALL_TICK_MS,
      watched: (room) => (io.sockets.adapter.rooms.get(room)?.size ?? 0) > 0,
      emit: (room, change) => io.to(room).emit('view:changed', change),
      logger: app.log,
      today: () => localDay(new Date(), options.timeZone),
    });
    const fanout = createChangeFanout({
      redis: app.redis,
      blocking: app.redis.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null }),
      keys: app.keys,
      tickMs: {
        default: options.tickMs,
        gaps: Math.min(options.tickMs, COORDINATOR_VIEW_TICK_MS),
        leases: Math.min(options.tickMs, COORDINATOR_VIEW_TICK_MS),
        presence: Math.min(options.tickMs, COORDINATOR_VIEW_TICK_MS),
        ...options.viewTickMs,
      },
      emit: (room, change) => io.to(room).emit('view:changed', change),
      onEntry: (tenantId, viewId) => wall.noteEntry(tenantId, viewId),
      logger: app.log,
    });

    const alerts = createAlertRelay({
      subscriber: app.redis.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null }),
      keys: app.keys,
      roomSize: (room) => io.sockets.adapter.rooms.get(room)?.size ?? 0,
      emit: (room, alert) => io.to(room).emit('alert:raised', alert),
      audit: (tenantId, alert, room, screens) =>
        app.auditTrail.append(tenantId, {
          actor: 'system:care-alerts',
          action: 'alert-sent',
          resource: `Patient/${alert.memberId}`,
          patients: { memberIds: [alert.memberId] },
          subject: room,
          outcome: 'success',
          purpose: 'TREAT',
          request: `alert:${alert.alertId}:${screens}`,
        }),
      logger: app.log,
    });
    await alerts.ready;

    io.use((socket, next) => {
      const cookieHeader = socket.request.headers.cookie;
      const token = cookieHeader === undefined ? undefined : app.parseCookie(cookieHeader)[SESSION_COOKIE];
      if (token === undefined) {
        next(new Error('UNAUTHORIZED'));
        return;
      }
      app.identity.readSession(token).then(
        (principal) => {
          if (principal === null) {
            next(new Error('UNAUTHORIZED'));
            return;
          }
          sessionTokens.set(socket, token);
          socket.data = socketDataOf(principal);
          next();
        },
        (error: unknown) => {
          app.log.warn({ err: (error as Error).message }, 'socket handshake: the session store did not answer');
          next(new Error('SERVICE_UNAVAILABLE'));
        },
      );
    });
    const sessionCheck = setInterval(() => {
      void (async () => {
        for (const socket of io.sockets.sockets.values()) {
          const token = sessionTokens.get(socket);
          const principal = token === undefined ? null : await app.identity.readSession(token).catch(() => undefined);
          // undefined: Redis did not answer — keep the socket (the outage has its own handling); null: gone.
          if (principal === null) {
            socket.disconnect(true);
          }
        }
      })();
    }, options.sessionCheckMs ?? DEFAULT_SESSION_CHECK_MS);
    sessionCheck.unref();
    io.on('connection', (socket) => {
      // Every event is checked against the role table first: one not in it, or not for this role, is refused
      // (with an acknowledgement when the sender asked for one), never silently handled.
      socket.use((packet: unknown[], next) => {
        const event = packet[0];
        if (typeof event === 'string' && canSend(socket.data.role, event)) {
          next();
          return;
        }
        const ack: unknown = packet.at(-1);
        if (typeof ack === 'function') {
          (ack as (reply: unknown) => void)({
            ok: false,
            error: { code: 'FORBIDDEN', message: `the ${socket.data.role} role may not send ${String(event)}` },
          });
        }
      });
      registerViewHandlers(socket, {
        viewStore: app.viewStore,
        fanout,
        catchUp: (tenantId, { viewId, since }) => catchUp(app.redis, app.keys, tenantId, viewId, since, CATCH_UP_LIMIT),
        auditRead: (s, viewId, patients) =>
          app.auditTrail.append(s.data.tenantId, {
            actor: `user:${s.data.userId}`,
            action: 'view-subscribe',
            resource: `View/${viewId}`,
            patients: { population: patients },
            outcome: 'success',
            purpose: 'HOPERAT',
            request: `socket:${s.id}`,
          }),
      });
      if (socket.data.role === 'wall') {
        return;
      }
      // Care-transition alerts for this user's patients reach every screen they have open.
      void socket.join(userRoom(socket.data.tenantId, socket.data.userId));
      registerWorklistHandlers(socket, { ingest: app.ingest, auditTrail: app.auditTrail, logger: app.log });
      registerPatientHandlers(socket, {
        patientPanels: app.patientPanels,
        auditTrail: app.auditTrail,
        logger: app.log,
      });
      registerExportHandlers(socket, { auditTrail: app.auditTrail });
      void registerCollaborationHandlers(socket, {
        leases: app.leases,
        presence: app.presence,
        settings: app.collaborationSettings,
        auditTrail: app.auditTrail,
        logger: app.log,
      });
    });

    app.decorate('io', io);
    app.addHook('preClose', async () => {
      clearInterval(sessionCheck);
      wall.close();
      await fanout.close();
      await alerts.close();
      // Not io.close(): that also closes the HTTP server, which Fastify closes itself right after this hook.
      io.disconnectSockets(true);
    });
  },
  {
    name: 'socket-server',
    dependencies: ['redis', 'keys', 'auth', 'view-store', 'audit', 'collaboration', 'ingest', 'patient-panels'],
  },
);
