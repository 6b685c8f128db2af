/**
 * Tails each watched tenant's change feed (a Redis stream written by the workers and the gateway) and sends the
 * changes to the sockets in each view's room, coalesced per room and tick (per view): a wall screen needs a few
 * updates a second, not one per claim, while a coordinator's queue wants them within tens of milliseconds. Every server instance tails independently and emits only to its own sockets, so each client gets each
 * change exactly once however many instances run.
 *
 * Ordering: watch() fixes a tenant's cursor at the feed's current end before the caller reads a snapshot, so no
 * change after the snapshot can be missed; changes at or before the snapshot's version are ignored by clients.
 */
import type { ViewChanged, ViewId } from '@benchline/shared';
import { VIEW_IDS, VIEW_REDUCERS, viewRoom } from '@benchline/shared';
import type { FeedEntry, KeySpace } from '@benchline/shared/backend';
import { decodeFeedEntry } from '@benchline/shared/backend';
import type { Redis } from 'ioredis';
import type { FastifyBaseLogger } from 'fastify';

export interface ChangeFanout {
  /** Starts (or keeps) tailing a tenant's feed; resolves once its cursor is fixed. Reference counted. */
  watch(tenantId: string): Promise<void>;
  unwatch(tenantId: string): void;
  close(): Promise<void>;
}

export interface ChangeFanoutOptions {
  /** For short reads (the feed's current end). */
  redis: Redis;
  /** A dedicated connection: XREAD BLOCK holds it. Closed by close(). */
  blocking: Redis;
  keys: KeySpace;
  /**
   * How long a room's changes gather before they go out, per view (default for views not named): the first change
   * after a quiet spell waits at most this long, a burst goes as one message per tick. Coordinator views want it
   * short; a wall screen needs a few updates a second at most.
   */
  tickMs: number | ({ default: number } & Partial<Record<ViewId, number>>);
  /**
   * A room's broadcasts take at most 1/busyRoomFactor of the event loop: one that costs c ms to send (it grows with
   * the sockets in the room: about 7 ms for 500 screens here) ticks no faster than every busyRoomFactor × c ms,
   * whatever its view's tick, so a short coordinator tick stays short for a team's screens without a crowded room
   * starving the ingest and commands the same event loop serves. Default 2.
   */
  busyRoomFactor?: number;
  /** The clock a broadcast's cost is read on (milliseconds); tests replace it. */
  now?: () => number;
  emit: (room: string, change: ViewChanged) => void;
  /** Told of every entry read, as it is read (the wall publisher follows the aggregate views through it). */
  onEntry?: (tenantId: string, viewId: ViewId) => void;
  logger: FastifyBaseLogger;
}

export const DEFAULT_BUSY_ROOM_FACTOR = 2;
/** Weight of the newest broadcast in a room's running cost: a few ticks' memory, so one slow send does not stick. */
const COST_WEIGHT = 0.25;

/** How long one XREAD waits; bounds how soon a newly watched tenant joins the read. */
const BLOCK_MS = 200;
const READ_COUNT = 1000;

/** A feed entry as the change a subscriber receives. */
export function changedOf(entry: FeedEntry, feedId: string): ViewChanged {
  // The entry's viewId and change agree by construction (decodeFeedEntry); TypeScript cannot correlate them.
  return {
    viewId: entry.viewId,
    fromVersion: entry.prev,
    toVersion: entry.version,
    change: entry.change,
    feedId,
  } as ViewChanged;
}

/** A pending change followed by the next entry of the same room: one change, from the first base to the last version. */
export function mergeChanged(earlier: ViewChanged, entry: FeedEntry, feedId: string): ViewChanged {
  const reducer = VIEW_REDUCERS[entry.viewId] as { merge: (a: unknown, b: unknown) => unknown };
  return {
    viewId: entry.viewId,
    fromVersion: earlier.fromVersion,
    toVersion: entry.version,
    change: reducer.merge(earlier.change, entry.change),
    feedId,
  } as ViewChanged;
}

export function createChangeFanout(options: ChangeFanoutOptions): ChangeFanout {
  const { redis, blocking, keys, logger } = options;
  const cursors = new Map<string, string>();
  const watchers = new Map<string, number>();
  const pending = new Map<string, ViewChanged>();
  const timers = new Map<string, NodeJS.Timeout>();
  /** Each room's running cost of a broadcast, ms (dropped when its tenant is no longer watched). */
  const costs = new Map<string, number>();
  const busyRoomFactor = options.busyRoomFactor ?? DEFAULT_BUSY_ROOM_FACTOR;
  const now = options.now ?? (() => performance.now());
  let running = true;
  let wake: (() => void) | null = null;
  const tickOf = (viewId: ViewId): number =>
    typeof options.tickMs === 'number' ? options.tickMs : (options.tickMs[viewId] ?? options.tickMs.default);

  const flushRoom = (room: string): void => {
    clearTimeout(timers.get(room));
    timers.delete(room);
    const change = pending.get(room);
    pending.delete(room);
    if (change !== undefined) {
      const started = now();
      options.emit(room, change);
      const ms = now() - started;
      const earlier = costs.get(room);
      costs.set(room, earlier === undefined ? ms : earlier + COST_WEIGHT * (ms - earlier));
    }
  };

  const addToPending = (tenantId: string, entry: FeedEntry, feedId: string): void => {
    const room = viewRoom(tenantId, entry.viewId);
    const earlier = pending.get(room);
    pending.set(room, earlier === undefined ? changedOf(entry, feedId) : mergeChanged(earlier, entry, feedId));
    if (!timers.has(room)) {
      const tick = Math.max(tickOf(entry.viewId), busyRoomFactor * (costs.get(room) ?? 0));
      timers.set(
        room,
        setTimeout(() => flushRoom(room), tick),
      );
    }
  };

  const loop = async (): Promise<void> => {
    while (running) {
      if (cursors.size === 0) {
        await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
        continue;
      }
      const tenants = [...cursors.keys()];
      let reply: [string, [string, string[]][]][] | null;
      try {
        reply = await blocking.xread(
          'COUNT',
          READ_COUNT,
          'BLOCK',
          BLOCK_MS,
          'STREAMS',
          ...tenants.map((t) => keys.feed(t)),
          ...tenants.map((t) => cursors.get(t) ?? '0-0'),
        );
      } catch (error) {
        if (!running) {
          return;
        }
        logger.warn({ err: (error as Error).message }, 'change feed read failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, 500));
        continue;
      }
      for (const [streamKey, entries] of reply ?? []) {
        const tenantId = tenants.find((t) => keys.feed(t) === streamKey);
        if (tenantId === undefined || !cursors.has(tenantId)) {
          continue;
        }
        for (const [id, fields] of entries) {
          cursors.set(tenantId, id);
          try {
            const entry = decodeFeedEntry(fields);
            addToPending(tenantId, entry, id);
            options.onEntry?.(tenantId, entry.viewId);
          } catch (error) {
            logger.error({ err: (error as Error).message, tenantId, id }, 'undecodable change-feed entry skipped');
          }
        }
      }
    }
  };
  const looping = loop();

  return {
    async watch(tenantId) {
      watchers.set(tenantId, (watchers.get(tenantId) ?? 0) + 1);
      if (!cursors.has(tenantId)) {
        const last = await redis.xrevrange(keys.feed(tenantId), '+', '-', 'COUNT', 1);
        if (!cursors.has(tenantId)) {
          cursors.set(tenantId, last[0]?.[0] ?? '0-0');
        }
        wake?.();
      }
    },
    unwatch(tenantId) {
      const count = (watchers.get(tenantId) ?? 0) - 1;
      if (count > 0) {
        watchers.set(tenantId, count);
        return;
      }
      watchers.delete(tenantId);
      cursors.delete(tenantId);
      for (const viewId of VIEW_IDS) {
        costs.delete(viewRoom(tenantId, viewId));
      }
    },
    async close() {
      running = false;
      wake?.();
      blocking.disconnect();
      await looping;
      [...pending.keys()].forEach(flushRoom);
    },
  };
}
