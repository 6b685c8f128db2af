import type { AppError } from '../errors.js';

/** Every socket command is answered with exactly one of these; failures travel in the ack, never as throws. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: AppError };
