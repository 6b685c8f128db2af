/**
 * The bare pipeline baseline's screens: N Socket.IO clients, each noting when (performance.timeOrigin + now) each
 * numbered message arrived. Its own thread, so receiving does not take the server's event loop.
 */
// Plain JavaScript: worker threads do not inherit the TypeScript loader the harness runs under.
import { parentPort, workerData } from 'node:worker_threads';
import { io } from 'socket.io-client';

const { url, clients } = workerData;
const now = () => performance.timeOrigin + performance.now();
/** Per client: message index → arrival time. */
const seen = [];
const sockets = [];
await Promise.all(
  Array.from({ length: clients }, async (_, index) => {
    const socket = io(url, { transports: ['websocket'], reconnection: false });
    sockets.push(socket);
    const log = new Map();
    seen[index] = log;
    socket.on('tick', (seq) => log.set(seq, now()));
    await new Promise((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
  }),
);
parentPort.postMessage({ ready: true });
parentPort.on('message', (message) => {
  if (message === 'count') {
    parentPort.postMessage({ count: seen.reduce((sum, log) => sum + log.size, 0) });
    return;
  }
  sockets.forEach((socket) => socket.disconnect());
  parentPort.postMessage({ seen: seen.map((log) => [...log]) });
});
