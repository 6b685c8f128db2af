import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MERGE_FAN_IN, recordsByKey } from './external-sort.js';

const folder = mkdtempSync(join(tmpdir(), 'cclf-sort-test-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Lines keyed by their first four characters, with their position, in a scrambled order. */
function scrambled(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${String((i * 7919) % 97).padStart(4, '0')} line ${i}`);
}

async function sorted(
  lines: string[],
  chunkChars: number,
): Promise<{ key: string; lineNumber: number; text: string }[]> {
  const path = join(folder, `input-${lines.length}-${chunkChars}`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  const out = [];
  for await (const record of recordsByKey(path, 0, 4, false, { tempDir: folder, chunkChars })) {
    out.push(record);
  }
  return out;
}

function expected(lines: string[]): { key: string; lineNumber: number; text: string }[] {
  return lines
    .map((text, i) => ({ key: text.slice(0, 4), lineNumber: i + 1, text }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.lineNumber - b.lineNumber));
}

describe('records in key order, in bounded memory', () => {
  it('sorts a file that fits one chunk in memory, stably', async () => {
    const lines = scrambled(500);
    expect(await sorted(lines, 1_000_000)).toEqual(expected(lines));
  });

  it('sorts through run files when it does not, and leaves none behind', async () => {
    const lines = scrambled(2000);
    expect(await sorted(lines, 500)).toEqual(expected(lines));
    expect(readdirSync(folder).filter((name) => name.startsWith('benchline-cclf-sort-'))).toEqual([]);
  });

  it(`merges in more than one pass when there are more than ${MERGE_FAN_IN} runs`, async () => {
    const lines = scrambled(3000);
    // ~15 characters a line and 100 per chunk: about 450 runs, so two merge passes.
    expect(await sorted(lines, 100)).toEqual(expected(lines));
  });

  it('streams a file already in order without sorting it', async () => {
    const path = join(folder, 'in-order');
    writeFileSync(path, 'AAAA 1\n\nBBBB 2\r\nBBBB 3');
    const out = [];
    for await (const record of recordsByKey(path, 0, 4, true, { tempDir: folder })) {
      out.push([record.key, record.lineNumber, record.text]);
    }
    expect(out).toEqual([
      ['AAAA', 1, 'AAAA 1'],
      ['BBBB', 3, 'BBBB 2'],
      ['BBBB', 4, 'BBBB 3'],
    ]);
  });
});
