/**
 * The apply-events processor: load the stored event, run it through the pure folds, commit the result. Wiring
 * only — every decision lives in domain/. A job carries ids, never PHI. A malformed job or a missing event is
 * unrecoverable (retrying cannot help); a Redis error is thrown so BullMQ retries it with backoff.
 */
import type { ApplyEventJob } from '@benchline/shared/backend';
import { ApplyEventJob as ApplyEventJobSchema } from '@benchline/shared/backend';
import type { Job } from 'bullmq';
import { UnrecoverableError } from 'bullmq';
import { Compile } from 'typebox/compile';
import type { EventReader } from '../adapters/event-reader.js';
import type { SpendStore } from '../adapters/spend-store.js';
import { foldClaimIntoSpend } from '../domain/spend.js';

export interface ApplyEventDeps {
  events: EventReader;
  spend: SpendStore;
  /** Wall-clock time for the "updated at" mark; injected so tests control it. */
  now: () => Date;
}

export type ApplyOutcome = 'applied' | 'unchanged' | 'ignored';

/** Compare-and-set retries before giving up to BullMQ's own retry; contention on one claim is rare. */
const MAX_CONFLICT_RETRIES = 8;

const isApplyEventJob = Compile(ApplyEventJobSchema);

export function createApplyEventProcessor(deps: ApplyEventDeps): (job: Job<ApplyEventJob>) => Promise<ApplyOutcome> {
  return async (job) => {
    if (!isApplyEventJob.Check(job.data)) {
      throw new UnrecoverableError('malformed apply-event job');
    }
    const { tenantId, eventId } = job.data;
    const event = await deps.events.read(tenantId, eventId);
    if (event === null) {
      throw new UnrecoverableError(`event ${eventId} is not in the event store`);
    }
    if (event.kind !== 'claim') {
      // Members, providers and clinical events are stored for the engines that arrive with later issues.
      return 'ignored';
    }
    for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt += 1) {
      const current = await deps.spend.readContribution(tenantId, event.claimId);
      const fold = foldClaimIntoSpend(current, event);
      if (fold === null) {
        return 'unchanged';
      }
      const outcome = await deps.spend.commit({
        tenantId,
        claimId: event.claimId,
        expected: current,
        next: fold.next,
        deltas: fold.deltas,
        updatedAt: deps.now().toISOString(),
      });
      if (outcome.kind !== 'conflict') {
        return outcome.kind === 'changed' ? 'applied' : 'unchanged';
      }
    }
    throw new Error(`claim contribution kept changing under event ${eventId}; retrying the job`);
  };
}
