/**
 * `pnpm bench`: measures what the issues set speed targets for, side by side with a baseline measured in the
 * same run on the same machine, and writes a dated report (tests/bench/reports/<date>.md). Timings live here,
 * never in tests.
 *
 * Today: ingest. Bulk NDJSON accepted per second (events and bytes), single-event JSON ingest, and the
 * baseline — a bare Fastify route validating the same claims with the same schema and storing nothing. And risk:
 * members scored per second by the CMS-HCC engine (full V28: eligibility, mapping, hierarchies, interactions).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ServerConfig } from '@benchline/server';
import { buildApp } from '@benchline/server';
import { ClaimEvent } from '@benchline/shared';
import { TypeBoxValidatorCompiler } from '@fastify/type-provider-typebox';
import {
  loadCmsHccTables,
  mergeMemberRecords,
  scoreMember,
  type MemberRiskInput,
  type RiskSegment,
} from '@benchline/workers';
import Fastify from 'fastify';
import { demoAco, demoClaims } from '../../tools/src/demo/demo-data.js';
import { findOrStartRedis } from '../../tools/src/services/redis-service.js';
import { deleteKeysWithPrefix } from '../support/redis.js';

const REPORTS = fileURLToPath(new URL('./reports/', import.meta.url));
const RUNS = 3;

/** What the load client (load-client.mjs) is asked to do. */
export type LoadJob =
  | { kind: 'bulk'; url: string; apiKey: string; body: string; expectAccepted: number }
  | { kind: 'requests'; url: string; apiKey: string; bodies: string[]; concurrency: number; expectStatus: number };
const API_KEY = 'bench-key-0123456789';

interface Measurement {
  name: string;
  events: number;
  bytes: number;
  seconds: number[];
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const perSecond = (m: Measurement): number => m.events / median(m.seconds);

/** The generated population the risk engine scores: two years of claims to June 2026, so 2025 is a whole year. */
const RISK_POPULATION = { members: 10_000, months: 24, seed: 7, endMonth: '2026-06' } as const;
const RISK_PAYMENT_YEAR = 2026;

interface RiskMeasurement {
  members: number;
  claimVersions: number;
  seconds: number[];
  segments: Map<RiskSegment, number>;
  meanRawScore: number;
  meanHccs: number;
}

/**
 * Scores every member of a generated ACO for payment year 2026 (100% V28), RUNS times after one warm-up pass;
 * the generation and the table loading are not timed.
 */
function measureRisk(): RiskMeasurement {
  const aco = demoAco(RISK_POPULATION);
  const inputs: MemberRiskInput[] = [];
  let claimVersions = 0;
  for (const bundle of aco.members()) {
    const profile = mergeMemberRecords([bundle.member]);
    if (profile !== null) {
      inputs.push({ profile, claims: bundle.claims });
      claimVersions += bundle.claims.length;
    }
  }
  const tables = loadCmsHccTables();
  const segments = new Map<RiskSegment, number>();
  let rawScores = 0;
  let hccs = 0;
  for (const input of inputs) {
    const result = scoreMember(input, tables, { paymentYear: RISK_PAYMENT_YEAR });
    segments.set(result.segment, (segments.get(result.segment) ?? 0) + 1);
    rawScores += result.models[0]?.rawScore ?? 0;
    hccs += result.models[0]?.hccs.length ?? 0;
  }
  const seconds: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    const started = performance.now();
    for (const input of inputs) {
      scoreMember(input, tables, { paymentYear: RISK_PAYMENT_YEAR });
    }
    seconds.push((performance.now() - started) / 1000);
  }
  return {
    members: inputs.length,
    claimVersions,
    seconds,
    segments,
    meanRawScore: rawScores / inputs.length,
    meanHccs: hccs / inputs.length,
  };
}

async function main(): Promise<void> {
  const risk = measureRisk();
  process.stderr.write(
    `bench: risk scored ${risk.members} members in ${risk.seconds.map((s) => s.toFixed(2)).join(' / ')} s\n`,
  );
  const redis = await findOrStartRedis({ url: 'redis://127.0.0.1:1', persistence: 'none', log: () => undefined });
  const claims = [...demoClaims(demoAco({ members: 4000, months: 12, seed: 7, endMonth: '2026-06' }))].slice(
    0,
    100_000,
  );
  const ndjson = claims.map((claim) => JSON.stringify(claim)).join('\n');
  const bodies = claims.slice(0, 20_000).map((claim) => JSON.stringify(claim));
  process.stderr.write(`bench: ${claims.length} generated claims, ${(ndjson.length / 1e6).toFixed(1)} MB of NDJSON\n`);

  const bulk: Measurement = {
    name: 'Bulk NDJSON ingest (POST /api/v1/events/bulk)',
    events: claims.length,
    bytes: Buffer.byteLength(ndjson),
    seconds: [],
  };
  const single: Measurement = {
    name: 'Single-event JSON ingest (POST /api/v1/claims, 64 connections)',
    events: bodies.length,
    bytes: bodies.reduce((s, b) => s + b.length, 0),
    seconds: [],
  };
  const baseline: Measurement = {
    name: 'Baseline: bare Fastify validating the same claims, storing nothing (64 connections)',
    events: bodies.length,
    bytes: single.bytes,
    seconds: [],
  };

  for (let run = 0; run < RUNS; run += 1) {
    const prefix = `bench-${process.pid}-${run}`;
    const app = await buildApp(benchConfig(redis.url, prefix));
    await app.listen({ host: '127.0.0.1', port: 0 });
    const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    try {
      bulk.seconds.push(
        await load({
          kind: 'bulk',
          url: `${url}/api/v1/events/bulk`,
          apiKey: API_KEY,
          body: ndjson,
          expectAccepted: claims.length,
        }),
      );
      await deleteKeysWithPrefix(redis.url, prefix);
      single.seconds.push(
        await load({
          kind: 'requests',
          url: `${url}/api/v1/claims`,
          apiKey: API_KEY,
          bodies,
          concurrency: 64,
          expectStatus: 202,
        }),
      );
    } finally {
      await app.close();
      await deleteKeysWithPrefix(redis.url, prefix);
    }

    const bare = Fastify({ logger: false, bodyLimit: 5 * 1024 * 1024 });
    bare.setValidatorCompiler(TypeBoxValidatorCompiler);
    bare.post('/claims', { schema: { body: ClaimEvent } }, async (_request, reply) =>
      reply.code(202).send({ status: 'accepted' }),
    );
    await bare.listen({ host: '127.0.0.1', port: 0 });
    try {
      const port = (bare.server.address() as { port: number }).port;
      baseline.seconds.push(
        await load({
          kind: 'requests',
          url: `http://127.0.0.1:${port}/claims`,
          apiKey: API_KEY,
          bodies,
          concurrency: 64,
          expectStatus: 202,
        }),
      );
    } finally {
      await bare.close();
    }
  }
  await redis.stop();

  const today = new Date().toISOString().slice(0, 10);
  const rows = [bulk, single, baseline].map(
    (m) =>
      `| ${m.name} | ${m.events.toLocaleString('en-US')} | ${Math.round(perSecond(m)).toLocaleString('en-US')} | ${(m.bytes / median(m.seconds) / 1e6).toFixed(1)} | ${m.seconds.map((s) => s.toFixed(2)).join(' / ')} |`,
  );
  const report = [
    `# Benchline benchmark — ${today}`,
    '',
    `Machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}; a private redis-server without persistence. Median of ${RUNS} runs; every run starts from an empty key space.`,
    '',
    '## Ingest (accepted = validated, stored in the event store, queued)',
    '',
    '| Measurement | Events | Events/s | MB/s | Seconds per run |',
    '| --- | ---: | ---: | ---: | --- |',
    ...rows,
    '',
    `Bulk ingest accepts ${(perSecond(bulk) / perSecond(baseline)).toFixed(2)}× the events per second that a bare Fastify route validates one request at a time.`,
    '',
    '## Risk adjustment (CMS-HCC V28, payment year 2026)',
    '',
    `The demo generator's ACO (${RISK_POPULATION.members.toLocaleString('en-US')} members, ${RISK_POPULATION.months} months to ${RISK_POPULATION.endMonth}, seed ${RISK_POPULATION.seed}; ${risk.claimVersions.toLocaleString('en-US')} claim versions), each member scored from the merged profile and every claim version: current versions, eligible 2025 diagnoses, mapping and edits, hierarchies, interactions, count terms, segment, normalisation. One warm-up pass, then median of ${RUNS} runs; generation and table loading not timed.`,
    '',
    '| Measurement | Members | Members/s | Seconds per run |',
    '| --- | ---: | ---: | --- |',
    `| scoreMember, full V28 | ${risk.members.toLocaleString('en-US')} | ${Math.round(risk.members / median(risk.seconds)).toLocaleString('en-US')} | ${risk.seconds.map((s) => s.toFixed(2)).join(' / ')} |`,
    '',
    `Segments: ${[...risk.segments]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([segment, n]) => `${segment} ${n}`)
      .join(', ')}; mean raw score ${risk.meanRawScore.toFixed(3)}, mean ${risk.meanHccs.toFixed(2)} payment HCCs.`,
    '',
  ].join('\n');
  mkdirSync(REPORTS, { recursive: true });
  writeFileSync(`${REPORTS}${today}.md`, report);
  process.stdout.write(`${report}\nwritten to tests/bench/reports/${today}.md\n`);
}

function benchConfig(redisUrl: string, keyPrefix: string): ServerConfig {
  return {
    host: '127.0.0.1',
    port: 0,
    redisUrl,
    keyPrefix,
    apiKeys: [{ tenantId: 'bench', key: API_KEY }],
    clientDist: '/nonexistent',
    fanoutTickMs: 100,
    bodyLimitBytes: 5 * 1024 * 1024,
    maxLineBytes: 1024 * 1024,
    bulkLimitBytes: 2 * 1024 * 1024 * 1024,
    logLevel: 'error',
  };
}

/** Runs one load job in a worker thread (its own event loop) and returns the seconds it took. */
function load(job: LoadJob): Promise<number> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./load-client.mjs', import.meta.url), { workerData: job });
    worker.once('message', (message: { seconds?: number; error?: string }) => {
      void worker.terminate();
      if (message.seconds === undefined) {
        reject(new Error(message.error ?? 'load client failed'));
      } else {
        resolve(message.seconds);
      }
    });
    worker.once('error', reject);
  });
}

await main();
