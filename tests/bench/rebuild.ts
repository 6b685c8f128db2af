/**
 * Rebuild (issue 11): a year of a generated ACO — BENCH_REBUILD_MEMBERS members (default 50,000) under an MSSP
 * agreement, twelve months of claims and clinical events — replayed from the event store into fresh read models by
 * `rebuildTenant` (what `pnpm benchline rebuild` runs): facts folded, every member recomputed by every engine,
 * roll-ups, queue and finance view written. The store is filled first, untimed, through the bulk API with no worker
 * running (so nothing is applied live). One timed run at the full size (it takes minutes on two cores), beside the
 * bulk ingest of the same events, measured on the way.
 *
 * `BENCH_SMOKE=1` shrinks the ACO to a toy.
 */
import { availableParallelism } from 'node:os';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '@benchline/server';
import { createKeySpace } from '@benchline/shared/backend';
import { createPipelineDeps, rebuildTenant } from '@benchline/workers';
import { Redis } from 'ioredis';
import { VALID_CONTRACT } from '../../shared/src/validation/__fixtures__/valid-events.js';
import { demoAco, demoEvents } from '../../tools/src/demo/demo-data.js';
import { postBulkEvents } from '../../tools/src/demo/post-events.js';
import { findOrStartRedis } from '../../tools/src/services/redis-service.js';
import { deleteKeysWithPrefix } from '../support/redis.js';
import { atMost, type SectionResult } from './results.js';
import type { CanonicalEvent, ContractEvent } from '@benchline/shared';

const API_KEY = 'bench-key-0123456789';
const TENANT = 'bench';
const TARGET_MEMBERS = 50_000;
const TARGET_SECONDS = 60;

function members(): number {
  if (process.env.BENCH_SMOKE === '1') {
    return 60;
  }
  return Number(process.env.BENCH_REBUILD_MEMBERS ?? TARGET_MEMBERS);
}

/** The ACO's events, generated as they are sent (a 50k-member year is not held in memory at once). */
function* acoEvents(size: number, counts: { events: number; claimLines: number }): Generator<CanonicalEvent> {
  const aco = demoAco({ members: size, months: 12, seed: 7, endMonth: '2026-06' });
  let sawContract = false;
  for (const event of demoEvents(aco)) {
    if (event.kind === 'contract') {
      sawContract = true;
    }
    if (event.kind === 'claim') {
      counts.claimLines += event.lines.length;
    }
    counts.events += 1;
    yield event;
  }
  if (!sawContract) {
    const contract: ContractEvent = {
      ...VALID_CONTRACT,
      effectiveFrom: '2025-01-01',
      participantTins: [...new Set(aco.providers.filter((p) => p.participant).map((p) => p.tin))].sort(),
    };
    counts.events += 1;
    yield contract;
  }
}

export async function benchRebuild(): Promise<SectionResult> {
  const size = members();
  const redisService = await findOrStartRedis({
    url: 'redis://127.0.0.1:1',
    persistence: 'none',
    log: () => undefined,
  });
  const keyPrefix = `bench-rebuild-${process.pid}`;
  const keys = createKeySpace(keyPrefix);
  const redis = new Redis(redisService.url);
  let app: FastifyInstance | undefined;
  const counts = { events: 0, claimLines: 0 };
  try {
    app = await buildApp({
      host: '127.0.0.1',
      port: 0,
      redisUrl: redisService.url,
      keyPrefix,
      apiKeys: [{ tenantId: TENANT, key: API_KEY }],
      clientDist: '/nonexistent',
      fanoutTickMs: 100,
      bodyLimitBytes: 5 * 1024 * 1024,
      maxLineBytes: 1024 * 1024,
      bulkLimitBytes: 1024 * 1024 * 1024,
      // No worker runs while the store fills: the apply lag must not turn the ingest away.
      maxApplyLagMs: 24 * 3_600_000,
      logLevel: 'warn',
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    process.stderr.write(`bench: rebuild, storing a ${size.toLocaleString('en-US')}-member year…\n`);
    const ingestStarted = performance.now();
    const tally = await postBulkEvents(acoEvents(size, counts), {
      baseUrl: url,
      apiKey: API_KEY,
      linesPerRequest: 5000,
    });
    const ingestSeconds = (performance.now() - ingestStarted) / 1000;
    if (tally.rejected > 0 || tally.accepted !== counts.events) {
      throw new Error(`the store was not filled: ${JSON.stringify(tally)} of ${counts.events} events`);
    }
    await app.close();
    app = undefined;

    process.stderr.write(`bench: rebuild, replaying ${counts.events.toLocaleString('en-US')} events…\n`);
    const settings = { redisUrl: redisService.url, keyPrefix, feedMaxLen: 100_000, performanceYear: 2026 };
    const deps = createPipelineDeps(redis, keys, settings);
    const processes = availableParallelism();
    const rssBefore = process.memoryUsage().rss;
    const started = performance.now();
    let replayedAt = started;
    const done = await rebuildTenant(
      redis,
      keys,
      deps,
      TENANT,
      (p) => {
        if (p.members === 0) {
          replayedAt = performance.now();
        }
      },
      { share: { processes, settings } },
    );
    const seconds = (performance.now() - started) / 1000;
    const replaySeconds = (replayedAt - started) / 1000;
    const rssAfter = process.memoryUsage().rss;
    if (done.events !== counts.events) {
      throw new Error(`replayed ${done.events} of ${counts.events} events`);
    }
    const results = await redis.scard(keys.members(TENANT));
    const eventsPerSecond = counts.events / seconds;
    const linesPerSecond = counts.claimLines / seconds;
    const membersPerSecond = done.members / seconds;
    const fullSize = size === TARGET_MEMBERS;
    return {
      id: 'rebuild',
      markdown: [
        '## Rebuild (a year replayed from the event store)',
        '',
        `A generated ACO of ${size.toLocaleString('en-US')} members (seed 7, twelve months to 2026-06, MSSP agreement): ${counts.events.toLocaleString('en-US')} events, ${counts.claimLines.toLocaleString('en-US')} claim lines, stored through the bulk API in ${ingestSeconds.toFixed(1)} s (no worker running), then replayed by \`rebuildTenant\` — facts folded (four batches at a time), ${done.members.toLocaleString('en-US')} member results computed by every engine in ${processes} processes (one per core: this one and ${processes - 1} child${processes === 2 ? '' : 'ren'}; ${results.toLocaleString('en-US')} members on file), roll-ups, queue and finance view written.`,
        '',
        '| Measurement | Value |',
        '| --- | ---: |',
        `| Rebuild, seconds | ${seconds.toFixed(1)} |`,
        `| of which replaying the events (facts, spend, freshness) | ${replaySeconds.toFixed(1)} |`,
        `| of which recomputing every member, finance view | ${(seconds - replaySeconds).toFixed(1)} |`,
        `| Events replayed per second | ${Math.round(eventsPerSecond).toLocaleString('en-US')} |`,
        `| Claim lines per second | ${Math.round(linesPerSecond).toLocaleString('en-US')} |`,
        `| Members recomputed per second of the recompute | ${Math.round(done.members / (seconds - replaySeconds)).toLocaleString('en-US')} |`,
        `| Rebuild process RSS growth | ${((rssAfter - rssBefore) / 2 ** 20).toFixed(0)} MiB |`,
        '',
        fullSize
          ? `Target: ≤ ${TARGET_SECONDS} s for ${TARGET_MEMBERS.toLocaleString('en-US')} members. One run (minutes at this size on two cores), not a median. What limits it (CPU profiles of a 10,000-member rebuild, \`--cpu-prof\`, 2026-11-28): both Node processes are busy and Redis takes about half a core. Of a process's busy time, the engines take about 40% with no function above 5% (measures 30% of that, risk 22%, the finance entries 19%, attribution 10%), garbage collection 15%, decoding the stored events 11% and the Redis client 14%; Redis spends about 0.4 ms per member on the guarded commit and 0.3 ms on the one-step read. Tried without gain: a third process, 8 or 32 recompute lanes, other semi-space sizes, reading a member's events as one JSON array, and no change-feed records during the rebuild.`
          : `Measured at ${size.toLocaleString('en-US')} members, not the target's ${TARGET_MEMBERS.toLocaleString('en-US')} (BENCH_REBUILD_MEMBERS): the target row is not judged.`,
        '',
      ],
      metrics: {
        rebuildMembers: size,
        rebuildEvents: counts.events,
        rebuildClaimLines: counts.claimLines,
        rebuildSeconds: seconds,
        rebuildReplaySeconds: replaySeconds,
        rebuildProcesses: processes,
        rebuildEventsPerSecond: eventsPerSecond,
        rebuildMembersPerSecond: membersPerSecond,
        rebuildIngestSeconds: ingestSeconds,
      },
      targets: [
        atMost(
          'rebuild-50k-year',
          'Rebuild a 50,000-member year from the event store',
          TARGET_SECONDS,
          fullSize ? Math.round(seconds * 10) / 10 : null,
          's',
          fullSize
            ? `${processes} processes on ${processes} cores: replay ${replaySeconds.toFixed(0)} s, recompute of every member ${(seconds - replaySeconds).toFixed(0)} s; CPU-bound in both Node processes (what limits it: see the report)`
            : `measured at ${size} members only`,
        ),
      ],
    };
  } finally {
    await app?.close();
    redis.disconnect();
    await deleteKeysWithPrefix(redisService.url, keyPrefix);
    await redisService.stop();
  }
}
