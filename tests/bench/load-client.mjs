/**
 * The benchmark's load generator, run in a worker thread so that sending requests and reading answers does not
 * take CPU from the server's event loop it is measuring. Receives one job, answers with elapsed seconds.
 */
// Plain JavaScript: worker threads do not inherit the TypeScript loader the harness runs under.
import { parentPort, workerData } from 'node:worker_threads';
import autocannon from 'autocannon';

/** @param {import('./run.ts').LoadJob} job */
async function run(job) {
  const started = performance.now();
  if (job.kind === 'bulk') {
    const response = await fetch(job.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${job.apiKey}` },
      body: job.body,
    });
    const answer = await response.text();
    const last = JSON.parse(answer.trimEnd().split('\n').at(-1) ?? '{}');
    if (last.summary?.accepted !== job.expectAccepted) {
      throw new Error(`bulk run accepted ${last.summary?.accepted} of ${job.expectAccepted}`);
    }
  } else {
    // autocannon's HTTP client: fast enough that the server, not the load generator, sets the pace.
    let next = 0;
    const result = await autocannon({
      url: job.url,
      method: 'POST',
      connections: job.concurrency,
      amount: job.bodies.length,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${job.apiKey}` },
      requests: [
        {
          setupRequest: (request) => ({ ...request, body: job.bodies[next++ % job.bodies.length] }),
        },
      ],
    });
    const unexpected = result.non2xx + result.errors + result.timeouts;
    if (unexpected > 0 || result.statusCodeStats[String(job.expectStatus)]?.count !== job.bodies.length) {
      throw new Error(`${job.url}: ${unexpected} failed requests (${JSON.stringify(result.statusCodeStats)})`);
    }
  }
  return (performance.now() - started) / 1000;
}

run(workerData).then(
  (seconds) => parentPort?.postMessage({ seconds }),
  (error) => parentPort?.postMessage({ error: String(error) }),
);
