/** Liveness (the process answers) and readiness (Redis answers), for load balancers and `docker compose`. */
import { PUBLIC } from '../plugins/app/auth.js';
import type { FastifyPluginAsync } from 'fastify';
import { errorBody } from '../http/errors.js';

const health: FastifyPluginAsync = async (app) => {
  app.get('/health/live', { config: { access: PUBLIC } }, async () => ({ status: 'ok' }));
  app.get('/health/ready', { config: { access: PUBLIC } }, async (_request, reply) => {
    try {
      await app.redis.ping();
      return { status: 'ok' };
    } catch {
      return reply
        .code(503)
        .header('retry-after', '5')
        .send(errorBody('SERVICE_UNAVAILABLE', 'redis is not answering'));
    }
  });
};

export default health;
