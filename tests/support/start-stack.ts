/**
 * The whole back end in-process for a test: the server on port 0 and the workers, in a key prefix of their
 * own, against the real Redis. close() stops both and deletes every key the test made.
 */
import type { ServerConfig } from '@benchline/server';
import { buildApp } from '@benchline/server';
import type { KeySpace } from '@benchline/shared/backend';
import {
  APPLY_EVENTS_QUEUE,
  createKeySpace,
  FINANCE_VIEW_QUEUE,
  RECOMPUTE_MEMBERS_QUEUE,
  SWEEP_MEMBERS_QUEUE,
} from '@benchline/shared/backend';
import { startWorkers } from '@benchline/workers';
import type { FastifyInstance } from 'fastify';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { eventually } from './eventually.js';
import { pino } from 'pino';
import { deleteKeysWithPrefix, testRedisUrl, uniquePrefix } from './redis.js';

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
  /** Another server instance on the same Redis and key prefix (as behind a load balancer); closed with the stack. */
  startAnotherServer(): Promise<string>;
  close(): Promise<void>;
}

async function listen(config: ServerConfig): Promise<{ app: FastifyInstance; url: string }> {
  const app = await buildApp(config);
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
    logLevel: 'error',
    ...options.server,
  };
  const { app, url } = await listen(config);
  const moreServers: FastifyInstance[] = [];
  const workers =
    options.workers === false
      ? null
      : await startWorkers(
          { redisUrl, keyPrefix: prefix, concurrency: 8, feedMaxLen: 10_000, logLevel: 'error', performanceYear: 2026 },
          pino({ level: 'error' }),
        );
  const redis = new Redis(redisUrl);
  // In the order they ask for each other: only apply jobs ask for recomputes (which ask for their own follow-ups
  // before they complete) and sweeps, and only those three for finance views; so once a queue is empty, an empty
  // queue after it stays empty.
  const queues = [APPLY_EVENTS_QUEUE, RECOMPUTE_MEMBERS_QUEUE, SWEEP_MEMBERS_QUEUE, FINANCE_VIEW_QUEUE].map(
    (name) => new Queue(name, { connection: { url: redisUrl }, prefix: createKeySpace(prefix).bullPrefix }),
  );
  return {
    url,
    app,
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
      const another = await listen(config);
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
