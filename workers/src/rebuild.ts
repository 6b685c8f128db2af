/**
 * Rebuild: every read model of a tenant recomputed from its event store alone. The derived keys are deleted, then
 * the stored events are replayed in arrival order, a batch at a time, through the same code the apply job runs —
 * so a rebuilt tenant equals the incrementally maintained one by construction, and tests check that it does.
 * Meant for a quiet tenant (screens see the numbers rebuilt); the event store and its idempotency index stay.
 */
import type { KeySpace } from '@benchline/shared/backend';
import { decodeStoredEvent, RECOMPUTE_SHARDS } from '@benchline/shared/backend';
import type { Redis } from 'ioredis';
import type { StoredEvent } from './adapters/event-reader.js';
import { ROLL_UP_TABLES } from './domain/finance/rollups.js';
import { applyStoredEvents, ClaimsContendedError } from './jobs/apply-events.job.js';
import { refreshFinanceView } from './jobs/finance-view.job.js';
import { recomputeDirty } from './jobs/recompute-dirty.job.js';
import { sweepTenant } from './jobs/sweep-members.job.js';
import { sweepInProcesses, type SweepShare } from './rebuild-sweep.js';
import type { PipelineDeps } from './start-workers.js';

export interface RebuildProgress {
  events: number;
  members: number;
}

export interface RebuildOptions {
  /** Share the final sweep with child processes (rebuild-sweep.ts); by default it runs in this process alone. */
  sweep?: SweepShare;
}

const BATCH = 500;

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
  // facts met part-way through the replay); the dirty marks the replay left are then cleared as the live job
  // clears them, and the finance view is computed once — all in-process.
  const deps = {
    ...pipeline,
    requestSweep: async () => undefined,
    requestFinanceView: async () => undefined,
    requestRecompute: async () => undefined,
  };
  const progress: RebuildProgress = { events: 0, members: 0 };
  // Batches are applied a few at a time, as the live pipeline's workers do: applying is order-independent and
  // idempotent (claim versions by ordinal, guarded commits), so batches in flight together end where one-by-one
  // would, and Redis folds one batch while this process decodes the next.
  const inFlight = new Set<Promise<void>>();
  const failed: { error?: Error } = {}; // set by a batch's callback
  let start = '-';
  for (;;) {
    const entries = (await redis.xrange(keys.events(tenantId), start, '+', 'COUNT', BATCH)) as [string, string[]][];
    const batch: StoredEvent[] = [];
    for (const [eventId, fields] of entries) {
      const event = decodeStoredEvent(fields);
      if (event !== null) {
        batch.push({ eventId, event });
      }
    }
    if (batch.length > 0) {
      const applying = applyWithRetry(deps, tenantId, batch).then(
        () => {
          progress.events += batch.length;
          onProgress(progress);
        },
        (error: unknown) => {
          failed.error ??= error instanceof Error ? error : new Error(String(error));
        },
      );
      inFlight.add(applying);
      void applying.finally(() => inFlight.delete(applying));
      if (inFlight.size >= REPLAY_CONCURRENCY) {
        await Promise.race(inFlight);
      }
    }
    if (failed.error !== undefined) {
      break;
    }
    if (entries.length < BATCH) {
      break;
    }
    start = `(${entries[entries.length - 1]?.[0] ?? '0-0'}`;
  }
  await Promise.all(inFlight);
  if (failed.error !== undefined) {
    throw failed.error;
  }
  progress.members += (
    options.sweep === undefined || options.sweep.processes <= 1
      ? await sweepTenant(deps, tenantId)
      : await sweepInProcesses(deps, tenantId, options.sweep)
  ).recomputed;
  for (let shard = 0; shard < RECOMPUTE_SHARDS; shard += 1) {
    while ((await recomputeDirty(deps, tenantId, shard)).remaining) {
      // Everything is current after the sweep: each round only clears marks.
    }
  }
  await refreshFinanceView(pipeline.financeView, tenantId);
  onProgress(progress);
  return progress;
}

/** Batches applied at once during the replay. */
const REPLAY_CONCURRENCY = 4;

/**
 * A batch applied, again if a concurrent batch moved the same claims under it (the live job's retry, in-process):
 * applying again is idempotent.
 */
async function applyWithRetry(
  deps: Parameters<typeof applyStoredEvents>[0],
  tenantId: string,
  batch: StoredEvent[],
): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await applyStoredEvents(deps, tenantId, batch);
      return;
    } catch (error) {
      if (attempt >= 5 || !(error instanceof ClaimsContendedError)) {
        throw error;
      }
    }
  }
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
