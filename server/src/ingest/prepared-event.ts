/** Events made ready for the store (ingest/event-ingest.ts). */
import { createHash } from 'node:crypto';
import type { CanonicalEvent } from '@benchline/shared';
import { eventKeyOf } from '@benchline/shared/backend';
import { canonicalEventJson } from './canonical-event-json.js';

/**
 * An event as the store takes it: its idempotency key, canonical JSON and that JSON's hash — the CPU-heavy part of
 * storing, done once per event and, for bulk bodies, off the event loop (ingest/line-preparation-pool.ts).
 */
export interface PreparedEvent {
  key: string;
  hash: string;
  json: string;
  /** The feed it came by ('' when unknown); not part of its identity. */
  source: string;
  /** For the request's audit record. */
  memberId?: string;
}

export function prepareEvent(event: CanonicalEvent): PreparedEvent {
  const { source, ...content } = event;
  // The feed an event came by is not part of its identity: a claim sent by API and again by FHIR is one claim.
  const json = canonicalEventJson(content);
  const prepared: PreparedEvent = {
    key: eventKeyOf(event),
    hash: createHash('sha256').update(json).digest('base64url'),
    json,
    source: source ?? '',
  };
  if ('memberId' in event) {
    prepared.memberId = event.memberId;
  }
  return prepared;
}
