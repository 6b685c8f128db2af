import { afterEach, describe, expect, it } from 'vitest';
import { VALID_EVENTS } from '../../../shared/src/validation/__fixtures__/valid-events.js';
import type { TextLine } from './bulk-ingest.js';
import { prepareCanonicalLine } from './line-preparation.js';
import { createLinePreparationPool, type LinePreparationPool } from './line-preparation-pool.js';

const texts = [
  ...Object.values(VALID_EVENTS).map((event) => JSON.stringify(event)),
  '{"kind":"claim"',
  '{"kind":"nope"}',
  '{"__proto__":{"x":1},"kind":"claim"}',
  JSON.stringify({ ...VALID_EVENTS.claim, diagnoses: ['e11.9', 'I50.23'] }), // normalised on the way
];
const lines: TextLine[] = texts.map((text, i) => ({ lineNumber: i + 1, text }));

describe('the line preparation pool', () => {
  const pools: LinePreparationPool[] = [];
  const poolOf = (options: Parameters<typeof createLinePreparationPool>[0]) => {
    const pool = createLinePreparationPool(options);
    pools.push(pool);
    return pool;
  };
  afterEach(async () => {
    await Promise.all(pools.splice(0).map((pool) => pool.close()));
  });

  it('answers every line on its threads exactly as on the event loop, batches in any number at once', async () => {
    const expected = texts.map((text) => prepareCanonicalLine(text, 'api'));
    expect(expected.filter((line) => 'error' in line)).toHaveLength(3);
    const warnings: unknown[] = [];
    const pool = poolOf({ threads: 2, warn: (details) => warnings.push(details) });
    const answers = await Promise.all([1, 2, 3, 4].map(() => pool.mapper('api')(lines)));
    for (const answer of answers) {
      expect(answer).toEqual(expected);
    }
    // Answered by the threads, not by the fallback here.
    expect(warnings).toEqual([]);
    expect(pool.threadsStarted()).toBe(2);
    expect(await poolOf({ threads: 0, warn: () => undefined }).mapper('api')(lines)).toEqual(expected);
  });

  it('marks each event with the feed its lines came by', async () => {
    const { source: _sent, ...unmarked } = VALID_EVENTS.claim;
    const marked = { ...VALID_EVENTS.claim, source: 'ehr' };
    const warnings: unknown[] = [];
    const answers = await poolOf({ threads: 1, warn: (details) => warnings.push(details) }).mapper('hie')([
      { lineNumber: 1, text: JSON.stringify(unmarked) },
      { lineNumber: 2, text: JSON.stringify(marked) },
    ]);
    expect(answers.map((line) => ('events' in line ? line.events[0]?.source : line.error))).toEqual(['hie', 'ehr']);
    expect(warnings).toEqual([]);
  });

  it('prepares the batches of a thread that dies on the event loop instead, and says so', async () => {
    const warnings: string[] = [];
    const pool = poolOf({
      threads: 1,
      warn: (_details, message) => warnings.push(message),
      threadEntry: new URL('./__fixtures__/exiting-thread.mjs', import.meta.url).href,
    });
    const answers = await Promise.all([pool.mapper('api')(lines), pool.mapper('api')(lines)]);
    const expected = texts.map((text) => prepareCanonicalLine(text, 'api'));
    expect(answers).toEqual([expected, expected]);
    expect(warnings).toEqual(['line preparation thread failed; preparing its lines here']);
    // A new thread takes the dead one's place for the next batch (and dies too: still answered).
    expect(await pool.mapper('api')(lines)).toEqual(expected);
  });

  it('prepares every line here when threads cannot be created, saying so once', async () => {
    const warnings: string[] = [];
    // A flag a thread may not be given (V8's heap sizes are per process): new Worker throws.
    const pool = poolOf({
      threads: 2,
      warn: (_details, message) => warnings.push(message),
      threadExecArgv: ['--max-semi-space-size=64'],
    });
    const expected = texts.map((text) => prepareCanonicalLine(text, 'api'));
    expect(await Promise.all([pool.mapper('api')(lines), pool.mapper('api')(lines)])).toEqual([expected, expected]);
    expect(await pool.mapper('api')(lines)).toEqual(expected);
    expect(warnings).toEqual(['line preparation threads cannot start; preparing every line here']);
    expect(pool.threadsStarted()).toBe(0);
  });
});
