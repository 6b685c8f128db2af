/**
 * FHIR R4 ingest, mapped to canonical events by ingest/fhir (CARIN Blue Button / BFD claims, Patient and
 * Coverage, QI-Core clinical resources):
 *   POST /api/v1/fhir  application/fhir+json — one resource (202), or a Bundle answered entry by entry (200);
 *                      a transaction Bundle is stored whole or not at all
 *                      application/fhir+ndjson (or x-ndjson) — FHIR bulk data as BCDA serves it, answered line
 *                      by line like /events/bulk
 * References to `Patient/<id>` resolve through the tenant's crosswalk, learnt from Patient resources (send the
 * Patient file first) or from an MBI on the reference itself.
 */
import { INGEST } from '../../../plugins/app/auth.js';
import type { CanonicalEvent, FieldIssue } from '@benchline/shared';
import { ErrorBody } from '@benchline/shared';
import { MAX_EVENTS_PER_JOB } from '@benchline/shared/backend';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { HttpError, serviceUnavailable, validationFailed } from '../../../http/errors.js';
import { strictBodies } from '../../../http/strict-bodies.js';
import type { IngestOutcome } from '../../../ingest/event-ingest.js';
import { mapFhirBundle, mapFhirResource, patientCrosswalkOf } from '../../../ingest/fhir/index.js';
import { fhirLines } from '../../../ingest/fhir-lines.js';
import { createPatientCrosswalkStore, referencedPatientIds } from '../../../ingest/patient-crosswalk.js';
import { bulkLines, mediaType, streamAnswers, type EventRoutesOptions } from './events.js';

const JSON_TYPES = ['application/fhir+json', 'application/json'];
const NDJSON_TYPES = ['application/fhir+ndjson', 'application/x-ndjson', 'application/ndjson'];

/** The most entries a Bundle may carry: each is answered on its own, so the answer grows with it. More is bulk data. */
const MAX_BUNDLE_ENTRIES = 10_000;

const FhirAccepted = Type.Object({
  status: Type.Enum(['accepted', 'duplicate']),
  eventIds: Type.Array(Type.String()),
});

const BundleAnswer = Type.Object({
  summary: Type.Object({
    entries: Type.Integer(),
    accepted: Type.Integer(),
    duplicate: Type.Integer(),
    rejected: Type.Integer(),
  }),
  results: Type.Array(
    Type.Object({
      entry: Type.Integer(),
      status: Type.Enum(['accepted', 'duplicate', 'rejected']),
      eventIds: Type.Optional(Type.Array(Type.String())),
      error: Type.Optional(Type.Unknown()),
    }),
  ),
});

const fhir: FastifyPluginAsync<EventRoutesOptions> = async (app, options) => {
  strictBodies(app, JSON_TYPES);
  app.addContentTypeParser(['application/fhir+ndjson'], (_request, payload, done) => done(null, payload));
  const crosswalk = createPatientCrosswalkStore(app.redis, app.keys);

  app.post(
    '/fhir',
    {
      schema: {
        summary: 'FHIR R4: a resource, a Bundle, or bulk-data NDJSON',
        description:
          'ExplanationOfBenefit, Patient, Coverage, Observation, Condition, Procedure, Encounter, Immunization and ' +
          'MedicationRequest. A single resource answers 202 `{ status, eventIds }`; a Bundle answers 200 with one result ' +
          'per entry (a transaction Bundle is stored whole or not at all); NDJSON answers line by line like /events/bulk.',
        tags: ['ingest'],
        consumes: [...JSON_TYPES, ...NDJSON_TYPES],
        response: {
          200: BundleAnswer,
          202: FhirAccepted,
          400: ErrorBody,
          401: ErrorBody,
          409: ErrorBody,
          413: ErrorBody,
          415: ErrorBody,
          503: ErrorBody,
        },
      },
      config: { access: INGEST },
      // Read by the FHIR mapper, which reports precise paths; the schema is for the docs.
      validatorCompiler: () => (value: unknown) => ({ value }),
    },
    async (request, reply) => {
      const tenantId = app.tenantOf(request);
      const type = mediaType(request);
      const context = { patients: new Map<string, string>(), source: 'fhir' as const, defaultAsOf: today() };

      if (NDJSON_TYPES.includes(type)) {
        const lines = fhirLines(tenantId, crosswalk, context.defaultAsOf);
        const answers = streamAnswers(
          await bulkLines(request, reply, options, app.redis),
          lines.mapLine,
          lines.store((units) => app.ingest.units(tenantId, units, { request })),
          lines.options,
        );
        return reply.type('application/x-ndjson; charset=utf-8').send(answers);
      }
      if (!JSON_TYPES.includes(type)) {
        throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', `send ${JSON_TYPES[0]} or ${NDJSON_TYPES[0]}`);
      }

      const body = request.body;
      const entries = isBundle(body) ? (body as { entry?: unknown }).entry : undefined;
      if (Array.isArray(entries) && entries.length > MAX_BUNDLE_ENTRIES) {
        throw new HttpError(
          413,
          'PAYLOAD_TOO_LARGE',
          `a Bundle may carry at most ${MAX_BUNDLE_ENTRIES} entries; send more as bulk data (application/fhir+ndjson)`,
        );
      }
      for (const [id, memberId] of await lookupOr503(() =>
        crosswalk.lookup(tenantId, [...referencedPatientIds(body)]),
      )) {
        context.patients.set(id, memberId);
      }
      if (isBundle(body)) {
        const mapped = mapFhirBundle(body, context);
        if (!mapped.ok) {
          throw validationFailed(mapped.issues, 'the Bundle cannot be read');
        }
        if ((body as { type?: unknown }).type === 'transaction') {
          // Whole or not at all, the crosswalk included: it learns the transaction's Patients once their events
          // are stored (a retry after a failed save finds the events duplicate and saves it then).
          const answer = await storeTransaction(request, tenantId, mapped.entries);
          await lookupOr503(() => crosswalk.save(tenantId, mapped.crosswalk));
          return reply.code(200).send(answer);
        }
        await lookupOr503(() => crosswalk.save(tenantId, mapped.crosswalk));
        return reply.code(200).send(await storeEntries(request, tenantId, mapped.entries));
      }

      const mapped = mapFhirResource(body, context);
      if (!mapped.ok) {
        throw validationFailed(mapped.issues, 'the resource cannot be read');
      }
      const link = patientCrosswalkOf(body);
      if (link !== undefined) {
        await lookupOr503(() => crosswalk.save(tenantId, [link]));
      }
      const [outcome] = await app.ingest.units(tenantId, [mapped.events], { request });
      if (outcome === undefined || outcome.status === 'rejected') {
        throw outcome?.code === 'CONFLICT' ? new HttpError(409, 'CONFLICT', outcome.message) : serviceUnavailable();
      }
      return reply.code(202).send({ status: outcome.status, eventIds: outcome.eventIds });
    },
  );

  type EntryMapping = { ok: true; events: CanonicalEvent[] } | { ok: false; issues: FieldIssue[] };

  /** Batch and collection Bundles: each entry stands alone. */
  async function storeEntries(request: FastifyRequest, tenantId: string, entries: readonly EntryMapping[]) {
    const results: { entry: number; status: IngestOutcome['status']; eventIds?: string[]; error?: unknown }[] = [];
    let batch: { entry: number; events: CanonicalEvent[] }[] = [];
    let count = 0;
    const flush = async (): Promise<void> => {
      const outcomes = await app.ingest.units(
        tenantId,
        batch.map((b) => b.events),
        { request },
      );
      batch.forEach((b, i) => results.push(toResult(b.entry, outcomes[i])));
      batch = [];
      count = 0;
    };
    for (const [entry, mapped] of entries.entries()) {
      if (!mapped.ok) {
        await flush();
        results.push({ entry, status: 'rejected', error: { code: 'VALIDATION_FAILED', issues: mapped.issues } });
        continue;
      }
      if (count + mapped.events.length > MAX_EVENTS_PER_JOB) {
        await flush();
      }
      batch.push({ entry, events: mapped.events });
      count += mapped.events.length;
    }
    await flush();
    return answerOf(results);
  }

  /** Transaction Bundles: every entry valid and stored together, or nothing. */
  async function storeTransaction(request: FastifyRequest, tenantId: string, entries: readonly EntryMapping[]) {
    const issues = entries.flatMap((mapped) => (mapped.ok ? [] : mapped.issues));
    if (issues.length > 0) {
      throw validationFailed(issues, 'a transaction Bundle is stored whole or not at all; nothing was stored');
    }
    const events = entries.flatMap((mapped) => (mapped.ok ? mapped.events : []));
    if (events.length > MAX_EVENTS_PER_JOB) {
      throw new HttpError(
        413,
        'PAYLOAD_TOO_LARGE',
        `a transaction Bundle may carry at most ${MAX_EVENTS_PER_JOB} events`,
      );
    }
    const [outcome] = await app.ingest.units(tenantId, [events], { request });
    if (outcome === undefined || outcome.status === 'rejected') {
      throw outcome?.code === 'CONFLICT' ? new HttpError(409, 'CONFLICT', outcome.message) : serviceUnavailable();
    }
    return answerOf(entries.map((_mapped, entry) => ({ entry, status: outcome.status, eventIds: outcome.eventIds })));
  }
};

export default fhir;

function toResult(entry: number, outcome: IngestOutcome | undefined) {
  if (outcome === undefined || outcome.status === 'rejected') {
    return {
      entry,
      status: 'rejected' as const,
      error: { code: outcome?.code ?? 'INTERNAL', message: outcome?.message },
    };
  }
  return { entry, status: outcome.status, eventIds: outcome.eventIds };
}

function answerOf(results: { entry: number; status: IngestOutcome['status']; eventIds?: string[]; error?: unknown }[]) {
  const summary = { entries: results.length, accepted: 0, duplicate: 0, rejected: 0 };
  for (const result of results) {
    summary[result.status] += 1;
  }
  return { summary, results };
}

function isBundle(value: unknown): boolean {
  return value !== null && typeof value === 'object' && (value as { resourceType?: unknown }).resourceType === 'Bundle';
}

/** The request's date in UTC: the as-of date of a Patient or Coverage that does not carry one. */
function today(): string {
  return new Date().toISOString().slice(0, 10);
}

async function lookupOr503<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch {
    throw serviceUnavailable();
  }
}
