/**
 * The whole back end in-process for a test: the server on port 0 and the workers, in a key prefix of their
 * own, against the real Redis. close() stops both and deletes every key the test made.
 */
import type { Role } from '@benchline/shared';
import type { ServerConfig } from '@benchline/server';
import { buildApp } from '@benchline/server';
import type { KeySpace } from '@benchline/shared/backend';
import {
  APPLY_EVENTS_QUEUE,
  createKeySpace,
  FINANCE_VIEW_QUEUE,
  LOG_REDACTIONS,
  RECOMPUTE_MEMBERS_QUEUE,
  SWEEP_MEMBERS_QUEUE,
} from '@benchline/shared/backend';
import { startWorkers } from '@benchline/workers';
import type { FastifyInstance } from 'fastify';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { connectClient, type TestClient } from './connect-client.js';
import { eventually } from './eventually.js';
import { pino, type DestinationStream, type Level } from 'pino';
import { deleteKeysWithPrefix, testRedisUrl, uniquePrefix } from './redis.js';

export interface TestIdentity {
  tenantId?: string;
  userId?: string;
  name?: string;
  role?: Role;
}

export interface TestSession {
  tenantId: string;
  userId: string;
  role: Role;
  /** The Cookie header value. */
  cookie: string;
  csrfToken: string;
}

export interface TestStack {
  url: string;
  app: FastifyInstance;
  tenantId: string;
  apiKey: string;
  /** The ingest key of the stack's tenant or of one of the `tenants` it was started with. */
  apiKeyFor(tenantId: string): string;
  prefix: string;
  redisUrl: string;
  /** A connection of the test's own, and the stack's key space, for looking behind the API. */
  redis: Redis;
  keys: KeySpace;
  /**
   * Resolves once the workers have finished every queued job (none waiting, active, delayed or retrying); waits up
   * to `timeoutMs` (default 5 s).
   */
  drained(options?: { timeoutMs?: number }): Promise<void>;
  /** POSTs a JSON body to the API with the tenant's key. */
  post(path: string, body: unknown): Promise<Response>;
  /**
   * A signed-in session (a person's, or a wall device's for role `wall`) in the stack's tenant unless another is
   * named — made through the server's identity store, as a sign-in would, without the password round trip.
   */
  signIn(identity?: TestIdentity): Promise<TestSession>;
  /** A socket signed in as `identity` (a coordinator by default), on this server or another instance's `url`. */
  connect(identity?: TestIdentity, url?: string): Promise<TestClient>;
  /** A request with a session's cookie (and, for changes, its CSRF token). */
  request(session: TestSession, path: string, init?: RequestInit): Promise<Response>;
  /** Another server instance on the same Redis and key prefix (as behind a load balancer); closed with the stack. */
  startAnotherServer(): Promise<string>;
  close(): Promise<void>;
}

async function listen(
  config: ServerConfig,
  logStream?: DestinationStream,
): Promise<{ app: FastifyInstance; url: string }> {
  const app = await buildApp(config, logStream === undefined ? {} : { logStream });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return { app, url: `http://127.0.0.1:${port}` };
}

export async function startStack(
  options: {
    clientDist?: string;
    /** False: no in-process workers (a test that runs its own). */
    workers?: boolean;
    redisUrl?: string;
    /** More tenants with ingest keys of their own (see apiKeyFor), besides `test-aco`. */
    tenants?: readonly string[];
    /** Server settings to override (short lease TTLs, say). */
    server?: Partial<ServerConfig>;
    /**
     * Every log line of the server(s) and the workers, at `level`, to `stream` (redacted as in production);
     * without it only errors are logged, to stdout.
     */
    logs?: { stream: DestinationStream; level: Level };
  } = {},
): Promise<TestStack> {
  const redisUrl = options.redisUrl ?? testRedisUrl();
  const prefix = uniquePrefix();
  const tenantId = 'test-aco';
  const apiKey = `key-${prefix}-0123456789`;
  const apiKeys = [
    { tenantId, key: apiKey },
    ...(options.tenants ?? []).map((other) => ({ tenantId: other, key: `key-${prefix}-${other}-0123456789` })),
  ];
  const apiKeyFor = (id: string): string => {
    const entry = apiKeys.find((k) => k.tenantId === id);
    if (entry === undefined) {
      throw new Error(`tenant ${id} has no ingest key in this stack (pass it in options.tenants)`);
    }
    return entry.key;
  };
  const config: ServerConfig = {
    host: '127.0.0.1',
    port: 0,
    redisUrl,
    keyPrefix: prefix,
    apiKeys,
    clientDist: options.clientDist ?? '/nonexistent',
    fanoutTickMs: 20,
    bodyLimitBytes: 5 * 1024 * 1024,
    maxLineBytes: 64 * 1024,
    bulkLimitBytes: 64 * 1024 * 1024,
    // Expected warnings (no client build, an outage the test caused) would only bury real failures.
    logLevel: options.logs?.level ?? 'error',
    ...options.server,
  };
  const logStream = options.logs?.stream;
  const { app, url } = await listen(config, logStream);
  const moreServers: FastifyInstance[] = [];
  const workers =
    options.workers === false
      ? null
      : await startWorkers(
          {
            redisUrl,
            keyPrefix: prefix,
            concurrency: 8,
            feedMaxLen: 10_000,
            logLevel: options.logs?.level ?? 'error',
            performanceYear: 2026,
          },
          options.logs === undefined
            ? pino({ level: 'error' })
            : pino(
                { level: options.logs.level, name: 'benchline-workers', redact: LOG_REDACTIONS },
                options.logs.stream,
              ),
        );
  const redis = new Redis(redisUrl);
  // In the order they ask for each other: only apply jobs ask for recomputes (which ask for their own follow-ups
  // before they complete) and sweeps, and only those three for finance views; so once a queue is empty, an empty
  // queue after it stays empty.
  const queues = [APPLY_EVENTS_QUEUE, RECOMPUTE_MEMBERS_QUEUE, SWEEP_MEMBERS_QUEUE, FINANCE_VIEW_QUEUE].map(
    (name) => new Queue(name, { connection: { url: redisUrl }, prefix: createKeySpace(prefix).bullPrefix }),
  );
  let sessions = 0;
  const signIn = async (identity: TestIdentity = {}): Promise<TestSession> => {
    sessions += 1;
    const tenant = identity.tenantId ?? tenantId;
    const role = identity.role ?? 'coordinator';
    let token: string | null;
    let userId: string;
    if (role === 'wall') {
      const device = await app.identity.createDevice(tenant, identity.name ?? `Wall ${sessions}`);
      token = await app.identity.startDeviceSession(device.token);
      userId = device.record.id;
    } else {
      userId = identity.userId ?? `user-${sessions}`;
      token = await app.identity.startUserSession({ tenantId: tenant, userId, name: identity.name ?? userId, role });
    }
    const principal = token === null ? null : await app.identity.readSession(token);
    if (token === null || principal === null) {
      throw new Error('the test session could not be started');
    }
    return { tenantId: tenant, userId, role, cookie: `benchline_session=${token}`, csrfToken: principal.csrfToken };
  };
  return {
    url,
    app,
    signIn,
    connect: async (identity, at) => connectClient(at ?? url, await signIn(identity)),
    request: (session, path, init = {}) => {
      const headers = new Headers(init.headers);
      headers.set('cookie', session.cookie);
      headers.set('x-csrf-token', session.csrfToken);
      return fetch(`${url}${path}`, { ...init, headers });
    },
    tenantId,
    apiKey,
    apiKeyFor,
    prefix,
    redisUrl,
    redis,
    keys: createKeySpace(prefix),
    drained: ({ timeoutMs } = {}) =>
      eventually(
        async () => {
          for (const queue of queues) {
            const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
            const pending = Object.values(counts).reduce((a, b) => a + b, 0);
            if (pending > 0) {
              throw new Error(`${pending} ${queue.name} jobs still pending`);
            }
          }
        },
        timeoutMs === undefined ? {} : { timeoutMs },
      ),
    post: (path, body) =>
      fetch(`${url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    async startAnotherServer() {
      const another = await listen(config, logStream);
      moreServers.push(another.app);
      return another.url;
    },
    async close() {
      await workers?.close();
      await Promise.all(moreServers.map((server) => server.close()));
      await app.close();
      redis.disconnect();
      await Promise.all(queues.map((queue) => queue.close()));
      await deleteKeysWithPrefix(redisUrl, prefix);
    },
  };
}
