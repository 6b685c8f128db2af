/**
 * The gateway's fan-out: every subscriber on every server instance gets each change exactly once, bursts are
 * coalesced into few messages that still add up to the right state, and a client that missed changes resyncs.
 */
import type { SpendSnapshot, ViewChangedOf } from '@benchline/shared';
import { applySpendChange, decideChange } from '@benchline/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aClaim } from '../support/claims.js';
import { connectClient, type TestClient } from '../support/connect-client.js';
import { eventually } from '../support/eventually.js';
import { startStack, type TestStack } from '../support/start-stack.js';

let stack: TestStack;
const clients: TestClient[] = [];

beforeEach(async () => {
  stack = await startStack();
});
afterEach(async () => {
  clients.splice(0).forEach((client) => client.close());
  await stack.close();
});

async function client(url = stack.url): Promise<TestClient> {
  const c = await stack.connect({}, url);
  clients.push(c);
  return c;
}

/** Replays changes on a snapshot the way a client store does; fails on a gap. */
function replay(start: { version: number; snapshot: SpendSnapshot }, changes: ViewChangedOf<'spend'>[]): SpendSnapshot {
  let { version, snapshot } = start;
  for (const change of changes) {
    const decision = decideChange(version, change);
    expect(decision).not.toBe('gap');
    if (decision === 'apply') {
      snapshot = applySpendChange(snapshot, change.change);
      version = change.toVersion;
    }
  }
  return snapshot;
}

describe('change fan-out', () => {
  it('reaches subscribers on two server instances exactly once each', async () => {
    const secondUrl = await stack.startAnotherServer();
    const [a, b] = [await client(), await client(secondUrl)];
    await Promise.all([a.subscribe('spend'), b.subscribe('spend')]);

    await stack.post('/api/v1/claims', aClaim());
    await eventually(() => {
      expect(a.changes).toHaveLength(1);
      expect(b.changes).toHaveLength(1);
    });
    expect(a.changes[0]).toEqual(b.changes[0]);

    // A second claim arriving means any duplicate of the first would already have been delivered.
    await stack.post('/api/v1/claims', aClaim({ claimId: 'CLM-0002' }));
    await eventually(() => expect(a.changesOf('spend').at(-1)?.change.months['2026-03']?.claims).toBe(2));
    await eventually(() => expect(b.changesOf('spend').at(-1)?.change.months['2026-03']?.claims).toBe(2));
    expect(new Set(a.changes.map((c) => c.toVersion)).size).toBe(a.changes.length);
    expect(new Set(b.changes.map((c) => c.toVersion)).size).toBe(b.changes.length);
  });

  it('coalesces a burst into fewer messages whose replay equals the final snapshot', async () => {
    const watcher = await client();
    const start = await watcher.subscribe('spend');
    const claims = Array.from({ length: 60 }, (_, i) =>
      aClaim({
        claimId: `CLM-${i}`,
        paidDate: '2026-07-20',
        throughDate: `2026-0${1 + (i % 6)}-15`,
        fromDate: `2026-0${1 + (i % 6)}-15`,
        paidAmount: 10 + i,
      }),
    );
    const responses = await Promise.all(claims.map((claim) => stack.post('/api/v1/claims', claim)));
    expect(responses.map((r) => r.status)).toEqual(claims.map(() => 202));
    await stack.drained();

    const final = await (await client()).subscribe('spend');
    await eventually(() => expect(watcher.changes.at(-1)?.toVersion).toBe(final.version));
    expect(watcher.changes.length).toBeLessThan(claims.length);
    if (start.viewId !== 'spend' || final.viewId !== 'spend') {
      throw new Error('unexpected view');
    }
    expect(replay(start, watcher.changesOf('spend')).months).toEqual(final.snapshot.months);
    const total = Object.values(final.snapshot.months).reduce((sum, m) => sum + m.paidCents, 0);
    expect(total).toBe(claims.reduce((sum, c) => sum + Math.round(c.paidAmount * 100), 0));
  });

  it('lets a client that was away catch up by resubscribing', async () => {
    const away = await client();
    await away.subscribe('spend');
    away.socket.disconnect();

    await stack.post('/api/v1/claims', aClaim());
    await stack.drained();
    away.socket.connect();
    await new Promise<void>((resolve) => away.socket.once('connect', () => resolve()));
    const state = await away.subscribe('spend');
    expect(state.snapshot.months).toEqual({ '2026-03': { paidCents: 10014, claims: 1 } });
  });

  it('refuses a connection without a valid session, and a subscription to an unknown view', async () => {
    await expect(connectClient(stack.url, { cookie: 'benchline_session=forged-token' })).rejects.toThrow(
      'UNAUTHORIZED',
    );
    const c = await client();
    const reply: unknown = await c.socket.timeout(2000).emitWithAck('view:subscribe', { viewId: 'nope' } as never);
    expect(reply).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
  });
});
