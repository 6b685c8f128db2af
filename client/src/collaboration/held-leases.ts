/**
 * Which patients this screen still holds. The heartbeat's answer lists every live lease of the user; a lease this
 * screen claimed that is missing from it was lost (it lapsed, or a supervisor reassigned the patient). A lease claimed
 * after the heartbeat went out cannot be in its answer, so only leases claimed before it are judged by it. Pure.
 */
import type { Lease } from '@benchline/shared';

export type LostReason = 'expired' | 'reassigned' | 'disconnected' | 'stale' | 'released';

export interface HeldLease {
  lease: Lease;
  /** This screen's clock when the claim was granted. */
  claimedAtMs: number;
}

export interface LostLease {
  memberId: string;
  reason: LostReason;
  /** Who has the patient now, when known. */
  holderName: string | null;
  atMs: number;
}

export interface Reconciled {
  held: HeldLease[];
  lost: LostLease[];
}

/**
 * Held leases after a heartbeat sent at `beatSentAtMs` answered with `stillHeld`: those it names stay (with the
 * token it gives, in case a supervisor handed the patient back under a new one), those it omits are lost.
 */
export function reconcileHeartbeat(
  held: readonly HeldLease[],
  stillHeld: readonly Lease[],
  beatSentAtMs: number,
  nowMs: number,
): Reconciled {
  const current = new Map(stillHeld.map((lease) => [lease.memberId, lease]));
  const kept: HeldLease[] = [];
  const lost: LostLease[] = [];
  for (const entry of held) {
    const renewed = current.get(entry.lease.memberId);
    if (renewed !== undefined) {
      kept.push({ ...entry, lease: renewed });
    } else if (entry.claimedAtMs >= beatSentAtMs) {
      kept.push(entry);
    } else {
      lost.push({ memberId: entry.lease.memberId, reason: 'expired', holderName: null, atMs: nowMs });
    }
  }
  return { held: kept, lost };
}

/**
 * Held leases against the live `leases` view: a patient the view shows under someone else, or under a newer token,
 * was reassigned. (A patient the view does not show yet may simply not have arrived: the heartbeat judges those.)
 */
export function reconcileLeasesView(
  held: readonly HeldLease[],
  view: ReadonlyMap<string, Lease>,
  myUserId: string,
  nowMs: number,
): Reconciled {
  const kept: HeldLease[] = [];
  const lost: LostLease[] = [];
  for (const entry of held) {
    const shown = view.get(entry.lease.memberId);
    if (shown === undefined || shown.token <= entry.lease.token) {
      kept.push(entry);
    } else if (shown.holder === myUserId) {
      kept.push({ ...entry, lease: shown }); // handed back to this user under a newer token
    } else {
      lost.push({ memberId: entry.lease.memberId, reason: 'reassigned', holderName: shown.holderName, atMs: nowMs });
    }
  }
  return { held: kept, lost };
}
