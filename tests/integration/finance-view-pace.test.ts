/**
 * The finance view is paced to its own cost: each evaluation records how long it took (in Redis, so every worker
 * process paces alike), and the next is asked for in proportion — a quarter second while it is cheap, never more
 * than a minute. The finance view processor records the cost of the evaluation it ran.
 */
import { createKeySpace } from '@benchline/shared/backend';
import type { Job } from 'bullmq';
import { describe, expect, it } from 'vitest';
import {
  createFinanceViewPace,
  FINANCE_VIEW_DELAY_MS,
  FINANCE_VIEW_MAX_DELAY_MS,
  financeViewDelayMs,
} from '../../workers/src/adapters/finance-view-pace.js';
import { createFinanceViewProcessor } from '../../workers/src/jobs/finance-view.job.js';
import { createPipelineDeps } from '../../workers/src/start-workers.js';
import { connectTestRedis, uniquePrefix } from '../support/redis.js';

const prefix = uniquePrefix();
const keys = createKeySpace(prefix);
const redis = connectTestRedis(prefix);

describe('finance view pacing', () => {
  it('waits a quarter second while the view is cheap, five times its cost once not, at most a minute', () => {
    expect(financeViewDelayMs(0)).toBe(FINANCE_VIEW_DELAY_MS);
    expect(financeViewDelayMs(50)).toBe(FINANCE_VIEW_DELAY_MS);
    expect(financeViewDelayMs(400)).toBe(2000);
    expect(financeViewDelayMs(1000)).toBe(5000);
    expect(financeViewDelayMs(600_000)).toBe(FINANCE_VIEW_MAX_DELAY_MS);
  });

  it('shares the cost through Redis, read again at most once a second', async () => {
    let clock = 0;
    const here = createFinanceViewPace(redis, keys, () => clock);
    const elsewhere = createFinanceViewPace(redis, keys, () => clock);
    expect(await elsewhere.delayFor('t')).toBe(FINANCE_VIEW_DELAY_MS);
    await here.record('t', 2000);
    expect(await here.delayFor('t')).toBe(10_000);
    // The other process read the cost a moment ago: it keeps that until a second has passed.
    expect(await elsewhere.delayFor('t')).toBe(FINANCE_VIEW_DELAY_MS);
    clock += 1000;
    expect(await elsewhere.delayFor('t')).toBe(10_000);
    expect(await elsewhere.delayFor('other')).toBe(FINANCE_VIEW_DELAY_MS);
  });

  it('has the finance view job record how long its evaluation took', async () => {
    const deps = createPipelineDeps(redis, keys, { feedMaxLen: 1000, performanceYear: 2026 });
    // A clock that moves 40 ms each time it is read: the evaluation between the two readings took 40 ms.
    let ms = Date.parse('2026-06-01T00:00:00Z');
    const financeView = {
      ...deps.financeView,
      now: () => {
        ms += 40;
        return new Date(ms);
      },
    };
    const recorded: [string, number][] = [];
    const process = createFinanceViewProcessor(financeView, {
      record: async (tenantId, costMs) => {
        recorded.push([tenantId, costMs]);
      },
    });
    await process({ data: { tenantId: 'paced' } } as Job<{ tenantId: string }>);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]?.[0]).toBe('paced');
    // The first and last readings frame the evaluation (which may read the clock too, for the snapshot's time).
    expect(recorded[0]?.[1]).toBeGreaterThanOrEqual(40);
  });
});
