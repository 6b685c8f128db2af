/**
 * Composition root for the worker side: one Redis connection for reads and writes, one BullMQ worker per
 * queue, and a close() that drains in-flight jobs before disconnecting. Used by main.ts and by tests and the
 * demo, which run workers in-process.
 */
import type { ApplyEventsJob, KeySpace } from '@benchline/shared/backend';
import { APPLY_EVENTS_QUEUE, createKeySpace } from '@benchline/shared/backend';
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { createEventReader } from './adapters/event-reader.js';
import { createFactsStore } from './adapters/facts-store.js';
import { createResultsStore } from './adapters/results-store.js';
import { createSpendStore } from './adapters/spend-store.js';
import type { MemberResultConfig } from './domain/member-result.js';
import { loadMeasureTerminology } from './domain/measures/index.js';
import { loadCmsHccTables, loadEcqmValueSets, readReferenceText } from './reference/index.js';
import type { WorkerConfig } from './config.js';
import type { ApplyEventsDeps, ApplyOutcome } from './jobs/apply-events.job.js';
import { createApplyEventsProcessor } from './jobs/apply-events.job.js';

export interface RunningWorkers {
  close(): Promise<void>;
}

/**
 * The engines' configuration: the CMS tables are read once here, at start; today's date is read on each job.
 */
export function engineConfigFor(performanceYear: number): () => MemberResultConfig {
  const riskTables = loadCmsHccTables();
  const terminology = loadMeasureTerminology(readReferenceText, loadEcqmValueSets());
  return () => ({
    today: new Date().toISOString().slice(0, 10),
    paymentYear: performanceYear,
    period: { start: `${performanceYear}-01-01`, end: `${performanceYear}-12-31` },
    riskTables,
    terminology,
  });
}

/** Everything applying events needs, over one Redis connection: the apply job's and rebuild's dependencies. */
export function createPipelineDeps(
  redis: Redis,
  keys: KeySpace,
  config: Pick<WorkerConfig, 'feedMaxLen' | 'performanceYear'>,
): ApplyEventsDeps {
  return {
    events: createEventReader(redis, keys),
    spend: createSpendStore(redis, keys, { feedMaxLen: config.feedMaxLen }),
    facts: createFactsStore(redis, keys),
    results: createResultsStore(redis, keys, { feedMaxLen: config.feedMaxLen }),
    engineConfig: engineConfigFor(config.performanceYear),
    now: () => new Date(),
  };
}

export async function startWorkers(config: WorkerConfig, logger: Logger): Promise<RunningWorkers> {
  const keys = createKeySpace(config.keyPrefix);
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 3 });
  const processor = createApplyEventsProcessor(createPipelineDeps(redis, keys, config));
  const worker = new Worker<ApplyEventsJob, ApplyOutcome>(APPLY_EVENTS_QUEUE, processor, {
    // BullMQ needs its blocking connection to retry forever rather than fail a pending command.
    connection: { url: config.redisUrl, maxRetriesPerRequest: null },
    prefix: keys.bullPrefix,
    concurrency: config.concurrency,
  });
  worker.on('failed', (job, error) => {
    // Ids only: the event itself may hold PHI.
    logger.error({ jobId: job?.id, tenantId: job?.data.tenantId, err: error.message }, 'apply-events job failed');
  });
  worker.on('error', (error) => {
    logger.error({ err: error.message }, 'worker error');
  });
  await worker.waitUntilReady();
  logger.info({ queue: APPLY_EVENTS_QUEUE, concurrency: config.concurrency }, 'workers started');
  return {
    async close() {
      await worker.close();
      redis.disconnect();
    },
  };
}
