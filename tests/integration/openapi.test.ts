/** The OpenAPI description is generated from the same TypeBox schemas the routes validate with, and served. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type TestStack } from '../support/start-stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack({ workers: false });
});
afterAll(async () => {
  await stack.close();
});

describe('GET /docs', () => {
  it('describes every ingest route with its schema', async () => {
    const response = await fetch(`${stack.url}/docs/json`);
    expect(response.status).toBe(200);
    const spec = (await response.json()) as {
      openapi: string;
      paths: Record<
        string,
        { post?: { requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> } } }
      >;
    };
    expect(spec.openapi).toMatch(/^3\./);
    for (const path of [
      '/api/v1/events',
      '/api/v1/claims',
      '/api/v1/members',
      '/api/v1/providers',
      '/api/v1/clinical',
      '/api/v1/contracts',
      '/api/v1/rosters',
      '/api/v1/events/bulk',
      '/api/v1/fhir',
    ]) {
      expect(spec.paths[path]?.post, path).toBeDefined();
    }
    const claim = spec.paths['/api/v1/claims']?.post?.requestBody?.content['application/json']?.schema;
    expect(Object.keys(claim?.properties ?? {})).toEqual(
      expect.arrayContaining(['claimId', 'version', 'diagnoses', 'lines']),
    );
  });

  it('serves the interactive page', async () => {
    const response = await fetch(`${stack.url}/docs`, { redirect: 'follow' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
  });
});
