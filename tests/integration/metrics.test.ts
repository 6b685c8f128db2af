/**
 * GET /metrics: a malformed job fails once, stays in the failed set and shows in the metric, without retrying;
 * the pipeline's queues are reported by state; the answer names no tenant or member.
 */
import { APPLY_EVENTS_QUEUE } from '@benchline/shared/backend';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aClaim } from '../support/claims.js';
import { eventually } from '../support/eventually.js';
import { startStack, type TestStack } from '../support/start-stack.js';

let stack: TestStack;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack.close();
});

async function scrape(): Promise<Map<string, number>> {
  const response = await fetch(`${stack.url}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  const text = await response.text();
  expect(text).not.toContain(stack.tenantId);
  return new Map(
    text
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('#'))
      .map((line) => {
        const at = line.lastIndexOf(' ');
        return [line.slice(0, at), Number(line.slice(at + 1))] as const;
      }),
  );
}

describe('GET /metrics', () => {
  it('shows a malformed job in the failed set after one attempt, and the queues by state', async () => {
    expect((await stack.post('/api/v1/claims', aClaim())).status).toBe(202);
    await stack.drained();
    const failedApply = 'benchline_queue_jobs{queue="apply-events",state="failed"}';
    expect((await scrape()).get(failedApply)).toBe(0);

    const queue = new Queue(APPLY_EVENTS_QUEUE, { connection: { url: stack.redisUrl }, prefix: stack.keys.bullPrefix });
    try {
      const job = await queue.add(
        'apply-events',
        { tenantId: stack.tenantId, eventIds: ['not-a-stream-id'] },
        {
          attempts: 8,
          backoff: { type: 'fixed', delay: 10 },
        },
      );
      await eventually(async () => expect(await job.getState()).toBe('failed'));
      const failed = await queue.getJob(job.id ?? '');
      // An unrecoverable error: no retries however many attempts were allowed.
      expect(failed?.attemptsMade).toBe(1);
    } finally {
      await queue.close();
    }
    const metrics = await scrape();
    expect(metrics.get(failedApply)).toBe(1);
    expect(metrics.get('benchline_queue_jobs{queue="recompute-members",state="failed"}')).toBe(0);
    expect(metrics.get('benchline_queue_oldest_waiting_seconds{queue="apply-events"}')).toBe(0);
    expect([...metrics.keys()].filter((name) => name.startsWith('benchline_queue_jobs{')).length).toBe(7 * 6);
  });
});
