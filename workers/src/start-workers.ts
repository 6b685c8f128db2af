/**
 * Composition root for the worker side: one Redis connection for reads and writes, one BullMQ worker per
 * queue, and a close() that drains in-flight jobs before disconnecting. Used by main.ts and by tests and the
 * demo, which run workers in-process.
 */
import type { ApplyEventsJob, KeySpace, SweepMembersJob } from '@benchline/shared/backend';
import {
  APPLY_EVENTS_QUEUE,
  createKeySpace,
  SWEEP_MEMBERS_JOB,
  SWEEP_MEMBERS_QUEUE,
  sweepMembersJobId,
} from '@benchline/shared/backend';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { createEventReader } from './adapters/event-reader.js';
import { createFactsStore } from './adapters/facts-store.js';
import { createResultsStore } from './adapters/results-store.js';
import { createSpendStore } from './adapters/spend-store.js';
import type { MemberResultConfig } from './domain/member-result.js';
import { loadMeasureTerminology } from './domain/measures/index.js';
import {
  loadAssignmentSpecialtyCodes,
  loadCmsHccTables,
  loadEcqmValueSets,
  loadPrimaryCareServiceCodes,
  readReferenceText,
} from './reference/index.js';
import type { WorkerConfig } from './config.js';
import type { ApplyEventsDeps, ApplyOutcome } from './jobs/apply-events.job.js';
import { createApplyEventsProcessor } from './jobs/apply-events.job.js';
import { startEvaluateMeasureWorker } from './jobs/evaluate-measure.job.js';
import type { SweepDeps, SweepStep } from './jobs/sweep-members.job.js';
import { createSweepMembersProcessor } from './jobs/sweep-members.job.js';

export interface RunningWorkers {
  close(): Promise<void>;
}

/**
 * The engines' configuration: the CMS tables are read once here, at start; today's date is read on each job.
 */
export function engineConfigFor(performanceYear: number): () => MemberResultConfig {
  const riskTables = loadCmsHccTables();
  const terminology = loadMeasureTerminology(readReferenceText, loadEcqmValueSets());
  const assignmentTables = {
    primaryCareCodes: loadPrimaryCareServiceCodes(),
    specialties: loadAssignmentSpecialtyCodes(),
  };
  return () => ({
    today: new Date().toISOString().slice(0, 10),
    paymentYear: performanceYear,
    period: { start: `${performanceYear}-01-01`, end: `${performanceYear}-12-31` },
    riskTables,
    terminology,
    assignmentTables,
  });
}

/** Everything applying events needs over one Redis connection, except how sweeps are asked for. */
export type PipelineDeps = Omit<ApplyEventsDeps, 'requestSweep'> & SweepDeps;

export function createPipelineDeps(
  redis: Redis,
  keys: KeySpace,
  config: Pick<WorkerConfig, 'feedMaxLen' | 'performanceYear'>,
): PipelineDeps {
  return {
    redis,
    keys,
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
  // BullMQ needs its blocking connections to retry forever rather than fail a pending command.
  const connection = { url: config.redisUrl, maxRetriesPerRequest: null };
  const sweeps = new Queue<SweepMembersJob>(SWEEP_MEMBERS_QUEUE, { connection, prefix: keys.bullPrefix });
  const enqueueSweep = async (job: SweepMembersJob): Promise<void> => {
    await sweeps.add(SWEEP_MEMBERS_JOB, job, {
      jobId: sweepMembersJobId(job),
      attempts: 10,
      backoff: { type: 'exponential', delay: 500 },
      removeOnComplete: { age: 24 * 3600, count: 1000 },
      removeOnFail: { age: 7 * 24 * 3600 },
    });
  };
  const deps: ApplyEventsDeps & SweepDeps = {
    ...createPipelineDeps(redis, keys, config),
    requestSweep: (tenantId, tenantVersion) => enqueueSweep({ tenantId, tenantVersion, cursor: '0' }),
  };
  const workers = [
    new Worker<ApplyEventsJob, ApplyOutcome>(APPLY_EVENTS_QUEUE, createApplyEventsProcessor(deps), {
      connection,
      prefix: keys.bullPrefix,
      concurrency: config.concurrency,
    }),
    new Worker<SweepMembersJob, SweepStep>(SWEEP_MEMBERS_QUEUE, createSweepMembersProcessor(deps, enqueueSweep), {
      connection,
      prefix: keys.bullPrefix,
      concurrency: 1,
    }),
  ];
  for (const worker of workers) {
    worker.on('failed', (job, error) => {
      // Ids only: the event itself may hold PHI.
      logger.error(
        { queue: worker.name, jobId: job?.id, tenantId: job?.data.tenantId, err: error.message },
        'job failed',
      );
    });
    worker.on('error', (error) => {
      logger.error({ queue: worker.name, err: error.message }, 'worker error');
    });
  }
  await Promise.all(workers.map((worker) => worker.waitUntilReady()));
  const evaluator = await startEvaluateMeasureWorker(config, redis, logger);
  logger.info({ queues: workers.map((w) => w.name), concurrency: config.concurrency }, 'workers started');
  return {
    async close() {
      await Promise.all(workers.map((worker) => worker.close()));
      await sweeps.close();
      await evaluator.close();
      redis.disconnect();
    },
  };
}
