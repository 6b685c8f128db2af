/** Liveness (the process answers) and readiness (Redis answers), for load balancers and `docker compose`. */
import type { FastifyPluginAsync } from 'fastify';
import { errorBody } from '../http/errors.js';

const health: FastifyPluginAsync = async (app) => {
  app.get('/health/live', async () => ({ status: 'ok' }));
  app.get('/health/ready', async (_request, reply) => {
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
