/**
 * The one way an HTTP error body is built, and the error handler that maps every failure onto it. Bad input is
 * always a 4xx naming the field and the reason; an unexpected failure is a 500 whose body says nothing more
 * (the log has the detail, with ids only).
 */
import type { AppError, ErrorBody, ErrorCode, FieldIssue } from '@benchline/shared';
import { MAX_FIELD_ISSUES, toFieldIssues } from '@benchline/shared';
import type { FastifyError, FastifyInstance } from 'fastify';

export function errorBody(code: ErrorCode, message?: string, issues?: FieldIssue[]): ErrorBody {
  const error: AppError = { code };
  if (message !== undefined) {
    error.message = message;
  }
  if (issues !== undefined) {
    error.issues = issues;
  }
  return { error };
}

/** A failure we raise on purpose, with the status and code to answer with. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
    readonly issues?: FieldIssue[],
  ) {
    super(message);
  }
}

/**
 * Bad input: 400 with its field issues — the first MAX_FIELD_ISSUES of them (a transaction of 100,000 bad entries
 * is not answered with 100,000 issues), the message saying how many there were.
 */
export function validationFailed(issues: FieldIssue[], message = 'the event is not valid'): HttpError {
  if (issues.length <= MAX_FIELD_ISSUES) {
    return new HttpError(400, 'VALIDATION_FAILED', message, {}, issues);
  }
  return new HttpError(
    400,
    'VALIDATION_FAILED',
    `${message} (${issues.length} issues; the first ${MAX_FIELD_ISSUES} are listed)`,
    {},
    issues.slice(0, MAX_FIELD_ISSUES),
  );
}

/** Redis (or the queue) did not answer: the client should retry; nothing was acknowledged. */
export function serviceUnavailable(message = 'storage is unavailable; retry later'): HttpError {
  return new HttpError(503, 'SERVICE_UNAVAILABLE', message, { 'retry-after': '5' });
}

const FASTIFY_CODES: Record<string, { status: number; code: ErrorCode }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'MALFORMED_JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'MALFORMED_JSON' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'PAYLOAD_TOO_LARGE' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'MALFORMED_JSON' },
};

export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof HttpError) {
      return reply
        .code(error.statusCode)
        .headers(error.headers)
        .send(errorBody(error.code, error.message, error.issues));
    }
    if (error.validation) {
      const prefix = error.validationContext === 'body' ? '' : `/${error.validationContext ?? ''}`;
      return reply
        .code(400)
        .send(
          errorBody(
            'VALIDATION_FAILED',
            'the request does not match the schema',
            toFieldIssues(error.validation, prefix),
          ),
        );
    }
    const known = error.code === undefined ? undefined : FASTIFY_CODES[error.code];
    if (known !== undefined) {
      return reply.code(known.status).send(errorBody(known.code, error.message));
    }
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.code(error.statusCode).send(errorBody('VALIDATION_FAILED', error.message));
    }
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send(errorBody('INTERNAL'));
  });
}
