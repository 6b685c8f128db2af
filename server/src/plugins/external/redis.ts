/**
 * The server's Redis connection, decorated as `fastify.redis`. Commands fail fast while Redis is unreachable
 * (no offline queue), so a request gets a 503 with Retry-After instead of hanging; the connection itself keeps
 * retrying in the background and the server recovers by itself.
 */
import fp from 'fastify-plugin';
import { Redis } from 'ioredis';

declare module 'fastify' {
  interface FastifyInstance {
    redis: Redis;
  }
}

export default fp<{ url: string }>(
  async (app, options) => {
    const redis = new Redis(options.url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      lazyConnect: true,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    });
    redis.on('error', (error) => app.log.warn({ err: error.message }, 'redis connection error'));
    await redis.connect();
    app.decorate('redis', redis);
    app.addHook('onClose', async () => {
      redis.disconnect();
    });
  },
  { name: 'redis' },
);
