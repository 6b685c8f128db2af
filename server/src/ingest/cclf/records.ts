/**
 * Records of a CCLF file, streamed: one line at a time, never the file. Characters are read as Latin-1, one byte
 * one character, so a position in the packet's layout is a position in the line whatever bytes a name holds. LF
 * or CRLF endings; lines that are empty or blank are not records (BCDA's importer skips them too) but are counted,
 * so a line number is the line an editor shows. A line longer than any CCLF record can be (a file without line
 * breaks) is cut at MAX_RECORD_CHARS + 1 characters — enough for its length to be reported — and the rest of it
 * skipped, so memory stays bounded whatever the file holds.
 */
import { createReadStream } from 'node:fs';

export interface FileRecord {
  /** 1-based line number in the file. */
  lineNumber: number;
  text: string;
}

/** The longest CCLF record is 549 characters (CCLF8); no line worth reading is longer than this. */
export const MAX_RECORD_CHARS = 4096;

/** The records of a file, one at a time. */
export async function* fileRecords(path: string): AsyncGenerator<FileRecord> {
  for await (const batch of fileRecordBatches(path)) {
    yield* batch;
  }
}

/**
 * The records of a file in batches (those of one read of the file, about 256 KB): the hot paths iterate batches,
 * as an asynchronous step per record would cost more than reading it.
 */
export async function* fileRecordBatches(path: string): AsyncGenerator<FileRecord[]> {
  let pending = '';
  let lineNumber = 0;
  let skipping = false;
  const stream = createReadStream(path, { encoding: 'latin1', highWaterMark: 256 * 1024 });
  for await (const chunk of stream as AsyncIterable<string>) {
    const text = pending === '' ? chunk : pending + chunk;
    const batch: FileRecord[] = [];
    let start = 0;
    for (let newline = text.indexOf('\n', start); newline !== -1; newline = text.indexOf('\n', start)) {
      lineNumber += 1;
      const end = newline > start && text.charCodeAt(newline - 1) === 13 ? newline - 1 : newline;
      if (skipping) {
        skipping = false; // the end of an overlong line already reported
      } else if (!isBlank(text, start, end)) {
        batch.push({ lineNumber, text: text.slice(start, Math.min(end, start + MAX_RECORD_CHARS + 1)) });
      }
      start = newline + 1;
    }
    pending = text.slice(start);
    if (pending.length > MAX_RECORD_CHARS && !skipping) {
      batch.push({ lineNumber: lineNumber + 1, text: pending.slice(0, MAX_RECORD_CHARS + 1) });
      skipping = true;
    }
    if (batch.length > 0) {
      yield batch;
    }
    if (skipping) {
      pending = '';
    }
  }
  if (pending.length > 0 && !skipping) {
    lineNumber += 1;
    const end = pending.endsWith('\r') ? pending.length - 1 : pending.length;
    if (!isBlank(pending, 0, end)) {
      yield [{ lineNumber, text: pending.slice(0, end) }];
    }
  }
}

function isBlank(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i += 1) {
    const code = text.charCodeAt(i);
    if (code !== 32 && code !== 9) {
      return false;
    }
  }
  return true;
}
