/**
 * The application as a Fastify plugin tree: external adapters (Redis), our adapters (keys, ingest, view store,
 * API keys), the Socket.IO gateway, the routes, and the built client. `buildApp` is used by server.ts, by the
 * tests (port 0) and by the demo.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { TypeBoxValidatorCompiler } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import type { ServerConfig } from './config.js';
import { errorBody, installErrorHandlers } from './http/errors.js';
import apiKeys from './plugins/app/api-keys.js';
import audit from './plugins/app/audit.js';
import collaboration from './plugins/app/collaboration.js';
import ingest from './plugins/app/ingest.js';
import keys from './plugins/app/keys.js';
import patientPanels from './plugins/app/patient-panels.js';
import viewStore from './plugins/app/view-store.js';
import redis from './plugins/external/redis.js';
import socketServer from './realtime/socket-server.js';
import events from './routes/api/v1/events.js';
import fhir from './routes/api/v1/fhir.js';
import fhirMeasure from './routes/api/v1/fhir-measure.js';
import gaps from './routes/api/v1/gaps.js';
import patients from './routes/api/v1/patients.js';
import health from './routes/health.js';
import metrics from './routes/metrics.js';

export async function buildApp(config: ServerConfig): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: config.logLevel,
      name: 'benchline-server',
      // Keys and cookies never reach a log line.
      redact: ['req.headers.authorization', 'req.headers.cookie'],
    },
    bodyLimit: config.bodyLimitBytes,
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(TypeBoxValidatorCompiler);
  // The API speaks JSON (and, per route, NDJSON); anything else is a 415, not a body that fails validation.
  app.removeContentTypeParser('text/plain');
  installErrorHandlers(app);

  await app.register(redis, { url: config.redisUrl });
  await app.register(keys, { prefix: config.keyPrefix });
  await app.register(apiKeys, { apiKeys: config.apiKeys });
  await app.register(audit, { maxLen: config.auditMaxLen });
  await app.register(ingest, { redisUrl: config.redisUrl });
  await app.register(viewStore);
  await app.register(patientPanels, { redisUrl: config.redisUrl, timeoutMs: config.panelTimeoutMs });
  await app.register(collaboration, {
    leaseTtlMs: config.leaseTtlMs,
    presenceTtlMs: config.presenceTtlMs,
    sweepMs: config.collaborationSweepMs,
    feedMaxLen: config.feedMaxLen,
    feedRetentionMs: config.feedRetentionMs,
  });
  await app.register(socketServer, { tickMs: config.fanoutTickMs, viewTickMs: config.fanoutViewTickMs });

  // OpenAPI generated from the same TypeBox schemas the routes use, served at /docs.
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Benchline API',
        version: '1',
        description:
          'Ingest for live value-based-care operations. Authenticate with `Authorization: Bearer <ingest key>`.',
      },
      components: { securitySchemes: { ingestKey: { type: 'http', scheme: 'bearer' } } },
      security: [{ ingestKey: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  await app.register(health);
  await app.register(metrics);
  const ingestLimits = { maxLineBytes: config.maxLineBytes, bulkLimitBytes: config.bulkLimitBytes };
  await app.register(events, { prefix: '/api/v1', ...ingestLimits });
  await app.register(fhir, { prefix: '/api/v1', ...ingestLimits });
  await app.register(gaps, { prefix: '/api/v1' });
  await app.register(fhirMeasure, {
    prefix: '/api/v1',
    redisUrl: config.redisUrl,
    evaluateTimeoutMs: config.evaluateTimeoutMs,
  });
  await app.register(patients, { prefix: '/api/v1' });

  const hasClient = existsSync(join(config.clientDist, 'index.html'));
  if (hasClient) {
    await app.register(fastifyStatic, { root: config.clientDist, wildcard: false });
  } else {
    app.log.warn({ clientDist: config.clientDist }, 'no built client found; serving the API only');
  }
  // Client-side routes (/wall, /spend, …) load the app; unknown API paths stay a JSON 404.
  app.setNotFoundHandler((request, reply) => {
    const isPage =
      request.method === 'GET' &&
      !['/api/', '/health/', '/docs', '/metrics'].some((prefix) => request.url.startsWith(prefix));
    if (hasClient && isPage) {
      return reply.sendFile('index.html');
    }
    return reply.code(404).send(errorBody('NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`));
  });
  return app;
}
