/**
 * What `$evaluate-measure` reads and writes beyond a member's facts: the tenant's member ids, scanned a page at a
 * time (a tenant of tens of thousands is never read in one reply), and the finished report, left under a key that
 * expires for the server to take (the job's return value, which BullMQ keeps in clear text, carries none of it).
 */
import type { KeySpace } from '@benchline/shared/backend';
import { EVALUATION_RESULT_TTL_SECONDS } from '@benchline/shared/backend';
import type { Redis } from 'ioredis';

export interface EvaluationStore {
  /** Every member id the tenant has facts for, in pages of about `pageSize`, each id once. */
  memberIds(tenantId: string, pageSize?: number): AsyncGenerator<string[]>;
  /** Leaves a finished report for the server, expiring after EVALUATION_RESULT_TTL_SECONDS. */
  saveReport(tenantId: string, jobId: string, report: unknown): Promise<void>;
}

export function createEvaluationStore(redis: Redis, keys: KeySpace): EvaluationStore {
  return {
    async *memberIds(tenantId, pageSize = 500) {
      const seen = new Set<string>();
      let cursor = '0';
      do {
        const [next, ids] = await redis.sscan(keys.members(tenantId), cursor, 'COUNT', pageSize);
        cursor = next;
        // SSCAN may return an id twice (while the set is rehashed): count each member once.
        const fresh = ids.filter((id) => !seen.has(id));
        for (const id of fresh) {
          seen.add(id);
        }
        if (fresh.length > 0) {
          yield fresh;
        }
      } while (cursor !== '0');
    },

    async saveReport(tenantId, jobId, report) {
      await redis.set(keys.evaluation(tenantId, jobId), JSON.stringify(report), 'EX', EVALUATION_RESULT_TTL_SECONDS);
    },
  };
}
