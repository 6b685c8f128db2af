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

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/**
 * Matches the sends to the screens' logs here, not in the bench's main thread: that thread is the server's, and
 * millions of (screen, claim) entries in its heap would make the next scenario pay for their collection.
 */
function summarise(sentAt, warmup) {
  const measured = sentAt.length - warmup;
  const latencies = new Float64Array(seen.length * measured);
  const delivered = new Float64Array(latencies.length);
  const committed = new Float64Array(measured);
  const warmupLatencies = new Float64Array(seen.length * warmup);
  let pairs = 0;
  let warmupPairs = 0;
  let missing = 0;
  for (const [screen, log] of seen.entries()) {
    // The first entry is the snapshot's count (recorded at subscribe); claim i shows once the count reaches base+i+1.
    const start = log[0]?.[1] ?? 0;
    let cursor = 0;
    for (let i = 0; i < sentAt.length; i += 1) {
      while (cursor < log.length && log[cursor][1] < start + i + 1) {
        cursor += 1;
      }
      const shown = log[cursor];
      if (shown === undefined) {
        missing += sentAt.length - i; // never shown on this screen: reported as missing
        break;
      }
      if (i < warmup) {
        warmupLatencies[warmupPairs] = Math.max(0, shown[0] - sentAt[i]);
        warmupPairs += 1;
        continue;
      }
      latencies[pairs] = Math.max(0, shown[0] - sentAt[i]);
      delivered[pairs] = shown[0] - shown[2];
      pairs += 1;
      if (screen === 0) {
        // Every screen of the room gets the same (coalesced) changes: one screen names the commit times.
        committed[i - warmup] = shown[2] - sentAt[i];
      }
    }
  }
  const sorted = latencies.subarray(0, pairs).sort();
  const sortedDelivered = delivered.subarray(0, pairs).sort();
  const sortedCommitted = committed.sort();
  return {
    missing,
    expected: seen.length * sentAt.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[pairs - 1],
    warmupP99: warmup > 0 ? percentile(warmupLatencies.subarray(0, warmupPairs).sort(), 99) : 0,
    committed: { p50: percentile(sortedCommitted, 50), p99: percentile(sortedCommitted, 99) },
    delivered: { p50: percentile(sortedDelivered, 50), p99: percentile(sortedDelivered, 99) },
  };
}

await Promise.all(Array.from({ length: clients }, (_, index) => screen(index)));
parentPort.postMessage({ ready: true });
parentPort.on('message', ({ sentAt, warmup }) => {
  for (const socket of sockets) {
    socket.close();
  }
  parentPort.postMessage({ summary: summarise(sentAt, warmup) });
});
