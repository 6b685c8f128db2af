/**
 * Worker process configuration, read once from the environment and validated; the first bad value stops the
 * process with a message naming it. Behaviour never switches on NODE_ENV.
 */
import {
  APPLY_EVENTS_QUEUE,
  checkConfig,
  DAILY_REFRESH_QUEUE,
  EVALUATE_MEASURE_QUEUE,
  FINANCE_VIEW_QUEUE,
  KeyPrefixSetting,
  LogLevelSetting,
  PATIENT_PANEL_QUEUE,
  RECOMPUTE_MEMBERS_QUEUE,
  RedisUrlSetting,
  SWEEP_MEMBERS_QUEUE,
} from '@benchline/shared/backend';
import { Type, type Static } from 'typebox';
import { DEFAULT_RECAPTURE_LOOKBACK_YEARS } from './domain/member-result.js';

/** Every queue a worker process can work. */
export const WORKER_QUEUES = [
  APPLY_EVENTS_QUEUE,
  RECOMPUTE_MEMBERS_QUEUE,
  SWEEP_MEMBERS_QUEUE,
  FINANCE_VIEW_QUEUE,
  DAILY_REFRESH_QUEUE,
  EVALUATE_MEASURE_QUEUE,
  PATIENT_PANEL_QUEUE,
] as const;
export type WorkerQueue = (typeof WORKER_QUEUES)[number];

const WorkerConfigSchema = Type.Object({
  redisUrl: RedisUrlSetting,
  keyPrefix: KeyPrefixSetting,
  concurrency: Type.Integer({ minimum: 1, maximum: 1000 }),
  feedMaxLen: Type.Integer({ minimum: 1000 }),
  /**
   * Change-feed entries older than this are trimmed (BENCHLINE_FEED_RETENTION_MS, default 15 minutes): a screen
   * back within it catches up from the feed, one away longer takes a snapshot. The same setting as the server's.
   */
  feedRetentionMs: Type.Optional(Type.Integer({ minimum: 1000 })),
  logLevel: LogLevelSetting,
  /**
   * Events a worker process keeps once read, so a member's next recompute reads only its new events
   * (BENCHLINE_EVENT_CACHE_ENTRIES, default 50,000 — some 100 MB; 0 turns it off). See stored-event-cache.ts.
   */
  eventCacheEntries: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000_000 })),
  /** The performance year engines compute for: quality period, risk payment year, recapture year. */
  performanceYear: Type.Integer({ minimum: 2020, maximum: 2100 }),
  /**
   * How long a job's lock lasts unless its worker renews it (every half of this): a worker that dies without
   * finishing (SIGKILL, out of memory, a lost host) keeps its jobs for this long before another may take them.
   * BENCHLINE_WORKER_LOCK_MS, default 30 s (BullMQ's).
   */
  lockDurationMs: Type.Optional(Type.Integer({ minimum: 1000, maximum: 3_600_000 })),
  /**
   * How often each worker looks for jobs whose lock expired and puts them back to run again: a dead worker's
   * jobs run again within about the lock duration plus twice this. BENCHLINE_WORKER_STALLED_INTERVAL_MS,
   * default 30 s (BullMQ's).
   */
  stalledIntervalMs: Type.Optional(Type.Integer({ minimum: 100, maximum: 3_600_000 })),
  /**
   * How many times a job may be orphaned by a dying worker and still run again; one orphaned more often is taken
   * for the cause (a batch that crashes whoever runs it) and moved to the failed set, where its events wait for an
   * operator to retry it. BENCHLINE_WORKER_MAX_STALLED, default DEFAULT_MAX_STALLED (5) — not BullMQ's 1, which
   * fails a batch whose worker merely happened to be killed twice while running it.
   */
  maxStalledCount: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
  /**
   * The queues this process works (BENCHLINE_WORKER_QUEUES, comma-separated; default all): e.g. `apply-events` in
   * processes of their own so the apply step — what screens wait on — never queues behind the engines' recompute.
   * Every queue must be worked by some process.
   */
  queues: Type.Optional(Type.Array(Type.Enum([...WORKER_QUEUES]), { minItems: 1, uniqueItems: true })),
  /**
   * The process's scheduling niceness (BENCHLINE_WORKER_NICE, 0–19; default unchanged): an engines-only process
   * (recompute, sweeps, finance view) given, say, 10 yields the cores to the server and the apply step — what screens
   * wait on — when they share a machine; its recompute is coalesced, so it catches up rather than queues.
   */
  nice: Type.Optional(Type.Integer({ minimum: 0, maximum: 19 })),
  /**
   * How many years before the performance year a chronic HCC's coding opens a recapture gap
   * (BENCHLINE_RECAPTURE_LOOKBACK_YEARS): 2, the default, chases an HCC coded last year or the year before; 1 last
   * year's coding only — what the prospective model itself reads. See domain/risk/recapture.ts.
   */
  recaptureLookbackYears: Type.Optional(Type.Union([Type.Literal(1), Type.Literal(2)])),
  /**
   * The business days transitional care counts its 2-day contact in: the days off each week
   * (BENCHLINE_WEEKEND_DAYS, 0 = Sunday … 6 = Saturday, default `0,6`), whether the US federal holidays are days
   * off (BENCHLINE_FEDERAL_HOLIDAYS, default true), further days off (BENCHLINE_EXTRA_HOLIDAYS) and federal
   * holidays the practice works (BENCHLINE_WORKED_HOLIDAYS), both comma-separated YYYY-MM-DD.
   */
  calendar: Type.Optional(
    Type.Object({
      weekendDays: Type.Array(Type.Integer({ minimum: 0, maximum: 6 }), { maxItems: 6, uniqueItems: true }),
      federalHolidays: Type.Boolean(),
      extraHolidays: Type.Array(Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$' })),
      workedHolidays: Type.Array(Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$' })),
    }),
  ),
});
export type WorkerConfig = Static<typeof WorkerConfigSchema>;

/** See WorkerConfig.maxStalledCount. */
export const DEFAULT_MAX_STALLED = 5;

export function loadWorkerConfig(env: NodeJS.ProcessEnv): WorkerConfig {
  return checkConfig(
    WorkerConfigSchema,
    {
      redisUrl: env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      keyPrefix: env.BENCHLINE_KEY_PREFIX ?? 'bl',
      concurrency: Number(env.BENCHLINE_WORKER_CONCURRENCY ?? 16),
      feedMaxLen: Number(env.BENCHLINE_FEED_MAX_LEN ?? 100_000),
      ...(env.BENCHLINE_FEED_RETENTION_MS ? { feedRetentionMs: Number(env.BENCHLINE_FEED_RETENTION_MS) } : {}),
      logLevel: env.BENCHLINE_LOG_LEVEL ?? 'info',
      ...(env.BENCHLINE_EVENT_CACHE_ENTRIES ? { eventCacheEntries: Number(env.BENCHLINE_EVENT_CACHE_ENTRIES) } : {}),
      // Default: the current calendar year (this is the composition root; engines never read the clock).
      performanceYear: Number(env.BENCHLINE_PERFORMANCE_YEAR ?? new Date().getUTCFullYear()),
      ...(env.BENCHLINE_WORKER_NICE ? { nice: Number(env.BENCHLINE_WORKER_NICE) } : {}),
      recaptureLookbackYears: Number(env.BENCHLINE_RECAPTURE_LOOKBACK_YEARS ?? DEFAULT_RECAPTURE_LOOKBACK_YEARS),
      calendar: {
        weekendDays: list(env.BENCHLINE_WEEKEND_DAYS ?? '0,6').map(Number),
        federalHolidays: (env.BENCHLINE_FEDERAL_HOLIDAYS ?? 'true') !== 'false',
        extraHolidays: list(env.BENCHLINE_EXTRA_HOLIDAYS ?? ''),
        workedHolidays: list(env.BENCHLINE_WORKED_HOLIDAYS ?? ''),
      },
      ...(env.BENCHLINE_WORKER_LOCK_MS ? { lockDurationMs: Number(env.BENCHLINE_WORKER_LOCK_MS) } : {}),
      ...(env.BENCHLINE_WORKER_STALLED_INTERVAL_MS
        ? { stalledIntervalMs: Number(env.BENCHLINE_WORKER_STALLED_INTERVAL_MS) }
        : {}),
      ...(env.BENCHLINE_WORKER_MAX_STALLED ? { maxStalledCount: Number(env.BENCHLINE_WORKER_MAX_STALLED) } : {}),
      ...(env.BENCHLINE_WORKER_QUEUES
        ? {
            queues: env.BENCHLINE_WORKER_QUEUES.split(',')
              .map((name) => name.trim())
              .filter((name) => name !== ''),
          }
        : {}),
    },
    'worker',
  );
}

/** A comma-separated setting's items, trimmed, empty ones dropped. */
function list(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}
