/**
 * CI's smoke of the bench harness (issue 11): the baselines section (and the pipeline-scale, rebuild, CCLF and ADT sections, issues 7, 11, 13 and 14) run at toy
 * sizes (BENCH_SMOKE=1) through the same code `pnpm bench` runs — a private Redis, redis-benchmark, BullMQ, Fastify under autocannon, the bare
 * HTTP → BullMQ → pub/sub → Socket.IO pipeline — and its result made into the README table. Timings are not checked
 * (they belong to `pnpm bench`); that every figure was measured, and the report's shape, are.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchBaselines } from '../bench/baselines.js';
import { benchAdt } from '../bench/adt.js';
import { benchCclf } from '../bench/cclf.js';
import { benchPipelineScale } from '../bench/pipeline.js';
import { benchRebuild } from '../bench/rebuild.js';
import { targetsTable, type BenchResults } from '../bench/results.js';

const previous = process.env.BENCH_SMOKE;
beforeAll(() => {
  process.env.BENCH_SMOKE = '1';
});
afterAll(() => {
  if (previous === undefined) {
    delete process.env.BENCH_SMOKE;
  } else {
    process.env.BENCH_SMOKE = previous;
  }
});

describe('the bench harness, smoke-sized', () => {
  it('measures every baseline and reports it', async () => {
    const section = await benchBaselines();
    expect(section.id).toBe('baselines');
    expect(section.markdown[0]).toBe('## Baselines (same run, same machine)');
    const metrics = section.metrics ?? {};
    expect(Object.keys(metrics).sort()).toEqual(
      [
        'barePipelineP50Ms',
        'barePipelineP99Ms',
        'bullmqNoOpJobsPerSecond',
        'fastifyHelloRequestsPerSecond',
        'redisHincrbyOpsPerSecond',
      ].sort(),
    );
    for (const [name, value] of Object.entries(metrics)) {
      expect(Number.isFinite(value) && value > 0, `${name} = ${value}`).toBe(true);
    }
    const results: BenchResults = {
      date: '2026-11-27',
      machine: 'CI',
      runs: 1,
      sections: { baselines: { metrics, measuredAt: new Date().toISOString() } },
      targets: section.targets ?? [],
    };
    expect(targetsTable(results)[0]).toContain('2026-11-27');
  }, 120_000);

  it('measures CCLF records read, parsed and imported', async () => {
    const section = await benchCclf();
    expect(section.id).toBe('cclf');
    const metrics = section.metrics ?? {};
    expect(Object.keys(metrics).sort()).toEqual(
      [
        'cclfBoundedParsePeakRssMiB',
        'cclfDeliveryMiB',
        'cclfImportedRecordsPerSecond',
        'cclfParsedRecordsPerSecond',
        'cclfReadRecordsPerSecond',
        'cclfRecords',
      ].sort(),
    );
    for (const [name, value] of Object.entries(metrics)) {
      expect(Number.isFinite(value) && value > 0, `${name} = ${value}`).toBe(true);
    }
  }, 120_000);

  it('measures ADT messages parsed, accepted and applied, and admission to alert', async () => {
    const section = await benchAdt();
    expect(section.id).toBe('adt');
    const metrics = section.metrics ?? {};
    expect(Object.keys(metrics).sort()).toEqual(
      [
        'adtMessages',
        'adtParseOnlyMessagesPerSecond',
        'adtParsedMessagesPerSecond',
        'adtAcceptedMessagesPerSecond',
        'adtAppliedMessagesPerSecond',
        'adtAlertP50Ms',
        'adtAlertP95Ms',
        'adtAlertP99Ms',
      ].sort(),
    );
    for (const [name, value] of Object.entries(metrics)) {
      expect(Number.isFinite(value) && value > 0, `${name} = ${value}`).toBe(true);
    }
    expect(section.targets?.map((t) => t.id)).toEqual(['adt-alert-p99']);
  }, 180_000);

  it('replays a stored year into fresh read models, and judges the target only at its size', async () => {
    const section = await benchRebuild();
    expect(section.id).toBe('rebuild');
    const metrics = section.metrics ?? {};
    expect(metrics.rebuildEvents).toBeGreaterThan(0);
    expect(metrics.rebuildMembers).toBe(60);
    expect(metrics.rebuildSeconds).toBeGreaterThan(0);
    expect(metrics.rebuildReplaySeconds).toBeGreaterThan(0);
    expect(metrics.rebuildReplaySeconds).toBeLessThan(metrics.rebuildSeconds as number);
    expect(metrics.rebuildProcesses).toBeGreaterThanOrEqual(1);
    expect(section.targets).toEqual([expect.objectContaining({ id: 'rebuild-50k-year', measured: null, met: null })]);
  }, 120_000);

  it('runs the live pipeline at growing populations with the same events per member, judging only 10k → 1M', async () => {
    const section = await benchPipelineScale();
    expect(section.id).toBe('pipeline-scale');
    const metrics = section.metrics ?? {};
    for (const members of [100, 300]) {
      expect(metrics[`eventsPerSecondAt${members}`]).toBeGreaterThan(0);
      expect(metrics[`microsecondsPerEventAt${members}`]).toBeGreaterThan(0);
      expect(metrics[`redisBytesPerMemberAt${members}`]).toBeGreaterThan(0);
      expect(metrics[`cpuWorkerMicrosecondsPerEventAt${members}`]).toBeGreaterThan(0);
    }
    // A population three times larger carries about three times the events: one month per member at every size.
    const events = section.markdown
      .filter((line) => /^\| [0-9]/.test(line))
      .map((line) => Number(line.split('|')[2]?.replace(/,/g, '')));
    expect(events.slice(0, 2)).toHaveLength(2);
    expect((events[1] as number) / (events[0] as number)).toBeGreaterThan(2);
    expect((events[1] as number) / (events[0] as number)).toBeLessThan(4);
    expect(section.targets).toEqual([
      expect.objectContaining({ id: 'pipeline-per-event-cost-growth', measured: null, met: null }),
    ]);
  }, 180_000);
});
