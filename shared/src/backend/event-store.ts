/**
 * The tenant event store's record format and idempotency keys, shared by the server (which appends) and the
 * workers (which read and replay). Every accepted event is kept, so everything derived can be rebuilt.
 */
import type { CanonicalEvent } from '../events/index.js';

/**
 * Field names of an event-store stream entry: the idempotency key, the event's content as canonical JSON
 * without its source (the content that is hashed for conflict detection), and the source feed.
 */
export const EVENT_FIELDS = { key: 'k', event: 'e', source: 's' } as const;

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
    case 'worklist':
      // An action happens once: its id alone is its identity (no versions).
      return `worklist:${event.actionId}`;
    case 'adt':
      // A notification is one message: its control id is unique at its sender (neither may hold a '|').
      return `adt:${event.sender}|${event.messageId}`;
  }
}

/** An event-store entry's fields ([name, value, …]) back to the event; null when it holds none. */
export function decodeStoredEvent(fields: readonly string[]): CanonicalEvent | null {
  let json: string | undefined;
  let source: string | undefined;
  for (let i = 0; i + 1 < fields.length; i += 2) {
    if (fields[i] === EVENT_FIELDS.event) {
      json = fields[i + 1];
    } else if (fields[i] === EVENT_FIELDS.source) {
      source = fields[i + 1];
    }
  }
  return json === undefined ? null : decodeStoredEventFields(json, source);
}

/** An event-store entry's event JSON and source field (absent or '' when none) back to the event. */
export function decodeStoredEventFields(json: string, source: string | undefined): CanonicalEvent {
  const event = JSON.parse(json) as CanonicalEvent;
  return source ? ({ ...event, source } as CanonicalEvent) : event;
}
