/**
 * Test builders for hand-built cases: a member profile, claims (lines with CPT/HCPCS and modifiers, diagnoses,
 * ICD-10-PCS procedures, versions and cancels) and clinical events (with any of their optional fields), as the
 * canonical model carries them.
 */
import type {
  AdjustmentType,
  ClaimEvent,
  ClaimType,
  ClinicalEvent,
  ClinicalStatus,
  ClinicalType,
  CodeSystem,
} from '@benchline/shared';
import type { MemberProfile, MonthStatus } from '../../member-profile.js';
import type { MeasureResult, PatientFacts, Period } from '../types.js';

export const PERIOD: Period = { start: '2026-01-01', end: '2026-12-31' };
export const MEMBER = '1EG4TE5MK73';

export function profile(fields: Partial<Omit<MemberProfile, 'memberId'>> = {}): MemberProfile {
  return { memberId: MEMBER, months: [], asOf: '2026-12-31', ...fields };
}

export function months(from: string, to: string, status: Omit<MonthStatus, 'month'>): MonthStatus[] {
  const out: MonthStatus[] = [];
  for (let month = from; month <= to;) {
    out.push({ month, ...status });
    const [y, m] = month.split('-').map(Number) as [number, number];
    month = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  }
  return out;
}

export interface LineSpec {
  readonly code: string;
  readonly date: string;
  readonly through?: string;
  readonly modifiers?: string[];
  readonly placeOfService?: string;
}

export interface ClaimSpec {
  readonly id?: string;
  readonly version?: number;
  readonly adjustment?: AdjustmentType;
  readonly claimType?: ClaimType;
  readonly from: string;
  readonly through?: string;
  readonly lines?: readonly (LineSpec | string)[];
  readonly diagnoses?: string[];
  readonly procedures?: string[];
  readonly dischargeStatus?: string;
}

let claimCounter = 0;

/** A claim; a line given as a bare code is dated on the claim's first day. */
export function claim(spec: ClaimSpec): ClaimEvent {
  claimCounter += 1;
  const through = spec.through ?? spec.from;
  return {
    kind: 'claim',
    claimId: spec.id ?? `C${claimCounter}`,
    version: spec.version ?? 1,
    adjustment: spec.adjustment ?? 'original',
    claimType: spec.claimType ?? 'professional',
    memberId: MEMBER,
    fromDate: spec.from,
    throughDate: through,
    paidDate: through,
    diagnoses: spec.diagnoses ?? [],
    ...(spec.procedures === undefined ? {} : { procedures: spec.procedures }),
    ...(spec.dischargeStatus === undefined ? {} : { dischargeStatus: spec.dischargeStatus }),
    lines: (spec.lines ?? []).map((entry, index) => {
      const line: LineSpec = typeof entry === 'string' ? { code: entry, date: spec.from } : entry;
      return {
        lineNumber: index + 1,
        hcpcs: line.code,
        ...(line.modifiers === undefined ? {} : { modifiers: line.modifiers }),
        ...(line.placeOfService === undefined ? {} : { placeOfService: line.placeOfService }),
        units: 1,
        allowedAmount: 100,
        paidAmount: 80,
        fromDate: line.date,
        throughDate: line.through ?? line.date,
      };
    }),
    paidAmount: 80,
  };
}

export interface ClinicalSpec {
  readonly id?: string;
  readonly version?: number;
  readonly type: ClinicalType;
  readonly system: CodeSystem;
  readonly code: string;
  readonly status?: ClinicalStatus;
  readonly date: string;
  readonly end?: string;
  readonly quantity?: [number, string];
  readonly coding?: [CodeSystem, string];
  /** Any other field of the event (category, intent, supply, body site, encounter class, …). */
  readonly fields?: Partial<Omit<ClinicalEvent, 'kind' | 'clinicalId' | 'memberId' | 'type' | 'code'>>;
}

let clinicalCounter = 0;

export function clinical(spec: ClinicalSpec): ClinicalEvent {
  clinicalCounter += 1;
  const defaults: Record<ClinicalType, ClinicalStatus> = {
    observation: 'final',
    condition: 'active',
    procedure: 'completed',
    encounter: 'completed',
    immunization: 'completed',
    medication: 'active',
    'service-request': 'active',
    'device-request': 'active',
  };
  return {
    kind: 'clinical',
    clinicalId: spec.id ?? `Clinical/${clinicalCounter}`,
    version: spec.version ?? 1,
    memberId: MEMBER,
    type: spec.type,
    code: { system: spec.system, code: spec.code },
    status: spec.status ?? defaults[spec.type],
    effectiveDate: spec.date,
    ...(spec.end === undefined ? {} : { endDate: spec.end }),
    ...(spec.quantity === undefined ? {} : { value: { quantity: spec.quantity[0], unit: spec.quantity[1] } }),
    ...(spec.coding === undefined ? {} : { value: { coding: { system: spec.coding[0], code: spec.coding[1] } } }),
    ...spec.fields,
    source: 'ehr',
  };
}

export function facts(
  memberProfile: MemberProfile | null,
  claims: readonly ClaimEvent[] = [],
  events: readonly ClinicalEvent[] = [],
): PatientFacts {
  return { memberId: MEMBER, profile: memberProfile, claims, clinical: events };
}

/** A result's populations as `IP DEN DENEX DENEXCEP NUM` (0/1), or `not evaluable`. */
export function populationsOf(result: MeasureResult): string {
  const p = result.populations;
  return result.evaluable
    ? [p.initialPopulation, p.denominator, p.denominatorExclusion, p.denominatorException, p.numerator]
        .map(Number)
        .join(' ')
    : 'not evaluable';
}
