/**
 * The ingest core (ingest/event-ingest.ts) as a Fastify decorator, `fastify.ingest`, plus the one-event form
 * the single-event routes use, which turns a refused event into the HTTP error to answer with.
 *
 * Every write is audited: a route passes its request, the events stored for it are tallied on the request, and
 * once the answer is out one audit record names the members written (ids only) and how many events.
 */
import type { CanonicalEvent, IngestResult } from '@benchline/shared';
import type { FastifyRequest } from 'fastify';
import { MAX_EVENTS_PER_JOB } from '@benchline/shared/backend';
import fp from 'fastify-plugin';
import { HttpError, serviceUnavailable } from '../../http/errors.js';
import { createEventIngest, type IngestOutcome, type LeaseFence } from '../../ingest/event-ingest.js';
import type { PreparedEvent } from '../../ingest/prepared-event.js';
import { createBackpressure, DEFAULT_MAX_APPLY_LAG_MS } from '../../ingest/backpressure.js';
import { groupCommit } from '../../ingest/group-commit.js';
import {
  createLinePreparationPool,
  defaultIngestThreads,
  type LinePreparationPool,
} from '../../ingest/line-preparation-pool.js';

export interface Ingest {
  units(
    tenantId: string,
    units: readonly (readonly CanonicalEvent[])[],
    options?: { fence?: LeaseFence; request?: FastifyRequest },
  ): Promise<IngestOutcome[]>;
  /** The same, for events already prepared (bulk bodies, prepared off the event loop). */
  preparedUnits(
    tenantId: string,
    units: readonly (readonly PreparedEvent[])[],
    options?: { request?: FastifyRequest },
  ): Promise<IngestOutcome[]>;
  /** One event; throws HttpError 409 (same key, other content) or 503 (Redis unavailable). */
  event(tenantId: string, event: CanonicalEvent, request?: FastifyRequest): Promise<IngestResult>;
}

/** What a request stored: audited when it has been answered. */
interface Writes {
  events: number;
  memberIds: Set<string>;
}

declare module 'fastify' {
  interface FastifyInstance {
    ingest: Ingest;
    /** Prepares bulk lines of canonical events off the event loop. */
    linePreparation: LinePreparationPool;
  }
  interface FastifyRequest {
    writes: Writes | null;
  }
}

function noteWrites(
  request: FastifyRequest | undefined,
  units: readonly (readonly (CanonicalEvent | PreparedEvent)[])[],
  outcomes: readonly IngestOutcome[],
): void {
  if (request === undefined) {
    return;
  }
  units.forEach((unit, index) => {
    if (outcomes[index]?.status !== 'accepted') {
      return;
    }
    request.writes ??= { events: 0, memberIds: new Set() };
    for (const event of unit) {
      request.writes.events += 1;
      if ('memberId' in event && event.memberId !== undefined) {
        request.writes.memberIds.add(event.memberId);
      }
    }
  });
}

export default fp<{ redisUrl: string; maxApplyLagMs?: number | undefined; ingestThreads?: number | undefined }>(
  async (app, options) => {
    const core = createEventIngest({
      redis: app.redis,
      redisUrl: options.redisUrl,
      keys: app.keys,
      warn: (details, message) => app.log.warn(details, message),
    });
    // Single-event requests arriving together share a batch (one Lua step, one apply job).
    const commitOne = groupCommit(core.units, MAX_EVENTS_PER_JOB);
    const linePreparation = createLinePreparationPool({
      threads: options.ingestThreads ?? defaultIngestThreads(),
      warn: (details, message) => app.log.warn(details, message),
    });
    app.decorate('linePreparation', linePreparation);
    app.addHook('onClose', () => linePreparation.close());
    app.decorateRequest('writes', null);
    app.decorate('ingest', {
      async units(tenantId, units, options = {}) {
        const outcomes = await core.units(tenantId, units, options.fence === undefined ? {} : { fence: options.fence });
        noteWrites(options.request, units, outcomes);
        return outcomes;
      },
      async preparedUnits(tenantId, units, options = {}) {
        const outcomes = await core.preparedUnits(tenantId, units);
        noteWrites(options.request, units, outcomes);
        return outcomes;
      },
      async event(tenantId, event, request) {
        const outcome = await commitOne(tenantId, [event]);
        noteWrites(request, [[event]], [outcome]);
        if (outcome.status === 'rejected') {
          throw outcome.code === 'CONFLICT' ? new HttpError(409, 'CONFLICT', outcome.message) : serviceUnavailable();
        }
        return { status: outcome.status, eventId: outcome.eventIds[0] ?? '' };
      },
    } satisfies Ingest);
    // Past the lag bound, every ingest route answers 429 before reading a byte of the body.
    const backpressure = createBackpressure({
      maxLagMs: options.maxApplyLagMs ?? DEFAULT_MAX_APPLY_LAG_MS,
      readLagMs: core.applyLagMs,
    });
    app.addHook('onRequest', async (request) => {
      const access = request.routeOptions.config.access;
      if (access === undefined || !('apiKey' in access) || access.apiKey !== 'ingest') {
        return;
      }
      const wait = await backpressure.retryAfterSeconds();
      if (wait > 0) {
        request.log.warn({ retryAfterS: wait }, 'ingest refused: the apply workers are behind');
        throw new HttpError(
          429,
          'RATE_LIMITED',
          `the apply workers are behind; nothing was stored — send again in ${wait} s`,
          { 'retry-after': String(wait) },
        );
      }
    });
    app.addHook('onResponse', async (request) => {
      const writes = request.writes;
      if (writes === null || request.principal === null) {
        return;
      }
      await request
        .audit({
          action: 'ingest',
          resource: `${request.method} ${request.routeOptions.url ?? ''}`,
          patients: { memberIds: [...writes.memberIds] },
          subject: `${writes.events} events`,
          outcome: 'success',
          purpose: 'HOPERAT',
        })
        .catch((error: unknown) => {
          // The events are stored and acknowledged; the trail missing this write is an operational alarm.
          request.log.error({ err: (error as Error).message }, 'an ingest write could not be audited');
        });
    });
    app.addHook('onClose', () => core.close());
  },
  { name: 'ingest', dependencies: ['redis', 'keys', 'auth'] },
);
