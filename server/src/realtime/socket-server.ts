/**
 * The Socket.IO gateway as a Fastify plugin: a typed server on Fastify's HTTP server, the handshake check, the
 * view handlers, and the change fan-out. Closed with Fastify.
 *
 * The handshake names the tenant ({ auth: { tenantId } }). Live views today are aggregates without PHI; user
 * sign-in, roles and device tokens replace this check in the security issue.
 */
import { isTenantId } from '@benchline/shared';
import fp from 'fastify-plugin';
import { Server } from 'socket.io';
import { createChangeFanout } from './change-fanout.js';
import { registerViewHandlers } from './handlers/view.handlers.js';
import type { BenchlineServer } from './socket-types.js';

declare module 'fastify' {
  interface FastifyInstance {
    io: BenchlineServer;
  }
}

export default fp<{ tickMs: number }>(
  async (app, options) => {
    const io: BenchlineServer = new Server(app.server, { serveClient: false, path: '/socket.io' });
    const fanout = createChangeFanout({
      redis: app.redis,
      blocking: app.redis.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null }),
      keys: app.keys,
      tickMs: options.tickMs,
      emit: (room, change) => io.to(room).emit('view:changed', change),
      logger: app.log,
    });

    io.use((socket, next) => {
      const tenantId: unknown = (socket.handshake.auth as Record<string, unknown>).tenantId;
      if (!isTenantId(tenantId)) {
        next(new Error('UNAUTHORIZED'));
        return;
      }
      socket.data.tenantId = tenantId;
      next();
    });
    io.on('connection', (socket) => {
      registerViewHandlers(socket, { viewStore: app.viewStore, fanout });
    });

    app.decorate('io', io);
    app.addHook('preClose', async () => {
      await fanout.close();
      // Not io.close(): that also closes the HTTP server, which Fastify closes itself right after this hook.
      io.disconnectSockets(true);
    });
  },
  { name: 'socket-server', dependencies: ['redis', 'keys', 'view-store'] },
);
