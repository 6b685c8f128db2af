/**
 * Recomputing members: read each member's facts and their stored result, run the engines (domain/member-result),
 * and commit the new result with the roll-up difference in one guarded step; on a conflict (the member's facts or
 * result moved on meanwhile) read and compute again. A member whose stored result was computed from the facts
 * version it has now is skipped: re-delivered events cost no engine time. Used by the apply job and by rebuild.
 */
import type { FactsStore } from '../adapters/facts-store.js';
import type { ResultsStore } from '../adapters/results-store.js';
import type { MemberResultConfig } from '../domain/member-result.js';
import { computeMemberResult, diffResults } from '../domain/member-result.js';

export interface RecomputeDeps {
  facts: FactsStore;
  results: ResultsStore;
  /** The engines' configuration as of now (today's date, the performance year, the tables). */
  engineConfig: () => MemberResultConfig;
  now: () => Date;
}

/** Compare-and-set rounds per member before giving up to the job's own retry. */
const MAX_ROUNDS = 8;

export async function recomputeMembers(
  deps: RecomputeDeps,
  tenantId: string,
  memberIds: Iterable<string>,
  options: { force?: boolean } = {},
): Promise<{ recomputed: number; skipped: number }> {
  const config = deps.engineConfig();
  let recomputed = 0;
  let skipped = 0;
  for (const memberId of new Set(memberIds)) {
    for (let round = 0; ; round += 1) {
      const [{ facts, version }, { stored, raw }] = await Promise.all([
        deps.facts.load(tenantId, memberId),
        deps.results.read(tenantId, memberId),
      ]);
      if (!options.force && stored !== null && stored.factsVersion === version) {
        skipped += 1;
        break;
      }
      const result = computeMemberResult(facts, config);
      const outcome = await deps.results.commit({
        tenantId,
        memberId,
        factsVersion: version,
        previousRaw: raw,
        next: { factsVersion: version, result },
        delta: diffResults(stored?.result ?? null, result),
        updatedAt: deps.now().toISOString(),
      });
      if (outcome === 'committed') {
        recomputed += 1;
        break;
      }
      if (round + 1 >= MAX_ROUNDS) {
        throw new Error(`member result kept changing under recompute (tenant ${tenantId}); retrying the job`);
      }
    }
  }
  return { recomputed, skipped };
}
