import { describe, expect, it } from 'vitest';
import { EVENT_KINDS } from '../events/index.js';
import { VALID_EVENTS } from '../validation/__fixtures__/valid-events.js';
import { canonicalJson } from './canonical-json.js';
import { decodeStoredEvent, EVENT_FIELDS, eventKeyOf } from './event-store.js';

describe('the event store record', () => {
  it('gives every kind an idempotency key of its natural id and version', () => {
    expect(EVENT_KINDS.map((kind) => eventKeyOf(VALID_EVENTS[kind]))).toEqual([
      'claim:-10000930037921:2',
      'member:1EG4TE5MK73:roster-2026-03:2026-03-01',
      'provider:1234567893:123456789:2026-01-01',
      'clinical:Observation/hba1c-1:1',
      'contract:A1234:1',
      'roster:H1234-001:MA-000123:2026-03-05',
      'worklist:act-0001',
      'adt:EPICADT^GENHOSP|MSG00001',
    ]);
  });

  it('reads an entry back into the event, with its source', () => {
    const { source, ...content } = VALID_EVENTS.claim;
    const fields = [
      EVENT_FIELDS.key,
      'k',
      EVENT_FIELDS.event,
      canonicalJson(content),
      EVENT_FIELDS.source,
      source ?? '',
    ];
    expect(decodeStoredEvent(fields)).toEqual(VALID_EVENTS.claim);
    expect(decodeStoredEvent([EVENT_FIELDS.key, 'k'])).toBeNull();
  });
});
