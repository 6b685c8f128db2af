/**
 * The error envelope of the FHIR operations (`/api/v1/fhir/Measure/…`): an OperationOutcome, as FHIR clients
 * expect, instead of the API's `{ error }` body. Each issue names the parameter it is about in `expression` and
 * says what is wrong in `diagnostics`; a 5xx says nothing more than its kind (the log has the detail, ids only).
 * `installOperationOutcomeErrors` sets the error handler of one encapsulated plugin, so only its routes answer
 * this way.
 */
import type { ErrorCode } from '@benchline/shared';
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { HttpError } from './errors.js';

export const FHIR_JSON = 'application/fhir+json; charset=utf-8';

/** FHIR IssueType codes used here. */
export type IssueType =
  | 'invalid'
  | 'structure'
  | 'required'
  | 'value'
  | 'login'
  | 'not-found'
  | 'not-supported'
  | 'too-long'
  | 'transient'
  | 'timeout'
  | 'exception';

export const OperationOutcomeIssue = Type.Object({
  severity: Type.Enum(['fatal', 'error', 'warning', 'information']),
  code: Type.String({ description: 'FHIR IssueType: invalid, required, not-found, not-supported, timeout, …' }),
  diagnostics: Type.Optional(Type.String()),
  expression: Type.Optional(Type.Array(Type.String(), { description: 'The parameter the issue is about' })),
});
export type OperationOutcomeIssue = Static<typeof OperationOutcomeIssue>;

export const OperationOutcome = Type.Object(
  { resourceType: Type.Literal('OperationOutcome'), issue: Type.Array(OperationOutcomeIssue, { minItems: 1 }) },
  { description: 'FHIR R4 OperationOutcome' },
);
export type OperationOutcome = Static<typeof OperationOutcome>;

export interface OutcomeIssue {
  code: IssueType;
  diagnostics: string;
  /** The parameter (or element) the issue is about. */
  expression?: string;
}

export function operationOutcome(issues: readonly OutcomeIssue[]): OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    issue: issues.map(({ code, diagnostics, expression }) => ({
      severity: 'error' as const,
      code,
      diagnostics,
      ...(expression === undefined ? {} : { expression: [expression] }),
    })),
  };
}

/** A failure of a FHIR operation: the status to answer with and the issues of its OperationOutcome. */
export class OperationError extends Error {
  constructor(
    readonly statusCode: number,
    readonly issues: readonly OutcomeIssue[],
    readonly headers: Record<string, string> = {},
  ) {
    super(issues.map((issue) => issue.diagnostics).join('; '));
  }
}

const ISSUE_OF_CODE: Partial<Record<ErrorCode, IssueType>> = {
  VALIDATION_FAILED: 'invalid',
  MALFORMED_JSON: 'structure',
  UNAUTHORIZED: 'login',
  NOT_FOUND: 'not-found',
  PAYLOAD_TOO_LARGE: 'too-long',
  UNSUPPORTED_MEDIA_TYPE: 'not-supported',
  SERVICE_UNAVAILABLE: 'transient',
  TIMEOUT: 'timeout',
};

const FASTIFY_CODES: Record<string, { status: number; code: IssueType }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'structure' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'structure' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'too-long' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'not-supported' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'structure' },
};

/** The status and OperationOutcome an error answers with. */
export function outcomeOfError(error: unknown): {
  status: number;
  body: OperationOutcome;
  headers: Record<string, string>;
} {
  if (error instanceof OperationError) {
    return { status: error.statusCode, body: operationOutcome(error.issues), headers: error.headers };
  }
  if (error instanceof HttpError) {
    const issues: OutcomeIssue[] =
      error.issues !== undefined && error.issues.length > 0
        ? error.issues.map((issue) => ({ code: 'invalid', diagnostics: issue.message, expression: issue.path }))
        : [{ code: ISSUE_OF_CODE[error.code] ?? 'exception', diagnostics: error.message }];
    return { status: error.statusCode, body: operationOutcome(issues), headers: error.headers };
  }
  const fastifyError = error as Partial<FastifyError>;
  const known = fastifyError.code === undefined ? undefined : FASTIFY_CODES[fastifyError.code];
  if (known !== undefined) {
    const diagnostics = fastifyError.message ?? 'the request cannot be read';
    return { status: known.status, body: operationOutcome([{ code: known.code, diagnostics }]), headers: {} };
  }
  const status = fastifyError.statusCode;
  if (status !== undefined && status >= 400 && status < 500) {
    const diagnostics = fastifyError.message ?? 'the request is not valid';
    return { status, body: operationOutcome([{ code: 'invalid', diagnostics }]), headers: {} };
  }
  return {
    status: 500,
    body: operationOutcome([{ code: 'exception', diagnostics: 'the operation failed' }]),
    headers: {},
  };
}

/**
 * Makes every error of the plugin's routes an OperationOutcome (scoped to the encapsulated plugin), including
 * those raised before a handler runs (authentication, media type, a body that is not JSON). `onError` runs first,
 * with the status about to be answered (e.g. to audit the failed call); its own failure changes nothing.
 */
export function installOperationOutcomeErrors(
  app: FastifyInstance,
  onError?: (request: FastifyRequest, status: number) => Promise<void>,
): void {
  app.setErrorHandler(async (error, request, reply) => {
    const { status, body, headers } = outcomeOfError(error);
    if (status === 500) {
      // Unexpected: the log has the error (ids only), the body says nothing more.
      request.log.error({ err: error }, 'operation failed');
    }
    await onError?.(request, status).catch(() => undefined);
    return reply.code(status).headers(headers).type(FHIR_JSON).send(body);
  });
}
