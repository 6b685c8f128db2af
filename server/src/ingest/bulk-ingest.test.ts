import type { CanonicalEvent } from '@benchline/shared';
import { describe, expect, it } from 'vitest';
import type { IngestOutcome } from './event-ingest.js';
import { bulkIngest, countResult, emptySummary, mapLinesHere, type LineResult } from './bulk-ingest.js';
import type { NdjsonLine } from './ndjson-lines.js';

async function* linesOf(texts: string[]): AsyncGenerator<NdjsonLine> {
  for (const [i, text] of texts.entries()) {
    yield { lineNumber: i + 1, text };
  }
}

const event = (id: string): CanonicalEvent => ({
  kind: 'roster',
  contractId: 'c',
  memberId: id,
  asOf: '2026-01-01',
  months: [],
});

async function run(
  texts: string[],
  batch: number,
  store: (units: CanonicalEvent[][]) => Promise<IngestOutcome[]>,
): Promise<LineResult[]> {
  const results: LineResult[] = [];
  for await (const answered of bulkIngest(
    linesOf(texts),
    mapLinesHere((value) =>
      typeof value === 'object' && value !== null && 'id' in value
        ? { ok: true, events: [event(String(value.id))] }
        : { ok: false, issues: [{ path: '/id', reason: 'required', message: 'is required' }] },
    ),
    store,
    { batchEvents: batch, batchLines: 3 },
  )) {
    results.push(...answered);
  }
  return results;
}

describe('bulkIngest', () => {
  it('answers each line once, in order, storing valid lines a batch at a time', async () => {
    const batches: number[] = [];
    const results = await run(['{"id":1}', '{"x":1}', '{"id":3}', 'nope', '{"id":5}', '{"id":6}'], 2, async (units) => {
      batches.push(units.length);
      return units.map((_, i) => ({ status: 'accepted', eventIds: [`e${batches.length}-${i}`] }));
    });
    expect(results.map((r) => [r.line, r.status])).toEqual([
      [1, 'accepted'],
      [2, 'rejected'],
      [3, 'accepted'],
      [4, 'rejected'],
      [5, 'accepted'],
      [6, 'accepted'],
    ]);
    expect(batches).toEqual([2, 2]); // lines 1–3 hold two events, lines 4–6 two more
  });

  it('lets a mapper prepare each batch of parsed lines before mapping them', async () => {
    const prepared: unknown[][] = [];
    const results: LineResult[] = [];
    for await (const answered of bulkIngest(
      linesOf(['{"id":1}', 'oops', '{"id":3}']),
      mapLinesHere(
        () => ({ ok: true, events: [event('x')] }),
        async (values) => void prepared.push(values),
      ),
      async (units) => units.map(() => ({ status: 'accepted', eventIds: ['e'] })),
      { batchLines: 2 },
    )) {
      results.push(...answered);
    }
    expect(prepared).toEqual([[{ id: 1 }], [{ id: 3 }]]);
    expect(results.map((r) => r.status)).toEqual(['accepted', 'rejected', 'accepted']);
  });

  it('passes a refused line on with the store’s reason', async () => {
    const results = await run(['{"id":1}'], 10, async () => [
      { status: 'rejected', code: 'CONFLICT', message: 'other content' },
    ]);
    expect(results).toEqual([{ line: 1, status: 'rejected', error: { code: 'CONFLICT', message: 'other content' } }]);
  });
});

describe('bulkIngest when its lines stop with an error', () => {
  it('stores and answers every line read before it, batches already being stored included, then passes it on', async () => {
    async function* failing(): AsyncGenerator<NdjsonLine> {
      for (let i = 1; i <= 7; i += 1) {
        yield { lineNumber: i, text: `{"id":${i}}` };
      }
      throw new Error('the body is over the limit');
    }
    const stored: string[] = [];
    const results: LineResult[] = [];
    const run = async () => {
      for await (const answered of bulkIngest(
        failing(),
        mapLinesHere((value) => ({ ok: true, events: [event(String((value as { id: number }).id))] })),
        async (units) => {
          stored.push(...units.map((unit) => (unit[0] as { memberId: string }).memberId));
          return units.map(() => ({ status: 'accepted', eventIds: ['e'] }));
        },
        { batchLines: 3, maxInFlight: 4 },
      )) {
        results.push(...answered);
      }
    };
    await expect(run()).rejects.toThrow('the body is over the limit');
    expect(results.map((r) => r.line)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(stored).toEqual(['1', '2', '3', '4', '5', '6', '7']);
  });
});

describe('bulkIngest with a store that holds units for review', () => {
  it('answers a parked unit parked, with where it waits, and counts it apart', async () => {
    const results: LineResult[] = [];
    const summary = emptySummary();
    for await (const answered of bulkIngest(
      linesOf(['{"id":1}', '{"id":2}', '{"id":3}']),
      mapLinesHere((value) => ({ ok: true, events: [event(String((value as { id: number }).id))] })),
      async (units) =>
        units.map((unit) =>
          (unit[0] as { memberId: string }).memberId === '2'
            ? { status: 'parked' as const, eventIds: [], review: { id: '0123456789abcdef', reason: 'no-match' } }
            : { status: 'accepted' as const, eventIds: ['e'] },
        ),
    )) {
      for (const result of answered) {
        results.push(result);
        countResult(summary, result);
      }
    }
    expect(results).toEqual([
      { line: 1, status: 'accepted', eventIds: ['e'] },
      { line: 2, status: 'parked', eventIds: [], review: { id: '0123456789abcdef', reason: 'no-match' } },
      { line: 3, status: 'accepted', eventIds: ['e'] },
    ]);
    expect(summary).toEqual({ lines: 3, accepted: 2, duplicate: 0, rejected: 0, parked: 1 });
  });
});

describe('bulkIngest when a store fails', () => {
  it('passes the failure to its reader once that batch is due, never as an unhandled rejection', async () => {
    const texts = Array.from({ length: 9 }, (_, i) => `{"id":${i + 1}}`);
    let calls = 0;
    const answered: LineResult[] = [];
    const run = async () => {
      for await (const results of bulkIngest(
        linesOf(texts),
        mapLinesHere((value) => ({ ok: true, events: [event(String((value as { id: number }).id))] })),
        async (units) => {
          calls += 1;
          if (calls === 2) {
            throw new Error('the store broke');
          }
          // The broken batch fails while the first is still being stored.
          await new Promise((resolve) => setTimeout(resolve, 20));
          return units.map(() => ({ status: 'accepted' as const, eventIds: ['e'] }));
        },
        { batchLines: 3, maxInFlight: 4 },
      )) {
        answered.push(...results);
      }
    };
    await expect(run()).rejects.toThrow('the store broke');
    expect(answered.map((r) => r.line)).toEqual([1, 2, 3]);
  });
});
