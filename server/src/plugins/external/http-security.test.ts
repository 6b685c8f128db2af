import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import httpSecurity from './http-security.js';

describe('http-security', () => {
  const app = Fastify();
  beforeAll(async () => {
    await app.register(httpSecurity, { corsOrigins: [] });
    app.get('/page', async () => 'ok');
    app.post('/api', async (_request, reply) => reply.code(201).send({ ok: true }));
    await app.ready();
  });
  afterAll(() => app.close());

  it('sends the strict CSP, no-sniff, no-framing and HSTS on every answer', async () => {
    for (const request of [
      { method: 'GET' as const, url: '/page' },
      { method: 'POST' as const, url: '/api', payload: {} },
      { method: 'GET' as const, url: '/missing' },
    ]) {
      const response = await app.inject(request);
      const csp = response.headers['content-security-policy'];
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).not.toContain('upgrade-insecure-requests');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(response.headers['strict-transport-security']).toMatch(/^max-age=\d+/);
      expect(response.headers['cross-origin-embedder-policy']).toBeUndefined();
    }
  });

  it('keeps CORS closed when no origin is configured', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/page',
      headers: { origin: 'https://elsewhere.example' },
    });
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });
});
