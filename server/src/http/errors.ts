/**
 * The one way an HTTP error body is built, and the error handler that maps every failure onto it. Bad input is
 * always a 4xx naming the field and the reason; an unexpected failure is a 500 whose body says nothing more
 * (the log has the detail, with ids only).
 */
import type { AppError, ErrorBody, ErrorCode, FieldIssue } from '@benchline/shared';
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
  ) {
    super(message);
  }
}

/** Redis (or the queue) did not answer: the client should retry; nothing was acknowledged. */
export function serviceUnavailable(message = 'storage is unavailable; retry later'): HttpError {
  return new HttpError(503, 'SERVICE_UNAVAILABLE', message, { 'retry-after': '5' });
}

/** A validation error as reported by TypeBox (and by Fastify's schema validation, which uses TypeBox here). */
export interface SchemaError {
  instancePath: string;
  keyword: string;
  message?: string;
  params?: object;
}

/** Turns schema errors into field issues with JSON pointers to the offending field (not its parent). */
export function toFieldIssues(errors: readonly SchemaError[], prefix = ''): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const error of errors) {
    const params = (error.params ?? {}) as Record<string, unknown>;
    const base = `${prefix}${error.instancePath}`;
    if (error.keyword === 'required' && Array.isArray(params.requiredProperties)) {
      for (const name of params.requiredProperties as string[]) {
        issues.push({ path: `${base}/${name}`, reason: 'required', message: 'is required' });
      }
    } else if (error.keyword === 'additionalProperties' && Array.isArray(params.additionalProperties)) {
      for (const name of params.additionalProperties as string[]) {
        issues.push({ path: `${base}/${name}`, reason: 'unknown-field', message: 'is not a field of this event' });
      }
    } else if (error.keyword === 'enum' && Array.isArray(params.allowedValues)) {
      issues.push({
        path: base,
        reason: 'enum',
        message: `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`,
      });
    } else {
      issues.push({ path: base, reason: error.keyword, message: error.message ?? error.keyword });
    }
  }
  // The same field can fail in several branches of a schema; report each (path, reason) once.
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const id = `${issue.path}|${issue.reason}`;
    return seen.has(id) ? false : (seen.add(id), true);
  });
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
      return reply.code(error.statusCode).headers(error.headers).send(errorBody(error.code, error.message));
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
