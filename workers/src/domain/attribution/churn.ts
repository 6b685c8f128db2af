/**
 * Attribution churn: who joined and who left each contract between two attribution runs (e.g. last quarter's
 * and today's), with the reason — how a joiner is attributed now, why a leaver no longer is. Works the same for
 * claims-assigned and roster contracts, since both answer with the same result shape.
 */
import type { AttributionResult, AttributionStep, EligibilityScreen, NotAttributedReason } from './types.js';

/** The part of a result a churn entry keeps, so a reviewer can see both sides. */
export interface AttributionSummary {
  readonly status: AttributionResult['status'];
  readonly step: AttributionStep | null;
  readonly reason: NotAttributedReason | null;
  readonly failedScreens: readonly EligibilityScreen[];
}

export interface AttributionChange {
  readonly contractId: string;
  readonly memberId: string;
  readonly change: 'joined' | 'left';
  /**
   * A joiner's step now; a leaver's reason now — or `no-longer-evaluated` when the later run has no answer
   * for them at all (the contract ended, the member's records went away).
   */
  readonly reason: AttributionStep | NotAttributedReason | 'no-longer-evaluated';
  readonly before: AttributionSummary | null;
  readonly after: AttributionSummary | null;
}

function summaryOf(result: AttributionResult | undefined): AttributionSummary | null {
  return result === undefined
    ? null
    : { status: result.status, step: result.step, reason: result.reason, failedScreens: result.failedScreens };
}

function keyed(results: readonly AttributionResult[]): Map<string, AttributionResult> {
  return new Map(results.map((r) => [`${r.contractId}\u0000${r.memberId}`, r]));
}

/** Joined and left, ordered by contract then member. Members attributed in both runs are not changes. */
export function attributionChurn(
  before: readonly AttributionResult[],
  after: readonly AttributionResult[],
): AttributionChange[] {
  const earlier = keyed(before);
  const later = keyed(after);
  const changes: AttributionChange[] = [];
  for (const key of new Set([...earlier.keys(), ...later.keys()])) {
    const was = earlier.get(key);
    const now = later.get(key);
    const result = now ?? was;
    if (result === undefined || (was?.status === 'attributed') === (now?.status === 'attributed')) {
      continue;
    }
    changes.push({
      contractId: result.contractId,
      memberId: result.memberId,
      change: now?.status === 'attributed' ? 'joined' : 'left',
      reason: now === undefined ? 'no-longer-evaluated' : now.status === 'attributed' ? now.step : now.reason,
      before: summaryOf(was),
      after: summaryOf(now),
    });
  }
  return changes.sort(
    (a, b) =>
      (a.contractId < b.contractId ? -1 : a.contractId > b.contractId ? 1 : 0) ||
      (a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0),
  );
}
