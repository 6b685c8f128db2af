/** The key space (Redis key builders under the configured prefix), decorated as `fastify.keys`. */
import type { KeySpace } from '@benchline/shared/backend';
import { createKeySpace } from '@benchline/shared/backend';
import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyInstance {
    keys: KeySpace;
  }
}

export default fp<{ prefix: string }>(
  async (app, options) => {
    app.decorate('keys', createKeySpace(options.prefix));
  },
  { name: 'keys' },
);
