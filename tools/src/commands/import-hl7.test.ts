/**
 * The HL7 import's streaming: however a file's bytes arrive in chunks, the messages it yields are the ones the
 * server's splitter finds in the whole text (MLLP framing, batches, any segment ends), and text is decoded across
 * chunk boundaries — a UTF-8 character split between two chunks, a BOM dropped, bytes that are not UTF-8 refused.
 */
import { readFileSync } from 'node:fs';
import { splitHl7Messages } from '@benchline/server';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeChunks, Hl7FileError, hl7Blocks } from './import-hl7.js';

const fixture = (name: string): string =>
  readFileSync(new URL(`../../../server/src/ingest/hl7/__fixtures__/${name}`, import.meta.url), 'latin1');

async function* chunked(text: string, sizes: readonly number[]): AsyncGenerator<string> {
  let at = 0;
  let i = 0;
  while (at < text.length) {
    const size = Math.max(1, sizes[i % sizes.length] ?? 1);
    yield text.slice(at, at + size);
    at += size;
    i += 1;
  }
}

async function messagesOf(
  texts: AsyncIterable<string>,
  max?: number,
): Promise<{ messages: string[]; stray: number[] }> {
  const messages: string[] = [];
  const stray: number[] = [];
  for await (const block of hl7Blocks(texts, max)) {
    messages.push(...block.messages);
    stray.push(block.strayLines);
  }
  return { messages, stray };
}

async function decoded(chunks: Buffer[], charset: 'utf-8' | 'iso-8859-1' = 'utf-8'): Promise<string> {
  let text = '';
  for await (const piece of decodeChunks(
    (async function* () {
      yield* chunks;
    })(),
    charset,
  )) {
    text += piece;
  }
  return text;
}

const mllp = (message: string): string => `\u000b${message}\u001c\r`;

describe('hl7Blocks', () => {
  const body = [
    fixture('batch.hl7'),
    mllp(fixture('a01-admit.hl7')),
    fixture('a08-update.hl7').replaceAll('\r', '\r\n'),
    `  ${fixture('a03-discharge.hl7').replaceAll('\r', '\n')}`,
    fixture('a04-ed-register-v23.hl7'),
  ].join('');

  it('yields the messages the server splitter finds in the whole text, whatever the chunk sizes', async () => {
    const whole = splitHl7Messages(body).messages;
    expect(whole).toHaveLength(6);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 20 }), async (sizes) => {
        const { messages, stray } = await messagesOf(chunked(body, sizes));
        expect(messages).toEqual(whole);
        expect(stray.every((n) => n === 0)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('counts lines before the first message in the first block', async () => {
    const { messages, stray } = await messagesOf(chunked(`garbage\r${fixture('a01-admit.hl7')}`, [5]));
    expect(messages).toHaveLength(1);
    expect(stray[0]).toBe(1);
  });

  it('gives up on text that holds no next message within the limit', async () => {
    await expect(messagesOf(chunked('x'.repeat(5000), [100]), 1000)).rejects.toThrow(Hl7FileError);
    const long = `${fixture('a01-admit.hl7')}${'NTE|1||'.padEnd(3000, 'x')}\r${fixture('a08-update.hl7')}`;
    await expect(messagesOf(chunked(long, [100]), 2000)).rejects.toThrow(/a message longer than/);
  });
});

describe('decodeChunks', () => {
  it('joins a UTF-8 character split between chunks and drops a BOM', async () => {
    const bytes = Buffer.from('\uFEFFMSH|^~\\&|É', 'utf8');
    expect(await decoded([bytes.subarray(0, 4), bytes.subarray(4, bytes.length - 1), bytes.subarray(-1)])).toBe(
      'MSH|^~\\&|É',
    );
  });

  it('refuses bytes that are not UTF-8, and reads them byte for byte as ISO-8859-1', async () => {
    const latin1 = Buffer.from('PID|1||X^^^H^MR||MÜLLER', 'latin1');
    await expect(decoded([latin1])).rejects.toThrow(/not valid UTF-8.*--charset iso-8859-1/);
    await expect(decoded([Buffer.from([0x4d, 0xc3])])).rejects.toThrow(Hl7FileError);
    expect(await decoded([latin1], 'iso-8859-1')).toBe('PID|1||X^^^H^MR||MÜLLER');
  });
});
