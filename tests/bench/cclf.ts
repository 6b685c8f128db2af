/**
 * CCLF import (issue 13): records per second of one monthly delivery, written by the CCLF writer from the demo
 * generator's ACO (generation and writing are not timed). Three measurements, medians of RUNS runs after a warm-up:
 *   - the baseline: reading every record of every file, nothing else (what the disk and line splitting allow);
 *   - parsed: checked against CCLF0, sorted where out of claim-id order (the writer's files are, as a real delivery
 *     may be), joined, mapped and validated — stored nowhere (a dry run);
 *   - imported: the same, stored in a private Redis's event store and queued for the workers (no workers run:
 *     "imported" as the ingest section counts accepted).
 * Then the memory bound, shown: the delivery parsed again by a process of its own whose heap is limited to
 * BOUNDED_HEAP_MIB (cclf-bounded-parse.ts) — far less than the files — with its peak resident memory. `BENCH_SMOKE=1`
 * shrinks the ACO to a toy.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { StoreUnits } from '@benchline/server';
import {
  createEventIngest,
  createMbiCrosswalkStore,
  createStoredHistory,
  importCclfDelivery,
  inMemoryMbiCrosswalkStore,
  openDelivery,
} from '@benchline/server';
import { createKeySpace } from '@benchline/shared/backend';
import { Redis } from 'ioredis';
import { DEFAULT_CHUNK_CHARS } from '../../server/src/ingest/cclf/external-sort.js';
import { fileRecords } from '../../server/src/ingest/cclf/records.js';
import { demoAco } from '../../tools/src/demo/demo-data.js';
import { writeCclfDelivery } from '../../tools/src/generator/cclf-writer.js';
import { findOrStartRedis } from '../../tools/src/services/redis-service.js';
import { deleteKeysWithPrefix } from '../support/redis.js';
import { formatSeconds, median, RUNS } from './common.js';
import type { SectionResult } from './results.js';

/** The heap the bounded parse may use (V8's old space, MiB). */
const BOUNDED_HEAP_MIB = 96;

/** The ACO the delivery is written from; read when the section runs (the smoke test sets BENCH_SMOKE first). */
function population(): { members: number; months: number; seed: number; endMonth: string } {
  return process.env.BENCH_SMOKE === '1'
    ? { members: 40, months: 3, seed: 7, endMonth: '2026-06' }
    : { members: 3000, months: 12, seed: 7, endMonth: '2026-06' };
}

export async function benchCclf(): Promise<SectionResult> {
  const folder = mkdtempSync(join(tmpdir(), 'bench-cclf-'));
  const redisService = await findOrStartRedis({
    url: 'redis://127.0.0.1:1',
    persistence: 'none',
    log: () => undefined,
  });
  const redis = new Redis(redisService.url);
  const plan = population();
  try {
    const aco = demoAco(plan);
    const bundles = [...aco.members()];
    const written = await writeCclfDelivery(
      { members: bundles.map((b) => b.member), claims: bundles.flatMap((b) => b.claims) },
      { folder: join(folder, 'delivery'), deliveryDate: aco.window.asOf },
    );
    const delivery = await openDelivery(written.folder);
    const records = delivery.totalRecords;
    const claims = bundles.reduce((sum, b) => sum + b.claims.length, 0);
    process.stderr.write(`bench: a CCLF delivery of ${records} records (${claims} claim versions)\n`);

    const readOnly = async (): Promise<void> => {
      let count = 0;
      for (const file of delivery.files.values()) {
        for await (const record of fileRecords(file.path)) {
          count += record.text.length > 0 ? 1 : 0;
        }
      }
      if (count !== records) {
        throw new Error(`read ${count} records, CCLF0 counts ${records}`);
      }
    };
    const parseOnly = async (): Promise<void> => {
      const accept: StoreUnits = async (units) => units.map(() => ({ status: 'accepted' as const, eventIds: [] }));
      await drain(
        importCclfDelivery(await openDelivery(written.folder), {
          tenantId: 'bench',
          store: accept,
          crosswalkStore: inMemoryMbiCrosswalkStore(),
          tempDir: folder,
        }),
        records,
      );
    };
    let run = 0;
    const importToRedis = async (): Promise<void> => {
      const prefix = `bench-cclf-${process.pid}-${run++}`;
      const keys = createKeySpace(prefix);
      const ingest = createEventIngest({ redis, redisUrl: redisService.url, keys, warn: () => undefined });
      try {
        await drain(
          importCclfDelivery(await openDelivery(written.folder), {
            tenantId: 'bench',
            store: (units) => ingest.units('bench', units),
            crosswalkStore: createMbiCrosswalkStore(redis, keys),
            history: createStoredHistory(redis, keys),
            tempDir: folder,
          }),
          records,
        );
      } finally {
        await ingest.close();
        await deleteKeysWithPrefix(redisService.url, prefix);
      }
    };

    const baseline = await timed(readOnly);
    const parsed = await timed(parseOnly);
    const imported = await timed(importToRedis);
    const bounded = await boundedParse(written.folder);
    if (bounded.records !== records) {
      throw new Error(`the bounded parse took ${bounded.records} records of ${records}`);
    }
    const deliveryMiB = [...delivery.files.values()].reduce((sum, file) => sum + file.bytes, 0) / 2 ** 20;

    const rate = (seconds: number[]): number => records / median(seconds);
    const row = (name: string, seconds: number[]): string =>
      `| ${name} | ${records.toLocaleString('en-US')} | ${Math.round(rate(seconds)).toLocaleString('en-US')} | ${formatSeconds(seconds)} |`;
    const markdown = [
      '## CCLF import (one monthly delivery)',
      '',
      `A delivery written by the CCLF writer from the demo generator's ACO (${plan.members.toLocaleString('en-US')} members, ${plan.months} months to ${plan.endMonth}): ${records.toLocaleString('en-US')} records in ${delivery.files.size} files, ${claims.toLocaleString('en-US')} claim versions; claim files out of claim-id order, as a real delivery may be, so sorted (through run files on disk once a file outgrows the sort's ${DEFAULT_CHUNK_CHARS / 2 ** 20} M-character chunk).`,
      '',
      '| Measurement | Records | Records/s | Seconds per run |',
      '| --- | ---: | ---: | --- |',
      row('Baseline: read every record, nothing else', baseline),
      row('Parsed: checked against CCLF0, sorted, joined, mapped, validated (dry run)', parsed),
      row('Imported: the same, stored in the event store and queued (Redis)', imported),
      '',
      `Parsing runs at ${(rate(parsed) / rate(baseline)).toFixed(2)}× the bare read rate, importing at ${(rate(imported) / rate(parsed)).toFixed(2)}× the parse rate.`,
      '',
      `Memory: the ${deliveryMiB.toFixed(1)} MiB delivery parsed again by a process whose heap is limited to ${BOUNDED_HEAP_MIB} MiB, in ${bounded.seconds.toFixed(1)} s; its peak resident memory (Node, the TypeScript loader and the schemas included) was ${bounded.peakRssMiB.toFixed(0)} MiB.`,
      '',
    ];
    return {
      id: 'cclf',
      markdown,
      metrics: {
        cclfRecords: records,
        cclfReadRecordsPerSecond: rate(baseline),
        cclfParsedRecordsPerSecond: rate(parsed),
        cclfImportedRecordsPerSecond: rate(imported),
        cclfDeliveryMiB: deliveryMiB,
        cclfBoundedParsePeakRssMiB: bounded.peakRssMiB,
      },
    };
  } finally {
    redis.disconnect();
    await redisService.stop();
    rmSync(folder, { recursive: true, force: true });
  }
}

/** Parses the delivery in a process of its own under a BOUNDED_HEAP_MIB heap (see cclf-bounded-parse.ts). */
async function boundedParse(deliveryFolder: string): Promise<{ records: number; seconds: number; peakRssMiB: number }> {
  const script = fileURLToPath(new URL('./cclf-bounded-parse.ts', import.meta.url));
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      `--max-old-space-size=${BOUNDED_HEAP_MIB}`,
      '--import',
      'tsx',
      '--conditions=@benchline/source',
      script,
      deliveryFolder,
    ],
    { cwd: fileURLToPath(new URL('../../', import.meta.url)), maxBuffer: 1024 * 1024 },
  );
  return JSON.parse(stdout.trim()) as { records: number; seconds: number; peakRssMiB: number };
}

/** Seconds per run of RUNS runs, after one untimed warm-up. */
async function timed(work: () => Promise<void>): Promise<number[]> {
  await work();
  const seconds: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const started = performance.now();
    await work();
    seconds.push((performance.now() - started) / 1000);
  }
  return seconds;
}

/** Consumes an import, checking that every record was taken and none refused. */
async function drain(results: ReturnType<typeof importCclfDelivery>, records: number): Promise<void> {
  let seen = 0;
  for await (const result of results) {
    if (result.status === 'rejected') {
      throw new Error(`a ${result.kind} was rejected: ${JSON.stringify(result.issues[0] ?? result.error)}`);
    }
    seen += result.records;
  }
  if (seen !== records) {
    throw new Error(`imported ${seen} records of ${records}`);
  }
}
