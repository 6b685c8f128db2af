/**
 * Issue 12: Redis itself dies. The test runs its own redis-server — append-only file on, `appendfsync always`, in a
 * temporary folder — with a server and the workers on it and a signed-in socket following the spend view. A
 * generated ACO's events (later claim versions, cancels, agreement versions, worklist actions, duplicates, shuffled)
 * go in through the API, single events and NDJSON bulk at once, from a sender that keeps what was acknowledged and
 * sends the rest again; mid-ingest Redis is killed with SIGKILL and, after a moment, started again on the same port
 * and folder. While it is away every ingest request answers 503 with Retry-After, promptly (none hangs). Afterwards:
 * every acknowledged event is in the event store, queued and reflected; after draining, no job failed and the read
 * models equal a rebuild from the event store; and nobody was restarted by hand — the workers drained on their own,
 * and a claim sent after the restart reached the socket that was connected before the outage (which never
 * disconnected, and shows what a fresh subscription shows). Sizes: tests/faults/settings.ts.
 *
 * What this proves is the Redis-process crash: the AOF holds every write Redis answered. A crash of the whole host
 * loses nothing more with `always` (each write is fsynced before its answer), about the last second with `everysec`
 * (README, "Redis persistence"); a test cannot pull the power, so that part is Redis's documented behaviour.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClaimEvent } from '@benchline/shared';
import { startWorkers, type RunningWorkers } from '@benchline/workers';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answersPing, freePort, findOrStartRedis, type RedisService } from '../../tools/src/services/redis-service.js';
import { rebuildTenant } from '../../workers/src/rebuild.js';
import { createPipelineDeps, type PipelineDeps } from '../../workers/src/start-workers.js';
import { lostAcknowledged, type Acknowledged } from '../support/acknowledged.js';
import { aClaim } from '../support/claims.js';
import type { TestClient } from '../support/connect-client.js';
import { mixedEvents, poolFor } from '../support/fault-scenario.js';
import { openQueues, type QueuesView } from '../support/queues.js';
import { captureReadModels, type ReadModels } from '../support/read-models.js';
import { ingestConcurrently, retryingSender } from '../support/retrying-sender.js';
import { startStack, type TestStack } from '../support/start-stack.js';
import { followView } from '../support/view-follower.js';
import { seededRandom } from './event-mix.js';
import { FAULT_SEED, REDIS_KILLS, REDIS_RESTART_EVENTS } from './settings.js';

/** No ingest request may take longer than this, outage or not (the store gives up on Redis after 3 s). */
const ANSWER_BOUND_MS = 10_000;
/** How long Redis stays away each time, so the senders meet the outage. */
const OUTAGE_MS = 1500;

let dir: string | undefined;
let port = 0;
let redis: RedisService | undefined;
let stack: TestStack | undefined;
let workers: RunningWorkers | undefined;
let queues: QueuesView | undefined;
const clients: TestClient[] = [];
/**
 * The workers' error log lines, counted for the failure message: connection errors and job attempts that failed
 * while Redis was away (and were retried) are expected; a job in the failed set is not (checked below).
 */
const workerErrors: string[] = [];

/** The test's own Redis: AOF fsynced before every answer, in the test's folder, on the test's port. */
function startRedis(): Promise<RedisService> {
  if (dir === undefined) {
    throw new Error('no data folder');
  }
  return findOrStartRedis({
    url: `redis://127.0.0.1:${port}`,
    persistence: 'aof',
    appendfsync: 'always',
    dataDir: dir,
    log: () => undefined,
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'benchline-aof-'));
  port = await freePort();
  redis = await startRedis();
  expect(redis.started, `something else answers on port ${port}`).toBe(true);
  stack = await startStack({ redisUrl: redis.url, workers: false });
  // In-process workers with a short lock: a job whose lock ran out while Redis was away runs again in seconds.
  workers = await startWorkers(
    {
      redisUrl: redis.url,
      keyPrefix: stack.prefix,
      concurrency: 4,
      feedMaxLen: 10_000,
      logLevel: 'error',
      performanceYear: 2026,
      lockDurationMs: 5000,
      stalledIntervalMs: 1000,
    },
    pino({ level: 'error' }, { write: (line: string) => void workerErrors.push(line) }),
  );
  queues = await openQueues(stack.redis, stack.redisUrl, stack.prefix);
}, 60_000);

afterAll(async () => {
  // A run that failed while Redis was away: bring it back, so the workers close and the keys go.
  if (redis !== undefined && !(await answersPing(redis.url))) {
    redis = await startRedis().catch(() => redis);
  }
  clients.forEach((client) => client.close());
  await workers?.close();
  await queues?.close();
  await stack?.close().catch(() => undefined);
  await redis?.kill();
  if (dir !== undefined) {
    await rm(dir, { recursive: true, force: true });
  }
}, 60_000);

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A claim in a month no generated claim touches, so its arrival on the screen is unmistakable. */
const MARKER: ClaimEvent = aClaim({
  claimId: 'CLM-AFTER-RESTART',
  fromDate: '2024-01-15',
  throughDate: '2024-01-15',
  paidDate: '2024-02-01',
  lines: aClaim().lines.map((line) => ({ ...line, fromDate: '2024-01-15', throughDate: '2024-01-15' })),
});
const MARKER_MONTH = '2024-01';

/**
 * The read models without the collaboration state — who has a screen open (presence) and who holds which patient
 * (leases): the test's own sockets make it, it lapses on a clock, and it is not derived from events, so a rebuild
 * neither makes nor touches it.
 */
function derivedModels(models: ReadModels): ReadModels {
  return Object.fromEntries(Object.entries(models).filter(([name]) => !/^(presence|leases)(:|$)/.test(name)));
}

interface Probe {
  path: string;
  status: number;
  retryAfter: string | null;
  code: string | undefined;
  ms: number;
}

/** One request while Redis is away (the marker claim, sent properly later): its answer and how long it took. */
async function probe(s: TestStack, path: string, contentType: string, body: string): Promise<Probe> {
  const began = Date.now();
  const response = await fetch(`${s.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': contentType, authorization: `Bearer ${s.apiKey}` },
    body,
    signal: AbortSignal.timeout(ANSWER_BOUND_MS * 3),
  });
  const answer = (await response.json().catch(() => ({}))) as { error?: { code?: string } };
  return {
    path,
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    code: answer.error?.code,
    ms: Date.now() - began,
  };
}

describe('Redis killed with SIGKILL mid-ingest and started again on its AOF', () => {
  it('loses no acknowledged event, and the workers and the gateway carry on by themselves', async ({ annotate }) => {
    const s = stack as TestStack;
    // The test's own connection loses Redis too; it reconnects by itself (ioredis would print every failed try).
    s.redis.on('error', () => undefined);
    expect(await s.redis.config('GET', 'appendfsync')).toEqual(['appendfsync', 'always']);
    const random = seededRandom(FAULT_SEED);
    const events = mixedEvents(poolFor(REDIS_RESTART_EVENTS, 47), random, REDIS_RESTART_EVENTS);
    // Moments to kill at and request sizes, from a stream of their own.
    const timing = seededRandom(FAULT_SEED + 0x9e3779b9);
    expect(events.length).toBeGreaterThanOrEqual(REDIS_RESTART_EVENTS);

    const client = await s.connect();
    clients.push(client);
    let disconnects = 0;
    client.socket.on('disconnect', () => (disconnects += 1));
    const spend = await followView(client, 'spend');

    const sender = retryingSender({ url: s.url, apiKey: s.apiKey }, { maxBackoffMs: 500 });
    const chunkSizes = Array.from({ length: 8 }, () => 20 + Math.floor(timing() * 150));
    // The events in as many parts as there are kills; each kill lands while its part is going in.
    const parts = Array.from({ length: REDIS_KILLS }, (_, k) =>
      events.slice(Math.floor((k * events.length) / REDIS_KILLS), Math.floor(((k + 1) * events.length) / REDIS_KILLS)),
    );
    const acknowledged: Acknowledged[] = [];
    const probes: Probe[] = [];
    const kills: string[] = [];
    for (const part of parts) {
      const ingest = ingestConcurrently(sender, part, { singleLanes: 3, bulkLanes: 2, chunkSizes });
      await ingest.whenAcknowledged(Math.floor(part.length * (0.2 + timing() * 0.4)));
      const inPart = ingest.acknowledgedCount();
      expect(inPart, 'the part was sent in full before Redis could be killed').toBeLessThan(part.length);
      const active = await (queues as QueuesView).active();
      await (redis as RedisService).kill();
      kills.push(`${inPart} of ${part.length} acknowledged, ${active} jobs running`);
      probes.push(
        ...(await Promise.all([
          probe(s, '/api/v1/events', 'application/json', JSON.stringify(MARKER)),
          probe(s, '/api/v1/events/bulk', 'application/x-ndjson', `${JSON.stringify(MARKER)}\n`),
        ])),
      );
      await sleep(OUTAGE_MS);
      redis = await startRedis();
      expect(redis.started, `something else took port ${port}`).toBe(true);
      acknowledged.push(...(await ingest.done));
    }
    // After the (last) restart, a claim the screen connected all along must show (checked once drained, below).
    acknowledged.push(await sender.single(MARKER));
    expect(acknowledged).toHaveLength(events.length + 1);

    const context =
      `seed ${FAULT_SEED} (BENCHLINE_FAULT_SEED), ${events.length} events, ${REDIS_KILLS} Redis kills ` +
      `(${kills.join('; ')}); ${sender.attempts.length} requests, ` +
      `${sender.attempts.filter((a) => a.outcome === 503).length} answered 503, ` +
      `${sender.attempts.reduce((n, a) => n + a.unavailableLines, 0)} bulk lines SERVICE_UNAVAILABLE; ` +
      `socket resyncs: ${spend.resyncs.map((r) => r.mode).join(', ') || 'none'}; ` +
      `${workerErrors.length} worker error lines`;
    await annotate(context);

    // While Redis was away: 503 with Retry-After, promptly. Every request of the run: answered, within the bound.
    for (const answer of probes) {
      expect(answer, context).toMatchObject({ status: 503, retryAfter: '5', code: 'SERVICE_UNAVAILABLE' });
      expect(answer.ms, `${answer.path} took ${answer.ms} ms with Redis away`).toBeLessThan(ANSWER_BOUND_MS);
    }
    const odd = sender.attempts.filter(
      (a) =>
        a.ms >= ANSWER_BOUND_MS ||
        !(a.outcome === 200 || a.outcome === 202 || (a.outcome === 503 && a.retryAfter !== null)),
    );
    expect(odd, context).toEqual([]);

    await s.drained({ timeoutMs: 120_000 });
    await (queues as QueuesView).settled(120_000);
    expect(await (queues as QueuesView).failed(s.tenantId), context).toEqual([]);
    expect(await lostAcknowledged(s.redis, s.keys, s.tenantId, acknowledged), context).toEqual([]);

    // The socket connected before the outage never dropped, got the claim sent after the restart, and shows what a
    // fresh subscription shows.
    await spend.waitFor((snapshot) => snapshot.months[MARKER_MONTH]?.claims === 1, 30_000);
    expect(client.socket.connected).toBe(true);
    expect(disconnects).toBe(0);
    const fresh = await s.connect();
    clients.push(fresh);
    const now = await fresh.subscribe('spend');
    await spend.waitFor((_, version) => version >= now.version, 10_000);
    expect({ months: spend.snapshot.months, paidThrough: spend.snapshot.paidThrough }, context).toEqual({
      months: now.snapshot.months,
      paidThrough: now.snapshot.paidThrough,
    });

    const rebuildDeps: PipelineDeps = createPipelineDeps(s.redis, s.keys, {
      feedMaxLen: 10_000,
      performanceYear: 2026,
    });
    const live = derivedModels(await captureReadModels(s.redis, s.keys, s.tenantId));
    const progress = await rebuildTenant(s.redis, s.keys, rebuildDeps, s.tenantId);
    expect(progress.events).toBe(await s.redis.xlen(s.keys.events(s.tenantId)));
    expect(derivedModels(await captureReadModels(s.redis, s.keys, s.tenantId)), context).toEqual(live);
  });
});
