/**
 * A CCLF file's records in key order (CUR_CLM_UNIQ_ID, or the MBI), in bounded memory: CMS does not promise any
 * order, and assembling a claim needs all of its lines together. A file already in order is streamed as it is (the
 * delivery pass checks). Otherwise records are read in chunks of at most `chunkChars` characters, each chunk
 * sorted and written to a run file, and the runs merged — at most MERGE_FAN_IN at a time, in more passes when there
 * are more — so memory holds one chunk while sorting, and a read buffer per run while merging, however large the
 * file. Ties keep file order (the line number breaks them), so the sort is stable. Records travel in batches: an
 * asynchronous step per record would cost more than the record.
 */
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import type { FileRecord } from './records.js';
import { fileRecordBatches } from './records.js';

export interface KeyedRecord extends FileRecord {
  key: string;
}

export interface SortOptions {
  /** Characters of records sorted in memory at once (default DEFAULT_CHUNK_CHARS). */
  chunkChars?: number;
  /** Where run files go; a folder of its own is made inside and removed afterwards. */
  tempDir: string;
}

/** 8 M characters: about 8 MB of record text (Latin-1 strings take a byte a character) and their keys. */
export const DEFAULT_CHUNK_CHARS = 8 * 1024 * 1024;
/** Runs merged at once: each holds an open file and its read buffer. */
export const MERGE_FAN_IN = 64;
const LINE_NUMBER_DIGITS = 12;
const BATCH = 4096;

/** The key of a record: the characters [from, to), blank-padded when the record is short. */
export function keyOf(text: string, from: number, to: number): string {
  const key = text.slice(from, to);
  return key.length === to - from ? key : key.padEnd(to - from, ' ');
}

/** The records of `path` in key order, one at a time. */
export async function* recordsByKey(
  path: string,
  from: number,
  to: number,
  sorted: boolean,
  options: SortOptions,
): AsyncGenerator<KeyedRecord> {
  for await (const batch of batchesByKey(path, from, to, sorted, options)) {
    yield* batch;
  }
}

/** The records of `path` in key order, in batches. `sorted` says the delivery pass found them in order already. */
export async function* batchesByKey(
  path: string,
  from: number,
  to: number,
  sorted: boolean,
  options: SortOptions,
): AsyncGenerator<KeyedRecord[]> {
  const keyed = (records: FileRecord[]): KeyedRecord[] =>
    records.map((record) => ({ lineNumber: record.lineNumber, text: record.text, key: keyOf(record.text, from, to) }));
  if (sorted) {
    for await (const batch of fileRecordBatches(path)) {
      yield keyed(batch);
    }
    return;
  }
  const chunkChars = options.chunkChars ?? DEFAULT_CHUNK_CHARS;
  const folder = mkdtempSync(join(options.tempDir, 'benchline-cclf-sort-'));
  try {
    let chunk: KeyedRecord[] = [];
    let chars = 0;
    let runs: string[] = [];
    for await (const batch of fileRecordBatches(path)) {
      for (const record of keyed(batch)) {
        chunk.push(record);
        chars += record.text.length;
        if (chars >= chunkChars) {
          runs.push(await writeRun(folder, runs.length, inBatches(chunk.sort(compareRecords))));
          chunk = [];
          chars = 0;
        }
      }
    }
    if (runs.length === 0) {
      // The whole file fitted in one chunk: no run files at all.
      yield* inBatches(chunk.sort(compareRecords));
      return;
    }
    if (chunk.length > 0) {
      runs.push(await writeRun(folder, runs.length, inBatches(chunk.sort(compareRecords))));
    }
    chunk = [];
    let generation = 0;
    while (runs.length > MERGE_FAN_IN) {
      generation += 1;
      const merged: string[] = [];
      for (let i = 0; i < runs.length; i += MERGE_FAN_IN) {
        merged.push(
          await writeRun(
            folder,
            `${generation}-${merged.length}`,
            mergeRuns(runs.slice(i, i + MERGE_FAN_IN), from, to),
          ),
        );
      }
      runs.forEach((run) => rmSync(run, { force: true }));
      runs = merged;
    }
    yield* mergeRuns(runs, from, to);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

export function compareRecords(a: KeyedRecord, b: KeyedRecord): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : a.lineNumber - b.lineNumber;
}

function* inBatches(records: KeyedRecord[]): Generator<KeyedRecord[]> {
  for (let i = 0; i < records.length; i += BATCH) {
    yield records.slice(i, i + BATCH);
  }
}

/** A run file: each record as its line number (fixed width) and its text, one per line. */
async function writeRun(
  folder: string,
  name: number | string,
  batches: Iterable<KeyedRecord[]> | AsyncIterable<KeyedRecord[]>,
): Promise<string> {
  const path = join(folder, `run-${name}`);
  const out = createWriteStream(path, { encoding: 'latin1' });
  for await (const batch of batches) {
    let text = '';
    for (const record of batch) {
      text += `${String(record.lineNumber).padStart(LINE_NUMBER_DIGITS, '0')}${record.text}\n`;
    }
    if (!out.write(text)) {
      await once(out, 'drain');
    }
  }
  out.end();
  await once(out, 'finish');
  return path;
}

/** Reads a run file a batch at a time; `current` is its next record, undefined once it is spent. */
class RunCursor {
  private readonly batches: AsyncGenerator<FileRecord[]>;
  private buffer: FileRecord[] = [];
  private index = 0;
  current: KeyedRecord | undefined;

  constructor(
    path: string,
    private readonly from: number,
    private readonly to: number,
  ) {
    this.batches = fileRecordBatches(path);
  }

  /** Moves to the next buffered record; false when the buffer is spent and refill() must read on. */
  next(): boolean {
    const raw = this.buffer[this.index];
    if (raw === undefined) {
      return false;
    }
    this.index += 1;
    const text = raw.text.slice(LINE_NUMBER_DIGITS);
    this.current = {
      lineNumber: Number(raw.text.slice(0, LINE_NUMBER_DIGITS)),
      text,
      key: keyOf(text, this.from, this.to),
    };
    return true;
  }

  /** Reads the next batch and moves to its first record (current is undefined at the end of the run). */
  async refill(): Promise<void> {
    const next = await this.batches.next();
    this.buffer = next.done === true ? [] : next.value;
    this.index = 0;
    if (!this.next()) {
      this.current = undefined;
    }
  }
}

/** A k-way merge over sorted runs, with a binary heap of the runs by their next record. */
async function* mergeRuns(paths: readonly string[], from: number, to: number): AsyncGenerator<KeyedRecord[]> {
  const heap: RunCursor[] = [];
  const less = (a: RunCursor, b: RunCursor): boolean => compareRecords(a.current!, b.current!) < 0;
  const siftDown = (start: number): void => {
    let i = start;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < heap.length && less(heap[left]!, heap[smallest]!)) {
        smallest = left;
      }
      if (right < heap.length && less(heap[right]!, heap[smallest]!)) {
        smallest = right;
      }
      if (smallest === i) {
        return;
      }
      [heap[smallest], heap[i]] = [heap[i]!, heap[smallest]!];
      i = smallest;
    }
  };
  for (const path of paths) {
    const cursor = new RunCursor(path, from, to);
    await cursor.refill();
    if (cursor.current !== undefined) {
      heap.push(cursor);
    }
  }
  for (let i = (heap.length >> 1) - 1; i >= 0; i -= 1) {
    siftDown(i);
  }
  let out: KeyedRecord[] = [];
  while (heap.length > 0) {
    const top = heap[0]!;
    out.push(top.current!);
    if (out.length >= BATCH) {
      yield out;
      out = [];
    }
    if (!top.next()) {
      await top.refill();
    }
    if (top.current === undefined) {
      const last = heap.pop()!;
      if (heap.length > 0) {
        heap[0] = last;
      }
    }
    siftDown(0);
  }
  if (out.length > 0) {
    yield out;
  }
}
