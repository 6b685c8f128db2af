/**
 * Queue names and job payloads. Jobs carry ids only, never PHI: BullMQ stores job data in clear text, and a
 * job's data shows up in dashboards and logs. The worker reads the events themselves from the event store.
 */
import { Type, type Static } from 'typebox';
import { TenantId } from '../tenant.js';

export const APPLY_EVENTS_QUEUE = 'apply-events';
export const APPLY_EVENTS_JOB = 'apply-events';
/** Events per apply job: large enough to amortise a job, small enough to retry cheaply. */
export const MAX_EVENTS_PER_JOB = 1000;

export const ApplyEventsJob = Type.Object(
  {
    tenantId: TenantId,
    eventIds: Type.Array(
      Type.String({ pattern: '^[0-9]+-[0-9]+$', description: 'Stream id in the tenant event store' }),
      {
        minItems: 1,
        maxItems: MAX_EVENTS_PER_JOB,
      },
    ),
  },
  { additionalProperties: false },
);
export type ApplyEventsJob = Static<typeof ApplyEventsJob>;

/**
 * A job id derived from its content: re-queueing the same events (a client retrying after a lost response) is
 * a no-op while BullMQ still knows the job, and a harmless re-apply after that (applying is idempotent).
 */
export function applyEventsJobId(job: ApplyEventsJob): string {
  // FNV-1a over the ids: short, stable, no Node crypto (this module is shared with every backend process).
  let hash = 0x811c9dc5;
  for (const id of job.eventIds) {
    for (let i = 0; i < id.length; i += 1) {
      hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193) >>> 0;
    }
    hash = Math.imul(hash ^ 0x2c, 0x01000193) >>> 0;
  }
  return `${job.tenantId}_${job.eventIds[0]}_${job.eventIds.length}_${hash.toString(36)}`;
}

/**
 * Recomputing every member of a tenant against its current tenant-wide facts (a contract or the participant list
 * changed): one job per chunk of the member set, each enqueuing the next from its SSCAN cursor. The first job's
 * id names the tenant-facts version, so one change asks for one sweep however many batches carried it.
 */
export const SWEEP_MEMBERS_QUEUE = 'sweep-members';
export const SWEEP_MEMBERS_JOB = 'sweep-members';

export const SweepMembersJob = Type.Object(
  {
    tenantId: TenantId,
    /** The tenant-facts version the sweep was asked for (members already computed against it are skipped). */
    tenantVersion: Type.Integer({ minimum: 0 }),
    /** SSCAN cursor over the tenant's member set; '0' starts the sweep. */
    cursor: Type.String({ pattern: '^[0-9]+$' }),
    /**
     * The day a daily refresh sweeps for (due dates, ranks and the attribution month move with the date); it names
     * the sweep, so each day's is one sweep however many workers ask.
     */
    asOf: Type.Optional(Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' })),
  },
  { additionalProperties: false },
);
export type SweepMembersJob = Static<typeof SweepMembersJob>;

export function sweepMembersJobId(job: SweepMembersJob): string {
  return `${job.tenantId}_v${job.tenantVersion}${job.asOf === undefined ? '' : `_d${job.asOf}`}_${job.cursor}`;
}

/**
 * The daily refresh: just after midnight UTC, a sweep of every tenant, so results that depend on the date (gaps
 * coming due, next attempts arriving, the attribution month, the measurement period) move although no event came.
 * One scheduler for the whole deployment (BullMQ job scheduler; every worker process upserts the same one).
 */
export const DAILY_REFRESH_QUEUE = 'daily-refresh';
export const DAILY_REFRESH_JOB = 'daily-refresh';
export const DAILY_REFRESH_SCHEDULER = 'daily-refresh';
/** Seconds minutes hours …: five minutes past midnight UTC, after the day has turned everywhere it matters. */
export const DAILY_REFRESH_PATTERN = '0 5 0 * * *';

/**
 * Recomputing a tenant's finance view from its roll-up cells. Asked for after every batch and sweep step that may
 * have moved a cell; BullMQ deduplication by tenant turns a burst of requests into one job, and keeps one more
 * when a request arrives while the job runs, so the view always ends at the latest cells.
 */
export const FINANCE_VIEW_QUEUE = 'finance-view';
export const FINANCE_VIEW_JOB = 'finance-view';

export const FinanceViewJob = Type.Object({ tenantId: TenantId }, { additionalProperties: false });
export type FinanceViewJob = Static<typeof FinanceViewJob>;

export function financeViewDeduplicationId(tenantId: string): string {
  return `finance-view_${tenantId}`;
}

/**
 * Recomputing the members whose facts changed. Applying a batch marks them dirty (in the same Lua step that folds
 * their facts, so a mark is never lost) in one of a few shards per tenant, and asks for that shard's recompute:
 * BullMQ deduplication per (tenant, shard) with a short delay coalesces every batch that touches a member in the
 * meantime into one recompute, and the shards let several workers recompute one tenant at once.
 */
export const RECOMPUTE_MEMBERS_QUEUE = 'recompute-members';
export const RECOMPUTE_MEMBERS_JOB = 'recompute-members';
/** Dirty-member shards per tenant: how many workers can recompute one tenant in parallel. */
export const RECOMPUTE_SHARDS = 8;

export const RecomputeMembersJob = Type.Object(
  { tenantId: TenantId, shard: Type.Integer({ minimum: 0, maximum: RECOMPUTE_SHARDS - 1 }) },
  { additionalProperties: false },
);
export type RecomputeMembersJob = Static<typeof RecomputeMembersJob>;

/** The shard a member's dirty mark goes to (FNV-1a: stable across processes and languages). */
export function recomputeShardOf(memberId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < memberId.length; i += 1) {
    hash = Math.imul(hash ^ memberId.charCodeAt(i), 0x01000193) >>> 0;
  }
  return hash % RECOMPUTE_SHARDS;
}

export function recomputeDeduplicationId(tenantId: string, shard: number): string {
  return `recompute_${tenantId}_${shard}`;
}
