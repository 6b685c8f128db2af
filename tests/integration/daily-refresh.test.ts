/**
 * The daily refresh: every worker process registers the same deployment-wide scheduler (five past midnight UTC),
 * and each run asks for one sweep per tenant that has sent events, named by the day — so a refresh asked twice is
 * one sweep, and tomorrow's is a new one.
 */
import {
  DAILY_REFRESH_PATTERN,
  DAILY_REFRESH_QUEUE,
  DAILY_REFRESH_SCHEDULER,
  sweepMembersJobId,
} from '@benchline/shared/backend';
import type { SweepMembersJob } from '@benchline/shared/backend';
import { createDailyRefreshProcessor, createFactsStore } from '@benchline/workers';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aClaim } from '../support/claims.js';
import { startStack, type TestStack } from '../support/start-stack.js';

let stack: TestStack;

beforeAll(async () => {
  stack = await startStack({ tenants: ['other-aco'] });
});
afterAll(async () => {
  await stack.close();
});

describe('the daily refresh', () => {
  it('is scheduled once for the deployment, for five past midnight UTC', async () => {
    const queue = new Queue(DAILY_REFRESH_QUEUE, {
      connection: { url: stack.redisUrl },
      prefix: stack.keys.bullPrefix,
    });
    try {
      const schedulers = await queue.getJobSchedulers();
      expect(schedulers).toHaveLength(1);
      expect(schedulers[0]).toMatchObject({ key: DAILY_REFRESH_SCHEDULER, pattern: DAILY_REFRESH_PATTERN, tz: 'UTC' });
      const next = new Date(Number(schedulers[0]?.next));
      expect([next.getUTCHours(), next.getUTCMinutes(), next.getUTCSeconds()]).toEqual([0, 5, 0]);
      expect(next.getTime() - Date.now()).toBeLessThanOrEqual(24 * 3600 * 1000);
    } finally {
      await queue.close();
    }
  });

  it('asks for one sweep per tenant that has sent events, named by the day', async () => {
    for (const tenant of [stack.tenantId, 'other-aco']) {
      const response = await fetch(`${stack.url}/api/v1/claims`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${stack.apiKeyFor(tenant)}` },
        body: JSON.stringify(aClaim()),
      });
      expect(response.status).toBe(202);
    }
    await stack.drained();

    const sweeps: SweepMembersJob[] = [];
    const refresh = (day: string) =>
      createDailyRefreshProcessor({
        redis: stack.redis,
        keys: stack.keys,
        facts: createFactsStore(stack.redis, stack.keys),
        enqueueSweep: async (job) => {
          sweeps.push(job);
        },
        now: () => new Date(`${day}T00:05:00Z`),
      })();
    expect(await refresh('2026-11-28')).toEqual({ tenants: 2, asOf: '2026-11-28' });
    expect(sweeps).toEqual([
      { tenantId: 'other-aco', tenantVersion: 0, cursor: '0', asOf: '2026-11-28' },
      { tenantId: stack.tenantId, tenantVersion: 0, cursor: '0', asOf: '2026-11-28' },
    ]);

    // The day names the sweep: asked twice the same day is one sweep job, the next day another.
    const ids = [...sweeps, ...sweeps, { ...sweeps[0], asOf: '2026-11-29' } as SweepMembersJob].map(sweepMembersJobId);
    expect(new Set(ids).size).toBe(3);
    expect(ids[0]).toBe('other-aco_v0_d2026-11-28_0');
  });
});
