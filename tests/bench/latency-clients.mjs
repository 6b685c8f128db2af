/**
 * The latency benchmark's screens, in a worker thread of their own so that receiving does not take the server's
 * event loop: N Socket.IO clients subscribed to the spend view, each keeping the view's month totals as a store
 * does and noting when (performance.timeOrigin + now: comparable across threads) its total claim count grew.
 */
// Plain JavaScript: worker threads do not inherit the TypeScript loader the harness runs under.
import { parentPort, workerData } from 'node:worker_threads';
import { io } from 'socket.io-client';

const { url, cookie, clients } = workerData;
const now = () => performance.timeOrigin + performance.now();

/** Per client: [time, claims on screen] each time the count grew. */
const seen = [];
const sockets = [];
await Promise.all(
  Array.from({ length: clients }, async (_, index) => {
    const socket = io(url, { extraHeaders: { cookie }, transports: ['websocket'], reconnection: false });
    sockets.push(socket);
    const months = new Map();
    let total = 0;
    const log = [];
    seen[index] = log;
    const recount = () => {
      let sum = 0;
      for (const cell of months.values()) {
        sum += cell.claims;
      }
      if (sum > total) {
        total = sum;
        log.push([now(), total]);
      }
    };
    socket.on('view:changed', (changed) => {
      if (changed.viewId !== 'spend') {
        return;
      }
      for (const [month, cell] of Object.entries(changed.change.months)) {
        months.set(month, cell);
      }
      recount();
    });
    await new Promise((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    const reply = await socket.timeout(30_000).emitWithAck('view:subscribe', { viewId: 'spend' });
    if (!reply.ok || reply.data.mode !== 'snapshot') {
      throw new Error(`subscribe failed: ${JSON.stringify(reply)}`);
    }
    for (const [month, cell] of Object.entries(reply.data.state.snapshot.months)) {
      months.set(month, cell);
    }
    total = 0;
    recount();
  }),
);
parentPort.postMessage({ ready: true });
parentPort.on('message', () => {
  for (const socket of sockets) {
    socket.disconnect();
  }
  parentPort.postMessage({ seen });
});
