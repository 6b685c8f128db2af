/**
 * The value-based contracts the generated organisation holds alongside fee-for-service billing, and the payer
 * roster that goes with the roster-attributed one:
 *
 * - an MSSP ACO agreement over the participant list's TINs: BASIC track, level E (two-sided, the glide path's
 *   end), retrospective assignment, a fixed symmetric 2% MSR/MLR, CMS's 3-month run-out with completion, the
 *   APP / APP Plus measure set of the performance year, and each performance year a benchmark by enrolment
 *   type calibrated to the generator's own spend, not invented: the expected per-capita Parts A+B paid of the
 *   ACO's assigned beneficiaries (profile.contracts.assignedPerCapita, measured with the workers' engines, see
 *   mssp-spend.ts) grossed up so expected spend sits the PUF's pooled savings rate (4.0%, S1) below it. The
 *   benchmark is stated in performance-year dollars at the ACO's own risk, so an engine given no BY3 risk
 *   baseline or growth (r = 1, untrended — the finance view today) compares like with like; a demo ACO of a few
 *   thousand members lands anywhere within several percent of it (heavy-tailed spend), as real ACOs do;
 * - a Medicare Advantage plan's global capitation (HCP-LAN category 4, payer-roster attribution) whose roster
 *   lists the organisation's patients enrolled in that plan: members with MA months whose usual practice is a
 *   participant, in the plan with profile.contracts.maPlanShare. The plan sends its roster on the first business
 *   day of each month, listing each member's months in the plan through the next month (enrolment elections take
 *   effect on the first of the following month, so the plan knows them a month ahead). The generator has no
 *   MA encounter claims (MA months have no fee-for-service claims), so spend against the capitation is zero.
 *
 * Both run for a five-year agreement period starting in the window's first year (at most four years before the
 * performance year, the year of the window's last month), so the live feed's later months stay covered.
 */
import type { ContractEvent, ContractYear, RosterEvent } from '@benchline/shared';
import {
  firstDayOfMonth,
  isoDate,
  isoMonth,
  monthIndex,
  monthOfDay,
  onOrAfterWeekday,
  yearOfMonth,
} from './calendar.js';
import type { GeneratorWorld, MemberTimeline } from './member-timeline.js';
import { PLACE_WORDS } from './names.js';
import { activeClinician } from './network.js';
import { statusOf } from './population.js';
import type { GeneratorProfile } from './profile.js';
import { labelHash, mixSeed, Random } from './random.js';
import { ENROLLMENT_TYPES, type EnrollmentType } from './types.js';

/** Agreement periods starting 2019 or later run five performance years (reference §1.1). */
export const AGREEMENT_YEARS = 5;

/** The generated organisation's contracts. */
export interface GeneratedContracts {
  readonly mssp: ContractEvent;
  readonly medicareAdvantage: ContractEvent;
}

type PerCapita = Readonly<Record<EnrollmentType, number>>;

/**
 * The APP / APP Plus quality measure set by performance year (reference §1.8, from CMSgov/qpp-measures-data): APP
 * through PY2024; APP Plus adds 112 in PY2025 (484 paused) and 113 with 484 back in PY2026.
 */
function msspMeasureSet(year: number): string[] {
  if (year <= 2024) {
    return ['001', '134', '236', '321', '479', '484'];
  }
  if (year === 2025) {
    return ['001', '134', '236', '112', '321', '479'];
  }
  return ['001', '134', '236', '112', '113', '321', '479', '484'];
}

/** The eCQMs closest to the Star ratings' HEDIS measures an MA plan pays its groups on (reference §4.5). */
const MA_MEASURE_SET = ['CMS122', 'CMS165', 'CMS125', 'CMS130'];

/**
 * The MSSP benchmark: the generator's expected per-capita spend of assigned beneficiaries ÷ (1 − the savings
 * rate), USD per person-year. The same in every performance year, as the generator's spend is (profile.contracts).
 */
export function msspBenchmark(profile: GeneratorProfile): PerCapita {
  const expected = profile.contracts.assignedPerCapita;
  const rate = profile.contracts.benchmarkSavingsRate;
  return Object.fromEntries(ENROLLMENT_TYPES.map((t) => [t, cents(expected[t] / (1 - rate))])) as Record<
    EnrollmentType,
    number
  >;
}

/**
 * The MA plan's capitation PMPM: the plan's revenue (the generator's expected FFS per capita at the MSSP
 * enrolment mix, × maRevenueToFfs) × the percent of premium passed to the organisation.
 */
export function maCapitationPmpm(profile: GeneratorProfile): number {
  const expected = profile.contracts.assignedPerCapita;
  const mix = profile.population.enrollmentMix;
  const mixTotal = ENROLLMENT_TYPES.reduce((sum, t) => sum + mix[t], 0);
  const perCapita = ENROLLMENT_TYPES.reduce((sum, t) => sum + expected[t] * mix[t], 0) / mixTotal;
  return cents((perCapita / 12) * profile.contracts.maRevenueToFfs * profile.contracts.maCapitationShareOfRevenue);
}

/** The agreement period's first and last performance years. */
export function agreementYears(world: Pick<GeneratorWorld, 'windowStartMonth' | 'windowEndMonth'>): {
  readonly first: number;
  readonly last: number;
} {
  const performanceYear = yearOfMonth(world.windowEndMonth);
  const first = Math.max(yearOfMonth(world.windowStartMonth), performanceYear - (AGREEMENT_YEARS - 1));
  return { first, last: first + AGREEMENT_YEARS - 1 };
}

export function buildContracts(world: GeneratorWorld): GeneratedContracts {
  const { seed, profile } = world;
  const { first, last } = agreementYears(world);
  const years = Array.from({ length: last - first + 1 }, (_, k) => first + k);
  const participantTins = [...new Set(world.network.events.filter((p) => p.participant).map((p) => p.tin))].sort();
  const period = { effectiveFrom: `${first}-01-01`, effectiveTo: `${last}-12-31` };
  // ACO ids are "A" and four digits; MA contract numbers "H" and four digits, with a plan benefit package.
  const acoId = `A${1000 + (mixSeed(seed, 'aco-id') % 9000)}`;
  const planBenefitPackage = String(1 + (mixSeed(seed, 'ma-pbp') % 30)).padStart(3, '0');
  const maId = `H${1000 + (mixSeed(seed, 'ma-contract') % 9000)}-${planBenefitPackage}`;
  const planName = Random.of(seed, labelHash('ma-plan-name')).pick(PLACE_WORDS);

  const mssp: ContractEvent = {
    kind: 'contract',
    contractId: acoId,
    version: 1,
    name: `Medicare Shared Savings Program ACO ${acoId}, agreement ${first}–${last}`,
    payer: 'CMS',
    program: 'mssp',
    apmCategory: '3B',
    attribution: 'mssp-claims',
    benchmarkType: 'mssp-per-capita',
    measureSet: msspMeasureSet(yearOfMonth(world.windowEndMonth)),
    participantTins,
    ...period,
    years: years.map((year): ContractYear => ({
      year,
      // Level E: where the BASIC glide path ends and experienced ACOs start (reference §1.7); two-sided, so
      // HCP-LAN category 3B.
      track: 'BASIC',
      level: 'E',
      // Preliminary prospective lists with retrospective reconciliation: the PUF's majority choice (285 of 453
      // ACOs in PY2023, S1), and the only one whose windows (the year itself) a short generated window covers.
      assignment: 'retrospective',
      // A two-sided ACO picks 0, 0.5, 1, 1.5, 2% or the sliding scale (reference §1.7); the fixed 2% keeps the
      // corridor defined for a demo ACO below 5,000 assigned, where the sliding scale is the SLAAM's (VERIFY).
      msrMlr: '2',
      benchmark: { perCapita: msspBenchmark(profile) },
      // CMS reconciles on claims paid through three months after the year, with a completion factor (§1.2).
      completion: { runOutMonths: 3, method: 'chain-ladder' },
      quality: { assumedScore: profile.contracts.qualityScore, standard: 'met' },
    })),
    source: 'generator',
  };

  const medicareAdvantage: ContractEvent = {
    kind: 'contract',
    contractId: maId,
    version: 1,
    name: `${planName} Medicare Advantage, global capitation`,
    payer: `${planName} Health Plan`,
    program: 'medicare-advantage',
    apmCategory: '4',
    attribution: 'payer-roster',
    benchmarkType: 'capitation',
    measureSet: MA_MEASURE_SET,
    participantTins,
    ...period,
    years: years.map((year): ContractYear => ({
      year,
      benchmark: { capitationPmpm: maCapitationPmpm(profile) },
    })),
    source: 'generator',
  };
  return { mssp, medicareAdvantage };
}

/** A roster row and the day the payer delivered it. */
export interface DatedRoster {
  readonly day: number;
  readonly event: RosterEvent;
}

/** Whether the member is the roster contract's: usually seen at a participant practice, and in the contracted plan. */
function inPlan(timeline: MemberTimeline, profile: GeneratorProfile): boolean {
  const { traits } = timeline.context;
  return (
    traits.care.usualPractice.participant &&
    Random.of(traits.memberSeed, labelHash('ma-plan')).chance(profile.contracts.maPlanShare)
  );
}

/**
 * The member's row in the plan's roster file of `month` (delivered on the month's first business day): the
 * member's Medicare Advantage months in the contract, through the next month; undefined when the member is not
 * in the plan that month or the next.
 */
export function rosterOfMonth(
  timeline: MemberTimeline,
  world: Pick<GeneratorWorld, 'profile'>,
  contract: Pick<ContractEvent, 'contractId' | 'effectiveFrom' | 'effectiveTo'>,
  month: number,
): DatedRoster | undefined {
  if (!inPlan(timeline, world.profile)) {
    return undefined;
  }
  const life = timeline.context.life;
  const [fromYear = 0, fromMonth = 1] = contract.effectiveFrom.split('-').map(Number);
  const first = monthIndex(fromYear, fromMonth);
  const [toYear = 9999, toMonth = 12] = (contract.effectiveTo ?? '9999-12-31').split('-').map(Number);
  const last = Math.min(monthIndex(toYear, toMonth), month + 1);
  const months: number[] = [];
  for (let m = Math.max(first, life.firstMonth); m <= last; m += 1) {
    const status = statusOf(life, m);
    if (status?.enrolled === true && status.medicareAdvantage) {
      months.push(m);
    }
  }
  if (!months.some((m) => m === month || m === month + 1)) {
    return undefined;
  }
  const day = onOrAfterWeekday(firstDayOfMonth(month));
  const { care } = timeline.context.traits;
  const clinician =
    activeClinician(
      care.usualIsNpp ? care.usualPractice.npps : care.usualPractice.pcps,
      care.usualClinicianIndex,
      day,
    ) ?? activeClinician(care.usualPractice.pcps, 0, day);
  return {
    day,
    event: {
      kind: 'roster',
      contractId: contract.contractId,
      memberId: timeline.memberId,
      asOf: isoDate(day),
      months: months.map(isoMonth),
      ...(clinician === undefined ? {} : { attributedNpi: clinician.npi }),
      attributedTin: care.usualPractice.tin,
      source: 'generator',
    },
  };
}

/** The member's latest roster row delivered by `asOfDay` within the window, if the plan ever listed the member. */
export function latestRoster(
  timeline: MemberTimeline,
  world: Pick<GeneratorWorld, 'profile' | 'windowStartMonth'>,
  contract: Pick<ContractEvent, 'contractId' | 'effectiveFrom' | 'effectiveTo'>,
  asOfDay: number,
): RosterEvent | undefined {
  if (!inPlan(timeline, world.profile) || !timeline.context.life.months.some((m) => m.medicareAdvantage)) {
    return undefined;
  }
  for (let month = monthOfDay(asOfDay); month >= world.windowStartMonth; month -= 1) {
    const roster = rosterOfMonth(timeline, world, contract, month);
    if (roster !== undefined && roster.day <= asOfDay) {
      return roster.event;
    }
  }
  return undefined;
}

function cents(dollars: number): number {
  return Math.round(dollars * 100) / 100;
}
