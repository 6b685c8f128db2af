/**
 * POST /api/v1/claims — one claim version, validated against the canonical schema. 202 once it is stored and
 * queued (status "accepted", or "duplicate" when this claim id and version were already received).
 */
import { ClaimEvent, ErrorBody, IngestResult } from '@benchline/shared';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

const claims: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/claims',
    {
      schema: {
        body: ClaimEvent,
        response: { 202: IngestResult, 400: ErrorBody, 401: ErrorBody, 409: ErrorBody, 503: ErrorBody },
      },
    },
    async (request, reply) => {
      const tenantId = app.tenantOfApiKey(request);
      const result = await app.ingest.event(tenantId, { ...request.body, source: request.body.source ?? 'api' });
      return reply.code(202).send(result);
    },
  );
};

export default claims;
