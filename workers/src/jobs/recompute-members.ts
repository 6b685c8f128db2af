/**
 * Recomputing members: read each member's facts and their stored result, run the engines (domain/member-result),
 * and commit the new result with the roll-up difference in one guarded step; on a conflict (the member's facts or
 * result moved on meanwhile) read and compute again. A member whose stored result was computed from the facts
 * version it has now is skipped: re-delivered events cost no engine time. Used by the apply job and by rebuild.
 */
import type { FactsStore } from '../adapters/facts-store.js';
import type { ResultsStore } from '../adapters/results-store.js';
import type { MemberResultConfig } from '../domain/member-result.js';
import { computeMemberResult, diffResults, raisedAlerts } from '../domain/member-result.js';
import type { CareAlert } from '@benchline/shared';
import type { TenantContext } from '../domain/tenant-context.js';
import { tenantContextOf } from '../domain/tenant-context.js';

export interface RecomputeDeps {
  facts: FactsStore;
  results: ResultsStore;
  /** The engines' configuration as of now (today's date, the performance year, the tables). */
  engineConfig: () => MemberResultConfig;
  now: () => Date;
  /**
   * Where care-transition alerts go (the live pipeline publishes them to the gateway); absent in rebuilds. Called
   * after the commit: an alert lost to a failure here is still a row on the queue.
   */
  raiseAlerts?: (tenantId: string, alerts: CareAlert[]) => Promise<void>;
}

/**
 * The tenant context at the tenant facts' current version. Deriving it reads every contract and provider, so it
 * is kept per (tenant, version) and per facts store — a cache only: the version comes from Redis on every call and
 * every commit is guarded by it, so a stale entry can never be committed against. Also used by the patient panel,
 * which computes a member against the same context the pipeline does.
 */
const tenantContexts = new WeakMap<object, Map<string, { version: number; entry: Promise<TenantContextEntry> }>>();

interface TenantContextEntry {
  version: number;
  context: TenantContext;
}

export async function currentTenantContext(
  facts: Pick<FactsStore, 'tenantVersion' | 'loadTenant'>,
  tenantId: string,
  config: MemberResultConfig,
): Promise<TenantContextEntry> {
  const cache = tenantContexts.get(facts) ?? new Map<string, { version: number; entry: Promise<TenantContextEntry> }>();
  tenantContexts.set(facts, cache);
  const version = await facts.tenantVersion(tenantId);
  const cached = cache.get(tenantId);
  if (cached !== undefined && cached.version === version) {
    return cached.entry; // members recomputed at once share one load of the tenant's facts
  }
  const entry = facts.loadTenant(tenantId).then((loaded) => ({
    version: loaded.version,
    context: tenantContextOf(loaded.facts, {
      year: Number(config.period.start.slice(0, 4)),
      tables: config.assignmentTables,
    }),
  }));
  cache.set(tenantId, { version, entry });
  entry.catch(() => {
    if (cache.get(tenantId)?.entry === entry) {
      cache.delete(tenantId); // a failed load is not kept: the next call loads again
    }
  });
  return entry;
}

export interface RecomputeOutcome {
  recomputed: number;
  skipped: number;
  /** Each member's facts version its stored result is now current for (to clear its dirty mark against). */
  current: Map<string, number>;
}

/** Compare-and-set rounds per member before giving up to the job's own retry. */
const MAX_ROUNDS = 8;

/**
 * Members recomputed at once. Each member is a few Redis round trips around some engine time; with several in
 * flight, Redis (its own process, on the other core) works through one member's reads and commit while the engines
 * run another's, instead of each waiting for the other. Members are independent — every commit is guarded and the
 * roll-ups are increments — so the order they finish in changes nothing.
 */
export const RECOMPUTE_CONCURRENCY = 16;

export async function recomputeMembers(
  deps: RecomputeDeps,
  tenantId: string,
  memberIds: Iterable<string>,
  options: { force?: boolean } = {},
): Promise<RecomputeOutcome> {
  const config = deps.engineConfig();
  const outcome: RecomputeOutcome = { recomputed: 0, skipped: 0, current: new Map<string, number>() };
  const queue = [...new Set(memberIds)];
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < queue.length) {
      const memberId = queue[next] as string;
      next += 1;
      try {
        await recomputeMember(deps, tenantId, memberId, config, options, outcome);
      } catch (error) {
        next = queue.length; // the other lanes stop after their member: the job fails once everything has settled
        throw error;
      }
    }
  };
  const lanes = await Promise.allSettled(Array.from({ length: Math.min(RECOMPUTE_CONCURRENCY, queue.length) }, lane));
  const failed = lanes.find((lane): lane is PromiseRejectedResult => lane.status === 'rejected');
  if (failed !== undefined) {
    throw failed.reason;
  }
  return outcome;
}

async function recomputeMember(
  deps: RecomputeDeps,
  tenantId: string,
  memberId: string,
  config: MemberResultConfig,
  options: { force?: boolean },
  outcome: RecomputeOutcome,
): Promise<void> {
  for (let round = 0; ; round += 1) {
    const [factsVersion, { stored, raw }, tenant] = await Promise.all([
      deps.facts.memberVersion(tenantId, memberId),
      deps.results.read(tenantId, memberId),
      currentTenantContext(deps.facts, tenantId, config),
    ]);
    if (
      !options.force &&
      stored !== null &&
      stored.factsVersion === factsVersion &&
      stored.tenantVersion === tenant.version &&
      stored.asOf === config.today
    ) {
      outcome.skipped += 1;
      outcome.current.set(memberId, factsVersion);
      return;
    }
    // The facts are read after the version check; the commit guards on the version they were read at.
    const { facts, version } = await deps.facts.load(tenantId, memberId);
    const result = computeMemberResult(facts, tenant.context, config);
    const committed = await deps.results.commit({
      tenantId,
      memberId,
      factsVersion: version,
      tenantVersion: tenant.version,
      previousRaw: raw,
      next: { factsVersion: version, tenantVersion: tenant.version, asOf: config.today, result },
      delta: diffResults(stored?.result ?? null, result),
      updatedAt: deps.now().toISOString(),
    });
    if (committed === 'committed') {
      if (deps.raiseAlerts !== undefined) {
        const alerts = raisedAlerts(stored?.result ?? null, result, deps.now().toISOString(), config.today);
        if (alerts.length > 0) {
          await deps.raiseAlerts(tenantId, alerts);
        }
      }
      outcome.recomputed += 1;
      outcome.current.set(memberId, version);
      return;
    }
    if (round + 1 >= MAX_ROUNDS) {
      throw new Error(`member result kept changing under recompute (tenant ${tenantId}); retrying the job`);
    }
  }
}
