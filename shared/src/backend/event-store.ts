/**
 * The tenant event store's record format and idempotency keys, shared by the server (which appends) and the
 * workers (which read and replay). Every accepted event is kept, so everything derived can be rebuilt.
 */
import type { CanonicalEvent } from '../events/index.js';

/** Field names of an event-store stream entry. */
export const EVENT_FIELDS = { key: 'k', event: 'e' } as const;

/**
 * The idempotency key of an event: its kind, natural id and version. The same key arriving again is a
 * duplicate whichever feed it came by; the same key with different content is a conflict.
 */
export function eventKeyOf(event: CanonicalEvent): string {
  switch (event.kind) {
    case 'claim':
      return `claim:${event.claimId}:${event.version}`;
    case 'clinical':
      return `clinical:${event.clinicalId}:${event.version}`;
    case 'member':
      return `member:${event.memberId}:${event.recordId ?? 'roster'}:${event.asOf}`;
    case 'provider':
      return `provider:${event.npi}:${event.tin}:${event.asOf}`;
    case 'contract':
      return `contract:${event.contractId}:${event.version}`;
    case 'roster':
      return `roster:${event.contractId}:${event.memberId}:${event.asOf}`;
  }
}
