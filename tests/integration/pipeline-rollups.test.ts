/**
 * The live pipeline's member results against a rebuild: a generated ACO posted through the API in shuffled
 * order, with duplicates, ends with roll-ups and an open-gap queue equal to what the engines compute from scratch
 * over the same events, member by member.
 */
import type { ClaimEvent, ClinicalEvent, MemberEvent } from '@benchline/shared';
import { createKeySpace } from '@benchline/shared/backend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAco, demoEvents } from '../../tools/src/demo/demo-data.js';
import { postBulkEvents } from '../../tools/src/demo/post-events.js';
import { computeMemberResult, contributions } from '../../workers/src/domain/member-result.js';
import { rebuildTenant } from '../../workers/src/rebuild.js';
import { createPipelineDeps, engineConfigFor } from '../../workers/src/start-workers.js';
import { connectClient } from '../support/connect-client.js';
import { eventually } from '../support/eventually.js';
import { startStack, type TestStack } from '../support/start-stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack.close();
});

/** A deterministic shuffle (the pipeline must not care about order). */
function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i -= 1) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describe('the live pipeline', () => {
  it('ends with the roll-ups and gap queue a from-scratch computation gives, whatever the order and duplicates', async () => {
    const aco = demoAco({ members: 30, months: 18, seed: 23, endMonth: '2026-06' });
    const events = [...demoEvents(aco)];
    const delivered = shuffled([...events, ...events.slice(0, 200)], 7);
    const tally = await postBulkEvents(delivered, { baseUrl: stack.url, apiKey: stack.apiKey, linesPerRequest: 500 });
    expect(tally.rejected).toBe(0);
    await stack.drained();

    // From scratch: every member's facts straight from the generated events.
    const config = engineConfigFor(2026)();
    const byMember = new Map<
      string,
      { memberId: string; records: MemberEvent[]; claims: ClaimEvent[]; clinical: ClinicalEvent[] }
    >();
    for (const event of events) {
      if (event.kind !== 'member' && event.kind !== 'claim' && event.kind !== 'clinical') {
        continue;
      }
      const facts = byMember.get(event.memberId) ?? { memberId: event.memberId, records: [], claims: [], clinical: [] };
      byMember.set(event.memberId, facts);
      if (event.kind === 'member') {
        facts.records.push(event);
      } else if (event.kind === 'claim') {
        facts.claims.push(event);
      } else {
        facts.clinical.push(event);
      }
    }
    const expected = new Map<string, number>();
    const expectedOpenGaps = new Map<string, number>();
    for (const facts of byMember.values()) {
      const result = computeMemberResult(facts, config);
      for (const [key, value] of contributions(result)) {
        expected.set(key, (expected.get(key) ?? 0) + value);
      }
      for (const gap of result.gaps.filter((g) => g.state === 'open')) {
        expectedOpenGaps.set(gap.gapId, gap.priority);
      }
    }

    const keys = createKeySpace(stack.prefix);
    const stored = await stack.redis.hgetall(keys.rollups(stack.tenantId));
    expect(Object.fromEntries(Object.entries(stored).map(([k, v]) => [k, Number(v)]))).toEqual(
      Object.fromEntries([...expected].filter(([, v]) => v !== 0)),
    );
    const queue = await stack.redis.zrange(keys.openGaps(stack.tenantId), '0', '-1');
    expect(queue.sort()).toEqual([...expectedOpenGaps.keys()].sort());

    // The same counters reach a subscribed screen.
    const client = await connectClient(stack.url, stack.tenantId);
    try {
      await eventually(async () => {
        const state = await client.subscribe('rollups');
        expect(state.viewId === 'rollups' && state.snapshot.counters.members).toBe(byMember.size);
      });
    } finally {
      client.close();
    }
  }, 120_000);

  it('rebuilds every read model from the event store to exactly what the live pipeline maintained', async () => {
    const keys = createKeySpace(stack.prefix);
    const capture = async () => {
      const members = await stack.redis.smembers(keys.members(stack.tenantId));
      const results: Record<string, unknown> = {};
      for (const memberId of members) {
        const raw = await stack.redis.get(keys.memberResult(stack.tenantId, memberId));
        results[memberId] = raw === null ? null : (JSON.parse(raw) as { result: unknown }).result;
      }
      return {
        rollups: await stack.redis.hgetall(keys.rollups(stack.tenantId)),
        openGaps: await stack.redis.zrange(keys.openGaps(stack.tenantId), '0', '-1', 'WITHSCORES'),
        gapRows: await stack.redis.hgetall(keys.openGapRows(stack.tenantId)),
        spendPaid: await stack.redis.hgetall(keys.spendPaid(stack.tenantId)),
        spendCount: await stack.redis.hgetall(keys.spendCount(stack.tenantId)),
        results,
      };
    };
    const live = await capture();
    expect(Object.keys(live.results).length).toBeGreaterThan(0);
    const deps = createPipelineDeps(stack.redis, keys, { feedMaxLen: 10_000, performanceYear: 2026 });
    const progress = await rebuildTenant(stack.redis, keys, deps, stack.tenantId);
    expect(progress.events).toBe(await stack.redis.xlen(keys.events(stack.tenantId)));
    expect(await capture()).toEqual(live);
  }, 120_000);
});
