/**
 * Composition root for the worker side: one Redis connection for reads and writes, one BullMQ worker per
 * queue, and a close() that drains in-flight jobs before disconnecting. Used by main.ts and by tests and the
 * demo, which run workers in-process.
 */
import type {
  ApplyEventsJob,
  FinanceViewJob,
  KeySpace,
  RecomputeMembersJob,
  SweepMembersJob,
} from '@benchline/shared/backend';
import {
  RECOMPUTE_MEMBERS_JOB,
  RECOMPUTE_MEMBERS_QUEUE,
  recomputeDeduplicationId,
  APPLY_EVENTS_QUEUE,
  createKeySpace,
  DAILY_REFRESH_JOB,
  DAILY_REFRESH_PATTERN,
  DAILY_REFRESH_QUEUE,
  DAILY_REFRESH_SCHEDULER,
  EVALUATE_MEASURE_QUEUE,
  PATIENT_PANEL_QUEUE,
  DEFAULT_FEED_RETENTION_MS,
  FINANCE_VIEW_JOB,
  FINANCE_VIEW_QUEUE,
  financeViewDeduplicationId,
  SWEEP_MEMBERS_JOB,
  SWEEP_MEMBERS_QUEUE,
  sweepMembersJobId,
} from '@benchline/shared/backend';
import type { Job } from 'bullmq';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { BusinessCalendar } from './domain/business-days.js';
import { DEFAULT_BUSINESS_CALENDAR } from './domain/business-days.js';
import { createEventReader } from './adapters/event-reader.js';
import { createAlertPublisher } from './adapters/alert-publisher.js';
import { createFactsStore } from './adapters/facts-store.js';
import {
  createStoredEventCache,
  DEFAULT_STORED_EVENT_CACHE_ENTRIES,
  type StoredEventCache,
} from './adapters/stored-event-cache.js';
import { createFinanceStore } from './adapters/finance-store.js';
import { createFinanceViewPace } from './adapters/finance-view-pace.js';
import { createFreshnessStore } from './adapters/freshness-store.js';
import { createResultsStore } from './adapters/results-store.js';
import { createSpendStore } from './adapters/spend-store.js';
import { DEFAULT_RECAPTURE_LOOKBACK_YEARS, type MemberResultConfig } from './domain/member-result.js';
import { loadMeasureTerminology } from './domain/measures/index.js';
import {
  loadAssignmentSpecialtyCodes,
  loadCmsHccTables,
  loadEcqmValueSets,
  loadFinanceTables,
  loadPrimaryCareServiceCodes,
  readReferenceText,
} from './reference/index.js';
import type { WorkerConfig, WorkerQueue } from './config.js';
import { DEFAULT_MAX_STALLED } from './config.js';
import type { ApplyEventsDeps, ApplyOutcome } from './jobs/apply-events.job.js';
import { createApplyEventsProcessor } from './jobs/apply-events.job.js';
import { startEvaluateMeasureWorker } from './jobs/evaluate-measure.job.js';
import { startPatientPanelWorker } from './jobs/patient-panel.job.js';
import type { FinanceViewDeps, FinanceViewOutcome } from './jobs/finance-view.job.js';
import { createFinanceViewProcessor } from './jobs/finance-view.job.js';
import type { RecomputeDirtyOutcome } from './jobs/recompute-dirty.job.js';
import { createRecomputeDirtyProcessor } from './jobs/recompute-dirty.job.js';
import type { SweepDeps, SweepStep } from './jobs/sweep-members.job.js';
import { createDailyRefreshProcessor } from './jobs/daily-refresh.job.js';
import { createSweepMembersProcessor } from './jobs/sweep-members.job.js';

export interface RunningWorkers {
  close(): Promise<void>;
}

/**
 * The engines' configuration: the CMS tables are read once here, at start; today's date is read on each job.
 */
export function engineConfigFor(
  performanceYear: number,
  calendar: BusinessCalendar = DEFAULT_BUSINESS_CALENDAR,
  recaptureLookbackYears: 1 | 2 = DEFAULT_RECAPTURE_LOOKBACK_YEARS,
): () => MemberResultConfig {
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
    calendar,
    recaptureLookbackYears,
  });
}

/**
 * Everything applying events needs over one Redis connection, except how sweeps and finance views are asked for
 * (queued by the workers, run in-process by rebuild).
 */
export type PipelineDeps = Omit<ApplyEventsDeps, 'requestSweep' | 'requestFinanceView' | 'requestRecompute'> &
  SweepDeps & { financeView: FinanceViewDeps };

export function createPipelineDeps(
  redis: Redis,
  keys: KeySpace,
  config: Pick<WorkerConfig, 'feedMaxLen' | 'feedRetentionMs' | 'performanceYear'> &
    Partial<Pick<WorkerConfig, 'calendar' | 'recaptureLookbackYears'>>,
  /** Live workers keep events they have read (stored-event-cache.ts); a rebuild, reading each member once, does not. */
  options: { eventCache?: StoredEventCache } = {},
): PipelineDeps {
  const feed = { feedMaxLen: config.feedMaxLen, feedRetentionMs: config.feedRetentionMs ?? DEFAULT_FEED_RETENTION_MS };
  const facts = createFactsStore(redis, keys, { eventCache: options.eventCache });
  return {
    redis,
    keys,
    events: createEventReader(redis, keys),
    spend: createSpendStore(redis, keys, feed),
    facts,
    freshness: createFreshnessStore(redis, keys, feed),
    results: createResultsStore(redis, keys, feed),
    engineConfig: engineConfigFor(config.performanceYear, config.calendar, config.recaptureLookbackYears),
    now: () => new Date(),
    financeView: {
      facts,
      finance: createFinanceStore(redis, keys, feed),
      tables: loadFinanceTables(),
      year: config.performanceYear,
      now: () => new Date(),
    },
  };
}

/**
 * How long a dirty shard's recompute waits before it runs: every batch touching its members meanwhile is folded
 * into the one recompute. Short, since screens wait on it.
 */
export const RECOMPUTE_DELAY_MS = 50;

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
  const financeViews = new Queue<FinanceViewJob>(FINANCE_VIEW_QUEUE, { connection, prefix: keys.bullPrefix });
  const financePace = createFinanceViewPace(redis, keys);
  const requestFinanceView = async (tenantId: string): Promise<void> => {
    await financeViews.add(
      FINANCE_VIEW_JOB,
      { tenantId },
      {
        // A quarter second while the view is cheap; in proportion to its cost once it is not (finance-view-pace).
        delay: await financePace.delayFor(tenantId),
        // One job per tenant at a time; a request while it runs leaves one more to run after it.
        deduplication: { id: financeViewDeduplicationId(tenantId), keepLastIfActive: true },
        attempts: 10,
        backoff: { type: 'exponential', delay: 500 },
        removeOnComplete: { age: 3600, count: 100 },
        removeOnFail: { age: 7 * 24 * 3600 },
      },
    );
  };
  const recomputes = new Queue<RecomputeMembersJob>(RECOMPUTE_MEMBERS_QUEUE, { connection, prefix: keys.bullPrefix });
  const requestRecompute = async (tenantId: string, shard: number): Promise<void> => {
    await recomputes.add(
      RECOMPUTE_MEMBERS_JOB,
      { tenantId, shard },
      {
        delay: RECOMPUTE_DELAY_MS,
        // One job per shard at a time; a request while it runs leaves one more to run after it.
        deduplication: { id: recomputeDeduplicationId(tenantId, shard), keepLastIfActive: true },
        attempts: 10,
        backoff: { type: 'exponential', delay: 500 },
        removeOnComplete: { age: 3600, count: 1000 },
        removeOnFail: { age: 7 * 24 * 3600 },
      },
    );
  };
  const cacheEntries = config.eventCacheEntries ?? DEFAULT_STORED_EVENT_CACHE_ENTRIES;
  const pipeline = createPipelineDeps(
    redis,
    keys,
    config,
    cacheEntries > 0 ? { eventCache: createStoredEventCache(cacheEntries) } : {},
  );
  const deps: ApplyEventsDeps & SweepDeps = {
    ...pipeline,
    raiseAlerts: createAlertPublisher(redis, keys),
    requestSweep: (tenantId, tenantVersion) => enqueueSweep({ tenantId, tenantVersion, cursor: '0' }),
    requestFinanceView,
    requestRecompute,
  };
  // How soon the jobs of a worker that died mid-job run again elsewhere, and how many such deaths a job survives
  // (config.ts); BullMQ's lock and check interval unless configured.
  const recovery = {
    ...(config.lockDurationMs === undefined ? {} : { lockDuration: config.lockDurationMs }),
    ...(config.stalledIntervalMs === undefined ? {} : { stalledInterval: config.stalledIntervalMs }),
    maxStalledCount: config.maxStalledCount ?? DEFAULT_MAX_STALLED,
  };
  // Which queues this process works (BENCHLINE_WORKER_QUEUES; all by default): a deployment can give the light,
  // latency-critical apply step processes of its own, away from the engines' recompute.
  const runs = (queue: WorkerQueue): boolean => config.queues === undefined || config.queues.includes(queue);
  const workers: Worker<{ tenantId: string }, unknown>[] = [];
  const work = <Data extends { tenantId: string }, Result>(
    queue: WorkerQueue,
    processor: (job: Job<Data>) => Promise<Result>,
    concurrency: number,
  ): void => {
    if (runs(queue)) {
      workers.push(
        new Worker<Data, Result>(queue, processor, {
          connection,
          prefix: keys.bullPrefix,
          concurrency,
          ...recovery,
        }) as unknown as Worker<{ tenantId: string }, unknown>,
      );
    }
  };
  work<ApplyEventsJob, ApplyOutcome>(APPLY_EVENTS_QUEUE, createApplyEventsProcessor(deps), config.concurrency);
  work<RecomputeMembersJob, RecomputeDirtyOutcome>(
    RECOMPUTE_MEMBERS_QUEUE,
    createRecomputeDirtyProcessor(deps, { requestRecompute, requestFinanceView }),
    config.concurrency,
  );
  work<SweepMembersJob, SweepStep>(
    SWEEP_MEMBERS_QUEUE,
    createSweepMembersProcessor(deps, { enqueue: enqueueSweep, requestFinanceView }),
    1,
  );
  work<FinanceViewJob, FinanceViewOutcome>(
    FINANCE_VIEW_QUEUE,
    createFinanceViewProcessor(pipeline.financeView, financePace),
    config.concurrency,
  );
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
  // The daily refresh: one scheduler for the deployment (every process upserts the same one), one worker each.
  const refreshes = new Queue(DAILY_REFRESH_QUEUE, { connection, prefix: keys.bullPrefix });
  await refreshes.upsertJobScheduler(
    DAILY_REFRESH_SCHEDULER,
    { pattern: DAILY_REFRESH_PATTERN, tz: 'UTC' },
    { name: DAILY_REFRESH_JOB, opts: { removeOnComplete: { count: 30 }, removeOnFail: { count: 30 } } },
  );
  const refresher = runs(DAILY_REFRESH_QUEUE)
    ? new Worker(
        DAILY_REFRESH_QUEUE,
        createDailyRefreshProcessor({ redis, keys, facts: pipeline.facts, enqueueSweep, now: () => new Date() }),
        { connection, prefix: keys.bullPrefix, concurrency: 1, ...recovery },
      )
    : null;
  refresher?.on('failed', (job, error) => {
    logger.error({ queue: refresher.name, jobId: job?.id, err: error.message }, 'job failed');
  });
  refresher?.on('error', (error) => logger.error({ queue: refresher.name, err: error.message }, 'worker error'));
  const all = refresher === null ? workers : [...workers, refresher];
  await Promise.all(all.map((worker) => worker.waitUntilReady()));
  const evaluator = runs(EVALUATE_MEASURE_QUEUE) ? await startEvaluateMeasureWorker(config, redis, logger) : null;
  const panels = runs(PATIENT_PANEL_QUEUE) ? await startPatientPanelWorker(config, redis, logger, pipeline) : null;
  logger.info({ queues: all.map((w) => w.name), concurrency: config.concurrency }, 'workers started');
  return {
    async close() {
      await Promise.all(all.map((worker) => worker.close()));
      await sweeps.close();
      await financeViews.close();
      await recomputes.close();
      await refreshes.close();
      await evaluator?.close();
      await panels?.close();
      redis.disconnect();
    },
  };
}
