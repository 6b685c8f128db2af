/**
 * The application as a Fastify plugin tree: external adapters (Redis), our adapters (keys, ingest, view store,
 * API keys), the Socket.IO gateway, the routes, and the built client. `buildApp` is used by server.ts, by the
 * tests (port 0) and by the demo.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { TypeBoxValidatorCompiler } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import type { DestinationStream } from 'pino';
import type { ServerConfig } from './config.js';
import { errorBody, installErrorHandlers } from './http/errors.js';
import { LOG_REDACTIONS, LOG_SERIALIZERS } from '@benchline/shared/backend';
import audit from './plugins/app/audit.js';
import auth, { PUBLIC, SESSION_COOKIE } from './plugins/app/auth.js';
import collaboration from './plugins/app/collaboration.js';
import ingest from './plugins/app/ingest.js';
import keys from './plugins/app/keys.js';
import patientPanels from './plugins/app/patient-panels.js';
import viewStore from './plugins/app/view-store.js';
import httpSecurity from './plugins/external/http-security.js';
import redis from './plugins/external/redis.js';
import socketServer from './realtime/socket-server.js';
import adt from './routes/api/v1/adt.js';
import admin from './routes/api/v1/admin.js';
import authRoutes from './routes/api/v1/auth.js';
import events from './routes/api/v1/events.js';
import fhir from './routes/api/v1/fhir.js';
import fhirMeasure from './routes/api/v1/fhir-measure.js';
import gaps from './routes/api/v1/gaps.js';
import patients from './routes/api/v1/patients.js';
import health from './routes/health.js';
import metrics from './routes/metrics.js';

export interface BuildAppOptions {
  /** Where log lines go instead of stdout (a test that reads every line the server writes). */
  logStream?: DestinationStream;
}

export async function buildApp(config: ServerConfig, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: config.logLevel,
      name: 'benchline-server',
      // Secrets and anything that identifies a patient never reach a log line (shared/backend/log-redaction.ts).
      redact: LOG_REDACTIONS,
      // A request line names the route it matched, not the URL (whose path or query may name a patient).
      serializers: LOG_SERIALIZERS,
      ...(options.logStream === undefined ? {} : { stream: options.logStream }),
    },
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy ?? false,
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(TypeBoxValidatorCompiler);
  // The API speaks JSON (and, per route, NDJSON); anything else is a 415, not a body that fails validation.
  app.removeContentTypeParser('text/plain');
  installErrorHandlers(app);
  const indexPath = join(config.clientDist, 'index.html');
  const hasClient = existsSync(indexPath);
  // The shell of every client-side route (/queue, /wall, …); its scripts and styles are the static files.
  const indexHtml = hasClient ? readFileSync(indexPath) : null;

  await app.register(httpSecurity, { corsOrigins: config.corsOrigins ?? [] });
  await app.register(redis, { url: config.redisUrl });
  await app.register(keys, { prefix: config.keyPrefix });
  await app.register(auth, {
    bootstrapApiKeys: config.apiKeys,
    cookieSecure: config.cookieSecure ?? 'auto',
    sessionIdleMs: config.sessionIdleMs,
    sessionMaxAgeMs: config.sessionMaxAgeMs,
    loginMaxPerLogin: config.loginMaxPerLogin,
    corsOrigins: config.corsOrigins,
  });
  await app.register(audit, { maxLen: config.auditMaxLen });
  await app.register(ingest, {
    redisUrl: config.redisUrl,
    maxApplyLagMs: config.maxApplyLagMs,
    ingestThreads: config.ingestThreads,
  });
  await app.register(viewStore, { timeZone: config.adtTimeZone });
  await app.register(patientPanels, { redisUrl: config.redisUrl, timeoutMs: config.panelTimeoutMs });
  await app.register(collaboration, {
    leaseTtlMs: config.leaseTtlMs,
    presenceTtlMs: config.presenceTtlMs,
    sweepMs: config.collaborationSweepMs,
    feedMaxLen: config.feedMaxLen,
    feedRetentionMs: config.feedRetentionMs,
  });
  await app.register(socketServer, {
    tickMs: config.fanoutTickMs,
    viewTickMs: config.fanoutViewTickMs,
    corsOrigins: config.corsOrigins,
    sessionCheckMs: config.sessionCheckMs,
    timeZone: config.adtTimeZone,
  });

  // OpenAPI generated from the same TypeBox schemas the routes use, served at /docs.
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Benchline API',
        version: '1',
        description:
          'Live value-based-care operations. Ingest authenticates with `Authorization: Bearer <ingest key>`; ' +
          'everything else with the session cookie from POST /api/v1/auth/login, and changes also send the ' +
          "session's CSRF token in `X-CSRF-Token`.",
      },
      components: {
        securitySchemes: {
          ingestKey: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
        },
      },
    },
  });
  // Routes other plugins make for us (the docs, the client's files) are public: the client itself signs in.
  await app.register(async (publicFiles) => {
    publicFiles.addHook('onRoute', (route) => {
      route.config = { ...route.config, access: PUBLIC };
    });
    await publicFiles.register(swaggerUi, { routePrefix: '/docs' });
    if (hasClient) {
      await publicFiles.register(fastifyStatic, { root: config.clientDist, wildcard: false });
    }
  });

  await app.register(health);
  await app.register(metrics);
  const ingestLimits = { maxLineBytes: config.maxLineBytes, bulkLimitBytes: config.bulkLimitBytes };
  await app.register(events, { prefix: '/api/v1', ...ingestLimits });
  await app.register(fhir, { prefix: '/api/v1', ...ingestLimits, adtReviewMax: config.adtReviewMax });
  await app.register(adt, {
    prefix: '/api/v1',
    timeZone: config.adtTimeZone,
    reviewMax: config.adtReviewMax,
    bodyLimitBytes: config.bodyLimitBytes,
  });
  await app.register(gaps, { prefix: '/api/v1' });
  await app.register(fhirMeasure, {
    prefix: '/api/v1',
    redisUrl: config.redisUrl,
    evaluateTimeoutMs: config.evaluateTimeoutMs,
  });
  await app.register(patients, { prefix: '/api/v1' });
  await app.register(authRoutes, { prefix: '/api/v1' });
  await app.register(admin, { prefix: '/api/v1' });
  if (!hasClient) {
    app.log.warn({ clientDist: config.clientDist }, 'no built client found; serving the API only');
  }
  // Client-side routes (/wall, /spend, …) load the app; unknown API paths stay a JSON 404.
  app.setNotFoundHandler((request, reply) => {
    const isPage =
      request.method === 'GET' &&
      !['/api/', '/health/', '/docs', '/metrics'].some((prefix) => request.url.startsWith(prefix));
    if (indexHtml !== null && isPage) {
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(indexHtml);
    }
    return reply.code(404).send(errorBody('NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`));
  });
  return app;
}
