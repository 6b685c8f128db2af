/**
 * The latency benchmark's load: claims POSTed one per request at a fixed rate from a worker thread, each send time
 * noted (performance.timeOrigin + now). Answers with the send times once every request has its 202.
 */
// Plain JavaScript: worker threads do not inherit the TypeScript loader the harness runs under.
import { parentPort, workerData } from 'node:worker_threads';

const { url, apiKey, claims, rate } = workerData;
const now = () => performance.timeOrigin + performance.now();
const sentAt = new Array(claims.length);
const answers = [];
const started = now();
for (let i = 0; i < claims.length; i += 1) {
  const due = started + (i * 1000) / rate;
  const wait = due - now();
  if (wait > 1) {
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
  sentAt[i] = now();
  answers.push(
    fetch(`${url}/api/v1/claims`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
      body: JSON.stringify(claims[i]),
    }).then((response) => response.status),
  );
}
const statuses = await Promise.all(answers);
const refused = statuses.filter((status) => status !== 202).length;
parentPort.postMessage({ sentAt, refused, seconds: (now() - started) / 1000 });
