/**
 * Builders for attribution tests: valid NPIs, the ACO and outside TINs, member profiles enrolled in Parts A and
 * B, provider records, professional and FQHC claims, institutional stays, contracts and roster rows. The
 * vendored MSSP tables are loaded here, once, so the engine itself never reads a file.
 */
import type { ClaimEvent, ClaimLine, ContractEvent, ProviderEvent, RosterEvent } from '@benchline/shared';
import { npiCheckDigit } from '@benchline/shared';
import { loadAssignmentSpecialtyCodes, loadPrimaryCareServiceCodes } from '../../../reference/mssp.js';
import type { MemberProfile, MonthStatus } from '../../member-profile.js';
import type { AssignmentConfigOptions, MsspAssignmentInput } from '../assignment.js';
import { assignBeneficiaries, assignmentConfig } from '../assignment.js';
import type { AssignmentTables, AttributionResult } from '../types.js';
import { monthsOf } from '../windows.js';

export const TABLES: AssignmentTables = {
  primaryCareCodes: loadPrimaryCareServiceCodes(),
  specialties: loadAssignmentSpecialtyCodes(),
};

/** A valid NPI (Luhn check digit over the 80840 prefix) built from a small number. */
export function npi(n: number): string {
  const body = `1${String(n).padStart(8, '0')}`;
  return `${body}${npiCheckDigit(body)}`;
}

export const ACO_ID = 'A1001';
export const ACO_TIN = '111111111';
export const ACO_TIN_2 = '111111112';
export const OUTSIDE_TIN = '222222221';
export const OUTSIDE_TIN_2 = '222222222';
export const OTHER_ACO_TIN = '333333331';
export const FQHC_TIN = '444444441';
/** An Ohio FQHC-range CCN (36 + 1800–1989). */
export const FQHC_CCN = '361850';

/** Medicare specialty codes used in the tests. */
export const SPECIALTY = {
  familyPractice: '08',
  internalMedicine: '11',
  nursePractitioner: '50',
  physicianAssistant: '97',
  cardiology: '06',
  generalSurgery: '02',
} as const;

/** Clinicians: an NPI each; ACO ones bill under ACO_TIN unless a test says otherwise. */
export const ACO_PCP = npi(1);
export const ACO_PCP_2 = npi(2);
export const ACO_NP = npi(3);
export const ACO_CARDIOLOGIST = npi(4);
export const OUTSIDE_PCP = npi(11);
export const OUTSIDE_PCP_2 = npi(12);
export const OUTSIDE_NP = npi(13);
export const OUTSIDE_CARDIOLOGIST = npi(14);
export const OTHER_ACO_PCP = npi(21);
export const FQHC_CLINICIAN = npi(31);

export function provider(fields: Partial<ProviderEvent> & Pick<ProviderEvent, 'npi' | 'tin'>): ProviderEvent {
  return {
    kind: 'provider',
    asOf: '2023-01-01',
    name: `Clinician ${fields.npi}`,
    entity: 'individual',
    specialtyCode: SPECIALTY.familyPractice,
    participant: false,
    effectiveFrom: '2020-01-01',
    ...fields,
  };
}

/** The ACO's participant list: two TINs with a PCP, an NP and a cardiologist. */
export const ACO_PROVIDERS: readonly ProviderEvent[] = [
  provider({ npi: ACO_PCP, tin: ACO_TIN, participant: true }),
  provider({ npi: ACO_PCP_2, tin: ACO_TIN_2, participant: true, specialtyCode: SPECIALTY.internalMedicine }),
  provider({ npi: ACO_NP, tin: ACO_TIN, participant: true, specialtyCode: SPECIALTY.nursePractitioner }),
  provider({ npi: ACO_CARDIOLOGIST, tin: ACO_TIN, participant: true, specialtyCode: SPECIALTY.cardiology }),
];

/** Enrolled in Parts A and B, fee-for-service, every month of the range. */
export function member(memberId: string, overrides: Partial<MemberProfile> = {}): MemberProfile {
  const months: MonthStatus[] = monthsOf({ from: '2021-01-01', through: '2026-12-31' }).map((month) => ({
    month,
    partA: true,
    partB: true,
    medicareAdvantage: false,
  }));
  return { memberId, stateCode: 'OH', months, asOf: '2026-01-01', ...overrides };
}

/** The member's months with some changed, e.g. `{ '2024-05': { medicareAdvantage: true } }`. */
export function withMonths(
  profile: MemberProfile,
  changes: Record<string, Partial<Omit<MonthStatus, 'month'>>>,
): MemberProfile {
  return { ...profile, months: profile.months.map((m) => ({ ...m, ...changes[m.month] })) };
}

export interface LineSpec {
  readonly code: string;
  readonly allowed: number;
  readonly date?: string;
  readonly npi?: string;
  readonly specialty?: string | null;
  readonly pos?: string | null;
  readonly revenueCode?: string;
}

function line(
  spec: LineSpec,
  index: number,
  defaults: { date: string; npi: string; specialty: string | null },
): ClaimLine {
  const date = spec.date ?? defaults.date;
  const specialty = spec.specialty === undefined ? defaults.specialty : spec.specialty;
  const pos = spec.pos === undefined ? '11' : spec.pos;
  return {
    lineNumber: index + 1,
    hcpcs: spec.code,
    renderingNpi: spec.npi ?? defaults.npi,
    ...(specialty === null ? {} : { renderingSpecialty: specialty }),
    ...(pos === null ? {} : { placeOfService: pos }),
    ...(spec.revenueCode === undefined ? {} : { revenueCode: spec.revenueCode }),
    units: 1,
    allowedAmount: spec.allowed,
    paidAmount: Math.round(spec.allowed * 80) / 100,
    fromDate: date,
    throughDate: date,
  };
}

function claimEnvelope(
  fields: Partial<ClaimEvent> & Pick<ClaimEvent, 'claimId' | 'memberId' | 'fromDate'>,
): ClaimEvent {
  return {
    kind: 'claim',
    version: 1,
    adjustment: 'original',
    claimType: 'professional',
    throughDate: fields.fromDate,
    paidDate: fields.fromDate,
    diagnoses: ['I10'],
    lines: [],
    paidAmount: 0,
    ...fields,
  };
}

export interface VisitSpec {
  readonly claimId: string;
  readonly memberId: string;
  readonly tin: string;
  readonly npi: string;
  /** The rendering specialty on the lines; null leaves it off (the provider record then says). */
  readonly specialty: string | null;
  readonly date: string;
  readonly code?: string;
  readonly allowed?: number;
  readonly pos?: string | null;
  /** Further lines on the same claim. */
  readonly lines?: readonly LineSpec[];
  readonly version?: number;
  readonly adjustment?: ClaimEvent['adjustment'];
}

/** A professional (carrier) claim: by default one 99213 line. */
export function visit(spec: VisitSpec): ClaimEvent {
  const defaults = { date: spec.date, npi: spec.npi, specialty: spec.specialty };
  const first: LineSpec = { code: spec.code ?? '99213', allowed: spec.allowed ?? 100, pos: spec.pos };
  return claimEnvelope({
    claimId: spec.claimId,
    memberId: spec.memberId,
    fromDate: spec.date,
    billingTin: spec.tin,
    version: spec.version ?? 1,
    adjustment: spec.adjustment ?? 'original',
    lines: [first, ...(spec.lines ?? [])].map((l, i) => line(l, i, defaults)),
  });
}

export interface FacilityVisitSpec {
  readonly claimId: string;
  readonly memberId: string;
  readonly ccn: string;
  readonly tin?: string;
  readonly date: string;
  readonly code?: string;
  readonly allowed?: number;
  readonly npi?: string;
  readonly specialty?: string | null;
  /** Type of bill: 771 FQHC (default), 711 RHC, 851 CAH, 131 hospital outpatient. */
  readonly typeOfBill?: string;
  readonly revenueCode?: string;
}

/** An institutional outpatient claim with one line and no place of service (FQHC by default). */
export function facilityVisit(spec: FacilityVisitSpec): ClaimEvent {
  const lineSpec: LineSpec = {
    code: spec.code ?? '99213',
    allowed: spec.allowed ?? 100,
    pos: null,
    revenueCode: spec.revenueCode ?? '0521',
  };
  return claimEnvelope({
    claimId: spec.claimId,
    memberId: spec.memberId,
    fromDate: spec.date,
    claimType: 'outpatient',
    typeOfBill: spec.typeOfBill ?? '771',
    facilityCcn: spec.ccn,
    ...(spec.tin === undefined ? {} : { billingTin: spec.tin }),
    lines: [
      line(lineSpec, 0, {
        date: spec.date,
        npi: spec.npi ?? FQHC_CLINICIAN,
        specialty: spec.specialty === undefined ? SPECIALTY.nursePractitioner : spec.specialty,
      }),
    ],
  });
}

/** A SNF or inpatient stay (no primary care lines), for the context rules. */
export function stay(
  claimId: string,
  memberId: string,
  claimType: 'snf' | 'inpatient',
  from: string,
  through: string,
): ClaimEvent {
  return claimEnvelope({
    claimId,
    memberId,
    fromDate: from,
    throughDate: through,
    claimType,
    typeOfBill: claimType === 'snf' ? '211' : '111',
    facilityCcn: '360001',
    billingTin: '555555551',
  });
}

export function contract(fields: Partial<ContractEvent> & Pick<ContractEvent, 'contractId'>): ContractEvent {
  return {
    kind: 'contract',
    version: 1,
    name: `Contract ${fields.contractId}`,
    payer: 'CMS',
    program: 'mssp',
    apmCategory: '3B',
    attribution: 'mssp-claims',
    benchmarkType: 'mssp-per-capita',
    measureSet: [],
    effectiveFrom: '2024-01-01',
    years: [],
    ...fields,
  };
}

export function roster(
  fields: Partial<RosterEvent> & Pick<RosterEvent, 'contractId' | 'memberId' | 'months'>,
): RosterEvent {
  return { kind: 'roster', asOf: '2026-01-05', ...fields };
}

/** Runs assignment for the test ACO (participant TINs from the provider records) and returns one member's result. */
export function assignOne(
  memberProfile: MemberProfile,
  claims: readonly ClaimEvent[],
  options: Partial<AssignmentConfigOptions> & Pick<AssignmentConfigOptions, 'performanceYear'>,
  input: Partial<MsspAssignmentInput> = {},
): AttributionResult {
  const config = assignmentConfig({ method: 'retrospective', tables: TABLES, ...options });
  const results = assignBeneficiaries(
    { aco: { acoId: ACO_ID }, members: [memberProfile], claims, providers: ACO_PROVIDERS, ...input },
    config,
  );
  const [result] = results;
  if (result === undefined) {
    throw new Error('no result');
  }
  return result;
}
