/**
 * The sweep: when a tenant's contracts or participant list change, every member's attribution, finance cells and
 * everything downstream may change, so every member is recomputed — a chunk of the member set per job, each job
 * enqueuing the next from its SSCAN cursor, so a tenant of a million members never holds one job for minutes.
 * Members already computed against the current tenant facts are skipped, which makes overlapping sweeps, retries
 * and the live apply job racing a sweep all harmless; each commit is guarded by the tenant-facts version.
 */
import type { SweepMembersJob } from '@benchline/shared/backend';
import { SweepMembersJob as SweepMembersJobSchema } from '@benchline/shared/backend';
import type { Job } from 'bullmq';
import { UnrecoverableError } from 'bullmq';
import type { Redis } from 'ioredis';
import type { KeySpace } from '@benchline/shared/backend';
import { Compile } from 'typebox/compile';
import { clearDirtyMarks } from './recompute-dirty.job.js';
import type { RecomputeDeps } from './recompute-members.js';
import { recomputeMembers } from './recompute-members.js';

/** Members per sweep job: a few seconds of engine time at most. */
export const SWEEP_CHUNK = 500;

export interface SweepDeps extends RecomputeDeps {
  redis: Redis;
  keys: KeySpace;
}

/** What the sweep job asks for besides its next chunk. */
export interface SweepRequests {
  enqueue: (job: SweepMembersJob) => Promise<void>;
  requestFinanceView: (tenantId: string) => Promise<void>;
}

export interface SweepStep {
  /** The cursor to continue from; '0' when the member set has been walked. */
  next: string;
  recomputed: number;
  skipped: number;
}

/** Which members of a sweep one process takes: those whose id hashes to `part` of `parts`. */
export interface SweepShare {
  part: number;
  parts: number;
}

const WHOLE: SweepShare = { part: 0, parts: 1 };

/**
 * One chunk of a sweep: the members SSCAN returns from `cursor` (those in `share`), recomputed unless already
 * current, and their dirty marks cleared where their facts have not moved since — a member the sweep brought
 * current costs its shard's recompute job nothing more (after a rebuild's replay, that is every member).
 */
export async function sweepStep(
  deps: SweepDeps,
  tenantId: string,
  cursor: string,
  share: SweepShare = WHOLE,
): Promise<SweepStep> {
  const [next, members] = await deps.redis.sscan(deps.keys.members(tenantId), cursor, 'COUNT', SWEEP_CHUNK);
  const mine = share.parts === 1 ? members : members.filter((m) => sweepPartOf(m, share.parts) === share.part);
  const { recomputed, skipped, current } = await recomputeMembers(deps, tenantId, mine);
  await clearDirtyMarks(deps, tenantId, current);
  return { next, recomputed, skipped };
}

/**
 * Every member of the tenant, chunk by chunk, in-process (rebuild's final pass) — or, as part `part` of `parts`,
 * only the members whose id hashes to that part, so several processes can share one sweep (rebuild-sweep.ts).
 */
export async function sweepTenant(
  deps: SweepDeps,
  tenantId: string,
  share: SweepShare = WHOLE,
): Promise<{ recomputed: number; skipped: number }> {
  let cursor = '0';
  const total = { recomputed: 0, skipped: 0 };
  do {
    const step = await sweepStep(deps, tenantId, cursor, share);
    total.recomputed += step.recomputed;
    total.skipped += step.skipped;
    cursor = step.next;
  } while (cursor !== '0');
  return total;
}

/** Which of `parts` sweep parts a member falls in (FNV-1a of its id): stable, and even for any number of parts. */
export function sweepPartOf(memberId: string, parts: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < memberId.length; i += 1) {
    hash = Math.imul(hash ^ memberId.charCodeAt(i), 0x01000193) >>> 0;
  }
  return hash % parts;
}

const isSweepMembersJob = Compile(SweepMembersJobSchema);

export function createSweepMembersProcessor(
  deps: SweepDeps,
  requests: SweepRequests,
): (job: Job<SweepMembersJob>) => Promise<SweepStep> {
  return async (job) => {
    if (!isSweepMembersJob.Check(job.data)) {
      throw new UnrecoverableError('malformed sweep-members job');
    }
    const { tenantId, tenantVersion, cursor, asOf } = job.data;
    const step = await sweepStep(deps, tenantId, cursor);
    if (step.next !== '0') {
      // Enqueued before this job completes: a crash in between re-runs this chunk (skipped as current), never
      // loses the rest of the sweep.
      await requests.enqueue({ tenantId, tenantVersion, cursor: step.next, ...(asOf === undefined ? {} : { asOf }) });
    }
    // Every chunk moves cells (attribution decides whose spend counts): the view follows the sweep as it goes.
    await requests.requestFinanceView(tenantId);
    return step;
  };
}
