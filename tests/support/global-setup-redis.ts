/**
 * Finds the Redis the integration and e2e tests run against: REDIS_URL (default redis://127.0.0.1:6379) when
 * it answers; otherwise a throwaway `redis-server` on a free port, stopped after the run. When neither is
 * possible, the run stops with a message saying how to get Redis — tests never fall back to a mock.
 */
import type { TestProject } from 'vitest/node';
// A relative import: global setup is loaded before the workspace's source export condition applies.
import { findOrStartRedis } from '../../tools/src/services/redis-service.js';

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const redis = await findOrStartRedis({
    url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    persistence: 'none',
    log: (line) => process.stderr.write(`${line}\n`),
  });
  project.provide('redisUrl', redis.url);
  return () => redis.stop();
}
