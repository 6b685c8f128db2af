import { describe, expect, it } from 'vitest';
import { DEFAULT_SCRYPT_COST, hashPassword, verifyPassword } from './passwords.js';

/** Cheap parameters for speed; one test runs the production default. */
const LOW = { log2N: 10, r: 8, p: 1 };

/** Replaces field `index` of a `scrypt$N$r$p$salt$hash` string. */
function withField(stored: string, index: number, value: string): string {
  const fields = stored.split('$');
  fields[index] = value;
  return fields.join('$');
}

/** The same base64url text with its first character changed. */
const flipped = (text: string): string => `${text[0] === 'A' ? 'B' : 'A'}${text.slice(1)}`;

describe('password hashing', () => {
  it('verifies the password it hashed, and no other', async () => {
    const stored = await hashPassword('correct horse battery staple', LOW);
    expect(await verifyPassword('correct horse battery staple', stored)).toBe(true);
    expect(await verifyPassword('correct horse battery stapl', stored)).toBe(false);
    expect(await verifyPassword('Correct horse battery staple', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('salts every hash: the same password hashes differently each time, both verify', async () => {
    const [first, second] = await Promise.all([hashPassword('same', LOW), hashPassword('same', LOW)]);
    expect(first).not.toBe(second);
    expect(first.split('$')[4]).not.toBe(second.split('$')[4]);
    expect(await verifyPassword('same', first)).toBe(true);
    expect(await verifyPassword('same', second)).toBe(true);
    expect(first).not.toContain('same');
  });

  it('carries its parameters in the string, so a hash made at another cost still verifies', async () => {
    const stored = await hashPassword('cost travels', { log2N: 11, r: 4, p: 2 });
    const [scheme, log2N, r, p, salt, key] = stored.split('$');
    expect([scheme, log2N, r, p]).toEqual(['scrypt', '11', '4', '2']);
    expect(Buffer.from(salt!, 'base64url')).toHaveLength(16);
    expect(Buffer.from(key!, 'base64url')).toHaveLength(32);
    expect(await verifyPassword('cost travels', stored)).toBe(true);
    // The parameters are part of what is checked: the same salt and key under other parameters do not verify.
    expect(await verifyPassword('cost travels', withField(stored, 1, '10'))).toBe(false);
    expect(await verifyPassword('cost travels', withField(stored, 2, '8'))).toBe(false);
    expect(await verifyPassword('cost travels', withField(stored, 3, '1'))).toBe(false);
  });

  it('refuses a tampered or malformed hash instead of throwing', async () => {
    const stored = await hashPassword('tamper-proof', LOW);
    const tampered = [
      withField(stored, 5, flipped(stored.split('$')[5]!)),
      withField(stored, 4, flipped(stored.split('$')[4]!)),
      withField(stored, 5, stored.split('$')[5]!.slice(0, -2)),
      withField(stored, 0, 'bcrypt'),
      withField(stored, 1, '0'),
      withField(stored, 1, '-3'),
      withField(stored, 1, '10.5'),
      withField(stored, 1, 'x'),
      // A cost that would take gigabytes and minutes is refused, not attempted.
      withField(stored, 1, '40'),
      withField(stored, 2, '0'),
      stored.split('$').slice(0, 5).join('$'),
      '',
      'tamper-proof',
    ];
    for (const text of tampered) {
      expect(await verifyPassword('tamper-proof', text), text).toBe(false);
    }
  });

  it('compares passwords in Unicode NFKC form', async () => {
    const stored = await hashPassword('\uFB01sh caf\u00E9', LOW);
    expect(await verifyPassword('fish cafe\u0301', stored)).toBe(true);
  });

  it('uses scrypt N = 2^17, r = 8, p = 1 by default', async () => {
    expect(DEFAULT_SCRYPT_COST).toEqual({ log2N: 17, r: 8, p: 1 });
    const stored = await hashPassword('production cost');
    expect(stored).toMatch(/^scrypt\$17\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(await verifyPassword('production cost', stored)).toBe(true);
    expect(await verifyPassword('production cos', stored)).toBe(false);
  }, 20_000);
});
