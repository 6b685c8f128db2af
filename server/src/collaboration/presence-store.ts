/**
 * Presence in Redis: one entry per open screen (socket session) — who, on which page, on which patient — kept alive
 * by the client's heartbeat and swept when it stops, so a screen whose tab, laptop or server died leaves within the
 * TTL even though nobody said goodbye. Arrivals, moves and departures append `presence` change records in the same
 * Lua step; heartbeats that change nothing append nothing.
 */
import type { PresenceEntry } from '@benchline/shared';
import type { KeySpace } from '@benchline/shared/backend';
import { defineLuaScript, runLuaScript } from '@benchline/shared/backend';
import type { Redis } from 'ioredis';
import { keyedViewLua, keyedViewSweepLua } from './keyed-view-lua.js';

const PRESENCE_LUA = keyedViewLua('presence');

/** KEYS of every presence script: presence, expiry, presence view version, feed seq, feed. ARGV 1–2: feed max length, retention. */
const UPDATE = defineLuaScript(
  'presence-update',
  `${PRESENCE_LUA}
-- ARGV 3…: session id, entry JSON (its 'since' is kept from the first arrival), ttl ms
local entry = cjson.decode(ARGV[4])
local raw = redis.call('HGET', KEYS[1], ARGV[3])
redis.call('ZADD', KEYS[2], nowMs() + tonumber(ARGV[5]), ARGV[3])
if raw then
  local current = cjson.decode(raw)
  entry.since = current.since
  if current.page == entry.page and current.memberId == entry.memberId then
    return 0
  end
end
local json = cjson.encode(entry)
redis.call('HSET', KEYS[1], ARGV[3], json)
publish({ json }, {})
return 1
`,
);

const HEARTBEAT = defineLuaScript(
  'presence-heartbeat',
  `${PRESENCE_LUA}
-- ARGV 3…: session id, ttl ms. Returns 0 when the session is no longer present (swept): it must announce itself again.
if redis.call('HEXISTS', KEYS[1], ARGV[3]) == 0 then return 0 end
redis.call('ZADD', KEYS[2], nowMs() + tonumber(ARGV[4]), ARGV[3])
return 1
`,
);

const LEAVE = defineLuaScript(
  'presence-leave',
  `${PRESENCE_LUA}
-- ARGV 3: session id
redis.call('ZREM', KEYS[2], ARGV[3])
if redis.call('HDEL', KEYS[1], ARGV[3]) == 1 then
  publish({}, { ARGV[3] })
  return 1
end
return 0
`,
);

const SWEEP = defineLuaScript('presence-sweep', keyedViewSweepLua('presence'));

export interface PresenceSettings {
  ttlMs: number;
  feedMaxLen: number;
  feedRetentionMs: number;
}

export interface PresenceStore {
  /** Announces a screen or moves it (page, patient); returns true when that changed what others see. */
  update(tenantId: string, entry: PresenceEntry): Promise<boolean>;
  /** Keeps a screen present; false when it had already been swept (the caller announces it again). */
  heartbeat(tenantId: string, sessionId: string): Promise<boolean>;
  leave(tenantId: string, sessionId: string): Promise<void>;
  sweep(tenantId: string): Promise<number>;
}

export function createPresenceStore(redis: Redis, keys: KeySpace, settings: PresenceSettings): PresenceStore {
  const run = (script: Parameters<typeof runLuaScript>[1], tenantId: string, args: (string | number)[]) =>
    runLuaScript(
      redis,
      script,
      [
        keys.presence(tenantId),
        keys.presenceExpiry(tenantId),
        keys.viewVersion(tenantId, 'presence'),
        keys.feedSeq(tenantId),
        keys.feed(tenantId),
      ],
      [settings.feedMaxLen, settings.feedRetentionMs, ...args],
    );
  return {
    async update(tenantId, entry) {
      await redis.sadd(keys.collaborationTenants(), tenantId);
      return Number(await run(UPDATE, tenantId, [entry.sessionId, JSON.stringify(entry), settings.ttlMs])) === 1;
    },
    async heartbeat(tenantId, sessionId) {
      return Number(await run(HEARTBEAT, tenantId, [sessionId, settings.ttlMs])) === 1;
    },
    async leave(tenantId, sessionId) {
      await run(LEAVE, tenantId, [sessionId]);
    },
    async sweep(tenantId) {
      return Number(await run(SWEEP, tenantId, []));
    },
  };
}
