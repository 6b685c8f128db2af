/**
 * Members' computed results and the read models built from them: the population roll-ups (counters), the
 * open-gap queue (gap ids by priority, with their rows and filter indexes — kind, subject, TIN, NPI, worklist status
 * and coordinator) and the `rollups` and `gaps` change records (counters' new values; the queue's row deltas). A
 * commit is one Lua step guarded twice — the member's facts must still be at the version the result was computed
 * from, and the stored result must still be the one the difference was taken against — so concurrent recomputes of
 * one member can neither lose an update nor count one twice.
 */
import { createHash } from 'node:crypto';
import type { GapQueueRow } from '@benchline/shared';
import { UNASSIGNED } from '@benchline/shared';
import type { KeySpace } from '@benchline/shared/backend';
import type { FeedBounds } from '@benchline/shared/backend';
import { APPEND_FEED_LUA, defineLuaScript, feedBoundsArg, runLuaScript } from '@benchline/shared/backend';
import type { Redis } from 'ioredis';
import { ROLL_UP_TABLES, type RollUpTable } from '../domain/finance/rollups.js';
import type { GapRow, MemberResult, ResultDelta } from '../domain/member-result.js';

/** KEYS index (1-based, as Lua counts) of each finance table's hash in the commit script. */
const FINANCE_KEY_INDEX = Object.fromEntries(ROLL_UP_TABLES.map((table, i) => [table, 13 + i])) as Record<
  RollUpTable,
  number
>;

/** What is stored per member: the result and what it was computed from (facts versions and the day). */
export interface StoredResult {
  factsVersion: number;
  tenantVersion: number;
  /** The engines' "today": due dates, priority and the attribution month depend on it. */
  asOf: string;
  result: MemberResult;
}

const COMMIT_RESULT = defineLuaScript(
  'commit-member-result',
  `${APPEND_FEED_LUA}
-- KEYS: member facts, member result, rollups, rollups meta, open gaps (zset), open gap rows, rollups view version,
--       feed seq, feed, tenant facts, gaps view version, open-gap index list, then the finance tables' hashes
-- ARGV: facts version, SHA-1 of the previous stored result (of '' if none), new stored result, updatedAt,
--       feed bounds, tenant facts version, open-gap index key prefix, finance count f, then f (table key index,
--       field, delta), counter count n, then n (counter, delta), upsert count u, then u (gap id, priority,
--       row json), then gap ids to remove
-- Returns -1 when the facts or the stored result moved on (recompute and try again), else 0.
local facts = redis.call('HGET', KEYS[1], '_v') or '0'
if facts ~= ARGV[1] then
  return -1
end
local tenantFacts = redis.call('HGET', KEYS[10], '_v') or '0'
if tenantFacts ~= ARGV[6] then
  return -1
end
local stored = redis.call('GET', KEYS[2]) or ''
if redis.sha1hex(stored) ~= ARGV[2] then
  return -1
end
redis.call('SET', KEYS[2], ARGV[3])
local f = tonumber(ARGV[8])
local at = 9
for i = 0, f - 1 do
  local key, field = KEYS[tonumber(ARGV[at + i * 3])], ARGV[at + i * 3 + 1]
  if redis.call('HINCRBY', key, field, ARGV[at + i * 3 + 2]) == 0 then
    redis.call('HDEL', key, field)
  end
end
at = at + f * 3 + 1
local n = tonumber(ARGV[at - 1])
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

-- The open-gap queue, its filter indexes and its row-delta change record.
local indexPrefix = ARGV[7]
-- coordinator: the user id, or '${UNASSIGNED}' when nobody is assigned (so "unassigned" is a filter like any other;
-- user ids never are '${UNASSIGNED}'). Rows stored before the worklist existed have neither field and are indexed
-- without them.
local function indexesOf(row)
  local r = cjson.decode(row)
  local out = { indexPrefix .. 'kind:' .. r.kind, indexPrefix .. 'subject:' .. r.subject }
  if type(r.tin) == 'string' then out[#out + 1] = indexPrefix .. 'tin:' .. r.tin end
  if type(r.npi) == 'string' then out[#out + 1] = indexPrefix .. 'npi:' .. r.npi end
  if type(r.status) == 'string' then out[#out + 1] = indexPrefix .. 'status:' .. r.status end
  if type(r.coordinator) == 'string' then
    out[#out + 1] = indexPrefix .. 'coordinator:' .. r.coordinator
  elseif r.coordinator == cjson.null then
    out[#out + 1] = indexPrefix .. 'coordinator:${UNASSIGNED}'
  end
  return out
end
local function unindex(gapId)
  local old = redis.call('HGET', KEYS[6], gapId)
  if old then
    for _, key in ipairs(indexesOf(old)) do
      redis.call('ZREM', key, gapId)
      if redis.call('EXISTS', key) == 0 then
        redis.call('SREM', KEYS[12], key)
      end
    end
  end
end
local u = tonumber(ARGV[at])
at = at + 1
local upserted = {}
for i = 0, u - 1 do
  local gapId, priority, row = ARGV[at + i * 3], ARGV[at + i * 3 + 1], ARGV[at + i * 3 + 2]
  unindex(gapId)
  redis.call('ZADD', KEYS[5], priority, gapId)
  redis.call('HSET', KEYS[6], gapId, row)
  for _, key in ipairs(indexesOf(row)) do
    redis.call('ZADD', key, priority, gapId)
    redis.call('SADD', KEYS[12], key)
  end
  upserted[#upserted + 1] = row
end
local removed = {}
for i = at + u * 3, #ARGV do
  unindex(ARGV[i])
  redis.call('ZREM', KEYS[5], ARGV[i])
  redis.call('HDEL', KEYS[6], ARGV[i])
  removed[#removed + 1] = cjson.encode(ARGV[i])
end
if #upserted > 0 or #removed > 0 then
  -- Built as text: the rows are JSON already, and cjson would turn an empty list into {}.
  local change = '{"upsert":[' .. table.concat(upserted, ',') .. '],"remove":[' .. table.concat(removed, ',') .. ']}'
  appendFeedWithin(ARGV[5], KEYS[11], KEYS[8], KEYS[9], 'gaps', change)
end

if n == 0 then
  return 0
end
redis.call('HSET', KEYS[4], 'updatedAt', ARGV[4])
appendFeedWithin(ARGV[5], KEYS[7], KEYS[8], KEYS[9], 'rollups', cjson.encode({ counters = changed, updatedAt = ARGV[4] }))
return 0
`,
);

/** The queue's row for a gap: the gap as the result holds it, worklist included, with whose it is (GapQueueRow). */
export function queueRowOf(memberId: string, gap: GapRow): GapQueueRow {
  return {
    gapId: gap.gapId,
    memberId,
    kind: gap.kind,
    subject: gap.subject,
    title: gap.title,
    state: gap.state,
    dueDate: gap.dueDate,
    priority: gap.priority,
    explanation: gap.explanation,
    tin: gap.tin,
    npi: gap.npi,
    status: gap.status,
    coordinator: gap.coordinator,
    attempts: gap.attempts,
    lastOutreachAt: gap.lastOutreachAt,
    nextAttemptOn: gap.nextAttemptOn,
  };
}

export interface ResultsStore {
  /** The stored result and its raw form (the compare-and-set token), or nulls. */
  read(tenantId: string, memberId: string): Promise<{ stored: StoredResult | null; raw: string }>;
  commit(input: {
    tenantId: string;
    memberId: string;
    factsVersion: number;
    tenantVersion: number;
    previousRaw: string;
    next: StoredResult;
    delta: ResultDelta;
    updatedAt: string;
  }): Promise<'committed' | 'conflict'>;
}

export function createResultsStore(redis: Redis, keys: KeySpace, options: FeedBounds): ResultsStore {
  return {
    async read(tenantId, memberId) {
      const raw = (await redis.get(keys.memberResult(tenantId, memberId))) ?? '';
      return { stored: raw === '' ? null : (JSON.parse(raw) as StoredResult), raw };
    },
    async commit({ tenantId, memberId, factsVersion, tenantVersion, previousRaw, next, delta, updatedAt }) {
      const args: (string | number)[] = [
        factsVersion,
        // Its digest, not the result itself: the guard needs equality only, and the result is most of a commit's
        // bytes.
        createHash('sha1').update(previousRaw).digest('hex'),
        JSON.stringify(next),
        updatedAt,
        feedBoundsArg(options),
        tenantVersion,
        keys.openGapIndexPrefix(tenantId),
      ];
      const financeFields = delta.finance.flatMap((entry) =>
        Object.entries(entry.values).map(([name, value]) => [
          FINANCE_KEY_INDEX[entry.table],
          `${entry.key}#${name}`,
          value,
        ]),
      );
      args.push(financeFields.length, ...financeFields.flat());
      args.push(delta.counters.size);
      for (const [counter, value] of delta.counters) {
        args.push(counter, value);
      }
      args.push(delta.upsertOpenGaps.length);
      for (const gap of delta.upsertOpenGaps) {
        args.push(gap.gapId, gap.priority, JSON.stringify(queueRowOf(memberId, gap)));
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
            keys.tenantFacts(tenantId),
            keys.viewVersion(tenantId, 'gaps'),
            keys.openGapIndexes(tenantId),
            ...ROLL_UP_TABLES.map((table) => keys.finance(tenantId, table)),
          ],
          args,
        ),
      );
      return reply < 0 ? 'conflict' : 'committed';
    },
  };
}
