/**
 * The live pipeline end to end (issue 7): claim lines per second from the first POST until every queue is
 * drained — accepted, folded, members recomputed by every engine, roll-ups, finance view and change feed written —
 * for generated ACOs of growing size under an MSSP agreement, with the server and the worker in processes of their
 * own as deployed, and the population generated and sent, a file's worth at a time, from the bench's process.
 * Beside it, in the same run: BullMQ draining no-op jobs (the queue's own ceiling on this machine) and the
 * per-line cost as the population grows. Redis memory per member is read from INFO after each run (everything the
 * tenant keeps: event store, facts, results, roll-ups, and BullMQ's retained job records).
 *
 * Sizes: BENCH_PIPELINE_MEMBERS (comma-separated, default 1000,10000); populations of 50,000 members or more are
 * run once (100,000 takes the better part of half an hour here). The scale section (benchPipelineScale) runs the
 * same pipeline to a million members with a month of events each: a year of a million would need some 60 GB of
 * Redis at the bytes per member reported. BENCH_WORKER_PROF=1 writes the worker's CPU profiles to /tmp/prof.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
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
import { NODE_FLAGS } from '../../tools/src/commands/start.js';
import { findOrStartRedis } from '../../tools/src/services/redis-service.js';
import { deleteKeysWithPrefix } from '../support/redis.js';
import { formatSeconds, median, RUNS } from './common.js';
import { cpuSecondsOf } from './process-cpu.js';
import { atLeast, atMost, type SectionResult } from './results.js';

const API_KEY = 'bench-key-0123456789';
/** From this many members a population is run once, not RUNS times. */
const LARGE_POPULATION = 50_000;
const TENANT = 'bench';
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** CPU seconds each part of a run used, from the first POST to every queue drained. */
interface CpuSeconds {
  server: number;
  worker: number;
  redis: number;
  /** This process: generating the population and sending it (a client's machine, in a deployment). */
  sender: number;
}

interface Population {
  members: number;
  /** The population's events, generated afresh (and identically) each call: nothing held between runs. */
  events: () => Iterable<CanonicalEvent>;
}

function population(members: number, months = 12): Population {
  const events = function* (): Generator<CanonicalEvent> {
    const aco = demoAco({ members, months, seed: 7, endMonth: '2026-06' });
    // The ACO's MSSP agreement over its participant list, unless the generator already sends one: attribution,
    // finance cells and the finance view all do their real work.
    if (aco.contracts.length === 0) {
      yield {
        ...VALID_CONTRACT,
        effectiveFrom: '2025-01-01',
        participantTins: [...new Set(aco.providers.filter((p) => p.participant).map((p) => p.tin))].sort(),
      } satisfies ContractEvent;
    }
    yield* demoEvents(aco);
  };
  return { members, events };
}

/** Counts what passes through: events, and the lines of the claims among them. */
function counted(events: Iterable<CanonicalEvent>): {
  events: Iterable<CanonicalEvent>;
  tally: { events: number; claimLines: number };
} {
  const tally = { events: 0, claimLines: 0 };
  return {
    tally,
    events: (function* () {
      for (const event of events) {
        tally.events += 1;
        tally.claimLines += event.kind === 'claim' ? event.lines.length : 0;
        yield event;
      }
    })(),
  };
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/**
 * The server in a process of its own, as `pnpm start` runs it (same Node flags): the bench's own heap and work —
 * generating and sending the load, the screens — stay off the server's event loop and out of its garbage collection.
 */
export async function startServerProcess(
  redisUrl: string,
  keyPrefix: string,
  apiKeys: readonly { tenantId: string; key: string }[],
  env: Record<string, string> = {},
): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [...NODE_FLAGS, '--import', 'tsx', '--conditions=@benchline/source', 'server/src/server.ts'],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        REDIS_URL: redisUrl,
        BENCHLINE_KEY_PREFIX: keyPrefix,
        BENCHLINE_HOST: '127.0.0.1',
        BENCHLINE_PORT: String(port),
        BENCHLINE_API_KEYS: apiKeys.map(({ tenantId, key }) => `${tenantId}:${key}`).join(','),
        BENCHLINE_CLIENT_DIST: '/nonexistent',
        BENCHLINE_FANOUT_TICK_MS: '100',
        BENCHLINE_BULK_LIMIT_BYTES: String(1024 * 1024 * 1024),
        BENCHLINE_LOG_LEVEL: 'warn',
        ...env,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const url = `http://127.0.0.1:${port}`;
  for (let waited = 0; ; waited += 100) {
    if (child.exitCode !== null) {
      throw new Error(`the server exited with ${child.exitCode} before it listened`);
    }
    const ready = await fetch(`${url}/health/ready`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) {
      return { child, url };
    }
    if (waited > 60_000) {
      throw new Error('the server did not become ready within 60 s');
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
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

/** The queues the pipeline's worker takes jobs from, in the order they feed each other. */
const PIPELINE_QUEUES = [APPLY_EVENTS_QUEUE, RECOMPUTE_MEMBERS_QUEUE, SWEEP_MEMBERS_QUEUE, FINANCE_VIEW_QUEUE];

/**
 * Waits until a worker takes jobs from every pipeline queue (BullMQ names its connections, so Redis knows), so the
 * worker's start — loading the code and the reference tables — is not timed as pipeline work.
 */
export async function workersListening(redisUrl: string, keyPrefix: string, timeoutMs = 60_000): Promise<void> {
  const keys = createKeySpace(keyPrefix);
  const queues = PIPELINE_QUEUES.map(
    (name) => new Queue(name, { connection: { url: redisUrl }, prefix: keys.bullPrefix }),
  );
  try {
    for (const started = performance.now(); ;) {
      const counts = await Promise.all(queues.map((queue) => queue.getWorkersCount()));
      if (counts.every((count) => count > 0)) {
        return;
      }
      if (performance.now() - started > timeoutMs) {
        throw new Error(`no worker took jobs from every pipeline queue within ${timeoutMs / 1000} s`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await Promise.all(queues.map((queue) => queue.close()));
  }
}

/** Waits until the pipeline's queues hold nothing waiting, active or delayed (in the order they feed each other). */
export async function drained(redisUrl: string, keyPrefix: string): Promise<void> {
  const keys = createKeySpace(keyPrefix);
  const queues = PIPELINE_QUEUES.map(
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

/**
 * One run: a fresh key space, the server and the worker in processes of their own, the population generated and
 * sent from this one (as another machine would send a file); seconds from the first POST to every queue drained.
 */
async function runOnce(
  redisUrl: string,
  pop: Population,
  run: number,
): Promise<{ seconds: number; memoryPerMember: number; events: number; claimLines: number; cpu: CpuSeconds | null }> {
  const keyPrefix = `bench-pipe-${process.pid}-${pop.members}-${run}`;
  const redis = new Redis(redisUrl);
  const worker = startWorkerProcess(redisUrl, keyPrefix);
  let server: ChildProcess | undefined;
  try {
    const started = await startServerProcess(redisUrl, keyPrefix, [{ tenantId: TENANT, key: API_KEY }]);
    server = started.child;
    await workersListening(redisUrl, keyPrefix);
    const before = await usedMemory(redis);
    const redisPid = Number(/process_id:(\d+)/.exec(await redis.info('server'))?.[1]);
    const cpuNow = () => ({
      server: cpuSecondsOf(server?.pid),
      worker: cpuSecondsOf(worker.pid),
      redis: cpuSecondsOf(redisPid),
    });
    const cpuBefore = cpuNow();
    const senderBefore = process.cpuUsage();
    const { events, tally: sent } = counted(pop.events());
    const startedAt = performance.now();
    const tally = await postBulkEvents(events, { baseUrl: started.url, apiKey: API_KEY, linesPerRequest: 5000 });
    if (tally.rejected > 0) {
      throw new Error(`${tally.rejected} events were rejected`);
    }
    await drained(redisUrl, keyPrefix);
    const seconds = (performance.now() - startedAt) / 1000;
    const sender = process.cpuUsage(senderBefore);
    const cpuAfter = cpuNow();
    const used = (part: 'server' | 'worker' | 'redis'): number | null => {
      const [start, end] = [cpuBefore[part], cpuAfter[part]];
      return start === null || end === null ? null : end - start;
    };
    const [serverCpu, workerCpu, redisCpu] = [used('server'), used('worker'), used('redis')];
    const cpu =
      serverCpu === null || workerCpu === null || redisCpu === null
        ? null
        : { server: serverCpu, worker: workerCpu, redis: redisCpu, sender: (sender.user + sender.system) / 1e6 };
    const memoryPerMember = ((await usedMemory(redis)) - before) / pop.members;
    return { seconds, memoryPerMember, ...sent, cpu };
  } finally {
    await Promise.all([worker, ...(server === undefined ? [] : [server])].map(stopProcess));
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

/** One population measured: RUNS runs (one from LARGE_POPULATION members), each a fresh key space. */
interface PopulationRow {
  pop: Population;
  events: number;
  claimLines: number;
  seconds: number[];
  /** Redis bytes per member, each run. */
  memory: number[];
  /** Each run's CPU seconds by part (none where /proc is not there). */
  cpu: CpuSeconds[];
}

async function measurePopulation(redisUrl: string, pop: Population, runs: number): Promise<PopulationRow> {
  process.stderr.write(`bench: pipeline, ${pop.members} members, ${runs} run(s)\n`);
  const row: PopulationRow = { pop, events: 0, claimLines: 0, seconds: [], memory: [], cpu: [] };
  for (let run = 0; run < runs; run += 1) {
    const result = await runOnce(redisUrl, pop, run);
    row.seconds.push(result.seconds);
    row.memory.push(result.memoryPerMember);
    if (result.cpu !== null) {
      row.cpu.push(result.cpu);
    }
    row.events = result.events;
    row.claimLines = result.claimLines;
  }
  return row;
}

const runsFor = (members: number): number => (members >= LARGE_POPULATION ? 1 : RUNS);
const sizesFrom = (value: string): number[] => value.split(',').map((size) => Number(size.trim()));
const linesPerSecond = (r: PopulationRow): number => r.claimLines / median(r.seconds);
/** µs of wall time per claim line, or per event. */
const costPerLine = (r: PopulationRow): number => (median(r.seconds) * 1e6) / r.claimLines;
const costPerEvent = (r: PopulationRow): number => (median(r.seconds) * 1e6) / r.events;

/** µs of CPU per unit (claim line or event) by part, each the median over the runs; null without /proc. */
function cpuPer(r: PopulationRow, units: number): (CpuSeconds & { total: number; cores: number }) | null {
  if (r.cpu.length === 0) {
    return null;
  }
  const per = (part: keyof CpuSeconds): number => (median(r.cpu.map((c) => c[part])) * 1e6) / units;
  const parts = { server: per('server'), worker: per('worker'), redis: per('redis'), sender: per('sender') };
  const total = parts.server + parts.worker + parts.redis + parts.sender;
  return { ...parts, total, cores: (total * units) / 1e6 / median(r.seconds) };
}

/** The report's CPU table: µs of CPU per `unit` (a claim line, an event) by process. */
function cpuTable(rows: PopulationRow[], unit: 'claim line' | 'event'): string[] {
  const unitsOf = (r: PopulationRow): number => (unit === 'event' ? r.events : r.claimLines);
  const lines = rows.flatMap((r) => {
    const c = cpuPer(r, unitsOf(r));
    return c === null
      ? []
      : [
          `| ${r.pop.members.toLocaleString('en-US')} | ${c.worker.toFixed(1)} | ${c.server.toFixed(1)} | ${c.redis.toFixed(1)} | ${c.sender.toFixed(1)} | ${c.total.toFixed(1)} | ${c.cores.toFixed(2)} of ${availableParallelism()} |`,
        ];
  });
  return lines.length === 0
    ? []
    : [
        `Where the CPU goes (/proc, from the first POST to every queue drained; µs of CPU per ${unit}, median run). The worker applies the batches and recomputes every touched member with every engine; the server validates and stores the events; the sender is this process generating the population and posting it.`,
        '',
        '| Members | Worker | Server | Redis | Sender | All | Cores busy |',
        '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
        ...lines,
        '',
      ];
}

export async function benchPipeline(): Promise<SectionResult> {
  const sizes = sizesFrom(process.env.BENCH_PIPELINE_MEMBERS ?? '1000,10000');
  const redis = await findOrStartRedis({ url: 'redis://127.0.0.1:1', persistence: 'none', log: () => undefined });
  try {
    const noop: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      noop.push(await bullmqNoOpDrain(redis.url, 20_000));
    }
    const rows: PopulationRow[] = [];
    for (const members of sizes) {
      // A population this large takes many minutes a run on two cores: one run, said in the report.
      rows.push(await measurePopulation(redis.url, population(members), runsFor(members)));
    }
    const noopRate = median(noop);
    const first = rows[0];
    const last = rows.at(-1);
    const lastCpu = last === undefined ? null : cpuPer(last, last.claimLines);
    const limit =
      lastCpu === null
        ? ''
        : `; CPU per line: worker ${lastCpu.worker.toFixed(0)} µs (apply, every engine's recompute), server ${lastCpu.server.toFixed(0)}, Redis ${lastCpu.redis.toFixed(0)}, sender ${lastCpu.sender.toFixed(0)} — ${lastCpu.cores.toFixed(2)} of ${availableParallelism()} cores busy`;
    const largest = last === undefined ? null : `${last.pop.members.toLocaleString('en-US')} members`;
    const targets = [
      atLeast(
        'pipeline-claim-lines-per-second',
        'Claim lines/s applied end to end',
        60_000,
        last === undefined ? null : linesPerSecond(last),
        'lines/s',
        largest === null ? undefined : `${largest}${limit}`,
      ),
      atLeast(
        'pipeline-vs-bullmq-noop',
        'Claim lines/s ÷ BullMQ no-op jobs/s (same run)',
        2,
        last === undefined ? null : linesPerSecond(last) / noopRate,
        '×',
      ),
    ];
    const markdown = [
      '## Live pipeline, end to end (first POST → every queue drained; server and worker in processes of their own)',
      '',
      'A year of events per member (twelve months of claims to 2026-06). Each run starts its clock once the worker takes jobs from every queue.',
      '',
      '| Members | Events | Claim lines | Seconds per run | Claim lines/s | µs per line | Redis bytes per member |',
      '| ---: | ---: | ---: | --- | ---: | ---: | ---: |',
      ...rows.map(
        (r) =>
          `| ${r.pop.members.toLocaleString('en-US')} | ${r.events.toLocaleString('en-US')} | ${r.claimLines.toLocaleString('en-US')} | ${formatSeconds(r.seconds)} | ${Math.round(linesPerSecond(r)).toLocaleString('en-US')} | ${costPerLine(r).toFixed(1)} | ${Math.round(median(r.memory)).toLocaleString('en-US')} |`,
      ),
      '',
      ...cpuTable(rows, 'claim line'),
      `Baseline: BullMQ drains ${Math.round(noopRate).toLocaleString('en-US')} no-op jobs/s here (one worker, concurrency 16; runs ${noop.map((n) => Math.round(n)).join(' / ')}).`,
      last === undefined
        ? ''
        : `Claim lines/s at ${last.pop.members.toLocaleString('en-US')} members: ${(linesPerSecond(last) / noopRate).toFixed(2)}× the no-op job drain rate (issue 7's target: ≥ 60,000 lines/s and ≥ 2×).`,
      first === undefined || last === undefined || first === last
        ? ''
        : `Per-line cost at ${last.pop.members.toLocaleString('en-US')} members is ${(costPerLine(last) / costPerLine(first)).toFixed(2)}× the cost at ${first.pop.members.toLocaleString('en-US')}. The growth target is judged by the scale section, at 1,000,000 members.`,
      '',
    ];
    return {
      id: 'pipeline',
      markdown,
      metrics: {
        bullmqNoOpJobsPerSecond: noopRate,
        ...Object.fromEntries(rows.map((r) => [`claimLinesPerSecondAt${r.pop.members}`, linesPerSecond(r)])),
        ...Object.fromEntries(rows.map((r) => [`redisBytesPerMemberAt${r.pop.members}`, median(r.memory)])),
        ...cpuMetrics(rows, 'Line', (r) => r.claimLines),
      },
      targets,
    };
  } finally {
    await redis.stop();
  }
}

function cpuMetrics(
  rows: PopulationRow[],
  unit: 'Line' | 'Event',
  unitsOf: (r: PopulationRow) => number,
): Record<string, number> {
  return Object.fromEntries(
    rows.flatMap((r) => {
      const c = cpuPer(r, unitsOf(r));
      return c === null
        ? []
        : (['worker', 'server', 'redis', 'sender', 'total'] as const).map((part) => [
            `cpu${part[0]?.toUpperCase() ?? ''}${part.slice(1)}MicrosecondsPer${unit}At${r.pop.members}`,
            c[part],
          ]);
    }),
  );
}

/** The scale section's populations: the 10k → 1M, or a toy pair for the harness's smoke. */
const SCALE_FROM = 10_000;
const SCALE_TO = 1_000_000;

/**
 * Per-event cost as the population grows to a million members (issues 7 and 11): the same pipeline, with one month
 * of events per member (a year of a million members would need some 60 GB of Redis; a month needs about 8 GB), so
 * every population carries the same events per member and only its size differs. BENCH_SCALE_MEMBERS
 * (comma-separated, default 10000,100000,1000000); the 1M run takes a quarter of an hour here.
 */
export async function benchPipelineScale(): Promise<SectionResult> {
  const smoke = process.env.BENCH_SMOKE === '1';
  const sizes = sizesFrom(process.env.BENCH_SCALE_MEMBERS ?? (smoke ? '100,300' : `${SCALE_FROM},100000,${SCALE_TO}`));
  const redis = await findOrStartRedis({ url: 'redis://127.0.0.1:1', persistence: 'none', log: () => undefined });
  try {
    const rows: PopulationRow[] = [];
    for (const members of sizes) {
      rows.push(await measurePopulation(redis.url, population(members, 1), smoke ? 1 : runsFor(members)));
    }
    const first = rows[0];
    const last = rows.at(-1);
    const previous = rows.at(-2);
    const growth = first === undefined || last === undefined ? null : costPerEvent(last) / costPerEvent(first);
    const judged = first?.pop.members === SCALE_FROM && last?.pop.members === SCALE_TO;
    const memory = last === undefined ? null : Math.round(median(last.memory));
    return {
      id: 'pipeline-scale',
      markdown: [
        '## Live pipeline as the population grows (per-event cost, 10,000 → 1,000,000 members)',
        '',
        "The live pipeline section's end-to-end run with one month of events per member (claims for 2026-06, each member's record, roster and clinical events), so every population carries the same events per member: what grows is the population, and with it Redis's key space, the member set, the roll-ups and the queue. Each run starts its clock once the worker takes jobs from every queue.",
        '',
        '| Members | Events | Claim lines | Seconds per run | Events/s | µs per event | × the smallest | Redis bytes per member |',
        '| ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |',
        ...rows.map(
          (r) =>
            `| ${r.pop.members.toLocaleString('en-US')} | ${r.events.toLocaleString('en-US')} | ${r.claimLines.toLocaleString('en-US')} | ${formatSeconds(r.seconds)} | ${Math.round(r.events / median(r.seconds)).toLocaleString('en-US')} | ${costPerEvent(r).toFixed(1)} | ${first === undefined ? '' : (costPerEvent(r) / costPerEvent(first)).toFixed(2)} | ${Math.round(median(r.memory)).toLocaleString('en-US')} |`,
        ),
        '',
        ...cpuTable(rows, 'event'),
        ...(rows.length >= 3 && previous !== undefined && last !== undefined
          ? [
              `The smallest population's runs are the shortest, so the work every run does once (the tenant's first sweep, the engines warming up) weighs most in them: against ${previous.pop.members.toLocaleString('en-US')} members, the per-event cost at ${last.pop.members.toLocaleString('en-US')} is ${(costPerEvent(last) / costPerEvent(previous)).toFixed(2)}×.`,
              '',
            ]
          : []),
        judged
          ? `Target: per-event cost at ${SCALE_TO.toLocaleString('en-US')} members within 1.2× of the cost at ${SCALE_FROM.toLocaleString('en-US')}. Populations of ${LARGE_POPULATION.toLocaleString('en-US')} members or more are run once.`
          : `Measured from ${first?.pop.members.toLocaleString('en-US') ?? '?'} to ${last?.pop.members.toLocaleString('en-US') ?? '?'} members, not the target's ${SCALE_FROM.toLocaleString('en-US')} → ${SCALE_TO.toLocaleString('en-US')} (BENCH_SCALE_MEMBERS): the target row is not judged.`,
        '',
      ],
      metrics: {
        ...Object.fromEntries(rows.map((r) => [`eventsPerSecondAt${r.pop.members}`, r.events / median(r.seconds)])),
        ...Object.fromEntries(rows.map((r) => [`microsecondsPerEventAt${r.pop.members}`, costPerEvent(r)])),
        ...Object.fromEntries(rows.map((r) => [`redisBytesPerMemberAt${r.pop.members}`, median(r.memory)])),
        ...cpuMetrics(rows, 'Event', (r) => r.events),
      },
      targets: [
        atMost(
          'pipeline-per-event-cost-growth',
          `Per-event cost at ${SCALE_TO.toLocaleString('en-US')} members ÷ at ${SCALE_FROM.toLocaleString('en-US')} (same events per member)`,
          1.2,
          judged ? growth : null,
          '×',
          judged
            ? `${Math.round(costPerEvent(last)).toLocaleString('en-US')} µs vs ${Math.round(costPerEvent(first)).toLocaleString('en-US')} µs of wall time per event; Redis ${memory?.toLocaleString('en-US') ?? '?'} bytes per member at 1M`
            : `measured from ${first?.pop.members ?? '?'} to ${last?.pop.members ?? '?'} members only`,
        ),
      ],
    };
  } finally {
    await redis.stop();
  }
}
