/**
 * The ingest core (ingest/event-ingest.ts) as a Fastify decorator, `fastify.ingest`, plus the one-event form
 * the single-event routes use, which turns a refused event into the HTTP error to answer with.
 */
import type { CanonicalEvent, IngestResult } from '@benchline/shared';
import { MAX_EVENTS_PER_JOB } from '@benchline/shared/backend';
import fp from 'fastify-plugin';
import { HttpError, serviceUnavailable } from '../../http/errors.js';
import { createEventIngest, type EventIngest } from '../../ingest/event-ingest.js';
import { groupCommit } from '../../ingest/group-commit.js';

export interface Ingest {
  units: EventIngest['units'];
  /** One event; throws HttpError 409 (same key, other content) or 503 (Redis unavailable). */
  event(tenantId: string, event: CanonicalEvent): Promise<IngestResult>;
}

declare module 'fastify' {
  interface FastifyInstance {
    ingest: Ingest;
  }
}

export default fp<{ redisUrl: string }>(
  async (app, options) => {
    const core = createEventIngest({
      redis: app.redis,
      redisUrl: options.redisUrl,
      keys: app.keys,
      warn: (details, message) => app.log.warn(details, message),
    });
    // Single-event requests arriving together share a batch (one Lua step, one apply job).
    const commitOne = groupCommit(core.units, MAX_EVENTS_PER_JOB);
    app.decorate('ingest', {
      units: core.units,
      async event(tenantId, event) {
        const outcome = await commitOne(tenantId, [event]);
        if (outcome.status === 'rejected') {
          throw outcome.code === 'CONFLICT' ? new HttpError(409, 'CONFLICT', outcome.message) : serviceUnavailable();
        }
        return { status: outcome.status, eventId: outcome.eventIds[0] ?? '' };
      },
    } satisfies Ingest);
    app.addHook('onClose', () => core.close());
  },
  { name: 'ingest', dependencies: ['redis', 'keys'] },
);
