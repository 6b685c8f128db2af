/**
 * Members are recomputed several at a time (RECOMPUTE_CONCURRENCY lanes), against real Redis stores: every member
 * ends committed and current, and when one member's recompute fails the call fails with that error only after
 * every lane has finished its own member — a retried job never races the lanes of the attempt it replaces.
 */
import { createKeySpace } from '@benchline/shared/backend';
import { describe, expect, it } from 'vitest';
import { RECOMPUTE_CONCURRENCY, recomputeMembers } from '../../workers/src/jobs/recompute-members.js';
import { createPipelineDeps } from '../../workers/src/start-workers.js';
import { connectTestRedis, uniquePrefix } from '../support/redis.js';

const prefix = uniquePrefix();
const keys = createKeySpace(prefix);

const redis = connectTestRedis(prefix);

const memberIds = (tenant: string, count: number): string[] =>
  Array.from({ length: count }, (_, i) => `${tenant}-M${String(i).padStart(3, '0')}`);

describe('recomputeMembers', () => {
  it('commits every member once, lanes or not, and skips them all when asked again', async () => {
    const deps = createPipelineDeps(redis, keys, { feedMaxLen: 1000, performanceYear: 2026 });
    const members = memberIds('all', RECOMPUTE_CONCURRENCY * 3 + 1);
    // Each member a fact, so each has a facts version to be current for.
    for (const memberId of members) {
      await redis.hset(keys.memberFacts('all', memberId), '_v', 1);
    }
    const first = await recomputeMembers(deps, 'all', [...members, ...members.slice(0, 5)]);
    expect(first.recomputed).toBe(members.length);
    expect(first.skipped).toBe(0);
    expect([...first.current.keys()].sort()).toEqual(members);
    for (const memberId of members) {
      expect(await redis.exists(keys.memberResult('all', memberId))).toBe(1);
    }
    const again = await recomputeMembers(deps, 'all', members);
    expect(again).toMatchObject({ recomputed: 0, skipped: members.length });
  });

  it('fails with the failing member’s error once every lane has settled', async () => {
    const base = createPipelineDeps(redis, keys, { feedMaxLen: 1000, performanceYear: 2026 });
    const members = memberIds('fail', RECOMPUTE_CONCURRENCY * 4);
    const failing = members[3] as string;
    let inFlight = 0;
    let started = 0;
    const deps = {
      ...base,
      facts: {
        ...base.facts,
        async load(tenantId: string, memberId: string) {
          inFlight += 1;
          started += 1;
          try {
            await new Promise((resolve) => setTimeout(resolve, 5));
            if (memberId === failing) {
              throw new Error(`facts of ${memberId} unreadable`);
            }
            return await base.facts.load(tenantId, memberId);
          } finally {
            inFlight -= 1;
          }
        },
      },
    };
    await expect(recomputeMembers(deps, 'fail', members)).rejects.toThrow(`facts of ${failing} unreadable`);
    expect(inFlight).toBe(0);
    // The lanes stopped taking members: far fewer than all were started.
    expect(started).toBeLessThan(members.length);
  });
});
