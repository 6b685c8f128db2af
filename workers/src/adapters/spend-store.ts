/**
 * The spend read model in Redis: each claim's current contribution, the per-month roll-up, its freshness, and
 * the change record. The decision (what a claim version changes) is the pure fold in domain/spend.ts; this
 * adapter only reads the current contribution and commits the fold's result in one Lua step, guarded by
 * compare-and-set on the contribution it was computed from — so two workers folding versions of the same claim
 * at once cannot both win, and the roll-up and its change record can never disagree.
 */
import type { KeySpace } from '@benchline/shared/backend';
import { FEED_FIELDS, defineLuaScript, runLuaScript } from '@benchline/shared/backend';
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

const APPLY_SPEND_FOLD = defineLuaScript(
  'apply-spend-fold',
  `
-- KEYS: claims, paid, count, meta, viewVersion, feedSeq, feed
-- ARGV: claimId, expected ('' when absent), next, paidDate, updatedAt, feedMaxLen, deltaCount, then
--       (month, paidCents, claims) per delta
-- Returns -1 when the claim's contribution changed since it was read, 0 when nothing visible changed,
-- otherwise the new view version.
local current = redis.call('HGET', KEYS[1], ARGV[1])
if (current or '') ~= ARGV[2] then
  return -1
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
local months = {}
local touched = false
local n = tonumber(ARGV[7])
for i = 0, n - 1 do
  local month = ARGV[8 + i * 3]
  local paid = redis.call('HINCRBY', KEYS[2], month, ARGV[9 + i * 3])
  local claims = redis.call('HINCRBY', KEYS[3], month, ARGV[10 + i * 3])
  if paid == 0 and claims == 0 then
    -- A month whose last claim left is removed, so the roll-up is the same whatever order claims arrived in.
    redis.call('HDEL', KEYS[2], month)
    redis.call('HDEL', KEYS[3], month)
  end
  months[month] = { paidCents = paid, claims = claims }
  touched = true
end
local paidThrough = redis.call('HGET', KEYS[4], 'paidThrough')
if (not paidThrough) or ARGV[4] > paidThrough then
  paidThrough = ARGV[4]
  redis.call('HSET', KEYS[4], 'paidThrough', paidThrough)
  touched = true
end
if not touched then
  return 0
end
redis.call('HSET', KEYS[4], 'updatedAt', ARGV[5])
local prev = tonumber(redis.call('GET', KEYS[5]) or '0')
local version = redis.call('INCR', KEYS[6])
redis.call('SET', KEYS[5], version)
local change = { months = months, paidThrough = paidThrough, updatedAt = ARGV[5] }
if n == 0 then
  change.months = nil
end
local encoded = cjson.encode(change)
if n == 0 then
  -- cjson cannot tell an empty object from an empty array; the contract wants an object.
  encoded = string.sub(encoded, 1, -2) .. ',"months":{}}'
end
redis.call('XADD', KEYS[7], 'MAXLEN', '~', ARGV[6], '*',
  '${FEED_FIELDS.view}', 'spend', '${FEED_FIELDS.version}', version, '${FEED_FIELDS.prev}', prev,
  '${FEED_FIELDS.change}', encoded)
return version
`,
);

export type CommitOutcome = { kind: 'conflict' } | { kind: 'unchanged' } | { kind: 'changed'; version: number };

export interface SpendStore {
  readContribution(tenantId: string, claimId: string): Promise<ClaimContribution | null>;
  commit(input: {
    tenantId: string;
    claimId: string;
    expected: ClaimContribution | null;
    next: ClaimContribution;
    deltas: MonthDelta[];
    updatedAt: string;
  }): Promise<CommitOutcome>;
}

export function createSpendStore(redis: Redis, keys: KeySpace, options: { feedMaxLen: number }): SpendStore {
  return {
    async readContribution(tenantId, claimId) {
      const encoded = await redis.hget(keys.spendClaims(tenantId), claimId);
      return encoded === null ? null : decodeContribution(encoded);
    },
    async commit({ tenantId, claimId, expected, next, deltas, updatedAt }) {
      const result = await runLuaScript(
        redis,
        APPLY_SPEND_FOLD,
        [
          keys.spendClaims(tenantId),
          keys.spendPaid(tenantId),
          keys.spendCount(tenantId),
          keys.spendMeta(tenantId),
          keys.viewVersion(tenantId, 'spend'),
          keys.feedSeq(tenantId),
          keys.feed(tenantId),
        ],
        [
          claimId,
          expected === null ? '' : encodeContribution(expected),
          encodeContribution(next),
          next.paidDate,
          updatedAt,
          options.feedMaxLen,
          deltas.length,
          ...deltas.flatMap((d) => [d.month, d.paidCents, d.claims]),
        ],
      );
      const version = Number(result);
      if (version < 0) {
        return { kind: 'conflict' };
      }
      return version === 0 ? { kind: 'unchanged' } : { kind: 'changed', version };
    },
  };
}
