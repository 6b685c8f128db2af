/**
 * Looking at the pipeline's BullMQ queues from a test: every queue under the key prefix, found by its `meta`
 * key once the workers are up, so a queue added to the pipeline is looked at without anyone listing it here.
 */
import { createKeySpace } from '@benchline/shared/backend';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { eventually } from './eventually.js';

export interface QueuesView {
  readonly names: string[];
  /** The tenant's jobs in any failed set, as "queue job id: reason": work given up on, never applied. */
  failed(tenantId: string): Promise<string[]>;
  /** Jobs running right now, in every queue (including those of a dead worker, until they are recovered). */
  active(): Promise<number>;
  /**
   * Jobs not finished yet, in every queue: waiting, active, delayed, prioritized or waiting for children — except a
   * job scheduler's next run.
   */
  pending(): Promise<number>;
  /**
   * Resolves once every queue is empty in two scans in a row (a job that asks for another does so before it
   * completes, so a second scan sees what the first might have missed); waits up to `timeoutMs`.
   */
  settled(timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens every queue that exists under the prefix (a worker or producer has opened it); failed() and settled() look
 * for new ones first.
 */
export async function openQueues(redis: Redis, redisUrl: string, prefix: string): Promise<QueuesView> {
  const bullPrefix = createKeySpace(prefix).bullPrefix;
  const queues = new Map<string, Queue>();
  const refresh = async (): Promise<Queue[]> => {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${bullPrefix}:*:meta`, 'COUNT', 1000);
      for (const key of keys) {
        const name = key.slice(bullPrefix.length + 1, -':meta'.length);
        if (!queues.has(name)) {
          queues.set(name, new Queue(name, { connection: { url: redisUrl }, prefix: bullPrefix }));
        }
      }
      cursor = next;
    } while (cursor !== '0');
    return [...queues.values()];
  };
  await refresh();
  const pending = async (): Promise<number> => {
    const counts = await Promise.all(
      [...queues.values()].map(async (queue) => {
        const counts = await queue.getJobCounts('waiting', 'active', 'prioritized', 'waiting-children');
        // A job scheduler's next run (the daily refresh) is always delayed: it is not work still owed.
        const delayed = (await queue.getJobs(['delayed'])).filter((job) => job.repeatJobKey === undefined);
        return Object.values(counts).reduce((a, b) => a + b, 0) + delayed.length;
      }),
    );
    return counts.reduce((a, b) => a + b, 0);
  };
  return {
    get names() {
      return [...queues.keys()].sort();
    },
    async failed(tenantId) {
      const out: string[] = [];
      for (const queue of await refresh()) {
        for (const job of await queue.getJobs(['failed'])) {
          if ((job.data as { tenantId?: unknown } | undefined)?.tenantId === tenantId) {
            out.push(`${queue.name} ${job.id ?? '?'}: ${job.failedReason}`);
          }
        }
      }
      return out.sort();
    },
    async active() {
      const counts = await Promise.all([...queues.values()].map((queue) => queue.getActiveCount()));
      return counts.reduce((a, b) => a + b, 0);
    },
    pending,
    async settled(timeoutMs) {
      await refresh();
      await eventually(
        async () => {
          for (let scan = 0; scan < 2; scan += 1) {
            const count = await pending();
            if (count > 0) {
              throw new Error(`${count} jobs still pending`);
            }
          }
        },
        { timeoutMs, intervalMs: 50 },
      );
    },
    async close() {
      await Promise.all([...queues.values()].map((queue) => queue.close()));
    },
  };
}
