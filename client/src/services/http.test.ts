import { describe, expect, it, vi } from 'vitest';
import { HttpFailure, createHttp, retryAfterSeconds } from './http.js';

type Call = { url: string; init: RequestInit };

function fakeFetch(answer: (call: Call) => Response | Promise<Response>) {
  const calls: Call[] = [];
  const fetch = vi.fn((input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const call = { url, init };
    calls.push(call);
    return Promise.resolve(answer(call));
  }) as unknown as typeof globalThis.fetch;
  return { fetch, calls };
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

describe('createHttp', () => {
  it('sends every change with the CSRF token, same-origin credentials and a JSON body', async () => {
    const { fetch, calls } = fakeFetch(() => json({ id: 'k1' }, 201));
    const http = createHttp({ fetch, csrfToken: () => 'csrf-123' });
    expect(await http.send('POST', '/api/v1/admin/api-keys', { name: 'Feed' })).toEqual({ id: 'k1' });
    const [call] = calls;
    const headers = new Headers(call?.init.headers);
    expect(call?.init.method).toBe('POST');
    expect(call?.init.credentials).toBe('same-origin');
    expect(headers.get('x-csrf-token')).toBe('csrf-123');
    expect(headers.get('content-type')).toBe('application/json');
    expect(call?.init.body).toBe('{"name":"Feed"}');
  });

  it('sends a change without a body without a JSON content type (the server refuses an empty JSON body)', async () => {
    const { fetch, calls } = fakeFetch(() => new Response(null, { status: 204 }));
    const http = createHttp({ fetch, csrfToken: () => 'csrf-123' });
    expect(await http.send('DELETE', '/api/v1/admin/devices/abc')).toBeUndefined();
    const headers = new Headers(calls[0]?.init.headers);
    expect(headers.get('x-csrf-token')).toBe('csrf-123');
    expect(headers.has('content-type')).toBe(false);
    expect(calls[0]?.init.body).toBeUndefined();
  });

  it('reads with the cookie but no token', async () => {
    const { fetch, calls } = fakeFetch(() => json({ ok: 1 }));
    const http = createHttp({ fetch, csrfToken: () => 'csrf-123' });
    await http.get('/api/v1/auth/session');
    expect(calls[0]?.init.method).toBe('GET');
    expect(calls[0]?.init.credentials).toBe('same-origin');
    expect(new Headers(calls[0]?.init.headers).has('x-csrf-token')).toBe(false);
  });

  it("throws the server's error with its code, message and Retry-After", async () => {
    const { fetch } = fakeFetch(() =>
      json({ error: { code: 'RATE_LIMITED', message: 'too many failed sign-ins' } }, 429, { 'retry-after': '37' }),
    );
    const http = createHttp({ fetch, csrfToken: () => null });
    const failure = await http
      .send('POST', '/api/v1/auth/login', { login: 'a', password: 'b' })
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(HttpFailure);
    expect(failure).toMatchObject({ status: 429, code: 'RATE_LIMITED', retryAfterSeconds: 37 });
  });

  it('reports a lost session on a 401, except from the sign-in routes (a wrong password is not one)', async () => {
    const onSessionLost = vi.fn();
    const { fetch } = fakeFetch(() => json({ error: { code: 'UNAUTHORIZED' } }, 401));
    const http = createHttp({ fetch, csrfToken: () => null, onSessionLost });
    await expect(http.send('POST', '/api/v1/auth/login', { login: 'a', password: 'b' })).rejects.toThrow();
    await expect(http.get('/api/v1/auth/session')).rejects.toThrow();
    expect(onSessionLost).not.toHaveBeenCalled();
    await expect(http.get('/api/v1/admin/users')).rejects.toMatchObject({ status: 401 });
    expect(onSessionLost).toHaveBeenCalledTimes(1);
  });

  it('turns no answer at all into status 0', async () => {
    const fetch = vi.fn(() => Promise.reject(new TypeError('Failed to fetch'))) as unknown as typeof globalThis.fetch;
    const http = createHttp({ fetch, csrfToken: () => null });
    await expect(http.get('/api/v1/auth/session')).rejects.toMatchObject({ status: 0, code: 'NETWORK' });
  });
});

describe('retryAfterSeconds', () => {
  it('reads seconds or an HTTP date', () => {
    const now = Date.parse('2026-11-27T10:00:00Z');
    expect(retryAfterSeconds('120', now)).toBe(120);
    expect(retryAfterSeconds('Fri, 27 Nov 2026 10:01:00 GMT', now)).toBe(60);
    expect(retryAfterSeconds(null, now)).toBeNull();
    expect(retryAfterSeconds('soon', now)).toBeNull();
  });
});
