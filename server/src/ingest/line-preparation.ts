/**
 * One NDJSON line of canonical events, made ready to store: parsed, validated (codes normalised), marked with the
 * feed it came by, and serialised canonically with its key and hash. The same function runs on the preparation
 * threads (line-preparation-thread.ts) and, when there are none, on the event loop.
 */
import type { CanonicalEvent } from '@benchline/shared';
import { validateEvent } from '@benchline/shared';
import { mapValue, parseLine, withSource, type MappedLine } from './bulk-ingest.js';
import { prepareEvent, type PreparedEvent } from './prepared-event.js';

export type EventSource = NonNullable<CanonicalEvent['source']>;

export function prepareCanonicalLine(text: string, source: EventSource): MappedLine<PreparedEvent> {
  const parsed = parseLine(text);
  if ('error' in parsed) {
    return parsed;
  }
  return mapValue(parsed.value, (value) => {
    const validation = validateEvent(value);
    return validation.ok ? { ok: true, events: [prepareEvent(withSource(validation.event, source))] } : validation;
  });
}
