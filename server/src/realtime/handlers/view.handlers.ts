/**
 * view:subscribe / view:unsubscribe. Subscribing fixes the feed cursor, joins the view's room, then answers —
 * in that order, so a change can arrive early (and be ignored) but never be missed. The answer is what was missed
 * since the holder's version when the feed still has it (a client back from ten minutes offline gets the queue's
 * row deltas, not the whole queue), else the snapshot and its version. Every payload is validated; every failure
 * goes back in the ack.
 */
import type { Ack, ViewChanged, ViewId, ViewSync } from '@benchline/shared';
import { canSubscribe, ViewRef, ViewSubscribe, viewRoom } from '@benchline/shared';
import { Compile } from 'typebox/compile';
import type { ViewStore } from '../../plugins/app/view-store.js';
import type { ChangeFanout } from '../change-fanout.js';
import type { CaughtUp } from '../catch-up.js';
import type { BenchlineSocket } from '../socket-types.js';
import { commandArgs, failure, invalid } from './acks.js';

const isViewSubscribe = Compile(ViewSubscribe);
const isViewRef = Compile(ViewRef);

export interface ViewHandlerDeps {
  viewStore: ViewStore;
  fanout: ChangeFanout;
  catchUp: (tenantId: string, request: Required<ViewSubscribe>) => Promise<CaughtUp | null>;
  /** Records a read of patient-level views (the queue, leases, presence, finance) in the audit trail. */
  auditRead: (socket: BenchlineSocket, viewId: ViewId, patients: number) => Promise<void>;
}

/** Views that name patients (finance: each contract's high-cost members): every read is audited. */
const PATIENT_VIEWS: ReadonlySet<ViewId> = new Set(['gaps', 'leases', 'presence', 'finance']);

export function registerViewHandlers(socket: BenchlineSocket, deps: ViewHandlerDeps): void {
  const tenantId = socket.data.tenantId;
  const subscribed = new Set<ViewId>();

  socket.on('view:subscribe', async (...args: unknown[]) => {
    const { payload: raw, ack } = commandArgs<Ack<ViewSync>>(args);
    if (ack === null) {
      return;
    }
    if (!isViewSubscribe.Check(raw)) {
      return ack(invalid(isViewSubscribe.Errors(raw)));
    }
    const { viewId, since } = raw;
    if (!canSubscribe(socket.data.role, viewId)) {
      return ack({ ok: false, error: { code: 'FORBIDDEN', message: `this display may not watch ${viewId}` } });
    }
    try {
      if (!subscribed.has(viewId)) {
        subscribed.add(viewId);
        await deps.fanout.watch(tenantId);
        await socket.join(viewRoom(tenantId, viewId));
      }
      let reply: ViewSync | null = null;
      if (since !== undefined) {
        const caught = await deps.catchUp(tenantId, { viewId, since });
        if (caught !== null) {
          if (PATIENT_VIEWS.has(viewId) && caught.changed !== null) {
            // The changes missed name patients too: a catch-up is a read like a snapshot.
            await deps.auditRead(socket, viewId, patientsInChange(caught.changed));
          }
          reply = { mode: 'changes', viewId, changed: caught.changed, feedId: caught.feedId };
        }
      }
      if (reply === null) {
        const state = await deps.viewStore.read(tenantId, viewId);
        if (PATIENT_VIEWS.has(viewId)) {
          await deps.auditRead(socket, viewId, patientCount(state));
        }
        reply = { mode: 'snapshot', state };
      }
      ack({ ok: true, data: reply });
    } catch (error) {
      ack(failure(error));
    }
  });

  socket.on('view:unsubscribe', async (...args: unknown[]) => {
    const { payload: raw, ack } = commandArgs<Ack<null>>(args);
    const reply = ack ?? (() => undefined);
    if (!isViewRef.Check(raw)) {
      return reply(invalid(isViewRef.Errors(raw)));
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

function patientCount(state: Awaited<ReturnType<ViewStore['read']>>): number {
  switch (state.viewId) {
    case 'gaps':
      return new Set(state.snapshot.rows.map((row) => row.memberId)).size;
    case 'leases':
      return state.snapshot.leases.length;
    case 'presence':
      return state.snapshot.sessions.filter((session) => session.memberId !== null).length;
    case 'finance':
      return new Set(state.snapshot.contracts.flatMap((c) => c.highCostMembers.map((m) => m.memberId))).size;
    default:
      return 0;
  }
}

/**
 * How many patients a merged change names (at most; a member with several rows counts once per row — a finance
 * change names the high-cost members of the contracts whose list it carries).
 */
function patientsInChange(change: ViewChanged): number {
  return JSON.stringify(change.change).match(/"memberId":"/g)?.length ?? 0;
}
