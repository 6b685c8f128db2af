/**
 * The working state for generating one member's services in one month, shared by the service modules: who the
 * member is and what their coverage is this month, how intense their care is, per-stream random generators,
 * claim/clinical id allocation, and small builders for claim lines and drafts. One context per member-month;
 * everything in it is derived from (seed, member, month), so months can be generated in any order or alone.
 */
import type { ClinicalEvent, Coding } from '@benchline/shared';
import { firstDayOfMonth, isoDate, isoMonth, lastDayOfMonth, yearOfMonth } from './calendar.js';
import type { ClaimDraft, LagKind, LineDraft } from './claim-assembly.js';
import type { DiagnosisCoder } from './coding.js';
import type { Clinician, Facility, ProviderNetwork } from './network.js';
import {
  monthIntensity,
  monthlyRate,
  type LifeCourse,
  type MemberTraits,
  type MonthStatus,
  type PopulationModel,
} from './population.js';
import type { GeneratorProfile } from './profile.js';
import { labelHash, Random } from './random.js';
import type { GeneratorReference } from './reference.js';

/** A clinical event and the day it becomes available to the ACO (results arrive a day after the draw). */
export interface DatedClinical {
  readonly availableDay: number;
  readonly event: ClinicalEvent;
}

/** Everything about a member that does not change month to month. */
export interface MemberContext {
  readonly seed: number;
  readonly profile: GeneratorProfile;
  readonly model: PopulationModel;
  readonly network: ProviderNetwork;
  readonly reference: GeneratorReference;
  readonly traits: MemberTraits;
  readonly life: LifeCourse;
  readonly memberId: string;
  readonly coder: DiagnosisCoder;
}

export class MonthContext {
  readonly year: number;
  readonly firstDay: number;
  /** The last day care can happen this month (the month's end, or the day of death). */
  readonly lastDay: number;
  readonly intensity: number;
  readonly claims: ClaimDraft[] = [];
  readonly clinical: DatedClinical[] = [];
  private readonly counters = new Map<string, number>();
  private readonly monthTag: string;

  constructor(
    readonly member: MemberContext,
    readonly month: number,
    readonly status: MonthStatus,
  ) {
    this.year = yearOfMonth(month);
    this.firstDay = firstDayOfMonth(month);
    const death = member.life.deathDay;
    this.lastDay = death !== undefined && death <= lastDayOfMonth(month) ? death : lastDayOfMonth(month);
    this.intensity = monthIntensity(member.traits, status, member.model);
    this.monthTag = isoMonth(month).replace('-', '');
  }

  get profile(): GeneratorProfile {
    return this.member.profile;
  }

  get traits(): MemberTraits {
    return this.member.traits;
  }

  get network(): ProviderNetwork {
    return this.member.network;
  }

  /** True when Medicare fee-for-service pays for Part A (and, for Part B services, Part B) this month. */
  get feeForService(): boolean {
    return this.status.enrolled && !this.status.medicareAdvantage;
  }

  get partB(): boolean {
    return this.feeForService && this.status.partB;
  }

  /** The random generator of one named stream for this member-month. */
  random(stream: string): Random {
    return Random.of(this.member.traits.memberSeed, labelHash(stream), this.month);
  }

  /**
   * Expected count this month of a stream with a population-average annual rate and intensity elasticity γ.
   * Hospice members forgo most curative care.
   */
  expected(annualRate: number, gamma: number): number {
    const hospice = this.status.hospice ? 0.25 : 1;
    return monthlyRate(annualRate, this.intensity, gamma, this.member.model) * hospice * this.aliveShare();
  }

  /** Share of the month the member is alive and enrolled (deaths cut the month short). */
  aliveShare(): number {
    return (this.lastDay - this.firstDay + 1) / (lastDayOfMonth(this.month) - this.firstDay + 1);
  }

  day(random: Random): number {
    return this.firstDay + random.int(0, this.lastDay - this.firstDay);
  }

  claimId(tag: string): string {
    const next = (this.counters.get(tag) ?? 0) + 1;
    this.counters.set(tag, next);
    return `c${this.member.seed}.${this.traits.index}.${this.monthTag}.${tag}${next}`;
  }

  clinicalId(tag: string, day: number): string {
    const key = `k:${tag}`;
    const next = (this.counters.get(key) ?? 0) + 1;
    this.counters.set(key, next);
    return `k${this.member.seed}.${this.traits.index}.${isoDate(day).replace(/-/g, '')}.${tag}${next}`;
  }

  addClaim(draft: Omit<ClaimDraft, 'memberId'>): void {
    if (draft.lines.length > 0) {
      this.claims.push({ ...draft, memberId: this.member.memberId });
    }
  }

  addClinical(
    tag: string,
    day: number,
    type: ClinicalEvent['type'],
    code: Coding,
    source: 'ehr' | 'lab',
    extra: Pick<ClinicalEvent, 'value'> & { status?: ClinicalEvent['status'] } = {},
  ): void {
    const event: ClinicalEvent = {
      kind: 'clinical',
      clinicalId: this.clinicalId(tag, day),
      version: 1,
      memberId: this.member.memberId,
      type,
      code,
      status: extra.status ?? (type === 'condition' ? 'active' : type === 'observation' ? 'final' : 'completed'),
      effectiveDate: isoDate(day),
      ...(extra.value === undefined ? {} : { value: extra.value }),
      source,
    };
    this.clinical.push({ availableDay: source === 'lab' ? day + 1 : day, event });
  }
}

/** A professional (carrier) claim draft from one clinician. */
export function professionalClaim(
  claimId: string,
  clinician: Clinician,
  diagnoses: readonly string[],
  lines: readonly LineDraft[],
): Omit<ClaimDraft, 'memberId'> {
  return {
    claimId,
    claimType: 'professional',
    billingTin: clinician.practice.tin,
    billingNpi: clinician.practice.npi,
    diagnoses,
    lines,
    lagKind: 'professional',
  };
}

/** An institutional claim draft from a facility. */
export function institutionalClaim(
  claimId: string,
  claimType: ClaimDraft['claimType'],
  facility: Pick<Facility, 'tin' | 'npi' | 'ccn'>,
  typeOfBill: string,
  diagnoses: readonly string[],
  lines: readonly LineDraft[],
  lagKind: LagKind,
): Omit<ClaimDraft, 'memberId'> {
  return {
    claimId,
    claimType,
    billingTin: facility.tin,
    billingNpi: facility.npi,
    ...(facility.ccn === undefined ? {} : { facilityCcn: facility.ccn }),
    typeOfBill,
    diagnoses,
    lines,
    lagKind,
  };
}

/** A professional line: allowed from the fee, paid at the Part B share. */
export function professionalLine(
  context: MonthContext,
  clinician: Pick<Clinician, 'npi' | 'specialty'>,
  hcpcs: string,
  allowed: number,
  day: number,
  placeOfService: string,
  options: { units?: number; modifiers?: readonly string[]; paidShare?: number; throughDay?: number } = {},
): LineDraft {
  const share = options.paidShare ?? context.profile.costs.partBPaidShare;
  return {
    hcpcs,
    ...(options.modifiers === undefined ? {} : { modifiers: options.modifiers }),
    renderingNpi: clinician.npi,
    renderingSpecialty: clinician.specialty,
    placeOfService,
    units: options.units ?? 1,
    allowed,
    paid: allowed * share,
    fromDay: day,
    throughDay: options.throughDay ?? day,
  };
}

/** An institutional line: a revenue code, optionally a HCPCS code. */
export function revenueLine(
  revenueCode: string,
  allowed: number,
  paid: number,
  fromDay: number,
  throughDay: number,
  options: {
    hcpcs?: string;
    units?: number;
    modifiers?: readonly string[];
    renderingNpi?: string;
    renderingSpecialty?: string;
  } = {},
): LineDraft {
  return {
    revenueCode,
    ...(options.hcpcs === undefined ? {} : { hcpcs: options.hcpcs }),
    ...(options.modifiers === undefined ? {} : { modifiers: options.modifiers }),
    ...(options.renderingNpi === undefined ? {} : { renderingNpi: options.renderingNpi }),
    ...(options.renderingSpecialty === undefined ? {} : { renderingSpecialty: options.renderingSpecialty }),
    units: options.units ?? 1,
    allowed,
    paid,
    fromDay,
    throughDay,
  };
}
