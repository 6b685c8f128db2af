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

/**
 * A command's payload and acknowledgement, from the arguments it arrived with: the ack is the last argument when
 * that is a function. A sender that leaves the payload out (`emit('lease:claim', ack)`) is answered — its payload
 * is undefined, which no schema takes — instead of waiting forever because its ack sat where the payload should.
 */
export function commandArgs<R>(args: readonly unknown[]): { payload: unknown; ack: ((reply: R) => void) | null } {
  const last = args.at(-1);
  if (typeof last !== 'function') {
    return { payload: args[0], ack: null };
  }
  return { payload: args.length > 1 ? args[0] : undefined, ack: last as (reply: R) => void };
}

export function failure(error: unknown): Ack<never> {
  if (error instanceof HttpError) {
    return { ok: false, error: { code: error.code, message: error.message } };
  }
  return { ok: false, error: { code: 'INTERNAL' } };
}
