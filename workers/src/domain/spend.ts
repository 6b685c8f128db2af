/**
 * The spend fold: how one claim version changes the per-month paid roll-up. Pure — no Redis, no clock.
 *
 * Each claim contributes its latest version's Medicare paid amount to the month of its through date (MSSP
 * assigns claims to periods by through/discharge date). A later version replaces an earlier one's contribution,
 * a cancel withdraws it, and a version at or below the one already applied changes nothing — so any arrival
 * order and any number of duplicates end in the same roll-up.
 */
import type { ClaimEvent } from '@benchline/shared';
import { monthOf, toCents } from '@benchline/shared';

/** What a claim currently contributes; kept for cancelled claims too, so an older version cannot resurrect it. */
export interface ClaimContribution {
  version: number;
  cancelled: boolean;
  month: string;
  paidCents: number;
  paidDate: string;
}

/** The change to one month's roll-up cells. */
export interface MonthDelta {
  month: string;
  paidCents: number;
  claims: number;
}

export interface SpendFold {
  next: ClaimContribution;
  deltas: MonthDelta[];
}

/** The fields of a claim the spend fold reads. */
export type ClaimForSpend = Pick<ClaimEvent, 'version' | 'adjustment' | 'throughDate' | 'paidAmount' | 'paidDate'>;

export function contributionOf(claim: ClaimForSpend): ClaimContribution {
  const cancelled = claim.adjustment === 'cancel';
  return {
    version: claim.version,
    cancelled,
    month: monthOf(claim.throughDate),
    paidCents: cancelled ? 0 : toCents(claim.paidAmount),
    paidDate: claim.paidDate,
  };
}

/**
 * Folds one claim version into a claim's current contribution. Returns null when the version changes nothing
 * (a duplicate or a stale version), otherwise the new contribution and the month deltas to apply with it.
 */
export function foldClaimIntoSpend(current: ClaimContribution | null, claim: ClaimForSpend): SpendFold | null {
  if (current !== null && claim.version <= current.version) {
    return null;
  }
  const next = contributionOf(claim);
  const deltas = new Map<string, MonthDelta>();
  const add = (month: string, paidCents: number, claims: number): void => {
    const cell = deltas.get(month) ?? { month, paidCents: 0, claims: 0 };
    cell.paidCents += paidCents;
    cell.claims += claims;
    deltas.set(month, cell);
  };
  if (current !== null && !current.cancelled) {
    add(current.month, -current.paidCents, -1);
  }
  if (!next.cancelled) {
    add(next.month, next.paidCents, 1);
  }
  // A new version with the same month and amount still advances the stored version; its zero delta is dropped.
  return { next, deltas: [...deltas.values()].filter((d) => d.paidCents !== 0 || d.claims !== 0) };
}

/** A claim's identity and the fields the spend fold reads. */
export type ClaimVersion = ClaimForSpend & { claimId: string };

/**
 * The versions of a batch that can matter: per claim, only its highest version (folding the lower ones first
 * would end in the same contribution). Keeps the first of equal versions, as ingest does.
 */
export function latestVersions<T extends ClaimVersion>(claims: Iterable<T>): Map<string, T> {
  const latest = new Map<string, T>();
  for (const claim of claims) {
    const seen = latest.get(claim.claimId);
    if (seen === undefined || claim.version > seen.version) {
      latest.set(claim.claimId, claim);
    }
  }
  return latest;
}

/** "Claims paid through": the latest paid date among all claim versions received (null before the first). */
export function paidThroughOf(
  claims: Iterable<Pick<ClaimForSpend, 'paidDate'>>,
  current: string | null = null,
): string | null {
  let latest = current;
  for (const claim of claims) {
    if (latest === null || claim.paidDate > latest) {
      latest = claim.paidDate;
    }
  }
  return latest;
}

/** The roll-up a set of claim versions adds up to, computed from scratch: what the incremental fold must equal. */
export function rebuildSpend(claims: Iterable<ClaimVersion>): Map<string, MonthDelta> {
  const latest = latestVersions(claims);
  const months = new Map<string, MonthDelta>();
  for (const claim of latest.values()) {
    const c = contributionOf(claim);
    if (c.cancelled) {
      continue;
    }
    const cell = months.get(c.month) ?? { month: c.month, paidCents: 0, claims: 0 };
    cell.paidCents += c.paidCents;
    cell.claims += 1;
    months.set(c.month, cell);
  }
  return months;
}
