/**
 * The vocabulary of the attribution engine: its configuration (performance year, windows, the vendored tables
 * and the facts the canonical events do not carry) and its answer per beneficiary and contract. Types only; the
 * rules live in the modules that use them.
 */
import type { AssignmentSpecialty, PrimaryCareServiceCode } from '../../reference/mssp.js';

/** An inclusive range of service dates, ISO `YYYY-MM-DD`. */
export interface DateWindow {
  readonly from: string;
  readonly through: string;
}

/** MSSP assignment methodology the ACO chose for the year (42 CFR 425.400(a)(2), (a)(3)). */
export type AssignmentMethod = 'prospective' | 'retrospective';

/** The windows one assignment run reads (42 CFR 425.20 "assignment window", 425.402(b) expanded window). */
export interface AssignmentWindows {
  /** The 12-month assignment window: eligibility screens, the pre-step and steps 1 and 2. */
  readonly assignment: DateWindow;
  /** The 24-month expanded window step 3 (PY2025+) compares dollars over. */
  readonly expanded: DateWindow;
  /**
   * Prospective assignment only: the performance year, over which a prospectively assigned beneficiary is
   * still removed for the exclusion criteria (42 CFR 425.401(b)). Null when not applied.
   */
  readonly exclusion: DateWindow | null;
}

/** The vendored tables the engine reads; passed in, never loaded here. */
export interface AssignmentTables {
  readonly primaryCareCodes: readonly PrimaryCareServiceCode[];
  readonly specialties: readonly AssignmentSpecialty[];
}

/** Facts about the world outside the tenant that the canonical events do not carry. */
export interface ExternalFacts {
  /**
   * Participant TINs of other ACOs: TIN → the id of every ACO whose participant list has it (a TIN can be on
   * several). Nothing in the canonical model says this.
   */
  readonly otherAcoTins: ReadonlyMap<string, ReadonlySet<string>>;
  /** CCNs of Electing Teaching Amendment hospitals, the only billers for whom G0463 counts. */
  readonly etaHospitalCcns: ReadonlySet<string>;
  /** Members known to be in another Medicare shared-savings initiative (e.g. ACO REACH) for the year. */
  readonly otherInitiativeMembers: ReadonlySet<string>;
}

/** Everything one MSSP assignment run needs besides the events. */
export interface AssignmentConfig extends ExternalFacts {
  readonly performanceYear: number;
  readonly method: AssignmentMethod;
  readonly windows: AssignmentWindows;
  /** The date whose participant list applies to every service in the windows (the performance year's list). */
  readonly participantListDate: string;
  /** A voluntary alignment designation counts when its effective date is on or before this date. */
  readonly voluntaryAlignmentCutoff: string;
  readonly tables: AssignmentTables;
}

/** The ACO being assigned to: its id and, when the contract lists them, its participant TINs. */
export interface AcoDefinition {
  readonly acoId: string;
  /** When absent, the participant TINs are those of the provider records marked `participant`. */
  readonly participantTins?: readonly string[];
}

/** An eligibility screen of 42 CFR 425.401(a) (and (b) for prospective removal) that a beneficiary failed. */
export type EligibilityScreen =
  | 'no-part-a-and-b-month'
  | 'part-a-or-b-only-month'
  | 'medicare-advantage-month'
  | 'outside-united-states'
  | 'other-shared-savings-initiative';

/** Who a beneficiary's primary care dollars went to. */
export type CompetitorKind = 'this-aco' | 'other-aco' | 'tin' | 'ccn';

export interface CompetitorRef {
  readonly kind: CompetitorKind;
  /** The ACO id (this ACO's or another's), the billing TIN, or the CCN when a facility claim carries no TIN. */
  readonly id: string;
}

export interface CompetitorTotal extends CompetitorRef {
  /** Allowed charges on the compared primary care services, integer cents. */
  readonly primaryCareCents: number;
  readonly services: number;
  /** Date of the latest compared service. */
  readonly lastServiceDate: string;
}

/** How a beneficiary was attributed. */
export type AttributionStep = 'step-1' | 'step-2' | 'step-3' | 'voluntary-alignment' | 'roster';

/** Why a beneficiary is not attributed. */
export type NotAttributedReason =
  /** Failed an eligibility screen; `failedScreens` says which. */
  | 'ineligible'
  /** Designated a primary clinician who is not an ACO professional of this ACO (42 CFR 425.402(e)). */
  | 'aligned-elsewhere'
  /** No primary care service in the windows at all. */
  | 'no-primary-care'
  /** No primary care service with an ACO physician who is a PCP or step-2 specialist, and step 3 did not apply. */
  | 'pre-step-not-met'
  /** Another ACO or a non-ACO TIN had more primary care dollars. */
  | 'plurality-elsewhere'
  /** This ACO tied for the most dollars; surfaced for review rather than broken by a guess. */
  | 'tie'
  /** Roster contract: the member's latest roster row does not cover the month. */
  | 'not-on-roster-this-month';

/** The services a plurality compared: which step's rule, over which window. */
export interface ComparisonBasis {
  readonly step: 'step-1' | 'step-2' | 'step-3';
  readonly window: DateWindow;
}

export interface PrimaryCareVisit {
  readonly date: string;
  readonly competitor: CompetitorRef;
  readonly npi: string | null;
}

/** The TIN/NPI a coordinator should treat as the patient's home inside the attributing entity. */
export interface AttributedHome {
  readonly tin: string | null;
  readonly npi: string | null;
  readonly ccn: string | null;
}

/** What every answer carries, attributed or not. */
export interface AttributionDetails {
  readonly contractId: string;
  readonly memberId: string;
  readonly performanceYear: number;
  readonly attribution: 'mssp-claims' | 'payer-roster';
  /** The eligibility screens failed (when `reason` is `ineligible`); empty otherwise. */
  readonly failedScreens: readonly EligibilityScreen[];
  /** Claims contracts: the comparison that decided (or, when none applied, would decide); null when none. */
  readonly basis: ComparisonBasis | null;
  /** Ranked by dollars, most first; empty for roster contracts. */
  readonly competitors: readonly CompetitorTotal[];
  /** When `reason` is `tie`: every competitor with the top dollar amount, this ACO among them. */
  readonly tiedWith: readonly CompetitorRef[];
  /** TINs whose services were left out because they participate in more than one ACO (42 CFR 425.400(a)(2)(iii)). */
  readonly excludedMultiAcoTins: readonly string[];
  readonly lastPrimaryCareVisit: PrimaryCareVisit | null;
  /** Set when attributed: the home TIN/NPI inside the attributing entity. */
  readonly home: AttributedHome | null;
  /** Roster contracts: the roster row read (its as-of date and the months it lists). */
  readonly roster: { readonly asOf: string; readonly months: readonly string[] } | null;
}

/** One beneficiary's attribution to one contract: attributed by a step, or not attributed for a reason. */
export type AttributionResult = AttributionDetails &
  (
    | { readonly status: 'attributed'; readonly step: AttributionStep; readonly reason: null }
    | { readonly status: 'not-attributed'; readonly step: null; readonly reason: NotAttributedReason }
  );
