/**
 * view:subscribe / view:unsubscribe. Subscribing fixes the feed cursor, joins the view's room, then answers
 * with the snapshot and its version — in that order, so a change can arrive early (and be ignored) but never
 * be missed. Every payload is validated; every failure goes back in the ack.
 */
import type { Ack, ViewId, ViewState } from '@benchline/shared';
import { ViewRef, viewRoom } from '@benchline/shared';
import { Compile } from 'typebox/compile';
import { HttpError } from '../../http/errors.js';
import type { ViewStore } from '../../plugins/app/view-store.js';
import type { ChangeFanout } from '../change-fanout.js';
import type { BenchlineSocket } from '../socket-types.js';

const isViewRef = Compile(ViewRef);

export interface ViewHandlerDeps {
  viewStore: ViewStore;
  fanout: ChangeFanout;
}

export function registerViewHandlers(socket: BenchlineSocket, deps: ViewHandlerDeps): void {
  const tenantId = socket.data.tenantId;
  const subscribed = new Set<ViewId>();

  socket.on('view:subscribe', async (raw, ack) => {
    if (typeof ack !== 'function') {
      return;
    }
    if (!isViewRef.Check(raw)) {
      return ack({ ok: false, error: { code: 'VALIDATION_FAILED', message: 'expected { viewId }' } });
    }
    const { viewId } = raw;
    try {
      if (!subscribed.has(viewId)) {
        subscribed.add(viewId);
        await deps.fanout.watch(tenantId);
        await socket.join(viewRoom(tenantId, viewId));
      }
      const state: ViewState = await deps.viewStore.read(tenantId, viewId);
      ack({ ok: true, data: state });
    } catch (error) {
      ack(failure(error));
    }
  });

  socket.on('view:unsubscribe', async (raw, ack) => {
    const reply = typeof ack === 'function' ? ack : () => undefined;
    if (!isViewRef.Check(raw)) {
      return reply({ ok: false, error: { code: 'VALIDATION_FAILED', message: 'expected { viewId }' } });
    }
    if (subscribed.delete(raw.viewId)) {
      await socket.leave(viewRoom(tenantId, raw.viewId));
      deps.fanout.unwatch(tenantId);
    }
    reply({ ok: true, data: null });
  });

  socket.on('disconnect', () => {
    for (const _view of subscribed) {
      deps.fanout.unwatch(tenantId);
    }
    subscribed.clear();
  });
}

function failure(error: unknown): Ack<never> {
  if (error instanceof HttpError) {
    return { ok: false, error: { code: error.code, message: error.message } };
  }
  return { ok: false, error: { code: 'INTERNAL' } };
}
