/**
 * Pacing the finance view. Its evaluation reads every roll-up cell, member-level ones included (truncation at the
 * 99th percentile needs each member's spend), so its cost grows with the population while a batch's cost does not:
 * run every quarter second regardless, it took a fifth of the worker's time at 20,000 members (CPU profile of
 * `pnpm bench pipeline`), and a claim line at 100,000 members cost 2.4 times what it cost at 1,000. Each evaluation records how long it took, and the next one is asked for
 * five times that later, so the view takes at most about a sixth of one worker at any size — and refreshes
 * within a quarter second while it is cheap (a few seconds apart at 100,000 members).
 *
 * The cost lives in Redis, so every worker process paces the same; it is read at most once a second per process
 * (a pacing hint only: a stale one changes when the view refreshes, never what it shows).
 */
import type { KeySpace } from '@benchline/shared/backend';
import type { Redis } from 'ioredis';

/** The wait when the view is cheap: every batch of a burst meanwhile is folded into one evaluation. */
export const FINANCE_VIEW_DELAY_MS = 250;
/** Wait this many times the last evaluation's duration: the view's share of a worker stays under 1 / (1 + this). */
export const FINANCE_VIEW_PACE = 5;
/** However slow one evaluation was, the view is refreshed at least this often. */
export const FINANCE_VIEW_MAX_DELAY_MS = 60_000;
const COST_READ_EVERY_MS = 1000;

/** The wait before the next finance view evaluation, given how long the last one took. */
export function financeViewDelayMs(lastCostMs: number): number {
  return Math.min(
    FINANCE_VIEW_MAX_DELAY_MS,
    Math.max(FINANCE_VIEW_DELAY_MS, Math.round(FINANCE_VIEW_PACE * lastCostMs)),
  );
}

export interface FinanceViewPace {
  /** The delay to ask the next evaluation for. */
  delayFor(tenantId: string): Promise<number>;
  /** Notes how long an evaluation took. */
  record(tenantId: string, costMs: number): Promise<void>;
}

export function createFinanceViewPace(redis: Redis, keys: KeySpace, now: () => number = Date.now): FinanceViewPace {
  const known = new Map<string, { costMs: number; readAt: number }>();
  return {
    async delayFor(tenantId) {
      let entry = known.get(tenantId);
      if (entry === undefined || now() - entry.readAt >= COST_READ_EVERY_MS) {
        entry = { costMs: Number((await redis.get(keys.financeViewCost(tenantId))) ?? 0), readAt: now() };
        known.set(tenantId, entry);
      }
      return financeViewDelayMs(entry.costMs);
    },
    async record(tenantId, costMs) {
      known.set(tenantId, { costMs, readAt: now() });
      await redis.set(keys.financeViewCost(tenantId), String(Math.round(costMs)));
    },
  };
}
