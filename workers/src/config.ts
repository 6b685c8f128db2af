/**
 * Worker process configuration, read once from the environment and validated; the first bad value stops the
 * process with a message naming it. Behaviour never switches on NODE_ENV.
 */
import { Type, type Static } from 'typebox';
import { Compile } from 'typebox/compile';

const WorkerConfigSchema = Type.Object({
  redisUrl: Type.String({ pattern: '^rediss?://' }),
  keyPrefix: Type.String({ pattern: '^[a-z0-9][a-z0-9-]*$' }),
  concurrency: Type.Integer({ minimum: 1, maximum: 1000 }),
  feedMaxLen: Type.Integer({ minimum: 1000 }),
  logLevel: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
});
export type WorkerConfig = Static<typeof WorkerConfigSchema>;

const checkConfig = Compile(WorkerConfigSchema);

export function loadWorkerConfig(env: NodeJS.ProcessEnv): WorkerConfig {
  const candidate = {
    redisUrl: env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    keyPrefix: env.BENCHLINE_KEY_PREFIX ?? 'bl',
    concurrency: Number(env.BENCHLINE_WORKER_CONCURRENCY ?? 16),
    feedMaxLen: Number(env.BENCHLINE_FEED_MAX_LEN ?? 100_000),
    logLevel: env.BENCHLINE_LOG_LEVEL ?? 'info',
  };
  const [first] = checkConfig.Errors(candidate);
  if (first !== undefined) {
    throw new Error(`invalid worker configuration at ${first.instancePath}: ${first.message}`);
  }
  return candidate as WorkerConfig;
}
