/**
 * What the live pipeline keeps per member: a compact result computed from the member's facts by the engines
 * (CMS-HCC risk, the eCQMs and their care gaps, the annual wellness visit, HCC recapture), and the counters the
 * member contributes to the tenant's roll-ups. Incremental roll-ups apply contributions(next) − contributions(prev)
 * when a member is recomputed; a rebuild sums contributions over all members — the same function both ways, so
 * the two cannot drift apart. Pure: the clock and the tables come in through the config.
 */
import type {
  AdtEvent,
  CareAlert,
  CareAlertType,
  ClaimEvent,
  ClinicalEvent,
  MemberEvent,
  RosterEvent,
  WorklistEvent,
  WorklistStatus,
} from '@benchline/shared';
import type { AssignmentTables, AttributionResult, AttributionStep, NotAttributedReason } from './attribution/index.js';
import { attributionChurn, type AttributionChange } from './attribution/churn.js';
import { attributeContracts } from './attribution/contracts.js';
import { attributedMonthsFromResults, memberContext } from './finance/member-context.js';
import type { MemberScores, RollUpEntry } from './finance/rollups.js';
import { claimEntries, diffEntries, leakageEntries, memberEntries, mergeEntries } from './finance/rollups.js';
import type {
  CareGap,
  GapKind,
  GapState,
  MeasureId,
  MeasureResult,
  MeasureTerminology,
  Period,
  PriorityConfig,
} from './measures/index.js';
import {
  annualWellnessVisitGap,
  buildPatientRecord,
  DEFAULT_PRIORITY_CONFIG,
  evaluateMeasures,
  hccRecaptureGap,
  MEASURE_IDS,
  measureGap,
  prioritizeGaps,
} from './measures/index.js';
import { mergeMemberRecords, type MemberProfile } from './member-profile.js';
import type { CmsHccTables, RecaptureResult, RiskResult } from './risk/index.js';
import { findRecaptureGaps, scoreMember } from './risk/index.js';
import { currentClaims } from './claims.js';
import { addDays } from './measures/dates.js';
import { deriveStays } from './adt.js';
import { primaryCareServices } from './attribution/services.js';
import type { BusinessCalendar } from './business-days.js';
import { DEFAULT_BUSINESS_CALENDAR } from './business-days.js';
import type { AtRiskFlag, Readmission, StayDay, TcmStatus, Transitions } from './transitions.js';
import { deriveTransitions, TRANSITION_WINDOWS, transitionGapId } from './transitions.js';
import { latestVersions } from './spend.js';
import type { TenantContext } from './tenant-context.js';
import type { MemberWorklist } from './worklist.js';
import { deriveWorklist, NEW_GAP_WORKLIST, standingOf, worklistPriority } from './worklist.js';

/**
 * Everything known about one member: their records, claims' versions, clinical events, payer roster rows, the
 * coordinators' worklist actions and hospitals' ADT notifications.
 */
export interface MemberFacts {
  memberId: string;
  records: readonly MemberEvent[];
  /** Claim versions (the latest of each claim is enough; older ones are ignored). */
  claims: readonly ClaimEvent[];
  clinical: readonly ClinicalEvent[];
  /** Roster rows (the latest per contract is enough). */
  rosters: readonly RosterEvent[];
  /** Every worklist action about the member, in any order. */
  worklist: readonly WorklistEvent[];
  /** Every ADT notification about the member, in any order: their hospital stays are derived (domain/adt.ts). */
  adt: readonly AdtEvent[];
}

export interface MemberResultConfig {
  /** Today, for due dates and priority (the processor reads the clock; the engines never do). */
  today: string;
  /** The payment year risk scores are computed for (diagnoses from the year before). */
  paymentYear: number;
  /** The quality measurement period, and the year recapture gaps are open in. */
  period: Period;
  riskTables: CmsHccTables;
  terminology: MeasureTerminology;
  assignmentTables: AssignmentTables;
  priority?: PriorityConfig;
  /** The weekend and holidays transitional care's business days skip (default: Saturday, Sunday, US federal). */
  calendar?: BusinessCalendar;
  /** Years of coding before the period's a recapture gap reaches back to (findRecaptureGaps). */
  recaptureLookbackYears?: 1 | 2;
}

/**
 * Recapture chases a chronic HCC coded in either of the last two years unless configured otherwise (reference §3.8:
 * year N−1, "or any of the last 2 years"): a condition nobody coded at last year's visits is still the member's.
 */
export const DEFAULT_RECAPTURE_LOOKBACK_YEARS = 2;

/** A measure's outcome for the member, as the roll-ups count it. */
export type MeasureOutcome = 'not-in-population' | 'not-evaluable' | 'excluded' | 'excepted' | 'met' | 'not-met';

/** A care gap as the queue shows it: what, its state, when it is due, and why it ranks where it does. */
export interface GapRow {
  gapId: string;
  kind: GapKind;
  subject: string;
  title: string;
  state: GapState;
  dueDate: string | null;
  /**
   * Queue priority (higher first); 0 for gaps that are not open. An open gap waiting for its next attempt or visit,
   * or set aside by a coordinator, ranks after the gaps to work now (domain/worklist).
   */
  priority: number;
  explanation: string;
  /**
   * The practice and clinician the member is attributed to (the first contract, by id, that attributes them), for
   * the queue's TIN and NPI filters; null when no contract attributes them.
   */
  tin: string | null;
  npi: string | null;
  /** The coordinators' worklist (domain/worklist): never the measure's state, which only evidence changes. */
  status: WorklistStatus;
  /** Whom the patient is assigned to; null when nobody is. */
  coordinator: string | null;
  attempts: number;
  lastOutreachAt: string | null;
  nextAttemptOn: string | null;
}

/** The member's attribution to one contract in force, as the panel and the roll-ups read it. */
export interface AttributionRow {
  contractId: string;
  status: AttributionResult['status'];
  step: AttributionStep | null;
  reason: NotAttributedReason | null;
  /** The home TIN/NPI inside the attributing entity, when attributed. */
  tin: string | null;
  npi: string | null;
}

export interface MemberResult {
  memberId: string;
  risk: { segment: string; rawScore: number; paymentScore: number | null } | { error: string } | null;
  quality: Partial<Record<MeasureId, MeasureOutcome>>;
  gaps: GapRow[];
  attribution: AttributionRow[];
  /**
   * Quarter-to-date attribution churn: each contract the member joined or left since the baseline day (the last day
   * of the previous quarter, or the period's first day in its first quarter), with the reason — a joiner's step, a
   * leaver's reason. Both answers come from the same facts, so a rebuild agrees. Absent in results stored before it.
   */
  churn?: ChurnRow[];
  /** Everything the member and their claims add to the finance roll-up cells (see domain/finance/rollups). */
  finance: RollUpEntry[];
  /**
   * The prospective CMS-HCC scores those cells read, by payment year: the MSSP raw score (no MA normalisation or
   * coding adjustment; reference §1.4) and the MA payment score (§3.6) — each contract reads its own basis
   * (finance `riskScoreBasis`). Absent when the member has no payment-year score, and in results stored before it.
   */
  financeScores?: Record<number, MemberScores>;
  /**
   * Hospital stays and transitional care (domain/transitions), for the roll-ups' admissions, discharges and TCM
   * completion and for attribution at risk. Absent when the member has no ADT notification and nothing at risk.
   */
  transitions?: TransitionsSummary;
}

export interface TransitionsSummary {
  /** The first day the roll-ups count stays and TCM episodes from: 30 days before the result's today. */
  windowStart: string;
  stays: StayDay[];
  tcm: { stayId: string; dischargeDate: string; status: TcmStatus }[];
  readmissions: Readmission[];
  atRisk: AtRiskFlag[];
}

export interface ChurnRow {
  contractId: string;
  change: AttributionChange['change'];
  reason: AttributionChange['reason'];
  /** The baseline day the change is measured from. */
  since: string;
}

/**
 * The day quarter-to-date churn is measured from: the last day of the quarter before the attribution date, or the
 * period's first day while in its first quarter; null on the first day itself (nothing to compare).
 */
export function churnBaselineDate(asOf: string, periodStart: string): string | null {
  const year = Number(asOf.slice(0, 4));
  const quarterStartMonth = Math.floor((Number(asOf.slice(5, 7)) - 1) / 3) * 3;
  // Day 0 of a month is the last day of the month before.
  const previousQuarterEnd = new Date(Date.UTC(year, quarterStartMonth, 0)).toISOString().slice(0, 10);
  const baseline = previousQuarterEnd < periodStart ? periodStart : previousQuarterEnd;
  return baseline < asOf ? baseline : null;
}

/**
 * The practice and clinician a member belongs to on the queue and in the per-TIN/NPI rates: their home in the first
 * contract, by id, that attributes them.
 */
function homeOf(attribution: readonly AttributionRow[]): AttributionRow | undefined {
  return [...attribution]
    .sort((a, b) => a.contractId.localeCompare(b.contractId))
    .find((a) => a.status === 'attributed' && a.tin !== null);
}

/** The date attribution is read on: today, held inside the performance period. */
function attributionDate(config: MemberResultConfig): string {
  const { start, end } = config.period;
  return config.today < start ? start : config.today > end ? end : config.today;
}

/**
 * What the engines said on the way to a member's result, with the evidence the stored result leaves out (it would
 * be too large kept for every member): for screens that show one patient (the patient panel), computed on demand
 * by the very call that computes the result, so the two cannot disagree.
 */
export interface MemberEvaluation {
  result: MemberResult;
  /** The merged member record; null when no roster record has arrived (nothing else below is then computed). */
  profile: MemberProfile | null;
  /** The claims the engines read: each claim's latest version, cancelled ones left out. */
  claims: ClaimEvent[];
  /** Every contract's answer, with its basis, ranked competitors and home. */
  attribution: AttributionResult[];
  measures: MeasureResult[];
  /** Every care gap with its evidence, the not-applicable ones too. */
  gaps: CareGap[];
  /** The risk engine's score and recapture answer; null when the member cannot be scored. */
  risk: { scored: RiskResult; recapture: RecaptureResult } | null;
  /** The coordinators' worklist over the result's gaps, with every action in the order they happened. */
  worklist: MemberWorklist;
  /** Hospital stays, TCM episodes, readmissions and attribution at risk; null without a roster record. */
  transitions: Transitions | null;
}

export function computeMemberResult(
  facts: MemberFacts,
  tenant: TenantContext,
  config: MemberResultConfig,
): MemberResult {
  return evaluateMember(facts, tenant, config).result;
}

/** computeMemberResult, keeping what the engines returned (see MemberEvaluation). */
export function evaluateMember(
  facts: MemberFacts,
  tenant: TenantContext,
  config: MemberResultConfig,
): MemberEvaluation {
  const profile = mergeMemberRecords(facts.records);
  const claims = currentClaims(facts.claims);
  const result: MemberResult = {
    memberId: facts.memberId,
    risk: null,
    quality: {},
    gaps: [],
    attribution: [],
    finance: [],
  };
  const evaluation: MemberEvaluation = {
    result,
    profile,
    claims,
    attribution: [],
    measures: [],
    gaps: [],
    risk: null,
    worklist: deriveWorklist(facts.worklist, []),
    transitions: null,
  };
  if (profile === null) {
    // Claims or clinical data for someone not on any roster yet: nothing can be scored, measured or attributed;
    // the claims still feed the tenant's lag triangle and own-TIN revenue.
    result.finance = financeEntries(facts, null, tenant, null);
    return evaluation;
  }
  const risk = riskOf(profile, claims, config);
  result.risk = risk.summary;
  evaluation.risk = risk.engine;

  const attribution = attributeContracts(
    {
      contracts: tenant.contracts,
      rosters: facts.rosters,
      members: [profile],
      claims: facts.claims,
      providers: tenant.providers,
    },
    { asOf: attributionDate(config), tables: config.assignmentTables },
  );
  evaluation.attribution = attribution;
  const baseline = churnBaselineDate(attributionDate(config), config.period.start);
  if (baseline !== null) {
    const before = attributeContracts(
      {
        contracts: tenant.contracts,
        rosters: facts.rosters,
        members: [profile],
        claims: facts.claims,
        providers: tenant.providers,
      },
      { asOf: baseline, tables: config.assignmentTables },
    );
    result.churn = attributionChurn(before, attribution).map((change) => ({
      contractId: change.contractId,
      change: change.change,
      reason: change.reason,
      since: baseline,
    }));
  }
  result.attribution = attribution.map((a) => ({
    contractId: a.contractId,
    status: a.status,
    step: a.step,
    reason: a.reason,
    tin: a.home?.tin ?? null,
    npi: a.home?.npi ?? null,
  }));
  const scoresByYear = financeScoresOf(risk.engine?.scored ?? null);
  if (Object.keys(scoresByYear).length > 0) {
    result.financeScores = scoresByYear;
  }
  result.finance = financeEntries(facts, profile, tenant, { attribution, scoresByYear });

  // One patient record for every measure and the wellness-visit gap.
  const patient = buildPatientRecord({ memberId: facts.memberId, profile, clinical: facts.clinical, claims });
  const measures = evaluateMeasures(MEASURE_IDS, patient, config.period, config.terminology);
  const gaps: CareGap[] = [];
  for (const measure of measures) {
    result.quality[measure.measureId] = outcomeOf(measure);
    gaps.push(measureGap(measure));
  }
  gaps.push(annualWellnessVisitGap(patient, config.period, config.terminology));
  gaps.push(...risk.recaptureGaps);
  const transitions = transitionsOf(facts, claims, attribution, tenant, config);
  gaps.push(...transitions.gaps);
  evaluation.transitions = transitions;
  if (transitions.stays.length > 0 || transitions.atRisk.length > 0) {
    result.transitions = {
      windowStart: addDays(config.today, -TRANSITION_WINDOWS.servicePeriodDays),
      stays: transitions.stays,
      tcm: transitions.tcm.map((t) => ({ stayId: t.stayId, dischargeDate: t.dischargeDate, status: t.status })),
      readmissions: transitions.readmissions,
      atRisk: transitions.atRisk,
    };
  }
  evaluation.measures = measures;
  evaluation.gaps = gaps;

  const applicable = gaps.filter((gap) => gap.state !== 'not-applicable');
  const worklist = deriveWorklist(
    facts.worklist,
    applicable.map((gap) => gap.gapId),
  );
  evaluation.worklist = worklist;
  const priorityConfig = config.priority ?? DEFAULT_PRIORITY_CONFIG;
  const riskScore = risk.summary !== null && 'rawScore' in risk.summary ? risk.summary.rawScore : undefined;
  const ranked = new Map(
    prioritizeGaps(
      gaps,
      new Map([
        [
          facts.memberId,
          {
            ...(riskScore === undefined ? {} : { riskScore }),
            // An outreach that reached the patient is a contact: the priority's last-contact factor reads it.
            ...(worklist.lastContactDate === null ? {} : { lastContactDate: worklist.lastContactDate }),
          },
        ],
      ]),
      config.today,
      priorityConfig,
    ).map((item) => [item.gap.gapId, item]),
  );
  const home = homeOf(result.attribution);
  result.gaps = applicable
    .map((gap): GapRow => {
      const ranking = ranked.get(gap.gapId);
      const work = worklist.gaps.get(gap.gapId) ?? NEW_GAP_WORKLIST;
      const factors = ranking?.explanation ?? gap.reason ?? '';
      // A care transition's own sentence (what is due by when) comes before the factors.
      const explanation =
        gap.kind === 'care-transition' && gap.reason !== null && ranking !== undefined
          ? `${gap.reason}; ${factors}`
          : factors;
      // The worklist ranks open gaps only: the others are out of the queue whatever coordinators did.
      const standing = ranking === undefined ? { tier: 0 as const, why: null } : standingOf(work, config.today);
      return {
        gapId: gap.gapId,
        kind: gap.kind,
        subject: gap.subject,
        title: gap.title,
        state: gap.state,
        dueDate: gap.dueDate,
        priority:
          ranking === undefined
            ? 0
            : worklistPriority(ranking.score, standing.tier, priorityConfig, gap.kind === 'care-transition'),
        explanation: standing.why === null ? explanation : `${standing.why}. ${explanation}`,
        tin: home?.tin ?? null,
        npi: home?.npi ?? null,
        status: work.status,
        coordinator: worklist.coordinator,
        attempts: work.attempts,
        lastOutreachAt: work.lastOutreach?.at ?? null,
        nextAttemptOn: work.nextAttemptOn,
      };
    })
    .sort((a, b) => a.gapId.localeCompare(b.gapId));
  return evaluation;
}

/** The member's stays and what follows from them (domain/transitions), against the tenant's participant list. */
function transitionsOf(
  facts: MemberFacts,
  claims: readonly ClaimEvent[],
  attribution: readonly AttributionResult[],
  tenant: TenantContext,
  config: MemberResultConfig,
): Transitions {
  const claimsContracts = attribution.filter(
    (a) => a.status === 'attributed' && tenant.terms.get(a.contractId)?.attribution === 'mssp-claims',
  );
  const outside = new Map<string, { tin: string; date: string; cents: number }>();
  for (const contract of claimsContracts) {
    const rules = tenant.leakageRules.get(contract.contractId);
    if (rules === undefined) {
      continue;
    }
    for (const service of primaryCareServices(claims, rules).services) {
      if (service.competitor.kind !== 'this-aco' && service.tin !== null) {
        // The same line counts once, whichever contract's rules found it.
        outside.set(`${service.claimId}#${service.lineNumber}`, {
          tin: service.tin,
          date: service.date,
          cents: service.cents,
        });
      }
    }
  }
  return deriveTransitions(
    {
      memberId: facts.memberId,
      stays: deriveStays(facts.adt),
      claims,
      clinical: facts.clinical,
      worklist: facts.worklist,
      attributedByClaims: claimsContracts.length > 0,
      primaryCareOutside: [...outside.values()],
      participantFacilities: tenant.participantFacilities,
    },
    { today: config.today, calendar: config.calendar ?? DEFAULT_BUSINESS_CALENDAR },
  );
}

/**
 * The member's finance contribution: each current claim version's cells (a cancel adds none), the member's months
 * and their primary-care leakage — exactly the terms `rebuildRollUps` sums for this member.
 */
function financeEntries(
  facts: MemberFacts,
  profile: MemberProfile | null,
  tenant: TenantContext,
  member: { attribution: AttributionResult[]; scoresByYear: Record<number, MemberScores> } | null,
): RollUpEntry[] {
  const context =
    profile === null || member === null
      ? null
      : memberContext(
          profile,
          attributedMonthsFromResults(member.attribution).get(profile.memberId) ?? new Map(),
          tenant.terms,
        );
  const latest = [...latestVersions(facts.claims).values()];
  const entries = latest.flatMap((claim) => claimEntries(claim, context, tenant.own));
  if (context !== null && member !== null) {
    entries.push(...memberEntries(context, member.scoresByYear));
    const current = latest.filter((claim) => claim.adjustment !== 'cancel');
    entries.push(...leakageEntries(current, context, tenant.leakageRules));
  }
  return mergeEntries(entries);
}

/**
 * The scores the finance cells read for the payment year, one per contract basis: MSSP's is the blended raw score —
 * MSSP applies neither the MA FFS normalisation factor nor the MA coding-pattern adjustment, it renormalises by
 * enrolment type to the national assignable mean (42 CFR 425.659(b)(2); the benchmark divides each type's mean,
 * finance `renormalizedMeans`) — and an MA contract's the MA payment score. Empty when the year has no blend.
 */
export function financeScoresOf(scored: RiskResult | null): Record<number, MemberScores> {
  const payment = scored?.payment ?? null;
  if (payment === null) {
    return {};
  }
  return {
    [payment.paymentYear]: { hcc: payment.blendedRawScore, maPayment: payment.blendedMaPaymentScore },
  };
}

function riskOf(
  profile: MemberProfile,
  claims: readonly ClaimEvent[],
  config: MemberResultConfig,
): { summary: MemberResult['risk']; recaptureGaps: CareGap[]; engine: MemberEvaluation['risk'] } {
  if (profile.birthDate === undefined || profile.sex === undefined || profile.orec === undefined) {
    return {
      summary: { error: 'birth date, sex and original reason for entitlement are needed to score' },
      recaptureGaps: [],
      engine: null,
    };
  }
  const input = { profile, claims };
  const scored = scoreMember(input, config.riskTables, { paymentYear: config.paymentYear });
  const model = scored.models.find((m) => m.model === 'V28') ?? scored.models[0];
  const year = Number(config.period.start.slice(0, 4));
  const recapture = findRecaptureGaps(input, config.riskTables, {
    year,
    lookbackYears: config.recaptureLookbackYears ?? DEFAULT_RECAPTURE_LOOKBACK_YEARS,
  });
  // The risk engine lists only HCCs not yet recaptured this year; each becomes an open gap carrying the coding of the
  // most recent lookback year that gave it.
  const recaptureGaps = recapture.gaps.map((gap) =>
    hccRecaptureGap({
      memberId: profile.memberId,
      period: config.period,
      model: gap.model,
      hcc: String(gap.hcc),
      label: gap.label ?? `HCC ${gap.hcc}`,
      recaptured: false,
      recapturedByClaim: false,
      evidence: gap.lastYearEvidence.map((e) => ({
        eventId: `${e.claimId}#v${e.claimVersion}`,
        source: 'claim' as const,
        system: 'icd10cm',
        code: e.icd10,
        date: e.date,
        role: `${gap.evidenceYear} coding`,
      })),
    }),
  );
  return {
    summary: {
      segment: scored.segment,
      rawScore: model?.rawScore ?? 0,
      paymentScore: scored.payment?.blendedNormalizedScore ?? null,
    },
    recaptureGaps,
    engine: { scored, recapture },
  };
}

function outcomeOf(result: MeasureResult): MeasureOutcome {
  const p = result.populations;
  if (!result.evaluable) {
    return 'not-evaluable';
  }
  if (!p.initialPopulation || !p.denominator) {
    return 'not-in-population';
  }
  if (p.denominatorExclusion) {
    return 'excluded';
  }
  if (p.numerator) {
    return 'met';
  }
  return p.denominatorException ? 'excepted' : 'not-met';
}

/**
 * The counters a member adds to the tenant's roll-ups: measure outcomes, risk by segment (raw scores in
 * thousandths, so sums stay exact integers) and gaps by kind and state.
 */
export function contributions(result: MemberResult | null): Map<string, number> {
  const counters = new Map<string, number>();
  if (result === null) {
    return counters;
  }
  const add = (key: string, value: number): void => {
    counters.set(key, (counters.get(key) ?? 0) + value);
  };
  add('members', 1);
  for (const [measureId, outcome] of Object.entries(result.quality)) {
    add(`quality:${measureId}:${outcome}`, 1);
  }
  if (result.risk !== null && 'rawScore' in result.risk) {
    add(`risk:${result.risk.segment}:members`, 1);
    add(`risk:${result.risk.segment}:raw-milli`, Math.round(result.risk.rawScore * 1000));
  } else if (result.risk !== null) {
    add('risk:not-scored:members', 1);
  }
  for (const gap of result.gaps) {
    add(`gaps:${gap.kind}:${gap.state}`, 1);
  }
  for (const row of result.attribution) {
    add(`attribution:${row.contractId}:${row.status === 'attributed' ? row.step : row.reason}`, 1);
  }
  for (const row of result.churn ?? []) {
    add(`churn:${row.contractId}:${row.change}:${row.reason}`, 1);
  }
  addTransitionCounters(result.transitions, add);
  // Measure rates by practice and clinician, where the queue's rows place the patient; the rate's two terms only,
  // to keep the counters few.
  const home = homeOf(result.attribution);
  for (const [measureId, outcome] of Object.entries(result.quality)) {
    if (home !== undefined && (outcome === 'met' || outcome === 'not-met')) {
      if (home.tin !== null) {
        add(`quality-tin:${measureId}:${home.tin}:${outcome}`, 1);
      }
      if (home.npi !== null) {
        add(`quality-npi:${measureId}:${home.npi}:${outcome}`, 1);
      }
    }
  }
  return counters;
}

/**
 * Admissions, ED visits, discharges and readmissions by day, and TCM episodes by discharge day and status — the
 * last 31 days only, so the counters stay bounded (the daily refresh recomputes every member, moving the window) —
 * and the patients at risk of leaving attribution, by reason.
 */
function addTransitionCounters(
  summary: TransitionsSummary | undefined,
  add: (key: string, value: number) => void,
): void {
  if (summary === undefined) {
    return;
  }
  const recent = (day: string | null, from: string): day is string => day !== null && day >= from;
  const from = summary.windowStart;
  for (const stay of summary.stays) {
    if (stay.status === 'cancelled') {
      continue;
    }
    const hospital = stay.patientClass === 'inpatient' || stay.patientClass === 'observation';
    if (recent(stay.admitDate, from) && (hospital || stay.patientClass === 'emergency')) {
      add(`adt:${hospital ? 'admitted' : 'ed-visit'}:${stay.admitDate}`, 1);
      if (stay.readmission) {
        add(`adt:readmitted:${stay.admitDate}`, 1);
      }
    }
    if (hospital && recent(stay.dischargeDate, from)) {
      add(`adt:discharged:${stay.dischargeDate}`, 1);
    }
  }
  for (const episode of summary.tcm) {
    if (recent(episode.dischargeDate, from)) {
      add(`tcm:${episode.dischargeDate}:${episode.status}`, 1);
    }
  }
  for (const reason of new Set(summary.atRisk.map((flag) => flag.reason))) {
    add(`at-risk:${reason}`, 1);
  }
}

/** What recomputing a member changes in the roll-ups, the finance cells and the open-gap queue. */
export interface ResultDelta {
  counters: Map<string, number>;
  finance: RollUpEntry[];
  /** Open gaps to add or update (new priority or text). */
  upsertOpenGaps: GapRow[];
  /** Gap ids that are no longer open. */
  removeOpenGaps: string[];
}

export function diffResults(previous: MemberResult | null, next: MemberResult | null): ResultDelta {
  const counters = contributions(next);
  for (const [key, value] of contributions(previous)) {
    counters.set(key, (counters.get(key) ?? 0) - value);
  }
  for (const [key, value] of counters) {
    if (value === 0) {
      counters.delete(key);
    }
  }
  const before = new Map((previous?.gaps ?? []).filter((g) => g.state === 'open').map((g) => [g.gapId, g]));
  const after = new Map((next?.gaps ?? []).filter((g) => g.state === 'open').map((g) => [g.gapId, g]));
  const upsertOpenGaps = [...after.values()].filter(
    (gap) => JSON.stringify(gap) !== JSON.stringify(before.get(gap.gapId)),
  );
  const removeOpenGaps = [...before.keys()].filter((gapId) => !after.has(gapId));
  const finance = diffEntries(previous?.finance ?? [], next?.finance ?? []);
  return { counters, finance, upsertOpenGaps, removeOpenGaps };
}

const ALERT_TYPES: Readonly<Record<string, CareAlertType>> = { ADMIT: 'admission', ED: 'ed-visit', TCM: 'discharge' };

/**
 * The care-transition rows that opened with this recompute — an admission, an ED visit or a discharge home the
 * coordinators should hear about now. A row opens once: recomputing it again, or a row that was already open,
 * raises nothing. Only events of today or yesterday raise one (by the hospital's day), so a rebuild or a backfill of
 * last month's notifications does not ring every coordinator's screen.
 */
export function raisedAlerts(
  previous: MemberResult | null,
  next: MemberResult,
  raisedAt: string,
  today: string,
): CareAlert[] {
  const wasOpen = new Set((previous?.gaps ?? []).filter((g) => g.state === 'open').map((g) => g.gapId));
  const summary = next.transitions;
  if (summary === undefined) {
    return [];
  }
  const yesterday = addDays(today, -1);
  const recentRows = new Map<string, { readmission: boolean }>();
  for (const stay of summary.stays) {
    const admitted = stay.admitDate !== null && stay.admitDate >= yesterday;
    const discharged = stay.dischargeDate !== null && stay.dischargeDate >= yesterday;
    if (admitted) {
      recentRows.set(transitionGapId(next.memberId, 'ADMIT', stay.stayId), { readmission: stay.readmission });
      recentRows.set(transitionGapId(next.memberId, 'ED', stay.stayId), { readmission: false });
    }
    if (discharged) {
      recentRows.set(transitionGapId(next.memberId, 'TCM', stay.stayId), { readmission: false });
      // An ED visit is reported when it ends as much as when it begins.
      recentRows.set(transitionGapId(next.memberId, 'ED', stay.stayId), { readmission: false });
    }
  }
  return next.gaps
    .filter((g) => g.kind === 'care-transition' && g.state === 'open' && !wasOpen.has(g.gapId))
    .flatMap((g): CareAlert[] => {
      const recent = recentRows.get(g.gapId);
      const type = ALERT_TYPES[g.subject];
      if (recent === undefined || type === undefined) {
        return [];
      }
      return [
        {
          alertId: g.gapId,
          memberId: next.memberId,
          type,
          title: g.title,
          detail: g.explanation.split('; ')[0] ?? '',
          dueDate: g.dueDate,
          coordinator: g.coordinator,
          readmission: recent.readmission,
          raisedAt,
        },
      ];
    });
}
