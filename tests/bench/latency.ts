/**
 * Event to screen (issue 8): from the moment a claim's POST is sent to the moment a subscribed screen shows it,
 * through the real pipeline — ingest, apply, every engine's recompute, the spend view's change record, the gateway's
 * coalescing tick and Socket.IO — at 100 and 1,000 claims/s with 100 and 500 connected screens. The server runs
 * in-process (as in production, one process per instance), the worker in its own process, the screens and the
 * sender in worker threads of their own; all share the machine's cores, as a small deployment would.
 *
 * A screen "shows" claim i when its spend view counts i more claims than at the start (claims are applied in
 * about the order they are sent; a later claim overtaking an earlier one makes that one's latency read short by
 * the overtaking gap). Percentiles are over every (screen, claim) pair.
 */
import { percentile, thread } from './common.js';
import { atMost, type SectionResult } from './results.js';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '@benchline/server';
import type { ClaimEvent } from '@benchline/shared';
import { demoAco, demoEvents } from '../../tools/src/demo/demo-data.js';
import { postBulkEvents } from '../../tools/src/demo/post-events.js';
import { findOrStartRedis } from '../../tools/src/services/redis-service.js';
import { deleteKeysWithPrefix } from '../support/redis.js';
import { drained, startWorkerProcess, stopProcess } from './pipeline.js';

const API_KEY = 'bench-key-0123456789';
const TENANT = 'bench';
/** The engines process's niceness (BENCHLINE_WORKER_NICE); BENCH_ENGINES_NICE=0 measures them at equal priority. */
const ENGINES_NICE = process.env.BENCH_ENGINES_NICE ?? '10';
/** How long each scenario sends for. */
const SECONDS = Number(process.env.BENCH_LATENCY_SECONDS ?? 5);
const SCENARIOS = [
  { rate: 100, screens: 100 },
  { rate: 1000, screens: 100 },
  { rate: 100, screens: 500 },
  { rate: 1000, screens: 500 },
] as const;

interface Measured {
  rate: number;
  screens: number;
  sent: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  refused: number;
  sendSeconds: number;
  /** Where the time goes, p50 / p99 in ms: sent → the POST's 202; sent → its change committed to the feed; that commit → on screen. */
  stages: { accepted: Percentiles; committed: Percentiles; delivered: Percentiles };
}

interface Percentiles {
  p50: number;
  p99: number;
}

function percentilesOf(values: number[]): Percentiles {
  const sorted = Float64Array.from(values).sort();
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

async function scenario(
  url: string,
  claims: ClaimEvent[],
  rate: number,
  screens: number,
  redisUrl: string,
  keyPrefix: string,
  cookie: string,
): Promise<Measured> {
  const clients = thread<{ ready?: true; seen?: [number, number, number][][] }>('./latency-clients.mjs', {
    url,
    cookie,
    clients: screens,
  });
  await clients.next();
  const sender = thread<{ sentAt: number[]; answeredAt: number[]; refused: number; seconds: number }>(
    './latency-sender.mjs',
    {
      url,
      apiKey: API_KEY,
      claims,
      rate,
    },
  );
  const sent = await sender.next();
  await drained(redisUrl, keyPrefix);
  // One more coalescing tick and delivery after the last change.
  await new Promise((resolve) => setTimeout(resolve, 500));
  clients.worker.postMessage('stop');
  let message = await clients.next();
  while (message.seen === undefined) {
    message = await clients.next();
  }
  const { seen } = message;
  await Promise.all([clients.worker.terminate(), sender.worker.terminate()]);

  const latencies: number[] = [];
  const committed: number[] = [];
  const delivered: number[] = [];
  for (const [screen, log] of seen.entries()) {
    // The first entry is the snapshot's count (recorded at subscribe); claim i shows once the count reaches base+i+1.
    const start = log[0]?.[1] ?? 0;
    let cursor = 0;
    for (let i = 0; i < sent.sentAt.length; i += 1) {
      while (cursor < log.length && (log[cursor]?.[1] ?? 0) < start + i + 1) {
        cursor += 1;
      }
      const shown = log[cursor];
      if (shown === undefined) {
        break;
      } // never shown on this screen: counted below as missing
      latencies.push(Math.max(0, shown[0] - (sent.sentAt[i] ?? 0)));
      delivered.push(shown[0] - shown[2]);
      if (screen === 0) {
        // Every screen of the room gets the same (coalesced) changes: one screen names the commit times.
        committed.push(shown[2] - (sent.sentAt[i] ?? 0));
      }
    }
  }
  const expected = seen.length * sent.sentAt.length;
  if (latencies.length !== expected) {
    throw new Error(`${expected - latencies.length} of ${expected} (screen, claim) pairs never reached the screen`);
  }
  const sorted = Float64Array.from(latencies).sort();
  return {
    rate,
    screens,
    sent: sent.sentAt.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
    refused: sent.refused,
    sendSeconds: sent.seconds,
    stages: {
      accepted: percentilesOf(sent.answeredAt.map((at, i) => at - (sent.sentAt[i] ?? 0))),
      committed: percentilesOf(committed),
      delivered: percentilesOf(delivered),
    },
  };
}

export async function benchLatency(): Promise<SectionResult> {
  const redis = await findOrStartRedis({ url: 'redis://127.0.0.1:1', persistence: 'none', log: () => undefined });
  const keyPrefix = `bench-latency-${process.pid}`;
  // The apply step (what a screen waits on) in a process of its own, the engines' recompute and the rest in another —
  // the topology BENCHLINE_WORKER_QUEUES allows; BENCH_LATENCY_ONE_WORKER=1 runs everything in one process instead.
  const workers = process.env.BENCH_LATENCY_ONE_WORKER
    ? [startWorkerProcess(redis.url, keyPrefix)]
    : [
        startWorkerProcess(redis.url, keyPrefix, ['apply-events']),
        startWorkerProcess(
          redis.url,
          keyPrefix,
          ['recompute-members', 'sweep-members', 'finance-view', 'daily-refresh', 'evaluate-measure', 'patient-panel'],
          // The engines yield the cores to the server and the apply step, as docker-compose's cpu_shares has them.
          { BENCHLINE_WORKER_NICE: ENGINES_NICE },
        ),
      ];
  let app: FastifyInstance | undefined;
  const rows: Measured[] = [];
  try {
    app = await buildApp({
      host: '127.0.0.1',
      port: 0,
      redisUrl: redis.url,
      keyPrefix,
      apiKeys: [{ tenantId: TENANT, key: API_KEY }],
      clientDist: '/nonexistent',
      fanoutTickMs: 100,
      // The screens watch spend here; coordinators' views tick at 25 ms by default.
      fanoutViewTickMs: { spend: 25 },
      bodyLimitBytes: 5 * 1024 * 1024,
      maxLineBytes: 1024 * 1024,
      bulkLimitBytes: 1024 * 1024 * 1024,
      logLevel: 'warn',
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    // The screens are one signed-in leader's tabs.
    const token = await app.identity.startUserSession({
      tenantId: TENANT,
      userId: 'bench',
      name: 'Bench',
      role: 'leader',
    });
    const cookie = `benchline_session=${token}`;
    // A seeded ACO, so every claim's recompute runs every engine over a real history.
    const aco = demoAco({ members: 500, months: 12, seed: 11, endMonth: '2026-06' });
    const seed = [...demoEvents(aco)];
    const tally = await postBulkEvents(seed, { baseUrl: url, apiKey: API_KEY, linesPerRequest: 5000 });
    if (tally.rejected > 0) {
      throw new Error(`${tally.rejected} seed events were rejected`);
    }
    await drained(redis.url, keyPrefix);
    const templates = seed.filter((e): e is ClaimEvent => e.kind === 'claim');
    let serial = 0;
    for (const { rate, screens } of SCENARIOS) {
      process.stderr.write(`bench: latency, ${rate} claims/s, ${screens} screens\n`);
      // New claims (fresh ids) on the seeded members' histories, spread over the population.
      const claims = Array.from({ length: rate * SECONDS }, (_, i) => {
        const template = templates[(i * 7919) % templates.length] as ClaimEvent;
        serial += 1;
        return { ...template, claimId: `LAT-${serial}`, version: 1, adjustment: 'original' as const };
      });
      rows.push(await scenario(url, claims, rate, screens, redis.url, keyPrefix, cookie));
    }
  } finally {
    await app?.close();
    await Promise.all(workers.map(stopProcess));
    await deleteKeysWithPrefix(redis.url, keyPrefix);
    await redis.stop();
  }
  const ms = (value: number): string => value.toFixed(1);
  const target = rows.find((r) => r.rate === 1000 && r.screens === 500);
  const markdown = [
    '## Event to screen (POST sent → a subscribed screen shows the claim; real engines; worker in its own process)',
    '',
    workers.length === 1
      ? 'Workers: one process for every queue (BENCH_LATENCY_ONE_WORKER).'
      : `Workers: the apply step in one process, the recompute and the rest in another (BENCHLINE_WORKER_QUEUES) at niceness ${ENGINES_NICE} (BENCHLINE_WORKER_NICE; BENCH_ENGINES_NICE).`,
    '',
    `Each scenario sends single-claim POSTs for ${SECONDS} s to a seeded 500-member ACO; the spend view ticks at 25 ms.`,
    '',
    '| Claims/s | Screens | Claims | Send seconds | p50 ms | p95 ms | p99 ms | max ms | Refused |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (r) =>
        `| ${r.rate.toLocaleString('en-US')} | ${r.screens} | ${r.sent.toLocaleString('en-US')} | ${r.sendSeconds.toFixed(2)} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.p99)} | ${ms(r.max)} | ${r.refused} |`,
    ),
    '',
    "Issue 8's target: p99 ≤ 50 ms end to end at 1,000 events/s with 500 screens.",
    '',
    'Where the time goes (p50 / p99 ms): accepted — POST sent to its 202; committed — sent to the apply step committing the claim to the change feed (the time in the feed entry id of the change that carried it); delivered — that commit to the screen (feed read, coalescing tick, Socket.IO, the screen thread).',
    '',
    '| Claims/s | Screens | Accepted | Committed | Delivered |',
    '| ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (r) =>
        `| ${r.rate.toLocaleString('en-US')} | ${r.screens} | ${ms(r.stages.accepted.p50)} / ${ms(r.stages.accepted.p99)} | ${ms(r.stages.committed.p50)} / ${ms(r.stages.committed.p99)} | ${ms(r.stages.delivered.p50)} / ${ms(r.stages.delivered.p99)} |`,
    ),
    '',
  ];
  return {
    id: 'latency',
    markdown,
    metrics: Object.fromEntries(
      rows.flatMap((r) => [
        [`p50MsAt${r.rate}x${r.screens}`, r.p50],
        [`p99MsAt${r.rate}x${r.screens}`, r.p99],
      ]),
    ),
    targets: [
      atMost(
        'event-to-screen-p99',
        'Event to screen p99 at 1,000 events/s, 500 screens',
        50,
        target === undefined ? null : target.p99,
        'ms',
      ),
    ],
  };
}
