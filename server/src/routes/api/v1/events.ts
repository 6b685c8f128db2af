/**
 * Event ingestion over JSON:
 *   POST /api/v1/events                 one canonical event of any kind
 *   POST /api/v1/{claims,members,…}     one event of that kind (`kind` may be left out)
 *   POST /api/v1/events/bulk            NDJSON, streamed; one answer per line (NDJSON), then a summary line
 * Single events answer 202 once stored and queued ("accepted", or "duplicate" when already received), 400 with
 * every field issue, 409 when the same event key arrives with other content, 503 when Redis is away.
 */
import { INGEST } from '../../../plugins/app/auth.js';
import type { Readable } from 'node:stream';
import { PassThrough } from 'node:stream';
import type { EventKind } from '@benchline/shared';
import {
  CanonicalEvent,
  ClaimEvent,
  ClinicalEvent,
  ContractEvent,
  ErrorBody,
  IngestResult,
  MemberEvent,
  ProviderEvent,
  RosterEvent,
  validateEvent,
} from '@benchline/shared';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { TSchema } from 'typebox';
import { HttpError, serviceUnavailable, validationFailed } from '../../../http/errors.js';
import { strictBodies } from '../../../http/strict-bodies.js';
import {
  bulkIngest,
  countResult,
  emptySummary,
  withSource,
  type BatchMapper,
  type BulkOptions,
  type StoreOrPark,
} from '../../../ingest/bulk-ingest.js';
import { ndjsonLines } from '../../../ingest/ndjson-lines.js';

export interface EventRoutesOptions {
  /** Longest accepted NDJSON line. */
  maxLineBytes: number;
  /** Largest bulk request body. */
  bulkLimitBytes: number;
}

const PER_KIND: { path: string; kind: EventKind; schema: TSchema; summary: string }[] = [
  { path: '/claims', kind: 'claim', schema: ClaimEvent, summary: 'One version of one claim' },
  { path: '/members', kind: 'member', schema: MemberEvent, summary: 'A roster or eligibility record for a member' },
  {
    path: '/providers',
    kind: 'provider',
    schema: ProviderEvent,
    summary: 'A practitioner or organisation on (or off) the participant list',
  },
  {
    path: '/clinical',
    kind: 'clinical',
    schema: ClinicalEvent,
    summary: 'An observation, condition, procedure, encounter, immunization or medication',
  },
  {
    path: '/contracts',
    kind: 'contract',
    schema: ContractEvent,
    summary: 'A value-based contract and its performance-year settings',
  },
  {
    path: '/rosters',
    kind: 'roster',
    schema: RosterEvent,
    summary: 'Payer-supplied attribution of a member to a contract',
  },
];

const NDJSON_TYPES = ['application/x-ndjson', 'application/ndjson'];

/** Bodies are validated by validateEvent (codes normalised first, precise paths); the schema is for the docs. */
const documentedOnly = (): ((value: unknown) => { value: unknown }) => (value) => ({ value });

const events: FastifyPluginAsync<EventRoutesOptions> = async (app, options) => {
  strictBodies(app);
  // The bulk body is consumed as a stream, never buffered whole.
  app.addContentTypeParser(NDJSON_TYPES, (_request, payload, done) => done(null, payload));

  const single = (kind?: EventKind) => async (request: FastifyRequest) => {
    const tenantId = app.tenantOf(request);
    if (mediaType(request) !== 'application/json') {
      throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'send application/json (or NDJSON to /events/bulk)');
    }
    const validation = validateEvent(request.body, kind);
    if (!validation.ok) {
      throw validationFailed(validation.issues);
    }
    return app.ingest.event(tenantId, withSource(validation.event, 'api'), request);
  };
  const responses = { 202: IngestResult, 400: ErrorBody, 401: ErrorBody, 409: ErrorBody, 503: ErrorBody };

  app.post(
    '/events',
    {
      schema: {
        summary: 'One canonical event of any kind',
        tags: ['ingest'],
        body: CanonicalEvent,
        response: responses,
      },
      config: { access: INGEST },
      validatorCompiler: documentedOnly,
    },
    async (request, reply) => reply.code(202).send(await single()(request)),
  );
  for (const { path, kind, schema, summary } of PER_KIND) {
    app.post(
      path,
      {
        schema: { summary, tags: ['ingest'], body: schema, response: responses },
        config: { access: INGEST },
        validatorCompiler: documentedOnly,
      },
      async (request, reply) => reply.code(202).send(await single(kind)(request)),
    );
  }

  app.post(
    '/events/bulk',
    {
      schema: {
        summary: 'Canonical events as NDJSON (one per line), streamed; answered line by line',
        description:
          'Send `Content-Type: application/x-ndjson`. The answer is NDJSON: one `{ line, status, eventIds | error }` per ' +
          'non-blank input line, in order, then `{ summary: { lines, accepted, duplicate, rejected } }`. A rejected ' +
          'line never blocks the others. Lines answered SERVICE_UNAVAILABLE were not stored: send them again.',
        tags: ['ingest'],
        consumes: NDJSON_TYPES,
      },
      config: { access: INGEST },
    },
    async (request, reply) => {
      const tenantId = app.tenantOf(request);
      if (!NDJSON_TYPES.includes(mediaType(request))) {
        throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', `send ${NDJSON_TYPES[0]}`);
      }
      const answers = streamAnswers(
        await bulkLines(request, reply, options, app.redis),
        app.linePreparation.mapper('api'),
        (units) => app.ingest.preparedUnits(tenantId, units, { request }),
      );
      return reply.type('application/x-ndjson; charset=utf-8').send(answers);
    },
  );
};

export default events;

/**
 * Sends the line answers as they are produced. The request is read at its own pace and answers are written
 * without waiting for the client to read them (clients usually send the whole body first), so a large upload
 * never deadlocks against its own answers.
 */
export function streamAnswers<E>(
  lines: ReturnType<typeof ndjsonLines>,
  mapBatch: BatchMapper<E>,
  store: StoreOrPark<E>,
  bulkOptions: BulkOptions = {},
): PassThrough {
  const out = new PassThrough();
  const summary = emptySummary();
  void (async () => {
    try {
      for await (const results of bulkIngest(lines, mapBatch, store, bulkOptions)) {
        let text = '';
        for (const result of results) {
          countResult(summary, result);
          text += `${JSON.stringify(result)}\n`;
        }
        out.write(text);
      }
      out.end(`${JSON.stringify({ summary })}\n`);
    } catch (error) {
      out.end(
        `${JSON.stringify({ summary, error: { code: error instanceof BodyTooLargeError ? 'PAYLOAD_TOO_LARGE' : 'INTERNAL', message: (error as Error).message } })}\n`,
      );
    }
  })();
  return out;
}

class BodyTooLargeError extends Error {}

/**
 * The lines of a bulk request body, once it is known the request can be taken: a 413 when the declared size is
 * over the limit, a 503 (Retry-After) when Redis is away — before any line is read, so a client can simply retry.
 * A body left part-read (a chunked upload past the limit) must not stay on the connection, where the rest of it
 * would be taken as the next request's: once the answer is out, that connection is closed.
 */
export async function bulkLines(
  request: FastifyRequest,
  reply: FastifyReply,
  options: EventRoutesOptions,
  redis: { ping(): Promise<unknown> },
): Promise<ReturnType<typeof ndjsonLines>> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > options.bulkLimitBytes) {
    throw new HttpError(413, 'PAYLOAD_TOO_LARGE', `bulk bodies are limited to ${options.bulkLimitBytes} bytes`);
  }
  try {
    await redis.ping();
  } catch {
    throw serviceUnavailable();
  }
  const connection = request.raw.socket;
  reply.raw.once('finish', () => {
    if (!request.raw.complete) {
      // As Node does for `Connection: close` (which it is too late to send): end, and destroy once flushed.
      connection.once('finish', () => connection.destroy());
      connection.end();
    }
  });
  return ndjsonLines(limitBytes(request.body as Readable, options.bulkLimitBytes), options.maxLineBytes);
}

export function mediaType(request: FastifyRequest): string {
  return (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/** Passes a request body through, failing once it exceeds the limit (for bodies without a Content-Length). */
async function* limitBytes(body: AsyncIterable<Buffer>, limit: number): AsyncGenerator<Buffer> {
  let total = 0;
  for await (const chunk of body) {
    total += chunk.length;
    if (total > limit) {
      throw new BodyTooLargeError(`bulk bodies are limited to ${limit} bytes; lines after this point were not read`);
    }
    yield chunk;
  }
}
