/**
 * The latency benchmark's screens, in a worker thread of their own so that receiving does not take the server's
 * event loop: N screens subscribed to the spend view, each keeping the view's month totals as a store does and
 * noting when (performance.timeOrigin + now: comparable across threads) its total claim count grew.
 *
 * Each screen is its own WebSocket connection speaking Socket.IO's wire protocol (Engine.IO 4 over a WebSocket:
 * open `0`, connect `40`, ping `2` / pong `3`, event `42[…]`, acknowledgement `43<id>[…]`), and a frame whose bytes
 * equal the previous one's — every screen of a room gets the same bytes each tick — is parsed once for all of them.
 * Real screens decode on their own machines; 500 full Socket.IO clients decoding here took half a core of the two
 * the server, the workers and Redis share, which is the measuring harness weighing on what it measures.
 */
// Plain JavaScript: worker threads do not inherit the TypeScript loader the harness runs under.
import { parentPort, workerData } from 'node:worker_threads';
import WebSocket from 'ws';

const { url, cookie, clients } = workerData;
const now = () => performance.timeOrigin + performance.now();
const socketUrl = `${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`;

/** The last frame parsed, shared by every screen: equal bytes, same packet. */
let lastFrame = null;
let lastPacket = null;
function packetOf(frame) {
  if (lastFrame === null || !frame.equals(lastFrame)) {
    const text = frame.toString('utf8');
    // `42[…]` an event, `43<id>[…]` an acknowledgement: the type, the ack id, the JSON array after it.
    const type = text.slice(0, 2);
    let at = 2;
    while (at < text.length && text.charCodeAt(at) >= 48 && text.charCodeAt(at) <= 57) {
      at += 1;
    }
    lastPacket = {
      type,
      ackId: at > 2 ? Number(text.slice(2, at)) : null,
      args: text.length > at ? JSON.parse(text.slice(at)) : null,
    };
    lastFrame = frame;
  }
  return lastPacket;
}

/**
 * Per client: [time, claims on screen, feed time] each time the count grew — the feed time is when the change
 * that carried the growth was committed (its feed entry id's milliseconds; the last entry when a tick merged several).
 */
const seen = [];
const sockets = [];

function screen(index) {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(socketUrl, { headers: { cookie }, perMessageDeflate: false });
    sockets.push(socket);
    const months = new Map();
    let total = 0;
    const log = [];
    seen[index] = log;
    const recount = (feedMs) => {
      let sum = 0;
      for (const cell of months.values()) {
        sum += cell.claims;
      }
      if (sum > total) {
        total = sum;
        log.push([now(), total, feedMs]);
      }
    };
    socket.on('error', reject);
    socket.on('message', (data) => {
      const head = data[0];
      if (head === 0x32 /* 2: ping */) {
        socket.send('3');
        return;
      }
      if (head === 0x30 /* 0: open */) {
        socket.send('40');
        return;
      }
      const packet = packetOf(data);
      if (packet.type === '40') {
        // Connected: subscribe, acknowledgement id 1.
        socket.send(`421${JSON.stringify(['view:subscribe', { viewId: 'spend' }])}`);
      } else if (packet.type === '44') {
        reject(new Error(`connect refused: ${JSON.stringify(packet.args)}`));
      } else if (packet.type === '43' && packet.ackId === 1) {
        const [reply] = packet.args;
        if (!reply.ok || reply.data.mode !== 'snapshot') {
          reject(new Error(`subscribe failed: ${JSON.stringify(reply)}`));
          return;
        }
        for (const [month, cell] of Object.entries(reply.data.state.snapshot.months)) {
          months.set(month, cell);
        }
        total = 0;
        recount(Number.NaN);
        resolve();
      } else if (packet.type === '42') {
        const [event, changed] = packet.args;
        if (event !== 'view:changed' || changed.viewId !== 'spend') {
          return;
        }
        for (const [month, cell] of Object.entries(changed.change.months)) {
          months.set(month, cell);
        }
        recount(Number(changed.feedId.split('-')[0]));
      }
    });
  });
}

await Promise.all(Array.from({ length: clients }, (_, index) => screen(index)));
parentPort.postMessage({ ready: true });
parentPort.on('message', () => {
  for (const socket of sockets) {
    socket.close();
  }
  parentPort.postMessage({ seen });
});
