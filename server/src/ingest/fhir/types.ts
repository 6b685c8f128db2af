/**
 * The mapper's public contract: what a caller passes in (the patient crosswalk it knows, the source tag, a
 * fallback as-of date) and what it gets back — canonical events, or every problem at once as field issues
 * pointing into the FHIR resource (or, for a bundle, into the bundle).
 */
import type { CanonicalEvent, ClinicalEvent, FieldIssue } from '@benchline/shared';

/** The feeds an event can say it arrived on (the canonical EventSource). */
export type EventSourceTag = ClinicalEvent['source'];

export interface FhirMappingContext {
  /**
   * FHIR Patient logical id → canonical memberId (an MBI), from earlier ingests; mapFhirBundle adds the
   * bundle's own Patient entries. A reference that carries an MBI (`Reference.identifier`) needs no entry.
   */
  readonly patients: ReadonlyMap<string, string>;
  /** The feed every mapped event is tagged with (`'fhir'` for the FHIR ingest endpoint). */
  readonly source: EventSourceTag;
  /**
   * YYYY-MM-DD: the as-of date of a Patient or Coverage without `meta.lastUpdated`, and the end of an
   * open-ended coverage period. Without it such a resource is reported (`required` at /meta/lastUpdated).
   */
  readonly defaultAsOf?: string;
}

export type FhirMappingResult =
  { readonly ok: true; readonly events: CanonicalEvent[] } | { readonly ok: false; readonly issues: FieldIssue[] };

/** A Patient's logical id and the member id (MBI) it stands for, for the caller to store as a crosswalk. */
export interface PatientCrosswalk {
  readonly patientId: string;
  readonly memberId: string;
}

export type FhirBundleMappingResult =
  | {
      readonly ok: true;
      /** One result per `Bundle.entry`, index-aligned; issue paths start `/entry/<i>/resource`. */
      readonly entries: FhirMappingResult[];
      /** The crosswalk of every Patient entry that carries an MBI. */
      readonly crosswalk: PatientCrosswalk[];
    }
  | { readonly ok: false; readonly issues: FieldIssue[] };
