/**
 * Per-source freshness in one hash per tenant: each field only ever moves forward (one Lua step compares and
 * sets), so batches applied in any order, or twice, leave the latest date; the sources that moved go out as a
 * `freshness` change record in the same step, so every screen's "as of" follows.
 */
import type { FreshnessSource } from '@benchline/shared';
import type { FeedBounds, KeySpace } from '@benchline/shared/backend';
import { APPEND_FEED_LUA, defineLuaScript, feedBoundsArg, runLuaScript } from '@benchline/shared/backend';
import type { Redis } from 'ioredis';

const RAISE_FRESHNESS = defineLuaScript(
  'raise-freshness',
  `${APPEND_FEED_LUA}
-- KEYS: the freshness hash, the freshness view version, feed seq, feed
-- ARGV: feed bounds, then field, date, field, date, … (ISO dates compare as text)
local moved = {}
local any = false
for i = 2, #ARGV, 2 do
  local current = redis.call('HGET', KEYS[1], ARGV[i])
  if (not current) or ARGV[i + 1] > current then
    redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
    moved[ARGV[i]] = ARGV[i + 1]
    any = true
  end
end
if any then
  appendFeedWithin(ARGV[1], KEYS[2], KEYS[3], KEYS[4], 'freshness', cjson.encode(moved))
end
return 0
`,
);

export interface FreshnessStore {
  raise(tenantId: string, dates: Partial<Record<FreshnessSource, string>>): Promise<void>;
}

export function createFreshnessStore(redis: Redis, keys: KeySpace, feed: FeedBounds): FreshnessStore {
  return {
    async raise(tenantId, dates) {
      const args = Object.entries(dates).flat();
      if (args.length > 0) {
        await runLuaScript(
          redis,
          RAISE_FRESHNESS,
          [
            keys.freshness(tenantId),
            keys.viewVersion(tenantId, 'freshness'),
            keys.feedSeq(tenantId),
            keys.feed(tenantId),
          ],
          [feedBoundsArg(feed), ...args],
        );
      }
    },
  };
}
