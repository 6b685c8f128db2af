/**
 * Redis going away: ingest answers 503 with Retry-After (never a 5xx that looks like our bug, never a hang),
 * nothing is acknowledged, and when Redis is back the same server accepts and applies events again.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { findOrStartRedis, type RedisService } from '../../tools/src/services/redis-service.js';
import { aClaim } from '../support/claims.js';
import { eventually } from '../support/eventually.js';
import { postBulk } from '../support/ndjson.js';
import { startStack, type TestStack } from '../support/start-stack.js';

let redis: RedisService | undefined;
let stack: TestStack | undefined;
const quiet = (): void => undefined;

afterAll(async () => {
  await stack?.close().catch(() => undefined);
  await redis?.stop();
});

describe('when Redis is unavailable', () => {
  it('answers 503 with Retry-After, then recovers by itself when Redis returns', async () => {
    // A private Redis this test may stop (port 1 never answers, so one is started on a free port).
    redis = await findOrStartRedis({ url: 'redis://127.0.0.1:1', persistence: 'none', log: quiet });
    const port = Number(new URL(redis.url).port);
    stack = await startStack({ redisUrl: redis.url });

    await redis.stop();
    const during = await stack.post('/api/v1/claims', aClaim());
    expect(during.status).toBe(503);
    expect(during.headers.get('retry-after')).toBe('5');
    expect(await during.json()).toMatchObject({ error: { code: 'SERVICE_UNAVAILABLE' } });
    const bulkDuring = await postBulk(stack.url, stack.apiKey, JSON.stringify(aClaim()));
    expect(bulkDuring.status).toBe(503);
    expect(bulkDuring.error?.code).toBe('SERVICE_UNAVAILABLE');

    redis = await findOrStartRedis({ url: redis.url, persistence: 'none', port, log: quiet });
    const after = await eventually(
      async () => {
        const response = await stack!.post('/api/v1/claims', aClaim());
        expect(response.status).toBe(202);
        return response;
      },
      { timeoutMs: 15_000, intervalMs: 250 },
    );
    // 'duplicate' when an earlier attempt was stored but answered 503 (the queue was still reconnecting): the
    // retry re-queued it, which is exactly the path that keeps a stored event from being lost.
    expect(['accepted', 'duplicate']).toContain(((await after.json()) as { status: string }).status);
    const client = await stack.connect();
    try {
      await eventually(
        async () => {
          const state = await client.subscribe('spend');
          expect(state.version).toBeGreaterThan(0);
        },
        { timeoutMs: 15_000, intervalMs: 250 },
      );
    } finally {
      client.close();
    }
  });
});
