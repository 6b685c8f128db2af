/** Per-test Redis isolation: a unique key prefix per test, and cleanup of everything under it. */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, inject } from 'vitest';

export function testRedisUrl(): string {
  return inject('redisUrl');
}

export function uniquePrefix(): string {
  return `test-${randomUUID().slice(0, 12)}`;
}

export async function deleteKeysWithPrefix(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) {
        await redis.unlink(...keys);
      }
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/**
 * A Redis client for one test file's key prefix, connected now; after the file's tests it is closed and every key
 * under the prefix deleted.
 */
export function connectTestRedis(prefix: string): Redis {
  const redis = new Redis(testRedisUrl());
  afterAll(async () => {
    redis.disconnect();
    await deleteKeysWithPrefix(testRedisUrl(), prefix);
  });
  return redis;
}
