/**
 * The fact index in Redis: for each member, which version of each claim, clinical event, member record and roster
 * row is current, and every worklist action and ADT notification (and where each sits in the event store);
 * tenant-wide, the same for providers and contracts. The
 * fold is one Lua step per batch — a version replaces a slot only when its ordinal is higher — and every change
 * bumps the member's `_v` counter, which recomputation compares-and-sets against. Loading a member's facts reads
 * the index and then the events themselves from the event store.
 */
import type {
  AdtEvent,
  CanonicalEvent,
  ClaimEvent,
  ClinicalEvent,
  ContractEvent,
  MemberEvent,
  ProviderEvent,
  RosterEvent,
  WorklistEvent,
} from '@benchline/shared';
import type { KeySpace } from '@benchline/shared/backend';
import {
  defineLuaScript,
  decodeStoredEventFields,
  EVENT_FIELDS,
  recomputeShardOf,
  runLuaScript,
} from '@benchline/shared/backend';
import type { Redis } from 'ioredis';
import type { StoredEventCache } from './stored-event-cache.js';
import { factSlotOf } from '../domain/facts.js';
import type { MemberFacts } from '../domain/member-result.js';
import type { TenantFacts } from '../domain/tenant-context.js';
import type { StoredEvent } from './event-reader.js';

const FOLD_FACTS = defineLuaScript(
  'fold-facts',
  `
-- KEYS: members set, tenant facts, then the member facts hashes and dirty-member shards the batch needs
-- ARGV: per fact, (key index, member id or '', field, ordinal, stream id, dirty shard key index or 0)
-- Returns the member ids whose facts changed, and '*' when tenant-wide facts did. A changed member is marked dirty
-- in the same step, so no change can be folded without its recompute being owed.
local changed, seen = {}, {}
for i = 1, #ARGV, 6 do
  local key = KEYS[tonumber(ARGV[i])]
  local member, field, ordinal, id = ARGV[i + 1], ARGV[i + 2], ARGV[i + 3], ARGV[i + 4]
  local current = redis.call('HGET', key, field)
  local currentOrdinal = current and string.sub(current, 1, string.find(current, '|', 1, true) - 1)
  if (not current) or ordinal > currentOrdinal then
    redis.call('HSET', key, field, ordinal .. '|' .. id)
    redis.call('HINCRBY', key, '_v', 1)
    local mark = member == '' and '*' or member
    if member ~= '' then
      redis.call('SADD', KEYS[1], member)
      redis.call('SADD', KEYS[tonumber(ARGV[i + 5])], member)
    end
    if not seen[mark] then
      seen[mark] = true
      changed[#changed + 1] = mark
    end
  end
end
return changed
`,
);

/** Lua: an event-store entry's event JSON and source ('' if none), or nil when the id is not stored. */
const STORED_EVENT_LUA = `
local function storedEvent(stream, id)
  local entry = redis.call('XRANGE', stream, id, id)[1]
  if not entry then
    return nil
  end
  local event, source = nil, ''
  local fields = entry[2]
  for f = 1, #fields, 2 do
    if fields[f] == '${EVENT_FIELDS.event}' then
      event = fields[f + 1]
    elseif fields[f] == '${EVENT_FIELDS.source}' then
      source = fields[f + 1]
    end
  end
  return event, source
end
`;

const READ_INDEXED = defineLuaScript(
  'read-indexed-facts',
  `
-- KEYS: a fact index (hash of slot -> "ordinal|stream id", and _v), the event store
-- Returns the index's _v, then per slot whose event is still stored: stream id, event JSON, source ('' if none).
-- One command instead of an XRANGE per fact: a member with fifty facts is one reply to parse, not fifty.
${STORED_EVENT_LUA}
local index = redis.call('HGETALL', KEYS[1])
local out = { 0 }
for i = 1, #index, 2 do
  if index[i] == '_v' then
    out[1] = tonumber(index[i + 1])
  else
    local value = index[i + 1]
    local id = string.sub(value, string.find(value, '|', 1, true) + 1)
    local event, source = storedEvent(KEYS[2], id)
    if event then
      out[#out + 1] = id
      out[#out + 1] = event
      out[#out + 1] = source
    end
  end
end
return out
`,
);

const READ_EVENTS = defineLuaScript(
  'read-events',
  `
-- KEYS: the event store   ARGV: stream ids
-- Returns per id still stored: stream id, event JSON, source ('' if none).
${STORED_EVENT_LUA}
local out = {}
for i = 1, #ARGV do
  local event, source = storedEvent(KEYS[1], ARGV[i])
  if event then
    out[#out + 1] = ARGV[i]
    out[#out + 1] = event
    out[#out + 1] = source
  end
end
return out
`,
);

export interface FactsFold {
  /** Members whose facts changed. */
  members: string[];
  /** True when providers or contracts changed (every member's attribution may change). */
  tenantChanged: boolean;
}

export interface LoadedMemberFacts {
  facts: MemberFacts;
  /** The `_v` counter the facts were read at: commit the member's result only if it is still this. */
  version: number;
}

export interface LoadedTenantFacts {
  facts: TenantFacts;
  /** The tenant facts' `_v` counter: a member result computed against them commits only if it is still this. */
  version: number;
}

export interface FactsStore {
  fold(tenantId: string, events: readonly StoredEvent[]): Promise<FactsFold>;
  load(tenantId: string, memberId: string): Promise<LoadedMemberFacts>;
  /** A member's facts version alone: cheap, to skip members whose result is already current. */
  memberVersion(tenantId: string, memberId: string): Promise<number>;
  /** The tenant facts' version alone: cheap, to tell whether derived tenant context is still current. */
  tenantVersion(tenantId: string): Promise<number>;
  loadTenant(tenantId: string): Promise<LoadedTenantFacts>;
}

export interface FactsStoreOptions {
  /**
   * Events already read, kept between loads (the live workers; see stored-event-cache.ts). Without one, a load
   * reads the index and its events in one step — what a rebuild, which loads each member once, wants.
   */
  eventCache?: StoredEventCache | undefined;
}

export function createFactsStore(redis: Redis, keys: KeySpace, options: FactsStoreOptions = {}): FactsStore {
  const { eventCache } = options;
  return {
    async fold(tenantId, events) {
      if (events.length === 0) {
        return { members: [], tenantChanged: false };
      }
      const keyList = [keys.members(tenantId), keys.tenantFacts(tenantId)];
      const keyIndex = new Map<string, number>();
      const args: (string | number)[] = [];
      for (const { eventId, event } of events) {
        const slot = factSlotOf(event);
        let index = 2;
        let dirty = 0;
        if (slot.memberId !== null) {
          const factsKey = keys.memberFacts(tenantId, slot.memberId);
          const dirtyKey = keys.dirtyMembers(tenantId, recomputeShardOf(slot.memberId));
          index = keyIndex.get(factsKey) ?? keyList.push(factsKey);
          keyIndex.set(factsKey, index);
          dirty = keyIndex.get(dirtyKey) ?? keyList.push(dirtyKey);
          keyIndex.set(dirtyKey, dirty);
        }
        args.push(index, slot.memberId ?? '', slot.field, slot.ordinal, eventId, dirty);
      }
      const changed = (await runLuaScript(redis, FOLD_FACTS, keyList, args)) as string[];
      // Listed for deployment-wide jobs (the daily refresh); outside the tenant's slot, so not in the script.
      await redis.sadd(keys.tenants(), tenantId);
      return { members: changed.filter((mark) => mark !== '*'), tenantChanged: changed.includes('*') };
    },

    async load(tenantId, memberId) {
      const { version, events } = await readIndexed(keys.memberFacts(tenantId, memberId), keys.events(tenantId));
      const records: { id: string; event: MemberEvent }[] = [];
      const claims: ClaimEvent[] = [];
      const clinical: ClinicalEvent[] = [];
      const rosters: RosterEvent[] = [];
      const worklist: WorklistEvent[] = [];
      const adt: AdtEvent[] = [];
      for (const { id, event } of events) {
        if (event.kind === 'claim') {
          claims.push(event);
        } else if (event.kind === 'clinical') {
          clinical.push(event);
        } else if (event.kind === 'member') {
          records.push({ id, event });
        } else if (event.kind === 'roster') {
          rosters.push(event);
        } else if (event.kind === 'worklist') {
          worklist.push(event);
        } else if (event.kind === 'adt') {
          adt.push(event);
        }
      }
      // Records merge by as-of date, ties going to the later arrival: give them in arrival (stream id) order.
      records.sort((a, b) => compareStreamIds(a.id, b.id));
      // Worklist actions and ADT notifications come in index (hash) order: their derivations order them themselves.
      const facts: MemberFacts = {
        memberId,
        records: records.map((r) => r.event),
        claims,
        clinical,
        rosters,
        worklist,
        adt,
      };
      return { facts, version };
    },

    async memberVersion(tenantId, memberId) {
      return Number((await redis.hget(keys.memberFacts(tenantId, memberId), '_v')) ?? 0);
    },

    async tenantVersion(tenantId) {
      return Number((await redis.hget(keys.tenantFacts(tenantId), '_v')) ?? 0);
    },

    async loadTenant(tenantId) {
      const { version, events } = await readIndexed(keys.tenantFacts(tenantId), keys.events(tenantId));
      const contracts: ContractEvent[] = [];
      const providers: ProviderEvent[] = [];
      for (const { event } of events) {
        if (event.kind === 'contract') {
          contracts.push(event);
        } else if (event.kind === 'provider') {
          providers.push(event);
        }
      }
      // Index order is hash order: sort so what the engines see never depends on it.
      contracts.sort((a, b) => (a.contractId < b.contractId ? -1 : a.contractId > b.contractId ? 1 : 0));
      providers.sort((a, b) => compareKeys(`${a.npi}|${a.tin}`, `${b.npi}|${b.tin}`));
      return { facts: { contracts, providers }, version };
    },
  };

  /** A fact index's version and the events its slots point at. */
  async function readIndexed(
    indexKey: string,
    stream: string,
  ): Promise<{ version: number; events: { id: string; event: CanonicalEvent }[] }> {
    return eventCache === undefined
      ? readIndexedAtOnce(indexKey, stream)
      : readIndexedThrough(eventCache, indexKey, stream);
  }

  /**
   * The index, then only the events not already kept. Two steps, yet one snapshot: the events an index names never
   * change, so they are the events of the version read with the index.
   */
  async function readIndexedThrough(
    cache: StoredEventCache,
    indexKey: string,
    stream: string,
  ): Promise<{ version: number; events: { id: string; event: CanonicalEvent }[] }> {
    const index = await redis.hgetall(indexKey);
    const ids: string[] = [];
    for (const [slot, value] of Object.entries(index)) {
      if (slot !== '_v') {
        ids.push(value.slice(value.indexOf('|') + 1));
      }
    }
    const found = new Map<string, CanonicalEvent>();
    const missing: string[] = [];
    for (const id of ids) {
      const event = cache.get(stream, id);
      if (event === undefined) {
        missing.push(id);
      } else {
        found.set(id, event);
      }
    }
    if (missing.length > 0) {
      const entries = (await runLuaScript(redis, READ_EVENTS, [stream], missing)) as string[];
      for (let i = 0; i + 2 < entries.length; i += 3) {
        const id = entries[i] as string;
        found.set(id, cache.set(stream, id, decodeStoredEventFields(entries[i + 1] as string, entries[i + 2])));
      }
    }
    const events: { id: string; event: CanonicalEvent }[] = [];
    for (const id of ids) {
      // An id found nowhere was removed from the store: left out, as the one-step read leaves it out.
      const event = found.get(id);
      if (event !== undefined) {
        events.push({ id, event });
      }
    }
    return { version: Number(index._v ?? 0), events };
  }

  /** A fact index's version and the events its slots point at, read from the event store in one step. */
  async function readIndexedAtOnce(
    indexKey: string,
    stream: string,
  ): Promise<{ version: number; events: { id: string; event: CanonicalEvent }[] }> {
    const [version, ...entries] = (await runLuaScript(redis, READ_INDEXED, [indexKey, stream], [])) as [
      number,
      ...string[],
    ];
    const events: { id: string; event: CanonicalEvent }[] = [];
    for (let i = 0; i + 2 < entries.length; i += 3) {
      const id = entries[i] as string;
      events.push({ id, event: decodeStoredEventFields(entries[i + 1] as string, entries[i + 2]) });
    }
    return { version, events };
  }
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Orders Redis stream ids ("<ms>-<seq>") by time, then sequence. */
export function compareStreamIds(a: string, b: string): number {
  const [aMs = '0', aSeq = '0'] = a.split('-');
  const [bMs = '0', bSeq = '0'] = b.split('-');
  return Number(aMs) - Number(bMs) || Number(aSeq) - Number(bSeq);
}
