/**
 * Stored events by stream id, kept in the worker process. An event-store entry never changes once written, so a
 * copy read once serves every later recompute of its member: a claim for a member with a long history then costs
 * one index read and one new event, not the whole history read and parsed again (which, done inside Redis, also
 * held every other client up behind it). Only immutable entries are kept, so nothing here can be stale; the fact
 * index — which events a member has now, and its version — is still read from Redis every time. (Nothing deletes
 * from the event store; a purge, should one ever come, would have to reach these caches too.)
 *
 * The events handed out are shared between recomputes, so they are deep-frozen: an engine that tried to change
 * one would throw rather than corrupt the next member's input.
 */
import type { CanonicalEvent } from '@benchline/shared';

export interface StoredEventCache {
  get(stream: string, id: string): CanonicalEvent | undefined;
  set(stream: string, id: string, event: CanonicalEvent): CanonicalEvent;
  readonly size: number;
}

/** Enough for the recently active members' histories (a member's year is some fifty events). */
export const DEFAULT_STORED_EVENT_CACHE_ENTRIES = 50_000;

export function createStoredEventCache(maxEntries = DEFAULT_STORED_EVENT_CACHE_ENTRIES): StoredEventCache {
  // A Map iterates in insertion order: re-inserting on a hit makes the first key the least recently used.
  const entries = new Map<string, CanonicalEvent>();
  const keyOf = (stream: string, id: string): string => `${stream}\u0000${id}`;
  return {
    get(stream, id) {
      const key = keyOf(stream, id);
      const event = entries.get(key);
      if (event !== undefined) {
        entries.delete(key);
        entries.set(key, event);
      }
      return event;
    },
    set(stream, id, event) {
      const frozen = deepFreeze(event);
      entries.set(keyOf(stream, id), frozen);
      while (entries.size > maxEntries) {
        entries.delete(entries.keys().next().value as string);
      }
      return frozen;
    },
    get size() {
      return entries.size;
    },
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) {
      deepFreeze(child);
    }
  }
  return value;
}
