/**
 * Asking the workers for an answer and waiting for it: one BullMQ queue and its QueueEvents per route plugin, a job
 * carrying ids only, a wait bounded by the route's configured timeout, and the answer taken (GETDEL) from the
 * short-lived key the worker left it under — so the answer itself never sits in BullMQ's clear-text job hash. A
 * job no worker finished in time is withdrawn so nobody computes an answer no one will read. How each outcome is
 * answered (OperationOutcome, the API's error body) stays with the route.
 */
import type { FastifyInstance } from 'fastify';
import { Queue, QueueEvents } from 'bullmq';

export interface RequestReplyOptions {
  redisUrl: string;
  /** BullMQ's key prefix (the key space's `bullPrefix`). */
  prefix: string;
  queueName: string;
  jobName: string;
  /** How long a request waits for a worker to finish its job. */
  timeoutMs: number;
  /** The key the worker leaves its answer under, for a job. */
  resultKey: (tenantId: string, jobId: string) => string;
}

/** How an ask ended: the worker's reply and the answer it left, or why there is none. */
export type Answer<Reply> =
  | { kind: 'answered'; reply: Reply; result: string }
  /** The job finished but its answer is gone (expired before it was taken). */
  | { kind: 'no-result' }
  | { kind: 'failed' }
  /** No worker finished it in time; it was withdrawn. */
  | { kind: 'timeout' }
  /** Redis did not answer. */
  | { kind: 'unavailable' };

export interface RequestReply<Data, Reply> {
  /**
   * Queues one job and waits for its answer.
   * @param tenantId - whose key space the answer is in
   * @param data - the job's data: ids only (BullMQ keeps it in clear text)
   * @param logFields - ids to log with a failure or a timeout (never PHI)
   */
  ask(tenantId: string, data: Data, logFields?: Record<string, string>): Promise<Answer<Reply>>;
}

/** A request/reply channel for the plugin's routes; its connections close with the plugin. */
export async function createRequestReply<Data, Reply>(
  app: FastifyInstance,
  options: RequestReplyOptions,
): Promise<RequestReply<Data, Reply>> {
  const { queueName, timeoutMs } = options;
  // Every type parameter named: BullMQ's defaults derive them through conditional types a generic cannot resolve.
  const queue = new Queue<Data, Reply, string, Data, Reply, string>(queueName, {
    // Fail fast when Redis is away: the client gets a 503 and retries, rather than a request hanging.
    connection: { url: options.redisUrl, enableOfflineQueue: false, maxRetriesPerRequest: 1 },
    prefix: options.prefix,
  });
  const queueEvents = new QueueEvents(queueName, {
    connection: { url: options.redisUrl, maxRetriesPerRequest: null },
    prefix: options.prefix,
  });
  queue.on('error', (error) => app.log.warn({ err: error.message, queue: queueName }, 'queue connection error'));
  queueEvents.on('error', (error) =>
    app.log.warn({ err: error.message, queue: queueName }, 'queue events connection error'),
  );
  await queueEvents.waitUntilReady();
  app.addHook('onClose', async () => {
    await queueEvents.close();
    await queue.close();
  });

  return {
    async ask(tenantId, data, logFields = {}) {
      let job;
      try {
        job = await queue.add(options.jobName, data, {
          // The client is waiting and retries itself; a finished job (ids only) is kept briefly, for the waiter.
          attempts: 1,
          removeOnComplete: { age: 60, count: 1000 },
          removeOnFail: { age: 24 * 3600, count: 1000 },
        });
      } catch {
        return { kind: 'unavailable' };
      }
      const jobId = job.id ?? '';
      const context = { jobId, tenantId, queue: queueName, ...logFields };
      let reply: Reply;
      try {
        reply = await job.waitUntilFinished(queueEvents, timeoutMs);
      } catch {
        let state: string;
        try {
          state = await job.getState();
        } catch {
          return { kind: 'unavailable' };
        }
        if (state === 'failed') {
          app.log.error(context, 'request/reply job failed');
          return { kind: 'failed' };
        }
        // Not picked up (or not finished) in time: withdraw it so no worker spends time on an answer nobody reads.
        await job.remove().catch(() => undefined);
        app.log.warn({ ...context, state, timeoutMs }, 'request/reply job timed out');
        return { kind: 'timeout' };
      }
      let result: string | null;
      try {
        result = await app.redis.getdel(options.resultKey(tenantId, jobId));
      } catch {
        return { kind: 'unavailable' };
      }
      return result === null ? { kind: 'no-result' } : { kind: 'answered', reply, result };
    },
  };
}
