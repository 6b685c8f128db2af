/**
 * FHIR R4 ingest, mapped to canonical events by ingest/fhir (CARIN Blue Button / BFD claims, Patient and
 * Coverage, QI-Core clinical resources):
 *   POST /api/v1/fhir  application/fhir+json — one resource (202), or a Bundle answered entry by entry (200);
 *                      a transaction Bundle is stored whole or not at all
 *                      application/fhir+ndjson (or x-ndjson) — FHIR bulk data as BCDA serves it, answered line
 *                      by line like /events/bulk
 * References to `Patient/<id>` resolve through the tenant's crosswalk, learnt from Patient resources (send the
 * Patient file first) or from an MBI on the reference itself.
 *
 * An Encounter that is an ADT notification (a hospital stay's admission, discharge or cancellation) is matched to a
 * member as an HL7 message is (ingest/hl7/adt-settle): by the MBI, the Patient it references or another identifier of
 * its subject. One no member of the tenant matches — a Patient Benchline has not received, an MBI the tenant has no
 * member for — is not refused but parked in the ADT review list (GET /api/v1/adt/review), answered `parked`, and
 * stored once a person links it to a member (which also teaches the Patient crosswalk). A transaction cannot hold
 * one: it is stored whole or not at all.
 */
import { INGEST } from '../../../plugins/app/auth.js';
import type { CanonicalEvent, FieldIssue } from '@benchline/shared';
import { ErrorBody } from '@benchline/shared';
import { MAX_EVENTS_PER_JOB } from '@benchline/shared/backend';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { HttpError, serviceUnavailable, validationFailed } from '../../../http/errors.js';
import { strictBodies } from '../../../http/strict-bodies.js';
import { mapLinesHere, type UnitOutcome } from '../../../ingest/bulk-ingest.js';
import {
  encounterAdtOf,
  type EncounterAdt,
  mapFhirBundle,
  mapFhirResource,
  patientCrosswalkOf,
} from '../../../ingest/fhir/index.js';
import {
  encounterLines,
  encounterSettler,
  localFacts,
  membersOf,
  unitOutcomeOf,
} from '../../../ingest/fhir-encounter-lines.js';
import { fhirLines } from '../../../ingest/fhir-lines.js';
import { type AdtItemOutcome, eventsFor, matchAdtItems } from '../../../ingest/hl7/adt-settle.js';
import { createAdtPatientStore } from '../../../ingest/hl7/patient-match.js';
import { createReviewList, DEFAULT_REVIEW_MAX } from '../../../ingest/hl7/review-list.js';
import { createPatientCrosswalkStore, referencedPatientIds } from '../../../ingest/patient-crosswalk.js';
import { bulkLines, mediaType, streamAnswers, type EventRoutesOptions } from './events.js';

export interface FhirRouteOptions extends EventRoutesOptions {
  /** BENCHLINE_ADT_REVIEW_MAX: the most ADT notifications the review list holds (shared with POST /adt). */
  adtReviewMax?: number | undefined;
}

const JSON_TYPES = ['application/fhir+json', 'application/json'];
const NDJSON_TYPES = ['application/fhir+ndjson', 'application/x-ndjson', 'application/ndjson'];

/** The most entries a Bundle may carry: each is answered on its own, so the answer grows with it. More is bulk data. */
const MAX_BUNDLE_ENTRIES = 10_000;

/** HL7 PurposeOfUse: healthcare operations (matching records to the people they are about). */
const PURPOSE = 'HOPERAT';

/** Where an Encounter no member matches waits for a person to link it. */
const ReviewRef = Type.Object(
  {
    id: Type.String({ description: 'Its entry in the ADT review list (GET /api/v1/adt/review)' }),
    reason: Type.Enum(['unknown-mbi', 'no-match', 'conflicting-identifiers']),
  },
  { description: 'Present when the resource is held for review (an ADT Encounter no member matches)' },
);

const FhirAccepted = Type.Object({
  status: Type.Enum(['accepted', 'duplicate', 'parked']),
  eventIds: Type.Array(Type.String()),
  review: Type.Optional(ReviewRef),
});

const BundleAnswer = Type.Object({
  summary: Type.Object({
    entries: Type.Integer(),
    accepted: Type.Integer(),
    duplicate: Type.Integer(),
    rejected: Type.Integer(),
    parked: Type.Optional(Type.Integer({ description: 'Entries held for review (present once one is)' })),
  }),
  results: Type.Array(
    Type.Object({
      entry: Type.Integer(),
      status: Type.Enum(['accepted', 'duplicate', 'parked', 'rejected']),
      eventIds: Type.Optional(Type.Array(Type.String())),
      review: Type.Optional(ReviewRef),
      error: Type.Optional(Type.Unknown()),
    }),
  ),
});

type EntryResult = {
  entry: number;
  status: UnitOutcome['status'];
  eventIds?: string[];
  review?: { id: string; reason: string };
  error?: unknown;
};

const fhir: FastifyPluginAsync<FhirRouteOptions> = async (app, options) => {
  strictBodies(app, JSON_TYPES);
  app.addContentTypeParser(['application/fhir+ndjson'], (_request, payload, done) => done(null, payload));
  const crosswalk = createPatientCrosswalkStore(app.redis, app.keys);
  const adtPatients = createAdtPatientStore(app.redis, app.keys);
  const review = createReviewList(app.redis, app.keys, options.adtReviewMax ?? DEFAULT_REVIEW_MAX);
  /** Encounters each request parked, audited once it has been answered (a streamed answer included). */
  const parkedBy = new WeakMap<FastifyRequest, number>();

  /** Matches the Encounters' patients, and stores each or parks it; one outcome per Encounter. */
  const settle = async (
    request: FastifyRequest,
    tenantId: string,
    encounters: readonly EncounterAdt[],
    knownMembers: Iterable<string>,
  ): Promise<AdtItemOutcome[]> => {
    const settleFor = encounterSettler(
      {
        patients: adtPatients,
        review,
        store: (tenant, units) => app.ingest.units(tenant, units, { request }),
        now: () => new Date(),
      },
      tenantId,
    );
    const outcomes = await settleFor(encounters, knownMembers);
    const parked = outcomes.filter((outcome) => outcome.status === 'parked').length;
    if (parked > 0) {
      parkedBy.set(request, (parkedBy.get(request) ?? 0) + parked);
    }
    return outcomes;
  };

  app.addHook('onResponse', async (request) => {
    const parked = parkedBy.get(request);
    if (parked === undefined) {
      return;
    }
    // The events stored are audited by the ingest plugin; parked Encounters are writes about nobody known yet.
    await request
      .audit({
        action: 'adt-park',
        resource: 'POST /api/v1/fhir',
        patients: { memberIds: [] },
        subject: `${parked} Encounters held for review`,
        outcome: 'success',
        purpose: PURPOSE,
      })
      .catch((error: unknown) => {
        request.log.error({ err: (error as Error).message }, 'parked FHIR Encounters could not be audited');
      });
  });

  app.post(
    '/fhir',
    {
      schema: {
        summary: 'FHIR R4: a resource, a Bundle, or bulk-data NDJSON',
        description:
          'ExplanationOfBenefit, Patient, Coverage, Observation, Condition, Procedure, Encounter, Immunization and ' +
          'MedicationRequest. A single resource answers 202 `{ status, eventIds }`; a Bundle answers 200 with one result ' +
          'per entry (a transaction Bundle is stored whole or not at all); NDJSON answers line by line like /events/bulk. ' +
          'An Encounter of a hospital stay (an ADT notification) whose patient no member of the tenant matches is held ' +
          'in the ADT review list, answered `parked` with `review: { id, reason }` (`duplicate` when it already waits ' +
          'there), and stored once a person links it (POST /api/v1/adt/review/{id}/link); a transaction cannot hold ' +
          'one (400 `unresolved-patient`).',
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
        const withReview = encounterLines(
          lines.mapLine,
          context,
          lines.store((units) => app.ingest.units(tenantId, units, { request })),
          (encounters, knownMembers) => settle(request, tenantId, encounters, knownMembers),
        );
        const answers = streamAnswers(
          await bulkLines(request, reply, options, app.redis),
          mapLinesHere(withReview.mapLine, lines.prepare),
          withReview.store,
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
        const resources = (body as { entry: unknown[] }).entry.map((entry) =>
          entry !== null && typeof entry === 'object' ? (entry as { resource?: unknown }).resource : undefined,
        );
        const encounters = mapped.entries.map((entry, index) =>
          encounterAdtOf(resources[index], entry, context, `/entry/${index}/resource`),
        );
        if ((body as { type?: unknown }).type === 'transaction') {
          // Whole or not at all, the crosswalk included: it learns the transaction's Patients once their events
          // are stored (a retry after a failed save finds the events duplicate and saves it then).
          const answer = await storeTransaction(request, tenantId, mapped.entries, encounters);
          await lookupOr503(() => crosswalk.save(tenantId, mapped.crosswalk));
          return reply.code(200).send(answer);
        }
        await lookupOr503(() => crosswalk.save(tenantId, mapped.crosswalk));
        return reply.code(200).send(await storeEntries(request, tenantId, mapped.entries, encounters));
      }

      const mapped = mapFhirResource(body, context);
      const encounter = encounterAdtOf(body, mapped, context);
      if (encounter !== undefined) {
        const [outcome] = await settle(request, tenantId, [encounter], []);
        const answer = unitOutcomeOf(outcome);
        if (answer.status === 'rejected') {
          throw answer.code === 'CONFLICT'
            ? new HttpError(409, 'CONFLICT', answer.message)
            : serviceUnavailable(answer.message);
        }
        return reply.code(202).send(answer);
      }
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

  /**
   * Batch and collection Bundles: each entry stands alone. ADT Encounters are matched (and stored or parked) after
   * the other entries are stored, so a Patient of the same Bundle is a member they can match.
   */
  async function storeEntries(
    request: FastifyRequest,
    tenantId: string,
    entries: readonly EntryMapping[],
    encounters: readonly (EncounterAdt | undefined)[],
  ) {
    const results: EntryResult[] = [];
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
      if (encounters[entry] !== undefined) {
        continue;
      }
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
    const adtEntries = encounters.flatMap((encounter, entry) => (encounter === undefined ? [] : [entry]));
    if (adtEntries.length > 0) {
      const outcomes = await settle(
        request,
        tenantId,
        adtEntries.map((entry) => encounters[entry]!),
        membersOf(entries),
      );
      adtEntries.forEach((entry, i) => results.push(toResult(entry, unitOutcomeOf(outcomes[i]))));
      results.sort((a, b) => a.entry - b.entry);
    }
    return answerOf(results);
  }

  /**
   * Transaction Bundles: every entry valid and stored together, or nothing. Its ADT Encounters must each match a
   * member: one that matches none cannot be parked without the rest being stored, so the transaction is refused.
   */
  async function storeTransaction(
    request: FastifyRequest,
    tenantId: string,
    entries: readonly EntryMapping[],
    encounters: readonly (EncounterAdt | undefined)[],
  ) {
    // Refused as ever when an entry cannot be read — an Encounter whose patient is unknown among the issues.
    if (entries.some((mapped, entry) => !mapped.ok && encounters[entry] === undefined)) {
      throw validationFailed(
        entries.flatMap((mapped) => (mapped.ok ? [] : mapped.issues)),
        'a transaction Bundle is stored whole or not at all; nothing was stored',
      );
    }
    const adtEntries = encounters.flatMap((encounter, entry) => (encounter === undefined ? [] : [entry]));
    const items = adtEntries.map((entry) => encounters[entry]!);
    const matches = await lookupOr503(() =>
      matchAdtItems(adtPatients, tenantId, items, localFacts(items, membersOf(entries))),
    );
    const unmatched = adtEntries.flatMap((entry, i) =>
      matches[i]?.matched === true
        ? []
        : [
            {
              path: `/entry/${entry}/resource/subject`,
              reason: 'unresolved-patient',
              message:
                'no member of the tenant matches this patient; an Encounter held for review cannot be part of a ' +
                'transaction (send it in a batch Bundle or on its own)',
            },
          ],
    );
    if (unmatched.length > 0) {
      throw validationFailed(unmatched, 'a transaction Bundle is stored whole or not at all; nothing was stored');
    }
    const memberOf = new Map(
      adtEntries.map((entry, i) => {
        const match = matches[i]!;
        return [entry, match.matched ? match.memberId : ''] as const;
      }),
    );
    const events = entries.flatMap((mapped, entry) => {
      const encounter = encounters[entry];
      if (encounter !== undefined) {
        return eventsFor(encounter, memberOf.get(entry)!);
      }
      return mapped.ok ? mapped.events : [];
    });
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
    for (const match of matches) {
      if (match.matched && match.teaches.length > 0) {
        // Best effort, as for HL7: the next Encounter carrying the MBI teaches it again.
        await adtPatients.learn(tenantId, match.teaches, match.memberId).catch(() => undefined);
      }
    }
    return answerOf(entries.map((_mapped, entry) => ({ entry, status: outcome.status, eventIds: outcome.eventIds })));
  }
};

export default fhir;

function toResult(entry: number, outcome: UnitOutcome | undefined): EntryResult {
  if (outcome === undefined || outcome.status === 'rejected') {
    return {
      entry,
      status: 'rejected' as const,
      error: { code: outcome?.code ?? 'INTERNAL', message: outcome?.message },
    };
  }
  return {
    entry,
    status: outcome.status,
    eventIds: outcome.eventIds,
    ...('review' in outcome ? { review: outcome.review } : {}),
  };
}

function answerOf(results: EntryResult[]) {
  const summary: { entries: number; accepted: number; duplicate: number; rejected: number; parked?: number } = {
    entries: results.length,
    accepted: 0,
    duplicate: 0,
    rejected: 0,
  };
  for (const result of results) {
    if (result.status === 'parked') {
      summary.parked = (summary.parked ?? 0) + 1;
    } else {
      summary[result.status] += 1;
    }
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
