/**
 * Group commit for single-event requests: while one batch is being stored and queued, the events that arrive are
 * gathered and go together as the next batch — one Lua step and one apply job for all of them instead of one each.
 * An idle server stores an event at once (no added wait); a busy one batches as much as arrives, which is what
 * keeps a thousand single-claim POSTs a second from becoming a thousand queue jobs a second.
 */
import type { CanonicalEvent } from '@benchline/shared';
import type { EventIngest, IngestOutcome } from './event-ingest.js';

interface Waiting {
  unit: readonly CanonicalEvent[];
  resolve: (outcome: IngestOutcome) => void;
}

/** Stores one unit (the events one request carried), batched with whatever else arrives meanwhile for the tenant. */
export type UnitCommitter = (tenantId: string, unit: readonly CanonicalEvent[]) => Promise<IngestOutcome>;

export function groupCommit(units: EventIngest['units'], maxEvents: number): UnitCommitter {
  const queued = new Map<string, Waiting[]>();
  const flushing = new Set<string>();

  const flush = async (tenantId: string): Promise<void> => {
    flushing.add(tenantId);
    try {
      for (;;) {
        const waiting = queued.get(tenantId) ?? [];
        if (waiting.length === 0) {
          return;
        }
        // As many whole units as fit in one job; the rest go next round.
        let events = 0;
        let take = 0;
        while (take < waiting.length && (take === 0 || events + (waiting[take]?.unit.length ?? 0) <= maxEvents)) {
          events += waiting[take]?.unit.length ?? 0;
          take += 1;
        }
        const batch = waiting.splice(0, take);
        let outcomes: IngestOutcome[];
        try {
          outcomes = await units(
            tenantId,
            batch.map((w) => w.unit),
          );
        } catch (error) {
          const message = (error as Error).message;
          outcomes = batch.map(() => ({ status: 'rejected', code: 'SERVICE_UNAVAILABLE', message }));
        }
        batch.forEach((w, i) => w.resolve(outcomes[i] ?? unavailable));
      }
    } finally {
      flushing.delete(tenantId);
      queued.delete(tenantId);
    }
  };

  return (tenantId, unit) =>
    new Promise<IngestOutcome>((resolve) => {
      const waiting = queued.get(tenantId) ?? [];
      waiting.push({ unit, resolve });
      queued.set(tenantId, waiting);
      if (!flushing.has(tenantId)) {
        void flush(tenantId);
      }
    });
}

const unavailable: IngestOutcome = {
  status: 'rejected',
  code: 'SERVICE_UNAVAILABLE',
  message: 'storage is unavailable; send this event again',
};
