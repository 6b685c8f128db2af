/**
 * Brute-force protection for sign-in: attempts are counted per login name and per client address in fixed windows
 * in Redis (shared by every server instance). Past the limit, sign-in answers 429 with Retry-After until the window
 * ends — without checking the password, so a locked account costs the attacker nothing to learn.
 *
 * An attempt is counted *before* its password is checked, in one atomic step with the limit check (`attempt`), and
 * given back when it succeeds (`recordSuccess`). Checking first and counting after the (slow) password check would
 * let parallel requests all pass the check before any failure was counted: 100 guesses at once, not 5.
 */
import type { KeySpace } from '@benchline/shared/backend';
import type { Redis } from 'ioredis';

export interface LoginThrottleOptions {
  redis: Redis;
  keys: KeySpace;
  /** Failures per login name per window (default 5) and per address (default 50, a shared NAT is many people). */
  maxPerLogin?: number | undefined;
  maxPerAddress?: number | undefined;
  windowMs?: number | undefined;
}

/**
 * Counts one attempt (INCR, the window set on the first) and answers the milliseconds to wait when the count is
 * past the limit, else 0.
 */
const COUNT_ATTEMPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
if count > tonumber(ARGV[2]) then
  local ttl = redis.call('PTTL', KEYS[1])
  if ttl < 1 then ttl = 1 end
  return ttl
end
return 0
`;

/** Gives an attempt back (a success is not a failure), never below zero, keeping the window. */
const GIVE_BACK = `
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
if count > 0 then redis.call('DECR', KEYS[1]) end
return 0
`;

export type LoginThrottle = ReturnType<typeof createLoginThrottle>;

export function createLoginThrottle(options: LoginThrottleOptions) {
  const { redis, keys } = options;
  const maxPerLogin = options.maxPerLogin ?? 5;
  const maxPerAddress = options.maxPerAddress ?? 50;
  const windowMs = options.windowMs ?? 15 * 60_000;
  const loginKey = (login: string) => keys.loginThrottle('login', login.trim().toLowerCase());
  const addressKey = (address: string) => keys.loginThrottle('address', address);
  const count = async (key: string, max: number): Promise<number> =>
    Number(await redis.eval(COUNT_ATTEMPT, 1, key, String(windowMs), String(max)));

  return {
    /**
     * Counts a sign-in attempt against the login's and the address's limits, atomically with the check: the
     * seconds to wait (refuse it, unread) or 0 (check the password; call recordSuccess if it was right).
     */
    async attempt(login: string, address: string): Promise<number> {
      // A locked login is refused without spending the address's allowance.
      const byLogin = await count(loginKey(login), maxPerLogin);
      if (byLogin > 0) {
        return Math.ceil(byLogin / 1000);
      }
      return Math.ceil((await count(addressKey(address), maxPerAddress)) / 1000);
    },

    /**
     * A successful sign-in clears its login's count, and gives the address back the attempt it counted (not the
     * failures before it: one right guess does not reset a spray).
     */
    async recordSuccess(login: string, address: string): Promise<void> {
      await Promise.all([redis.del(loginKey(login)), redis.eval(GIVE_BACK, 1, addressKey(address))]);
    },
  };
}
