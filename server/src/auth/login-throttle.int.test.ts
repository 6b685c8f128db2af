import { createKeySpace } from '@benchline/shared/backend';
import { describe, expect, it } from 'vitest';
import { connectTestRedis, uniquePrefix } from '../../../tests/support/redis.js';
import { createLoginThrottle } from './login-throttle.js';

const prefix = uniquePrefix();

const redis = connectTestRedis(prefix);

const throttle = (options: { maxPerLogin?: number; maxPerAddress?: number; windowMs?: number } = {}) =>
  createLoginThrottle({ redis, keys: createKeySpace(prefix), ...options });

describe('the login throttle', () => {
  it('allows 5 attempts per login, refuses the 6th until the window ends — per login, whatever its case', async () => {
    const limiter = throttle({ windowMs: 1500 });
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      expect(await limiter.attempt('grace', '10.1.0.1'), `attempt ${attempt}`).toBe(0);
    }
    expect(await limiter.attempt('grace', '10.1.0.1')).toBe(2);
    expect(await limiter.attempt(' GRACE ', '10.1.0.2')).toBe(2);
    // Another login is untouched.
    expect(await limiter.attempt('henry', '10.1.0.1')).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 1600));
    expect(await limiter.attempt('grace', '10.1.0.1')).toBe(0);
  });

  it('counts attempts before they are checked: of many at once, exactly the limit get through', async () => {
    const limiter = throttle();
    const waits = await Promise.all(Array.from({ length: 40 }, () => limiter.attempt('iris', '10.2.0.1')));
    expect(waits.filter((wait) => wait === 0)).toHaveLength(5);
    expect(waits.filter((wait) => wait > 0 && wait <= 900)).toHaveLength(35);
  });

  it('clears a login on success and gives the address its attempt back, but not the failures before it', async () => {
    const limiter = throttle({ maxPerAddress: 4 });
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      expect(await limiter.attempt('jane', '10.3.0.1')).toBe(0);
    }
    // The fourth attempt succeeds.
    expect(await limiter.attempt('jane', '10.3.0.1')).toBe(0);
    await limiter.recordSuccess('jane', '10.3.0.1');
    const keys = createKeySpace(prefix);
    expect(await redis.get(keys.loginThrottle('login', 'jane'))).toBeNull();
    expect(await redis.get(keys.loginThrottle('address', '10.3.0.1'))).toBe('3');
    // One more failure from the address is allowed, the next is refused: the spray is still counted.
    expect(await limiter.attempt('kate', '10.3.0.1')).toBe(0);
    expect(await limiter.attempt('liam', '10.3.0.1')).toBeGreaterThan(0);
    // A success never takes the address below zero.
    await limiter.recordSuccess('mona', '10.3.0.9');
    await limiter.recordSuccess('mona', '10.3.0.9');
    expect(await redis.get(keys.loginThrottle('address', '10.3.0.9'))).toBeNull();
  });

  it('refuses an address past its own limit, across logins', async () => {
    const limiter = throttle({ maxPerAddress: 3 });
    expect(await limiter.attempt('n1', '10.4.0.1')).toBe(0);
    expect(await limiter.attempt('n2', '10.4.0.1')).toBe(0);
    expect(await limiter.attempt('n3', '10.4.0.1')).toBe(0);
    expect(await limiter.attempt('n4', '10.4.0.1')).toBeGreaterThan(0);
    expect(await limiter.attempt('n4', '10.4.0.2')).toBe(0);
  });
});
