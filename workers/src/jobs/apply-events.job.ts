/**
 * The apply-events processor: load a batch of stored events, run them through the pure folds, commit the
 * result in one atomic step. Wiring only — every decision lives in domain/. A job carries ids, never PHI.
 * A malformed job or an event missing from the store is unrecoverable (retrying cannot help); a Redis error
 * is thrown so BullMQ retries the whole batch with backoff, which is safe because applying is idempotent.
 */
import type { ClaimEvent } from '@benchline/shared';
import type { ApplyEventsJob } from '@benchline/shared/backend';
import { ApplyEventsJob as ApplyEventsJobSchema, recomputeShardOf } from '@benchline/shared/backend';
import type { Job } from 'bullmq';
import { UnrecoverableError } from 'bullmq';
import { Compile } from 'typebox/compile';
import type { EventReader, StoredEvent } from '../adapters/event-reader.js';
import type { FreshnessStore } from '../adapters/freshness-store.js';
import type { ClaimCommit, SpendStore } from '../adapters/spend-store.js';
import { factSlotOf } from '../domain/facts.js';
import { freshnessOf } from '../domain/freshness.js';
import { foldClaimIntoSpend, latestVersions, paidThroughOf } from '../domain/spend.js';
import type { RecomputeDeps } from './recompute-members.js';

export interface ApplyEventsDeps extends RecomputeDeps {
  events: EventReader;
  spend: SpendStore;
  freshness: FreshnessStore;
  /** Wall-clock time for the "updated at" mark; injected so tests control it. */
  now: () => Date;
  /** Asks for every member to be recomputed against tenant facts at this version (see sweep-members.job). */
  requestSweep: (tenantId: string, tenantVersion: number) => Promise<void>;
  /** Asks for the tenant's finance view to be recomputed from its cells (coalesced; see finance-view.job). */
  requestFinanceView: (tenantId: string) => Promise<void>;
  /** Asks for a dirty-member shard of the tenant to be recomputed (coalesced; see recompute-dirty.job). */
  requestRecompute: (tenantId: string, shard: number) => Promise<void>;
}

export interface ApplyOutcome {
  /** Claims whose spend contribution changed. */
  applied: number;
  /** Events that changed no spend (duplicates, stale versions, other kinds). */
  unchanged: number;
  /** Members whose facts changed (marked dirty; their recompute is asked for, not done here). */
  changed: number;
}

/** Compare-and-set rounds before giving up to BullMQ's own retry; contention on one claim is rare. */
const MAX_CONFLICT_ROUNDS = 8;

/** Concurrent batches kept moving some of this batch's claims: apply the batch again (it is idempotent). */
export class ClaimsContendedError extends Error {
  constructor(readonly claims: number) {
    super(`${claims} claim contributions kept changing under this batch; retrying the job`);
    this.name = 'ClaimsContendedError';
  }
}

const isApplyEventsJob = Compile(ApplyEventsJobSchema);

export function createApplyEventsProcessor(deps: ApplyEventsDeps): (job: Job<ApplyEventsJob>) => Promise<ApplyOutcome> {
  return async (job) => {
    if (!isApplyEventsJob.Check(job.data)) {
      throw new UnrecoverableError('malformed apply-events job');
    }
    const { tenantId, eventIds } = job.data;
    const stored = await deps.events.read(tenantId, eventIds);
    if (stored.length !== new Set(eventIds).size) {
      throw new UnrecoverableError(
        `${new Set(eventIds).size - stored.length} events of the job are not in the event store`,
      );
    }
    return applyStoredEvents(deps, tenantId, stored);
  };
}

/**
 * Applies stored events, in any order and any number of times: the spend fold, the fact index (which marks the
 * members whose facts changed dirty), then asks for their recompute. The apply job and rebuild both come through
 * here.
 */
export async function applyStoredEvents(
  deps: ApplyEventsDeps,
  tenantId: string,
  stored: readonly StoredEvent[],
): Promise<ApplyOutcome> {
  const claims = stored.flatMap(({ event }) => (event.kind === 'claim' ? [event] : []));
  const applied = await applyClaims(deps, tenantId, claims);
  const fold = await deps.facts.fold(tenantId, stored);
  const paidThrough = paidThroughOf(claims);
  await deps.freshness.raise(tenantId, {
    ...freshnessOf(
      stored.map(({ event }) => event),
      deps.now().toISOString().slice(0, 10),
    ),
    ...(paidThrough === null ? {} : { claimsPaidThrough: paidThrough }),
  });
  if (stored.some(({ event }) => factSlotOf(event).memberId === null)) {
    // Whenever the batch carries tenant-wide facts, changed now or not: a job retried after a crash between the
    // fold and this line finds nothing changed, yet its sweep was never asked for. The version names the sweep,
    // so asking twice costs nothing.
    await deps.requestSweep(tenantId, await deps.facts.tenantVersion(tenantId));
  }
  // The shards of every member the batch touches, not only of those whose facts changed now: a job retried after
  // a crash past the fold finds nothing changed, yet their recompute may never have been asked for. The fold
  // marked the changed members dirty in the same step; asking twice costs nothing (deduplication).
  const shards = new Set(
    stored.flatMap(({ event }) => {
      const memberId = factSlotOf(event).memberId;
      return memberId === null ? [] : [recomputeShardOf(memberId)];
    }),
  );
  for (const shard of shards) {
    await deps.requestRecompute(tenantId, shard);
  }
  // The paid-through month moves with claims alone (no member recompute): the view follows it too.
  await deps.requestFinanceView(tenantId);
  return { applied, unchanged: stored.length - applied, changed: fold.members.length };
}

async function applyClaims(deps: ApplyEventsDeps, tenantId: string, claims: ClaimEvent[]): Promise<number> {
  if (claims.length === 0) {
    return 0;
  }
  const latest = latestVersions(claims);
  let pending = [...latest.keys()];
  let paidThrough = paidThroughOf(claims);
  let applied = 0;
  for (let round = 0; round < MAX_CONFLICT_ROUNDS && pending.length > 0; round += 1) {
    const currents = await deps.spend.readContributions(tenantId, pending);
    const commits: ClaimCommit[] = [];
    for (const claimId of pending) {
      const current = currents.get(claimId) ?? null;
      const fold = foldClaimIntoSpend(current, latest.get(claimId) as ClaimEvent);
      if (fold !== null) {
        commits.push({ claimId, expected: current, next: fold.next, deltas: fold.deltas });
      }
    }
    if (commits.length === 0 && paidThrough === null) {
      break;
    }
    const result = await deps.spend.commit({ tenantId, commits, paidThrough, updatedAt: deps.now().toISOString() });
    applied += commits.length - result.conflicts.length;
    pending = result.conflicts;
    paidThrough = null; // recorded by the first commit
  }
  if (pending.length > 0) {
    throw new ClaimsContendedError(pending.length);
  }
  return applied;
}
