/**
 * The soak (issue 12): an hour of steady load through the whole deployment — the server and two worker processes
 * as deployed, a Redis of its own, and hundreds of screens running the client's own sync code in another process —
 * then a check that nothing drifted. Run with `pnpm bench soak` (never part of the default run, never in CI).
 *
 * Load: claims posted as NDJSON bulk requests five times a second at BENCH_SOAK_RATE events/s (default 500) onto a
 * seeded ACO of BENCH_SOAK_MEMBERS members (default 10,000): 85% new claims, 10% re-priced adjustments and 5%
 * cancels of claims sent earlier in the soak. A 429 (the pipeline behind) is waited out and sent again; nothing is
 * dropped. Screens: BENCH_SOAK_SCREENS (default 200) over the queue, spend, roll-ups, finance and wall views.
 *
 * Sampled every 30 s: server and worker RSS, Redis used memory, the change feed's length, apply lag, and where the
 * screens are. After BENCH_SOAK_MINUTES (default 60): the sender stops, the pipeline drains, and every screen's
 * version and state must equal a fresh snapshot of its view.
 */
import type { ClaimEvent } from '@benchline/shared';
import { createKeySpace } from '@benchline/shared/backend';
import { createIdentityStore } from '@benchline/server';
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { demoAco, demoEvents } from '../../tools/src/demo/demo-data.js';
import { postBulkEvents } from '../../tools/src/demo/post-events.js';
import { findOrStartRedis } from '../../tools/src/services/redis-service.js';
import { atLeast, atMost, type SectionResult } from '../bench/results.js';
import { drained } from '../bench/pipeline.js';
import { deleteKeysWithPrefix } from '../support/redis.js';
import { startServerProcess } from '../support/server-process.js';
import { startWorkerProcess, type WorkerProcess } from '../support/worker-process.js';
import type { ScreenPlan, ScreensReply, ScreensRequest, ViewSample, ViewVerdict } from './screens.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MINUTES = Number(process.env.BENCH_SOAK_MINUTES ?? 60);
const RATE = Number(process.env.BENCH_SOAK_RATE ?? 500);
const SCREENS = Number(process.env.BENCH_SOAK_SCREENS ?? 200);
const MEMBERS = Number(process.env.BENCH_SOAK_MEMBERS ?? 10_000);
const SAMPLE_MS = Math.min(30_000, (MINUTES * 60_000) / 12);
/** Growth is judged after this much of the run: the first sixth, at least the first minute. */
const WARM_UP_MS = Math.max(60_000, (MINUTES * 60_000) / 6);
const TICK_MS = 200;
const TENANT = 'soak';
const API_KEY = `soak-${randomBytes(12).toString('hex')}`;
const RSS_GROWTH_BOUND = 10;

/** The screens, spread over the views people keep open: most on the queue, a wall's worth on the wall. */
const VIEW_SHARE = [
  ['gaps', 0.4],
  ['spend', 0.2],
  ['rollups', 0.15],
  ['finance', 0.1],
  ['wall', 0.15],
] as const;

interface Sample {
  atMs: number;
  rss: Record<string, number>;
  redisUsedBytes: number;
  feedLength: number;
  storedEvents: number;
  applyLagSeconds: number;
  acknowledged: number;
  screens: Partial<Record<string, ViewSample>>;
}

const mib = (bytes: number): string => (bytes / 2 ** 20).toFixed(1);

function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
}

/**
 * Growth after warm-up: the median of the first third of the samples against the median of the last third, in
 * percent. Medians, because RSS saws up and down with every major GC (±20% between samples on the engines worker);
 * a leak moves the whole last third, a collection one sample.
 */
function growth(values: number[]): { percent: number; from: number; to: number } {
  const third = Math.max(1, Math.floor(values.length / 3));
  const medianOf = (xs: number[]) => {
    const sorted = [...xs].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
  };
  const from = medianOf(values.slice(0, third));
  const to = medianOf(values.slice(-third));
  return { percent: from > 0 ? ((to - from) / from) * 100 : 0, from, to };
}

/** The soak's traffic: new claims on the seeded members' histories, and later versions of claims sent earlier. */
function claimStream(templates: readonly ClaimEvent[]) {
  let serial = 0;
  const recent: ClaimEvent[] = [];
  return (): ClaimEvent => {
    serial += 1;
    const slot = serial % 20;
    if ((slot === 7 || slot === 13) && recent.length > 100) {
      const index = (serial * 7919) % recent.length;
      const earlier = recent[index] as ClaimEvent;
      if (slot === 13) {
        recent.splice(index, 1);
        return { ...earlier, version: earlier.version + 1, adjustment: 'cancel' };
      }
      const repriced = (amount: number) => Math.round(amount * 105) / 100;
      const adjusted: ClaimEvent = {
        ...earlier,
        version: earlier.version + 1,
        adjustment: 'adjustment',
        paidAmount: repriced(earlier.paidAmount),
        lines: earlier.lines.map((line) => ({ ...line, paidAmount: repriced(line.paidAmount) })),
      };
      recent[index] = adjusted;
      return adjusted;
    }
    const template = templates[(serial * 7919) % templates.length] as ClaimEvent;
    const claim: ClaimEvent = { ...template, claimId: `SOAK-${serial}`, version: 1, adjustment: 'original' };
    recent.push(claim);
    if (recent.length > 20_000) {
      recent.shift();
    }
    return claim;
  };
}

/**
 * The sender: on every tick the backlog is topped up to RATE × the time since the start — paced by the clock, not
 * by counting ticks, which a busy event loop delivers late — and one request at a time drains it.
 */
function startSender(baseUrl: string, next: () => ClaimEvent) {
  const backlog: ClaimEvent[] = [];
  const tally = { acknowledged: 0, rejected: 0, requests: 0, generated: 0, maxBacklog: 0 };
  let running = true;
  const started = performance.now();
  const timer = setInterval(() => {
    const due = Math.floor((RATE * (performance.now() - started)) / 1000);
    for (; tally.generated < due; tally.generated += 1) {
      backlog.push(next());
    }
    tally.maxBacklog = Math.max(tally.maxBacklog, backlog.length);
  }, TICK_MS);
  const loop = (async () => {
    while (running || backlog.length > 0) {
      if (backlog.length === 0) {
        await new Promise((resolve) => setTimeout(resolve, TICK_MS / 4));
        continue;
      }
      // At most five ticks' worth per request: a backlog is worked off in requests of a bounded size.
      const batch = backlog.splice(0, Math.max(1, Math.ceil((RATE * TICK_MS * 5) / 1000)));
      const answer = await postBulkEvents(batch, {
        baseUrl,
        apiKey: API_KEY,
        linesPerRequest: batch.length,
      });
      tally.requests += 1;
      tally.acknowledged += answer.accepted + answer.duplicate;
      tally.rejected += answer.rejected;
      if (answer.rejected > 0) {
        throw new Error(`soak events rejected: ${answer.firstErrors.join('; ')}`);
      }
    }
  })();
  return {
    tally,
    backlog: () => backlog.length,
    async stop() {
      running = false;
      clearInterval(timer);
      await loop;
    },
  };
}

function startScreens(url: string, plans: ScreenPlan[]) {
  const child: ChildProcess = fork('tests/soak/screens.ts', [], {
    cwd: ROOT,
    execArgv: ['--import', 'tsx', '--conditions=@benchline/source'],
    env: { ...process.env, SOAK_URL: url, SOAK_SCREENS: JSON.stringify(plans) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiters: ((reply: ScreensReply) => void)[] = [];
  child.on('message', (reply: ScreensReply) => waiters.shift()?.(reply));
  const nextReply = () => new Promise<ScreensReply>((resolve) => waiters.push(resolve));
  const ask = async <T extends 'sample' | 'final'>(type: T): Promise<Extract<ScreensReply, { type: T }>> => {
    const reply = nextReply();
    child.send({ type } satisfies ScreensRequest);
    return (await reply) as Extract<ScreensReply, { type: T }>;
  };
  return {
    pid: child.pid ?? -1,
    ready: nextReply(),
    sample: () => ask('sample'),
    final: () => ask('final'),
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send({ type: 'stop' } satisfies ScreensRequest);
      await exited;
    },
  };
}

async function applyLagSeconds(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const match = /benchline_queue_oldest_waiting_seconds\{queue="apply-events"\} ([\d.]+)/.exec(text);
  return Number(match?.[1] ?? 0);
}

export async function benchSoak(): Promise<SectionResult> {
  const redisService = await findOrStartRedis({
    url: 'redis://127.0.0.1:1',
    persistence: 'none',
    log: () => undefined,
  });
  const prefix = `soak-${process.pid}`;
  const keys = createKeySpace(prefix);
  const redis = new Redis(redisService.url);
  const processes: WorkerProcess[] = [];
  let screens: ReturnType<typeof startScreens> | undefined;
  const samples: Sample[] = [];
  let sender: ReturnType<typeof startSender> | undefined;
  const outcome = {
    verdicts: {} as Partial<Record<string, ViewVerdict>>,
    seeded: 0,
    runSeconds: 0,
    acknowledgedInRun: 0,
  };
  try {
    // The apply step in a process of its own, the engines' recompute and the rest in another, as latency runs.
    const workerEnv = (queues: string) => ({
      redisUrl: redisService.url,
      prefix,
      concurrency: 16,
      env: { BENCHLINE_WORKER_QUEUES: queues },
    });
    const workers = {
      apply: startWorkerProcess(workerEnv('apply-events')),
      engines: startWorkerProcess(
        workerEnv('recompute-members,sweep-members,finance-view,daily-refresh,evaluate-measure,patient-panel'),
      ),
    };
    processes.push(workers.apply, workers.engines);
    const server = await startServerProcess({
      redisUrl: redisService.url,
      prefix,
      apiKeys: `${TENANT}:${API_KEY}`,
    });
    processes.push(server.process);
    await Promise.all([workers.apply.ready, workers.engines.ready]);

    process.stderr.write(`soak: seeding ${MEMBERS.toLocaleString('en-US')} members\n`);
    const aco = demoAco({ members: MEMBERS, months: 6, seed: 29, endMonth: '2026-06' });
    const seed = [...demoEvents(aco)];
    const tally = await postBulkEvents(seed, { baseUrl: server.url, apiKey: API_KEY, linesPerRequest: 5000 });
    if (tally.rejected > 0) {
      throw new Error(`${tally.rejected} seed events were rejected: ${tally.firstErrors.join('; ')}`);
    }
    outcome.seeded = tally.accepted;
    await drained(redisService.url, prefix);
    const templates = seed.filter((event): event is ClaimEvent => event.kind === 'claim');
    seed.length = 0;

    const identity = createIdentityStore({ redis, keys });
    const cookieOf = async (role: 'coordinator' | 'leader') =>
      `benchline_session=${await identity.startUserSession({
        tenantId: TENANT,
        userId: `soak-${role}`,
        name: `Soak ${role}`,
        role,
      })}`;
    const coordinator = await cookieOf('coordinator');
    const leader = await cookieOf('leader');
    const plans: ScreenPlan[] = VIEW_SHARE.map(([viewId, share], index) => ({
      viewId,
      count:
        index === VIEW_SHARE.length - 1
          ? SCREENS - VIEW_SHARE.slice(0, -1).reduce((sum, [, s]) => sum + Math.round(SCREENS * s), 0)
          : Math.round(SCREENS * share),
      cookie: viewId === 'gaps' ? coordinator : leader,
    }));
    screens = startScreens(server.url, plans);
    await screens.ready;

    process.stderr.write(
      `soak: ${MINUTES} min at ${RATE} events/s with ${SCREENS} screens (samples every ${SAMPLE_MS / 1000} s)\n`,
    );
    const started = Date.now();
    sender = startSender(server.url, claimStream(templates));
    const pids = { server: server.process.pid, apply: workers.apply.pid, engines: workers.engines.pid };
    while (Date.now() - started < MINUTES * 60_000) {
      await new Promise((resolve) => setTimeout(resolve, SAMPLE_MS - ((Date.now() - started) % SAMPLE_MS)));
      const memory = await redis.info('memory');
      const sample: Sample = {
        atMs: Date.now() - started,
        rss: Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, rssBytes(pid)])),
        redisUsedBytes: Number(/used_memory:(\d+)/.exec(memory)?.[1] ?? 0),
        feedLength: await redis.xlen(keys.feed(TENANT)),
        storedEvents: await redis.hlen(keys.eventIndex(TENANT)),
        applyLagSeconds: await applyLagSeconds(server.url),
        acknowledged: sender.tally.acknowledged,
        screens: (await screens.sample()).views,
      };
      samples.push(sample);
      process.stderr.write(
        `soak: ${(sample.atMs / 60_000).toFixed(1)} min, ${sample.acknowledged.toLocaleString('en-US')} acknowledged, ` +
          `backlog ${sender.backlog()}, apply lag ${sample.applyLagSeconds.toFixed(1)} s, RSS server/apply/engines ` +
          `${mib(sample.rss.server ?? 0)}/${mib(sample.rss.apply ?? 0)}/${mib(sample.rss.engines ?? 0)} MiB, ` +
          `Redis ${mib(sample.redisUsedBytes)} MiB, feed ${sample.feedLength}\n`,
      );
    }
    // What the pipeline took during the run; the backlog still in hand is sent before draining.
    outcome.acknowledgedInRun = sender.tally.acknowledged;
    outcome.runSeconds = (Date.now() - started) / 1000;
    await sender.stop();
    process.stderr.write('soak: sender stopped; waiting for the pipeline to drain\n');
    await drained(redisService.url, prefix);
    // Screens converge within a few coalescing ticks of the last change; give laggards up to two minutes.
    const deadline = Date.now() + 120_000;
    for (;;) {
      outcome.verdicts = (await screens.final()).views;
      const settled = Object.values(outcome.verdicts).every((v) => v !== undefined && v.equal === v.screens);
      if (settled || Date.now() > deadline) {
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 5000));
    }
  } finally {
    await sender?.stop().catch(() => undefined);
    await screens?.stop().catch(() => undefined);
    await Promise.all(processes.map((child) => child.stop()));
    redis.disconnect();
    await deleteKeysWithPrefix(redisService.url, prefix);
    await redisService.stop();
  }
  return report(
    samples,
    outcome.verdicts,
    sender?.tally,
    outcome.seeded,
    outcome.runSeconds,
    outcome.acknowledgedInRun,
  );
}

function report(
  samples: Sample[],
  verdicts: Partial<Record<string, ViewVerdict>>,
  tally: ReturnType<typeof startSender>['tally'] | undefined,
  seeded: number,
  runSeconds: number,
  acknowledgedInRun: number,
): SectionResult {
  const afterWarmUp = samples.filter((s) => s.atMs >= WARM_UP_MS);
  const rssGrowth = Object.fromEntries(
    ['server', 'apply', 'engines'].map((name) => [name, growth(afterWarmUp.map((s) => s.rss[name] ?? 0))]),
  );
  const worstRssGrowth = Math.max(...Object.values(rssGrowth).map((g) => g.percent));
  const acknowledged = tally?.acknowledged ?? 0;
  const achievedRate = runSeconds > 0 ? acknowledgedInRun / runSeconds : 0;
  const screensTotal = Object.values(verdicts).reduce((sum, v) => sum + (v?.screens ?? 0), 0);
  const screensEqual = Object.values(verdicts).reduce((sum, v) => sum + (v?.equal ?? 0), 0);
  const maxFeed = Math.max(0, ...samples.map((s) => s.feedLength));
  const maxLag = Math.max(0, ...samples.map((s) => s.applyLagSeconds));
  const last = samples.at(-1);
  const firstAfter = afterWarmUp[0];
  const redisPerEvent =
    last !== undefined && firstAfter !== undefined && last.storedEvents > firstAfter.storedEvents
      ? (last.redisUsedBytes - firstAfter.redisUsedBytes) / (last.storedEvents - firstAfter.storedEvents)
      : 0;
  const minutes = (ms: number) => (ms / 60_000).toFixed(1);
  const markdown = [
    '## Soak (an hour of steady load; issue 12)',
    '',
    `${(runSeconds / 60).toFixed(1)} min of claims at ${RATE} events/s asked (${achievedRate.toFixed(0)}/s acknowledged on average; ` +
      `${acknowledged.toLocaleString('en-US')} events, ${tally?.requests.toLocaleString('en-US') ?? 0} bulk requests, ` +
      `largest backlog ${tally?.maxBacklog.toLocaleString('en-US') ?? 0} events) onto a seeded ACO of ` +
      `${MEMBERS.toLocaleString('en-US')} members (${seeded.toLocaleString('en-US')} seed events), ` +
      `${SCREENS} screens on the queue, spend, roll-ups, finance and wall views. Server and two worker processes as ` +
      'deployed; growth judged after the first sixth of the run, the median of the first third of the later samples against the median of the last third.',
    '',
    '| Measurement | Value |',
    '| --- | ---: |',
    ...Object.entries(rssGrowth).map(
      ([name, g]) =>
        `| ${name} RSS after warm-up → end | ${mib(g.from)} → ${mib(g.to)} MiB (${g.percent.toFixed(1)}%) |`,
    ),
    `| Redis used memory, start of run → end | ${mib(samples[0]?.redisUsedBytes ?? 0)} → ${mib(last?.redisUsedBytes ?? 0)} MiB |`,
    `| Redis bytes per stored event after warm-up (the event store is the record; it grows with it) | ${redisPerEvent.toFixed(0)} |`,
    `| Change feed length, largest sample (trimmed by age and length) | ${maxFeed.toLocaleString('en-US')} |`,
    `| Apply lag, largest sample | ${maxLag.toFixed(1)} s |`,
    `| Screens equal to a fresh snapshot at the end | ${screensEqual} of ${screensTotal} |`,
    '',
    '| View | Screens | Equal | Behind | Differing | Snapshots taken | Catch-ups | Gaps seen | Disconnects |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...Object.entries(verdicts).map(([viewId, v]) => {
      const s = last?.screens[viewId];
      return `| ${viewId} | ${v?.screens ?? 0} | ${v?.equal ?? 0} | ${v?.behind ?? 0} | ${v?.differing ?? 0} | ${s?.snapshots ?? 0} | ${s?.catchUps ?? 0} | ${s?.gaps ?? 0} | ${s?.disconnects ?? 0} |`;
    }),
    '',
    `Samples (min: server/apply/engines RSS MiB, Redis MiB, feed, lag s): ${samples
      .map(
        (s) =>
          `${minutes(s.atMs)}: ${mib(s.rss.server ?? 0)}/${mib(s.rss.apply ?? 0)}/${mib(s.rss.engines ?? 0)}, ${mib(s.redisUsedBytes)}, ${s.feedLength}, ${s.applyLagSeconds.toFixed(1)}`,
      )
      .join('; ')}.`,
    '',
  ];
  return {
    id: 'soak',
    markdown,
    metrics: {
      minutes: runSeconds / 60,
      askedRate: RATE,
      achievedRate,
      acknowledged,
      screens: screensTotal,
      screensEqual,
      worstRssGrowthPercent: worstRssGrowth,
      maxFeedLength: maxFeed,
      maxApplyLagSeconds: maxLag,
      redisBytesPerEvent: redisPerEvent,
    },
    targets: [
      atMost(
        'soak.rssGrowth',
        'Soak: largest server/worker RSS growth after warm-up (issue 12)',
        RSS_GROWTH_BOUND,
        afterWarmUp.length >= 2 ? worstRssGrowth : null,
        '%',
        `${(runSeconds / 60).toFixed(0)} min at ${achievedRate.toFixed(0)} events/s, ${SCREENS} screens`,
      ),
      atLeast(
        'soak.screensConverged',
        'Soak: screens equal to a fresh snapshot at the end (issue 12)',
        screensTotal,
        screensTotal > 0 ? screensEqual : null,
        'screens',
      ),
      atLeast(
        'soak.rate',
        `Soak: events/s acknowledged during the run, of ${RATE} sent (issue 12 asks 500; 1% allowed for requests in flight)`,
        Math.floor(RATE * 0.99),
        runSeconds > 0 ? achievedRate : null,
        'events/s',
      ),
    ],
  };
}
