import type { Ack, ViewChanged, ViewSubscribe, ViewSync } from '@benchline/shared';
import { emptySpendSnapshot } from '@benchline/shared';
import { describe, expect, it } from 'vitest';
import { liveViewTarget, useViewSync } from '../stores/view-sync.js';
import { createLiveViewSync } from './live-view-sync.js';
import type { BenchlineSocket } from './socket.js';

type SpendChanged = Extract<ViewChanged, { viewId: 'spend' }>;

const changed = (fromVersion: number, toVersion: number, claims: number): SpendChanged => ({
  viewId: 'spend',
  fromVersion,
  toVersion,
  change: { months: { '2026-03': { paidCents: claims * 100, claims } }, paidThrough: null, updatedAt: null },
  feedId: `${toVersion}-0`,
});

/** A socket the test answers by hand: every view:subscribe waits for `answer`. */
function fakeSocket() {
  const handlers = new Map<string, ((payload: unknown) => void)[]>();
  const requests: ViewSubscribe[] = [];
  const answers: ((reply: Ack<ViewSync>) => void)[] = [];
  const emitted: string[] = [];
  const socket = {
    connected: true,
    on(event: string, handler: (payload: unknown) => void) {
      handlers.set(event, [...(handlers.get(event) ?? []), handler]);
    },
    off(event: string, handler: (payload: unknown) => void) {
      handlers.set(
        event,
        (handlers.get(event) ?? []).filter((h) => h !== handler),
      );
    },
    emit(event: string) {
      emitted.push(event);
    },
    timeout: () => ({
      emitWithAck: (_event: string, request: ViewSubscribe) => {
        requests.push(request);
        return new Promise<Ack<ViewSync>>((resolve) => answers.push(resolve));
      },
    }),
  };
  return {
    socket: socket as unknown as BenchlineSocket,
    requests,
    emitted,
    answer: (reply: Ack<ViewSync>) => answers.shift()?.(reply),
    fire: (event: string, payload?: unknown) => (handlers.get(event) ?? []).forEach((h) => h(payload)),
    listeners: (event: string) => (handlers.get(event) ?? []).length,
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('createLiveViewSync', () => {
  it('takes a snapshot first, applies changes in order, and catches up from its feed position after a gap', async () => {
    const io = fakeSocket();
    const store = useViewSync('spend', emptySpendSnapshot);
    const sync = createLiveViewSync(io.socket, 'spend', liveViewTarget(store), 1000);
    sync.start();
    expect(io.requests).toEqual([{ viewId: 'spend' }]);
    io.answer({
      ok: true,
      data: {
        mode: 'snapshot',
        state: { viewId: 'spend', version: 3, snapshot: changed(0, 3, 2).change, feedId: '3-0' },
      },
    });
    await settle();
    expect(store.version.value).toBe(3);

    io.fire('view:changed', changed(3, 4, 5));
    expect(store.version.value).toBe(4);
    // Version 5 never arrived: a gap, so it asks for what it missed since the last change it took.
    io.fire('view:changed', changed(5, 6, 9));
    expect(sync.counts.gaps).toBe(1);
    expect(io.requests[1]).toEqual({ viewId: 'spend', since: { version: 4, feedId: '4-0' } });
    // A live change arriving during the catch-up is held and applied after it.
    io.fire('view:changed', changed(6, 7, 11));
    io.answer({ ok: true, data: { mode: 'changes', viewId: 'spend', changed: changed(4, 6, 9), feedId: '6-0' } });
    await settle();
    expect(store.version.value).toBe(7);
    expect(store.snapshot.value.months['2026-03']).toEqual({ paidCents: 1100, claims: 11 });
    expect(sync.counts).toEqual({ snapshots: 1, catchUps: 1, gaps: 1 });
  });

  it('resubscribes on every reconnect and lets go of the socket when stopped', async () => {
    const io = fakeSocket();
    const store = useViewSync('spend', emptySpendSnapshot);
    const sync = createLiveViewSync(io.socket, 'spend', liveViewTarget(store), 1000);
    sync.start();
    io.answer({
      ok: true,
      data: { mode: 'snapshot', state: { viewId: 'spend', version: 2, snapshot: emptySpendSnapshot(), feedId: '2-0' } },
    });
    await settle();
    io.fire('connect');
    expect(io.requests.at(-1)).toEqual({ viewId: 'spend', since: { version: 2, feedId: '2-0' } });
    sync.stop();
    expect(io.emitted).toEqual(['view:unsubscribe']);
    expect(io.listeners('view:changed') + io.listeners('connect')).toBe(0);
  });
});
