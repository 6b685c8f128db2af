/**
 * Members' computed results and the read models built from them: the population roll-ups (counters), the
 * open-gap queue (gap ids by priority, with their rows) and the `rollups` change record. A commit is one Lua step
 * guarded twice — the member's facts must still be at the version the result was computed from, and the stored
 * result must still be the one the difference was taken against — so concurrent recomputes of one member can
 * neither lose an update nor count one twice.
 */
import type { KeySpace } from '@benchline/shared/backend';
import { defineLuaScript, FEED_FIELDS, runLuaScript } from '@benchline/shared/backend';
import type { Redis } from 'ioredis';
import type { MemberResult, ResultDelta } from '../domain/member-result.js';

/** What is stored per member: the result and the facts version it was computed from. */
export interface StoredResult {
  factsVersion: number;
  result: MemberResult;
}

const COMMIT_RESULT = defineLuaScript(
  'commit-member-result',
  `
-- KEYS: member facts, member result, rollups, rollups meta, open gaps (zset), open gap rows, view version, feed seq, feed
-- ARGV: facts version, previous stored result ('' if none), new stored result, updatedAt, feed max length,
--       counter count n, then n (counter, delta), upsert count u, then u (gap id, priority, row json), then gap ids to remove
-- Returns -1 when the facts or the stored result moved on (recompute and try again), else the rollups view version (0 if
-- no counter changed).
local facts = redis.call('HGET', KEYS[1], '_v') or '0'
if facts ~= ARGV[1] then
  return -1
end
local stored = redis.call('GET', KEYS[2]) or ''
if stored ~= ARGV[2] then
  return -1
end
redis.call('SET', KEYS[2], ARGV[3])
local at = 7
local n = tonumber(ARGV[6])
local changed = {}
for i = 0, n - 1 do
  local counter = ARGV[at + i * 2]
  local value = redis.call('HINCRBY', KEYS[3], counter, ARGV[at + i * 2 + 1])
  if value == 0 then
    redis.call('HDEL', KEYS[3], counter)
  end
  changed[counter] = value
end
at = at + n * 2
local u = tonumber(ARGV[at])
at = at + 1
for i = 0, u - 1 do
  redis.call('ZADD', KEYS[5], ARGV[at + i * 3 + 1], ARGV[at + i * 3])
  redis.call('HSET', KEYS[6], ARGV[at + i * 3], ARGV[at + i * 3 + 2])
end
for i = at + u * 3, #ARGV do
  redis.call('ZREM', KEYS[5], ARGV[i])
  redis.call('HDEL', KEYS[6], ARGV[i])
end
if n == 0 then
  return 0
end
redis.call('HSET', KEYS[4], 'updatedAt', ARGV[4])
local prev = tonumber(redis.call('GET', KEYS[7]) or '0')
local version = redis.call('INCR', KEYS[8])
redis.call('SET', KEYS[7], version)
local change = cjson.encode({ counters = changed, updatedAt = ARGV[4] })
redis.call('XADD', KEYS[9], 'MAXLEN', '~', ARGV[5], '*',
  '${FEED_FIELDS.view}', 'rollups', '${FEED_FIELDS.version}', version, '${FEED_FIELDS.prev}', prev,
  '${FEED_FIELDS.change}', change)
return version
`,
);

export interface ResultsStore {
  /** The stored result and its raw form (the compare-and-set token), or nulls. */
  read(tenantId: string, memberId: string): Promise<{ stored: StoredResult | null; raw: string }>;
  commit(input: {
    tenantId: string;
    memberId: string;
    factsVersion: number;
    previousRaw: string;
    next: StoredResult;
    delta: ResultDelta;
    updatedAt: string;
  }): Promise<'committed' | 'conflict'>;
}

export function createResultsStore(redis: Redis, keys: KeySpace, options: { feedMaxLen: number }): ResultsStore {
  return {
    async read(tenantId, memberId) {
      const raw = (await redis.get(keys.memberResult(tenantId, memberId))) ?? '';
      return { stored: raw === '' ? null : (JSON.parse(raw) as StoredResult), raw };
    },
    async commit({ tenantId, memberId, factsVersion, previousRaw, next, delta, updatedAt }) {
      const args: (string | number)[] = [
        factsVersion,
        previousRaw,
        JSON.stringify(next),
        updatedAt,
        options.feedMaxLen,
      ];
      args.push(delta.counters.size);
      for (const [counter, value] of delta.counters) {
        args.push(counter, value);
      }
      args.push(delta.upsertOpenGaps.length);
      for (const gap of delta.upsertOpenGaps) {
        args.push(gap.gapId, gap.priority, JSON.stringify({ memberId, ...gap }));
      }
      args.push(...delta.removeOpenGaps);
      const reply = Number(
        await runLuaScript(
          redis,
          COMMIT_RESULT,
          [
            keys.memberFacts(tenantId, memberId),
            keys.memberResult(tenantId, memberId),
            keys.rollups(tenantId),
            keys.rollupsMeta(tenantId),
            keys.openGaps(tenantId),
            keys.openGapRows(tenantId),
            keys.viewVersion(tenantId, 'rollups'),
            keys.feedSeq(tenantId),
            keys.feed(tenantId),
          ],
          args,
        ),
      );
      return reply < 0 ? 'conflict' : 'committed';
    },
  };
}
