/**
 * The patient panel (`GET /api/v1/patients/:memberId/panel`): what a care coordinator sees on opening one patient —
 * the care gaps, open and closed, with the records behind each; the HCCs with their coding and recapture status;
 * attribution per contract with the comparison that decided it; Medicare spend by month and service category; and
 * how much is known about the patient and how recent it is. Not a live view: the workers compute it on demand from
 * the member's facts with the engines the pipeline runs (evidence is not kept per member), so its gaps, states and
 * priorities are those of the member's live result; with the coordinators' worklist — each gap's status and every
 * action taken about the patient. Ids, codes, dates and amounts, and coordinators' notes; never a name or address.
 */
import { Type, type Static, type TSchema } from 'typebox';
import {
  CLOSE_REASONS,
  EXCLUDE_REASONS,
  OUTREACH_BARRIERS,
  OUTREACH_CHANNELS,
  OUTREACH_OUTCOMES,
  WORKLIST_ACTION_TYPES,
} from '../events/worklist.js';
import { WORKLIST_STATUSES } from '../views/gaps.js';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Day = Type.String({ description: 'YYYY-MM-DD' });

/** One record behind a gap or an HCC: where it came from, what it is, when, and the sentence a coordinator reads. */
export const PanelEvidence = Type.Object({
  source: Type.Enum(['claim', 'clinical', 'eligibility']),
  /** The engines' id for the record: a clinical id, `<claimId>#line<n>` / `#dx<n>` / `#px<n>` / `#v<version>`. */
  eventId: Type.String(),
  /** The claim it is on (source `claim`), and that claim's current version. */
  claimId: Nullable(Type.String()),
  claimVersion: Nullable(Type.Integer()),
  /** A code system (cpt, hcpcs, icd10cm, loinc, snomed …) or claim-type, discharge-status, enrollment. */
  system: Type.String(),
  code: Type.String(),
  date: Day,
  value: Nullable(Type.String()),
  /** What the record shows: mammography, qualifying encounter, 2025 coding … */
  role: Type.String(),
  /** In words: "mammography CPT 77067 on 2025-03-02, claim C-1001". */
  text: Type.String(),
});
export type PanelEvidence = Static<typeof PanelEvidence>;

export const PANEL_GAP_KINDS = ['measure', 'annual-wellness-visit', 'hcc-recapture', 'care-transition'] as const;
export const PANEL_GAP_STATES = [
  'open',
  'closed-provisional',
  'closed-confirmed',
  'excluded',
  'not-applicable',
  'not-evaluable',
] as const;

/** Where the coordinators are with one gap, beyond the row's status, attempts and next attempt. */
export const PanelGapWorklist = Type.Object({
  lastOutreach: Nullable(
    Type.Object({
      at: Type.String(),
      channel: Type.Enum([...OUTREACH_CHANNELS]),
      outcome: Type.Enum([...OUTREACH_OUTCOMES]),
    }),
  ),
  /** The visit booked, while the gap is scheduled. */
  scheduledOn: Nullable(Day),
  /** The close or exclude behind a closed or excluded status. */
  resolution: Nullable(
    Type.Object({
      type: Type.Enum(['close', 'exclude']),
      reason: Type.String(),
      at: Type.String(),
      by: Type.String(),
    }),
  ),
});
export type PanelGapWorklist = Static<typeof PanelGapWorklist>;

/**
 * A care gap: the member's gap row exactly as the live result (and, when open, the gap queue) has it, plus why it
 * is in its state, the evidence and the worklist's detail. Gaps that do not apply to the patient are left out, as
 * the result leaves them.
 */
export const PanelGap = Type.Object({
  gapId: Type.String(),
  kind: Type.Enum([...PANEL_GAP_KINDS]),
  /** The measure id (CMS130 …), `AWV`, or the HCC (`V28 HCC 37`). */
  subject: Type.String(),
  title: Type.String(),
  state: Type.Enum([...PANEL_GAP_STATES]),
  dueDate: Nullable(Day),
  /** Queue priority, higher first; 0 unless open. */
  priority: Type.Number(),
  explanation: Type.String(),
  tin: Nullable(Type.String()),
  npi: Nullable(Type.String()),
  /** The coordinators' status for the gap (never the measure's state: only evidence changes that). */
  status: Type.Enum([...WORKLIST_STATUSES]),
  /** Whom the patient is assigned to; null when nobody is. */
  coordinator: Nullable(Type.String()),
  attempts: Type.Integer({ minimum: 0 }),
  lastOutreachAt: Nullable(Type.String()),
  nextAttemptOn: Nullable(Day),
  /** Why excluded or not evaluable. */
  reason: Nullable(Type.String()),
  /** Closed: the end of the last period the closing evidence still counts for. */
  nextDueDate: Nullable(Day),
  /** The first day a closing event counts (an annual wellness visit 11 full months after the last). */
  earliestDate: Nullable(Day),
  /** Open: what was found short of closing it (most recent readings); closed: what closed it; excluded: why. */
  evidence: Type.Array(PanelEvidence),
  worklist: PanelGapWorklist,
});
export type PanelGap = Static<typeof PanelGap>;

/** One coordinator action about the patient, as logged, with the sentence a coordinator reads. */
export const PanelWorklistAction = Type.Object({
  actionId: Type.String(),
  at: Type.String(),
  by: Type.String(),
  type: Type.Enum([...WORKLIST_ACTION_TYPES]),
  /** The gap it was about; null for an assignment or an outreach about the patient in general. */
  gapId: Nullable(Type.String()),
  /** Outreach: how, what came of it, what was planned, what stood in the way. */
  channel: Nullable(Type.Enum([...OUTREACH_CHANNELS])),
  outcome: Nullable(Type.Enum([...OUTREACH_OUTCOMES])),
  nextAttemptOn: Nullable(Day),
  scheduledOn: Nullable(Day),
  barrier: Nullable(Type.Enum([...OUTREACH_BARRIERS])),
  /** Close and exclude: why. */
  reason: Nullable(Type.Enum([...new Set([...CLOSE_REASONS, ...EXCLUDE_REASONS])])),
  note: Nullable(Type.String()),
  /** Assign: to whom (null: unassigned). */
  assignee: Nullable(Type.String()),
  /** In words: "Phone call: no answer; next attempt 2026-03-09 — Colorectal Cancer Screening". */
  text: Type.String(),
});
export type PanelWorklistAction = Static<typeof PanelWorklistAction>;

/** The member's CMS-HCC score as the pipeline keeps it, with the years it reads; or why it cannot be scored. */
export const PanelRisk = Type.Union([
  Type.Null(),
  Type.Object({ error: Type.String() }),
  Type.Object({
    segment: Type.String(),
    /** The segment's raw score (V28 where it is run). */
    rawScore: Type.Number(),
    /**
     * The payment year's blend after CMS's FFS normalisation factor, before the MA coding-pattern adjustment (the
     * name is the pipeline's summary field's); null when the year's blend is not covered.
     */
    paymentScore: Nullable(Type.Number()),
    /**
     * What an MA plan is paid on: normalised, less the MA coding-pattern adjustment, blended. (MSSP uses neither
     * step: its benchmark reads the raw score, renormalised.) Null when the year's blend is not covered.
     */
    maPaymentScore: Nullable(Type.Number()),
    paymentYear: Type.Integer(),
    /** The year whose diagnoses the payment-year score reads. */
    diagnosisYear: Type.Integer(),
    /** The year being coded now, whose HCCs recapture last year's. */
    codingYear: Type.Integer(),
    /** How many years before the coding year a chronic HCC's coding opens a recapture gap: 1 or 2. */
    recaptureLookbackYears: Type.Union([Type.Literal(1), Type.Literal(2)]),
    notes: Type.Array(Type.String()),
  }),
]);
export type PanelRisk = Static<typeof PanelRisk>;

export const PANEL_HCC_STATUSES = ['open', 'recaptured', 'covered', 'not-chronic', 'new'] as const;

/**
 * An HCC coded in a lookback year (last year; the year before last too with a two-year lookback) or this year, with
 * the claims behind each. Status: `recaptured` (coded this year and in a lookback year); `open` (a chronic HCC of
 * the lookback not yet coded this year: a recapture gap); `covered` (not coded again, but a higher HCC of its
 * hierarchy was, or is chased instead); `not-chronic` (lookback only, and not expected to recur); `new` (this year
 * only).
 */
export const PanelHcc = Type.Object({
  model: Type.String(),
  hcc: Type.Integer(),
  subject: Type.String({ description: 'As gaps name it: V28 HCC 37' }),
  label: Type.String(),
  status: Type.Enum([...PANEL_HCC_STATUSES]),
  /** The recapture gap, when open. */
  gapId: Nullable(Type.String()),
  /** Its relative factor in the member's segment for the payment year last year's coding feeds; null if not coded then. */
  factor: Nullable(Type.Number()),
  /** Open: the raw score gained next payment year if it is coded this year. */
  uplift: Nullable(Type.Number()),
  lastYearEvidence: Type.Array(PanelEvidence),
  /** The year before last's claims: empty unless recapture looks back two years. */
  earlierYearEvidence: Type.Array(PanelEvidence),
  thisYearEvidence: Type.Array(PanelEvidence),
});
export type PanelHcc = Static<typeof PanelHcc>;

/** Who a member's primary-care dollars went to, most first. */
export const PanelCompetitor = Type.Object({
  rank: Type.Integer({ minimum: 1 }),
  kind: Type.Enum(['this-aco', 'other-aco', 'tin', 'ccn']),
  /** The ACO id, billing TIN, or CCN. */
  id: Type.String(),
  /** Allowed charges on the primary-care services compared, in cents. */
  allowedCents: Type.Integer(),
  services: Type.Integer(),
  lastServiceDate: Day,
});
export type PanelCompetitor = Static<typeof PanelCompetitor>;

/** The member's attribution to one contract in force: the result's row, and the reason behind it. */
export const PanelAttribution = Type.Object({
  contractId: Type.String(),
  method: Type.Enum(['mssp-claims', 'payer-roster']),
  performanceYear: Type.Integer(),
  status: Type.Enum(['attributed', 'not-attributed']),
  step: Nullable(Type.Enum(['step-1', 'step-2', 'step-3', 'voluntary-alignment', 'roster'])),
  reason: Nullable(Type.String()),
  tin: Nullable(Type.String()),
  npi: Nullable(Type.String()),
  /** The decision in words: the step, who had the most primary-care dollars and how many, the runner-up. */
  explanation: Type.String(),
  /** The comparison that decided (or would decide): which step's services, over which window. */
  basis: Nullable(Type.Object({ step: Type.String(), from: Day, through: Day })),
  competitors: Type.Array(PanelCompetitor),
  /** When tied: everyone with the top amount. */
  tiedWith: Type.Array(Type.Object({ kind: Type.String(), id: Type.String() })),
  failedScreens: Type.Array(Type.String()),
  lastPrimaryCareVisit: Nullable(
    Type.Object({ date: Day, kind: Type.String(), id: Type.String(), npi: Nullable(Type.String()) }),
  ),
  /** Roster contracts: the roster row read. */
  roster: Nullable(Type.Object({ asOf: Day, months: Type.Array(Type.String()) })),
});
export type PanelAttribution = Static<typeof PanelAttribution>;

export const PANEL_SPEND_CATEGORIES = [
  'inpatient',
  'outpatient',
  'snf',
  'hha',
  'hospice',
  'professional',
  'dme',
  'ambulance',
  'partd',
] as const;

/** Medicare paid by incurred month (of the through date) and service category, from current claim versions. */
export const PanelSpendCell = Type.Object({
  month: Type.String({ description: 'YYYY-MM' }),
  category: Type.Enum([...PANEL_SPEND_CATEGORIES]),
  /** Medicare paid, as the claims say (what the spend view sums). */
  paidCents: Type.Integer(),
  /** As MSSP counts it against the benchmark: less IME and DSH, nothing for Part D. */
  msspPaidCents: Type.Integer(),
  claims: Type.Integer(),
});
export type PanelSpendCell = Static<typeof PanelSpendCell>;

export const PanelFactsSummary = Type.Object({
  /** False when claims or clinical data arrived for someone with no member record yet. */
  onFile: Type.Boolean(),
  memberRecords: Type.Integer(),
  /** Claims by claim id; those whose latest version cancels them; clinical events and roster rows held. */
  claims: Type.Integer(),
  cancelledClaims: Type.Integer(),
  clinicalEvents: Type.Integer(),
  rosterRows: Type.Integer(),
  worklistActions: Type.Integer(),
  latestClaimPaidDate: Nullable(Day),
  latestServiceDate: Nullable(Day),
  /** The latest clinical event's date, held to today. */
  latestClinicalDate: Nullable(Day),
  enrollmentAsOf: Nullable(Day),
  rosterAsOf: Nullable(Day),
});
export type PanelFactsSummary = Static<typeof PanelFactsSummary>;

/** A stay's transitional care management episode (discharges home from inpatient or observation stays). */
export const PanelTcm = Type.Object({
  /** Interactive contact due by (2 business days after discharge); face-to-face by 7 (99496) and 14 (99495) days. */
  contactDue: Day,
  highComplexityVisitDue: Day,
  visitDue: Day,
  contactOn: Nullable(Day),
  contactBy: Nullable(Type.Enum(['outreach', 'attempts'])),
  visitOn: Nullable(Day),
  visitBy: Nullable(Type.Enum(['claim', 'encounter', 'outreach'])),
  /** The TCM claim's (99495/99496) date of service, once billed. */
  billedOn: Nullable(Day),
  status: Type.Enum(['pending', 'completed', 'missed', 'declined']),
  readmittedOn: Nullable(Day),
});
export type PanelTcm = Static<typeof PanelTcm>;

/** A hospital stay or ED visit, from the hospitals' ADT notifications. */
export const PanelStay = Type.Object({
  stayId: Type.String(),
  /** The facility's name as the feed gives it, else its id; and whether it is on the participant list. */
  facility: Type.String(),
  facilityInAco: Nullable(Type.Boolean()),
  patientClass: Type.String(),
  status: Type.Enum(['active', 'discharged', 'cancelled']),
  admitAt: Nullable(Type.String()),
  dischargeAt: Nullable(Type.String()),
  /** Where the patient went, in words ("home", "skilled nursing facility", "NUBC 62"). */
  disposition: Nullable(Type.String()),
  diagnoses: Type.Array(Type.String()),
  notifications: Type.Integer(),
  /** An inpatient admission within 30 days of another stay's discharge. */
  readmission: Nullable(Type.Object({ afterStayId: Type.String(), daysAfterDischarge: Type.Integer() })),
  tcm: Nullable(PanelTcm),
});
export type PanelStay = Static<typeof PanelStay>;

export const PanelAtRisk = Type.Object({
  reason: Type.Enum(['facility-outside-aco', 'primary-care-outside-aco']),
  /** The facility (CCN, NPI or id) or TIN the care went to. */
  where: Type.String(),
  date: Day,
  cents: Nullable(Type.Integer()),
  /** In words: "ED visit at CCN 330999 on 2026-11-20, outside the ACO". */
  text: Type.String(),
});
export type PanelAtRisk = Static<typeof PanelAtRisk>;

export const PatientPanel = Type.Object({
  memberId: Type.String(),
  /** The day the engines computed for (due dates and priorities depend on it). */
  asOf: Day,
  period: Type.Object({ start: Day, end: Day }),
  summary: PanelFactsSummary,
  /** Open gaps highest priority first, then the others by subject. */
  gaps: Type.Array(PanelGap),
  risk: PanelRisk,
  hccs: Type.Array(PanelHcc),
  attribution: Type.Array(PanelAttribution),
  spend: Type.Object({
    months: Type.Array(PanelSpendCell),
    totalPaidCents: Type.Integer(),
    totalMsspPaidCents: Type.Integer(),
  }),
  /** The coordinators' worklist: whom the patient is assigned to, and every action about them, newest first. */
  worklist: Type.Object({
    coordinator: Nullable(Type.String()),
    history: Type.Array(PanelWorklistAction),
  }),
  /** Hospital stays and ED visits, newest first, with transitional care; attribution at risk. */
  transitions: Type.Object({
    stays: Type.Array(PanelStay),
    atRisk: Type.Array(PanelAtRisk),
  }),
});
export type PatientPanel = Static<typeof PatientPanel>;
