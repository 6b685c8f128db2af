/**
 * The fan-out's busy-room rule against a real feed: a room whose broadcasts are expensive is sent to less often
 * than its view's tick, in proportion to what a broadcast costs, and the changes it gathers meanwhile still arrive
 * merged; once broadcasts are cheap again the room speeds back up. A broadcast's cost comes from an injected clock
 * that the test's emit advances, so the rule is checked without depending on how fast this machine writes.
 */
import type { ViewChanged } from '@benchline/shared';
import { viewRoom } from '@benchline/shared';
import { createKeySpace, FEED_FIELDS } from '@benchline/shared/backend';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '../../../tests/support/eventually.js';
import { connectTestRedis, uniquePrefix } from '../../../tests/support/redis.js';
import { createChangeFanout, type ChangeFanout } from './change-fanout.js';

const prefix = uniquePrefix();
const redis = connectTestRedis(prefix);
const keys = createKeySpace(prefix);
const TENANT = 'busy';
const TICK_MS = 5;

let fanout: ChangeFanout | undefined;
afterEach(async () => {
  await fanout?.close();
  fanout = undefined;
});

let version = 0;
/** Appends one spend change to the tenant's feed, as a worker's commit does. */
async function append(): Promise<void> {
  version += 1;
  const change = {
    months: { '2026-03': { paidCents: version * 100, claims: version } },
    paidThrough: null,
    updatedAt: null,
  };
  await redis.xadd(
    keys.feed(TENANT),
    '*',
    FEED_FIELDS.view,
    'spend',
    FEED_FIELDS.version,
    String(version),
    FEED_FIELDS.prev,
    String(version - 1),
    FEED_FIELDS.change,
    JSON.stringify(change),
  );
}

describe('the change fan-out, a room that is expensive to send to', () => {
  it('ticks no faster than twice what a broadcast costs, merging what arrives meanwhile, and speeds up again', async () => {
    let clock = 0;
    let cost = 0;
    const sent: { change: ViewChanged; at: number }[] = [];
    fanout = createChangeFanout({
      redis,
      blocking: redis.duplicate(),
      keys,
      tickMs: TICK_MS,
      busyRoomFactor: 2,
      now: () => clock,
      emit: (room, change) => {
        expect(room).toBe(viewRoom(TENANT, 'spend'));
        sent.push({ change, at: performance.now() });
        clock += cost; // this broadcast "took" `cost` ms
      },
      logger: pino({ level: 'silent' }),
    });
    await fanout.watch(TENANT);

    // A first broadcast that costs 60 ms: the room's next one waits at least 120 ms, whatever the 5 ms tick says.
    cost = 60;
    await append();
    await eventually(() => expect(sent).toHaveLength(1));
    await append();
    await append();
    await eventually(() => expect(sent).toHaveLength(2), { timeoutMs: 5000 });
    const [first, second] = sent as [(typeof sent)[0], (typeof sent)[0]];
    expect(second.at - first.at).toBeGreaterThanOrEqual(110);
    // The two changes that waited went as one, from the first's base to the last version.
    expect(second.change).toMatchObject({ fromVersion: 1, toVersion: 3 });

    // Cheap broadcasts again: the running cost falls by a quarter of the gap at each send, so after ten more
    // changes a room that had to wait 120 ms waits its tick again — had the cost stuck, it would still wait 120.
    cost = 0;
    for (let i = 0; i < 10; i += 1) {
      const before = sent.length;
      await append();
      await eventually(() => expect(sent.length).toBeGreaterThan(before), { timeoutMs: 5000, intervalMs: 2 });
    }
    const appended = performance.now();
    await append();
    await eventually(() => expect(sent.at(-1)?.change).toMatchObject({ toVersion: version }), { intervalMs: 2 });
    expect(performance.now() - appended).toBeLessThan(110);
  });
});
