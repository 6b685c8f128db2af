/**
 * Rebuild's replay: stored events read back a batch at a time and applied by the apply job's own code, a few
 * batches at once as the live workers do — applying is order-independent and idempotent (claim versions by
 * ordinal, guarded commits), so batches in flight together end where one-by-one would, and Redis folds one batch
 * while this process decodes the next. The stream can be cut into time slices (by the millisecond part of its
 * ids) so several processes replay disjoint parts of it (rebuild-processes.ts).
 */
import type { KeySpace } from '@benchline/shared/backend';
import { decodeStoredEvent } from '@benchline/shared/backend';
import type { Redis } from 'ioredis';
import type { StoredEvent } from './adapters/event-reader.js';
import { applyStoredEvents, ClaimsContendedError } from './jobs/apply-events.job.js';

/** Events per batch read and applied. */
const BATCH = 500;

/** Batches applied at once. */
const REPLAY_CONCURRENCY = 4;

/** A range of stream ids as XRANGE takes them (`-`, `+`, `<ms>`, `<ms>-<seq>`, `(` for exclusive). */
export interface StreamRange {
  start: string;
  end: string;
}

export interface ReplayDeps {
  redis: Redis;
  keys: KeySpace;
  apply: Parameters<typeof applyStoredEvents>[0];
}

/** Replays every event in `ranges`; `onBatch` hears each batch's size once it is applied. Returns the events. */
export async function replayRanges(
  deps: ReplayDeps,
  tenantId: string,
  ranges: readonly StreamRange[],
  onBatch: (events: number) => void = () => undefined,
): Promise<number> {
  const inFlight = new Set<Promise<void>>();
  const failed: { error?: Error } = {}; // set by a batch's callback
  let replayed = 0;
  for (const range of ranges) {
    let start = range.start;
    while (failed.error === undefined) {
      const entries = (await deps.redis.xrange(deps.keys.events(tenantId), start, range.end, 'COUNT', BATCH)) as [
        string,
        string[],
      ][];
      const batch: StoredEvent[] = [];
      for (const [eventId, fields] of entries) {
        const event = decodeStoredEvent(fields);
        if (event !== null) {
          batch.push({ eventId, event });
        }
      }
      if (batch.length > 0) {
        const applying = applyWithRetry(deps.apply, tenantId, batch).then(
          () => {
            replayed += batch.length;
            onBatch(batch.length);
          },
          (error: unknown) => {
            failed.error ??= error instanceof Error ? error : new Error(String(error));
          },
        );
        inFlight.add(applying);
        void applying.finally(() => inFlight.delete(applying));
        if (inFlight.size >= REPLAY_CONCURRENCY) {
          await Promise.race(inFlight);
        }
      }
      if (entries.length < BATCH) {
        break;
      }
      start = `(${entries[entries.length - 1]?.[0] ?? '0-0'}`;
    }
  }
  await Promise.all(inFlight);
  if (failed.error !== undefined) {
    throw failed.error;
  }
  return replayed;
}

/**
 * The stream as it stands, cut into `count` slices of equal time (by the millisecond part of the ids), plus what
 * the slices do not cover: every event stored after the last one seen now. Null for an empty stream.
 */
export async function sliceStream(
  redis: Redis,
  stream: string,
  count: number,
): Promise<{ slices: StreamRange[]; after: StreamRange } | null> {
  const [first] = (await redis.xrange(stream, '-', '+', 'COUNT', 1)) as [string, string[]][];
  const [last] = (await redis.xrevrange(stream, '+', '-', 'COUNT', 1)) as [string, string[]][];
  if (first === undefined || last === undefined) {
    return null;
  }
  const from = Number(first[0].split('-')[0]);
  const to = Number(last[0].split('-')[0]);
  const span = to - from + 1;
  const cuts = Math.max(1, Math.min(count, span));
  const slices: StreamRange[] = [];
  for (let k = 0; k < cuts; k += 1) {
    const start = from + Math.floor((k * span) / cuts);
    const end = from + Math.floor(((k + 1) * span) / cuts) - 1;
    // Incomplete ids: a start of <ms> is <ms>-0, an end of <ms> is <ms> with the largest sequence.
    slices.push({ start: String(start), end: k === cuts - 1 ? last[0] : String(end) });
  }
  return { slices, after: { start: `(${last[0]}`, end: '+' } };
}

/**
 * A batch applied, again if a concurrent batch moved the same claims under it (the live job's retry, in-process):
 * applying again is idempotent.
 */
async function applyWithRetry(
  deps: Parameters<typeof applyStoredEvents>[0],
  tenantId: string,
  batch: StoredEvent[],
): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await applyStoredEvents(deps, tenantId, batch);
      return;
    } catch (error) {
      if (attempt >= 5 || !(error instanceof ClaimsContendedError)) {
        throw error;
      }
    }
  }
}
