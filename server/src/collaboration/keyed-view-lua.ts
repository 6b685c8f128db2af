/**
 * What the lease and presence scripts share: Redis's clock (one clock for every server instance), publishing a
 * keyed view's change record (upserted rows, removed keys), and the sweep of entries whose expiry passed. Every
 * script built on it takes KEYS: hash, expiry zset, view version, feed seq, feed (then its own), and ARGV 1–2: feed
 * max length and retention.
 */
import { APPEND_FEED_LUA } from '@benchline/shared/backend';

export function keyedViewLua(view: 'leases' | 'presence'): string {
  return `${APPEND_FEED_LUA}
local function nowMs()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local function publish(upserts, removes)
  if #upserts == 0 and #removes == 0 then return end
  local quoted = {}
  for i, id in ipairs(removes) do quoted[i] = cjson.encode(id) end
  appendFeed(KEYS[3], KEYS[4], KEYS[5], '${view}',
    '{"upsert":[' .. table.concat(upserts, ',') .. '],"remove":[' .. table.concat(quoted, ',') .. ']}',
    ARGV[1], ARGV[2])
end
`;
}

/** The sweep: entries whose expiry (the zset score) passed leave the hash, in one change record. */
export function keyedViewSweepLua(view: 'leases' | 'presence'): string {
  return `${keyedViewLua(view)}
local removed = {}
for _, key in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', nowMs(), 'LIMIT', 0, 1000)) do
  redis.call('ZREM', KEYS[2], key)
  if redis.call('HDEL', KEYS[1], key) == 1 then
    removed[#removed + 1] = key
  end
end
publish({}, removed)
return #removed
`;
}
