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
const tenantContexts = new WeakMap<object, Map<string, { version: number; context: TenantContext }>>();

export async function currentTenantContext(
  facts: Pick<FactsStore, 'tenantVersion' | 'loadTenant'>,
  tenantId: string,
  config: MemberResultConfig,
): Promise<{ version: number; context: TenantContext }> {
  const cache = tenantContexts.get(facts) ?? new Map<string, { version: number; context: TenantContext }>();
  tenantContexts.set(facts, cache);
  const version = await facts.tenantVersion(tenantId);
  const cached = cache.get(tenantId);
  if (cached !== undefined && cached.version === version) {
    return cached;
  }
  const loaded = await facts.loadTenant(tenantId);
  const entry = {
    version: loaded.version,
    context: tenantContextOf(loaded.facts, {
      year: Number(config.period.start.slice(0, 4)),
      tables: config.assignmentTables,
    }),
  };
  cache.set(tenantId, entry);
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

export async function recomputeMembers(
  deps: RecomputeDeps,
  tenantId: string,
  memberIds: Iterable<string>,
  options: { force?: boolean } = {},
): Promise<RecomputeOutcome> {
  const config = deps.engineConfig();
  let recomputed = 0;
  let skipped = 0;
  const current = new Map<string, number>();
  for (const memberId of new Set(memberIds)) {
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
        skipped += 1;
        current.set(memberId, factsVersion);
        break;
      }
      // The facts are read after the version check; the commit guards on the version they were read at.
      const { facts, version } = await deps.facts.load(tenantId, memberId);
      const result = computeMemberResult(facts, tenant.context, config);
      const outcome = await deps.results.commit({
        tenantId,
        memberId,
        factsVersion: version,
        tenantVersion: tenant.version,
        previousRaw: raw,
        next: { factsVersion: version, tenantVersion: tenant.version, asOf: config.today, result },
        delta: diffResults(stored?.result ?? null, result),
        updatedAt: deps.now().toISOString(),
      });
      if (outcome === 'committed') {
        if (deps.raiseAlerts !== undefined) {
          const alerts = raisedAlerts(stored?.result ?? null, result, deps.now().toISOString(), config.today);
          if (alerts.length > 0) {
            await deps.raiseAlerts(tenantId, alerts);
          }
        }
        recomputed += 1;
        current.set(memberId, version);
        break;
      }
      if (round + 1 >= MAX_ROUNDS) {
        throw new Error(`member result kept changing under recompute (tenant ${tenantId}); retrying the job`);
      }
    }
  }
  return { recomputed, skipped, current };
}
