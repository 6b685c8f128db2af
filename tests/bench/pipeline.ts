/**
 * The live pipeline end to end (issue 7): claim lines per second from the first POST until every queue is
 * drained — accepted, folded, members recomputed by every engine, roll-ups, finance view and change feed written —
 * for generated ACOs of growing size under an MSSP agreement, with the worker in its own process as deployed.
 * Beside it, in the same run: BullMQ draining no-op jobs (the queue's own ceiling on this machine) and the
 * per-line cost as the population grows. Redis memory per member is read from INFO after each run (everything the
 * tenant keeps: event store, facts, results, roll-ups, and BullMQ's retained job records).
 *
 * Sizes: BENCH_PIPELINE_MEMBERS (comma-separated, default 1000,4000). The 10k/100k/1M populations take
 * hours on two cores; run them with the variable set and say so when reporting. BENCH_WORKER_PROF=1 writes the
 * worker's CPU profiles to /tmp/prof.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '@benchline/server';
import type { CanonicalEvent, ContractEvent } from '@benchline/shared';
import {
  APPLY_EVENTS_QUEUE,
  createKeySpace,
  FINANCE_VIEW_QUEUE,
  RECOMPUTE_MEMBERS_QUEUE,
  SWEEP_MEMBERS_QUEUE,
} from '@benchline/shared/backend';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { VALID_CONTRACT } from '../../shared/src/validation/__fixtures__/valid-events.js';
import { demoAco, demoEvents } from '../../tools/src/demo/demo-data.js';
import { postBulkEvents } from '../../tools/src/demo/post-events.js';
import { findOrStartRedis } from '../../tools/src/services/redis-service.js';
import { deleteKeysWithPrefix } from '../support/redis.js';
import { formatSeconds, median, RUNS } from './common.js';
import { atLeast, atMost, type SectionResult } from './results.js';

const API_KEY = 'bench-key-0123456789';
const TENANT = 'bench';
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface Population {
  members: number;
  events: CanonicalEvent[];
  claimLines: number;
}

function population(members: number): Population {
  const aco = demoAco({ members, months: 12, seed: 7, endMonth: '2026-06' });
  const generated = [...demoEvents(aco)];
  // The ACO's MSSP agreement over its participant list, unless the generator already sends one: attribution,
  // finance cells and the finance view all do their real work.
  const contracts: ContractEvent[] = generated.some((e) => e.kind === 'contract')
    ? []
    : [
        {
          ...VALID_CONTRACT,
          effectiveFrom: '2025-01-01',
          participantTins: [...new Set(aco.providers.filter((p) => p.participant).map((p) => p.tin))].sort(),
        },
      ];
  const events = [...contracts, ...generated];
  const claimLines = events.reduce((sum, e) => sum + (e.kind === 'claim' ? e.lines.length : 0), 0);
  return { members, events, claimLines };
}

/** The worker process as deployed: its own Node process, its own event loop. */
export function startWorkerProcess(
  redisUrl: string,
  keyPrefix: string,
  queues?: readonly string[],
  env: Record<string, string> = {},
): ChildProcess {
  return spawn(
    process.execPath,
    [
      ...(process.env.BENCH_WORKER_PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] : []),
      '--import',
      'tsx',
      '--conditions=@benchline/source',
      'workers/src/main.ts',
    ],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        REDIS_URL: redisUrl,
        BENCHLINE_KEY_PREFIX: keyPrefix,
        BENCHLINE_WORKER_CONCURRENCY: '16',
        BENCHLINE_PERFORMANCE_YEAR: '2026',
        BENCHLINE_LOG_LEVEL: 'warn',
        ...(queues === undefined ? {} : { BENCHLINE_WORKER_QUEUES: queues.join(',') }),
        ...env,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
}

export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) {
    return;
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await exited;
}

/** Waits until the pipeline's queues hold nothing waiting, active or delayed (in the order they feed each other). */
export async function drained(redisUrl: string, keyPrefix: string): Promise<void> {
  const keys = createKeySpace(keyPrefix);
  const queues = [APPLY_EVENTS_QUEUE, RECOMPUTE_MEMBERS_QUEUE, SWEEP_MEMBERS_QUEUE, FINANCE_VIEW_QUEUE].map(
    (name) => new Queue(name, { connection: { url: redisUrl }, prefix: keys.bullPrefix }),
  );
  try {
    for (;;) {
      let pending = 0;
      for (const queue of queues) {
        const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
        pending += Object.values(counts).reduce((a, b) => a + b, 0);
      }
      if (pending === 0) {
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    await Promise.all(queues.map((queue) => queue.close()));
  }
}

async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0);
}

/** One run: a fresh key space, the server in-process, the worker in its own process; seconds to drained. */
async function runOnce(
  redisUrl: string,
  pop: Population,
  run: number,
): Promise<{ seconds: number; memoryPerMember: number }> {
  const keyPrefix = `bench-pipe-${process.pid}-${pop.members}-${run}`;
  const redis = new Redis(redisUrl);
  const worker = startWorkerProcess(redisUrl, keyPrefix);
  let app: FastifyInstance | undefined;
  try {
    app = await buildApp({
      host: '127.0.0.1',
      port: 0,
      redisUrl,
      keyPrefix,
      apiKeys: [{ tenantId: TENANT, key: API_KEY }],
      clientDist: '/nonexistent',
      fanoutTickMs: 100,
      bodyLimitBytes: 5 * 1024 * 1024,
      maxLineBytes: 1024 * 1024,
      bulkLimitBytes: 1024 * 1024 * 1024,
      logLevel: 'warn',
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    // The worker is ready when its queues exist; a first tiny batch also warms its engine tables.
    const before = await usedMemory(redis);
    const started = performance.now();
    const tally = await postBulkEvents(pop.events, { baseUrl: url, apiKey: API_KEY, linesPerRequest: 5000 });
    if (tally.rejected > 0) {
      throw new Error(`${tally.rejected} events were rejected`);
    }
    await drained(redisUrl, keyPrefix);
    const seconds = (performance.now() - started) / 1000;
    const memoryPerMember = ((await usedMemory(redis)) - before) / pop.members;
    return { seconds, memoryPerMember };
  } finally {
    await app?.close();
    await stopProcess(worker);
    redis.disconnect();
    await deleteKeysWithPrefix(redisUrl, keyPrefix);
  }
}

/** BullMQ alone: no-op jobs added in bulk and drained by one worker at concurrency 16; jobs per second. */
/** BullMQ's own ceiling here: no-op jobs drained per second by one worker at concurrency 16. */
export async function bullmqNoOpDrain(redisUrl: string, jobs: number): Promise<number> {
  const prefix = `bench-noop-${process.pid}`;
  const connection = { url: redisUrl, maxRetriesPerRequest: null };
  const queue = new Queue('noop', { connection, prefix });
  try {
    for (let i = 0; i < jobs; i += 1000) {
      await queue.addBulk(
        Array.from({ length: Math.min(1000, jobs - i) }, (_, k) => ({
          name: 'noop',
          data: { i: i + k },
          opts: { removeOnComplete: true },
        })),
      );
    }
    let done = 0;
    const started = performance.now();
    const finished = new Promise<void>((resolve) => {
      const worker = new Worker('noop', async () => undefined, { connection, prefix, concurrency: 16 });
      worker.on('completed', () => {
        done += 1;
        if (done === jobs) {
          void worker.close().then(() => resolve());
        }
      });
    });
    await finished;
    return jobs / ((performance.now() - started) / 1000);
  } finally {
    await queue.close();
    await deleteKeysWithPrefix(redisUrl, prefix);
  }
}

export async function benchPipeline(): Promise<SectionResult> {
  const sizes = (process.env.BENCH_PIPELINE_MEMBERS ?? '1000,4000').split(',').map((s) => Number(s.trim()));
  const redis = await findOrStartRedis({ url: 'redis://127.0.0.1:1', persistence: 'none', log: () => undefined });
  try {
    const noop: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      noop.push(await bullmqNoOpDrain(redis.url, 20_000));
    }
    const rows: { pop: Population; seconds: number[]; memory: number[] }[] = [];
    for (const members of sizes) {
      const pop = population(members);
      process.stderr.write(
        `bench: pipeline, ${members} members, ${pop.events.length} events, ${pop.claimLines} claim lines\n`,
      );
      const seconds: number[] = [];
      const memory: number[] = [];
      for (let run = 0; run < RUNS; run += 1) {
        const result = await runOnce(redis.url, pop, run);
        seconds.push(result.seconds);
        memory.push(result.memoryPerMember);
      }
      rows.push({ pop, seconds, memory });
    }
    const noopRate = median(noop);
    const linesPerSecond = (r: (typeof rows)[number]): number => r.pop.claimLines / median(r.seconds);
    const costPerLine = (r: (typeof rows)[number]): number => (median(r.seconds) * 1e6) / r.pop.claimLines;
    const first = rows[0];
    const last = rows.at(-1);
    const largest = last === undefined ? null : `${last.pop.members.toLocaleString('en-US')} members`;
    const scaling =
      first === undefined || last === undefined || first === last ? null : costPerLine(last) / costPerLine(first);
    const targets = [
      atLeast(
        'pipeline-claim-lines-per-second',
        'Claim lines/s applied end to end',
        60_000,
        last === undefined ? null : linesPerSecond(last),
        'lines/s',
        largest ?? undefined,
      ),
      atLeast(
        'pipeline-vs-bullmq-noop',
        'Claim lines/s ÷ BullMQ no-op jobs/s (same run)',
        2,
        last === undefined ? null : linesPerSecond(last) / noopRate,
        '×',
      ),
      atMost(
        'pipeline-per-line-cost-growth',
        'Per-line cost at the largest population ÷ at the smallest',
        1.2,
        scaling,
        '×',
        first === undefined || last === undefined
          ? undefined
          : `${first.pop.members.toLocaleString('en-US')} → ${last.pop.members.toLocaleString('en-US')} members; the issue asks 10k → 1M`,
      ),
    ];
    const markdown = [
      '## Live pipeline, end to end (first POST → every queue drained; worker in its own process)',
      '',
      '| Members | Events | Claim lines | Seconds per run | Claim lines/s | µs per line | Redis bytes per member |',
      '| ---: | ---: | ---: | --- | ---: | ---: | ---: |',
      ...rows.map(
        (r) =>
          `| ${r.pop.members.toLocaleString('en-US')} | ${r.pop.events.length.toLocaleString('en-US')} | ${r.pop.claimLines.toLocaleString('en-US')} | ${formatSeconds(r.seconds)} | ${Math.round(linesPerSecond(r)).toLocaleString('en-US')} | ${costPerLine(r).toFixed(1)} | ${Math.round(median(r.memory)).toLocaleString('en-US')} |`,
      ),
      '',
      `Baseline: BullMQ drains ${Math.round(noopRate).toLocaleString('en-US')} no-op jobs/s here (one worker, concurrency 16; runs ${noop.map((n) => Math.round(n)).join(' / ')}).`,
      last === undefined
        ? ''
        : `Claim lines/s at ${last.pop.members.toLocaleString('en-US')} members: ${(linesPerSecond(last) / noopRate).toFixed(2)}× the no-op job drain rate (issue 7's target: ≥ 60,000 lines/s and ≥ 2×).`,
      first === undefined || last === undefined || first === last
        ? ''
        : `Per-line cost at ${last.pop.members.toLocaleString('en-US')} members is ${(costPerLine(last) / costPerLine(first)).toFixed(2)}× the cost at ${first.pop.members.toLocaleString('en-US')} (target: within 1.2×).`,
      '',
    ];
    return {
      id: 'pipeline',
      markdown,
      metrics: {
        bullmqNoOpJobsPerSecond: noopRate,
        ...Object.fromEntries(rows.map((r) => [`claimLinesPerSecondAt${r.pop.members}`, linesPerSecond(r)])),
        ...Object.fromEntries(rows.map((r) => [`redisBytesPerMemberAt${r.pop.members}`, median(r.memory)])),
      },
      targets,
    };
  } finally {
    await redis.stop();
  }
}
