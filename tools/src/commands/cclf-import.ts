/**
 * `benchline import --format cclf`: one monthly CCLF delivery (a folder of the unzipped files CMS sends) into a
 * tenant, or — with `--watch <folder>` — every complete delivery that appears in a folder, each imported once.
 * The delivery is checked against its CCLF0 before anything is written (refused whole, with the reason, when a file
 * is missing or its record count differs); then progress, a summary of records by outcome and of claims and
 * beneficiaries, and the first errors by file, line and CMS field. `--dry-run` does all of it and writes nothing.
 *
 * Watch mode polls the folder: each subfolder is a delivery, and files placed in the folder itself are grouped into
 * deliveries by the performance year and date in their names. A delivery is taken once its CCLF0 and every file it
 * counts records for are present and no file has changed size since the previous poll (a copy still in progress is
 * left for the next). What was imported, or refused, is remembered in Redis per tenant (the delivery's name and a
 * hash of its CCLF0), so a restarted watcher does not import it again; a refused delivery is tried again when its
 * files change. Deliveries found together are imported in delivery-date order.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CclfDelivery, CclfUnitResult, MbiCrosswalkStore, StoreUnits } from '@benchline/server';
import {
  createMbiCrosswalkStore,
  createStoredHistory,
  DeliveryRefused,
  findCclfFiles,
  folderFiles,
  importCclfDelivery,
  inMemoryMbiCrosswalkStore,
  openDelivery,
  parseSummary,
  recogniseCclfFileName,
} from '@benchline/server';
import type { KeySpace } from '@benchline/shared/backend';
import type { Redis } from 'ioredis';
import { createProgress } from './progress.js';

const ERRORS_SHOWN = 10;

export interface CclfTarget {
  tenantId: string;
  /** Writes nothing; checks and maps only. */
  dryRun: boolean;
  store: StoreUnits;
  /** Redis and its key space, unless a dry run. */
  redis?: Redis;
  keys: KeySpace;
  /** For names without a Dyymmdd (BCDA's `ZC0` …). */
  deliveryDate?: string;
  /** Where sorting puts its temporary files. */
  tempDir?: string;
}

export interface CclfTally {
  records: number;
  accepted: number;
  duplicate: number;
  rejected: number;
  notMapped: number;
  claims: Record<'accepted' | 'duplicate' | 'rejected', number>;
  beneficiaries: Record<'accepted' | 'duplicate' | 'rejected', number>;
  moves: number;
  /** The first errors, as printed. */
  errors: string[];
  /** Every error found, shown or not. */
  errorCount: number;
  rejectedUnits: number;
}

/** Imports one delivery folder (or the files `paths` of one), printing its summary; the exit code. */
export async function importCclfFolder(
  folder: string,
  target: CclfTarget,
  paths?: readonly string[],
): Promise<{ code: number; tally?: CclfTally; delivery?: CclfDelivery; refused?: string }> {
  let delivery: CclfDelivery;
  try {
    delivery = await openDelivery(folder, {
      ...(target.deliveryDate === undefined ? {} : { deliveryDate: target.deliveryDate }),
      ...(paths === undefined ? {} : { paths }),
    });
  } catch (error) {
    if (error instanceof DeliveryRefused) {
      process.stdout.write(`refused: ${error.message}\n`);
      return { code: 1, refused: error.message };
    }
    throw error;
  }
  const crosswalkStore: MbiCrosswalkStore =
    target.redis === undefined ? inMemoryMbiCrosswalkStore() : createMbiCrosswalkStore(target.redis, target.keys);
  const progress = createProgress(delivery.totalRecords, process.stderr);
  const tally = emptyTally();
  try {
    for await (const result of importCclfDelivery(delivery, {
      tenantId: target.tenantId,
      store: target.store,
      crosswalkStore,
      ...(target.redis === undefined || target.dryRun
        ? {}
        : { history: createStoredHistory(target.redis, target.keys) }),
      tempDir: target.tempDir ?? tmpdir(),
    })) {
      count(tally, result);
      progress.addBytes(result.records);
      progress.update(tally.records);
    }
  } finally {
    progress.done(tally.records);
  }
  process.stdout.write(describeTally(delivery, tally, target.dryRun));
  return { code: tally.rejected > 0 || tally.rejectedUnits > 0 ? 1 : 0, tally, delivery };
}

function emptyTally(): CclfTally {
  return {
    records: 0,
    accepted: 0,
    duplicate: 0,
    rejected: 0,
    notMapped: 0,
    claims: { accepted: 0, duplicate: 0, rejected: 0 },
    beneficiaries: { accepted: 0, duplicate: 0, rejected: 0 },
    moves: 0,
    errors: [],
    errorCount: 0,
    rejectedUnits: 0,
  };
}

function count(tally: CclfTally, result: CclfUnitResult): void {
  tally.records += result.records;
  const status = result.status === 'not-mapped' ? 'notMapped' : result.status;
  tally[status] += result.records;
  if (result.status !== 'not-mapped' && (result.kind === 'claim' || result.kind === 'beneficiary')) {
    tally[result.kind === 'claim' ? 'claims' : 'beneficiaries'][result.status] += 1;
  }
  if (result.kind === 'mbi-move' && result.status === 'accepted') {
    tally.moves += 1;
  }
  if (result.status === 'rejected') {
    tally.rejectedUnits += 1;
    const errors = result.issues.map((issue) => `${issue.file}:${issue.line} ${issue.field} — ${issue.message}`);
    if (result.error !== undefined) {
      errors.push(
        `${result.at === undefined ? result.kind : `${result.at.file}:${result.at.line}`} not stored — ${result.error}`,
      );
    }
    tally.errorCount += errors.length;
    tally.errors.push(...errors.slice(0, ERRORS_SHOWN - tally.errors.length));
  }
}

const number = (n: number): string => n.toLocaleString('en-US');

function describeTally(delivery: CclfDelivery, tally: CclfTally, dryRun: boolean): string {
  const year = delivery.performanceYear === undefined ? '' : `, performance year ${delivery.performanceYear}`;
  const kind = delivery.runOut ? ' (run-out)' : '';
  const stored = dryRun
    ? `${number(tally.accepted + tally.duplicate)} valid`
    : `${number(tally.accepted)} accepted, ${number(tally.duplicate)} duplicate`;
  const outcome = (counts: Record<'accepted' | 'duplicate' | 'rejected', number>): string =>
    dryRun
      ? `${number(counts.accepted + counts.duplicate)} valid, ${number(counts.rejected)} rejected`
      : `${number(counts.accepted)} accepted, ${number(counts.duplicate)} duplicate, ${number(counts.rejected)} rejected`;
  const lines = [
    `CCLF delivery of ${delivery.deliveryDate}${year}${kind}, ${delivery.files.size} files, ${number(tally.records)} records: ` +
      `${stored}, ${number(tally.rejected)} rejected, ${number(tally.notMapped)} not mapped` +
      (dryRun ? ' (dry run: nothing written)' : ''),
    `  claims: ${outcome(tally.claims)}; beneficiaries: ${outcome(tally.beneficiaries)}` +
      (tally.moves > 0 ? `; ${number(tally.moves)} histories moved to a new MBI` : ''),
    ...tally.errors.map((error) => `  ${error}`),
  ];
  if (tally.errorCount > tally.errors.length) {
    lines.push(`  … and ${number(tally.errorCount - tally.errors.length)} more`);
  }
  return `${lines.join('\n')}\n`;
}

/** A delivery the watcher may import: where its files are, and what identifies it. */
interface Candidate {
  label: string;
  folder: string;
  paths: string[];
  deliveryDate: string;
  /** Names, sizes and modification times: changes while a copy is in progress. */
  fingerprint: string;
  /** The delivery's identity once complete: its label and a hash of its CCLF0. */
  identity: string;
}

interface Remembered {
  status: 'imported' | 'refused';
  fingerprint: string;
  deliveryDate: string;
  at: string;
  records?: number;
  rejected?: number;
  reason?: string;
}

export interface WatchOptions {
  intervalMs: number;
  signal: AbortSignal;
}

/** Watches `folder` until `signal` aborts; the exit code (1 when a delivery was refused or had rejections). */
export async function watchCclfFolder(folder: string, target: CclfTarget, options: WatchOptions): Promise<number> {
  if (target.redis === undefined) {
    throw new Error('watch mode needs Redis, to remember what it imported');
  }
  const redis = target.redis;
  const registry = target.keys.cclfDeliveries(target.tenantId);
  const seenBefore = new Map<string, string>(); // label → fingerprint at the previous poll
  let code = 0;
  process.stdout.write(`watching ${folder} for CCLF deliveries (tenant ${target.tenantId}); Ctrl-C stops\n`);
  while (!options.signal.aborted) {
    const ready: Candidate[] = [];
    for (const candidate of candidatesIn(folder)) {
      const stable = seenBefore.get(candidate.label) === candidate.fingerprint;
      seenBefore.set(candidate.label, candidate.fingerprint);
      if (!stable || candidate.identity === '') {
        continue;
      }
      const raw = await redis.hget(registry, candidate.identity);
      const remembered = raw === null ? null : (JSON.parse(raw) as Remembered);
      if (remembered?.status === 'imported') {
        continue;
      }
      if (remembered?.status === 'refused' && remembered.fingerprint === candidate.fingerprint) {
        continue;
      }
      ready.push(candidate);
    }
    ready.sort((a, b) => a.deliveryDate.localeCompare(b.deliveryDate) || a.label.localeCompare(b.label));
    for (const candidate of ready) {
      if (options.signal.aborted) {
        break;
      }
      let result: Awaited<ReturnType<typeof importCclfFolder>>;
      try {
        result = await importCclfFolder(candidate.folder, target, candidate.paths);
      } catch (error) {
        // Redis away, a file removed mid-read: nothing is remembered, so the next look tries the delivery again.
        process.stderr.write(`import of ${candidate.label} failed, to be tried again: ${(error as Error).message}\n`);
        continue;
      }
      code = Math.max(code, result.code);
      const remembered: Remembered = {
        status: result.refused === undefined ? 'imported' : 'refused',
        fingerprint: candidate.fingerprint,
        deliveryDate: candidate.deliveryDate,
        at: new Date().toISOString(),
        ...(result.tally === undefined ? {} : { records: result.tally.records, rejected: result.tally.rejected }),
        ...(result.refused === undefined ? {} : { reason: result.refused }),
      };
      await redis.hset(registry, candidate.identity, JSON.stringify(remembered));
    }
    try {
      await sleep(options.intervalMs, undefined, { signal: options.signal });
    } catch {
      break; // aborted while waiting
    }
  }
  return code;
}

/**
 * The complete deliveries in the watched folder: subfolders, and sets of files in the folder itself grouped by the
 * performance year and delivery date in their names. A set without its CCLF0, or missing a file its CCLF0 counts
 * records for, is not complete yet (identity '').
 */
function candidatesIn(folder: string): Candidate[] {
  const candidates: Candidate[] = [];
  const loose = new Map<string, string[]>();
  for (const path of folderFiles(folder)) {
    const stat = statSync(path, { throwIfNoEntry: false });
    if (stat === undefined) {
      continue; // removed while we looked
    }
    if (stat.isDirectory()) {
      candidates.push(candidateOf(basename(path), path, folderFiles(path)));
      continue;
    }
    const name = recogniseCclfFileName(basename(path));
    if (name?.deliveryDate !== undefined) {
      const group = `${name.runOut === true ? 'R' : 'Y'}${name.performanceYear ?? ''}.D${name.deliveryDate}`;
      loose.set(group, [...(loose.get(group) ?? []), path]);
    }
  }
  for (const [group, paths] of loose) {
    candidates.push(candidateOf(join(folder, group), folder, paths));
  }
  return candidates;
}

function candidateOf(label: string, folder: string, paths: string[]): Candidate {
  const files = paths.filter((path) => statSync(path, { throwIfNoEntry: false })?.isFile() === true);
  const fingerprint = files
    .map((path) => {
      const stat = statSync(path);
      return `${basename(path)}:${stat.size}:${stat.mtimeMs}`;
    })
    .join('|');
  let identity = '';
  let deliveryDate = '';
  try {
    const found = findCclfFiles(label, files);
    if (found.summary !== undefined) {
      const summaryBytes = readFileSync(found.summary.path);
      const summary = parseSummary(summaryBytes.toString('latin1'), found.summary.name);
      const complete = [...summary].every(([type, row]) => row.records === 0 || found.files.has(type));
      deliveryDate = found.recognised.find((name) => name.deliveryDate !== undefined)?.deliveryDate ?? '';
      if (complete) {
        identity = `${basename(label)}|${createHash('sha256').update(summaryBytes).digest('hex')}`;
      }
    }
  } catch (error) {
    if (!(error instanceof DeliveryRefused)) {
      throw error;
    }
    // A summary still being written, or two deliveries mixed: not complete; importing it would say why.
    identity = files.length > 0 ? `${basename(label)}|unreadable` : '';
  }
  return { label, folder, paths: files, deliveryDate, fingerprint, identity };
}
