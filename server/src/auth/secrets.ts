/**
 * Bearer secrets (session tokens, ingest API keys, wall-device tokens): 32 random bytes, and the SHA-256 under which
 * they are stored. A secret of that entropy needs no slow hash — a lookup by its digest is safe, and Redis never
 * holds anything that would let a reader act as its owner.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function digestOf(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** A short public id for a secret (its digest's first 16 hex), for audit records and key listings. */
export function fingerprintOf(secret: string): string {
  return digestOf(secret).slice(0, 16);
}

export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
