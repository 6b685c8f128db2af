/**
 * Splits a byte stream into NDJSON lines without buffering the whole body: LF or CRLF endings, UTF-8 safe
 * (a newline byte never occurs inside a multi-byte character), blank lines skipped but counted, a line
 * longer than the limit reported as too long (and skipped to its end) instead of growing memory without bound,
 * and a line that is not valid UTF-8 reported as such rather than decoded with replacement characters (NDJSON is
 * UTF-8: a name sent in Latin-1 must come back to its sender, not be stored as "Zo\uFFFD").
 */
import { isUtf8 } from 'node:buffer';

export type NdjsonLine =
  { lineNumber: number; text: string } | { lineNumber: number; tooLong: true } | { lineNumber: number; notUtf8: true };

export async function* ndjsonLines(
  chunks: AsyncIterable<Buffer | string>,
  maxLineBytes: number,
): AsyncGenerator<NdjsonLine> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let overflowing = false;
  let lineNumber = 0;

  const finish = (tail: Buffer): NdjsonLine | null => {
    lineNumber += 1;
    if (overflowing || pendingBytes + tail.length > maxLineBytes) {
      overflowing = false;
      pending = [];
      pendingBytes = 0;
      return { lineNumber, tooLong: true };
    }
    const bytes = pending.length === 0 ? tail : Buffer.concat([...pending, tail]);
    pending = [];
    pendingBytes = 0;
    const end = bytes.length > 0 && bytes[bytes.length - 1] === 0x0d ? bytes.length - 1 : bytes.length;
    if (!isUtf8(bytes.subarray(0, end))) {
      return { lineNumber, notUtf8: true };
    }
    const text = bytes.toString('utf8', 0, end);
    return text.trim().length === 0 ? null : { lineNumber, text };
  };

  for await (const raw of chunks) {
    const chunk = typeof raw === 'string' ? Buffer.from(raw) : raw;
    let start = 0;
    for (let newline = chunk.indexOf(0x0a, start); newline !== -1; newline = chunk.indexOf(0x0a, start)) {
      const line = finish(chunk.subarray(start, newline));
      if (line !== null) {
        yield line;
      }
      start = newline + 1;
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start);
      if (overflowing || pendingBytes + rest.length > maxLineBytes) {
        overflowing = true; // drop the bytes, remember the line is too long
        pending = [];
        pendingBytes = 0;
      } else {
        pending.push(Buffer.from(rest)); // copy: the caller may reuse its chunk buffer
        pendingBytes += rest.length;
      }
    }
  }
  if (pendingBytes > 0 || overflowing) {
    const line = finish(Buffer.alloc(0));
    if (line !== null) {
      yield line;
    }
  }
}
