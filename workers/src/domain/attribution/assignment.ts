/**
 * MSSP beneficiary assignment for one ACO and one performance year (42 CFR 425.400–425.404): eligibility
 * screens, voluntary alignment, the pre-step, steps 1 and 2, and step 3 over the expanded window from PY2025.
 * Takes every claim version ever received and reads only each claim's current version; answers once per member
 * profile, in member id order. Pure: no clock, no files — tables and windows come in through the config.
 */
import type { ClaimEvent, ProviderEvent } from '@benchline/shared';
import { currentClaims } from '../claims.js';
import type { MemberProfile } from '../member-profile.js';
import { failedEligibilityScreens } from './eligibility.js';
import type { ParticipantList } from './participants.js';
import { latestProviderRecords, resolveParticipantList, specialtiesByNpi } from './participants.js';
import type { PluralityOutcome } from './plurality.js';
import { homeWithin, lastVisitOf, pluralityOutcome, rankCompetitors } from './plurality.js';
import type { PrimaryCareService, ServiceRules } from './services.js';
import { primaryCareCodeRules, primaryCareServices, rolesBySpecialty } from './services.js';
import type {
  AcoDefinition,
  AssignmentConfig,
  AssignmentMethod,
  AssignmentTables,
  AssignmentWindows,
  AttributionResult,
  AttributionStep,
  ComparisonBasis,
  CompetitorRef,
  CompetitorTotal,
  EligibilityScreen,
  NotAttributedReason,
} from './types.js';
import { defaultAssignmentWindows, isWithin } from './windows.js';

/** Step 3 and its 24-month expanded window apply from this performance year (42 CFR 425.402(b), CY2025 PFS rule). */
export const FIRST_STEP_THREE_PERFORMANCE_YEAR = 2025;

export interface MsspAssignmentInput {
  readonly aco: AcoDefinition;
  readonly members: readonly MemberProfile[];
  /** Every claim version received, in any order, duplicates allowed. */
  readonly claims: Iterable<ClaimEvent>;
  readonly providers: Iterable<ProviderEvent>;
}

export interface AssignmentConfigOptions {
  readonly performanceYear: number;
  readonly method: AssignmentMethod;
  readonly tables: AssignmentTables;
  /** Default: `defaultAssignmentWindows(performanceYear, method)` — typical dates, to be checked against SLAAM. */
  readonly windows?: AssignmentWindows;
  /** Default: 1 January of the performance year. */
  readonly participantListDate?: string;
  /**
   * Default: the last day of the assignment window. CMS reads designations as of a cut-off it sets each year
   * (not in the regulation); the window's end is the latest date the claims themselves are read to.
   */
  readonly voluntaryAlignmentCutoff?: string;
  /** Default: none known. */
  readonly otherAcoTins?: ReadonlyMap<string, ReadonlySet<string>>;
  /** Default: none known, so G0463 never counts. */
  readonly etaHospitalCcns?: ReadonlySet<string>;
  /** Default: none known. */
  readonly otherInitiativeMembers?: ReadonlySet<string>;
}

/** A complete configuration, every default spelled out where the caller can see and override it. */
export function assignmentConfig(options: AssignmentConfigOptions): AssignmentConfig {
  const windows = options.windows ?? defaultAssignmentWindows(options.performanceYear, options.method);
  return {
    performanceYear: options.performanceYear,
    method: options.method,
    windows,
    participantListDate: options.participantListDate ?? `${options.performanceYear}-01-01`,
    voluntaryAlignmentCutoff: options.voluntaryAlignmentCutoff ?? windows.assignment.through,
    tables: options.tables,
    otherAcoTins: options.otherAcoTins ?? new Map(),
    etaHospitalCcns: options.etaHospitalCcns ?? new Set(),
    otherInitiativeMembers: options.otherInitiativeMembers ?? new Set(),
  };
}

/** What the claims alone say, before eligibility and voluntary alignment are applied. */
interface ClaimsDecision {
  readonly step: 'step-1' | 'step-2' | 'step-3' | null;
  readonly reason: NotAttributedReason | null;
  readonly basis: ComparisonBasis | null;
  readonly competitors: readonly CompetitorTotal[];
  readonly tiedWith: readonly CompetitorRef[];
  readonly basisServices: readonly PrimaryCareService[];
}

const isPrimaryCarePhysician = (s: PrimaryCareService): boolean => s.role === 'primary_care_physician';
const isNonPhysicianPractitioner = (s: PrimaryCareService): boolean => s.role === 'non_physician_practitioner';
const isStepTwoSpecialist = (s: PrimaryCareService): boolean => s.role === 'specialist_step2';
const isWithAco = (s: PrimaryCareService): boolean => s.competitor.kind === 'this-aco';
/** The pre-step's test: an ACO physician who is a primary care physician or a step-2 specialist. */
const isWithAcoPhysician = (s: PrimaryCareService): boolean =>
  isWithAco(s) && (isPrimaryCarePhysician(s) || isStepTwoSpecialist(s));

function compare(
  step: 'step-1' | 'step-2' | 'step-3',
  window: ComparisonBasis['window'],
  services: readonly PrimaryCareService[],
): ClaimsDecision {
  const competitors = rankCompetitors(services);
  const outcome: PluralityOutcome = pluralityOutcome(competitors);
  const base = { basis: { step, window }, competitors, basisServices: services };
  switch (outcome.kind) {
    case 'won':
      return { ...base, step, reason: null, tiedWith: [] };
    case 'tie':
      return { ...base, step: null, reason: 'tie', tiedWith: outcome.tiedWith };
    case 'lost':
      return { ...base, step: null, reason: 'plurality-elsewhere', tiedWith: [] };
  }
}

/**
 * The stepwise claims methodology of 42 CFR 425.402(b):
 * - pre-step: at least one primary care service in the 12-month window from an ACO physician who is a primary
 *   care physician or a step-2 specialist (FQHC/RHC services count as primary care physician services);
 * - step 1: when the beneficiary had any primary care service from a PCP, NP, PA or CNS (anywhere), plurality of
 *   those services' allowed charges;
 * - step 2: otherwise, plurality of the step-2 specialists' allowed charges;
 * - step 3 (PY2025+, beneficiaries the pre-step did not catch): with an ACO NPP service in the 12-month window
 *   and an ACO PCP or step-2 specialist service in the 24-month expanded window, plurality of PCP, NPP and
 *   specialist allowed charges over the expanded window.
 * A beneficiary who meets neither gets the 12-month comparison as information, with the reason.
 */
function decideByClaims(services: readonly PrimaryCareService[], config: AssignmentConfig): ClaimsDecision {
  const { assignment, expanded } = config.windows;
  const inAssignmentWindow = services.filter((s) => isWithin(s.date, assignment));
  const primaryCareOrNpp = inAssignmentWindow.filter((s) => isPrimaryCarePhysician(s) || isNonPhysicianPractitioner(s));
  const twelveMonthComparison = (): ClaimsDecision =>
    primaryCareOrNpp.length > 0
      ? compare('step-1', assignment, primaryCareOrNpp)
      : compare('step-2', assignment, inAssignmentWindow.filter(isStepTwoSpecialist));

  if (inAssignmentWindow.some(isWithAcoPhysician)) {
    return twelveMonthComparison();
  }
  if (config.performanceYear >= FIRST_STEP_THREE_PERFORMANCE_YEAR) {
    const inExpandedWindow = services.filter((s) => isWithin(s.date, expanded));
    const acoNppRecently = inAssignmentWindow.some((s) => isWithAco(s) && isNonPhysicianPractitioner(s));
    if (acoNppRecently && inExpandedWindow.some(isWithAcoPhysician)) {
      return compare('step-3', expanded, inExpandedWindow);
    }
  }
  const informational = twelveMonthComparison();
  const reason: NotAttributedReason = services.length === 0 ? 'no-primary-care' : 'pre-step-not-met';
  if (informational.basisServices.length === 0) {
    return { step: null, reason, basis: null, competitors: [], tiedWith: [], basisServices: [] };
  }
  return { ...informational, step: null, reason, tiedWith: [] };
}

interface RunContext {
  readonly config: AssignmentConfig;
  readonly participants: ParticipantList;
  readonly rules: ServiceRules;
}

function screensOf(profile: MemberProfile, config: AssignmentConfig): EligibilityScreen[] {
  const inOtherInitiative = config.otherInitiativeMembers.has(profile.memberId);
  const failed = failedEligibilityScreens(profile, config.windows.assignment, {
    inOtherInitiative,
    requirePartAAndBMonth: true,
  });
  // 42 CFR 425.401(b): a prospectively assigned beneficiary still leaves for the same criteria during the year.
  if (config.windows.exclusion !== null) {
    const during = failedEligibilityScreens(profile, config.windows.exclusion, {
      inOtherInitiative,
      requirePartAAndBMonth: false,
    });
    for (const screen of during) {
      if (!failed.includes(screen)) {
        failed.push(screen);
      }
    }
  }
  return failed;
}

function assignMember(profile: MemberProfile, claims: readonly ClaimEvent[], context: RunContext): AttributionResult {
  const { config, participants } = context;
  const { services, excludedMultiAcoTins } = primaryCareServices(claims, context.rules);
  const decision = decideByClaims(services, config);
  const stepThreeYear = config.performanceYear >= FIRST_STEP_THREE_PERFORMANCE_YEAR;
  const visitWindows = stepThreeYear
    ? [config.windows.assignment, config.windows.expanded]
    : [config.windows.assignment];
  const common = {
    contractId: participants.acoId,
    memberId: profile.memberId,
    performanceYear: config.performanceYear,
    attribution: 'mssp-claims' as const,
    basis: decision.basis,
    competitors: decision.competitors,
    excludedMultiAcoTins,
    lastPrimaryCareVisit: lastVisitOf(services.filter((s) => visitWindows.some((w) => isWithin(s.date, w)))),
    roster: null,
  };
  const notAttributed = (reason: NotAttributedReason, failedScreens: EligibilityScreen[] = []): AttributionResult => ({
    ...common,
    status: 'not-attributed',
    step: null,
    reason,
    failedScreens,
    tiedWith: reason === 'tie' ? decision.tiedWith : [],
    home: null,
  });
  const attributed = (step: AttributionStep, home: AttributionResult['home']): AttributionResult => ({
    ...common,
    status: 'attributed',
    step,
    reason: null,
    failedScreens: [],
    tiedWith: [],
    home,
  });

  const failedScreens = screensOf(profile, config);
  if (failedScreens.length > 0) {
    return notAttributed('ineligible', failedScreens);
  }
  // 42 CFR 425.402(e): a designated primary clinician overrides claims. When the clinician is an ACO professional
  // of this ACO (any specialty) the beneficiary is assigned whatever the claims say; otherwise — a clinician outside
  // the ACO, even one named with a participant TIN they do not bill through — the ACO cannot get them by claims.
  const designation = profile.voluntaryAlignment;
  if (designation !== undefined && designation.effectiveDate <= config.voluntaryAlignmentCutoff) {
    const billing = participants.professionals.get(designation.npi);
    if (billing === undefined) {
      return notAttributed('aligned-elsewhere');
    }
    // Home: the designated TIN when the clinician bills through it, else the lowest participant TIN they do.
    const tin = billing.has(designation.tin) ? designation.tin : [...billing].sort()[0];
    return attributed('voluntary-alignment', { tin: tin ?? null, npi: designation.npi, ccn: null });
  }
  if (decision.step === null) {
    return notAttributed(decision.reason ?? 'no-primary-care');
  }
  return attributed(decision.step, homeWithin(decision.basisServices.filter(isWithAco)));
}

/**
 * What assignment derives from the provider list and the code tables alone. The live pipeline assigns one member at a
 * time against the same tenant provider list and tables, so these are built once per list (the caller's arrays are
 * read-only snapshots: a changed list is a new array) instead of once per member — they were a fifth of a recompute.
 */
const providerIndexes = new WeakMap<object, { latest: ProviderEvent[]; specialtyByNpi: Map<string, string> }>();
const codeRuleTables = new WeakMap<object, Map<number, ServiceRules['codeRules']>>();
const roleTables = new WeakMap<object, ServiceRules['rolesBySpecialty']>();

function providerIndex(providers: Iterable<ProviderEvent>): {
  latest: ProviderEvent[];
  specialtyByNpi: Map<string, string>;
} {
  const cached = providerIndexes.get(providers);
  if (cached !== undefined) {
    return cached;
  }
  const latest = latestProviderRecords(providers);
  const index = { latest, specialtyByNpi: specialtiesByNpi(latest) };
  // Only arrays are snapshots; a generator or set may be consumed or changed, so it is not remembered.
  if (Array.isArray(providers)) {
    providerIndexes.set(providers, index);
  }
  return index;
}

/**
 * The participant list for an ACO as of the list date, kept per provider list (a tenant context's) — the same for
 * every member assigned against it, and the pipeline assigns members one at a time.
 */
const participantLists = new WeakMap<readonly ProviderEvent[], Map<string, ParticipantList>>();

function participantListOf(
  aco: AcoDefinition,
  latestProviders: readonly ProviderEvent[],
  config: Pick<AssignmentConfig, 'participantListDate' | 'otherAcoTins'>,
): ParticipantList {
  const lists = participantLists.get(latestProviders) ?? new Map<string, ParticipantList>();
  participantLists.set(latestProviders, lists);
  const key = JSON.stringify([
    aco.acoId,
    aco.participantTins ?? null,
    config.participantListDate,
    [...config.otherAcoTins].map(([tin, acoIds]) => [tin, [...acoIds].sort()]),
  ]);
  const cached = lists.get(key);
  if (cached !== undefined) {
    return cached;
  }
  const list = resolveParticipantList(aco, latestProviders, config.participantListDate, config.otherAcoTins);
  lists.set(key, list);
  return list;
}

function codeRulesOf(tables: AssignmentTables, year: number): ServiceRules['codeRules'] {
  const byYear = codeRuleTables.get(tables.primaryCareCodes) ?? new Map<number, ServiceRules['codeRules']>();
  codeRuleTables.set(tables.primaryCareCodes, byYear);
  const rules = byYear.get(year) ?? primaryCareCodeRules(tables.primaryCareCodes, year);
  byYear.set(year, rules);
  return rules;
}

function rolesOf(tables: AssignmentTables): ServiceRules['rolesBySpecialty'] {
  const roles = roleTables.get(tables.specialties) ?? rolesBySpecialty(tables.specialties);
  roleTables.set(tables.specialties, roles);
  return roles;
}

/** Assigns every member profile to (or not to) one ACO for one performance year. */
export function assignBeneficiaries(input: MsspAssignmentInput, config: AssignmentConfig): AttributionResult[] {
  const { latest: latestProviders, specialtyByNpi } = providerIndex(input.providers);
  const participants = participantListOf(input.aco, latestProviders, config);
  const { assignment, expanded } = config.windows;
  const rules: ServiceRules = {
    codeRules: codeRulesOf(config.tables, config.performanceYear),
    rolesBySpecialty: rolesOf(config.tables),
    specialtyByNpi,
    participants,
    etaHospitalCcns: config.etaHospitalCcns,
    windows: config.performanceYear >= FIRST_STEP_THREE_PERFORMANCE_YEAR ? [assignment, expanded] : [assignment],
  };
  const claimsByMember = new Map<string, ClaimEvent[]>();
  for (const claim of currentClaims(input.claims)) {
    const list = claimsByMember.get(claim.memberId) ?? [];
    list.push(claim);
    claimsByMember.set(claim.memberId, list);
  }
  const context: RunContext = { config, participants, rules };
  return [...input.members]
    .sort((a, b) => (a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0))
    .map((profile) => assignMember(profile, claimsByMember.get(profile.memberId) ?? [], context));
}
