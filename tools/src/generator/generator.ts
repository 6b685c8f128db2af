/**
 * The synthetic ACO: options in, providers, contracts and one bundle of events per member out. A window of
 * `months` months ends at `endMonth`; the as-of date is that month's last day, and only what a payer feed would
 * have delivered by then is emitted (claims paid by the as-of date, clinical results available by it, roster
 * records as of it).
 * Pure and lazy: members are generated one at a time from their own sub-seed, nothing reads a clock, and the
 * same options always give the same events.
 */
import type { ClaimEvent, ClinicalEvent, ContractEvent, ProviderEvent, RosterEvent } from '@benchline/shared';
import type { GeneratedMemberEvent } from './types.js';
import { firstDayOfMonth, isoDate, isoMonth, lastDayOfMonth, parseIsoMonth } from './calendar.js';
import { buildContracts, latestRoster } from './contracts.js';
import { buildMemberTimeline, type GeneratorWorld, type MemberTimeline } from './member-timeline.js';
import { buildProviderNetwork } from './network.js';
import { calibratePopulationModel, LIFE_COURSE_HORIZON_MONTHS, type PopulationModel } from './population.js';
import { DEFAULT_PROFILE, type GeneratorProfile } from './profile.js';
import type { GeneratorReference } from './reference.js';
import { PRIMARY_CARE_VISIT_CODES } from './ambulatory-care.js';

export interface GeneratorOptions {
  /** Number of members (1 – 10,000,000). */
  readonly members: number;
  /** Length of the window in months, ending at endMonth (1 – 120). */
  readonly months: number;
  /** Any integer; used as an unsigned 32-bit seed. */
  readonly seed: number;
  /** The window's last month, YYYY-MM; the as-of date is its last day. */
  readonly endMonth: string;
  readonly profile?: GeneratorProfile;
}

/**
 * Defaults: a 10,000-member ACO (the §1b typical 10–15k), two years of data, seed 7, ending September 2025 — three
 * quarters into performance year 2025, so year-to-date numbers are incomplete, gaps are still closable and the
 * live feed has a fourth quarter to fill.
 */
export const DEFAULT_GENERATOR_OPTIONS = { members: 10_000, months: 24, seed: 7, endMonth: '2025-09' } as const;

export interface GeneratorWindow {
  readonly startMonth: string;
  readonly endMonth: string;
  /** The as-of date: the last day of endMonth. */
  readonly asOf: string;
  /** The last simulated date the live feed can reach. */
  readonly liveFeedUntil: string;
}

export interface MemberBundle {
  readonly index: number;
  readonly member: GeneratedMemberEvent;
  /** Every claim version paid by the as-of date, in paid-date order. */
  readonly claims: readonly ClaimEvent[];
  /** EHR and lab events available by the as-of date, in date order (including history from before the window). */
  readonly clinical: readonly ClinicalEvent[];
  /** The member's latest row on a payer roster by the as-of date (the MA plan's; see contracts.ts), if any. */
  readonly rosters: readonly RosterEvent[];
}

export interface SyntheticAco {
  readonly options: Required<Omit<GeneratorOptions, 'profile'>>;
  readonly profile: GeneratorProfile;
  readonly window: GeneratorWindow;
  /** The ACO participant list and the outside providers members also see. */
  readonly providers: readonly ProviderEvent[];
  /**
   * The organisation's value-based contracts: the MSSP ACO agreement (benchmark calibrated to the generator's
   * own spend) first, then the Medicare Advantage plan whose roster rows the member bundles carry (contracts.ts).
   */
  readonly contracts: readonly ContractEvent[];
  /** One member's events as of the as-of date. */
  member(index: number): MemberBundle;
  /** Members 0 … members − 1, one at a time. */
  members(): Generator<MemberBundle, void, undefined>;
  /** The generator's internals, for the live feed. */
  readonly world: GeneratorWorld;
  timeline(index: number): MemberTimeline;
}

/** Months past the window's end the live feed may run (inside the life-course horizon, leaving room for run-out). */
export const LIVE_FEED_MONTHS = 24;

const modelCache = new WeakMap<GeneratorProfile, PopulationModel>();

export function createSyntheticAco(options: GeneratorOptions, reference: GeneratorReference): SyntheticAco {
  const { members, months, seed, endMonth } = options;
  if (!Number.isInteger(members) || members < 1 || members > 10_000_000) {
    throw new RangeError(`members must be an integer from 1 to 10,000,000 (got ${members})`);
  }
  if (!Number.isInteger(months) || months < 1 || months > 120) {
    throw new RangeError(`months must be an integer from 1 to 120 (got ${months})`);
  }
  if (!Number.isInteger(seed)) {
    throw new RangeError(`seed must be an integer (got ${seed})`);
  }
  const profile = options.profile ?? DEFAULT_PROFILE;
  const missing = PRIMARY_CARE_VISIT_CODES.filter((code) => !reference.primaryCareCodesPy2025.has(code));
  if (missing.length > 0) {
    throw new Error(`Visit codes missing from the MSSP primary care list: ${missing.join(', ')}`);
  }
  const windowEndMonth = parseIsoMonth(endMonth);
  const windowStartMonth = windowEndMonth - months + 1;
  const unsignedSeed = seed >>> 0;
  let model = modelCache.get(profile);
  if (model === undefined) {
    model = calibratePopulationModel(profile);
    modelCache.set(profile, model);
  }
  // A participant-list change happens on the first 1 January at least six months into the window, if any.
  const windowStartDay = firstDayOfMonth(windowStartMonth);
  const firstJanuary = Math.ceil((windowStartMonth + 6) / 12) * 12;
  const listChangeDay = firstJanuary <= windowEndMonth ? firstDayOfMonth(firstJanuary) : undefined;
  const network = buildProviderNetwork(unsignedSeed, profile, reference, windowStartDay, listChangeDay);
  const world: GeneratorWorld = {
    seed: unsignedSeed,
    profile,
    model,
    network,
    reference,
    windowStartMonth,
    windowEndMonth,
    horizonMonth: windowEndMonth + LIFE_COURSE_HORIZON_MONTHS,
  };
  const asOfDay = lastDayOfMonth(windowEndMonth);
  const contracts = buildContracts(world);

  const bundle = (index: number): MemberBundle => {
    if (!Number.isInteger(index) || index < 0 || index >= members) {
      throw new RangeError(`member index ${index} is outside 0 … ${members - 1}`);
    }
    const timeline = buildMemberTimeline(world, index);
    const member = timeline.memberEvent(asOfDay);
    if (member === undefined) {
      throw new Error(`Member ${index} has no enrolled month by the as-of date`);
    }
    const claims = timeline
      .claims(windowStartMonth, windowEndMonth)
      .filter((c) => c.paidDay <= asOfDay)
      .sort(
        (a, b) =>
          a.paidDay - b.paidDay || compare(a.event.claimId, b.event.claimId) || a.event.version - b.event.version,
      )
      .map((c) => c.event);
    const clinical = [...timeline.background(), ...timeline.clinical(windowStartMonth, windowEndMonth)]
      .filter((c) => c.availableDay <= asOfDay)
      .sort((a, b) => a.availableDay - b.availableDay || compare(a.event.clinicalId, b.event.clinicalId))
      .map((c) => c.event);
    const roster = latestRoster(timeline, world, contracts.medicareAdvantage, asOfDay);
    return { index, member, claims, clinical, rosters: roster === undefined ? [] : [roster] };
  };

  return {
    options: { members, months, seed, endMonth },
    profile,
    window: {
      startMonth: isoMonth(windowStartMonth),
      endMonth: isoMonth(windowEndMonth),
      asOf: isoDate(asOfDay),
      liveFeedUntil: isoDate(lastDayOfMonth(windowEndMonth + LIVE_FEED_MONTHS)),
    },
    providers: network.events,
    contracts: [contracts.mssp, contracts.medicareAdvantage],
    member: bundle,
    *members() {
      for (let index = 0; index < members; index += 1) {
        yield bundle(index);
      }
    },
    world,
    timeline: (index) => buildMemberTimeline(world, index),
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
