/**
 * Worker process configuration, read once from the environment and validated; the first bad value stops the
 * process with a message naming it. Behaviour never switches on NODE_ENV.
 */
import { checkConfig, KeyPrefixSetting, LogLevelSetting, RedisUrlSetting } from '@benchline/shared/backend';
import { Type, type Static } from 'typebox';

const WorkerConfigSchema = Type.Object({
  redisUrl: RedisUrlSetting,
  keyPrefix: KeyPrefixSetting,
  concurrency: Type.Integer({ minimum: 1, maximum: 1000 }),
  feedMaxLen: Type.Integer({ minimum: 1000 }),
  logLevel: LogLevelSetting,
  /** The performance year engines compute for: quality period, risk payment year, recapture year. */
  performanceYear: Type.Integer({ minimum: 2020, maximum: 2100 }),
});
export type WorkerConfig = Static<typeof WorkerConfigSchema>;

export function loadWorkerConfig(env: NodeJS.ProcessEnv): WorkerConfig {
  return checkConfig(
    WorkerConfigSchema,
    {
      redisUrl: env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      keyPrefix: env.BENCHLINE_KEY_PREFIX ?? 'bl',
      concurrency: Number(env.BENCHLINE_WORKER_CONCURRENCY ?? 16),
      feedMaxLen: Number(env.BENCHLINE_FEED_MAX_LEN ?? 100_000),
      logLevel: env.BENCHLINE_LOG_LEVEL ?? 'info',
      // Default: the current calendar year (this is the composition root; engines never read the clock).
      performanceYear: Number(env.BENCHLINE_PERFORMANCE_YEAR ?? new Date().getUTCFullYear()),
    },
    'worker',
  );
}
