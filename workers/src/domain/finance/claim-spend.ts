/**
 * What one claim adds to Medicare Part A and B spend (42 CFR 425.605(a)(5), 425.652(a)(1); reference §1.2): the
 * Medicare paid amount less the IME and DSH add-ons, nothing for Part D; its service category, the claim family
 * whose lag triangle completes it, the incurred month (month of the through/discharge date, as MSSP periods and
 * the live spend fold use) and the paid month.
 */
import type { ClaimEvent } from '@benchline/shared';
import { monthOf } from '@benchline/shared';
import { dollarsToCents } from './money.js';
import type { ClaimFamily, ServiceCategory } from './types.js';

/** The fields of a claim the spend contribution reads. */
export type ClaimForFinance = Pick<
  ClaimEvent,
  | 'claimId'
  | 'version'
  | 'adjustment'
  | 'claimType'
  | 'memberId'
  | 'throughDate'
  | 'paidDate'
  | 'paidAmount'
  | 'imeAmount'
  | 'dshAmount'
  | 'lines'
  | 'billingTin'
  | 'facilityCcn'
>;

/** Ambulance supplier HCPCS A0021–A0999 (ground and air transport, mileage). */
function isAmbulanceCode(hcpcs: string | undefined): boolean {
  if (hcpcs === undefined || !/^A0[0-9]{3}$/.test(hcpcs)) {
    return false;
  }
  return Number(hcpcs.slice(1)) >= 21;
}

/** Medicare specialty 59: ambulance service supplier. */
const AMBULANCE_SPECIALTY = '59';

/** The service category of a claim; null for Part D events, which MSSP does not count. */
export function serviceCategoryOf(claim: Pick<ClaimEvent, 'claimType' | 'lines'>): ServiceCategory | null {
  switch (claim.claimType) {
    case 'partd':
      return null;
    case 'professional':
      return claim.lines.some((l) => isAmbulanceCode(l.hcpcs) || l.renderingSpecialty === AMBULANCE_SPECIALTY)
        ? 'ambulance'
        : 'professional';
    case 'inpatient':
    case 'outpatient':
    case 'snf':
    case 'hha':
    case 'hospice':
    case 'dme':
      return claim.claimType;
  }
}

/** The family a category's lags are estimated with: institutional stays, outpatient, carrier, DME. */
export function claimFamilyOf(category: ServiceCategory): ClaimFamily {
  switch (category) {
    case 'inpatient':
    case 'snf':
    case 'hha':
    case 'hospice':
      return 'institutional';
    case 'outpatient':
      return 'outpatient';
    case 'professional':
    case 'ambulance':
      return 'professional';
    case 'dme':
      return 'dme';
  }
}

/**
 * The claim's Medicare Part A/B payment as MSSP counts it, in cents: the paid amount less IME and DSH (425.605(a)(5)(i)),
 * never below zero; 0 for Part D. The add-ons are assumed to be inside the paid amount, as the claim payment
 * amount of the claim files carries them.
 */
export function msspPaidCents(claim: Pick<ClaimEvent, 'claimType' | 'paidAmount' | 'imeAmount' | 'dshAmount'>): number {
  if (claim.claimType === 'partd') {
    return 0;
  }
  const addOns = dollarsToCents(claim.imeAmount ?? 0) + dollarsToCents(claim.dshAmount ?? 0);
  return Math.max(0, dollarsToCents(claim.paidAmount) - addOns);
}

/** The whole paid amount in cents (what the billing provider received, add-ons included). */
export function paidCents(claim: Pick<ClaimEvent, 'paidAmount'>): number {
  return dollarsToCents(claim.paidAmount);
}

/** Allowed cents: the lines' allowed amounts (Medicare paid + the beneficiary's cost sharing), else the paid amount. */
export function allowedCents(claim: Pick<ClaimEvent, 'paidAmount' | 'lines'>): number {
  const lines = claim.lines.reduce((total, line) => total + dollarsToCents(line.allowedAmount), 0);
  return lines > 0 ? lines : dollarsToCents(claim.paidAmount);
}

export function incurredMonthOf(claim: Pick<ClaimEvent, 'throughDate'>): string {
  return monthOf(claim.throughDate);
}

export function paidMonthOf(claim: Pick<ClaimEvent, 'paidDate'>): string {
  return monthOf(claim.paidDate);
}
