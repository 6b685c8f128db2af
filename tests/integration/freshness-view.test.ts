/**
 * The freshness view: claims, clinical data, enrolment and rosters each move a screen's "as of" live, forward only,
 * and a snapshot taken afterwards agrees with the changes.
 */
import type { FreshnessSnapshot } from '@benchline/shared';
import { applyFreshnessChange } from '@benchline/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VALID_CLINICAL } from '../../shared/src/validation/__fixtures__/valid-events.js';
import { aClaim } from '../support/claims.js';
import type { TestClient } from '../support/connect-client.js';
import { eventually } from '../support/eventually.js';
import { startStack, type TestStack } from '../support/start-stack.js';

let stack: TestStack;
let client: TestClient;

beforeAll(async () => {
  stack = await startStack();
  client = await stack.connect();
});
afterAll(async () => {
  client.close();
  await stack.close();
});

describe('the freshness view', () => {
  it('follows claims paid and clinical data as they arrive, forward only', async () => {
    const start = await client.subscribe('freshness');
    expect(start.snapshot).toEqual({
      claimsPaidThrough: null,
      clinicalThrough: null,
      enrollmentAsOf: null,
      rosterAsOf: null,
    });
    expect((await stack.post('/api/v1/claims', aClaim({ paidDate: '2026-03-20' }))).status).toBe(202);
    // An older paid date arriving later moves nothing back.
    expect((await stack.post('/api/v1/claims', aClaim({ claimId: 'CLM-OLD', paidDate: '2026-03-05' }))).status).toBe(
      202,
    );
    const clinical = { ...VALID_CLINICAL, effectiveDate: '2026-02-14' };
    expect((await stack.post('/api/v1/clinical', clinical)).status).toBe(202);
    await stack.drained();

    const expected: FreshnessSnapshot = {
      claimsPaidThrough: '2026-03-20',
      clinicalThrough: '2026-02-14',
      enrollmentAsOf: null,
      rosterAsOf: null,
    };
    await eventually(() =>
      expect(
        client.changesOf('freshness').reduce((view, c) => applyFreshnessChange(view, c.change), start.snapshot),
      ).toEqual(expected),
    );
    const again = await client.subscribe('freshness');
    expect(again.snapshot).toEqual(expected);
    expect(again.version).toBe(client.changesOf('freshness').at(-1)?.toVersion);
  });
});
