/**
 * Ingest authentication: `Authorization: Bearer <key>` names the tenant. Keys are compared in constant time.
 * Users, roles and socket authentication arrive with the security issue; this guards the write path now.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { HttpError } from '../../http/errors.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The tenant an ingest request is authorised for; throws 401 otherwise. */
    tenantOfApiKey(request: FastifyRequest): string;
  }
}

export default fp<{ apiKeys: { tenantId: string; key: string }[] }>(
  async (app, options) => {
    const keys = options.apiKeys.map(({ tenantId, key }) => ({ tenantId, key: Buffer.from(key) }));
    app.decorate('tenantOfApiKey', (request: FastifyRequest) => {
      const header = request.headers.authorization ?? '';
      const match = /^Bearer (.+)$/.exec(header);
      if (match?.[1] !== undefined) {
        const offered = Buffer.from(match[1]);
        for (const { tenantId, key } of keys) {
          if (offered.length === key.length && timingSafeEqual(offered, key)) {
            return tenantId;
          }
        }
      }
      throw new HttpError(401, 'UNAUTHORIZED', 'a valid ingest API key is required (Authorization: Bearer <key>)');
    });
  },
  { name: 'api-keys' },
);
