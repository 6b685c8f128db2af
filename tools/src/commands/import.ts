/**
 * `benchline import <file|dir>…`: streams NDJSON deliveries into a tenant's event store — the same validation,
 * idempotency and queueing as the bulk API, straight to Redis, for files on the machine Benchline runs on.
 * Shows progress (lines, rate, percent, ETA), ends with a summary and the first errors by file and line, and
 * exits non-zero when any line was rejected. `--dry-run` checks a delivery without writing anything.
 *
 *   benchline import deliveries/2026-11 --tenant acme [--format ndjson] [--dry-run]
 *
 * CCLF (`--format cclf`, a folder of one monthly delivery, or `--watch <folder>` for monthly drops) is in
 * cclf-import.ts; HL7 v2 ADT (`--format hl7`, files of messages) in import-hl7.ts.
 */
import { createReadStream, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { BatchMapper, IngestOutcome, LineResult, PreparedEvent, StoreOrPark } from '@benchline/server';
import {
  bulkIngest,
  createLinePreparationPool,
  defaultIngestThreads,
  mapLinesHere,
  findCclfFiles,
  folderFiles,
  createPatientCrosswalkStore,
  FHIR_RESOURCE_TYPES,
  encounterLines,
  encounterSettler,
  fhirLines,
  isTimeZone,
  type PatientCrosswalkStore,
  countResult,
  createEventIngest,
  DEFAULT_REVIEW_MAX,
  emptySummary,
  ndjsonLines,
  type EventIngest,
} from '@benchline/server';
import type { CanonicalEvent } from '@benchline/shared';
import { isTenantId } from '@benchline/shared';
import type { KeySpace } from '@benchline/shared/backend';
import { createKeySpace } from '@benchline/shared/backend';
import { Redis } from 'ioredis';
import { answersPing } from '../services/redis-service.js';
import type { CclfTarget } from './cclf-import.js';
import { importCclfFolder, watchCclfFolder } from './cclf-import.js';
import { adtIngestDeps, type Hl7Charset, hl7FilesOf, importHl7Files } from './import-hl7.js';
import { createProgress } from './progress.js';

const USAGE = `usage: benchline import <file|dir>… --tenant T [--format ndjson|fhir|cclf] [--dry-run]
       benchline import --format cclf --watch <folder> --tenant T [--interval 30]
       benchline import --format hl7 <file|dir>… --tenant T [--tz Area/City] [--charset utf-8|iso-8859-1] [--dry-run]

  --tenant         the tenant the events belong to (default: $BENCHLINE_TENANT; required unless --dry-run)
  --format         ndjson: canonical events, one per line (default)
                   fhir: FHIR bulk data (BCDA / Blue Button NDJSON, one resource per line); in a folder, Patient
                   files are read first, then Coverage, then the rest, so claims can be matched to their members;
                   an ADT Encounter (a hospital stay) no member matches is parked for review, as POST /api/v1/fhir
                   does
                   cclf: CMS Claim and Claim Line Feed — a folder holding one monthly delivery (the unzipped
                   ZC0…ZCB files), checked against its CCLF0 before anything is written
                   hl7: HL7 v2 ADT messages (A01 A02 A03 A04 A08 A11 A13), files of one or more, MLLP-framed or
                   not, or FHS/BHS batches (a folder: its .hl7 and .er7 files); each message answered as
                   POST /api/v1/adt would (AA stored, parked for review or duplicate; AE; AR); exit 1 on any AE/AR
  --dry-run        parse and validate only; write nothing (hl7 and fhir with --tenant: members are read, not
                   written, to tell what would be stored or parked)
  --watch <folder> (cclf) import each complete delivery that appears in the folder, once; runs until stopped
  --interval <s>   (cclf --watch) seconds between looks at the folder (default 30)
  --delivery-date  (cclf) YYYY-MM-DD, for file names without a Dyymmdd date (BCDA's ZC0, ZC8 …)
  --tz             (hl7) the sender's IANA time zone, for times without an offset (default
                   BENCHLINE_HL7_TIME_ZONE, else each message's MSH-7 offset)
  --charset        (hl7) the files' encoding: utf-8 (default) or iso-8859-1
  Redis: REDIS_URL (default redis://127.0.0.1:6379), key prefix BENCHLINE_KEY_PREFIX (default bl); hl7's review
  list holds BENCHLINE_ADT_REVIEW_MAX messages (default 10,000).
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
        watch: { type: 'string' },
        interval: { type: 'string', default: '30' },
        'delivery-date': { type: 'string' },
        tz: { type: 'string' },
        charset: { type: 'string' },
      },
    });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const { positionals } = parsed;
  // The tenant may come from the environment, so a scheduled import for one tenant need not repeat it.
  const values = { ...parsed.values, tenant: parsed.values.tenant ?? process.env.BENCHLINE_TENANT };
  const dryRun = values['dry-run'];
  const format = values.format;
  const watch = values.watch;
  const interval = Number(values.interval);
  const deliveryDate = values['delivery-date'];
  const charset = charsetOf(values.charset ?? 'utf-8');
  if (
    (watch === undefined ? positionals.length === 0 : positionals.length > 0 || dryRun || format !== 'cclf') ||
    (format !== 'ndjson' && format !== 'fhir' && format !== 'cclf' && format !== 'hl7') ||
    (format !== 'hl7' && (values.tz !== undefined || values.charset !== undefined)) ||
    (values.tz !== undefined && !isTimeZone(values.tz)) ||
    charset === null ||
    (!dryRun && !isTenantId(values.tenant)) ||
    !(Number.isFinite(interval) && interval > 0) ||
    (deliveryDate !== undefined && (format !== 'cclf' || !/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(deliveryDate)))
  ) {
    process.stderr.write(USAGE);
    return 2;
  }
  if (format === 'cclf') {
    return runCclfImport({
      folders: positionals,
      ...(watch === undefined ? {} : { watch }),
      intervalMs: interval * 1000,
      dryRun,
      tenantId: values.tenant ?? 'dry-run',
      ...(deliveryDate === undefined ? {} : { deliveryDate }),
    });
  }
  if (format === 'hl7') {
    return runHl7Import(positionals, {
      tenantId: values.tenant,
      dryRun,
      charset,
      ...(values.tz === undefined ? {} : { timeZone: values.tz }),
    });
  }
  let files: string[];
  try {
    files = positionals.flatMap((path) => filesOf(path, format));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }

  const keys = createKeySpace(process.env.BENCHLINE_KEY_PREFIX ?? 'bl');
  const connection = dryRun ? null : await connect(keys);
  if (connection === 'no-redis') {
    return 3;
  }
  const ingest: EventIngest | null = connection?.ingest ?? null;
  const redis: Redis | null = connection?.redis ?? null;

  const total = emptySummary();
  const firstErrors: string[] = [];
  const totalBytes = files.reduce((sum, file) => sum + statSync(file).size, 0);
  const progress = createProgress(totalBytes, process.stderr);
  const tenantId = values.tenant ?? 'dry-run';
  // A dry run of FHIR for a named tenant still reads (never writes) the Patients its earlier deliveries taught.
  const lookupRedis = dryRun && format === 'fhir' && values.tenant !== undefined ? await readOnlyRedis() : null;
  const fhir =
    format === 'fhir'
      ? fhirLines(
          tenantId,
          redis !== null
            ? createPatientCrosswalkStore(redis, keys)
            : dryRunCrosswalk(lookupRedis === null ? null : createPatientCrosswalkStore(lookupRedis, keys)),
          new Date().toISOString().slice(0, 10),
        )
      : null;
  const dryStore = <E>(units: E[][]): Promise<IngestOutcome[]> =>
    Promise.resolve(units.map(() => ({ status: 'accepted' as const, eventIds: [] })));
  const importFiles = async <E>(mapBatch: BatchMapper<E>, store: StoreOrPark<E>): Promise<void> => {
    for (const file of files) {
      const stream = createReadStream(file);
      stream.on('data', (chunk) => progress.addBytes(chunk.length));
      for await (const results of bulkIngest(ndjsonLines(stream, MAX_LINE_BYTES), mapBatch, store)) {
        for (const result of results) {
          countResult(total, result);
          if (result.status === 'rejected' && firstErrors.length < ERRORS_SHOWN) {
            firstErrors.push(describe(file, result));
          }
        }
        progress.update(total.lines);
      }
    }
  };
  // Canonical lines are prepared on a thread beside this one, as the server's bulk route does.
  const preparation = createLinePreparationPool({
    threads: defaultIngestThreads(),
    warn: (details, message) => process.stderr.write(`${message} ${JSON.stringify(details)}\n`),
  });

  try {
    if (fhir === null) {
      await importFiles(preparation.mapper('api'), (units: PreparedEvent[][]) =>
        ingest === null ? dryStore(units) : ingest.preparedUnits(tenantId, units),
      );
    } else {
      const plainStore = (units: CanonicalEvent[][]) =>
        ingest === null ? dryStore(units) : ingest.units(tenantId, units);
      // ADT Encounters are matched, and stored or parked, as the route does — in a dry run, told without writing.
      const adtRedis = redis ?? lookupRedis;
      const settle = encounterSettler(
        adtIngestDeps({
          tenantId: values.tenant,
          dryRun,
          keys,
          ...(adtRedis === null ? {} : { redis: adtRedis }),
          ...(ingest === null ? {} : { ingest }),
        }),
        tenantId,
      );
      const lines = encounterLines(fhir.mapLine, fhir.context, fhir.store(plainStore), settle);
      await importFiles(mapLinesHere(lines.mapLine, fhir.prepare), lines.store);
    }
  } finally {
    progress.done(total.lines);
    await preparation.close();
    await ingest?.close();
    redis?.disconnect();
    lookupRedis?.disconnect();
  }

  const label = dryRun ? 'valid' : 'accepted';
  process.stdout.write(
    `${files.length} file${files.length === 1 ? '' : 's'}, ${total.lines.toLocaleString('en-US')} lines: ` +
      `${(dryRun ? total.accepted + total.duplicate : total.accepted).toLocaleString('en-US')} ${label}` +
      (dryRun ? '' : `, ${total.duplicate.toLocaleString('en-US')} duplicate`) +
      `, ${total.rejected.toLocaleString('en-US')} rejected` +
      (total.parked === undefined ? '' : `, ${total.parked.toLocaleString('en-US')} parked for review`) +
      `${dryRun ? ' (dry run: nothing written)' : ''}\n`,
  );
  for (const error of firstErrors) {
    process.stdout.write(`  ${error}\n`);
  }
  if (total.rejected > firstErrors.length) {
    process.stdout.write(`  … and ${(total.rejected - firstErrors.length).toLocaleString('en-US')} more\n`);
  }
  return total.rejected > 0 ? 1 : 0;
}

/** Redis and the ingest core, or 'no-redis' (said on stderr) when none answers. */
async function connect(keys: KeySpace): Promise<{ redis: Redis; ingest: EventIngest } | 'no-redis'> {
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  if (!(await answersPing(redisUrl))) {
    process.stderr.write(`No Redis answers at ${redisUrl}; set REDIS_URL, or start Benchline (pnpm start).\n`);
    return 'no-redis';
  }
  const redis = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  await new Promise<void>((resolve) => redis.once('ready', () => resolve()));
  const ingest = createEventIngest({
    redis,
    redisUrl,
    keys,
    warn: (details, message) => process.stderr.write(`${message} ${JSON.stringify(details)}\n`),
  });
  return { redis, ingest };
}

/** `--format cclf`: each folder one delivery, in delivery-date order; or `--watch` one folder until stopped. */
async function runCclfImport(options: {
  folders: string[];
  watch?: string;
  intervalMs: number;
  dryRun: boolean;
  tenantId: string;
  deliveryDate?: string;
}): Promise<number> {
  for (const folder of options.watch === undefined ? options.folders : [options.watch]) {
    if (statSync(folder, { throwIfNoEntry: false })?.isDirectory() !== true) {
      process.stderr.write(`not a folder: ${folder} (a CCLF delivery is a folder of its files)\n`);
      return 2;
    }
  }
  const keys = createKeySpace(process.env.BENCHLINE_KEY_PREFIX ?? 'bl');
  const connection = options.dryRun ? null : await connect(keys);
  if (connection === 'no-redis') {
    return 3;
  }
  const target: CclfTarget = {
    tenantId: options.tenantId,
    dryRun: options.dryRun,
    keys,
    store: (units: CanonicalEvent[][]) =>
      connection === null
        ? Promise.resolve(units.map(() => ({ status: 'accepted' as const, eventIds: [] })))
        : connection.ingest.units(options.tenantId, units),
    ...(connection === null ? {} : { redis: connection.redis }),
    ...(options.deliveryDate === undefined ? {} : { deliveryDate: options.deliveryDate }),
  };
  try {
    if (options.watch !== undefined) {
      const stop = new AbortController();
      const onSignal = (): void => stop.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      try {
        return await watchCclfFolder(options.watch, target, { intervalMs: options.intervalMs, signal: stop.signal });
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    }
    // Several deliveries at once go in the order CMS made them: a later CCLF9 extends an earlier one's crosswalk.
    const ordered = [...options.folders].sort(
      (a, b) => deliveryDateOf(a).localeCompare(deliveryDateOf(b)) || a.localeCompare(b),
    );
    let code = 0;
    for (const folder of ordered) {
      code = Math.max(code, (await importCclfFolder(folder, target)).code);
    }
    return code;
  } finally {
    await connection?.ingest.close();
    connection?.redis.disconnect();
  }
}

/**
 * `--format hl7`: the files (a folder's .hl7 / .er7 files) in the order given. A dry run without a tenant touches no
 * Redis; with one, it reads the tenant's members to tell what would be stored or parked.
 */
async function runHl7Import(
  paths: string[],
  options: { tenantId: string | undefined; dryRun: boolean; charset: Hl7Charset; timeZone?: string },
): Promise<number> {
  let files: string[];
  try {
    files = paths.flatMap(hl7FilesOf);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  const timeZone = options.timeZone ?? (process.env.BENCHLINE_HL7_TIME_ZONE || undefined);
  if (timeZone !== undefined && !isTimeZone(timeZone)) {
    process.stderr.write('BENCHLINE_HL7_TIME_ZONE is not an IANA time zone this runtime knows\n');
    return 2;
  }
  const reviewMax = Number(process.env.BENCHLINE_ADT_REVIEW_MAX || DEFAULT_REVIEW_MAX);
  if (!(Number.isInteger(reviewMax) && reviewMax > 0)) {
    process.stderr.write('BENCHLINE_ADT_REVIEW_MAX is not a positive whole number\n');
    return 2;
  }
  const keys = createKeySpace(process.env.BENCHLINE_KEY_PREFIX ?? 'bl');
  const connection = options.dryRun && options.tenantId === undefined ? null : await connect(keys);
  if (connection === 'no-redis') {
    return 3;
  }
  try {
    return await importHl7Files(files, {
      tenantId: options.tenantId,
      dryRun: options.dryRun,
      keys,
      charset: options.charset,
      reviewMax,
      ...(timeZone === undefined ? {} : { timeZone }),
      ...(connection === null ? {} : { redis: connection.redis }),
      ...(connection === null || options.dryRun ? {} : { ingest: connection.ingest }),
    });
  } finally {
    await connection?.ingest.close();
    connection?.redis.disconnect();
  }
}

function charsetOf(name: string): Hl7Charset | null {
  const lower = name.toLowerCase();
  if (lower === 'utf-8' || lower === 'utf8') {
    return 'utf-8';
  }
  return ['iso-8859-1', 'latin1', 'latin-1', 'iso_8859-1'].includes(lower) ? 'iso-8859-1' : null;
}

/** The Dyymmdd date of a delivery folder's files ('' when they carry none). */
function deliveryDateOf(folder: string): string {
  const dates = findCclfFiles(folder, folderFiles(folder)).recognised.flatMap((name) =>
    name.deliveryDate === undefined ? [] : [name.deliveryDate],
  );
  return dates[0] ?? '';
}

/**
 * A file, or the NDJSON files of a directory in name order (deliveries are named to sort by date); for FHIR,
 * Patient files first and Coverage next, so every later line can find its member.
 */
function filesOf(path: string, format: 'ndjson' | 'fhir'): string[] {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (stat === undefined) {
    throw new Error(`no such file or directory: ${path}`);
  }
  if (!stat.isDirectory()) {
    return [path];
  }
  const rank = (name: string): number =>
    format === 'fhir' ? (name.includes('Patient') ? 0 : name.includes('Coverage') ? 1 : 2) : 0;
  // A bulk-data export also holds resource types Benchline does not ingest (Practitioner, Organization, …).
  const ingested = (name: string): boolean =>
    format !== 'fhir' ||
    FHIR_RESOURCE_TYPES.some((type) => name.startsWith(type) || name.includes(`_${type}`) || name.includes(`-${type}`));
  const names = readdirSync(path).filter((name) => name.endsWith('.ndjson') || name.endsWith('.jsonl'));
  for (const skipped of names.filter((name) => !ingested(name))) {
    process.stderr.write(`skipped ${join(path, skipped)}: not a resource type Benchline ingests\n`);
  }
  return names
    .filter(ingested)
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
    .map((name) => join(path, name));
}

/** A dry run resolves Patient references within the files it reads, and writes nothing. */
/**
 * A dry run writes nothing: the Patients it reads stay in memory, in front of the tenant's saved crosswalk when
 * there is one to read.
 */
function dryRunCrosswalk(saved: PatientCrosswalkStore | null): PatientCrosswalkStore {
  const known = new Map<string, string>();
  return {
    lookup: async (tenantId, ids) => {
      const found = new Map(ids.flatMap((id) => (known.has(id) ? [[id, known.get(id) as string] as const] : [])));
      const rest = ids.filter((id) => !found.has(id));
      if (saved !== null && rest.length > 0) {
        for (const [id, memberId] of await saved.lookup(tenantId, rest)) {
          found.set(id, memberId);
        }
      }
      return found;
    },
    save: async (_tenantId, entries) => {
      entries.forEach((entry) => known.set(entry.patientId, entry.memberId));
    },
  };
}

/** Redis for reading only, or null (said on stderr) when none answers: the dry run goes on without it. */
async function readOnlyRedis(): Promise<Redis | null> {
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  if (!(await answersPing(redisUrl))) {
    process.stderr.write(
      `No Redis answers at ${redisUrl}: checking without the tenant's known Patients (claims of Patients from earlier deliveries will show as unresolved).\n`,
    );
    return null;
  }
  const redis = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  await new Promise<void>((resolve) => redis.once('ready', () => resolve()));
  return redis;
}

function describe(file: string, result: Extract<LineResult, { status: 'rejected' }>): string {
  const issues = result.error.issues?.map((issue) => `${issue.path} ${issue.reason}`).join('; ');
  return `${file}:${result.line} ${result.error.code}${issues ? ` — ${issues}` : result.error.message ? ` — ${result.error.message}` : ''}`;
}
