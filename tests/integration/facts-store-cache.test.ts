/**
 * The facts store with a stored-event cache (the live workers') loads exactly what the one-step read loads —
 * across new events, a claim's new version replacing its old one in the index, and more events than the cache
 * holds — and reads from Redis only the events it does not already hold.
 */
import type { CanonicalEvent, ClaimEvent } from '@benchline/shared';
import { createKeySpace, EVENT_FIELDS, eventKeyOf } from '@benchline/shared/backend';
import { describe, expect, it } from 'vitest';
import { createFactsStore } from '../../workers/src/adapters/facts-store.js';
import { createStoredEventCache } from '../../workers/src/adapters/stored-event-cache.js';
import { VALID_MEMBER, VALID_PROVIDER } from '../../shared/src/validation/__fixtures__/valid-events.js';
import { aClaim } from '../support/claims.js';
import { connectTestRedis, uniquePrefix } from '../support/redis.js';

const prefix = uniquePrefix();
const keys = createKeySpace(prefix);
const redis = connectTestRedis(prefix);
const TENANT = 't';
const MEMBER = '1EG4TE5MK73';

/** Appends to the event store as the server's ingest does, then folds into the fact index as the apply job does. */
async function store(events: CanonicalEvent[]): Promise<string[]> {
  const plain = createFactsStore(redis, keys);
  const stored: { eventId: string; event: CanonicalEvent }[] = [];
  for (const event of events) {
    const { source, ...content } = event;
    const eventId = (await redis.xadd(
      keys.events(TENANT),
      '*',
      EVENT_FIELDS.key,
      eventKeyOf(event),
      EVENT_FIELDS.event,
      JSON.stringify(content),
      EVENT_FIELDS.source,
      source ?? '',
    )) as string;
    stored.push({ eventId, event });
  }
  await plain.fold(TENANT, stored);
  return stored.map((s) => s.eventId);
}

const member = { ...VALID_MEMBER, memberId: MEMBER };

describe('the facts store through a stored-event cache', () => {
  it('loads what the one-step read loads, and reads only the events it lacks', async () => {
    const plain = createFactsStore(redis, keys);
    const cache = createStoredEventCache(4);
    const cached = createFactsStore(redis, keys, { eventCache: cache });
    const same = async (): Promise<void> => {
      expect(await cached.load(TENANT, MEMBER)).toEqual(await plain.load(TENANT, MEMBER));
    };

    await store([member, aClaim({ claimId: 'A', memberId: MEMBER }), aClaim({ claimId: 'B', memberId: MEMBER })]);
    await same();
    expect(cache.size).toBe(3);

    // A new version takes its claim's slot: the old version leaves the member's facts, the new one arrives.
    await store([aClaim({ claimId: 'A', memberId: MEMBER, version: 2, adjustment: 'adjustment', paidAmount: 90.0 })]);
    await same();
    const loaded = await cached.load(TENANT, MEMBER);
    expect(loaded.facts.claims.map((c: ClaimEvent) => `${c.claimId}:${c.version}`).sort()).toEqual(['A:2', 'B:1']);

    // More events than the cache holds: the least recently used go, and are read again when next needed.
    await store(['C', 'D', 'E', 'F'].map((claimId) => aClaim({ claimId, memberId: MEMBER, source: 'cclf' })));
    await same();
    expect(cache.size).toBe(4);

    // An event already held is not read again: removed from the stream behind the cache's back (nothing in
    // Benchline deletes from the event store), it is still served — from the cache.
    const [lone] = await store([aClaim({ claimId: 'G', memberId: '2EG4TE5MK74' })]);
    const wide = createFactsStore(redis, keys, { eventCache: createStoredEventCache() });
    expect((await wide.load(TENANT, '2EG4TE5MK74')).facts.claims).toHaveLength(1);
    await redis.xdel(keys.events(TENANT), lone as string);
    expect((await wide.load(TENANT, '2EG4TE5MK74')).facts.claims).toHaveLength(1);
    expect((await plain.load(TENANT, '2EG4TE5MK74')).facts.claims).toHaveLength(0);
  });

  it('loads the tenant facts the same way', async () => {
    const plain = createFactsStore(redis, keys);
    const cached = createFactsStore(redis, keys, { eventCache: createStoredEventCache() });
    await store([VALID_PROVIDER]);
    expect(await cached.loadTenant(TENANT)).toEqual(await plain.loadTenant(TENANT));
    expect((await cached.loadTenant(TENANT)).facts.providers).toHaveLength(1);
  });
});
