/**
 * `benchline import --format hl7 <file|dir>…`: files of HL7 v2 ADT messages into a tenant, through the same ingest
 * core as POST /api/v1/adt (server/src/ingest/hl7): cut into messages by the server's splitter (MLLP framing, FHS/BHS
 * batches, \r, \n or \r\n segment ends), read, matched to members by PID-3, stored as `adt` events or parked in the
 * tenant's review list. Each file is streamed — read a chunk at a time and ingested BATCH_MESSAGES messages at a
 * time, in file order (an A01 that teaches the crosswalk an MRN comes before the A03 that carries the MRN alone) —
 * so a file of any size takes bounded memory. Prints, per file, its messages by outcome (the ACK each would have
 * had), then the first errors by file, message and field; the exit code is 1 when any message was AE or AR.
 *
 * `--dry-run` writes nothing: with `--tenant`, the tenant's members and crosswalk are read (not written) to tell what
 * would be stored, parked or is already stored; without, messages are only read and checked.
 */
import { createReadStream, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { AdtIngestDeps, AdtMessageResult, AdtPatientStore, EventIngest, Hl7Issue } from '@benchline/server';
import {
  createAdtPatientStore,
  createReviewList,
  DEFAULT_REVIEW_MAX,
  ingestAdtMessages,
  splitHl7Messages,
} from '@benchline/server';
import type { KeySpace } from '@benchline/shared/backend';
import { eventKeyOf } from '@benchline/shared/backend';
import type { Redis } from 'ioredis';
import { createProgress } from './progress.js';

/** Messages handed to the ingest core at once: one member lookup, events stored MAX_EVENTS_PER_JOB at a time. */
export const BATCH_MESSAGES = 1000;
/** The longest text read without finding the next message: beyond it the file is not HL7 as Benchline reads it. */
export const MAX_MESSAGE_CHARS = 4 * 1024 * 1024;
const ERRORS_SHOWN = 10;
const HL7_EXTENSIONS = ['.hl7', '.er7'];

export type Hl7Charset = 'utf-8' | 'iso-8859-1';

export interface Hl7Target {
  /** Undefined only in a dry run without --tenant: messages are read and checked, not matched. */
  tenantId: string | undefined;
  dryRun: boolean;
  keys: KeySpace;
  /** Redis, unless a dry run without a tenant. */
  redis?: Redis;
  /** The ingest core, unless a dry run. */
  ingest?: EventIngest;
  timeZone?: string;
  charset: Hl7Charset;
  reviewMax?: number;
}

export interface Hl7Tally {
  messages: number;
  accepted: number;
  /** Accepted with a warning (a secondary field left out). */
  warnings: number;
  parked: number;
  duplicate: number;
  /** AE: the content is wrong (or the control id was received with other content); nothing stored. */
  errors: number;
  /** AR: not a message taken here, or not storable now. */
  rejected: number;
  /** Lines outside any message (not batch headers or trailers), ignored. */
  strayLines: number;
  /** Why the file was refused or its reading stopped, if it was. */
  failure?: string;
}

export const emptyHl7Tally = (): Hl7Tally => ({
  messages: 0,
  accepted: 0,
  warnings: 0,
  parked: 0,
  duplicate: 0,
  errors: 0,
  rejected: 0,
  strayLines: 0,
});

/** A file that cannot be read on (not HL7, not in its charset): what was read before it stands. */
export class Hl7FileError extends Error {}

/** The HL7 files of the paths given: files as named, and a folder's .hl7 / .er7 files in name order. */
export function hl7FilesOf(path: string): string[] {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (stat === undefined) {
    throw new Error(`no such file or directory: ${path}`);
  }
  if (!stat.isDirectory()) {
    return [path];
  }
  return readdirSync(path)
    .filter((name) => HL7_EXTENSIONS.some((extension) => name.toLowerCase().endsWith(extension)))
    .sort()
    .map((name) => join(path, name));
}

/**
 * Bytes to text: ISO-8859-1 byte for byte, or UTF-8 checked (a BOM dropped), across chunk boundaries. Pulled a chunk
 * at a time (`onBytes` told of each), so a file is read only as fast as its messages are ingested.
 */
export async function* decodeChunks(
  chunks: AsyncIterable<Buffer>,
  charset: Hl7Charset,
  onBytes: (bytes: number) => void = () => undefined,
): AsyncGenerator<string> {
  if (charset === 'iso-8859-1') {
    for await (const chunk of chunks) {
      onBytes(chunk.length);
      yield chunk.toString('latin1');
    }
    return;
  }
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let offset = 0;
  const invalid = (): Hl7FileError =>
    new Hl7FileError(
      `not valid UTF-8 (near byte ${offset.toLocaleString('en-US')}); the rest of the file was not read — ` +
        'use --charset iso-8859-1 for a Latin-1 file',
    );
  for await (const chunk of chunks) {
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch {
      throw invalid();
    }
    offset += chunk.length;
    onBytes(chunk.length);
    yield text;
  }
  let rest: string;
  try {
    rest = decoder.decode();
  } catch {
    throw invalid();
  }
  if (rest !== '') {
    yield rest;
  }
}

/** \r, \n, and MLLP's start and end of block: what ends a segment (hl7-text's reading). */
const isSeparator = (code: number): boolean => code === 0x0d || code === 0x0a || code === 0x0b || code === 0x1c;

/**
 * Where the last message of `text` begins: just after the separator before a segment named MSH (the spaces, tabs
 * or NULs some engines pad blocks with allowed between); 0 when no MSH follows a separator.
 */
function lastMessageStart(text: string): number {
  for (let at = text.lastIndexOf('MSH'); at > 0; at = text.lastIndexOf('MSH', at - 1)) {
    for (let k = at - 1; k >= 0 && text.charCodeAt(k) <= 0x20; k -= 1) {
      if (isSeparator(text.charCodeAt(k))) {
        return k + 1;
      }
    }
  }
  return 0;
}

/** Whether the text's first segment, padding aside, is an MSH. */
function beginsWithMessage(text: string): boolean {
  let start = 0;
  while (start < text.length && text.charCodeAt(start) <= 0x20) {
    start += 1;
  }
  return text.startsWith('MSH', start);
}

/**
 * A file's text, cut into blocks of whole messages as it streams: each block ends just before a segment that begins a
 * message, so no message spans two blocks, and each is split by the server's splitter (splitHl7Messages). The first
 * block holds what came before the first message (batch headers, or lines that make the file not HL7).
 */
export async function* hl7Blocks(
  texts: AsyncIterable<string>,
  maxMessageChars = MAX_MESSAGE_CHARS,
): AsyncGenerator<ReturnType<typeof splitHl7Messages>> {
  let carry = '';
  let blocks = 0;
  for await (const text of texts) {
    carry += text;
    const cut = lastMessageStart(carry);
    if (cut > 0) {
      blocks += 1;
      yield splitHl7Messages(carry.slice(0, cut));
      carry = carry.slice(cut);
    } else if (carry.length > maxMessageChars) {
      const limit = `${maxMessageChars.toLocaleString('en-US')} characters`;
      throw new Hl7FileError(
        blocks === 0 && !beginsWithMessage(carry)
          ? `no message (MSH segment) in its first ${limit}: not HL7`
          : `a message longer than ${limit}; the rest of the file was not read`,
      );
    }
  }
  if (carry !== '') {
    yield splitHl7Messages(carry);
  }
}

/** Imports the files in order, printing each one's tally and then the first errors; the exit code. */
export async function importHl7Files(files: readonly string[], target: Hl7Target): Promise<number> {
  const deps = adtIngestDeps(target);
  const totalBytes = files.reduce((sum, file) => sum + statSync(file).size, 0);
  const progress = createProgress(totalBytes, process.stderr);
  const total = emptyHl7Tally();
  const tallies: { file: string; tally: Hl7Tally }[] = [];
  const errors: string[] = [];
  let errorCount = 0;
  const note = (line: string): void => {
    errorCount += 1;
    if (errors.length < ERRORS_SHOWN) {
      errors.push(line);
    }
  };
  try {
    for (const file of files) {
      const tally = emptyHl7Tally();
      tallies.push({ file, tally });
      const stream = createReadStream(file);
      const pending: string[] = [];
      let first = true;
      const flush = async (texts: string[]): Promise<void> => {
        const results = await ingestAdtMessages(deps, target.tenantId ?? 'dry-run', texts, {
          timeZone: target.timeZone,
        });
        for (const result of results) {
          tally.messages += 1;
          count(tally, result);
          if (result.ack !== 'AA') {
            note(`${file} message ${tally.messages}${describe(result)}`);
          }
        }
        progress.update(total.messages + tally.messages);
      };
      try {
        for await (const block of hl7Blocks(
          decodeChunks(stream, target.charset, (bytes) => progress.addBytes(bytes)),
        )) {
          if (first && block.strayLines > 0) {
            throw new Hl7FileError(
              'lines before its first message (MSH) that are not batch headers (FHS, BHS): not HL7; nothing was read',
            );
          }
          first = false;
          tally.strayLines += block.strayLines;
          pending.push(...block.messages);
          while (pending.length >= BATCH_MESSAGES) {
            await flush(pending.splice(0, BATCH_MESSAGES));
          }
        }
        if (pending.length > 0) {
          await flush(pending.splice(0));
        }
        if (tally.messages === 0) {
          throw new Hl7FileError('no HL7 message (no MSH segment)');
        }
      } catch (error) {
        if (!(error instanceof Hl7FileError)) {
          throw error;
        }
        stream.destroy();
        // The whole messages read before the problem are taken, as they would have been had it come later.
        if (pending.length > 0) {
          await flush(pending.splice(0));
        }
        tally.failure = error.message;
        note(`${file}: ${error.message}`);
      }
      if (tally.strayLines > 0) {
        note(`${file}: ${tally.strayLines} line${tally.strayLines === 1 ? '' : 's'} outside any message, ignored`);
      }
      add(total, tally);
    }
  } finally {
    progress.done(total.messages);
  }

  for (const { file, tally } of tallies) {
    process.stdout.write(`${file}: ${describeTally(tally, target)}\n`);
  }
  if (tallies.length > 1) {
    process.stdout.write(`${tallies.length} files: ${describeTally(total, target)}\n`);
  }
  for (const error of errors) {
    process.stdout.write(`  ${error}\n`);
  }
  if (errorCount > errors.length) {
    process.stdout.write(`  … and ${(errorCount - errors.length).toLocaleString('en-US')} more\n`);
  }
  const failed =
    total.errors + total.rejected > 0 || total.strayLines > 0 || tallies.some((t) => t.tally.failure !== undefined);
  return failed ? 1 : 0;
}

/**
 * What the ingest core works with. A real import: Redis and the ingest core, as the API's. A dry run: nothing
 * written — events are "stored" by looking them up in the tenant's event index (a duplicate when there), messages
 * "parked" by saying so, and what matching would teach the crosswalk is kept in memory for the rest of the run.
 */
export function adtIngestDeps(
  target: Pick<Hl7Target, 'tenantId' | 'dryRun' | 'keys' | 'redis' | 'ingest' | 'reviewMax'>,
): AdtIngestDeps {
  const { redis, keys, ingest } = target;
  const now = (): Date => new Date();
  if (!target.dryRun) {
    if (redis === undefined || ingest === undefined) {
      throw new Error('an import needs Redis and the ingest core');
    }
    return {
      patients: createAdtPatientStore(redis, keys),
      review: createReviewList(redis, keys, target.reviewMax ?? DEFAULT_REVIEW_MAX),
      store: (tenantId, units) => ingest.units(tenantId, units),
      now,
    };
  }
  const learnt = new Map<string, string>();
  const stored: AdtPatientStore | null = redis === undefined ? null : createAdtPatientStore(redis, keys);
  const patients: AdtPatientStore = {
    async facts(tenantId, identifiers) {
      const facts =
        stored === null || target.tenantId === undefined
          ? { knownMembers: new Set<string>(), crosswalk: new Map<string, string>() }
          : await stored.facts(tenantId, identifiers);
      const crosswalk = new Map(facts.crosswalk);
      for (const [key, memberId] of learnt) {
        if (!crosswalk.has(key)) {
          crosswalk.set(key, memberId);
        }
      }
      return { knownMembers: facts.knownMembers, crosswalk };
    },
    isMember: async (tenantId, memberId) => (stored === null ? false : stored.isMember(tenantId, memberId)),
    async learn(_tenantId, crosswalkKeys, memberId) {
      for (const key of crosswalkKeys) {
        if (!learnt.has(key)) {
          learnt.set(key, memberId);
        }
      }
    },
    link: async () => undefined,
  };
  return {
    patients,
    review: {
      park: async (_tenantId, messages) => messages.map(() => 'parked' as const),
      list: async () => ({ total: 0, items: [] }),
      get: async () => null,
      carrying: async () => [],
      remove: async () => 0,
    },
    async store(tenantId, units) {
      const keysOf = units.map((unit) => unit.map(eventKeyOf));
      const flat = keysOf.flat();
      const known =
        redis === undefined || flat.length === 0
          ? flat.map(() => null)
          : await redis.hmget(keys.eventIndex(tenantId), ...flat);
      let i = 0;
      return keysOf.map((unit) => {
        const seen = unit.map(() => known[i++] !== null);
        return { status: seen.every(Boolean) ? ('duplicate' as const) : ('accepted' as const), eventIds: [] };
      });
    },
    now,
  };
}

const isWarning = (issue: Hl7Issue): boolean => issue.severity === 'W' && issue.code !== 204;

function count(tally: Hl7Tally, result: AdtMessageResult): void {
  if (result.ack === 'AE') {
    tally.errors += 1;
  } else if (result.ack === 'AR') {
    tally.rejected += 1;
  } else if (result.status === 'parked') {
    tally.parked += 1;
  } else if (result.status === 'duplicate') {
    tally.duplicate += 1;
  } else {
    tally.accepted += 1;
    if (result.issues.some(isWarning)) {
      tally.warnings += 1;
    }
  }
}

function add(total: Hl7Tally, tally: Hl7Tally): void {
  total.messages += tally.messages;
  total.accepted += tally.accepted;
  total.warnings += tally.warnings;
  total.parked += tally.parked;
  total.duplicate += tally.duplicate;
  total.errors += tally.errors;
  total.rejected += tally.rejected;
  total.strayLines += tally.strayLines;
}

const number = (n: number): string => n.toLocaleString('en-US');
const plural = (n: number, one: string, many: string): string => `${number(n)} ${n === 1 ? one : many}`;

function describeTally(tally: Hl7Tally, target: Hl7Target): string {
  const head = `${plural(tally.messages, 'message', 'messages')}: `;
  const warned = `${number(tally.warnings)} with warnings`;
  const refused = `${plural(tally.errors, 'error', 'errors')} (AE), ${number(tally.rejected)} rejected (AR)`;
  const failure = tally.failure === undefined ? '' : `; ${tally.failure}`;
  if (target.dryRun && target.tenantId === undefined) {
    // Without a tenant the dry run's review list "parks" every message read: each is only valid.
    return (
      `${head}${number(tally.accepted + tally.parked + tally.duplicate)} valid (AA; ${warned}), ${refused}` +
      ` (dry run without --tenant: patients not matched, nothing written)${failure}`
    );
  }
  if (target.dryRun) {
    return (
      `${head}${number(tally.accepted)} to store (AA; ${warned}), ${number(tally.parked)} to park for review, ` +
      `${number(tally.duplicate)} already stored, ${refused} (dry run: nothing written)${failure}`
    );
  }
  return (
    `${head}${number(tally.accepted)} accepted (AA; ${warned}), ${number(tally.parked)} parked for review, ` +
    `${plural(tally.duplicate, 'duplicate', 'duplicates')}, ${refused}${failure}`
  );
}

/** " (MSH-10 GH-0666) AE — PV1-2 103 Table value not found: …; …" */
function describe(result: AdtMessageResult): string {
  const id = result.header.controlId === '' ? '' : ` (MSH-10 ${result.header.controlId})`;
  const errors = result.issues.filter((issue) => issue.severity === 'E');
  const shown = (errors.length > 0 ? errors : result.issues).map((issue) => {
    const where =
      issue.field === 0
        ? issue.segment
        : `${issue.segment}-${issue.field}${issue.component === undefined ? '' : `.${issue.component}`}`;
    return `${where} ${issue.code} ${issue.message}`;
  });
  return `${id} ${result.ack}${shown.length > 0 ? ` — ${shown.join('; ')}` : ''}`;
}
