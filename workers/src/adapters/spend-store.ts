/**
 * The spend read model in Redis: each claim's current contribution, the per-month roll-up, its freshness, and
 * the change record. The decision (what a claim version changes) is the pure fold in domain/spend.ts; this
 * adapter only reads the current contribution and commits the fold's result in one Lua step, guarded by
 * compare-and-set on the contribution it was computed from — so two workers folding versions of the same claim
 * at once cannot both win, and the roll-up and its change record can never disagree.
 */
import type { KeySpace } from '@benchline/shared/backend';
import type { FeedBounds } from '@benchline/shared/backend';
import { APPEND_FEED_LUA, defineLuaScript, feedBoundsArg, runLuaScript } from '@benchline/shared/backend';
import type { Redis } from 'ioredis';
import type { ClaimContribution, MonthDelta } from '../domain/spend.js';

export function encodeContribution(c: ClaimContribution): string {
  return [c.version, c.cancelled ? 1 : 0, c.month, c.paidCents, c.paidDate].join('|');
}

export function decodeContribution(encoded: string): ClaimContribution {
  const [version, cancelled, month, paidCents, paidDate] = encoded.split('|');
  return {
    version: Number(version),
    cancelled: cancelled === '1',
    month: month ?? '',
    paidCents: Number(paidCents),
    paidDate: paidDate ?? '',
  };
}

const APPLY_SPEND_FOLDS = defineLuaScript(
  'apply-spend-folds',
  `${APPEND_FEED_LUA}
-- KEYS: claims, paid, count, meta, viewVersion, feedSeq, feed
-- ARGV: paidThrough candidate, updatedAt, feed bounds, claimCount, then per claim:
--       claimId, expected ('' when absent), next, deltaCount, then (month, paidCents, claims) per delta
-- Applies every claim whose stored contribution still equals the one its fold started from; returns
-- { version (0 when nothing visible changed), conflicting claim ids... }.
local paidDelta, countDelta, order = {}, {}, {}
local conflicts = {}
local at = 5
for c = 1, tonumber(ARGV[4]) do
  local claimId, expected, nextValue, n = ARGV[at], ARGV[at + 1], ARGV[at + 2], tonumber(ARGV[at + 3])
  at = at + 4
  local current = redis.call('HGET', KEYS[1], claimId)
  if (current or '') ~= expected then
    conflicts[#conflicts + 1] = claimId
  else
    redis.call('HSET', KEYS[1], claimId, nextValue)
    for i = 0, n - 1 do
      local month = ARGV[at + i * 3]
      if paidDelta[month] == nil then
        paidDelta[month], countDelta[month] = 0, 0
        order[#order + 1] = month
      end
      paidDelta[month] = paidDelta[month] + tonumber(ARGV[at + i * 3 + 1])
      countDelta[month] = countDelta[month] + tonumber(ARGV[at + i * 3 + 2])
    end
  end
  at = at + n * 3
end
local months, touched = {}, false
for _, month in ipairs(order) do
  if paidDelta[month] ~= 0 or countDelta[month] ~= 0 then
    local paid = redis.call('HINCRBY', KEYS[2], month, paidDelta[month])
    local claims = redis.call('HINCRBY', KEYS[3], month, countDelta[month])
    if paid == 0 and claims == 0 then
      -- A month whose last claim left is removed, so the roll-up is the same whatever order claims arrived in.
      redis.call('HDEL', KEYS[2], month)
      redis.call('HDEL', KEYS[3], month)
    end
    months[month] = { paidCents = paid, claims = claims }
    touched = true
  end
end
local paidThrough = redis.call('HGET', KEYS[4], 'paidThrough')
if ARGV[1] ~= '' and ((not paidThrough) or ARGV[1] > paidThrough) then
  paidThrough = ARGV[1]
  redis.call('HSET', KEYS[4], 'paidThrough', paidThrough)
  touched = true
end
if not touched then
  return { 0, unpack(conflicts) }
end
redis.call('HSET', KEYS[4], 'updatedAt', ARGV[2])
local encoded
if next(months) == nil then
  -- cjson cannot tell an empty object from an empty array; the contract wants an object.
  encoded = cjson.encode({ paidThrough = paidThrough, updatedAt = ARGV[2] })
  encoded = string.sub(encoded, 1, -2) .. ',"months":{}}'
else
  encoded = cjson.encode({ months = months, paidThrough = paidThrough, updatedAt = ARGV[2] })
end
local version = appendFeedWithin(ARGV[3], KEYS[5], KEYS[6], KEYS[7], 'spend', encoded)
return { version, unpack(conflicts) }
`,
);

/** One claim's fold, ready to commit: what it was computed from, what it becomes, and the month deltas. */
export interface ClaimCommit {
  claimId: string;
  expected: ClaimContribution | null;
  next: ClaimContribution;
  deltas: MonthDelta[];
}

export interface CommitResult {
  /** The spend view's new version, or 0 when nothing visible changed. */
  version: number;
  /** Claims whose contribution changed since it was read: fold them again. */
  conflicts: string[];
}

export interface SpendStore {
  readContributions(tenantId: string, claimIds: readonly string[]): Promise<Map<string, ClaimContribution | null>>;
  /** Commits a batch of folds in one atomic step, with one change record. */
  commit(input: {
    tenantId: string;
    commits: ClaimCommit[];
    paidThrough: string | null;
    updatedAt: string;
  }): Promise<CommitResult>;
}

export function createSpendStore(redis: Redis, keys: KeySpace, options: FeedBounds): SpendStore {
  return {
    async readContributions(tenantId, claimIds) {
      const found = new Map<string, ClaimContribution | null>();
      if (claimIds.length === 0) {
        return found;
      }
      const encoded = await redis.hmget(keys.spendClaims(tenantId), ...claimIds);
      claimIds.forEach((claimId, i) => {
        const value = encoded[i];
        found.set(claimId, value === null || value === undefined ? null : decodeContribution(value));
      });
      return found;
    },
    async commit({ tenantId, commits, paidThrough, updatedAt }) {
      const args: (string | number)[] = [paidThrough ?? '', updatedAt, feedBoundsArg(options), commits.length];
      for (const c of commits) {
        args.push(
          c.claimId,
          c.expected === null ? '' : encodeContribution(c.expected),
          encodeContribution(c.next),
          c.deltas.length,
        );
        for (const d of c.deltas) {
          args.push(d.month, d.paidCents, d.claims);
        }
      }
      const reply = (await runLuaScript(
        redis,
        APPLY_SPEND_FOLDS,
        [
          keys.spendClaims(tenantId),
          keys.spendPaid(tenantId),
          keys.spendCount(tenantId),
          keys.spendMeta(tenantId),
          keys.viewVersion(tenantId, 'spend'),
          keys.feedSeq(tenantId),
          keys.feed(tenantId),
        ],
        args,
      )) as [number, ...string[]];
      const [version, ...conflicts] = reply;
      return { version: Number(version), conflicts };
    },
  };
}
