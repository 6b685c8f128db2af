/**
 * The measure engine's contract: what goes in (a patient's canonical events and merged member profile, a
 * measurement period) and what comes out (per-measure populations kept distinct, the evidence behind each, the
 * measure version, and `evaluable: false` with a reason when the data cannot decide).
 */
import type { ClaimEvent, ClinicalEvent } from '@benchline/shared';
import type { MemberProfile } from '../member-profile.js';

/** The five eCQMs of the ACO's APP Plus set that the engine evaluates (2026 performance period). */
export const MEASURE_IDS = ['CMS122', 'CMS125', 'CMS130', 'CMS165', 'CMS2'] as const;
export type MeasureId = (typeof MEASURE_IDS)[number];

export function isMeasureId(value: string): value is MeasureId {
  return (MEASURE_IDS as readonly string[]).includes(value);
}

/** The measurement period, inclusive calendar dates (a calendar year for these measures). */
export interface Period {
  readonly start: string;
  readonly end: string;
}

/** Everything the engine reads about one patient; all versions may be passed, the engine keeps the current ones. */
export interface PatientFacts {
  readonly memberId: string;
  readonly profile: MemberProfile | null;
  readonly clinical: readonly ClinicalEvent[];
  readonly claims: readonly ClaimEvent[];
}

export type EvidenceSource = 'clinical' | 'claim' | 'eligibility';

/** One record behind a population: what it was, where it came from, the date that made it count, its value. */
export interface EvidenceRecord {
  /** The canonical event id: a clinical id, `<claimId>#line<n>` / `#dx<n>` / `#px<n>` / `#claim`, or `member#<month>`. */
  readonly eventId: string;
  readonly source: EvidenceSource;
  /** A canonical code system, or `claim-type`, `discharge-status`, `enrollment` for claim and eligibility facts. */
  readonly system: string;
  readonly code: string;
  readonly date: string;
  /** The value as a coordinator reads it ("9.1 %", "snomed 428181000124104", "< 130 mm[Hg]"). */
  readonly value?: string;
  /** What the record shows ("qualifying encounter", "hospice", "mammography"). */
  readonly role: string;
}

export interface Populations {
  readonly initialPopulation: boolean;
  readonly denominator: boolean;
  readonly denominatorExclusion: boolean;
  readonly denominatorException: boolean;
  readonly numerator: boolean;
}

export interface MeasureVersion {
  /** The CMS eCQM identifier with version, e.g. CMS122v14. */
  readonly ecqm: string;
  /** The FHIR CQL library the logic follows and its version, e.g. CMS122FHIRDiabetesAssessGreaterThan9Percent 0.5.000. */
  readonly library: string;
  readonly libraryVersion: string;
}

export interface MeasureResult {
  readonly measureId: MeasureId;
  /** The MIPS quality ID (001, 112, 113, 236, 134). */
  readonly qualityId: string;
  readonly title: string;
  /** Inverse measures count the bad outcome: being in the numerator is the gap. */
  readonly inverse: boolean;
  readonly version: MeasureVersion;
  readonly memberId: string;
  readonly period: Period;
  /** False when the data available cannot decide a population; the populations are then all false. */
  readonly evaluable: boolean;
  readonly reason: string | null;
  readonly populations: Populations;
  /** The records behind each population; the numerator's also when it decided against (most-recent readings). */
  readonly evidence: {
    readonly initialPopulation: readonly EvidenceRecord[];
    readonly denominatorExclusion: readonly EvidenceRecord[];
    readonly denominatorException: readonly EvidenceRecord[];
    readonly numerator: readonly EvidenceRecord[];
  };
  /** The measure's stratum (CMS125, CMS130 age strata), when in the initial population. */
  readonly stratum: string | null;
  /** Approximations the result relied on, because the source did not state what the CQL reads. */
  readonly notes: readonly string[];
}
