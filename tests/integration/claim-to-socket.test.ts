/**
 * The foundation slice end to end against real Redis: POST a claim → BullMQ → the worker's fold → the change
 * feed → the Socket.IO gateway → a socket.io-client.
 */
import type { SpendChange } from '@benchline/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aClaim } from '../support/claims.js';
import type { TestClient } from '../support/connect-client.js';
import { eventually } from '../support/eventually.js';
import { startStack, type TestStack } from '../support/start-stack.js';

let stack: TestStack;
let clients: TestClient[] = [];

beforeEach(async () => {
  stack = await startStack();
  clients = [];
});
afterEach(async () => {
  for (const client of clients) {
    client.close();
  }
  await stack.close();
});

async function subscribedClient(): Promise<{ client: TestClient; version: number }> {
  const client = await stack.connect();
  clients.push(client);
  const state = await client.subscribe('spend');
  return { client, version: state.version };
}

async function spendState(): Promise<{ version: number; months: SpendChange['months'] }> {
  const reader = await stack.connect();
  clients.push(reader);
  const state = await reader.subscribe('spend');
  return { version: state.version, months: state.snapshot.months };
}

describe('POST /api/v1/claims → live spend', () => {
  it('delivers each change to a subscribed client exactly once, each version following on from the last', async () => {
    const { client, version } = await subscribedClient();
    expect(version).toBe(0);

    const response = await stack.post('/api/v1/claims', aClaim());
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ status: 'accepted' });

    await eventually(() => expect(client.changes).toHaveLength(1));
    const [change] = client.changesOf('spend');
    expect(change).toMatchObject({ viewId: 'spend', fromVersion: 0 });
    expect(change!.toVersion).toBeGreaterThan(0);
    expect(change!.change.months).toEqual({ '2026-03': { paidCents: 10014, claims: 1 } });
    expect(change!.change.paidThrough).toBe('2026-03-20');

    // A second claim, posted once the first change has arrived (so the fan-out cannot coalesce the two): its change
    // starts where the first ended and ends higher.
    const second = await stack.post(
      '/api/v1/claims',
      aClaim({ claimId: 'CLM-0002', fromDate: '2026-04-01', throughDate: '2026-04-01', paidDate: '2026-04-20' }),
    );
    expect(second.status).toBe(202);
    await eventually(() => expect(client.changes).toHaveLength(2));
    const [first, next] = client.changesOf('spend');
    expect(next!.fromVersion).toBe(first!.toVersion);
    expect(next!.toVersion).toBeGreaterThan(first!.toVersion);
    expect(Object.keys(next!.change.months)).toEqual(['2026-04']);

    // Nothing else arrives: give the fan-out several ticks to send a duplicate if it were going to.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(client.changes).toHaveLength(2);
  });

  it('treats a re-post of the same claim id and version as a no-op', async () => {
    await stack.post('/api/v1/claims', aClaim());
    await eventually(async () => expect((await spendState()).version).toBeGreaterThan(0));
    const before = await spendState();
    const { client } = await subscribedClient();

    const again = await stack.post('/api/v1/claims', aClaim({ source: 'fhir' }));
    expect(again.status).toBe(202);
    expect(await again.json()).toMatchObject({ status: 'duplicate' });

    // A later claim proves the pipeline kept running; the duplicate must not have produced a change before it.
    const later = await stack.post(
      '/api/v1/claims',
      aClaim({ claimId: 'CLM-0002', fromDate: '2026-04-01', throughDate: '2026-04-01', paidDate: '2026-04-20' }),
    );
    expect(later.status).toBe(202);
    await eventually(() => expect(client.changes).toHaveLength(1));
    expect(Object.keys(client.changesOf('spend')[0]!.change.months)).toEqual(['2026-04']);
    const after = await spendState();
    expect(after.months['2026-03']).toEqual(before.months['2026-03']);
  });

  it('ends in the same state whichever order two versions of a claim arrive in', async () => {
    const v1 = aClaim({ version: 1, paidAmount: 100.14 });
    const v2 = aClaim({ version: 2, adjustment: 'adjustment', paidAmount: 80, throughDate: '2026-04-02' });

    await stack.post('/api/v1/claims', v1);
    await stack.post('/api/v1/claims', v2);
    await eventually(async () => expect((await spendState()).months['2026-04']?.claims).toBe(1));
    const inOrder = await spendState();
    await stack.close();

    stack = await startStack();
    await stack.post('/api/v1/claims', v2);
    await eventually(async () => expect((await spendState()).months['2026-04']?.claims).toBe(1));
    await stack.post('/api/v1/claims', v1);
    // v1 arriving late must change nothing; wait until its job has run.
    await stack.drained();
    const reversed = await spendState();

    expect(reversed.months).toEqual(inOrder.months);
    expect(reversed.months).toEqual({ '2026-04': { paidCents: 8000, claims: 1 } });
  });

  it('removes a cancelled claim from the month it was in', async () => {
    await stack.post('/api/v1/claims', aClaim());
    await stack.post('/api/v1/claims', aClaim({ version: 2, adjustment: 'cancel' }));
    await eventually(async () => expect((await spendState()).version).toBeGreaterThan(0));
    await eventually(async () => expect((await spendState()).months).toEqual({}));
  });

  it('refuses the same claim version with different content (409), leaving the first', async () => {
    await stack.post('/api/v1/claims', aClaim());
    const conflicting = await stack.post('/api/v1/claims', aClaim({ paidAmount: 5 }));
    expect(conflicting.status).toBe(409);
    expect(await conflicting.json()).toMatchObject({ error: { code: 'CONFLICT' } });
    await eventually(async () => expect((await spendState()).months['2026-03']?.paidCents).toBe(10014));
  });
});

describe('POST /api/v1/claims rejects bad input precisely', () => {
  it('names every offending field with a JSON pointer and the rule it broke', async () => {
    const bad = {
      ...aClaim({ fromDate: '2026-02-30' }),
      lines: [{ ...aClaim().lines[0], hcpcs: '99.14' }],
      extra: 1,
    } as Record<string, unknown>;
    delete bad.memberId;
    const response = await stack.post('/api/v1/claims', bad);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; issues: { path: string; reason: string }[] } };
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.issues.map((i) => [i.path, i.reason])).toEqual(
      expect.arrayContaining([
        ['/memberId', 'required'],
        ['/fromDate', 'format'],
        ['/lines/0/hcpcs', 'pattern'],
        ['/extra', 'unknown-field'],
      ]),
    );
  });

  it('answers malformed JSON with 400 MALFORMED_JSON and a wrong content type with 415', async () => {
    const malformed = await stack.post('/api/v1/claims', '{"kind": "claim",');
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: { code: 'MALFORMED_JSON' } });

    const wrongType = await fetch(`${stack.url}/api/v1/claims`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', authorization: `Bearer ${stack.apiKey}` },
      body: 'hello',
    });
    expect(wrongType.status).toBe(415);
    expect(await wrongType.json()).toMatchObject({ error: { code: 'UNSUPPORTED_MEDIA_TYPE' } });
  });

  it('requires a valid API key', async () => {
    const response = await fetch(`${stack.url}/api/v1/claims`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer not-a-key' },
      body: JSON.stringify(aClaim()),
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
  });
});
