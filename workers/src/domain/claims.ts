/**
 * The claims an engine should read: for each claim id, its latest version, unless that version cancels it.
 * Arrival order and duplicates do not matter.
 */
import type { ClaimEvent } from '@benchline/shared';
import { latestVersions } from './spend.js';

export function currentClaims(claims: Iterable<ClaimEvent>): ClaimEvent[] {
  return [...latestVersions(claims).values()].filter((claim) => claim.adjustment !== 'cancel');
}
