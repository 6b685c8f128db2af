/**
 * What CCLF import keeps in Redis besides the events: the tenant's MBI crosswalk (learnt from every CCLF9), and the
 * stored history a crosswalk change moves, read from the event store. A dry run uses the in-memory crosswalk store
 * and no history.
 */
import type { CanonicalEvent } from '@benchline/shared';
import type { KeySpace } from '@benchline/shared/backend';
import { decodeStoredEvent } from '@benchline/shared/backend';
import type { Redis } from 'ioredis';
import type { MbiLink } from './mbi-crosswalk.js';
import { decodeLink, encodeLink } from './mbi-crosswalk.js';
import type { StoredHistory } from './mbi-history.js';

export interface MbiCrosswalkStore {
  load(tenantId: string): Promise<Map<string, MbiLink>>;
  save(tenantId: string, links: readonly MbiLink[]): Promise<void>;
}

export function createMbiCrosswalkStore(redis: Redis, keys: KeySpace): MbiCrosswalkStore {
  return {
    async load(tenantId) {
      const links = new Map<string, MbiLink>();
      for (const [mbi, encoded] of Object.entries(await redis.hgetall(keys.cclfMbiCrosswalk(tenantId)))) {
        const link = decodeLink(mbi, encoded);
        if (link !== undefined) {
          links.set(mbi, link);
        }
      }
      return links;
    },
    async save(tenantId, links) {
      if (links.length > 0) {
        await redis.hset(
          keys.cclfMbiCrosswalk(tenantId),
          Object.fromEntries(links.map((link) => [link.mbi, encodeLink(link)])),
        );
      }
    },
  };
}

/** A crosswalk that lives as long as the process: for dry runs, which write nothing. */
export function inMemoryMbiCrosswalkStore(): MbiCrosswalkStore {
  const tenants = new Map<string, Map<string, MbiLink>>();
  return {
    load: async (tenantId) => new Map(tenants.get(tenantId)),
    save: async (tenantId, links) => {
      const known = tenants.get(tenantId) ?? new Map<string, MbiLink>();
      links.forEach((link) => known.set(link.mbi, link));
      tenants.set(tenantId, known);
    },
  };
}

const PAGE = 1000;

/**
 * The event store read in pages, oldest first, decoding only entries that name one of the members (their canonical
 * JSON holds `"memberId":"<id>"` verbatim), so a pass over a large store stays cheap and holds one page at a time.
 */
export function createStoredHistory(redis: Redis, keys: KeySpace): StoredHistory {
  return {
    async *eventsOf(tenantId, memberIds) {
      const needles = [...memberIds].map((id) => `"memberId":${JSON.stringify(id)}`);
      let start = '-';
      for (;;) {
        const page = await redis.xrange(keys.events(tenantId), start, '+', 'COUNT', PAGE);
        for (const [id, fields] of page) {
          start = `(${id}`;
          if (fields.some((field) => needles.some((needle) => field.includes(needle)))) {
            const event: CanonicalEvent | null = decodeStoredEvent(fields);
            if (event !== null) {
              yield event;
            }
          }
        }
        if (page.length < PAGE) {
          return;
        }
      }
    },
  };
}
