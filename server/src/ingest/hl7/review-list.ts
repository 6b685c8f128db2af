/**
 * The review list of ADT messages no member matched, per tenant in Redis: parked, never dropped, until a person
 * links the patient's identifier to a member (the message is then stored like any other) or dismisses it.
 *
 * A message is parked under its idempotency key, so the same message sent again is a duplicate (or, with other
 * content, a conflict) while it waits. Parking is one Lua step that also looks at the crosswalks: a message whose
 * identifier was linked since it was matched is not parked but handed back to be matched again — so a message and
 * a link arriving together never leave the message behind. FHIR Encounters no member matches wait in the same list
 * (sender `fhir`), with the Encounter's other events (its clinical event), stored with it once linked. The list is
 * bounded (BENCHLINE_ADT_REVIEW_MAX, 10,000 by default): once full, messages are refused (AR, or a FHIR 503, to be
 * sent again), not dropped.
 */
import { createHash } from 'node:crypto';
import type { KeySpace } from '@benchline/shared/backend';
import { defineLuaScript, runLuaScript } from '@benchline/shared/backend';
import type { Redis } from 'ioredis';
import type { AdtNotification, MemberlessEvent, PatientIdentifier, ReviewDemographics } from './map-adt.js';
import { crosswalkFieldOf, type ParkReason } from './patient-match.js';

export const DEFAULT_REVIEW_MAX = 10_000;

export interface ParkedMessage {
  /** 16 hex characters: the first of the SHA-256 of the idempotency key. */
  id: string;
  key: string;
  /** The notification's content hash (conflict detection). */
  hash: string;
  parkedAt: string;
  reason: ParkReason;
  notification: AdtNotification;
  /** Events that came with the notification and are stored with it, all or none (a FHIR Encounter's clinical event). */
  companions?: MemberlessEvent[];
  identifiers: PatientIdentifier[];
  patient: ReviewDemographics;
  /** Crosswalk keys of the identifiers: what a link is looked up by. */
  identifierKeys: string[];
}

/**
 * `duplicate`: parked already, with the same content; `stored`: stored already (its key is in the event store);
 * `conflict`: parked already with other content; `linked`: one of its watched identifiers is linked now (match it
 * again); `full`: the list holds as many messages as it may.
 */
export type ParkOutcome = 'parked' | 'duplicate' | 'stored' | 'conflict' | 'linked' | 'full';

export interface ReviewList {
  /**
   * Parks each message unless it is known or linked meanwhile. `watch[i]`: the crosswalk keys of message i that had
   * no link when it was matched — one linked since hands the message back (default: all its identifier keys).
   */
  park(
    tenantId: string,
    messages: readonly ParkedMessage[],
    watch?: readonly (readonly string[])[],
  ): Promise<ParkOutcome[]>;
  list(tenantId: string, page: { offset: number; limit: number }): Promise<{ total: number; items: ParkedMessage[] }>;
  get(tenantId: string, id: string): Promise<ParkedMessage | null>;
  /** Every parked message carrying one of these crosswalk keys. */
  carrying(tenantId: string, identifierKeys: readonly string[]): Promise<ParkedMessage[]>;
  remove(tenantId: string, ids: readonly string[]): Promise<number>;
}

export function parkIdOf(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

const PARK = defineLuaScript(
  'adt-park',
  `
-- KEYS: review hash, review order zset, ADT crosswalk, event index, FHIR patient crosswalk
-- ARGV: max entries, then per message: id, idempotency key, content hash, entry JSON, parked-at ms, n, n watched
--       crosswalk fields, each 'a:<field>' (ADT crosswalk) or 'f:<field>' (FHIR patient crosswalk)
-- Returns per message: parked | duplicate (parked already, same content) | stored (in the event store already) |
-- conflict | linked | full
local out = {}
local max = tonumber(ARGV[1])
local i = 2
while i <= #ARGV do
  local id, key, hash, json, score, n = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3], ARGV[i + 4], tonumber(ARGV[i + 5])
  local linked = false
  for k = 1, n do
    local watched = ARGV[i + 5 + k]
    local crosswalk = (string.sub(watched, 1, 1) == 'f') and KEYS[5] or KEYS[3]
    if redis.call('HEXISTS', crosswalk, string.sub(watched, 3)) == 1 then linked = true end
  end
  local parked = redis.call('HGET', KEYS[1], id)
  if parked then
    out[#out + 1] = (cjson.decode(parked).hash == hash) and 'duplicate' or 'conflict'
  elseif redis.call('HEXISTS', KEYS[4], key) == 1 then
    out[#out + 1] = 'stored'
  elseif linked then
    out[#out + 1] = 'linked'
  elseif redis.call('ZCARD', KEYS[2]) >= max then
    out[#out + 1] = 'full'
  else
    redis.call('HSET', KEYS[1], id, json)
    redis.call('ZADD', KEYS[2], score, id)
    out[#out + 1] = 'parked'
  end
  i = i + 6 + n
end
return out
`,
);

const REMOVE = defineLuaScript(
  'adt-unpark',
  `
-- KEYS: review hash, review order zset   ARGV: ids. Returns how many were parked.
local removed = 0
for i = 1, #ARGV do
  removed = removed + redis.call('HDEL', KEYS[1], ARGV[i])
  redis.call('ZREM', KEYS[2], ARGV[i])
end
return removed
`,
);

export function createReviewList(redis: Redis, keys: KeySpace, max = DEFAULT_REVIEW_MAX): ReviewList {
  const decode = (json: string | null | undefined): ParkedMessage | null =>
    json === null || json === undefined ? null : (JSON.parse(json) as ParkedMessage);
  return {
    async park(tenantId, messages, watch) {
      if (messages.length === 0) {
        return [];
      }
      const args: (string | number)[] = [max];
      messages.forEach((message, i) => {
        const watched = (watch?.[i] ?? message.identifierKeys).flatMap((key) => {
          const field = crosswalkFieldOf(key);
          return field === null ? [] : [`${field.hash === 'fhir' ? 'f' : 'a'}:${field.field}`];
        });
        args.push(
          message.id,
          message.key,
          message.hash,
          JSON.stringify(message),
          Date.parse(message.parkedAt),
          watched.length,
          ...watched,
        );
      });
      return (await runLuaScript(
        redis,
        PARK,
        [
          keys.adtReview(tenantId),
          keys.adtReviewOrder(tenantId),
          keys.adtPatients(tenantId),
          keys.eventIndex(tenantId),
          keys.fhirPatients(tenantId),
        ],
        args,
      )) as ParkOutcome[];
    },
    async list(tenantId, { offset, limit }) {
      const [total, ids] = await Promise.all([
        redis.zcard(keys.adtReviewOrder(tenantId)),
        redis.zrevrange(keys.adtReviewOrder(tenantId), offset, offset + limit - 1),
      ]);
      const items = ids.length === 0 ? [] : await redis.hmget(keys.adtReview(tenantId), ...ids);
      return { total, items: items.map(decode).filter((item): item is ParkedMessage => item !== null) };
    },
    async get(tenantId, id) {
      return decode(await redis.hget(keys.adtReview(tenantId), id));
    },
    async carrying(tenantId, identifierKeys) {
      const wanted = new Set(identifierKeys);
      const found: ParkedMessage[] = [];
      let cursor = '0';
      do {
        const [next, entries] = await redis.hscan(keys.adtReview(tenantId), cursor, 'COUNT', 500);
        cursor = next;
        for (let i = 1; i < entries.length; i += 2) {
          const message = decode(entries[i]);
          if (message !== null && message.identifierKeys.some((key) => wanted.has(key))) {
            found.push(message);
          }
        }
      } while (cursor !== '0');
      return found.sort((a, b) => (a.parkedAt < b.parkedAt ? -1 : a.parkedAt > b.parkedAt ? 1 : 0));
    },
    async remove(tenantId, ids) {
      if (ids.length === 0) {
        return 0;
      }
      return (await runLuaScript(
        redis,
        REMOVE,
        [keys.adtReview(tenantId), keys.adtReviewOrder(tenantId)],
        [...ids],
      )) as number;
    },
  };
}
