/** Failures as acknowledgements: socket commands never throw at the client, they answer. */
import type { Ack, SchemaError } from '@benchline/shared';
import { toFieldIssues } from '@benchline/shared';
import { HttpError } from '../../http/errors.js';

/** A payload that failed its schema: VALIDATION_FAILED naming each field and the rule it broke. */
export function invalid(errors: Iterable<SchemaError>): Ack<never> {
  const issues = toFieldIssues([...errors].slice(0, 20));
  const first = issues[0];
  return {
    ok: false,
    error: {
      code: 'VALIDATION_FAILED',
      message: first === undefined ? 'invalid payload' : `${first.path} ${first.message}`,
      issues,
    },
  };
}

export function failure(error: unknown): Ack<never> {
  if (error instanceof HttpError) {
    return { ok: false, error: { code: error.code, message: error.message } };
  }
  return { ok: false, error: { code: 'INTERNAL' } };
}
