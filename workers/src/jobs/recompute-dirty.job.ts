/**
 * The recompute job: the members of one dirty shard of a tenant, a chunk at a time, recomputed (or skipped as
 * already current) and then unmarked — but only where the facts are still at the version the result is current
 * for, so a change folded meanwhile keeps its mark and is recomputed next. One job per (tenant, shard) at a time
 * (BullMQ deduplication), so however many batches touched a member while it waited, it is recomputed once.
 * A job works a bounded number of members and asks for a follow-up when the shard is not empty, so one busy
 * tenant never holds a worker for minutes.
 */
import type { KeySpace, RecomputeMembersJob } from '@benchline/shared/backend';
import {
  defineLuaScript,
  RecomputeMembersJob as RecomputeMembersJobSchema,
  recomputeShardOf,
  runLuaScript,
} from '@benchline/shared/backend';
import type { Job } from 'bullmq';
import { UnrecoverableError } from 'bullmq';
import type { Redis } from 'ioredis';
import { Compile } from 'typebox/compile';
import type { RecomputeDeps } from './recompute-members.js';
import { recomputeMembers } from './recompute-members.js';

/** Members taken from the shard per round. */
const CHUNK = 200;
/** Members a job works before handing the rest to a follow-up job. */
const MEMBERS_PER_JOB = 2000;

const CLEAR_DIRTY = defineLuaScript(
  'clear-dirty-members',
  `
-- KEYS: the dirty shard, then one member facts hash per member. ARGV: per member, (member id, facts version)
-- Unmarks a member only while its facts are still at the version its result is current for.
for i = 1, #ARGV, 2 do
  local version = redis.call('HGET', KEYS[(i + 1) / 2 + 1], '_v') or '0'
  if version == ARGV[i + 1] then
    redis.call('SREM', KEYS[1], ARGV[i])
  end
end
return 0
`,
);

export interface RecomputeDirtyDeps extends RecomputeDeps {
  redis: Redis;
  keys: KeySpace;
}

/**
 * Unmarks members a recompute left current — each only while its facts are still at the version its result is
 * current for (RecomputeOutcome.current), so a change folded meanwhile keeps its mark. Used by the recompute job
 * for its shard and by the sweep, whose members may sit in any shard.
 */
export async function clearDirtyMarks(
  deps: Pick<RecomputeDirtyDeps, 'redis' | 'keys'>,
  tenantId: string,
  current: ReadonlyMap<string, number>,
): Promise<void> {
  const byShard = new Map<number, [string, number][]>();
  for (const entry of current) {
    const shard = recomputeShardOf(entry[0]);
    const members = byShard.get(shard);
    if (members === undefined) {
      byShard.set(shard, [entry]);
    } else {
      members.push(entry);
    }
  }
  for (const [shard, members] of byShard) {
    await runLuaScript(
      deps.redis,
      CLEAR_DIRTY,
      [
        deps.keys.dirtyMembers(tenantId, shard),
        ...members.map(([memberId]) => deps.keys.memberFacts(tenantId, memberId)),
      ],
      members.flat(),
    );
  }
}

export interface RecomputeDirtyOutcome {
  recomputed: number;
  skipped: number;
  /** True when the shard still holds members (a follow-up job is owed). */
  remaining: boolean;
}

/** Works a dirty shard until it is empty or the job's share is done. Used by the job and by rebuild. */
export async function recomputeDirty(
  deps: RecomputeDirtyDeps,
  tenantId: string,
  shard: number,
  limit = MEMBERS_PER_JOB,
): Promise<RecomputeDirtyOutcome> {
  const dirtyKey = deps.keys.dirtyMembers(tenantId, shard);
  const total = { recomputed: 0, skipped: 0 };
  while (total.recomputed + total.skipped < limit) {
    const members = await deps.redis.srandmember(dirtyKey, CHUNK);
    if (members.length === 0) {
      return { ...total, remaining: false };
    }
    const outcome = await recomputeMembers(deps, tenantId, members);
    total.recomputed += outcome.recomputed;
    total.skipped += outcome.skipped;
    await clearDirtyMarks(deps, tenantId, outcome.current);
  }
  return { ...total, remaining: (await deps.redis.scard(dirtyKey)) > 0 };
}

export interface RecomputeRequests {
  requestRecompute: (tenantId: string, shard: number) => Promise<void>;
  requestFinanceView: (tenantId: string) => Promise<void>;
}

const isRecomputeMembersJob = Compile(RecomputeMembersJobSchema);

export function createRecomputeDirtyProcessor(
  deps: RecomputeDirtyDeps,
  requests: RecomputeRequests,
): (job: Job<RecomputeMembersJob>) => Promise<RecomputeDirtyOutcome> {
  return async (job) => {
    if (!isRecomputeMembersJob.Check(job.data)) {
      throw new UnrecoverableError('malformed recompute-members job');
    }
    const { tenantId, shard } = job.data;
    const outcome = await recomputeDirty(deps, tenantId, shard);
    if (outcome.remaining) {
      // Asked while this job is active: deduplication keeps it and runs it once this one completes.
      await requests.requestRecompute(tenantId, shard);
    }
    // Every recompute may move finance cells; a retried job that finds everything current asks again harmlessly.
    await requests.requestFinanceView(tenantId);
    return outcome;
  };
}
