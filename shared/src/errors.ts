import { Type, type Static } from 'typebox';

/**
 * Machine-readable error codes, the same on HTTP and on socket acknowledgements. Clients translate codes; the
 * API never asks them to parse English.
 */
export const ErrorCode = Type.Enum([
  'VALIDATION_FAILED',
  'MALFORMED_JSON',
  /** A body sent as HL7 v2 that holds no message (no MSH segment), or that is not text in its declared charset. */
  'MALFORMED_HL7',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  /** Another coordinator holds the patient (lease:claim). */
  'LEASE_HELD',
  /** The write's fencing token is not the patient's current lease: it expired, was released or reassigned. */
  'LEASE_STALE',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'RATE_LIMITED',
  'SERVICE_UNAVAILABLE',
  'TIMEOUT',
  'INTERNAL',
]);
export type ErrorCode = Static<typeof ErrorCode>;

/** One problem with one field: a JSON pointer into the input, the rule it broke, and a readable message. */
export const FieldIssue = Type.Object({
  path: Type.String({ description: 'JSON pointer into the submitted document, e.g. /lines/0/hcpcs' }),
  reason: Type.String({ description: 'The rule that failed: required, pattern, format, enum, type, …' }),
  message: Type.String(),
});
export type FieldIssue = Static<typeof FieldIssue>;

export const AppError = Type.Object({
  code: ErrorCode,
  message: Type.Optional(Type.String()),
  issues: Type.Optional(Type.Array(FieldIssue)),
});
export type AppError = Static<typeof AppError>;

/** The only shape an HTTP error body takes. */
export const ErrorBody = Type.Object({ error: AppError });
export type ErrorBody = Static<typeof ErrorBody>;
