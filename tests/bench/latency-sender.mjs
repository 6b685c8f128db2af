/**
 * The latency benchmark's load: claims POSTed one per request at a fixed rate from a worker thread, each send time
 * noted (performance.timeOrigin + now), and when its answer came. Answers with both once every request has its 202.
 *
 * The requests are written as bytes prepared beforehand on a pool of keep-alive connections, and only the status
 * line and Content-Length of each answer are read: a load generator's own cost (fetch took a whole core at 1,000
 * requests/s) would otherwise be taken from the two cores the server, the workers and Redis share. A request goes on
 * an idle connection; when every connection is busy it is pipelined behind the shortest queue.
 */
// Plain JavaScript: worker threads do not inherit the TypeScript loader the harness runs under.
import { connect } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';

const { url, apiKey, claims, rate, connections = 32 } = workerData;
const now = () => performance.timeOrigin + performance.now();
const { hostname, port } = new URL(url);

const requests = claims.map((claim) => {
  const body = Buffer.from(JSON.stringify(claim));
  const head =
    `POST /api/v1/claims HTTP/1.1\r\nHost: ${hostname}:${port}\r\nContent-Type: application/json\r\n` +
    `Authorization: Bearer ${apiKey}\r\nContent-Length: ${body.length}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head), body]);
});
const sentAt = new Array(claims.length);
const answeredAt = new Array(claims.length);
let answered = 0;
let refused = 0;
let finish;
const finished = new Promise((resolve) => (finish = resolve));

/** One keep-alive connection: the indices of the requests it still owes answers to, in order. */
function open() {
  const socket = connect(Number(port), hostname);
  socket.setNoDelay(true);
  const owed = [];
  let buffered = Buffer.alloc(0);
  socket.on('data', (chunk) => {
    buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
    for (;;) {
      const end = buffered.indexOf('\r\n\r\n');
      if (end < 0) {
        return;
      }
      const head = buffered.toString('latin1', 0, end);
      const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
      if (buffered.length < end + 4 + length) {
        return;
      }
      buffered = buffered.subarray(end + 4 + length);
      const index = owed.shift();
      answeredAt[index] = now();
      if (head.slice(9, 12) !== '202') {
        refused += 1;
      }
      answered += 1;
      if (answered === claims.length) {
        finish();
      }
    }
  });
  socket.on('error', (error) => {
    throw error;
  });
  return { socket, owed };
}

const pool = await Promise.all(
  Array.from({ length: connections }, async () => {
    const connection = open();
    await new Promise((resolve) => connection.socket.once('connect', resolve));
    return connection;
  }),
);

const started = now();
let next = 0;
while (next < claims.length) {
  const wait = started + (next * 1000) / rate - now();
  if (wait > 0.5) {
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
  // Everything due by now goes out in this turn.
  const at = now();
  while (next < claims.length && started + (next * 1000) / rate <= at + 0.5) {
    let connection = pool[0];
    for (const candidate of pool) {
      if (candidate.owed.length < connection.owed.length) {
        connection = candidate;
      }
      if (connection.owed.length === 0) {
        break;
      }
    }
    connection.owed.push(next);
    sentAt[next] = now();
    connection.socket.write(requests[next]);
    next += 1;
  }
}
await finished;
const seconds = (now() - started) / 1000;
for (const { socket } of pool) {
  socket.end();
}
parentPort.postMessage({ sentAt, answeredAt, refused, seconds });
