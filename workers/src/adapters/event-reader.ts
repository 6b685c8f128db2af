/**
 * Reads events back from the tenant event store (written by the server's ingest). Owns decoding only; the
 * stream layout and field names come from @benchline/shared/backend.
 */
import type { CanonicalEvent } from '@benchline/shared';
import type { KeySpace } from '@benchline/shared/backend';
import { EVENT_FIELDS } from '@benchline/shared/backend';
import type { Redis } from 'ioredis';

export interface EventReader {
  read(tenantId: string, eventId: string): Promise<CanonicalEvent | null>;
}

export function createEventReader(redis: Redis, keys: KeySpace): EventReader {
  return {
    async read(tenantId, eventId) {
      const entries = await redis.xrange(keys.events(tenantId), eventId, eventId);
      const fields = entries[0]?.[1];
      if (fields === undefined) {
        return null;
      }
      const at = fields.indexOf(EVENT_FIELDS.event);
      const json = at >= 0 ? fields[at + 1] : undefined;
      return json === undefined ? null : (JSON.parse(json) as CanonicalEvent);
    },
  };
}
