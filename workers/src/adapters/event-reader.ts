/**
 * Reads events back from the tenant event store (written by the server's ingest). Owns decoding only; the
 * stream layout and field names come from @benchline/shared/backend.
 */
import type { CanonicalEvent } from '@benchline/shared';
import type { KeySpace } from '@benchline/shared/backend';
import { decodeStoredEvent } from '@benchline/shared/backend';
import type { Redis } from 'ioredis';

export interface StoredEvent {
  eventId: string;
  event: CanonicalEvent;
}

export interface EventReader {
  /** The events with these ids, in the order given; ids not in the store are left out. */
  read(tenantId: string, eventIds: readonly string[]): Promise<StoredEvent[]>;
}

export function createEventReader(redis: Redis, keys: KeySpace): EventReader {
  return {
    async read(tenantId, eventIds) {
      const stream = keys.events(tenantId);
      const pipeline = redis.pipeline();
      for (const id of eventIds) {
        pipeline.xrange(stream, id, id);
      }
      const replies = (await pipeline.exec()) ?? [];
      const found: StoredEvent[] = [];
      replies.forEach(([error, entries], i) => {
        if (error) {
          throw error;
        }
        const fields = (entries as [string, string[]][])[0]?.[1];
        if (fields !== undefined) {
          const event = decodeStoredEvent(fields);
          if (event !== null) {
            found.push({ eventId: eventIds[i] as string, event });
          }
        }
      });
      return found;
    },
  };
}
