/**
 * The generator's claims through the whole pipeline: every claim version is accepted, and the live roll-up the
 * workers build incrementally (in whatever order concurrent posting delivers) equals a from-scratch rebuild.
 */
import { monthOf } from '@benchline/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAco, demoClaims } from '../../tools/src/demo/demo-data.js';
import { postEvents } from '../../tools/src/demo/post-events.js';
import { rebuildSpend } from '../../workers/src/domain/spend.js';
import { startStack, type TestStack } from '../support/start-stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack.close();
});

describe('a generated ACO posted through the API', () => {
  it('is accepted without a rejection and rolls up to exactly what a rebuild computes', async () => {
    const aco = demoAco({ members: 40, months: 6, seed: 11, endMonth: '2026-06' });
    const claims = [...demoClaims(aco)];
    expect(claims.some((c) => c.adjustment === 'adjustment' || c.adjustment === 'cancel')).toBe(true);

    const tally = await postEvents(claims, { baseUrl: stack.url, apiKey: stack.apiKey, concurrency: 16 });
    expect(tally).toMatchObject({ accepted: claims.length, duplicate: 0, rejected: 0 });
    await stack.drained();

    const client = await stack.connect();
    try {
      const state = await client.subscribe('spend');
      const expected = Object.fromEntries(
        [...rebuildSpend(claims)].map(([month, cell]) => [month, { paidCents: cell.paidCents, claims: cell.claims }]),
      );
      expect(state.snapshot.months).toEqual(expected);
      expect(state.snapshot.paidThrough).toBe(
        claims
          .map((c) => c.paidDate)
          .sort()
          .at(-1),
      );
      expect(Object.keys(expected).every((month) => month <= monthOf(aco.window.asOf))).toBe(true);
    } finally {
      client.close();
    }
  });
});
