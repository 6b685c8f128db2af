/**
 * Which claim diagnoses count for risk adjustment, and from which claim and date (reference §3.2, CMS's
 * risk-adjustment filtering): inpatient bills (type 11x, 41x) count all diagnoses; outpatient bills (12x, 13x, 43x,
 * 71x, 73x, 76x, 77x, 85x, 87x) count them when a line carries an eligible CPT/HCPCS; professional claims count
 * them when a line with an eligible CPT/HCPCS falls in the year. Only current claims (latest version, not
 * cancelled) and only service dates in the diagnosis year.
 */
import type { ClaimEvent } from '@benchline/shared';
import { currentClaims } from '../claims.js';
import type { DiagnosisEvidence, EligibleDiagnosis } from './types.js';

/** Bill types (facility + care type, the first two digits) whose diagnoses all count. */
export const INPATIENT_BILL_TYPES: ReadonlySet<string> = new Set(['11', '41']);
/** Bill types whose diagnoses count when the claim has a risk-adjustment-eligible CPT/HCPCS. */
export const OUTPATIENT_BILL_TYPES: ReadonlySet<string> = new Set([
  '12',
  '13',
  '43',
  '71',
  '73',
  '76',
  '77',
  '85',
  '87',
]);

/** The first two digits of a type of bill; a four-digit type carries a leading 0 (`0111` is 111). */
export function billTypeClass(typeOfBill: string): string {
  const digits = typeOfBill.length === 4 && typeOfBill.startsWith('0') ? typeOfBill.slice(1) : typeOfBill;
  return digits.slice(0, 2);
}

/**
 * The date that puts this claim's diagnoses in `diagnosisYear`, or null when they do not count that year.
 * Institutional claims are dated by their through date. Claims with no type of bill are read by claim type:
 * an inpatient claim as 11x and an outpatient claim as 13x (CCLF claim types 60 and 40 are hospital claims).
 */
export function eligibleDate(
  claim: ClaimEvent,
  diagnosisYear: number,
  eligibleProcedureCodes: ReadonlySet<string>,
): string | null {
  const year = String(diagnosisYear);
  const hasEligibleCode = (line: ClaimEvent['lines'][number]): boolean =>
    line.hcpcs !== undefined && eligibleProcedureCodes.has(line.hcpcs.toUpperCase());
  if (claim.claimType === 'professional') {
    // Claim lines carry no diagnosis pointers here, so an eligible line makes the claim's diagnoses count.
    const dates = claim.lines
      .filter((line) => hasEligibleCode(line) && line.throughDate.startsWith(year))
      .map((line) => line.throughDate)
      .sort();
    return dates[0] ?? null;
  }
  const billType =
    claim.typeOfBill !== undefined
      ? billTypeClass(claim.typeOfBill)
      : claim.claimType === 'inpatient'
        ? '11'
        : claim.claimType === 'outpatient'
          ? '13'
          : null;
  if (billType === null || !claim.throughDate.startsWith(year)) {
    return null;
  }
  if (INPATIENT_BILL_TYPES.has(billType)) {
    return claim.throughDate;
  }
  if (OUTPATIENT_BILL_TYPES.has(billType) && claim.lines.some(hasEligibleCode)) {
    return claim.throughDate;
  }
  return null;
}

/**
 * The eligible diagnoses of a year, each with every claim it appears on (earliest first). Accepts every version
 * of every claim; only the current version of each counts. Sorted by code, so input order never matters.
 */
export function eligibleDiagnoses(
  claims: Iterable<ClaimEvent>,
  diagnosisYear: number,
  eligibleProcedureCodes: ReadonlySet<string>,
): EligibleDiagnosis[] {
  const byCode = new Map<string, DiagnosisEvidence[]>();
  for (const claim of currentClaims(claims)) {
    const date = eligibleDate(claim, diagnosisYear, eligibleProcedureCodes);
    if (date === null) {
      continue;
    }
    for (const icd10 of new Set(claim.diagnoses)) {
      const evidence: DiagnosisEvidence = {
        icd10,
        claimId: claim.claimId,
        claimVersion: claim.version,
        claimType: claim.claimType,
        date,
      };
      const list = byCode.get(icd10);
      if (list === undefined) {
        byCode.set(icd10, [evidence]);
      } else {
        list.push(evidence);
      }
    }
  }
  return [...byCode.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([icd10, evidence]) => ({
      icd10,
      evidence: evidence.sort((a, b) => compare(a.date, b.date) || compare(a.claimId, b.claimId)),
    }));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
