/**
 * Backpressure: with the apply workers stopped, stored batches wait; once the oldest has waited past the configured
 * bound, every ingest route answers 429 with Retry-After — before reading the body, storing nothing — and once the
 * workers catch up, ingest is admitted again.
 */
import { startWorkers } from '@benchline/workers';
import { postBulkEvents, postOne, emptyTally } from '../../tools/src/demo/post-events.js';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { aClaim } from '../support/claims.js';
import { eventually } from '../support/eventually.js';
import { startStack, type TestStack } from '../support/start-stack.js';

let stack: TestStack;
afterEach(async () => {
  await stack.close();
});

const MAX_LAG_MS = 400;

/** The workers the stack was started without: the pipeline begins to catch up. */
function startApplying(stack: TestStack) {
  return startWorkers(
    {
      redisUrl: stack.redisUrl,
      keyPrefix: stack.prefix,
      concurrency: 4,
      feedMaxLen: 10_000,
      logLevel: 'error',
      performanceYear: 2026,
    },
    pino({ level: 'error' }),
  );
}

describe('ingest backpressure', () => {
  it('refuses new data with 429 and Retry-After while the apply lag is past its bound, and admits it again after', async () => {
    stack = await startStack({ workers: false, server: { maxApplyLagMs: MAX_LAG_MS } });
    const first = await stack.post('/api/v1/claims', aClaim({ claimId: 'CLM-LAG-1' }));
    expect(first.status).toBe(202);
    const stored = async () => stack.redis.hlen(stack.keys.eventIndex(stack.tenantId));
    expect(await stored()).toBe(1);

    // Nobody applies: the batch ages past the bound (plus the gate's refresh interval).
    await new Promise((resolve) => setTimeout(resolve, MAX_LAG_MS + 400));
    const refused = await stack.post('/api/v1/claims', aClaim({ claimId: 'CLM-LAG-2' }));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await refused.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });

    const bulk = await fetch(`${stack.url}/api/v1/events/bulk`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${stack.apiKey}` },
      body: `${JSON.stringify(aClaim({ claimId: 'CLM-LAG-3' }))}\n`,
    });
    expect(bulk.status).toBe(429);
    // Nothing of the refused requests was stored.
    expect(await stored()).toBe(1);
    // Reads are not ingest: a signed-in screen still gets its data.
    const session = await stack.signIn();
    expect((await stack.request(session, '/api/v1/gaps')).status).toBe(200);

    const workers = await startApplying(stack);
    try {
      await stack.drained();
      await eventually(async () => {
        const admitted = await stack.post('/api/v1/claims', aClaim({ claimId: 'CLM-LAG-2' }));
        expect(admitted.status).toBe(202);
      });
      await stack.drained();
      expect(await stored()).toBe(2);
    } finally {
      await workers.close();
    }
  });

  it('the demo poster waits as Retry-After asks while ingest is refused, and delivers every event once admitted', async () => {
    stack = await startStack({ workers: false, server: { maxApplyLagMs: MAX_LAG_MS } });
    expect((await stack.post('/api/v1/claims', aClaim({ claimId: 'CLM-WAIT-0' }))).status).toBe(202);
    await new Promise((resolve) => setTimeout(resolve, MAX_LAG_MS + 400));
    expect((await stack.post('/api/v1/claims', aClaim({ claimId: 'CLM-WAIT-PROBE' }))).status).toBe(429);

    const target = { baseUrl: stack.url, apiKey: stack.apiKey };
    const bulk = postBulkEvents([aClaim({ claimId: 'CLM-WAIT-1' }), aClaim({ claimId: 'CLM-WAIT-2' })], target);
    const singleTally = emptyTally();
    const single = postOne(aClaim({ claimId: 'CLM-WAIT-3' }), target, singleTally);
    // Still refused a second later: both are waiting, neither has given up.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await stack.redis.hlen(stack.keys.eventIndex(stack.tenantId))).toBe(1);

    const workers = await startApplying(stack);
    try {
      const [bulkTally] = await Promise.all([bulk, single]);
      expect(bulkTally).toMatchObject({ accepted: 2, rejected: 0 });
      expect(singleTally).toMatchObject({ accepted: 1, rejected: 0 });
      await stack.drained();
      expect(await stack.redis.hlen(stack.keys.eventIndex(stack.tenantId))).toBe(4);
    } finally {
      await workers.close();
    }
  });
});
