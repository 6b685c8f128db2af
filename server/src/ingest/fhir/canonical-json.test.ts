/**
 * The stored form of what the mapper produces: every clinical event of the eCQM bundles, and one of every shape
 * the canonical model allows (shared's variants), is written by ingest's schema-generated serializer exactly as
 * canonicalJson writes it — so the fields the measures read round-trip through the event store.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CanonicalEvent } from '@benchline/shared';
import { canonicalJson } from '@benchline/shared/backend';
import { VALID_CLINICAL_VARIANTS } from '../../../../shared/src/validation/__fixtures__/valid-events.js';
import { canonicalEventJson } from '../canonical-event-json.js';
import { eventsOf, fixture } from './__fixtures__/fixture-support.js';
import { mapFhirBundle } from './index.js';

type Bundle = { entry: { resource: { resourceType: string; id?: string } }[] };

function mappedEvents(): CanonicalEvent[] {
  const names = readdirSync(new URL('./__fixtures__/ecqm-2026/', import.meta.url)).filter((name) =>
    name.endsWith('.json'),
  );
  return names.flatMap((name) => {
    const bundle = fixture<Bundle>(`ecqm-2026/${name}`);
    const patientId = bundle.entry.find(({ resource }) => resource.resourceType === 'Patient')?.resource.id ?? '';
    const result = mapFhirBundle(bundle, {
      patients: new Map([[patientId, '1EG4TE5MK73']]),
      source: 'fhir',
      defaultAsOf: '2026-12-31',
    });
    return result.ok ? result.entries.filter((entry) => entry.ok).flatMap((entry) => eventsOf(entry)) : [];
  });
}

describe('canonical JSON of clinical events', () => {
  it.each(VALID_CLINICAL_VARIANTS.map((event) => [event.clinicalId, event] as const))(
    '%s is written as canonicalJson writes it',
    (_id, event) => {
      expect(canonicalEventJson(event)).toBe(canonicalJson(event));
      expect(JSON.parse(canonicalEventJson(event))).toEqual(event);
    },
  );

  it('every event mapped from the eCQM bundles, the fields the measures read included', () => {
    const events = mappedEvents();
    const fields = new Set(events.flatMap((event) => Object.keys(event)));
    // (The bundles carry no concept with a second coding; the shared variants above do.)
    for (const field of [
      'category',
      'intent',
      'supply',
      'bodySite',
      'reason',
      'encounterClass',
      'dischargeDisposition',
      'encounterId',
      'value',
    ]) {
      expect(fields.has(field), field).toBe(true);
    }
    for (const event of events) {
      expect(canonicalEventJson(event)).toBe(canonicalJson(event));
    }
  });
});
