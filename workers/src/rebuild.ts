/**
 * Rebuild: every read model of a tenant recomputed from its event store alone. The derived keys are deleted, then
 * the stored events are replayed through the same code the apply job runs (rebuild-replay.ts: a few batches at
 * once, in any order, as the live workers apply them) and every member is recomputed — so a rebuilt tenant equals
 * the incrementally maintained one by construction, and tests check that it does. Both phases can be shared with
 * child processes (rebuild-processes.ts). Meant for a quiet tenant (screens see the numbers rebuilt); the event
 * store and its idempotency index stay.
 */
import type { KeySpace } from '@benchline/shared/backend';
import { RECOMPUTE_SHARDS } from '@benchline/shared/backend';
import type { Redis } from 'ioredis';
import { ROLL_UP_TABLES } from './domain/finance/rollups.js';
import { refreshFinanceView } from './jobs/finance-view.job.js';
import { recomputeDirty } from './jobs/recompute-dirty.job.js';
import { sweepTenant } from './jobs/sweep-members.job.js';
import { startRebuildHelper, type RebuildHelper, type RebuildShare } from './rebuild-processes.js';
import { replayRanges, sliceStream, type StreamRange } from './rebuild-replay.js';
import type { PipelineDeps } from './start-workers.js';

export interface RebuildProgress {
  events: number;
  members: number;
}

export interface RebuildOptions {
  /** Share the rebuild with child processes (rebuild-processes.ts); by default it runs in this process alone. */
  share?: RebuildShare;
}

/** Time slices of the stream per process: enough that a burst of ingest does not land on one process alone. */
const SLICES_PER_PROCESS = 16;

export async function rebuildTenant(
  redis: Redis,
  keys: KeySpace,
  pipeline: PipelineDeps,
  tenantId: string,
  onProgress: (progress: RebuildProgress) => void = () => undefined,
  options: RebuildOptions = {},
): Promise<RebuildProgress> {
  await deleteDerived(redis, keys, tenantId);
  // Members are recomputed once, at the end, by one sweep over every member (which also catches up tenant-wide
  // facts met part-way through the replay, and clears the dirty marks the replay left as it goes); any mark still
  // left is then worked off as the live job works it, and the finance view is computed once.
  const deps = {
    ...pipeline,
    requestSweep: async () => undefined,
    requestFinanceView: async () => undefined,
    requestRecompute: async () => undefined,
  };
  const parts = Math.max(1, Math.floor(options.share?.processes ?? 1));
  const helpers: RebuildHelper[] =
    options.share === undefined
      ? []
      : Array.from({ length: parts - 1 }, (_, i) =>
          startRebuildHelper((options.share as RebuildShare).settings, `${i + 1} of ${parts - 1}`),
        );
  try {
    const progress: RebuildProgress = { events: 0, members: 0 };
    const replayed = (events: number) => {
      progress.events += events;
      onProgress(progress);
    };
    const stream = await sliceStream(redis, keys.events(tenantId), parts * SLICES_PER_PROCESS);
    if (stream !== null) {
      // Slices dealt round-robin: process p replays slices p, p + parts, p + 2 × parts, …
      const share = (part: number): StreamRange[] => stream.slices.filter((_, k) => k % parts === part);
      await allOrFirstFailure<unknown>([
        replayRanges({ redis, keys, apply: deps }, tenantId, share(0), replayed),
        ...helpers.map((helper, i) => helper.run({ task: 'replay', tenantId, ranges: share(i + 1) }, replayed)),
      ]);
      // Whatever was stored after the slices were cut (a rebuild is meant for a quiet tenant, but nothing is lost).
      await replayRanges({ redis, keys, apply: deps }, tenantId, [stream.after], replayed);
    }
    const swept = await allOrFirstFailure<{ recomputed: number }>([
      sweepTenant(deps, tenantId, { part: 0, parts }),
      ...helpers.map((helper, i) => helper.run({ task: 'sweep', tenantId, part: i + 1, parts })),
    ]);
    progress.members += swept.reduce((sum, part) => sum + part.recomputed, 0);
    for (let shard = 0; shard < RECOMPUTE_SHARDS; shard += 1) {
      while ((await recomputeDirty(deps, tenantId, shard)).remaining) {
        // Only members stored while the sweep ran (a rebuild is meant for a quiet tenant) are still marked.
      }
    }
    await refreshFinanceView(pipeline.financeView, tenantId);
    onProgress(progress);
    return progress;
  } finally {
    for (const helper of helpers) {
      helper.close();
    }
  }
}

/** Every promise settled; the first failure thrown, so no part is still writing when the caller hears of it. */
async function allOrFirstFailure<T>(parts: Promise<T>[]): Promise<T[]> {
  const settled = await Promise.allSettled(parts);
  const failed = settled.find((part): part is PromiseRejectedResult => part.status === 'rejected');
  if (failed !== undefined) {
    throw failed.reason;
  }
  return settled.map((part) => (part as PromiseFulfilledResult<T>).value);
}

/** Every key derived from the event store (never the store, its index, the feed or its sequence). */
async function deleteDerived(redis: Redis, keys: KeySpace, tenantId: string): Promise<void> {
  const members = await redis.smembers(keys.members(tenantId));
  const gapIndexes = await redis.smembers(keys.openGapIndexes(tenantId));
  const perMember = members.flatMap((memberId) => [
    keys.memberFacts(tenantId, memberId),
    keys.memberResult(tenantId, memberId),
  ]);
  const tenantKeys = [
    keys.members(tenantId),
    keys.tenantFacts(tenantId),
    keys.rollups(tenantId),
    keys.rollupsMeta(tenantId),
    keys.openGaps(tenantId),
    keys.openGapRows(tenantId),
    keys.openGapIndexes(tenantId),
    ...gapIndexes,
    ...ROLL_UP_TABLES.map((table) => keys.finance(tenantId, table)),
    keys.spendClaims(tenantId),
    keys.spendPaid(tenantId),
    keys.spendCount(tenantId),
    keys.spendMeta(tenantId),
    keys.freshness(tenantId),
    ...Array.from({ length: RECOMPUTE_SHARDS }, (_, shard) => keys.dirtyMembers(tenantId, shard)),
  ];
  const all = [...tenantKeys, ...perMember];
  // The tenant facts' change counter carries on from where it was instead of starting again: sweep jobs are named by
  // it (and BullMQ keeps finished ones for a day), and workers cache the tenant context by it, so a counter that went
  // back would give a later contract or provider change the name of a sweep that already ran — it would never run —
  // and could hand workers a cached context for other facts. (The replay can count fewer changes than the live
  // pipeline did: live batches run out of arrival order, and a newer version applied first hides the older one.)
  const tenantVersion = await redis.hget(keys.tenantFacts(tenantId), '_v');
  for (let i = 0; i < all.length; i += 1000) {
    await redis.unlink(...all.slice(i, i + 1000));
  }
  if (tenantVersion !== null) {
    await redis.hset(keys.tenantFacts(tenantId), '_v', tenantVersion);
  }
}
