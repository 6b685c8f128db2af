/**
 * The soak's screens: a process of its own holding hundreds of Socket.IO clients, each kept in step by the client's
 * own code — the store bookkeeping (client/src/stores/view-sync.ts) and the live-view protocol
 * (client/src/services/live-view-sync.ts) — exactly as a browser tab runs them, minus the DOM.
 *
 * Driven over IPC by soak.ts: `sample` reports where the screens are (versions, resyncs, connections); `final`
 * takes a fresh snapshot of every view on a new connection and compares each screen's state with it.
 */
import { canonicalJson } from '@benchline/shared/backend';
import type {
  Ack,
  ClientToServerEvents,
  ServerToClientEvents,
  ViewId,
  ViewSnapshotMap,
  ViewSync,
} from '@benchline/shared';
import {
  emptyFinanceSnapshot,
  emptyFreshnessSnapshot,
  emptyGapsSnapshot,
  emptyLeasesSnapshot,
  emptyPresenceSnapshot,
  emptyRollupsSnapshot,
  emptySpendSnapshot,
  emptyWallSnapshot,
} from '@benchline/shared';
import { createHash } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import { createLiveViewSync, type LiveViewSync } from '../../client/src/services/live-view-sync.js';
import { liveViewTarget, useViewSync } from '../../client/src/stores/view-sync.js';

type ScreenSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface ScreenPlan {
  viewId: ViewId;
  count: number;
  /** The session cookie the screens of this view sign in with. */
  cookie: string;
}

export type ScreensRequest = { type: 'sample' } | { type: 'final' } | { type: 'stop' };

export interface ViewSample {
  screens: number;
  connected: number;
  minVersion: number;
  maxVersion: number;
  snapshots: number;
  catchUps: number;
  gaps: number;
  disconnects: number;
}

export interface ViewVerdict {
  screens: number;
  referenceVersion: number;
  /** Screens whose version and state equal the reference snapshot's. */
  equal: number;
  behind: number;
  differing: number;
}

export type ScreensReply =
  | { type: 'ready' }
  | { type: 'sample'; views: Partial<Record<ViewId, ViewSample>> }
  | { type: 'final'; views: Partial<Record<ViewId, ViewVerdict>> };

const EMPTY: { [K in ViewId]: () => ViewSnapshotMap[K] } = {
  spend: emptySpendSnapshot,
  rollups: emptyRollupsSnapshot,
  finance: emptyFinanceSnapshot,
  gaps: emptyGapsSnapshot,
  leases: emptyLeasesSnapshot,
  presence: emptyPresenceSnapshot,
  freshness: emptyFreshnessSnapshot,
  wall: emptyWallSnapshot,
};

const ACK_TIMEOUT_MS = 30_000;

interface Screen {
  viewId: ViewId;
  socket: ScreenSocket;
  store: ReturnType<typeof useViewSync>;
  sync: LiveViewSync;
  disconnects: number;
}

const digest = (snapshot: unknown): string => createHash('sha1').update(canonicalJson(snapshot)).digest('hex');

function connect(url: string, cookie: string): ScreenSocket {
  // Reconnects like the app's tab socket does: a screen that loses its connection comes back by itself.
  return io(url, {
    extraHeaders: { cookie },
    transports: ['websocket'],
    reconnection: true,
    reconnectionDelay: 500,
    reconnectionDelayMax: 10_000,
  });
}

function openScreen(url: string, viewId: ViewId, cookie: string): Screen {
  const socket = connect(url, cookie);
  const store = useViewSync(viewId, EMPTY[viewId]);
  // One screen type serves every view here; in the app each store is typed by its view.
  const sync = createLiveViewSync(socket, viewId, liveViewTarget(store) as never, ACK_TIMEOUT_MS);
  const screen: Screen = { viewId, socket, store, sync, disconnects: 0 };
  socket.on('disconnect', () => (screen.disconnects += 1));
  sync.start();
  return screen;
}

async function referenceSnapshot(url: string, viewId: ViewId, cookie: string) {
  const socket = connect(url, cookie);
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    // socket.io's types lose the ack type once a timeout is set; the event map says what it is.
    const reply = (await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('view:subscribe', { viewId })) as Ack<ViewSync>;
    if (!reply.ok || reply.data.mode !== 'snapshot') {
      throw new Error(`reference subscribe to ${viewId} failed: ${JSON.stringify(reply).slice(0, 200)}`);
    }
    return { version: reply.data.state.version, digest: digest(reply.data.state.snapshot) };
  } finally {
    socket.disconnect();
  }
}

const url = process.env.SOAK_URL ?? '';
const plans = JSON.parse(process.env.SOAK_SCREENS ?? '[]') as ScreenPlan[];
const screens = plans.flatMap((plan) =>
  Array.from({ length: plan.count }, () => openScreen(url, plan.viewId, plan.cookie)),
);
const send = (reply: ScreensReply): void => void process.send?.(reply);

function sample(): Partial<Record<ViewId, ViewSample>> {
  const views: Partial<Record<ViewId, ViewSample>> = {};
  for (const screen of screens) {
    const view = (views[screen.viewId] ??= {
      screens: 0,
      connected: 0,
      minVersion: Number.POSITIVE_INFINITY,
      maxVersion: 0,
      snapshots: 0,
      catchUps: 0,
      gaps: 0,
      disconnects: 0,
    });
    const version = screen.store.version.value;
    view.screens += 1;
    view.connected += screen.socket.connected ? 1 : 0;
    view.minVersion = Math.min(view.minVersion, version);
    view.maxVersion = Math.max(view.maxVersion, version);
    view.snapshots += screen.sync.counts.snapshots;
    view.catchUps += screen.sync.counts.catchUps;
    view.gaps += screen.sync.counts.gaps;
    view.disconnects += screen.disconnects;
  }
  return views;
}

async function final(): Promise<Partial<Record<ViewId, ViewVerdict>>> {
  const views: Partial<Record<ViewId, ViewVerdict>> = {};
  for (const plan of plans) {
    const reference = await referenceSnapshot(url, plan.viewId, plan.cookie);
    const verdict: ViewVerdict = {
      screens: 0,
      referenceVersion: reference.version,
      equal: 0,
      behind: 0,
      differing: 0,
    };
    for (const screen of screens.filter((s) => s.viewId === plan.viewId)) {
      verdict.screens += 1;
      const version = screen.store.version.value;
      if (version < reference.version) {
        verdict.behind += 1;
      } else if (version === reference.version && digest(screen.store.snapshot.value) === reference.digest) {
        verdict.equal += 1;
      } else {
        verdict.differing += 1;
      }
    }
    views[plan.viewId] = verdict;
  }
  return views;
}

process.on('message', (request: ScreensRequest) => {
  if (request.type === 'sample') {
    send({ type: 'sample', views: sample() });
  } else if (request.type === 'final') {
    final().then(
      (views) => send({ type: 'final', views }),
      (error: unknown) => {
        process.stderr.write(`soak screens: ${(error as Error).message}\n`);
        process.exit(1);
      },
    );
  } else {
    for (const screen of screens) {
      screen.sync.stop();
      screen.socket.disconnect();
    }
    process.exit(0);
  }
});
// Ends with its parent: a soak killed hard leaves no screens behind.
process.on('disconnect', () => process.exit(0));
send({ type: 'ready' });
