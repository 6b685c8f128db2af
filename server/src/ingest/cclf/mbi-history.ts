/**
 * Moving a beneficiary's CCLF history to their current MBI when a delivery's CCLF9 first links a previous MBI to it
 * (Information Packet v38 §3.1: "replace the previous MBIs … with the current MBIs"). Events are never rewritten:
 * the move is new events, deterministic, so importing the delivery again finds them all duplicates.
 *
 * - Each CCLF claim stored under the previous MBI: its latest record is cancelled under that MBI (a version in the
 *   record's move-cancel slot) and stored again under the current MBI at the current MBI's epoch — exactly the event
 *   the same record makes when CMS re-delivers it under the new MBI, so a later re-delivery is a duplicate. Both in
 *   one unit: the claim is never counted for both MBIs or for neither.
 * - Each CCLF8 member record stored under the previous MBI is stored again under the current one (same record id and
 *   as-of date), and the previous MBI gets a record (`CCLF9`, as of the delivery) saying it is not entitled in those
 *   months — the beneficiary's months are counted once, under the current MBI.
 *
 * Claims and records from other feeds (API, FHIR) are left where their senders put them: the crosswalk is CMS's,
 * for CCLF's identifiers. The stored history is read from the event store (the source of truth, never behind), one
 * pass for all the MBIs a delivery moves, holding only those beneficiaries' latest records.
 */
import type { CanonicalEvent, ClaimEvent, MemberEvent } from '@benchline/shared';
import { isMoveCancel, moveCancelVersion, versionAtEpoch } from './claim-identity.js';
import type { MbiCrosswalk, MbiLink } from './mbi-crosswalk.js';

export interface StoredHistory {
  /** The tenant's stored events for any of `memberIds`, in the order they were stored. */
  eventsOf(tenantId: string, memberIds: ReadonlySet<string>): AsyncIterable<CanonicalEvent>;
}

export interface HistoryMove {
  /** The previous MBI the history is moved from. */
  from: string;
  to: string;
  /** Stored together or not at all. */
  events: CanonicalEvent[];
}

export const RETIREMENT_RECORD_ID = 'CCLF9';

export async function* historyMoves(
  moved: readonly MbiLink[],
  crosswalk: MbiCrosswalk,
  history: StoredHistory,
  tenantId: string,
  deliveryDate: string,
): AsyncGenerator<HistoryMove> {
  if (moved.length === 0) {
    return;
  }
  const previous = new Set(moved.map((link) => link.mbi));
  const latestClaims = new Map<string, ClaimEvent>(); // memberId + claimId → latest record
  const records = new Map<string, MemberEvent[]>(); // memberId → CCLF8 records
  for await (const event of history.eventsOf(tenantId, previous)) {
    if (
      event.source !== 'cclf' ||
      (event.kind !== 'claim' && event.kind !== 'member') ||
      !previous.has(event.memberId)
    ) {
      continue;
    }
    if (event.kind === 'claim' && !isMoveCancel(event.version)) {
      const key = `${event.memberId} ${event.claimId}`;
      const earlier = latestClaims.get(key);
      if (earlier === undefined || event.version > earlier.version) {
        latestClaims.set(key, event);
      }
    } else if (event.kind === 'member' && event.recordId === 'CCLF8') {
      records.set(event.memberId, [...(records.get(event.memberId) ?? []), event]);
    }
  }
  for (const claim of [...latestClaims.values()].sort(byMemberThenClaim)) {
    const current = crosswalk.resolve(claim.memberId);
    yield {
      from: claim.memberId,
      to: current.memberId,
      events: [
        { ...claim, version: moveCancelVersion(claim.version), adjustment: 'cancel' },
        { ...claim, memberId: current.memberId, version: versionAtEpoch(claim.version, current.epoch) },
      ],
    };
  }
  for (const [memberId, memberRecords] of [...records].sort(([a], [b]) => a.localeCompare(b))) {
    const current = crosswalk.resolve(memberId).memberId;
    const months = [
      ...new Set(memberRecords.flatMap((record) => (record.enrollment ?? []).map((m) => m.month))),
    ].sort();
    const copies = memberRecords.map((record): MemberEvent => ({ ...record, memberId: current }));
    const retirement: MemberEvent[] =
      months.length === 0
        ? []
        : [
            {
              kind: 'member',
              memberId,
              asOf: deliveryDate,
              recordId: RETIREMENT_RECORD_ID,
              enrollment: months.map((month) => ({ month, partA: false, partB: false })),
              source: 'cclf',
            },
          ];
    yield { from: memberId, to: current, events: [...copies, ...retirement] };
  }
}

function byMemberThenClaim(a: ClaimEvent, b: ClaimEvent): number {
  return a.memberId.localeCompare(b.memberId) || a.claimId.localeCompare(b.claimId);
}
