/**
 * The Socket.IO gateway as a Fastify plugin: a typed server on Fastify's HTTP server, the handshake check, the
 * view and collaboration handlers, and the change fan-out. Closed with Fastify.
 *
 * Who a socket is comes from `authenticate` (pluggable: the security issue replaces the default with sessions,
 * roles and device tokens). The default trusts the handshake's { tenantId, userId, name, role }, as a development
 * sign-in — it is not authentication.
 */
import type { SocketData, ViewId } from '@benchline/shared';
import { isTenantId, ROLES, USER_ID_PATTERN, type Role } from '@benchline/shared';
import fp from 'fastify-plugin';
import { Server } from 'socket.io';
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

/** Who a handshake is, or null to refuse it. */
export type SocketAuthenticator = (auth: Record<string, unknown>, socketId: string) => SocketData | null;

/** Catch-ups longer than this many feed entries send a snapshot instead: cheaper for both ends. */
const CATCH_UP_LIMIT = 20_000;

/** User ids as worklist events name them (so every action a socket records validates). */
const USER_ID = new RegExp(USER_ID_PATTERN);

const shortString = (value: unknown, max: number): string | null =>
  typeof value === 'string' && value.length > 0 && value.length <= max ? value : null;

/** The development sign-in: the handshake names the tenant and, optionally, the user (a guest per socket if not). */
export const handshakeIdentity: SocketAuthenticator = (auth, socketId) => {
  if (!isTenantId(auth.tenantId)) {
    return null;
  }
  const userId =
    typeof auth.userId === 'string' && USER_ID.test(auth.userId)
      ? auth.userId
      : `guest-${socketId.replace(/[^A-Za-z0-9]/g, '')}`;
  const role = ROLES.includes(auth.role as Role) ? (auth.role as Role) : 'coordinator';
  return { tenantId: auth.tenantId, userId, userName: shortString(auth.name, 200) ?? userId, role };
};

/**
 * Views coordinators act on go out fast (someone else just claimed the patient you are about to call); the
 * aggregates use the configured tick.
 */
const COORDINATOR_VIEW_TICK_MS = 25;
/** The wall needs a few updates a second at most. */
const WALL_TICK_MS = 500;

export interface SocketServerOptions {
  /** The coalescing tick of every view not named in `viewTickMs`. */
  tickMs: number;
  viewTickMs?: Partial<Record<ViewId, number>> | undefined;
  authenticate?: SocketAuthenticator | undefined;
}

export default fp<SocketServerOptions>(
  async (app, options) => {
    const authenticate = options.authenticate ?? handshakeIdentity;
    const io: BenchlineServer = new Server(app.server, { serveClient: false, path: '/socket.io' });
    const wall = createWallPublisher({
      viewStore: app.viewStore,
      tickMs: options.viewTickMs?.wall ?? WALL_TICK_MS,
      watched: (room) => (io.sockets.adapter.rooms.get(room)?.size ?? 0) > 0,
      emit: (room, change) => io.to(room).emit('view:changed', change),
      logger: app.log,
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

    io.use((socket, next) => {
      const identity = authenticate(socket.handshake.auth, socket.id);
      if (identity === null) {
        next(new Error('UNAUTHORIZED'));
        return;
      }
      socket.data = identity;
      next();
    });
    io.on('connection', (socket) => {
      if (socket.data.role === 'wall') {
        // A wall device: the aggregate views and nothing else — every other command is refused, not ignored.
        socket.use((packet: unknown[], next) => {
          const event = packet[0];
          if (event === 'view:subscribe' || event === 'view:unsubscribe') {
            next();
            return;
          }
          const ack: unknown = packet.at(-1);
          if (typeof ack === 'function') {
            (ack as (reply: unknown) => void)({
              ok: false,
              error: { code: 'FORBIDDEN', message: 'a wall display receives the wall view only' },
            });
          }
        });
      }
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
      registerWorklistHandlers(socket, { ingest: app.ingest });
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
      wall.close();
      await fanout.close();
      // Not io.close(): that also closes the HTTP server, which Fastify closes itself right after this hook.
      io.disconnectSockets(true);
    });
  },
  {
    name: 'socket-server',
    dependencies: ['redis', 'keys', 'view-store', 'audit', 'collaboration', 'ingest', 'patient-panels'],
  },
);
