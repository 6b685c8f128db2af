/**
 * Per-source freshness in one hash per tenant: each field only ever moves forward (one Lua step compares and
 * sets), so batches applied in any order, or twice, leave the latest date.
 */
import type { KeySpace } from '@benchline/shared/backend';
import { defineLuaScript, runLuaScript } from '@benchline/shared/backend';
import type { Redis } from 'ioredis';
import type { FreshnessField } from '../domain/freshness.js';

const RAISE_FRESHNESS = defineLuaScript(
  'raise-freshness',
  `
-- KEYS: the freshness hash. ARGV: field, date, field, date, … (ISO dates compare as text)
for i = 1, #ARGV, 2 do
  local current = redis.call('HGET', KEYS[1], ARGV[i])
  if (not current) or ARGV[i + 1] > current then
    redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
  end
end
return 0
`,
);

export interface FreshnessStore {
  raise(tenantId: string, dates: Partial<Record<FreshnessField, string>>): Promise<void>;
}

export function createFreshnessStore(redis: Redis, keys: KeySpace): FreshnessStore {
  return {
    async raise(tenantId, dates) {
      const args = Object.entries(dates).flat();
      if (args.length > 0) {
        await runLuaScript(redis, RAISE_FRESHNESS, [keys.freshness(tenantId)], args);
      }
    },
  };
}
