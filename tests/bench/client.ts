/**
 * The client: the gzipped size of the built JavaScript and CSS (what a screen downloads), and the wall screen's
 * heap over a long run — the wall runs for weeks, so what matters is growth, not size. A device-signed-in wall in
 * Chromium watches a seeded ACO while claims arrive at 20 a second for BENCH_WALL_MINUTES (default 10); every 30 s
 * the page's garbage is collected (CDP, until two readings agree: see settledHeap) and its used JS heap read. After
 * a warm-up of a minute or a third of the run, whichever is longer, growth is estimated two ways (heap-diff.ts's
 * heapGrowth): the least-squares slope, and the growth between the means of the first and last few samples, both
 * extrapolated to 24 h; the target is checked against the larger. Heap snapshots at the start and the end of that
 * window split the heap into compiled code and other objects, so a reader can tell V8 still optimising the page's
 * functions (which levels off) from data piling up. Target (issue 11): < 5 MB per 24 h.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { ClaimEvent } from '@benchline/shared';
import { demoAco, demoEvents } from '../../tools/src/demo/demo-data.js';
import { postBulkEvents } from '../../tools/src/demo/post-events.js';
import { findOrStartRedis } from '../../tools/src/services/redis-service.js';
import type { CDPSession, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser.js';
import { startStack } from '../support/start-stack.js';
import {
  heapBreakdown,
  heapGrowth,
  readHeapSnapshot,
  settledHeap,
  takeSnapshot,
  warmUpMs,
  type HeapGrowth,
} from './heap-diff.js';
import { atMost, type SectionResult } from './results.js';

export { slope } from './heap-diff.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIST = `${ROOT}client/dist/`;
const CLAIMS_PER_SECOND = 20;
const SAMPLE_EVERY_MS = 30_000;

function assetSizes(): { jsGzip: number; cssGzip: number; jsRaw: number; files: number } {
  if (!existsSync(`${DIST}index.html`)) {
    execFileSync('pnpm', ['exec', 'vite', 'build', 'client'], { cwd: ROOT, stdio: 'ignore' });
  }
  const assets = readdirSync(`${DIST}assets`).map((name) => ({ name, bytes: readFileSync(`${DIST}assets/${name}`) }));
  const gz = (ext: string) =>
    assets.filter((a) => a.name.endsWith(ext)).reduce((sum, a) => sum + gzipSync(a.bytes, { level: 9 }).length, 0);
  const js = assets.filter((a) => a.name.endsWith('.js'));
  return {
    jsGzip: gz('.js'),
    cssGzip: gz('.css'),
    jsRaw: js.reduce((s, a) => s + a.bytes.length, 0),
    files: js.length,
  };
}

/** A signed-in wall in Chromium over a seeded ACO, with the claim feed and the page's heap at hand. */
export interface WallRun {
  page: Page;
  cdp: CDPSession;
  /** Collects the page's garbage, then reads its used JS heap, in bytes (settledHeap: until two readings agree). */
  heap(): Promise<number>;
  /** Starts posting claims at CLAIMS_PER_SECOND (claims() says how many so far); stopFeed() stops it. */
  startFeed(): void;
  stopFeed(): void;
  claims(): number;
  close(): Promise<void>;
}

/** Starts the stack and the wall page (heap-diff.ts uses it too); `clientDist` defaults to client/dist. */
export async function startWallRun(clientDist = DIST): Promise<WallRun> {
  const redis = await findOrStartRedis({ url: 'redis://127.0.0.1:1', persistence: 'none', log: () => undefined });
  const stack = await startStack({ redisUrl: redis.url, clientDist });
  const browser = await launchBrowser();
  const close = async (): Promise<void> => {
    await browser.close();
    await stack.close();
    await redis.stop();
  };
  try {
    const aco = demoAco({ members: 300, months: 12, seed: 5, endMonth: '2026-06' });
    const events = [...demoEvents(aco)];
    const tally = await postBulkEvents(events, { baseUrl: stack.url, apiKey: stack.apiKey, linesPerRequest: 2000 });
    if (tally.rejected > 0) {
      throw new Error(`${tally.rejected} seed events were rejected`);
    }
    await stack.drained({ timeoutMs: 120_000 });
    const device = await stack.app.identity.createDevice(stack.tenantId, 'Bench wall');
    const page = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
    await page.goto(`${stack.url}/wall#device=${device.token}`);
    await page.waitForSelector('[data-testid="wall-live"], .wall', { timeout: 30_000 }).catch(() => undefined);
    const cdp = await page.context().newCDPSession(page);
    const templates = events.filter((e): e is ClaimEvent => e.kind === 'claim');
    let serial = 0;
    let feed: ReturnType<typeof setInterval> | undefined;
    return {
      page,
      cdp,
      heap: () =>
        settledHeap(async () => {
          await cdp.send('HeapProfiler.collectGarbage');
          return ((await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize;
        }),
      startFeed: () => {
        clearInterval(feed);
        feed = setInterval(() => {
          for (let i = 0; i < CLAIMS_PER_SECOND / 10; i += 1) {
            const template = templates[(serial * 7919) % templates.length] as ClaimEvent;
            serial += 1;
            void stack.post('/api/v1/claims', {
              ...template,
              claimId: `WALL-${serial}`,
              version: 1,
              adjustment: 'original',
            });
          }
        }, 100);
      },
      stopFeed: () => clearInterval(feed),
      claims: () => serial,
      close: async () => {
        clearInterval(feed);
        await close();
      },
    };
  } catch (error) {
    await close();
    throw error;
  }
}

type Breakdown = ReturnType<typeof heapBreakdown>;

interface WallHeap {
  samples: [number, number][];
  growth: HeapGrowth;
  /** What the heap held (heap snapshots) at the first sample after warm-up and at the end. */
  breakdown: { first: Breakdown; last: Breakdown } | null;
  claims: number;
}

async function wallHeap(minutes: number): Promise<WallHeap> {
  const run = await startWallRun();
  const warmUp = warmUpMs(minutes * 60_000);
  const breakdown = async (): Promise<Breakdown> => heapBreakdown(readHeapSnapshot(await takeSnapshot(run.cdp)));
  try {
    const started = Date.now();
    const samples: [number, number][] = [];
    let first: Breakdown | null = null;
    let nextSample = started;
    run.startFeed();
    try {
      while (Date.now() - started < minutes * 60_000) {
        if (Date.now() >= nextSample) {
          const at = Date.now() - started;
          samples.push([at, await run.heap()]);
          nextSample += SAMPLE_EVERY_MS;
          if (first === null && at >= warmUp) {
            first = await breakdown();
          }
        }
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
      samples.push([Date.now() - started, await run.heap()]);
    } finally {
      run.stopFeed();
    }
    return {
      samples,
      growth: heapGrowth(samples, warmUp),
      breakdown: first === null ? null : { first, last: await breakdown() },
      claims: run.claims(),
    };
  } finally {
    await run.close();
  }
}

export async function benchClient(): Promise<SectionResult> {
  const sizes = assetSizes();
  const minutes = Number(process.env.BENCH_WALL_MINUTES ?? (process.env.BENCH_SMOKE === '1' ? 0.5 : 10));
  const wall = await wallHeap(minutes);
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
  const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(2);
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
  const { growth } = wall;
  const perDay = (value: number | null) => (value === null ? 'not measured (run too short)' : `${value.toFixed(2)} MB`);
  const measured: Record<string, number> = {};
  for (const [key, value] of [
    ['wallHeapGrowthMbPer24h', growth.mbPer24h],
    ['wallHeapSlopeMbPer24h', growth.slopeMbPer24h],
    ['wallHeapEndsMbPer24h', growth.endsMbPer24h],
    ['wallHeapEndsMb', growth.endsMb],
    ['wallHeapCodeGrowthKb', wall.breakdown && (wall.breakdown.last.code - wall.breakdown.first.code) / 1024],
    ['wallHeapJsGrowthKb', wall.breakdown && (wall.breakdown.last.js - wall.breakdown.first.js) / 1024],
  ] as const) {
    if (value !== null) {
      measured[key] = value;
    }
  }
  return {
    id: 'client',
    markdown: [
      '## Client (built bundle; the wall screen over a long run)',
      '',
      `| Measurement | Value |`,
      '| --- | ---: |',
      `| JavaScript, gzipped (${sizes.files} files; ${kb(sizes.jsRaw)} raw) | ${kb(sizes.jsGzip)} |`,
      `| CSS, gzipped | ${kb(sizes.cssGzip)} |`,
      `| Wall: used JS heap after GC, first → last sample | ${mb(wall.samples[0]?.[1] ?? 0)} → ${mb(wall.samples.at(-1)?.[1] ?? 0)} MB |`,
      `| Wall: heap growth after warm-up, least-squares slope, extrapolated to 24 h | ${perDay(growth.slopeMbPer24h)} |`,
      `| Wall: heap growth after warm-up, mean of the first ${growth.ends} → last ${growth.ends} samples | ${growth.endsMb === null ? 'not measured' : `${(growth.endsMb * 1024).toFixed(0)} KiB`}, ${perDay(growth.endsMbPer24h)} per 24 h |`,
      ...(wall.breakdown === null
        ? []
        : [
            `| Wall: of the heap, after warm-up → at the end (snapshots): compiled code and bytecode; other JS objects | ${kib(wall.breakdown.first.code)} → ${kib(wall.breakdown.last.code)}; ${kib(wall.breakdown.first.js)} → ${kib(wall.breakdown.last.js)} |`,
          ]),
      '',
      `The wall (signed in as a device) watched a seeded 300-member ACO for ${minutes} min while ${wall.claims.toLocaleString('en-US')} claims arrived at ${CLAIMS_PER_SECOND}/s; heap read after a forced GC every ${SAMPLE_EVERY_MS / 1000} s. Growth is estimated from the ${growth.steady} samples after ${(growth.warmUpMs / 1000).toFixed(0)} s of warm-up (a minute or a third of the run, whichever is longer), and the target is checked against the larger of the two estimates. Samples (min: MB): ${wall.samples.map(([ms, bytes]) => `${(ms / 60_000).toFixed(1)}: ${mb(bytes)}`).join(', ')}.`,
      '',
    ],
    metrics: {
      jsGzipBytes: sizes.jsGzip,
      cssGzipBytes: sizes.cssGzip,
      ...measured,
      wallMinutes: minutes,
    },
    targets: [
      atMost(
        'wall-heap-growth-per-24h',
        'Wall screen heap growth per 24 h',
        5,
        growth.mbPer24h,
        'MB',
        `extrapolated from ${minutes} min (${growth.steady} samples after ${(growth.warmUpMs / 60_000).toFixed(1)} min of warm-up); the larger of the fitted slope and the growth between the first and last samples`,
      ),
    ],
  };
}
