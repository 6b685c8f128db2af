/**
 * The client: the gzipped size of the built JavaScript and CSS (what a screen downloads), and the wall screen's
 * heap over a long run — the wall runs for weeks, so what matters is growth, not size. A device-signed-in wall in
 * Chromium watches a seeded ACO while claims arrive at 20 a second for BENCH_WALL_MINUTES (default 10); every 30 s
 * the page's garbage is collected (CDP) and its used JS heap read. The growth rate is the least-squares slope of
 * those samples after a minute of warm-up, extrapolated to 24 h. Target (issue 11): < 5 MB per 24 h.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { ClaimEvent } from '@benchline/shared';
import { demoAco, demoEvents } from '../../tools/src/demo/demo-data.js';
import { postBulkEvents } from '../../tools/src/demo/post-events.js';
import { findOrStartRedis } from '../../tools/src/services/redis-service.js';
import { launchBrowser } from '../support/browser.js';
import { startStack } from '../support/start-stack.js';
import { atMost, type SectionResult } from './results.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIST = `${ROOT}client/dist/`;
const CLAIMS_PER_SECOND = 20;
const SAMPLE_EVERY_MS = 30_000;
const WARM_UP_MS = 60_000;

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

/** Least-squares slope of (ms, bytes) samples, in bytes per ms. */
export function slope(samples: readonly (readonly [number, number])[]): number {
  const n = samples.length;
  if (n < 2) {
    return 0;
  }
  const mx = samples.reduce((s, [x]) => s + x, 0) / n;
  const my = samples.reduce((s, [, y]) => s + y, 0) / n;
  const sxy = samples.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const sxx = samples.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return sxx === 0 ? 0 : sxy / sxx;
}

async function wallHeap(minutes: number): Promise<{ samples: [number, number][]; mbPer24h: number; claims: number }> {
  const redis = await findOrStartRedis({ url: 'redis://127.0.0.1:1', persistence: 'none', log: () => undefined });
  const stack = await startStack({ redisUrl: redis.url, clientDist: DIST });
  const browser = await launchBrowser();
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
    const heap = async (): Promise<number> => {
      await cdp.send('HeapProfiler.collectGarbage');
      return ((await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize;
    };

    const templates = events.filter((e): e is ClaimEvent => e.kind === 'claim');
    let serial = 0;
    const started = Date.now();
    const samples: [number, number][] = [];
    let nextSample = started;
    const feed = setInterval(() => {
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
    try {
      while (Date.now() - started < minutes * 60_000) {
        if (Date.now() >= nextSample) {
          samples.push([Date.now() - started, await heap()]);
          nextSample += SAMPLE_EVERY_MS;
        }
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
      samples.push([Date.now() - started, await heap()]);
    } finally {
      clearInterval(feed);
    }
    const steady = samples.filter(([ms]) => ms >= Math.min(WARM_UP_MS, (minutes * 60_000) / 3));
    return { samples, mbPer24h: (slope(steady) * 86_400_000) / 2 ** 20, claims: serial };
  } finally {
    await browser.close();
    await stack.close();
    await redis.stop();
  }
}

export async function benchClient(): Promise<SectionResult> {
  const sizes = assetSizes();
  const minutes = Number(process.env.BENCH_WALL_MINUTES ?? (process.env.BENCH_SMOKE === '1' ? 0.5 : 10));
  const wall = await wallHeap(minutes);
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
  const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(2);
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
      `| Wall: heap growth, extrapolated to 24 h | ${wall.mbPer24h.toFixed(2)} MB |`,
      '',
      `The wall (signed in as a device) watched a seeded 300-member ACO for ${minutes} min while ${wall.claims.toLocaleString('en-US')} claims arrived at ${CLAIMS_PER_SECOND}/s; heap read after a forced GC every ${SAMPLE_EVERY_MS / 1000} s, slope fitted after ${WARM_UP_MS / 1000} s of warm-up. Samples (min: MB): ${wall.samples.map(([ms, bytes]) => `${(ms / 60_000).toFixed(1)}: ${mb(bytes)}`).join(', ')}.`,
      '',
    ],
    metrics: {
      jsGzipBytes: sizes.jsGzip,
      cssGzipBytes: sizes.cssGzip,
      wallHeapGrowthMbPer24h: wall.mbPer24h,
      wallMinutes: minutes,
    },
    targets: [
      atMost(
        'wall-heap-growth-per-24h',
        'Wall screen heap growth per 24 h',
        5,
        wall.mbPer24h,
        'MB',
        `extrapolated from ${minutes} min`,
      ),
    ],
  };
}
