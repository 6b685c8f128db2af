/**
 * `benchline import <file|dir>…`: streams NDJSON deliveries into a tenant's event store — the same validation,
 * idempotency and queueing as the bulk API, straight to Redis, for files on the machine Benchline runs on.
 * Shows progress (lines, rate, percent, ETA), ends with a summary and the first errors by file and line, and
 * exits non-zero when any line was rejected. `--dry-run` checks a delivery without writing anything.
 *
 *   benchline import deliveries/2026-11 --tenant acme [--format ndjson] [--dry-run]
 */
import { createReadStream, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { LineResult } from '@benchline/server';
import {
  bulkIngest,
  canonicalLines,
  countResult,
  createEventIngest,
  emptySummary,
  ndjsonLines,
  type EventIngest,
} from '@benchline/server';
import type { CanonicalEvent } from '@benchline/shared';
import { isTenantId } from '@benchline/shared';
import { createKeySpace } from '@benchline/shared/backend';
import { Redis } from 'ioredis';
import { answersPing } from '../services/redis-service.js';
import { createProgress } from './progress.js';

const USAGE = `usage: benchline import <file|dir>… --tenant T [--format ndjson] [--dry-run]

  --tenant   the tenant the events belong to (required unless --dry-run)
  --format   ndjson: canonical events, one per line (default)
  --dry-run  parse and validate only; write nothing
  Redis: REDIS_URL (default redis://127.0.0.1:6379), key prefix BENCHLINE_KEY_PREFIX (default bl).
`;

const MAX_LINE_BYTES = 1024 * 1024;
const ERRORS_SHOWN = 10;

export async function runImport(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        tenant: { type: 'string' },
        format: { type: 'string', default: 'ndjson' },
        'dry-run': { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const dryRun = values['dry-run'];
  if (positionals.length === 0 || values.format !== 'ndjson' || (!dryRun && !isTenantId(values.tenant))) {
    process.stderr.write(USAGE);
    return 2;
  }
  let files: string[];
  try {
    files = positionals.flatMap(filesOf);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }

  let ingest: EventIngest | null = null;
  let redis: Redis | null = null;
  if (!dryRun) {
    const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
    if (!(await answersPing(redisUrl))) {
      process.stderr.write(`No Redis answers at ${redisUrl}; set REDIS_URL, or start Benchline (pnpm start).\n`);
      return 3;
    }
    redis = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    await new Promise<void>((resolve) => redis!.once('ready', () => resolve()));
    ingest = createEventIngest({
      redis,
      redisUrl,
      keys: createKeySpace(process.env.BENCHLINE_KEY_PREFIX ?? 'bl'),
      warn: (details, message) => process.stderr.write(`${message} ${JSON.stringify(details)}\n`),
    });
  }

  const total = emptySummary();
  const firstErrors: string[] = [];
  const totalBytes = files.reduce((sum, file) => sum + statSync(file).size, 0);
  const progress = createProgress(totalBytes, process.stderr);
  const mapLine = canonicalLines('api');
  const store = (units: CanonicalEvent[][]) =>
    ingest === null
      ? Promise.resolve(units.map(() => ({ status: 'accepted' as const, eventIds: [] })))
      : ingest.units(values.tenant as string, units);

  try {
    for (const file of files) {
      const stream = createReadStream(file);
      stream.on('data', (chunk) => progress.addBytes(chunk.length));
      for await (const result of bulkIngest(ndjsonLines(stream, MAX_LINE_BYTES), mapLine, store)) {
        countResult(total, result);
        progress.update(total.lines);
        if (result.status === 'rejected' && firstErrors.length < ERRORS_SHOWN) {
          firstErrors.push(describe(file, result));
        }
      }
    }
  } finally {
    progress.done(total.lines);
    await ingest?.close();
    redis?.disconnect();
  }

  const label = dryRun ? 'valid' : 'accepted';
  process.stdout.write(
    `${files.length} file${files.length === 1 ? '' : 's'}, ${total.lines.toLocaleString('en-US')} lines: ` +
      `${(dryRun ? total.accepted + total.duplicate : total.accepted).toLocaleString('en-US')} ${label}` +
      (dryRun ? '' : `, ${total.duplicate.toLocaleString('en-US')} duplicate`) +
      `, ${total.rejected.toLocaleString('en-US')} rejected${dryRun ? ' (dry run: nothing written)' : ''}\n`,
  );
  for (const error of firstErrors) {
    process.stdout.write(`  ${error}\n`);
  }
  if (total.rejected > firstErrors.length) {
    process.stdout.write(`  … and ${(total.rejected - firstErrors.length).toLocaleString('en-US')} more\n`);
  }
  return total.rejected > 0 ? 1 : 0;
}

/** A file, or the NDJSON files of a directory in name order (deliveries are named to sort by date). */
function filesOf(path: string): string[] {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (stat === undefined) {
    throw new Error(`no such file or directory: ${path}`);
  }
  if (!stat.isDirectory()) {
    return [path];
  }
  return readdirSync(path)
    .filter((name) => name.endsWith('.ndjson') || name.endsWith('.jsonl'))
    .sort()
    .map((name) => join(path, name));
}

function describe(file: string, result: Extract<LineResult, { status: 'rejected' }>): string {
  const issues = result.error.issues?.map((issue) => `${issue.path} ${issue.reason}`).join('; ');
  return `${file}:${result.line} ${result.error.code}${issues ? ` — ${issues}` : result.error.message ? ` — ${result.error.message}` : ''}`;
}
