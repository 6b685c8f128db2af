/**
 * Issue 12: the server dies. The server runs as a process of its own on a fixed port (as behind a load balancer's
 * health check or a process manager), with the workers on the same Redis. A generated ACO's events (later claim
 * versions, cancels, agreement versions, worklist actions, duplicates, shuffled) go in concurrently — single events
 * and NDJSON bulk requests — from senders that behave like real ones: a refused connection, a request cut off, a 503
 * is sent again, and a bulk answer cut off part way keeps the lines it did answer and sends the rest. Mid-ingest the
 * server is killed with SIGKILL (no close hooks: whatever it was doing — a group commit, a batch stored but not yet
 * queued, an answer half written — stops there) and started again, more than once: alternately just as a large bulk
 * request's first answers arrive, and just after a few requests went out. Afterwards: every event that got a 2xx,
 * and every bulk line answered accepted or duplicate, is in the event store, queued and reflected; after draining no
 * job failed and the read models equal a rebuild from the event store. Sizes: tests/faults/settings.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../tools/src/services/redis-service.js';
import { rebuildTenant } from '../../workers/src/rebuild.js';
import { createPipelineDeps } from '../../workers/src/start-workers.js';
import { lostAcknowledged, type Acknowledged } from '../support/acknowledged.js';
import { mixedEvents, poolFor } from '../support/fault-scenario.js';
import { openQueues, type QueuesView } from '../support/queues.js';
import { captureReadModels } from '../support/read-models.js';
import { ingestConcurrently, retryingSender, type Attempt } from '../support/retrying-sender.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';
import { startStack, type TestStack } from '../support/start-stack.js';
import { stopWorkerProcesses } from '../support/worker-process.js';
import { seededRandom } from './event-mix.js';
import { FAULT_SEED, SERVER_KILLS, SERVER_RESTART_EVENTS } from './settings.js';

/** No request may take longer than this: a dead server is a refused or dropped connection, never a hang. */
const ANSWER_BOUND_MS = 10_000;
/** Lines of the large bulk request a mid-answer kill waits for. */
const LARGE_REQUEST = 2200;

let stack: TestStack | undefined;
let server: ServerProcess | undefined;
let port = 0;
let queues: QueuesView | undefined;

function startServer(): Promise<ServerProcess> {
  const s = stack as TestStack;
  return startServerProcess({
    redisUrl: s.redisUrl,
    prefix: s.prefix,
    apiKeys: `${s.tenantId}:${s.apiKey}`,
    env: { BENCHLINE_PORT: String(port) },
  });
}

beforeAll(async () => {
  // The stack's in-process workers apply what the server process stores; its own server is not used.
  stack = await startStack();
  port = await freePort();
  server = await startServer();
  queues = await openQueues(stack.redis, stack.redisUrl, stack.prefix);
}, 120_000);

afterAll(async () => {
  await stopWorkerProcesses();
  await queues?.close();
  await stack?.close();
}, 60_000);

describe('the server process killed with SIGKILL mid-ingest and started again', () => {
  it('loses no event it acknowledged, in single requests or bulk lines', async ({ annotate }) => {
    const s = stack as TestStack;
    const random = seededRandom(FAULT_SEED);
    const events = mixedEvents(poolFor(SERVER_RESTART_EVENTS, 53), random, SERVER_RESTART_EVENTS);
    // Moments to kill at and request sizes, from a stream of their own.
    const timing = seededRandom(FAULT_SEED + 0x9e3779b9);
    expect(events.length).toBeGreaterThanOrEqual(SERVER_RESTART_EVENTS);

    const url = (server as ServerProcess).url;
    expect(url).toBe(`http://127.0.0.1:${port}`);
    // Hooks a kill waits on: a bulk answer part way out, or a request just sent.
    let onBulkLine: ((attempt: Attempt, answered: number) => void) | null = null;
    let onAttempt: (() => void) | null = null;
    const sender = retryingSender(
      { url, apiKey: s.apiKey },
      {
        maxBackoffMs: 250,
        onBulkLine: (attempt, answered) => onBulkLine?.(attempt, answered),
        onAttempt: () => onAttempt?.(),
        // The bulk route answers its first 500-line batch once four batches are under way: an upload that waits
        // past 2,000 lines for the first answers makes a request whose last lines are not even sent when they come.
        slowUpload: { afterLines: LARGE_REQUEST - 100, maxPauseMs: 10_000 },
      },
    );
    // The events in as many parts as there are kills, each killed into while it goes in: the server is never
    // killed once the work has run out. A part killed mid-answer (every other one) starts with a large request, so it
    // is twice the size of the others.
    const weights = Array.from({ length: SERVER_KILLS }, (_, k) => (k % 2 === 0 ? 2 : 1));
    const total = weights.reduce((a, b) => a + b, 0);
    const bounds = weights.map((_, k) =>
      Math.floor((weights.slice(0, k).reduce((a, b) => a + b, 0) * events.length) / total),
    );
    const parts = bounds.map((from, k) => events.slice(from, bounds[k + 1] ?? events.length));
    const acknowledged: Acknowledged[] = [];
    const kills: string[] = [];
    for (const [k, part] of parts.entries()) {
      if (k % 2 === 0) {
        expect(part.length, 'a part to kill mid-answer holds the large request and more').toBeGreaterThan(
          LARGE_REQUEST + 200,
        );
      }
      const victim = server as ServerProcess;
      let killed: Promise<void> | undefined;
      const kill = (how: string): void => {
        onBulkLine = null;
        onAttempt = null;
        if (killed === undefined) {
          kills.push(`${how}, ${sender.acknowledged.length} acknowledged`);
          killed = victim.process.kill();
        }
      };
      const fired = new Promise<void>((resolve) => {
        if (k % 2 === 0) {
          // The moment the large request's first answers arrive, the rest of it still being stored, answered or
          // even sent.
          onBulkLine = (attempt, answered) => {
            if (attempt.lines > LARGE_REQUEST / 2 && answered < attempt.lines) {
              kill(`with ${answered} of a bulk request's ${attempt.lines} lines answered`);
              resolve();
            }
          };
        } else {
          // Just after the n-th request of the part went out, wherever the others are.
          let sent = 0;
          const n = 2 + Math.floor(timing() * 7);
          onAttempt = () => {
            sent += 1;
            if (sent === n) {
              onAttempt = null;
              setTimeout(() => {
                kill(`${n} requests into the part`);
                resolve();
              }, timing() * 50);
            }
          };
        }
      });
      const ingest = ingestConcurrently(sender, part, {
        singleLanes: 4,
        bulkLanes: 2,
        // Small requests; for a kill mid-answer, a large one first.
        chunkSizes: Array.from({ length: 8 }, (_, i) =>
          k % 2 === 0 && i === 0 ? LARGE_REQUEST : 20 + Math.floor(timing() * 150),
        ),
      });
      await Promise.race([fired, ingest.done]);
      expect(killed, `part ${k + 1} was sent in full before the server could be killed`).toBeDefined();
      await killed;
      server = await startServer();
      expect(server.url, `the restarted server must take port ${port} again`).toBe(url);
      acknowledged.push(...(await ingest.done));
    }
    expect(acknowledged).toHaveLength(events.length);

    const failedAttempts = sender.attempts.filter((a) => a.outcome === 'network');
    // Bulk answers cut off after some of their lines were answered: those lines count, the rest went again.
    const cutPartWay = failedAttempts.filter((a) => a.kind === 'bulk' && a.unansweredLines < a.lines);
    const context =
      `seed ${FAULT_SEED} (BENCHLINE_FAULT_SEED), ${events.length} events, ${SERVER_KILLS} server kills ` +
      `(${kills.join('; ')}); ${sender.attempts.length} requests, ` +
      `${failedAttempts.length} refused or cut off (${failedAttempts.filter((a) => a.kind === 'bulk').length} bulk, ` +
      `${cutPartWay.length} cut part way after ${cutPartWay.map((a) => a.lines - a.unansweredLines).join('+') || 0} ` +
      `lines were answered), ${sender.attempts.filter((a) => a.outcome === 503).length} answered 503`;
    await annotate(context);

    // Every request was answered 2xx or 503 with Retry-After, or failed as a connection does — never hung.
    const odd = sender.attempts.filter(
      (a) =>
        a.ms >= ANSWER_BOUND_MS ||
        !(
          a.outcome === 200 ||
          a.outcome === 202 ||
          a.outcome === 'network' ||
          (a.outcome === 503 && a.retryAfter !== null)
        ),
    );
    expect(odd, context).toEqual([]);
    // The kills landed mid-ingest: requests in flight were cut off or refused, and each large request killed into
    // was cut off with some of its lines answered (those count as acknowledged above; the rest went again).
    expect(failedAttempts.length, context).toBeGreaterThan(0);
    expect(cutPartWay.length, context).toBeGreaterThanOrEqual(Math.ceil(SERVER_KILLS / 2));

    await s.drained({ timeoutMs: 120_000 });
    await (queues as QueuesView).settled(120_000);
    expect(await (queues as QueuesView).failed(s.tenantId), context).toEqual([]);
    expect(await lostAcknowledged(s.redis, s.keys, s.tenantId, acknowledged), context).toEqual([]);

    const rebuildDeps = createPipelineDeps(s.redis, s.keys, { feedMaxLen: 10_000, performanceYear: 2026 });
    const live = await captureReadModels(s.redis, s.keys, s.tenantId);
    const progress = await rebuildTenant(s.redis, s.keys, rebuildDeps, s.tenantId);
    expect(progress.events).toBe(await s.redis.xlen(s.keys.events(s.tenantId)));
    expect(await captureReadModels(s.redis, s.keys, s.tenantId), context).toEqual(live);
  });
});
