/**
 * Claim lines → the primary care services assignment counts: the performance year's code list (42 CFR
 * 425.400(c)) with its context rules, the practitioner's assignment role from the Medicare specialty (42 CFR
 * 425.20, 425.402(c)), FQHC/RHC claims as primary care physician services (42 CFR 425.404(b)), and the entity
 * the dollars go to — this ACO (TINs pooled, CCNs linked), another ACO, or a single non-ACO TIN.
 */
import type { ClaimEvent, ClaimLine } from '@benchline/shared';
import { toCents } from '@benchline/shared';
import type {
  AssignmentRole,
  AssignmentSpecialty,
  PrimaryCareContextRule,
  PrimaryCareServiceCode,
} from '../../reference/mssp.js';
import type { ParticipantList } from './participants.js';
import type { CompetitorRef, DateWindow } from './types.js';
import { isWithin } from './windows.js';

/** One primary care service line that counts, with the entity and practitioner it is credited to. */
export interface PrimaryCareService {
  readonly claimId: string;
  readonly lineNumber: number;
  readonly date: string;
  readonly code: string;
  readonly cents: number;
  readonly role: AssignmentRole;
  readonly competitor: CompetitorRef;
  readonly tin: string | null;
  readonly ccn: string | null;
  readonly npi: string | null;
}

export interface ServiceRules {
  /** The performance year's primary care codes and the context rule each carries. */
  readonly codeRules: ReadonlyMap<string, PrimaryCareContextRule | null>;
  readonly rolesBySpecialty: ReadonlyMap<string, AssignmentRole>;
  /** Specialty from the provider records, for lines that do not carry one. */
  readonly specialtyByNpi: ReadonlyMap<string, string>;
  readonly participants: ParticipantList;
  readonly etaHospitalCcns: ReadonlySet<string>;
  /** Services outside every window are dropped. */
  readonly windows: readonly DateWindow[];
}

export interface MemberServices {
  readonly services: PrimaryCareService[];
  /** Multi-ACO TINs whose services to this member were left out. */
  readonly excludedMultiAcoTins: string[];
}

/**
 * Places of service (CMS POS code set) that make a line "furnished in a SNF" and "in an inpatient setting" for
 * the context rules of 42 CFR 425.400(c)(1): 31 SNF; 21 inpatient hospital, 51 inpatient psychiatric facility,
 * 61 comprehensive inpatient rehabilitation facility.
 */
export const SNF_PLACES_OF_SERVICE: ReadonlySet<string> = new Set(['31']);
export const INPATIENT_PLACES_OF_SERVICE: ReadonlySet<string> = new Set(['21', '51', '61']);

/**
 * The primary care codes of a performance year with their context rules. The last listed year's list carries
 * on ("2025 and later"); a year before the first listed one has no list, which is an error, not an empty list.
 */
export function primaryCareCodeRules(
  codes: readonly PrimaryCareServiceCode[],
  performanceYear: number,
): Map<string, PrimaryCareContextRule | null> {
  const listedYears = codes.flatMap((c) => c.performanceYears);
  if (listedYears.length === 0 || performanceYear < Math.min(...listedYears)) {
    throw new RangeError(`No MSSP primary care code list covers performance year ${performanceYear}`);
  }
  const column = Math.min(performanceYear, Math.max(...listedYears));
  return new Map(codes.filter((c) => c.performanceYears.includes(column)).map((c) => [c.code, c.contextRule]));
}

export function rolesBySpecialty(specialties: readonly AssignmentSpecialty[]): Map<string, AssignmentRole> {
  return new Map(specialties.map((s) => [s.specialtyCode, s.role]));
}

/** How a claim was billed, as far as assignment cares; null for claims whose lines never count. */
type BillingSetting = 'professional' | 'fqhc-rhc' | 'cah-method-ii' | 'eta-hospital';

/** The first two digits of a type of bill (facility type + care type), tolerating a leading 0 in 4-digit form. */
function typeOfBillPrefix(typeOfBill: string | undefined): string {
  if (typeOfBill === undefined) {
    return '';
  }
  return (typeOfBill.length === 4 ? typeOfBill.slice(1) : typeOfBill).slice(0, 2);
}

function billingSettingOf(claim: ClaimEvent, etaHospitalCcns: ReadonlySet<string>): BillingSetting | null {
  if (claim.claimType === 'professional') {
    return 'professional';
  }
  if (claim.claimType !== 'outpatient') {
    return null;
  }
  const prefix = typeOfBillPrefix(claim.typeOfBill);
  // Type of bill 77x is an FQHC, 71x an RHC, 85x a critical access hospital.
  if (prefix === '77' || prefix === '71') {
    return 'fqhc-rhc';
  }
  if (prefix === '85') {
    return 'cah-method-ii';
  }
  if (claim.facilityCcn !== undefined && etaHospitalCcns.has(claim.facilityCcn)) {
    return 'eta-hospital';
  }
  return null;
}

/** CAH Method II professional services are the lines under revenue codes 096x–098x (professional fees). */
function isMethodIiProfessionalLine(line: ClaimLine): boolean {
  return line.revenueCode !== undefined && /^09[6-8]/.test(line.revenueCode);
}

type Credit =
  | {
      readonly kind: 'credited';
      readonly competitor: CompetitorRef;
      readonly tin: string | null;
      readonly ccn: string | null;
    }
  | { readonly kind: 'multi-aco'; readonly tin: string }
  | { readonly kind: 'unidentified' };

/**
 * Who a claim's dollars go to. Facility claims are linked through their CCN first (42 CFR 425.402(f)): a CCN on
 * the participant list is this ACO's. Then the billing TIN: this ACO's TINs pool together, another ACO's TINs
 * pool as that ACO, any other TIN stands alone. A facility claim with no TIN stands alone under its CCN.
 */
function creditOf(claim: ClaimEvent, setting: BillingSetting, participants: ParticipantList): Credit {
  const ccn = setting === 'professional' ? null : (claim.facilityCcn ?? null);
  const linkedTin = ccn === null ? undefined : participants.ccns.get(ccn);
  const tin = linkedTin ?? claim.billingTin ?? null;
  if (tin !== null && participants.multiAcoTins.has(tin)) {
    return { kind: 'multi-aco', tin };
  }
  if (tin !== null && participants.tins.has(tin)) {
    return { kind: 'credited', competitor: { kind: 'this-aco', id: participants.acoId }, tin, ccn };
  }
  const otherAco = tin === null ? undefined : participants.otherAcoTins.get(tin);
  if (otherAco !== undefined) {
    return { kind: 'credited', competitor: { kind: 'other-aco', id: otherAco }, tin, ccn };
  }
  if (tin !== null) {
    return { kind: 'credited', competitor: { kind: 'tin', id: tin }, tin, ccn };
  }
  if (ccn !== null) {
    return { kind: 'credited', competitor: { kind: 'ccn', id: ccn }, tin: null, ccn };
  }
  return { kind: 'unidentified' };
}

/** Institutional stays (inclusive dates) a member's claims show, for lines that carry no place of service. */
interface Stays {
  readonly snf: readonly DateWindow[];
  readonly inpatient: readonly DateWindow[];
}

function staysOf(claims: readonly ClaimEvent[]): Stays {
  const stayOf = (claim: ClaimEvent): DateWindow => ({ from: claim.fromDate, through: claim.throughDate });
  return {
    snf: claims.filter((c) => c.claimType === 'snf').map(stayOf),
    inpatient: claims.filter((c) => c.claimType === 'inpatient').map(stayOf),
  };
}

/**
 * Whether a line's setting excludes it. A place of service on the line decides; a line without one (FQHC/RHC
 * and other institutional lines) is excluded when its date falls within a SNF or inpatient stay on the member's
 * own claims — the way CMS applies the SNF rule to FQHC/RHC claims.
 */
function excludedBySetting(
  rule: PrimaryCareContextRule | null,
  line: ClaimLine,
  setting: BillingSetting,
  stays: Stays,
): boolean {
  const during = (windows: readonly DateWindow[]): boolean => windows.some((w) => isWithin(line.fromDate, w));
  switch (rule) {
    case 'excluded-in-snf':
      return line.placeOfService !== undefined ? SNF_PLACES_OF_SERVICE.has(line.placeOfService) : during(stays.snf);
    case 'excluded-inpatient':
      return line.placeOfService !== undefined
        ? INPATIENT_PLACES_OF_SERVICE.has(line.placeOfService)
        : during(stays.inpatient);
    case 'eta-hospital-only':
      return setting !== 'eta-hospital';
    case 'requires-primary-care-base': // decided once the claim's other lines are known
    case null:
      return false;
  }
}

function roleOf(line: ClaimLine, setting: BillingSetting, rules: ServiceRules): AssignmentRole | null {
  // 42 CFR 425.404(b): a service on an FQHC/RHC claim counts as furnished by a primary care physician.
  if (setting === 'fqhc-rhc') {
    return 'primary_care_physician';
  }
  const specialty =
    line.renderingSpecialty ??
    (line.renderingNpi === undefined ? undefined : rules.specialtyByNpi.get(line.renderingNpi));
  return specialty === undefined ? null : (rules.rolesBySpecialty.get(specialty) ?? null);
}

/**
 * The primary care services among one member's current claims (one claim id each, not cancelled). Lines count
 * when the code is on the year's list, the setting allows it, the allowed amount is positive (a zero-allowed
 * line was denied), the date is in a window, the practitioner has an assignment role and the dollars can be
 * credited to someone. Add-ons that need a primary care base code count only beside a counted base line of the
 * same claim and date. Services billed through a TIN in more than one ACO are left out (42 CFR 425.400(a)(2)(iii)).
 * Not decided here, for want of data: PFS amounts standing in for teaching hospitals' reasonable-cost charges
 * (42 CFR 425.402(d)) — the line's allowed amount is used; replacement codes CMS names later and the COVID-19
 * PHE additions (425.400(c)(2)) count only once they are in the vendored code list.
 */
export function primaryCareServices(memberClaims: readonly ClaimEvent[], rules: ServiceRules): MemberServices {
  const stays = staysOf(memberClaims);
  const services: PrimaryCareService[] = [];
  const excluded = new Set<string>();
  for (const claim of memberClaims) {
    const setting = billingSettingOf(claim, rules.etaHospitalCcns);
    if (setting === null) {
      continue;
    }
    const credit = creditOf(claim, setting, rules.participants);
    if (credit.kind === 'unidentified') {
      continue;
    }
    const counted: { service: PrimaryCareService; rule: PrimaryCareContextRule | null }[] = [];
    for (const line of claim.lines) {
      const code = line.hcpcs;
      if (code === undefined || !rules.codeRules.has(code)) {
        continue;
      }
      const rule = rules.codeRules.get(code) ?? null;
      const cents = toCents(line.allowedAmount);
      if (
        cents <= 0 ||
        !rules.windows.some((w) => isWithin(line.fromDate, w)) ||
        (setting === 'cah-method-ii' && !isMethodIiProfessionalLine(line)) ||
        excludedBySetting(rule, line, setting, stays)
      ) {
        continue;
      }
      const role = roleOf(line, setting, rules);
      if (role === null) {
        continue;
      }
      if (credit.kind === 'multi-aco') {
        excluded.add(credit.tin);
        continue;
      }
      const service: PrimaryCareService = {
        claimId: claim.claimId,
        lineNumber: line.lineNumber,
        date: line.fromDate,
        code,
        cents,
        role,
        competitor: credit.competitor,
        tin: credit.tin,
        ccn: credit.ccn,
        npi: line.renderingNpi ?? null,
      };
      counted.push({ service, rule });
    }
    const baseDates = new Set(
      counted.filter((c) => c.rule !== 'requires-primary-care-base').map((c) => c.service.date),
    );
    for (const { service, rule } of counted) {
      if (rule !== 'requires-primary-care-base' || baseDates.has(service.date)) {
        services.push(service);
      }
    }
  }
  return { services, excludedMultiAcoTins: [...excluded].sort() };
}
