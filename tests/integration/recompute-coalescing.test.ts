/**
 * Coalesced recompute, against real Redis and the real engines: applying a batch marks dirty exactly the members
 * whose facts changed (in the fold's own step) and asks for their shards; a member touched by many batches before
 * its shard runs is computed once; and a change folded while its member is being recomputed keeps the member's
 * mark, so the same job computes it again and the stored result ends at the latest facts.
 */
import type { CanonicalEvent } from '@benchline/shared';
import {
  createKeySpace,
  EVENT_FIELDS,
  eventKeyOf,
  RECOMPUTE_SHARDS,
  recomputeShardOf,
} from '@benchline/shared/backend';
import { describe, expect, it } from 'vitest';
import { demoAco } from '../../tools/src/demo/demo-data.js';
import type { StoredEvent } from '../../workers/src/adapters/event-reader.js';
import type { ApplyEventsDeps } from '../../workers/src/jobs/apply-events.job.js';
import { applyStoredEvents } from '../../workers/src/jobs/apply-events.job.js';
import { clearDirtyMarks, recomputeDirty } from '../../workers/src/jobs/recompute-dirty.job.js';
import { sweepTenant } from '../../workers/src/jobs/sweep-members.job.js';
import { createPipelineDeps } from '../../workers/src/start-workers.js';
import { connectTestRedis, uniquePrefix } from '../support/redis.js';

const TENANT = 'coalesce';
const prefix = uniquePrefix();
const keys = createKeySpace(prefix);

const redis = connectTestRedis(prefix);

/** Appends events to the tenant's event store as ingest does, and returns them as stored. */
async function store(events: readonly CanonicalEvent[]): Promise<StoredEvent[]> {
  const stored: StoredEvent[] = [];
  for (const event of events) {
    const eventId = await redis.xadd(
      keys.events(TENANT),
      '*',
      EVENT_FIELDS.key,
      eventKeyOf(event),
      EVENT_FIELDS.event,
      JSON.stringify(event),
    );
    stored.push({ eventId: eventId as string, event });
  }
  return stored;
}

/** Pipeline deps that record what they are asked for, and count each member's committed recomputes. */
function pipeline() {
  const base = createPipelineDeps(redis, keys, { feedMaxLen: 10_000, performanceYear: 2026 });
  const requested = new Set<number>();
  const commits = new Map<string, number>();
  const deps: ApplyEventsDeps & typeof base = {
    ...base,
    requestSweep: async () => undefined,
    requestFinanceView: async () => undefined,
    requestRecompute: async (_tenantId, shard) => {
      requested.add(shard);
    },
    results: {
      ...base.results,
      async commit(input) {
        const outcome = await base.results.commit(input);
        if (outcome === 'committed') {
          commits.set(input.memberId, (commits.get(input.memberId) ?? 0) + 1);
        }
        return outcome;
      },
    },
  };
  return { deps, requested, commits };
}

async function dirtyMembers(): Promise<string[]> {
  const all: string[] = [];
  for (let shard = 0; shard < RECOMPUTE_SHARDS; shard += 1) {
    all.push(...(await redis.smembers(keys.dirtyMembers(TENANT, shard))));
  }
  return all.sort();
}

const aco = demoAco({ members: 3, months: 12, seed: 5, endMonth: '2026-06' });
const bundles = [0, 1, 2].map((i) => aco.member(i));
const eventsOf = (i: number): CanonicalEvent[] => {
  const bundle = bundles[i];
  return bundle === undefined ? [] : [bundle.member, ...bundle.claims, ...bundle.clinical];
};

describe('coalesced recompute', () => {
  it('marks dirty exactly the members whose facts changed, and asks for their shards', async () => {
    const { deps, requested } = pipeline();
    const memberIds = bundles.map((b) => b?.member.memberId ?? '');
    await applyStoredEvents(deps, TENANT, await store([...eventsOf(0), ...eventsOf(1)]));
    expect(await dirtyMembers()).toEqual(memberIds.slice(0, 2).sort());
    expect([...requested].sort()).toEqual([...new Set(memberIds.slice(0, 2).map(recomputeShardOf))].sort());

    for (const shard of requested) {
      expect((await recomputeDirty(deps, TENANT, shard)).remaining).toBe(false);
    }
    expect(await dirtyMembers()).toEqual([]);
    // The same events again change nothing and mark no one, though their shards are asked for again.
    requested.clear();
    const again = await applyStoredEvents(deps, TENANT, await store(eventsOf(0)));
    expect(again.changed).toBe(0);
    expect(await dirtyMembers()).toEqual([]);
    expect(requested.size).toBe(1);
  });

  it('computes a member once however many batches touched it before its shard ran', async () => {
    const { deps, commits } = pipeline();
    const events = eventsOf(2);
    const memberId = bundles[2]?.member.memberId ?? '';
    expect(events.length).toBeGreaterThan(5);
    // Five batches, one after another, and no recompute in between.
    const size = Math.ceil(events.length / 5);
    for (let i = 0; i < events.length; i += size) {
      await applyStoredEvents(deps, TENANT, await store(events.slice(i, i + size)));
    }
    await recomputeDirty(deps, TENANT, recomputeShardOf(memberId));
    expect(commits.get(memberId)).toBe(1);
    expect(await dirtyMembers()).toEqual([]);
  });

  it('keeps the mark of a member whose facts change while it is recomputed, and computes it again', async () => {
    const { deps, commits } = pipeline();
    const memberId = bundles[0]?.member.memberId ?? '';
    const clinical = bundles[0]?.clinical[0];
    if (clinical === undefined) {
      throw new Error('the generated member has no clinical event');
    }
    await applyStoredEvents(deps, TENANT, await store([{ ...clinical, version: 90 }]));
    // Just after the member's result is committed, and before its mark is cleared, one more version of the event
    // is folded (as a concurrent batch would): the mark must stay, and the member be computed again.
    let raced = false;
    const results = deps.results;
    deps.results = {
      ...deps.results,
      async commit(input) {
        const outcome = await results.commit(input);
        if (!raced) {
          raced = true;
          await deps.facts.fold(TENANT, await store([{ ...clinical, version: 91 }]));
        }
        return outcome;
      },
    };
    await recomputeDirty(deps, TENANT, recomputeShardOf(memberId));
    expect(raced).toBe(true);
    expect(await dirtyMembers()).toEqual([]);
    expect(commits.get(memberId)).toBe(2);
    const stored = JSON.parse((await redis.get(keys.memberResult(TENANT, memberId))) ?? '{}') as {
      factsVersion: number;
    };
    expect(stored.factsVersion).toBe(await deps.facts.memberVersion(TENANT, memberId));
  });

  it('a sweep clears the marks of the members it brings current; a mark whose facts moved since stays', async () => {
    const { deps, commits } = pipeline();
    const memberIds = bundles.map((b) => b?.member.memberId ?? '');
    // Everything computed, then new facts for two members: both marked dirty.
    await sweepTenant(deps, TENANT);
    await applyStoredEvents(
      deps,
      TENANT,
      await store(
        [0, 1].map((i) => {
          const clinical = bundles[i]?.clinical[0];
          if (clinical === undefined) {
            throw new Error('the generated member has no clinical event');
          }
          return { ...clinical, version: 200 + i };
        }),
      ),
    );
    expect(await dirtyMembers()).toEqual(memberIds.slice(0, 2).sort());
    commits.clear();
    await sweepTenant(deps, TENANT);
    expect(await dirtyMembers()).toEqual([]);
    expect([...commits.keys()].sort()).toEqual(memberIds.slice(0, 2).sort());
    // Their shards' jobs, had they been asked for, now find nothing to do.
    for (const memberId of memberIds.slice(0, 2)) {
      expect(await recomputeDirty(deps, TENANT, recomputeShardOf(memberId))).toEqual({
        recomputed: 0,
        skipped: 0,
        remaining: false,
      });
    }

    // A mark is cleared only at the facts version the result was computed from.
    const memberId = memberIds[2] as string;
    const clinical = bundles[2]?.clinical[0];
    if (clinical === undefined) {
      throw new Error('the generated member has no clinical event');
    }
    const before = await deps.facts.memberVersion(TENANT, memberId);
    await applyStoredEvents(deps, TENANT, await store([{ ...clinical, version: 300 }]));
    expect(await deps.facts.memberVersion(TENANT, memberId)).toBeGreaterThan(before);
    await clearDirtyMarks(deps, TENANT, new Map([[memberId, before]]));
    expect(await dirtyMembers()).toEqual([memberId]);
    await clearDirtyMarks(deps, TENANT, new Map([[memberId, await deps.facts.memberVersion(TENANT, memberId)]]));
    expect(await dirtyMembers()).toEqual([]);
  });
});
