import type { Ack, Lease } from '@benchline/shared';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { reconcileHeartbeat } from '../collaboration/held-leases.js';
import { useSessionStore } from './session.js';

const send = vi.hoisted(() => vi.fn<(event: string, request: unknown, timeoutMs?: number) => Promise<unknown>>());
vi.mock('../services/commands.js', () => ({ commands: { send }, newCommandId: () => 'cmd-1' }));

const lease = (memberId: string, token: number, holder = 'ana'): Lease => ({
  memberId,
  holder,
  holderName: holder === 'ana' ? 'Ana Ruiz' : 'Ben Okafor',
  token,
  claimedAt: '2026-11-27T10:00:00.000Z',
});
const ok = <T>(data: T): Ack<T> => ({ ok: true, data });

/** Answers each command by name from a table of replies (the last reply repeats). */
function answer(replies: Record<string, Ack<unknown>[]>): void {
  send.mockImplementation((event: string) => {
    const queue = replies[event] ?? [ok(null)];
    return Promise.resolve(queue.length > 1 ? queue.shift() : queue[0]);
  });
}

describe('reconcileHeartbeat', () => {
  it('keeps what the heartbeat names, loses what it omits, and spares leases claimed after it went out', () => {
    const held = [
      { lease: lease('M1', 1), claimedAtMs: 100 },
      { lease: lease('M2', 2), claimedAtMs: 100 },
      { lease: lease('M3', 3), claimedAtMs: 500 },
    ];
    const result = reconcileHeartbeat(held, [lease('M1', 7)], 400, 600);
    expect(result.held.map((entry) => [entry.lease.memberId, entry.lease.token])).toEqual([
      ['M1', 7],
      ['M3', 3],
    ]);
    expect(result.lost).toEqual([{ memberId: 'M2', reason: 'expired', holderName: null, atMs: 600 }]);
  });
});

describe('useSessionStore', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    send.mockReset();
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  const ready = () => {
    const session = useSessionStore();
    session.onReady({ sessionId: 's1', userId: 'ana', userName: 'Ana Ruiz', role: 'coordinator', heartbeatMs: 5000 });
    return session;
  };

  it('beats every heartbeatMs once ready and says where the screen is, again after a reconnect', async () => {
    answer({ 'session:heartbeat': [ok({ leases: [] })] });
    const session = useSessionStore();
    await session.setWhereabouts('queue', null);
    expect(send).not.toHaveBeenCalled(); // not connected yet
    session.onReady({ sessionId: 's1', userId: 'ana', userName: 'Ana Ruiz', role: 'coordinator', heartbeatMs: 5000 });
    expect(send).toHaveBeenCalledWith('presence:update', { page: 'queue', memberId: null });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(send.mock.calls.filter(([event]) => event === 'session:heartbeat')).toHaveLength(2);
    session.onDisconnect();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(send.mock.calls.filter(([event]) => event === 'session:heartbeat')).toHaveLength(2);
  });

  it('detects a lease the heartbeat no longer lists as lost', async () => {
    answer({ 'lease:claim': [ok(lease('M1', 4))], 'session:heartbeat': [ok({ leases: [] })] });
    const session = ready();
    expect((await session.claim('M1')).ok).toBe(true);
    expect(session.holds('M1')).toBe(true);
    await vi.advanceTimersByTimeAsync(1);
    await session.heartbeat();
    expect(session.holds('M1')).toBe(false);
    expect(session.lostByMember.get('M1')?.reason).toBe('expired');
  });

  it('loses every lease with the connection, and a new claim clears the loss', async () => {
    answer({ 'lease:claim': [ok(lease('M1', 4)), ok(lease('M1', 9))] });
    const session = ready();
    await session.claim('M1');
    session.onDisconnect();
    expect(session.lostByMember.get('M1')?.reason).toBe('disconnected');
    await session.claim('M1');
    expect(session.heldByMember.get('M1')?.token).toBe(9);
    expect(session.lost).toEqual([]);
  });

  it('notices a reassignment in the leases view', async () => {
    answer({ 'lease:claim': [ok(lease('M1', 4))] });
    const session = ready();
    await session.claim('M1');
    session.noteLeasesView(new Map([['M1', lease('M1', 4)]]));
    expect(session.holds('M1')).toBe(true);
    session.noteLeasesView(new Map([['M1', lease('M1', 5, 'ben')]]));
    expect(session.lostByMember.get('M1')).toMatchObject({ reason: 'reassigned', holderName: 'Ben Okafor' });
  });

  it('records under the lease token, retries a lost acknowledgement as the same command, and marks a stale lease lost', async () => {
    answer({
      'lease:claim': [ok(lease('M1', 4))],
      'worklist:record': [
        { ok: false, error: { code: 'TIMEOUT' } },
        ok({ status: 'duplicate', eventId: 'e1' }),
        { ok: false, error: { code: 'LEASE_STALE' } },
      ],
    });
    const session = ready();
    await session.claim('M1');
    const action = { type: 'close' as const, gapId: 'M1:AWV:2026-01-01', reason: 'completed-elsewhere' as const };
    expect(await session.record('M1', action)).toEqual(ok({ status: 'duplicate', eventId: 'e1' }));
    const records = send.mock.calls.filter(([event]) => event === 'worklist:record').map(([, command]) => command);
    expect(records).toHaveLength(2);
    expect(records[0]).toEqual(records[1]);
    expect(records[0]).toMatchObject({ commandId: 'cmd-1', memberId: 'M1', token: 4, action });

    const stale = await session.record('M1', action);
    expect(stale.ok).toBe(false);
    expect(session.lostByMember.get('M1')?.reason).toBe('stale');
    expect((await session.record('M1', action)).ok).toBe(false);
  });

  it('refuses a claim someone else holds and releases only what it holds', async () => {
    answer({
      'lease:claim': [{ ok: false, error: { code: 'LEASE_HELD', message: 'Ben Okafor is working this patient' } }],
    });
    const session = ready();
    const reply = await session.claim('M1');
    expect(reply.ok).toBe(false);
    expect(session.holds('M1')).toBe(false);
    send.mockClear();
    expect(await session.release('M1')).toEqual(ok(null));
    expect(send).not.toHaveBeenCalled();
  });
});
