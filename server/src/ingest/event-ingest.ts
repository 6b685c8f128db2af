/**
 * The ingest core: store events durably and idempotently, then queue them for the workers, a batch at a time. An event
 * is acknowledged only after Redis holds it.
 *
 * Each event's idempotency key (kind + natural id + version) is looked up and, when new, the event is appended
 * to the tenant event store and indexed — all in one Lua step per batch. The index entry carries a flag: 'p'
 * until the event's apply job is queued, then 'q'. A duplicate still flagged 'p' (stored, but the request that
 * stored it failed before queueing) is queued again, so a lost response never loses an event; a duplicate
 * flagged 'q' is not, so re-delivered files (CCLF run-out arrives again every month) cost no apply work.
 */
import type { CanonicalEvent } from '@benchline/shared';
import type { ApplyEventsJob, KeySpace } from '@benchline/shared/backend';
import {
  APPLY_EVENTS_JOB,
  APPLY_EVENTS_QUEUE,
  applyEventsJobId,
  defineLuaScript,
  EVENT_FIELDS,
  MAX_EVENTS_PER_JOB,
  runLuaScript,
} from '@benchline/shared/backend';
import { Queue } from 'bullmq';
import { prepareEvent, type PreparedEvent } from './prepared-event.js';
import type { Redis } from 'ioredis';

/**
 * One unit's answer — a unit is what one input line (or request) carried: usually one event, sometimes several
 * (a FHIR blood-pressure panel). All of a unit's events are stored, or none: 'accepted' when any was new,
 * 'duplicate' when all were known, or refused with a reason the client can act on.
 */
export type IngestOutcome =
  | { status: 'accepted' | 'duplicate'; eventIds: string[] }
  | { status: 'rejected'; code: 'CONFLICT' | 'SERVICE_UNAVAILABLE' | 'LEASE_STALE'; message: string };

/**
 * A write made under a lease (a coordinator's worklist command): stored only while `userId` holds the member's
 * lease with this fencing token (see collaboration/lease-store).
 */
export interface LeaseFence {
  memberId: string;
  userId: string;
  token: number;
}

type IngestOptions = { fence?: LeaseFence };

export interface EventIngest {
  /** Stores and queues a batch of units (at most MAX_EVENTS_PER_JOB events); one outcome per unit. Never throws. */
  units: (
    tenantId: string,
    units: readonly (readonly CanonicalEvent[])[],
    options?: IngestOptions,
  ) => Promise<IngestOutcome[]>;
  /** The same, for events already prepared. */
  preparedUnits: (
    tenantId: string,
    units: readonly (readonly PreparedEvent[])[],
    options?: IngestOptions,
  ) => Promise<IngestOutcome[]>;
  /** How long the oldest stored event batch has waited for the apply workers (0 when none waits). */
  applyLagMs: (now: number) => Promise<number>;
  close: () => Promise<void>;
}

export interface EventIngestDeps {
  /** Commands must fail fast while Redis is away (no offline queue), so callers can answer "retry later". */
  redis: Redis;
  redisUrl: string;
  keys: KeySpace;
  warn: (details: Record<string, unknown>, message: string) => void;
}

const APPEND_EVENTS = defineLuaScript(
  'append-events',
  `
-- KEYS: index, events, leases (the fence's; any key of the tenant when there is no fence)
-- ARGV: the fence (member id, user id, token; all '' for none), then per unit, its event count n, then
-- (eventKey, contentHash, contentJson, source) per event.
-- With a fence, a batch that would store anything new is refused whole ({'stale'}) unless the user holds a live
-- lease on the member with that token; a batch already stored in full is answered as duplicates (a retried command
-- whose first try landed before the lease was lost).
-- A unit whose events include a key already stored with other content is skipped whole ('c' for each event);
-- otherwise each event is 'a' (appended) or 'd' (already stored), followed by its index entry
-- "<stream id>|<content hash>|<p or q>".
if ARGV[1] ~= '' then
  local anyNew = false
  local j = 4
  while j <= #ARGV and not anyNew do
    local n = tonumber(ARGV[j])
    for e = 0, n - 1 do
      if not redis.call('HGET', KEYS[1], ARGV[j + 1 + e * 4]) then anyNew = true end
    end
    j = j + 1 + n * 4
  end
  if anyNew then
    local raw = redis.call('HGET', KEYS[3], ARGV[1])
    local lease = raw and cjson.decode(raw)
    local t = redis.call('TIME')
    local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
    if not lease or lease.holder ~= ARGV[2] or tostring(lease.token) ~= ARGV[3] or lease.expiresAt <= now then
      return { 'stale' }
    end
  end
end
local out = {}
local i = 4
while i <= #ARGV do
  local n = tonumber(ARGV[i])
  local first = i + 1
  local conflict = false
  local known = {}
  local added = {}
  for e = 0, n - 1 do
    local at = first + e * 4
    local seen = redis.call('HGET', KEYS[1], ARGV[at])
    known[e] = seen
    if seen and string.sub(seen, string.find(seen, '|', 1, true) + 1, -3) ~= ARGV[at + 1] then
      conflict = true
    end
  end
  for e = 0, n - 1 do
    local at = first + e * 4
    if conflict then
      out[#out + 1] = 'c'
      out[#out + 1] = ARGV[at]
    else
      -- (a key twice in one unit: the second is the first's duplicate)
      local seen = known[e] or added[ARGV[at]]
      if seen then
        out[#out + 1] = 'd'
        out[#out + 1] = seen
      else
        local id = redis.call('XADD', KEYS[2], '*', '${EVENT_FIELDS.key}', ARGV[at], '${EVENT_FIELDS.event}', ARGV[at + 2],
          '${EVENT_FIELDS.source}', ARGV[at + 3])
        local entry = id .. '|' .. ARGV[at + 1] .. '|p'
        redis.call('HSET', KEYS[1], ARGV[at], entry)
        added[ARGV[at]] = entry
        out[#out + 1] = 'a'
        out[#out + 1] = entry
      end
    end
  end
  i = first + n * 4
end
return out
`,
);

const MARK_QUEUED = defineLuaScript(
  'mark-queued',
  `
-- KEYS: index   ARGV: event keys whose apply job is queued. Only a pending entry changes.
for i = 1, #ARGV do
  local entry = redis.call('HGET', KEYS[1], ARGV[i])
  if entry and string.sub(entry, -2) == '|p' then
    redis.call('HSET', KEYS[1], ARGV[i], string.sub(entry, 1, -2) .. 'q')
  end
end
return #ARGV
`,
);

/** How long to wait for Redis before answering 503: long enough for a failover blip, short for a client. */
const QUEUE_TIMEOUT_MS = 3000;

export function createEventIngest(deps: EventIngestDeps): EventIngest {
  const queue = new Queue<ApplyEventsJob>(APPLY_EVENTS_QUEUE, {
    connection: { url: deps.redisUrl, enableOfflineQueue: false, maxRetriesPerRequest: 1 },
    prefix: deps.keys.bullPrefix,
    defaultJobOptions: {
      attempts: 8,
      backoff: { type: 'exponential', delay: 500 },
      removeOnComplete: true,
      // Failed jobs stay visible to operators, up to a bound.
      removeOnFail: { count: 10_000 },
    },
  });
  queue.on('error', (error) => deps.warn({ err: error.message }, 'apply queue connection error'));

  const unavailable = (): IngestOutcome => ({
    status: 'rejected',
    code: 'SERVICE_UNAVAILABLE',
    message: 'storage is unavailable; send this event again',
  });
  const preparedUnits: EventIngest['preparedUnits'] = async (tenantId, batch, options = {}) => {
    const eventCount = batch.reduce((sum, unit) => sum + unit.length, 0);
    if (eventCount === 0) {
      return batch.map(() => ({ status: 'duplicate', eventIds: [] }));
    }
    if (eventCount > MAX_EVENTS_PER_JOB) {
      throw new RangeError(`at most ${MAX_EVENTS_PER_JOB} events per batch`);
    }
    const keys: string[] = [];
    const { fence } = options;
    const args: (string | number)[] =
      fence === undefined ? ['', '', ''] : [fence.memberId, fence.userId, String(fence.token)];
    for (const unit of batch) {
      args.push(unit.length);
      for (const event of unit) {
        keys.push(event.key);
        args.push(event.key, event.hash, event.json, event.source);
      }
    }
    let reply: string[];
    try {
      reply = (await runLuaScript(
        deps.redis,
        APPEND_EVENTS,
        [deps.keys.eventIndex(tenantId), deps.keys.events(tenantId), deps.keys.leases(tenantId)],
        args,
      )) as string[];
    } catch (error) {
      deps.warn({ err: (error as Error).message, tenantId }, 'event store unavailable');
      return batch.map(unavailable);
    }
    if (reply[0] === 'stale') {
      return batch.map(() => ({
        status: 'rejected',
        code: 'LEASE_STALE',
        message: 'you no longer hold this patient: claim them again',
      }));
    }

    const outcomes: IngestOutcome[] = [];
    const toQueue = new Map<string, string>(); // event id → key, for events not yet known to be queued
    let at = 0;
    for (const unit of batch) {
      const eventIds: string[] = [];
      let anyNew = false;
      let conflictKey: string | undefined;
      for (let e = 0; e < unit.length; e += 1, at += 1) {
        const status = reply[at * 2];
        if (status === 'c') {
          conflictKey ??= keys[at];
          continue;
        }
        const [eventId = '', , flag] = (reply[at * 2 + 1] ?? '').split('|');
        eventIds.push(eventId);
        anyNew ||= status === 'a';
        if (flag === 'p') {
          toQueue.set(eventId, keys[at] as string);
        }
      }
      outcomes.push(
        conflictKey === undefined
          ? { status: anyNew ? 'accepted' : 'duplicate', eventIds }
          : {
              status: 'rejected',
              code: 'CONFLICT',
              message: `${conflictKey} was already received with different content`,
            },
      );
    }
    if (toQueue.size > 0) {
      const job: ApplyEventsJob = { tenantId, eventIds: [...toQueue.keys()] };
      try {
        await withTimeout(queue.add(APPLY_EVENTS_JOB, job, { jobId: applyEventsJobId(job) }), QUEUE_TIMEOUT_MS);
        await runLuaScript(deps.redis, MARK_QUEUED, [deps.keys.eventIndex(tenantId)], [...toQueue.values()]);
      } catch (error) {
        // Stored but possibly not queued: the client's retry finds them pending and queues them again.
        deps.warn({ err: (error as Error).message, tenantId, events: toQueue.size }, 'apply queue unavailable');
        return outcomes.map((outcome) =>
          outcome.status !== 'rejected' && outcome.eventIds.some((id) => toQueue.has(id)) ? unavailable() : outcome,
        );
      }
    }
    return outcomes;
  };

  return {
    units: (tenantId, batch, options) =>
      preparedUnits(
        tenantId,
        batch.map((unit) => unit.map(prepareEvent)),
        options,
      ),
    preparedUnits,
    async applyLagMs(now: number) {
      // The wait list is pushed at the head: with asc, index 0 is the job waiting longest.
      const [oldest] = await withTimeout(queue.getJobs(['wait'], 0, 0, true), QUEUE_TIMEOUT_MS);
      return oldest === undefined ? 0 : Math.max(0, now - oldest.timestamp);
    },
    close: () => queue.close(),
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
