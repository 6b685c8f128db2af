/**
 * The daily refresh: a sweep of every tenant that has sent events, named by the day, so date-dependent results
 * (a gap coming due, a next attempt arriving, a new attribution month) are recomputed although no event came.
 * Members already computed today are skipped by the sweep, so a refresh that runs twice costs a scan, not engine
 * time.
 */
import type { KeySpace, SweepMembersJob } from '@benchline/shared/backend';
import type { Redis } from 'ioredis';
import type { FactsStore } from '../adapters/facts-store.js';

export interface DailyRefreshDeps {
  redis: Redis;
  keys: KeySpace;
  facts: Pick<FactsStore, 'tenantVersion'>;
  enqueueSweep: (job: SweepMembersJob) => Promise<void>;
  /** The composition root's clock: the day being refreshed for. */
  now: () => Date;
}

export function createDailyRefreshProcessor(deps: DailyRefreshDeps): () => Promise<{ tenants: number; asOf: string }> {
  return async () => {
    const asOf = deps.now().toISOString().slice(0, 10);
    const tenants = await deps.redis.smembers(deps.keys.tenants());
    for (const tenantId of tenants.sort()) {
      await deps.enqueueSweep({ tenantId, tenantVersion: await deps.facts.tenantVersion(tenantId), cursor: '0', asOf });
    }
    return { tenants: tenants.length, asOf };
  };
}
