/**
 * Payer-roster attribution: contracts whose payer supplies the member list (Medicare Advantage, commercial —
 * `ContractEvent.attribution === 'payer-roster'`) attribute a member for a month when the member's latest roster
 * row for the contract lists that month. No claims algorithm runs; the payer's attributed TIN/NPI is the home.
 */
import type { ContractEvent, RosterEvent } from '@benchline/shared';
import { monthOf } from '@benchline/shared';
import type { AttributionResult } from './types.js';

/**
 * Each member's latest roster row per contract (by `asOf`; on the same date the later arrival wins, as member
 * records do), keyed by contract id then member id.
 */
export function latestRosterRows(rosters: Iterable<RosterEvent>): Map<string, Map<string, RosterEvent>> {
  const byContract = new Map<string, Map<string, RosterEvent>>();
  for (const row of rosters) {
    const rows = byContract.get(row.contractId) ?? new Map<string, RosterEvent>();
    const seen = rows.get(row.memberId);
    if (seen === undefined || row.asOf >= seen.asOf) {
      rows.set(row.memberId, row);
    }
    byContract.set(row.contractId, rows);
  }
  return byContract;
}

/** One result per member the contract's roster has ever listed, in member id order. */
export function attributeRoster(
  contract: Pick<ContractEvent, 'contractId'>,
  latestRows: ReadonlyMap<string, RosterEvent>,
  asOf: string,
): AttributionResult[] {
  const month = monthOf(asOf);
  return [...latestRows.values()]
    .sort((a, b) => (a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0))
    .map((row): AttributionResult => {
      const details = {
        contractId: contract.contractId,
        memberId: row.memberId,
        performanceYear: Number(asOf.slice(0, 4)),
        attribution: 'payer-roster' as const,
        failedScreens: [],
        basis: null,
        competitors: [],
        tiedWith: [],
        excludedMultiAcoTins: [],
        lastPrimaryCareVisit: null,
        roster: { asOf: row.asOf, months: [...row.months].sort() },
      };
      return row.months.includes(month)
        ? {
            ...details,
            status: 'attributed',
            step: 'roster',
            reason: null,
            home: { tin: row.attributedTin ?? null, npi: row.attributedNpi ?? null, ccn: null },
          }
        : { ...details, status: 'not-attributed', step: null, reason: 'not-on-roster-this-month', home: null };
    });
}
