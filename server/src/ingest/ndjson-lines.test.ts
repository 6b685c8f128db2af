import { describe, expect, it } from 'vitest';
import { ndjsonLines, type NdjsonLine } from './ndjson-lines.js';

async function collect(chunks: (string | Buffer)[], max = 1000): Promise<NdjsonLine[]> {
  const out: NdjsonLine[] = [];
  for await (const line of ndjsonLines(
    (async function* () {
      yield* chunks;
    })(),
    max,
  )) {
    out.push(line);
  }
  return out;
}

describe('ndjsonLines', () => {
  it('splits on LF and CRLF across chunk boundaries, numbering lines and skipping blank ones', async () => {
    expect(await collect(['{"a":1}\r\n{"b"', ':2}\n\n  \n{"c":3}'])).toEqual([
      { lineNumber: 1, text: '{"a":1}' },
      { lineNumber: 2, text: '{"b":2}' },
      { lineNumber: 5, text: '{"c":3}' },
    ]);
  });

  it('keeps a multi-byte character split across chunks intact', async () => {
    const bytes = Buffer.from('{"name":"Zoë"}\n');
    const cut = bytes.indexOf(0xc3) + 1; // inside the two-byte ë
    expect(await collect([bytes.subarray(0, cut), bytes.subarray(cut)])).toEqual([
      { lineNumber: 1, text: '{"name":"Zoë"}' },
    ]);
  });

  it('reports an over-long line without holding it, and carries on with the next', async () => {
    const long = 'x'.repeat(30);
    expect(await collect([`${long.slice(0, 10)}`, `${long.slice(10)}\n{"ok":1}\n${long}`], 20)).toEqual([
      { lineNumber: 1, tooLong: true },
      { lineNumber: 2, text: '{"ok":1}' },
      { lineNumber: 3, tooLong: true },
    ]);
  });
});
