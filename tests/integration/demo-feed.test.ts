/**
 * The demo's live feed against a real stack: it posts the claims that become available day by day, the API
 * accepts every one, the live view moves, and stop() really stops.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAco, startLiveFeed } from '../../tools/src/demo/demo-data.js';
import { eventually } from '../support/eventually.js';
import { startStack, type TestStack } from '../support/start-stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack.close();
});

describe('the demo live feed', () => {
  it('posts each simulated day in order at its rate, all accepted, and stops when told', async () => {
    const aco = demoAco({ members: 60, months: 3, seed: 5, endMonth: '2026-06' });
    const days: string[] = [];
    const watcher = await stack.connect();
    await watcher.subscribe('spend');
    const feed = startLiveFeed({
      aco,
      resumeAfter: null,
      baseUrl: stack.url,
      apiKey: stack.apiKey,
      ratePerSecond: 400,
      onDayPosted: async (day) => void days.push(day),
      log: () => undefined,
    });
    try {
      await eventually(() => expect(days.length).toBeGreaterThan(10), { timeoutMs: 20_000 });
      await feed.stop();
      expect(days[0]).toBe(aco.window.asOf);
      expect([...days].sort()).toEqual(days);
      expect(feed.tally.accepted).toBeGreaterThan(0);
      expect(feed.tally).toMatchObject({ rejected: 0, duplicate: 0 });

      const posted = feed.tally.accepted;
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(feed.tally.accepted).toBe(posted);
      await stack.drained();
      expect(await stack.redis.xlen(stack.keys.events(stack.tenantId))).toBe(posted);
      await eventually(() => expect(watcher.changes.length).toBeGreaterThan(0));
    } finally {
      await feed.stop();
      watcher.close();
    }
  });
});
