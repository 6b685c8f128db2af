/**
 * Baselines measured in the same run as everything else, so the other sections' figures read as ratios on this
 * (shared, noisy) machine: Redis pipelined HINCRBY ops/s (redis-benchmark), BullMQ draining no-op jobs, a Fastify
 * hello-world route's req/s, and a bare pipeline — HTTP POST → BullMQ → one HINCRBY → pub/sub → Socket.IO →
 * client — with its event-to-screen latency at 1,000 events/s: the floor under Benchline's own latency.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Queue, Worker } from 'bullmq';
import Fastify from 'fastify';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';
import { findOrStartRedis } from '../../tools/src/services/redis-service.js';
import { deleteKeysWithPrefix } from '../support/redis.js';
import { median, percentile, RUNS, thread } from './common.js';
import { load } from './ingest.js';
import { bullmqNoOpDrain } from './pipeline.js';
import type { SectionResult } from './results.js';

const run = promisify(execFile);

/** Pipelined HINCRBY: redis-benchmark with 64 commands per round trip, else the same from ioredis. */
async function redisHincrby(redisUrl: string, requests: number): Promise<{ opsPerSecond: number; tool: string }> {
  const { hostname, port } = new URL(redisUrl);
  try {
    const { stdout } = await run('redis-benchmark', [
      ...['-h', hostname, '-p', port, '-n', String(requests), '-P', '64', '-c', '4', '-q', '--csv'],
      ...['HINCRBY', 'bench:baseline:h', 'field', '1'],
    ]);
    // "<test>","<rps>",… — the second CSV field of the one data row.
    const row = stdout
      .trim()
      .split('\n')
      .find((line) => /HINCRBY/i.test(line));
    const rps = Number(row?.split(',')[1]?.replaceAll('"', ''));
    if (Number.isFinite(rps) && rps > 0) {
      return { opsPerSecond: rps, tool: 'redis-benchmark -P 64 -c 4' };
    }
  } catch {
    // No redis-benchmark: measure from ioredis below.
  }
  const redis = new Redis(redisUrl);
  try {
    const started = performance.now();
    for (let done = 0; done < requests; done += 1000) {
      const pipeline = redis.pipeline();
      for (let i = 0; i < 1000; i += 1) {
        pipeline.hincrby('bench:baseline:h', 'field', 1);
      }
      await pipeline.exec();
    }
    return { opsPerSecond: requests / ((performance.now() - started) / 1000), tool: 'ioredis pipelines of 1,000' };
  } finally {
    await redis.del('bench:baseline:h');
    redis.disconnect();
  }
}

async function fastifyHello(requests: number): Promise<number> {
  const app = Fastify({ logger: false });
  app.post('/hello', async () => ({ hello: 'world' }));
  await app.listen({ host: '127.0.0.1', port: 0 });
  try {
    const seconds = await load({
      kind: 'requests',
      url: `http://127.0.0.1:${(app.server.address() as { port: number }).port}/hello`,
      apiKey: 'none',
      bodies: Array.from({ length: requests }, () => '{}'),
      concurrency: 64,
      expectStatus: 200,
    });
    return requests / seconds;
  } finally {
    await app.close();
  }
}

/** The bare pipeline at `rate` events/s to `screens` clients for `seconds`: event-to-screen latencies in ms. */
async function barePipeline(
  redisUrl: string,
  rate: number,
  screens: number,
  seconds: number,
): Promise<{ p50: number; p99: number }> {
  const prefix = `bench-bare-${process.pid}`;
  const connection = { url: redisUrl, maxRetriesPerRequest: null };
  const queue = new Queue('bare', { connection, prefix });
  const redis = new Redis(redisUrl);
  const subscriber = new Redis(redisUrl);
  const worker = new Worker(
    'bare',
    async (job) => {
      await redis.hincrby(`${prefix}:h`, 'count', 1);
      await redis.publish(`${prefix}:ticks`, String((job.data as { seq: number }).seq));
    },
    { connection, prefix, concurrency: 16, removeOnComplete: { count: 0 } },
  );
  const app = Fastify({ logger: false });
  const io = new Server(app.server, { serveClient: false });
  await subscriber.subscribe(`${prefix}:ticks`);
  subscriber.on('message', (_channel, seq) => io.emit('tick', Number(seq)));
  app.post<{ Body: { claimId: string } }>('/api/v1/claims', async (request, reply) => {
    await queue.add('tick', { seq: Number(request.body.claimId.slice('BARE-'.length)) }, { removeOnComplete: true });
    return reply.code(202).send({ status: 'accepted' });
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  try {
    const clients = thread<{ ready?: true; count?: number; seen?: [number, number][][] }>('./bare-clients.mjs', {
      url,
      clients: screens,
    });
    await clients.next();
    const events = rate * seconds;
    const sender = thread<{ sentAt: number[]; refused: number }>('./latency-sender.mjs', {
      url,
      apiKey: 'none',
      claims: Array.from({ length: events }, (_, i) => ({ claimId: `BARE-${i}` })),
      rate,
    });
    const { sentAt, refused } = await sender.next();
    // Every screen gets every message; wait (up to 30 s) until the last has arrived everywhere.
    const expected = screens * events;
    for (let waited = 0; waited < 30_000; waited += 100) {
      clients.worker.postMessage('count');
      let reply = await clients.next();
      while (reply.count === undefined) {
        reply = await clients.next();
      }
      if (reply.count >= expected) {
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    clients.worker.postMessage('stop');
    let message = await clients.next();
    while (message.seen === undefined) {
      message = await clients.next();
    }
    await Promise.all([clients.worker.terminate(), sender.worker.terminate()]);
    const latencies: number[] = [];
    for (const log of message.seen) {
      for (const [seq, arrived] of log) {
        latencies.push(Math.max(0, arrived - (sentAt[seq] ?? arrived)));
      }
    }
    if (refused > 0 || latencies.length !== expected) {
      throw new Error(`bare pipeline: ${refused} refused, ${expected - latencies.length} deliveries missing`);
    }
    const sorted = Float64Array.from(latencies).sort();
    return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
  } finally {
    io.disconnectSockets(true);
    await app.close();
    await worker.close();
    await queue.close();
    subscriber.disconnect();
    redis.disconnect();
    await deleteKeysWithPrefix(redisUrl, prefix);
  }
}

/** BENCH_SMOKE=1: a seconds-long run of the same code, for CI (tests/integration/bench-smoke.test.ts). */
export async function benchBaselines(): Promise<SectionResult> {
  const smoke = process.env.BENCH_SMOKE === '1';
  const runs = smoke ? 1 : RUNS;
  const redis = await findOrStartRedis({ url: 'redis://127.0.0.1:1', persistence: 'none', log: () => undefined });
  try {
    const hincrby: number[] = [];
    const noop: number[] = [];
    const hello: number[] = [];
    const bare: { p50: number; p99: number }[] = [];
    let tool = '';
    for (let i = 0; i < runs; i += 1) {
      const measured = await redisHincrby(redis.url, smoke ? 20_000 : 1_000_000);
      hincrby.push(measured.opsPerSecond);
      tool = measured.tool;
      noop.push(await bullmqNoOpDrain(redis.url, smoke ? 2000 : 20_000));
      hello.push(await fastifyHello(smoke ? 2000 : 50_000));
      bare.push(await barePipeline(redis.url, 1000, 1, smoke ? 1 : 5));
    }
    const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
    const p50 = median(bare.map((b) => b.p50));
    const p99 = median(bare.map((b) => b.p99));
    return {
      id: 'baselines',
      markdown: [
        '## Baselines (same run, same machine)',
        '',
        '| Baseline | Median | Runs |',
        '| --- | ---: | --- |',
        `| Redis HINCRBY, pipelined (${tool}) | ${fmt(median(hincrby))} ops/s | ${hincrby.map(fmt).join(' / ')} |`,
        `| BullMQ no-op jobs drained (one worker, concurrency 16) | ${fmt(median(noop))} jobs/s | ${noop.map(fmt).join(' / ')} |`,
        `| Fastify hello-world POST (autocannon, 64 connections) | ${fmt(median(hello))} req/s | ${hello.map(fmt).join(' / ')} |`,
        `| Bare pipeline, 1,000 events/s to one client: p50 / p99 | ${p50.toFixed(1)} / ${p99.toFixed(1)} ms | ${bare.map((b) => `${b.p50.toFixed(1)}/${b.p99.toFixed(1)}`).join(' · ')} |`,
        '',
        'The bare pipeline is POST → BullMQ → one HINCRBY → PUBLISH → Socket.IO → client, with nothing of Benchline in it: the floor under the event-to-screen latency below.',
        '',
      ],
      metrics: {
        redisHincrbyOpsPerSecond: median(hincrby),
        bullmqNoOpJobsPerSecond: median(noop),
        fastifyHelloRequestsPerSecond: median(hello),
        barePipelineP50Ms: p50,
        barePipelineP99Ms: p99,
      },
    };
  } finally {
    await redis.stop();
  }
}
