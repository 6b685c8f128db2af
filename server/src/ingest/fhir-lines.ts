/**
 * FHIR bulk data (NDJSON, one resource per line) as bulk-ingest lines: the mapper, the per-batch lookup of the
 * Patients the lines reference, and the crosswalk entries learnt from Patient lines, saved before the batch is
 * stored. Shared by the FHIR route and `benchline import --format fhir`.
 */
import type { LineMapper, StoreUnits } from './bulk-ingest.js';
import { type FhirMappingContext, mapFhirResource, patientCrosswalkOf } from './fhir/index.js';
import type { PatientCrosswalkStore } from './patient-crosswalk.js';
import { referencedPatientIds } from './patient-crosswalk.js';

export interface FhirLines {
  mapLine: LineMapper;
  /** The mapping context the lines are read in (for fhir-encounter-lines, which maps an Encounter again). */
  context: FhirMappingContext;
  /** Looks up, for a batch of parsed lines, the Patients they reference (for mapLinesHere). */
  prepare: (values: unknown[]) => Promise<void>;
  /** Wraps the store so the crosswalk learnt from a batch is saved before its events. */
  store: (inner: StoreUnits) => StoreUnits;
}

export function fhirLines(tenantId: string, crosswalk: PatientCrosswalkStore, defaultAsOf: string): FhirLines {
  const patients = new Map<string, string>();
  const context: FhirMappingContext = { patients, source: 'fhir', defaultAsOf };
  const learnt: { patientId: string; memberId: string }[] = [];
  return {
    context,
    mapLine: (value) => {
      const mapped = mapFhirResource(value, context);
      // Later lines of the same delivery may point at this Patient — once it is itself valid: a refused line
      // changes nothing, the crosswalk included.
      const link = mapped.ok ? patientCrosswalkOf(value) : undefined;
      if (link !== undefined) {
        patients.set(link.patientId, link.memberId);
        learnt.push(link);
      }
      return mapped;
    },
    prepare: async (values) => {
      const wanted = [...referencedPatientIds(values)].filter((id) => !context.patients.has(id));
      for (const [id, memberId] of await crosswalk.lookup(tenantId, wanted)) {
        patients.set(id, memberId);
      }
    },
    store: (inner) => async (units) => {
      await crosswalk.save(tenantId, learnt.splice(0));
      return inner(units);
    },
  };
}
