/**
 * The wall view's changes: whenever the feed brings a change to an aggregate the wall is built from, the tenant's
 * wall is read again (projected, small cells suppressed) and sent whole to the wall room — at most once per tick,
 * since a wall needs a few updates a second, not one per claim. Each server instance sends to its own sockets only.
 */
import type { ViewChanged, ViewId } from '@benchline/shared';
import { viewRoom } from '@benchline/shared';
import type { FastifyBaseLogger } from 'fastify';
import type { ViewStore } from '../plugins/app/view-store.js';

/** The views the wall is projected from. */
const WALL_SOURCES: ReadonlySet<ViewId> = new Set(['rollups', 'spend', 'finance', 'freshness']);

export interface WallPublisher {
  /** A feed entry was read for the tenant. */
  noteEntry(tenantId: string, viewId: ViewId): void;
  close(): void;
}

export function createWallPublisher(options: {
  viewStore: ViewStore;
  tickMs: number;
  /** Whether any socket of this instance is in the room (no read when nobody watches). */
  watched: (room: string) => boolean;
  emit: (room: string, change: ViewChanged) => void;
  logger: FastifyBaseLogger;
  /**
   * The wall's day: when it turns, every watched wall is sent again, since "today's admissions" now means another
   * day whether or not a source changed. Checked every `dayCheckMs` (default a minute).
   */
  today?: () => string;
  dayCheckMs?: number;
}): WallPublisher {
  const timers = new Map<string, NodeJS.Timeout>();
  const tenants = new Set<string>();
  let day = options.today?.();
  const dayCheck = setInterval(() => {
    const now = options.today?.();
    if (now !== day) {
      day = now;
      for (const tenantId of tenants) {
        void publish(tenantId);
      }
    }
  }, options.dayCheckMs ?? 60_000);
  dayCheck.unref();
  const publish = async (tenantId: string): Promise<void> => {
    timers.delete(tenantId);
    const room = viewRoom(tenantId, 'wall');
    if (!options.watched(room)) {
      return;
    }
    try {
      const state = await options.viewStore.read(tenantId, 'wall');
      if (state.viewId === 'wall') {
        // Whole snapshots: any held version applies it (from 0), a newer one is never replaced by an older one.
        options.emit(room, {
          viewId: 'wall',
          fromVersion: 0,
          toVersion: state.version,
          change: state.snapshot,
          feedId: state.feedId,
        });
      }
    } catch (error) {
      options.logger.warn({ err: (error as Error).message }, 'wall view could not be read; the next change retries');
    }
  };
  return {
    noteEntry(tenantId, viewId) {
      tenants.add(tenantId);
      if (WALL_SOURCES.has(viewId) && !timers.has(tenantId)) {
        timers.set(
          tenantId,
          setTimeout(() => void publish(tenantId), options.tickMs),
        );
      }
    },
    close() {
      clearInterval(dayCheck);
      for (const timer of timers.values()) {
        clearTimeout(timer);
      }
      timers.clear();
    },
  };
}
