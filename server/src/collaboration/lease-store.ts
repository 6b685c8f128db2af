/**
 * Leases on patients, in Redis: a coordinator claims a patient for a TTL, renews it by heartbeat, and releases it
 * (explicitly, on disconnect, or by letting it lapse). Every grant takes the tenant's next fencing token, and the
 * ingest refuses a worklist write whose token is not the patient's current lease (see event-ingest's fence), so a
 * holder who lost the patient — paused, partitioned, reassigned — cannot write over the next one.
 *
 * Each step is one Lua script, timed by Redis's clock (TIME), so any number of server instances agree on who holds
 * what and when it lapses; every grant, release and lapse appends a `leases` change record in the same step.
 */
import type { Lease } from '@benchline/shared';
import type { KeySpace } from '@benchline/shared/backend';
import { defineLuaScript, runLuaScript } from '@benchline/shared/backend';
import type { Redis } from 'ioredis';
import { keyedViewLua, keyedViewSweepLua } from './keyed-view-lua.js';

/** Lua shared by the lease scripts, and a stored lease as the view shows it (without its session and expiry). */
const LEASE_LUA = `${keyedViewLua('leases')}
local function public(lease)
  return cjson.encode({ memberId = lease.memberId, holder = lease.holder, holderName = lease.holderName,
    token = lease.token, claimedAt = lease.claimedAt })
end
`;

/** KEYS of every lease script: leases, expiry, leases view version, feed seq, feed, tokens. ARGV 1–2: feed max length, retention. */
const CLAIM = defineLuaScript(
  'lease-claim',
  `${LEASE_LUA}
-- ARGV 3…: member id, user id, user name, session id, ttl ms, claimedAt
-- Returns {'claimed', lease} (a new grant, or the caller's own live lease renewed) or {'held', lease}.
local now = nowMs()
local raw = redis.call('HGET', KEYS[1], ARGV[3])
if raw then
  local current = cjson.decode(raw)
  if current.expiresAt > now then
    if current.holder ~= ARGV[4] then
      return { 'held', public(current) }
    end
    current.expiresAt = now + tonumber(ARGV[7])
    current.sessionId = ARGV[6]
    redis.call('HSET', KEYS[1], ARGV[3], cjson.encode(current))
    redis.call('ZADD', KEYS[2], current.expiresAt, ARGV[3])
    return { 'claimed', public(current) }
  end
end
local lease = { memberId = ARGV[3], holder = ARGV[4], holderName = ARGV[5], sessionId = ARGV[6],
  token = redis.call('INCR', KEYS[6]), expiresAt = now + tonumber(ARGV[7]), claimedAt = ARGV[8] }
redis.call('HSET', KEYS[1], ARGV[3], cjson.encode(lease))
redis.call('ZADD', KEYS[2], lease.expiresAt, ARGV[3])
publish({ public(lease) }, {})
return { 'claimed', public(lease) }
`,
);

const RENEW = defineLuaScript(
  'lease-renew',
  `${LEASE_LUA}
-- ARGV 3…: user id, session id, ttl ms. Renews every live lease the user holds (the heartbeat); a lease granted to
-- the user by a supervisor moves to this session. Returns the renewed leases.
local now = nowMs()
local renewed = {}
local all = redis.call('HGETALL', KEYS[1])
for i = 1, #all, 2 do
  local lease = cjson.decode(all[i + 1])
  if lease.holder == ARGV[3] and lease.expiresAt > now then
    lease.expiresAt = now + tonumber(ARGV[5])
    lease.sessionId = ARGV[4]
    redis.call('HSET', KEYS[1], all[i], cjson.encode(lease))
    redis.call('ZADD', KEYS[2], lease.expiresAt, all[i])
    renewed[#renewed + 1] = public(lease)
  end
end
return renewed
`,
);

const RELEASE = defineLuaScript(
  'lease-release',
  `${LEASE_LUA}
-- ARGV 3…: member id, user id, token. Returns 1 when released, 0 when the token is not the current lease.
local raw = redis.call('HGET', KEYS[1], ARGV[3])
if not raw then return 0 end
local lease = cjson.decode(raw)
if lease.holder ~= ARGV[4] or tostring(lease.token) ~= ARGV[5] then return 0 end
redis.call('HDEL', KEYS[1], ARGV[3])
redis.call('ZREM', KEYS[2], ARGV[3])
publish({}, { ARGV[3] })
return 1
`,
);

const RELEASE_SESSION = defineLuaScript(
  'lease-release-session',
  `${LEASE_LUA}
-- ARGV 3: session id. Releases every lease the session holds (it disconnected). Returns how many.
local removed = {}
local all = redis.call('HGETALL', KEYS[1])
for i = 1, #all, 2 do
  if cjson.decode(all[i + 1]).sessionId == ARGV[3] then
    redis.call('HDEL', KEYS[1], all[i])
    redis.call('ZREM', KEYS[2], all[i])
    removed[#removed + 1] = all[i]
  end
end
publish({}, removed)
return #removed
`,
);

const REASSIGN = defineLuaScript(
  'lease-reassign',
  `${LEASE_LUA}
-- ARGV 3…: member id, to user id, to user name, ttl ms, claimedAt. A new token, so the previous holder's writes
-- are refused from now on; the new holder's next heartbeat adopts the lease (until then it runs on the TTL).
local now = nowMs()
local lease = { memberId = ARGV[3], holder = ARGV[4], holderName = ARGV[5], sessionId = '',
  token = redis.call('INCR', KEYS[6]), expiresAt = now + tonumber(ARGV[6]), claimedAt = ARGV[7] }
redis.call('HSET', KEYS[1], ARGV[3], cjson.encode(lease))
redis.call('ZADD', KEYS[2], lease.expiresAt, ARGV[3])
publish({ public(lease) }, {})
return public(lease)
`,
);

/** Releases leases whose time ran out (their holder stopped renewing: a closed laptop, a killed tab, a lost server). */
const SWEEP = defineLuaScript('lease-sweep', keyedViewSweepLua('leases'));

export type ClaimOutcome = { status: 'claimed'; lease: Lease } | { status: 'held'; lease: Lease };

export interface LeaseSettings {
  ttlMs: number;
  feedMaxLen: number;
  feedRetentionMs: number;
}

export interface LeaseStore {
  claim(
    tenantId: string,
    request: { memberId: string; userId: string; userName: string; sessionId: string },
  ): Promise<ClaimOutcome>;
  /** The heartbeat: renews every lease the user holds and moves them to this session; returns them. */
  renew(tenantId: string, request: { userId: string; sessionId: string }): Promise<Lease[]>;
  release(tenantId: string, request: { memberId: string; userId: string; token: number }): Promise<boolean>;
  releaseSession(tenantId: string, sessionId: string): Promise<number>;
  reassign(tenantId: string, request: { memberId: string; toUserId: string; toUserName: string }): Promise<Lease>;
  sweep(tenantId: string): Promise<number>;
}

export function createLeaseStore(redis: Redis, keys: KeySpace, settings: LeaseSettings): LeaseStore {
  const run = (script: Parameters<typeof runLuaScript>[1], tenantId: string, args: (string | number)[]) =>
    runLuaScript(
      redis,
      script,
      [
        keys.leases(tenantId),
        keys.leaseExpiry(tenantId),
        keys.viewVersion(tenantId, 'leases'),
        keys.feedSeq(tenantId),
        keys.feed(tenantId),
        keys.leaseTokens(tenantId),
      ],
      [settings.feedMaxLen, settings.feedRetentionMs, ...args],
    );
  const parse = (json: unknown): Lease => JSON.parse(String(json)) as Lease;
  const remember = (tenantId: string) => redis.sadd(keys.collaborationTenants(), tenantId);

  return {
    async claim(tenantId, { memberId, userId, userName, sessionId }) {
      await remember(tenantId);
      const [status, lease] = (await run(CLAIM, tenantId, [
        memberId,
        userId,
        userName,
        sessionId,
        settings.ttlMs,
        new Date().toISOString(),
      ])) as ['claimed' | 'held', string];
      return { status, lease: parse(lease) };
    },
    async renew(tenantId, { userId, sessionId }) {
      const renewed = (await run(RENEW, tenantId, [userId, sessionId, settings.ttlMs])) as string[];
      return renewed.map(parse);
    },
    async release(tenantId, { memberId, userId, token }) {
      return Number(await run(RELEASE, tenantId, [memberId, userId, token])) === 1;
    },
    async releaseSession(tenantId, sessionId) {
      return Number(await run(RELEASE_SESSION, tenantId, [sessionId]));
    },
    async reassign(tenantId, { memberId, toUserId, toUserName }) {
      await remember(tenantId);
      return parse(
        await run(REASSIGN, tenantId, [memberId, toUserId, toUserName, settings.ttlMs, new Date().toISOString()]),
      );
    },
    async sweep(tenantId) {
      return Number(await run(SWEEP, tenantId, []));
    },
  };
}
