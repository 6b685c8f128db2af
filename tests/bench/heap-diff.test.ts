import { describe, expect, it } from 'vitest';
import {
  classKey,
  diffTotals,
  heapGrowth,
  MIN_STEADY_SAMPLES,
  readHeapSnapshot,
  retainerPath,
  settledHeap,
  shortestRetainers,
  slope,
  totalsByClass,
  warmUpMs,
  type HeapSnapshotJson,
} from './heap-diff.js';

const MB = 2 ** 20;
const minute = 60_000;
/** Samples every 30 s for `minutes`, bytes from `at(ms)`. */
const samples = (minutes: number, at: (ms: number) => number): [number, number][] =>
  Array.from({ length: minutes * 2 + 1 }, (_, i) => [i * 30_000, at(i * 30_000)]);

describe('slope', () => {
  it('is the least-squares slope, and 0 without two distinct times', () => {
    expect(
      slope([
        [0, 10],
        [10, 30],
        [20, 50],
      ]),
    ).toBe(2);
    expect(slope([[0, 1]])).toBe(0);
    expect(
      slope([
        [5, 1],
        [5, 2],
      ]),
    ).toBe(0);
  });
});

describe('warmUpMs', () => {
  it('is a minute, or a third of the run when that is longer', () => {
    expect(warmUpMs(2 * minute)).toBe(minute);
    expect(warmUpMs(3 * minute)).toBe(minute);
    expect(warmUpMs(12 * minute)).toBe(4 * minute);
  });
});

describe('heapGrowth', () => {
  it('leaves the warm-up out: a heap that only grows while warming up does not grow', () => {
    const growth = heapGrowth(
      samples(12, (ms) => 4 * MB + Math.min(ms, 3 * minute) * 10),
      warmUpMs(12 * minute),
    );
    expect(growth.steady).toBe(17);
    expect(growth.slopeMbPer24h).toBe(0);
    expect(growth.endsMb).toBe(0);
    expect(growth.mbPer24h).toBe(0);
  });

  it('extrapolates a steady leak to 24 h both ways, and judges on the larger', () => {
    // 1 KiB a minute is 1.40625 MB a day.
    const growth = heapGrowth(
      samples(12, (ms) => 4 * MB + (ms / minute) * 1024),
      warmUpMs(12 * minute),
    );
    expect(growth.slopeMbPer24h).toBeCloseTo(1.40625, 6);
    expect(growth.endsMbPer24h).toBeCloseTo(1.40625, 6);
    expect(growth.ends).toBe(5);
    // Means of minutes 4–6 and 10–12: six minutes apart.
    expect(growth.endsMb).toBeCloseTo((6 * 1024) / MB, 9);
    expect(growth.mbPer24h).toBeCloseTo(1.40625, 6);
  });

  it('does not let a sawtooth or a step hide growth: the larger estimate counts', () => {
    // Flat, then a 200 KiB step near the end: the fit sees part of it, the ends see all of it.
    const growth = heapGrowth(
      samples(12, (ms) => 4 * MB + (ms >= 10.5 * minute ? 200 * 1024 : 0)),
      warmUpMs(12 * minute),
    );
    expect(growth.endsMbPer24h).toBeGreaterThan(growth.slopeMbPer24h ?? Infinity);
    expect(growth.mbPer24h).toBe(growth.endsMbPer24h);
    expect(growth.mbPer24h).toBeGreaterThan(5);
  });

  it('gives no figure from too few samples after warm-up rather than a guess', () => {
    const short = heapGrowth(
      samples(0.5, () => 4 * MB),
      warmUpMs(0.5 * minute),
    );
    expect(short.steady).toBe(0);
    expect(short.mbPer24h).toBeNull();
    expect(short.slopeMbPer24h).toBeNull();
    const enough = heapGrowth(
      samples(12, () => 4 * MB),
      warmUpMs(12 * minute),
    );
    expect(enough.steady).toBeGreaterThanOrEqual(MIN_STEADY_SAMPLES);
    expect(enough.mbPer24h).toBe(0);
  });
});

describe('settledHeap', () => {
  const reader = (readings: number[]) => {
    let calls = 0;
    return {
      read: async () => readings[Math.min(calls++, readings.length - 1)] as number,
      calls: () => calls,
    };
  };

  it('reads again until two readings agree, and keeps the lowest', async () => {
    const r = reader([5_630_000, 5_071_000, 5_071_500, 9_000_000]);
    expect(await settledHeap(r.read)).toBe(5_071_000);
    expect(r.calls()).toBe(3);
  });

  it('stops after the first pair that agrees, and after `tries` readings at most', async () => {
    const agree = reader([5_000_000, 5_001_000, 4_000_000]);
    expect(await settledHeap(agree.read)).toBe(5_000_000);
    expect(agree.calls()).toBe(2);
    const never = reader([1_000_000, 2_000_000, 3_000_000, 4_000_000, 500]);
    expect(await settledHeap(never.read, 4)).toBe(1_000_000);
    expect(never.calls()).toBe(4);
  });
});

/**
 * A tiny snapshot in V8's format: root(0) → Window(1) → Array(2) → Thing(3), Thing(4); a weak edge root → Thing(5);
 * an extra strong path Window → Thing(4).
 */
function tinySnapshot(ids: number[], detachedDiv = false): HeapSnapshotJson {
  const strings = ['', 'Window', 'Array', 'Thing', 'items', 'weakRef', 'fav', 'HTMLDivElement', 'system / Code'];
  const type = { synthetic: 0, object: 1, native: 2, code: 3, array: 4 };
  // node: type, name, id, self_size, edge_count, trace_node_id, detachedness
  const nodes = [
    [type.synthetic, 0, ids[0], 0, 2, 0, 0],
    [type.object, 1, ids[1], 100, 3, 0, 0],
    [type.object, 2, ids[2], 32, 2, 0, 0],
    [type.object, 3, ids[3], 24, 0, 0, 0],
    [type.object, 3, ids[4], 24, 0, 0, 0],
    [type.object, 3, ids[5], 24, 0, 0, 0],
    [type.native, 7, ids[6], 64, 0, 0, detachedDiv ? 2 : 1],
    [type.code, 8, ids[7], 500, 0, 0, 0],
  ];
  const nf = 7;
  // edge: type, name_or_index, to_node (index * node field count)
  const edgeType = { element: 0, property: 1, weak: 2 };
  const edges = [
    [edgeType.element, 1, 1 * nf],
    [edgeType.weak, 5, 5 * nf],
    [edgeType.property, 4, 2 * nf],
    [edgeType.property, 6, 4 * nf],
    [edgeType.property, 0, 6 * nf],
    [edgeType.element, 0, 3 * nf],
    [edgeType.element, 1, 4 * nf],
  ];
  return {
    snapshot: {
      meta: {
        node_fields: ['type', 'name', 'id', 'self_size', 'edge_count', 'trace_node_id', 'detachedness'],
        node_types: [['synthetic', 'object', 'native', 'code', 'array']],
        edge_fields: ['type', 'name_or_index', 'to_node'],
        edge_types: [['element', 'property', 'weak']],
      },
    },
    nodes: nodes.flat() as number[],
    edges: edges.flat(),
    strings,
  };
}

describe('heap snapshots', () => {
  it('groups objects by constructor and the rest by kind', () => {
    expect(classKey('object', 'Chart')).toBe('Chart');
    expect(classKey('native', 'HTMLDivElement')).toBe('HTMLDivElement');
    expect(classKey('string', 'claims paid through')).toBe('(string)');
    expect(classKey('code', 'system / Code')).toBe('(code)');
    expect(classKey('closure', 'update')).toBe('(closure) update');
  });

  it('counts and diffs by class, marking detached DOM nodes', () => {
    const before = readHeapSnapshot(tinySnapshot([1, 3, 5, 7, 9, 11, 13, 15]));
    const after = readHeapSnapshot(tinySnapshot([1, 3, 5, 7, 9, 11, 13, 15], true));
    const totals = totalsByClass(before);
    expect(totals.get('Thing')).toEqual({ count: 3, bytes: 72 });
    expect(totals.get('(code)')).toEqual({ count: 1, bytes: 500 });
    expect(diffTotals(totals, totalsByClass(after))).toEqual([
      { key: 'HTMLDivElement', count: -1, bytes: -64 },
      { key: 'Detached HTMLDivElement', count: 1, bytes: 64 },
    ]);
    // Only the objects a filter accepts (say, those born since an earlier snapshot).
    expect(totalsByClass(before, (i) => i === 3 || i === 4).get('Thing')).toEqual({ count: 2, bytes: 48 });
  });

  it('names the shortest strong retainer path, and says when only a weak edge holds an object', () => {
    const graph = readHeapSnapshot(tinySnapshot([1, 3, 5, 7, 9, 11, 13, 15]));
    const retainers = shortestRetainers(graph);
    expect(retainerPath(graph, retainers, 3)).toBe('[1] Window → .items Array → [0] Thing');
    expect(retainerPath(graph, retainers, 4)).toBe('[1] Window → .fav Thing');
    expect(retainerPath(graph, retainers, 5)).toBe('Thing (weakly held)');
  });
});
