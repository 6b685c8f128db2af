import { describe, expect, it } from 'vitest';
import { deviceTokenFromHash, formatWait, signInFailureMessage, wallLink } from './sign-in.js';

const failure = (status: number, retryAfterSeconds: number | null = null) => ({
  status,
  code: status === 429 ? 'RATE_LIMITED' : 'UNAUTHORIZED',
  retryAfterSeconds,
});

describe('signInFailureMessage', () => {
  it('says a wrong login or password without saying which', () => {
    expect(signInFailureMessage(failure(401))).toBe('The login name or password is wrong.');
  });

  it('says how long to wait once throttled', () => {
    expect(signInFailureMessage(failure(429, 42))).toBe('Too many failed sign-ins. Try again in 42 seconds.');
    expect(signInFailureMessage(failure(429, 900))).toBe('Too many failed sign-ins. Try again in 15 minutes.');
    expect(signInFailureMessage(failure(429))).toMatch(/wait a few minutes/i);
  });

  it('tells a network failure and a server failure apart', () => {
    expect(signInFailureMessage(failure(0))).toMatch(/could not be reached/);
    expect(signInFailureMessage(failure(503))).toMatch(/try again in a moment/i);
  });
});

describe('formatWait', () => {
  it('rounds up to whole seconds, and to minutes past a minute and a half', () => {
    expect(formatWait(0.2)).toBe('1 second');
    expect(formatWait(89)).toBe('89 seconds');
    expect(formatWait(91)).toBe('2 minutes');
  });
});

describe('deviceTokenFromHash', () => {
  it('reads the token from a wall link, and nothing else', () => {
    const token = 'wall_AbC-_0123456789xyz';
    expect(deviceTokenFromHash(`#device=${token}`)).toBe(token);
    expect(deviceTokenFromHash(new URL(wallLink('https://bl.example', token)).hash)).toBe(token);
    expect(deviceTokenFromHash('')).toBeNull();
    expect(deviceTokenFromHash('#device=short')).toBeNull();
    expect(deviceTokenFromHash('#other=wall_AbC-_0123456789xyz')).toBeNull();
  });
});
