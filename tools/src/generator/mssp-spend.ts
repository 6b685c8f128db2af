/**
 * What the finance engine sees of a generated population under an MSSP contract: the workers' own from-scratch
 * path — claims assignment (`attributeContracts`), monthly enrolment types and FFS eligibility (`memberContext`,
 * `classifyMonths`), Part A+B paid less IME/DSH (`msspPaidCents`) via `rebuildRollUps` — summed by enrolment type
 * for one performance year. The generator's MSSP benchmark is calibrated against this (profile.contracts), and the
 * tests check the calibration with it. Members are processed in chunks, so a large sample never sits in memory
 * at once; assignment is per beneficiary, so chunking changes nothing.
 */
import type { ContractEvent, ProviderEvent } from '@benchline/shared';
import type { AssignmentTables, MemberProfile } from '@benchline/workers';
import {
  attributeContracts,
  attributedMonthsFromResults,
  memberYearCells,
  mergeMemberRecords,
  ownEntitiesOf,
  rebuildRollUps,
} from '@benchline/workers';
import { monthIndex } from './calendar.js';
import { createSyntheticAco, type MemberBundle, type SyntheticAco } from './generator.js';
import { drawnBasis, statusOf } from './population.js';
import type { GeneratorProfile } from './profile.js';
import type { GeneratorReference } from './reference.js';
import { ENROLLMENT_TYPES, type EnrollmentType } from './types.js';

export interface MsspSpendByType {
  readonly year: number;
  /** Beneficiaries assigned for the year with at least one counted month. */
  readonly assignedBeneficiaries: number;
  readonly memberMonths: Readonly<Record<EnrollmentType, number>>;
  /** Medicare Part A+B paid less IME/DSH, cents, of claims incurred in counted months (all versions paid so far). */
  readonly paidCents: Readonly<Record<EnrollmentType, number>>;
  /** USD per person-year (paid ÷ member-months × 12); 0 for a type without months. */
  readonly perCapita: Readonly<Record<EnrollmentType, number>>;
  /**
   * The standard error of each per-capita value as a sample estimate, USD (ratio estimator over members:
   * √Σ(paidᵢ − perCapita·monthsᵢ)² ÷ Σ monthsᵢ, scaled to a person-year); 0 for a type without months.
   */
  readonly standardError: Readonly<Record<EnrollmentType, number>>;
}

const CHUNK = 500;

/**
 * Per-capita MSSP spend by enrolment type of the members `contract` assigns for `year` (assignment as of the
 * year's last day, so retrospective assignment reads the whole year). Spend is what the bundles' claims hold —
 * pass bundles generated with a run-out after the year for ultimate spend. Not truncated.
 */
export function msspSpendByType(
  bundles: Iterable<MemberBundle>,
  contract: ContractEvent,
  providers: readonly ProviderEvent[],
  year: number,
  tables: AssignmentTables,
): MsspSpendByType {
  const months = zeros();
  const cents = zeros();
  // Σc², Σc·m and Σm² per type over member cells, for the standard error.
  const cc = zeros();
  const cm = zeros();
  const mm = zeros();
  const assigned = new Set<string>();
  const own = ownEntitiesOf([contract], providers, `${year}-01-01`);
  let chunk: MemberBundle[] = [];
  const flush = (): void => {
    const profiles: MemberProfile[] = [];
    for (const bundle of chunk) {
      const profile = mergeMemberRecords([bundle.member]);
      if (profile !== null) {
        profiles.push(profile);
      }
    }
    const claims = chunk.flatMap((b) => b.claims);
    const results = attributeContracts(
      { contracts: [contract], rosters: [], members: profiles, claims, providers },
      { asOf: `${year}-12-31`, tables },
    );
    const attributed = attributedMonthsFromResults(results);
    const rollUps = rebuildRollUps({
      claims,
      members: profiles.map((profile) => ({ profile, attributed: attributed.get(profile.memberId) ?? new Map() })),
      contracts: [contract],
      own,
    });
    for (const cell of memberYearCells(rollUps, contract.contractId, year)) {
      months[cell.type] += cell.months;
      cents[cell.type] += cell.cents;
      cc[cell.type] += cell.cents * cell.cents;
      cm[cell.type] += cell.cents * cell.months;
      mm[cell.type] += cell.months * cell.months;
      if (cell.months > 0) {
        assigned.add(cell.memberId);
      }
    }
    chunk = [];
  };
  for (const bundle of bundles) {
    chunk.push(bundle);
    if (chunk.length >= CHUNK) {
      flush();
    }
  }
  flush();
  const byType = (f: (t: EnrollmentType) => number) =>
    Object.fromEntries(ENROLLMENT_TYPES.map((t) => [t, months[t] === 0 ? 0 : f(t)])) as Record<EnrollmentType, number>;
  return {
    year,
    assignedBeneficiaries: assigned.size,
    memberMonths: months,
    paidCents: cents,
    perCapita: byType((t) => (cents[t] / months[t]) * 0.12),
    standardError: byType((t) => {
      const ratio = cents[t] / months[t];
      const squares = Math.max(0, cc[t] - 2 * ratio * cm[t] + ratio * ratio * mm[t]);
      return (Math.sqrt(squares) / months[t]) * 0.12;
    }),
  };
}

/**
 * The members of `aco` who have at least one month of enrolment type `type` in `year`, in index order, at most
 * `limit` of them — a sample of one type without generating the others: candidates are screened on the basis
 * and dual status drawn at the window's start (`drawnBasis`, cheap), then on their simulated months.
 */
export function* membersWithMonthsOf(
  aco: SyntheticAco,
  year: number,
  type: EnrollmentType,
  limit: number,
): Generator<MemberBundle, void, undefined> {
  const january = monthIndex(year, 1);
  let taken = 0;
  for (let index = 0; index < aco.options.members && taken < limit; index += 1) {
    const { basis, dual } = drawnBasis(aco.world.seed, index, aco.profile);
    const candidate =
      type === 'esrd'
        ? basis === 'esrd'
        : type === 'disabled'
          ? basis === 'disabled'
          : basis !== 'esrd' && (type === 'agedNonDual' || dual);
    if (!candidate) {
      continue;
    }
    const life = aco.timeline(index).context.life;
    let has = false;
    for (let month = january; month < january + 12 && !has; month += 1) {
      const status = statusOf(life, month);
      has = status !== undefined && status.enrolled && status.type === type;
    }
    if (has) {
      taken += 1;
      yield aco.member(index);
    }
  }
}

function zeros(): Record<EnrollmentType, number> {
  return { esrd: 0, disabled: 0, agedDual: 0, agedNonDual: 0 };
}

/** A calibration sample: generated ACOs (one per seed) and how many members of each type to take from each. */
export interface CalibrationSample {
  readonly seeds: readonly number[];
  readonly membersPerSeed: Readonly<Record<EnrollmentType, number>>;
}

/** One type's measured per-capita spend, pooled over the sample's seeds. */
export interface MeasuredPerCapita {
  /** USD per person-year. */
  readonly perCapita: number;
  /** Its standard error, USD. */
  readonly standardError: number;
  readonly personYears: number;
}

/**
 * The expected per-capita MSSP spend of the generator's assigned beneficiaries in `year`, by enrolment type — how
 * profile.contracts.assignedPerCapita is measured. For each seed, an ACO whose window is `year` and the year after
 * (every claim of the year paid: ultimate spend) under its own MSSP contract (the generator's participant TINs,
 * retrospective assignment); each type sampled on its own (`membersWithMonthsOf`), spend from `msspSpendByType`,
 * and the seeds pooled by person-years.
 */
export function measureAssignedPerCapita(
  year: number,
  sample: CalibrationSample,
  reference: GeneratorReference,
  tables: AssignmentTables,
  profile?: GeneratorProfile,
): Record<EnrollmentType, MeasuredPerCapita> {
  const pooled = Object.fromEntries(ENROLLMENT_TYPES.map((t) => [t, { cents: 0, months: 0, squares: 0 }])) as Record<
    EnrollmentType,
    { cents: number; months: number; squares: number }
  >;
  for (const seed of sample.seeds) {
    const aco = createSyntheticAco(
      {
        members: 10_000_000,
        months: 24,
        seed,
        endMonth: `${year + 1}-12`,
        ...(profile === undefined ? {} : { profile }),
      },
      reference,
    );
    const contract = aco.contracts.find((c) => c.program === 'mssp');
    if (contract === undefined) {
      throw new Error('the generated ACO has no MSSP contract');
    }
    for (const type of ENROLLMENT_TYPES) {
      const bundles = membersWithMonthsOf(aco, year, type, sample.membersPerSeed[type]);
      const spend = msspSpendByType(bundles, contract, aco.providers, year, tables);
      const months = spend.memberMonths[type];
      const se = spend.standardError[type];
      pooled[type].cents += spend.paidCents[type];
      pooled[type].months += months;
      pooled[type].squares += ((se * months) / 0.12) ** 2;
    }
  }
  return Object.fromEntries(
    ENROLLMENT_TYPES.map((t) => {
      const { cents, months, squares } = pooled[t];
      return [
        t,
        months === 0
          ? { perCapita: 0, standardError: 0, personYears: 0 }
          : {
              perCapita: (cents / months) * 0.12,
              standardError: (Math.sqrt(squares) / months) * 0.12,
              personYears: months / 12,
            },
      ];
    }),
  ) as Record<EnrollmentType, MeasuredPerCapita>;
}
