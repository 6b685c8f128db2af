/**
 * ADT — hospitals' admission, discharge and transfer notifications:
 *   POST /api/v1/adt[?tz=<IANA zone>]   HL7 v2 (application/hl7-v2, x-application/hl7-v2+er7 or text/plain): one
 *                                       message, several, or an FHS/BHS batch, MLLP framing tolerated. 200 with one
 *                                       HL7 ACK per message (AA / AE / AR, ERR segments naming field and reason) —
 *                                       a batch answered as a batch; 4xx only for a body that is not HL7 at all.
 *   GET  /api/v1/adt/review             messages no member matched, newest first (quality and admin; audited) —
 *                                       HL7 messages and FHIR Encounters (POST /api/v1/fhir, sender `fhir`) alike
 *   POST /api/v1/adt/review/:id/link    { memberId }: the message's patient identifiers are that member; it is
 *                                       stored, and so is every other parked message those identifiers now match
 *   POST /api/v1/adt/review/:id/dismiss the message is not about any member of the tenant (a test patient); removed
 * See ingest/hl7 for reading, matching and parking.
 */
import { isUtf8 } from 'node:buffer';
import type { CanonicalEvent } from '@benchline/shared';
import { ErrorBody, MemberId } from '@benchline/shared';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { HttpError, serviceUnavailable, validationFailed } from '../../../http/errors.js';
import { strictBodies } from '../../../http/strict-bodies.js';
import { batchAnswer } from '../../../ingest/hl7/ack.js';
import { ingestAdtMessages, type AdtIngestDeps } from '../../../ingest/hl7/adt-ingest.js';
import { chunkByEvents, eventsFor } from '../../../ingest/hl7/adt-settle.js';
import { isTimeZone } from '../../../ingest/hl7/hl7-time.js';
import { splitHl7Messages } from '../../../ingest/hl7/hl7-text.js';
import { identifierKey } from '../../../ingest/hl7/map-adt.js';
import { createAdtPatientStore, matchPatient } from '../../../ingest/hl7/patient-match.js';
import { createReviewList, DEFAULT_REVIEW_MAX, type ParkedMessage } from '../../../ingest/hl7/review-list.js';
import { INGEST, type RouteAccess } from '../../../plugins/app/auth.js';
import { mediaType } from './events.js';

export const HL7_MEDIA_TYPES = ['application/hl7-v2', 'x-application/hl7-v2+er7', 'text/plain'];

/** The most messages one request may carry: each is answered on its own. More is a file for `benchline import`. */
export const MAX_MESSAGES_PER_REQUEST = 10_000;

/** Who works the review list: linking a patient to a member is a supervisor's decision. */
const REVIEWERS: RouteAccess = { roles: ['quality', 'admin'] };

/** HL7 PurposeOfUse: healthcare operations (matching records to the people they are about). */
const PURPOSE = 'HOPERAT';

export interface AdtRouteOptions {
  /** BENCHLINE_HL7_TIME_ZONE: the zone of senders that write times without an offset. */
  timeZone?: string | undefined;
  reviewMax?: number | undefined;
  bodyLimitBytes: number;
}

const Query = Type.Object(
  { tz: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: "The sender's IANA time zone" })) },
  { additionalProperties: false },
);
const ReviewQuery = Type.Object(
  {
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, description: 'Messages per page (default 100)' })),
  },
  { additionalProperties: false },
);
const IdParams = Type.Object(
  { id: Type.String({ pattern: '^[0-9a-f]{16}$', description: 'A parked message' }) },
  { additionalProperties: false },
);
const LinkBody = Type.Object({ memberId: MemberId }, { additionalProperties: false });

const ParkedView = Type.Object({
  id: Type.String(),
  parkedAt: Type.String(),
  reason: Type.Enum(['unknown-mbi', 'no-match', 'conflicting-identifiers']),
  sender: Type.String(),
  messageId: Type.String(),
  event: Type.String(),
  eventAt: Type.String(),
  patientClass: Type.String(),
  facility: Type.Object({
    id: Type.String(),
    name: Type.Optional(Type.String()),
    ccn: Type.Optional(Type.String()),
    npi: Type.Optional(Type.String()),
  }),
  visitNumber: Type.String(),
  identifiers: Type.Array(Type.Object({ value: Type.String(), authority: Type.String(), type: Type.String() })),
  patient: Type.Object({
    familyName: Type.Optional(Type.String()),
    givenName: Type.Optional(Type.String()),
    birthDate: Type.Optional(Type.String()),
    sex: Type.Optional(Type.String()),
    display: Type.Optional(Type.String({ description: 'A FHIR Encounter’s subject.display' })),
  }),
});
const ReviewPage = Type.Object({ total: Type.Integer(), items: Type.Array(ParkedView) });
const LinkAnswer = Type.Object({
  memberId: Type.String(),
  /** Identifiers now linked to the member. */
  linked: Type.Integer(),
  /** Parked messages stored for the member (this one and others the link matched). */
  applied: Type.Integer(),
  /** Messages still parked in the tenant's review list. */
  remaining: Type.Integer(),
});

const adt: FastifyPluginAsync<AdtRouteOptions> = async (app, options) => {
  if (options.timeZone !== undefined && !isTimeZone(options.timeZone)) {
    throw new Error(`BENCHLINE_HL7_TIME_ZONE is not an IANA time zone this runtime knows`);
  }
  strictBodies(app);
  for (const type of HL7_MEDIA_TYPES) {
    if (app.hasContentTypeParser(type)) {
      app.removeContentTypeParser(type);
    }
  }
  app.addContentTypeParser(
    HL7_MEDIA_TYPES,
    { parseAs: 'buffer', bodyLimit: options.bodyLimitBytes },
    (_request, body, done) => done(null, body),
  );
  const patients = createAdtPatientStore(app.redis, app.keys);
  const review = createReviewList(app.redis, app.keys, options.reviewMax ?? DEFAULT_REVIEW_MAX);
  const depsFor = (request: FastifyRequest): AdtIngestDeps => ({
    patients,
    review,
    store: (tenantId, units) => app.ingest.units(tenantId, units, { request }),
    now: () => new Date(),
  });

  app.post<{ Querystring: Static<typeof Query> }>(
    '/adt',
    {
      schema: {
        summary: 'HL7 v2 ADT messages (A01, A02, A03, A04, A08, A11, A13), answered with HL7 ACKs',
        description:
          'One message, several (MSH blocks back to back) or an FHS/BHS batch, segments ending in \\r, \\n or \\r\\n, ' +
          'MLLP framing tolerated; UTF-8 unless the Content-Type names iso-8859-1. 200 with one ACK per message in ' +
          'order: AA (stored, a duplicate — ERR severity I — or held for review when no member matches — severity W), ' +
          'AE (the content is wrong; ERR names segment, field and reason) or AR (not a message taken here, or it could ' +
          'not be stored now: send it again). `tz` names the sender’s IANA time zone for times without an offset.',
        tags: ['ingest'],
        consumes: HL7_MEDIA_TYPES,
        querystring: Query,
        response: {
          200: Type.String({ description: 'HL7 ACK messages' }),
          400: ErrorBody,
          401: ErrorBody,
          413: ErrorBody,
          415: ErrorBody,
          503: ErrorBody,
        },
      },
      config: { access: INGEST },
    },
    async (request, reply) => {
      const tenantId = app.tenantOf(request);
      const type = mediaType(request);
      if (!HL7_MEDIA_TYPES.includes(type)) {
        throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', `send ${HL7_MEDIA_TYPES.join(', ')}`);
      }
      const timeZone = request.query.tz ?? options.timeZone;
      if (request.query.tz !== undefined && !isTimeZone(request.query.tz)) {
        throw validationFailed(
          [{ path: '/querystring/tz', reason: 'format', message: 'is not an IANA time zone (America/Chicago)' }],
          'the request does not match the schema',
        );
      }
      const text = decodeBody(request.body as Buffer, String(request.headers['content-type'] ?? ''));
      const split = splitHl7Messages(text);
      if (split.messages.length === 0 || split.strayLines > 0) {
        throw new HttpError(
          400,
          'MALFORMED_HL7',
          split.messages.length === 0
            ? 'the body holds no HL7 message (no MSH segment)'
            : 'the body has lines before its first MSH that are not batch headers (FHS, BHS)',
        );
      }
      if (split.messages.length > MAX_MESSAGES_PER_REQUEST) {
        throw new HttpError(
          413,
          'PAYLOAD_TOO_LARGE',
          `at most ${MAX_MESSAGES_PER_REQUEST} messages a request; send files with benchline import --format hl7`,
        );
      }
      const results = await ingestAdtMessages(depsFor(request), tenantId, split.messages, { timeZone });
      const parked = results.filter((result) => result.status === 'parked').length;
      if (parked > 0) {
        // The events stored are audited by the ingest plugin; parked messages are writes about nobody known yet.
        await request
          .audit({
            action: 'adt-park',
            resource: 'POST /api/v1/adt',
            patients: { memberIds: [] },
            subject: `${parked} messages held for review`,
            outcome: 'success',
            purpose: PURPOSE,
          })
          .catch((error: unknown) => {
            request.log.error({ err: (error as Error).message }, 'parked ADT messages could not be audited');
          });
      }
      const acks = results.map((result) => result.ackText);
      const body = split.batch === null ? `${acks.join('\r')}\r` : batchAnswer(split.batch, acks, new Date());
      return reply.code(200).type(`${type}; charset=utf-8`).send(body);
    },
  );

  app.get<{ Querystring: Static<typeof ReviewQuery> }>(
    '/adt/review',
    {
      schema: {
        summary: 'ADT messages no member matched, newest first',
        description:
          'HL7 messages and FHIR Encounters (sender `fhir`) no member matched. What a person needs to match each by ' +
          'hand: the identifiers it carries (PID-3; a FHIR subject’s MBI, its Patient id — authority `fhir:Patient` — ' +
          'and other identifier), the name, birth date and sex it gives (never used to match automatically), the ' +
          'facility, event and visit. Audited.',
        tags: ['adt'],
        querystring: ReviewQuery,
        response: { 200: ReviewPage, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 503: ErrorBody },
      },
      config: { access: REVIEWERS },
    },
    async (request) => {
      const tenantId = app.tenantOf(request);
      const { offset = 0, limit = 100 } = request.query;
      const page = await unlessUnavailable(() => review.list(tenantId, { offset, limit }));
      // Sent only once the read is in the audit trail: the list names patients.
      try {
        await request.audit({
          action: 'adt-review-read',
          resource: 'GET /api/v1/adt/review',
          patients: { memberIds: [] },
          subject: `${page.items.length} parked messages`,
          outcome: 'success',
          purpose: PURPOSE,
        });
      } catch {
        throw serviceUnavailable('the audit trail cannot be written; the list was not returned');
      }
      return { total: page.total, items: page.items.map(viewOf) };
    },
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof LinkBody> }>(
    '/adt/review/:id/link',
    {
      schema: {
        summary: "Link a parked message's patient to a member; store it and every parked message that now matches",
        tags: ['adt'],
        params: IdParams,
        body: LinkBody,
        response: { 200: LinkAnswer, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 503: ErrorBody },
      },
      config: { access: REVIEWERS },
    },
    async (request) => {
      const tenantId = app.tenantOf(request);
      const { memberId } = request.body;
      const parked = await unlessUnavailable(() => review.get(tenantId, request.params.id));
      if (parked === null) {
        throw new HttpError(404, 'NOT_FOUND', 'no parked message has this id');
      }
      if (!(await unlessUnavailable(() => patients.isMember(tenantId, memberId)))) {
        throw validationFailed(
          [{ path: '/memberId', reason: 'unknown-member', message: 'is not a member of this tenant' }],
          'the member is not known',
        );
      }
      const keys = parked.identifiers.map(identifierKey);
      await unlessUnavailable(() => patients.link(tenantId, keys, memberId));
      // Every parked message those identifiers now match, this one first: matched as new messages would be.
      const candidates = await unlessUnavailable(() => review.carrying(tenantId, keys));
      const applied = await unlessUnavailable(() => applyParked(request, tenantId, candidates));
      await request
        .audit({
          action: 'adt-review-link',
          resource: 'POST /api/v1/adt/review/:id/link',
          patients: { memberIds: [memberId] },
          subject: `${keys.length} identifiers linked; ${applied} messages stored`,
          outcome: 'success',
          purpose: PURPOSE,
        })
        .catch((error: unknown) => {
          request.log.error({ err: (error as Error).message }, 'an ADT link could not be audited');
        });
      const remaining = (await unlessUnavailable(() => review.list(tenantId, { offset: 0, limit: 1 }))).total;
      return { memberId, linked: keys.length, applied, remaining };
    },
  );

  app.post<{ Params: Static<typeof IdParams> }>(
    '/adt/review/:id/dismiss',
    {
      schema: {
        summary: 'Dismiss a parked message: it is about no member of the tenant',
        tags: ['adt'],
        params: IdParams,
        response: {
          204: Type.Null(),
          400: ErrorBody,
          401: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
          503: ErrorBody,
        },
      },
      config: { access: REVIEWERS },
    },
    async (request, reply) => {
      const tenantId = app.tenantOf(request);
      const removed = await unlessUnavailable(() => review.remove(tenantId, [request.params.id]));
      if (removed === 0) {
        throw new HttpError(404, 'NOT_FOUND', 'no parked message has this id');
      }
      await request
        .audit({
          action: 'adt-review-dismiss',
          resource: 'POST /api/v1/adt/review/:id/dismiss',
          patients: { memberIds: [] },
          subject: request.params.id,
          outcome: 'success',
          purpose: PURPOSE,
        })
        .catch((error: unknown) => {
          request.log.error({ err: (error as Error).message }, 'an ADT dismissal could not be audited');
        });
      return reply.code(204).send();
    },
  );

  /**
   * Stores the parked messages that match a member now (through the ingest core, so a message stored meanwhile is a
   * duplicate) and takes them off the list; one still unmatched, or refused, stays. Returns how many were stored.
   */
  async function applyParked(
    request: FastifyRequest,
    tenantId: string,
    candidates: readonly ParkedMessage[],
  ): Promise<number> {
    if (candidates.length === 0) {
      return 0;
    }
    const facts = await patients.facts(
      tenantId,
      candidates.flatMap((message) => message.identifiers),
    );
    const ready: { message: ParkedMessage; events: CanonicalEvent[] }[] = [];
    for (const message of candidates) {
      const match = matchPatient(message.identifiers, facts);
      if (match.matched) {
        // A FHIR Encounter's clinical event is stored with its notification, for the same member.
        ready.push({ message, events: eventsFor(message, match.memberId) });
      }
    }
    let applied = 0;
    for (const chunk of chunkByEvents(ready, ({ events }) => events.length)) {
      const outcomes = await app.ingest.units(
        tenantId,
        chunk.map(({ events }) => events),
        { request },
      );
      const done = chunk.filter((_, i) => outcomes[i]?.status === 'accepted' || outcomes[i]?.status === 'duplicate');
      if (outcomes.some((outcome) => outcome.status === 'rejected' && outcome.code === 'SERVICE_UNAVAILABLE')) {
        throw new Error('the event store did not take the parked messages');
      }
      await review.remove(
        tenantId,
        done.map(({ message }) => message.id),
      );
      applied += done.length;
    }
    return applied;
  }
};

export default adt;

function viewOf(message: ParkedMessage) {
  const { notification } = message;
  return {
    id: message.id,
    parkedAt: message.parkedAt,
    reason: message.reason,
    sender: notification.sender,
    messageId: notification.messageId,
    event: notification.event,
    eventAt: notification.eventAt,
    patientClass: notification.patientClass,
    facility: notification.facility,
    visitNumber: notification.visitNumber,
    identifiers: message.identifiers,
    patient: message.patient,
  };
}

/**
 * The body as text in its declared charset: UTF-8 (the default; refused when it is not valid UTF-8, rather than
 * stored with replacement characters) or ISO-8859-1 / ASCII, which older interface engines send.
 */
function decodeBody(body: Buffer, contentType: string): string {
  const charset = /;\s*charset="?([^";\s]+)"?/i.exec(contentType)?.[1]?.toLowerCase() ?? 'utf-8';
  if (charset === 'utf-8' || charset === 'utf8') {
    if (!isUtf8(body)) {
      throw new HttpError(
        400,
        'MALFORMED_HL7',
        'the body is not valid UTF-8 (declare charset=iso-8859-1 if it is Latin-1)',
      );
    }
    return body.toString('utf8').replace(/^\uFEFF/, '');
  }
  if (['iso-8859-1', 'latin1', 'iso_8859-1', 'us-ascii', 'ascii'].includes(charset)) {
    return body.toString('latin1');
  }
  throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'send the body as utf-8 or iso-8859-1');
}

async function unlessUnavailable<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof HttpError) {
      throw error;
    }
    throw serviceUnavailable();
  }
}
