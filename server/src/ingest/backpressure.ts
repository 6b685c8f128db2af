/**
 * Backpressure for ingest: when the apply workers fall behind by more than `maxLagMs` (the oldest batch waiting
 * for them), new data is refused with 429 and a Retry-After instead of piling up in Redis without limit. The lag
 * is read at most every `refreshMs` (one read in flight, shared by every request), so the gate costs ingest
 * nothing per request. A lag that cannot be read lets requests through: the store itself answers 503 if Redis is
 * away.
 */
export interface BackpressureOptions {
  maxLagMs: number;
  refreshMs?: number;
  readLagMs: (now: number) => Promise<number>;
  now?: () => number;
}

export interface Backpressure {
  /** Seconds to ask the sender to wait, or 0 to admit the request. */
  retryAfterSeconds(): Promise<number>;
}

export const DEFAULT_MAX_APPLY_LAG_MS = 60_000;
const DEFAULT_REFRESH_MS = 250;
/** A sender told to wait retries within these bounds: soon enough to keep a feed moving, late enough to help. */
const MIN_RETRY_S = 1;
const MAX_RETRY_S = 30;

export function createBackpressure(options: BackpressureOptions): Backpressure {
  const now = options.now ?? Date.now;
  const refreshMs = options.refreshMs ?? DEFAULT_REFRESH_MS;
  let lagMs = 0;
  let readAt = -Infinity;
  let reading: Promise<void> | null = null;

  const refresh = (): Promise<void> => {
    reading ??= options
      .readLagMs(now())
      .then(
        (lag) => {
          lagMs = lag;
        },
        () => {
          lagMs = 0;
        },
      )
      .finally(() => {
        readAt = now();
        reading = null;
      });
    return reading;
  };

  return {
    async retryAfterSeconds() {
      if (now() - readAt >= refreshMs) {
        await refresh();
      }
      if (lagMs <= options.maxLagMs) {
        return 0;
      }
      // Roughly how far past the bound the backlog is: that much longer to wait, within bounds.
      const excessS = Math.ceil((lagMs - options.maxLagMs) / 1000);
      return Math.min(MAX_RETRY_S, Math.max(MIN_RETRY_S, excessS));
    },
  };
}
