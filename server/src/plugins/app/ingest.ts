/**
 * Ingest: store an event durably and idempotently, then queue it for the workers. An event is acknowledged
 * only after Redis holds it. Storing and indexing happen in one Lua step (so a crash cannot leave an indexed
 * event missing, or a stored one unindexed); queueing follows, and a retried request re-queues a stored event,
 * so a lost response never loses an event. Decorated as `fastify.ingest`.
 */
import { createHash } from 'node:crypto';
import type { CanonicalEvent, IngestResult } from '@benchline/shared';
import type { ApplyEventJob } from '@benchline/shared/backend';
import {
  APPLY_EVENT_JOB,
  APPLY_EVENTS_QUEUE,
  applyEventJobId,
  canonicalJson,
  defineLuaScript,
  eventKeyOf,
  EVENT_FIELDS,
  runLuaScript,
} from '@benchline/shared/backend';
import { Queue } from 'bullmq';
import fp from 'fastify-plugin';
import { HttpError, serviceUnavailable } from '../../http/errors.js';

export interface Ingest {
  /** Stores and queues one event; throws HttpError 409 when the same event key arrives with other content. */
  event(tenantId: string, event: CanonicalEvent): Promise<IngestResult>;
}

declare module 'fastify' {
  interface FastifyInstance {
    ingest: Ingest;
  }
}

const APPEND_EVENT = defineLuaScript(
  'append-event',
  `
-- KEYS: index, events   ARGV: eventKey, contentHash, eventJson
local seen = redis.call('HGET', KEYS[1], ARGV[1])
if seen then
  return { 'duplicate', seen }
end
local id = redis.call('XADD', KEYS[2], '*', '${EVENT_FIELDS.key}', ARGV[1], '${EVENT_FIELDS.event}', ARGV[3])
local ref = id .. '|' .. ARGV[2]
redis.call('HSET', KEYS[1], ARGV[1], ref)
return { 'accepted', ref }
`,
);

/** How long to wait for Redis before answering 503: long enough for a failover blip, short for a client. */
const QUEUE_TIMEOUT_MS = 3000;

export default fp<{ redisUrl: string }>(
  async (app, options) => {
    const queue = new Queue<ApplyEventJob>(APPLY_EVENTS_QUEUE, {
      connection: { url: options.redisUrl, enableOfflineQueue: false, maxRetriesPerRequest: 1 },
      prefix: app.keys.bullPrefix,
      defaultJobOptions: {
        attempts: 8,
        backoff: { type: 'exponential', delay: 500 },
        removeOnComplete: true,
        // Failed jobs stay visible to operators, up to a bound.
        removeOnFail: { count: 10_000 },
      },
    });
    queue.on('error', (error) => app.log.warn({ err: error.message }, 'apply queue connection error'));

    const ingest: Ingest = {
      async event(tenantId, event) {
        const { source: _source, ...content } = event;
        // The feed an event came by is not part of its identity: a claim sent by API and again by FHIR is one claim.
        const contentHash = createHash('sha256').update(canonicalJson(content)).digest('base64url');
        const eventKey = eventKeyOf(event);
        let reply: unknown;
        try {
          reply = await runLuaScript(
            app.redis,
            APPEND_EVENT,
            [app.keys.eventIndex(tenantId), app.keys.events(tenantId)],
            [eventKey, contentHash, canonicalJson(event)],
          );
        } catch (error) {
          app.log.warn({ err: (error as Error).message, tenantId }, 'event store unavailable');
          throw serviceUnavailable();
        }
        const [status, ref] = reply as ['accepted' | 'duplicate', string];
        const [eventId = '', storedHash] = ref.split('|');
        if (status === 'duplicate' && storedHash !== contentHash) {
          throw new HttpError(409, 'CONFLICT', `${eventKey} was already received with different content`);
        }
        const job: ApplyEventJob = { tenantId, eventId };
        try {
          await withTimeout(queue.add(APPLY_EVENT_JOB, job, { jobId: applyEventJobId(job) }), QUEUE_TIMEOUT_MS);
        } catch (error) {
          // The event is stored but not queued: answer 503 so the client retries; the retry re-queues it.
          app.log.warn({ err: (error as Error).message, tenantId, eventId }, 'apply queue unavailable');
          throw serviceUnavailable();
        }
        return { status, eventId };
      },
    };
    app.decorate('ingest', ingest);
    app.addHook('onClose', async () => {
      await queue.close();
    });
  },
  { name: 'ingest', dependencies: ['redis', 'keys'] },
);

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
