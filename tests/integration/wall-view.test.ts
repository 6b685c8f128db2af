/**
 * The wall view through the real stack: a wall device receives aggregates only — projected on the server, small
 * cells suppressed, no member id anywhere in what it is sent — follows ingest live, and is refused every other view
 * and command.
 */
import type { CanonicalEvent } from '@benchline/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAco, demoEvents } from '../../tools/src/demo/demo-data.js';
import { postBulkEvents } from '../../tools/src/demo/post-events.js';
import { aClaim } from '../support/claims.js';
import type { TestClient } from '../support/connect-client.js';
import { eventually } from '../support/eventually.js';
import { startStack, type TestStack } from '../support/start-stack.js';

let stack: TestStack;
let events: CanonicalEvent[];
let wall: TestClient;

beforeAll(async () => {
  stack = await startStack();
  events = [...demoEvents(demoAco({ members: 30, months: 12, seed: 5, endMonth: '2026-06' }))];
  const tally = await postBulkEvents(events, { baseUrl: stack.url, apiKey: stack.apiKey, linesPerRequest: 500 });
  expect(tally.rejected).toBe(0);
  await stack.drained({ timeoutMs: 30_000 });
  wall = await stack.connect({ userId: 'wall-1', name: 'Lobby wall', role: 'wall' });
}, 120_000);
afterAll(async () => {
  wall.close();
  await stack.close();
});

const memberIds = (): string[] => [...new Set(events.flatMap((e) => ('memberId' in e ? [e.memberId] : [])))];

describe('the wall view', () => {
  it('sends aggregates with small cells suppressed and no patient in them', async () => {
    const state = await wall.subscribe('wall');
    const snapshot = state.snapshot;
    expect(snapshot.members).toBe(30);
    expect(snapshot.measures.map((m) => m.measureId).sort()).toEqual(['CMS122', 'CMS125', 'CMS130', 'CMS165', 'CMS2']);
    for (const measure of snapshot.measures) {
      for (const count of [measure.met, measure.eligible]) {
        expect(count === null || count === 0 || count >= 11).toBe(true);
      }
    }
    expect(snapshot.spendByMonth.length).toBeGreaterThan(0);
    const text = JSON.stringify(state);
    for (const memberId of memberIds()) {
      expect(text).not.toContain(memberId);
    }
  });

  it('follows ingest live, whole, and still names no patient', async () => {
    const before = (await wall.subscribe('wall')).snapshot;
    const month = '2026-05';
    const paid = before.spendByMonth.find((m) => m.month === month)?.paidCents ?? 0;
    const memberId = memberIds()[0]!;
    const day = `${month}-04`;
    const claim = aClaim({
      claimId: 'CLM-WALL',
      memberId,
      fromDate: day,
      throughDate: day,
      paidDate: `${month}-20`,
      lines: [{ ...aClaim().lines[0]!, fromDate: day, throughDate: day }],
    });
    expect((await stack.post('/api/v1/claims', claim)).status).toBe(202);
    await eventually(
      () => {
        const last = wall.changesOf('wall').at(-1)?.change;
        expect(last?.spendByMonth.find((m) => m.month === month)?.paidCents).toBe(paid + 10014);
      },
      { timeoutMs: 10_000 },
    );
    expect(JSON.stringify(wall.changes)).not.toContain(memberId);
    // Only the wall's own views ever reach it.
    expect(new Set(wall.changes.map((c) => c.viewId))).toEqual(new Set(['wall']));
  });

  it('refuses a wall device every other view and command', async () => {
    for (const viewId of ['gaps', 'leases', 'presence', 'rollups', 'spend', 'finance'] as const) {
      expect(await wall.socket.timeout(5000).emitWithAck('view:subscribe', { viewId })).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN' },
      });
    }
    expect(await wall.ask('lease:claim', { memberId: memberIds()[0]! })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await wall.ask('patient:panel', { memberId: memberIds()[0]! })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(typeof (await wall.subscribe('freshness')).snapshot.claimsPaidThrough).toBe('string');
  });
});
