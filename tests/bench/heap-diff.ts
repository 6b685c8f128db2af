/**
 * What the wall's heap holds and what it gains over a run. Two parts:
 *
 * - Pure helpers (unit-tested in heap-diff.test.ts): the growth estimate client.ts reports (a least-squares slope
 *   and the growth between the means of the first and last samples after warm-up), and a reader of V8 heap
 *   snapshots that counts objects and bytes by constructor, diffs two snapshots, and gives the shortest retainer
 *   path from the GC roots to an object.
 * - A script that takes snapshots of a running wall (the same run as `pnpm bench client`) and prints what grew:
 *
 *     tsx --conditions=@benchline/source tests/bench/heap-diff.ts [minute …]   (default: 3 10)
 *
 *   Snapshots go to $HEAP_DIFF_DIR (default /tmp/wall-heap) as <minute>.heapsnapshot, to open in DevTools too.
 *   HEAP_DIFF_DIST points it at another client build (an unminified one names constructors:
 *   `pnpm exec vite build client --minify false --outDir /tmp/wall-dist`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { CDPSession } from 'playwright-core';

// ── Growth over a run ─────────────────────────────────────────────────────────────────────────────────────────────

const DAY_MS = 86_400_000;
const MB = 2 ** 20;

/** Least-squares slope of (ms, bytes) samples, in bytes per ms. */
export function slope(samples: readonly (readonly [number, number])[]): number {
  const n = samples.length;
  if (n < 2) {
    return 0;
  }
  const mx = samples.reduce((s, [x]) => s + x, 0) / n;
  const my = samples.reduce((s, [, y]) => s + y, 0) / n;
  const sxy = samples.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const sxx = samples.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return sxx === 0 ? 0 : sxy / sxx;
}

/** The warm-up left out of the fit: a minute, or a third of the run when that is longer. */
export const warmUpMs = (runMs: number): number => Math.max(60_000, runMs / 3);

export interface HeapGrowth {
  warmUpMs: number;
  /** Samples after warm-up. */
  steady: number;
  /** Samples averaged at each end for `endsMb`/`endsMbPer24h`. */
  ends: number;
  /** The least-squares slope after warm-up, extrapolated to 24 h, in MB. */
  slopeMbPer24h: number | null;
  /** Mean of the last `ends` samples minus the mean of the first `ends` after warm-up, in MB … */
  endsMb: number | null;
  /** … and that growth over the time between the two groups, extrapolated to 24 h. */
  endsMbPer24h: number | null;
  /** What the target is checked against: the larger of the two rates (null when too few samples to say). */
  mbPer24h: number | null;
}

/** Fewer samples than this after warm-up cannot tell growth from noise: no figure rather than a made-up one. */
export const MIN_STEADY_SAMPLES = 6;

/**
 * The growth of (ms, bytes) samples after `warmUp` ms. Both estimates are reported; the target is judged on the
 * larger, so neither a sawtooth that flatters the fit nor a lucky pair of ends passes a leak.
 */
export function heapGrowth(samples: readonly (readonly [number, number])[], warmUp: number): HeapGrowth {
  const steady = samples.filter(([ms]) => ms >= warmUp);
  const ends = Math.max(2, Math.min(5, Math.floor(steady.length / 3)));
  if (steady.length < MIN_STEADY_SAMPLES) {
    return {
      warmUpMs: warmUp,
      steady: steady.length,
      ends,
      slopeMbPer24h: null,
      endsMb: null,
      endsMbPer24h: null,
      mbPer24h: null,
    };
  }
  const mean = (values: readonly (readonly [number, number])[], i: 0 | 1): number =>
    values.reduce((s, v) => s + v[i], 0) / values.length;
  const first = steady.slice(0, ends);
  const last = steady.slice(-ends);
  const endsBytes = mean(last, 1) - mean(first, 1);
  const span = mean(last, 0) - mean(first, 0);
  const slopeMbPer24h = (slope(steady) * DAY_MS) / MB;
  const endsMbPer24h = span <= 0 ? 0 : (endsBytes / span) * (DAY_MS / MB);
  return {
    warmUpMs: warmUp,
    steady: steady.length,
    ends,
    slopeMbPer24h,
    endsMb: endsBytes / MB,
    endsMbPer24h,
    mbPer24h: Math.max(slopeMbPer24h, endsMbPer24h),
  };
}

/**
 * The used heap once garbage is really gone. One forced GC sometimes leaves about half a megabyte that the next one
 * frees (seen on Chromium: readings alternating 5.07 / 5.63 MB at the same moment), which as a sawtooth in the
 * samples swamps a growth of a few KB a minute. So: collect and read until two readings agree within `toleranceBytes`
 * (at most `tries` times), and keep the lowest.
 */
export async function settledHeap(
  collectAndRead: () => Promise<number>,
  tries = 4,
  toleranceBytes = 4096,
): Promise<number> {
  let lowest = await collectAndRead();
  let previous = lowest;
  for (let i = 1; i < tries; i += 1) {
    const next = await collectAndRead();
    lowest = Math.min(lowest, next);
    if (Math.abs(next - previous) <= toleranceBytes) {
      break;
    }
    previous = next;
  }
  return lowest;
}

// ── Heap snapshots ────────────────────────────────────────────────────────────────────────────────────────────────

/** The parts of a .heapsnapshot this reads. */
export interface HeapSnapshotJson {
  snapshot: {
    meta: {
      node_fields: string[];
      node_types: [string[], ...unknown[]];
      edge_fields: string[];
      edge_types: [string[], ...unknown[]];
    };
  };
  nodes: number[];
  edges: number[];
  strings: string[];
}

export interface HeapGraph {
  count: number;
  /** Per node (by index): its V8 id, node type, class key, self size, first edge index. */
  ids: number[];
  types: string[];
  classes: string[];
  sizes: number[];
  firstEdge: number[];
  edgeCount: number[];
  /** Per edge: type name, name (property or index), target node index. */
  edgeTypes: string[];
  edgeNames: string[];
  edgeTo: number[];
  /** Whether a native (DOM) node is detached from the document. */
  detached: boolean[];
}

const GROUPED_BY_TYPE = new Set(['string', 'concatenated string', 'sliced string', 'number', 'code', 'object shape']);

/** The class a node counts under: its constructor for objects, "(closure) name", "(string)", "(array) name"… */
export function classKey(type: string, name: string): string {
  if (type === 'object' || type === 'native') {
    return name;
  }
  if (GROUPED_BY_TYPE.has(type)) {
    return `(${type})`;
  }
  return `(${type}) ${name.length > 60 ? `${name.slice(0, 60)}…` : name}`;
}

export function readHeapSnapshot(json: HeapSnapshotJson): HeapGraph {
  const { meta } = json.snapshot;
  const nf = meta.node_fields.length;
  const ef = meta.edge_fields.length;
  const at = (fields: string[], name: string): number => {
    const i = fields.indexOf(name);
    if (i === -1) {
      throw new Error(`heap snapshot without ${name}`);
    }
    return i;
  };
  const [nType, nName, nId, nSize, nEdges] = ['type', 'name', 'id', 'self_size', 'edge_count'].map((f) =>
    at(meta.node_fields, f),
  ) as [number, number, number, number, number];
  const nDetached = meta.node_fields.indexOf('detachedness');
  const [eType, eName, eTo] = ['type', 'name_or_index', 'to_node'].map((f) => at(meta.edge_fields, f)) as [
    number,
    number,
    number,
  ];
  const nodeTypes = meta.node_types[0];
  const edgeTypeNames = meta.edge_types[0];
  const count = json.nodes.length / nf;
  const graph: HeapGraph = {
    count,
    ids: [],
    types: [],
    classes: [],
    sizes: [],
    firstEdge: [],
    edgeCount: [],
    edgeTypes: [],
    edgeNames: [],
    edgeTo: [],
    detached: [],
  };
  let edge = 0;
  for (let i = 0; i < count; i += 1) {
    const base = i * nf;
    const type = nodeTypes[json.nodes[base + nType] as number] ?? 'unknown';
    const name = json.strings[json.nodes[base + nName] as number] ?? '';
    graph.ids.push(json.nodes[base + nId] as number);
    graph.types.push(type);
    graph.classes.push(classKey(type, name));
    graph.sizes.push(json.nodes[base + nSize] as number);
    graph.firstEdge.push(edge);
    const edges = json.nodes[base + nEdges] as number;
    graph.edgeCount.push(edges);
    graph.detached.push(nDetached !== -1 && json.nodes[base + nDetached] === 2);
    edge += edges;
  }
  for (let e = 0; e < json.edges.length; e += ef) {
    const type = edgeTypeNames[json.edges[e + eType] as number] ?? 'unknown';
    const raw = json.edges[e + eName] as number;
    graph.edgeTypes.push(type);
    graph.edgeNames.push(type === 'element' || type === 'hidden' ? `[${raw}]` : (json.strings[raw] ?? String(raw)));
    graph.edgeTo.push((json.edges[e + eTo] as number) / nf);
  }
  return graph;
}

/**
 * Self bytes by what they are: `code` is V8's compiled code and bytecode (bounded by the functions the page has
 * loaded — it grows while hot functions are optimised, then levels off), `native` the browser's own objects (DOM,
 * layout, performance entries' backing), `js` every other JavaScript object, string and array.
 */
export function heapBreakdown(graph: HeapGraph): { code: number; js: number; native: number } {
  const totals = { code: 0, js: 0, native: 0 };
  for (let i = 0; i < graph.count; i += 1) {
    const type = graph.types[i] as string;
    const size = graph.sizes[i] as number;
    if (type === 'code') {
      totals.code += size;
    } else if (type === 'native') {
      totals.native += size;
    } else {
      totals.js += size;
    }
  }
  return totals;
}

export interface ClassTotals {
  count: number;
  bytes: number;
}

/** Objects and self bytes by class, optionally only of the nodes `include` accepts (by index). */
export function totalsByClass(graph: HeapGraph, include?: (node: number) => boolean): Map<string, ClassTotals> {
  const totals = new Map<string, ClassTotals>();
  for (let i = 0; i < graph.count; i += 1) {
    if (include !== undefined && !include(i)) {
      continue;
    }
    const key = (graph.detached[i] ? 'Detached ' : '') + (graph.classes[i] as string);
    const entry = totals.get(key) ?? { count: 0, bytes: 0 };
    entry.count += 1;
    entry.bytes += graph.sizes[i] as number;
    totals.set(key, entry);
  }
  return totals;
}

export interface ClassDelta {
  key: string;
  count: number;
  bytes: number;
}

/** Classes whose count or bytes changed from `before` to `after`, the largest byte change first. */
export function diffTotals(before: Map<string, ClassTotals>, after: Map<string, ClassTotals>): ClassDelta[] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  const deltas: ClassDelta[] = [];
  for (const key of keys) {
    const a = before.get(key) ?? { count: 0, bytes: 0 };
    const b = after.get(key) ?? { count: 0, bytes: 0 };
    if (a.count !== b.count || a.bytes !== b.bytes) {
      deltas.push({ key, count: b.count - a.count, bytes: b.bytes - a.bytes });
    }
  }
  return deltas.sort((x, y) => Math.abs(y.bytes) - Math.abs(x.bytes) || Math.abs(y.count) - Math.abs(x.count));
}

/**
 * For every node, the edge by which it is first reached in a breadth-first walk from the root over strong edges
 * (-1 for the root and for what only weak edges reach): the shortest retainer path, as DevTools shows first.
 */
export function shortestRetainers(graph: HeapGraph): { parentEdge: Int32Array; parentNode: Int32Array } {
  const parentEdge = new Int32Array(graph.count).fill(-1);
  const parentNode = new Int32Array(graph.count).fill(-1);
  const seen = new Uint8Array(graph.count);
  const queue = new Int32Array(graph.count);
  let head = 0;
  let tail = 0;
  queue[tail++] = 0;
  seen[0] = 1;
  while (head < tail) {
    const node = queue[head++] as number;
    const first = graph.firstEdge[node] as number;
    for (let e = first; e < first + (graph.edgeCount[node] as number); e += 1) {
      if (graph.edgeTypes[e] === 'weak') {
        continue;
      }
      const to = graph.edgeTo[e] as number;
      if (seen[to] === 0) {
        seen[to] = 1;
        parentEdge[to] = e;
        parentNode[to] = node;
        queue[tail++] = to;
      }
    }
  }
  return { parentEdge, parentNode };
}

/** "Window.foo → Array[3] → Object": the path from the root to `node`, root side first. */
export function retainerPath(
  graph: HeapGraph,
  retainers: { parentEdge: Int32Array; parentNode: Int32Array },
  node: number,
  maxSteps = 14,
): string {
  const steps: string[] = [];
  let at = node;
  while (at > 0 && steps.length < maxSteps) {
    const edge = retainers.parentEdge[at] as number;
    if (edge === -1) {
      steps.push(`${graph.classes[at]} (weakly held)`);
      break;
    }
    const name = graph.edgeNames[edge] as string;
    steps.push(`${name.startsWith('[') ? name : `.${name}`} ${graph.classes[at]}`);
    at = retainers.parentNode[at] as number;
  }
  return steps.reverse().join(' → ');
}

// ── The script ────────────────────────────────────────────────────────────────────────────────────────────────────

/** A heap snapshot of the page, its chunks collected over CDP (the snapshot collects garbage first). */
export async function takeSnapshot(cdp: CDPSession): Promise<HeapSnapshotJson> {
  const chunks: string[] = [];
  const onChunk = ({ chunk }: { chunk: string }): void => void chunks.push(chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false, captureNumericValue: false });
  cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  return JSON.parse(chunks.join('')) as HeapSnapshotJson;
}

function printDeltas(title: string, deltas: readonly ClassDelta[], limit = 25): void {
  process.stdout.write(`\n${title}\n`);
  for (const d of deltas.slice(0, limit)) {
    process.stdout.write(
      `  ${(d.bytes >= 0 ? '+' : '') + d.bytes.toLocaleString('en-US')} B`.padEnd(18) +
        `${(d.count >= 0 ? '+' : '') + d.count}`.padStart(8) +
        `  ${d.key}\n`,
    );
  }
}

async function main(): Promise<void> {
  const minutes = process.argv
    .slice(2)
    .filter((a) => a !== '--')
    .map(Number)
    .filter((m) => Number.isFinite(m) && m >= 0);
  const at = (minutes.length >= 2 ? minutes : [3, 10]).sort((a, b) => a - b);
  const dir = process.env.HEAP_DIFF_DIR ?? '/tmp/wall-heap';
  mkdirSync(dir, { recursive: true });
  const { startWallRun } = await import('./client.js');
  const run = await startWallRun(process.env.HEAP_DIFF_DIST);
  const graphs: HeapGraph[] = [];
  try {
    const started = Date.now();
    run.startFeed();
    for (const minute of at) {
      const wait = started + minute * 60_000 - Date.now();
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, wait)));
      const used = await run.heap();
      const json = await takeSnapshot(run.cdp);
      writeFileSync(`${dir}/${minute}.heapsnapshot`, JSON.stringify(json));
      graphs.push(readHeapSnapshot(json));
      process.stdout.write(
        `minute ${minute}: used ${(used / MB).toFixed(2)} MB, ${graphs.at(-1)?.count} nodes, ${run.claims()} claims\n`,
      );
    }
  } finally {
    await run.close();
  }
  const first = graphs[0] as HeapGraph;
  const last = graphs.at(-1) as HeapGraph;
  printDeltas(
    `By class, minute ${at[0]} → minute ${at.at(-1)}:`,
    diffTotals(totalsByClass(first), totalsByClass(last)),
  );

  // Objects born after the first snapshot and still alive at the last: what accumulates.
  const before = new Set(first.ids);
  const born = (i: number): boolean => !before.has(last.ids[i] as number);
  const bornTotals = totalsByClass(last, born);
  const newest = diffTotals(new Map(), bornTotals);
  printDeltas(`Born after minute ${at[0]}, alive at minute ${at.at(-1)}:`, newest);

  // With three or more snapshots: born between the first two, still alive at the last (the three-snapshot method).
  if (graphs.length >= 3) {
    const second = new Set((graphs[1] as HeapGraph).ids);
    const survivors = totalsByClass(last, (i) => born(i) && second.has(last.ids[i] as number));
    printDeltas(
      `Born between minute ${at[0]} and ${at[1]}, alive at minute ${at.at(-1)}:`,
      diffTotals(new Map(), survivors),
    );
  }

  const retainers = shortestRetainers(last);
  const paths = new Map<string, number>();
  for (let i = 0; i < last.count; i += 1) {
    if (born(i) && (last.sizes[i] as number) > 0) {
      const path = retainerPath(last, retainers, i)
        .replace(/\[\d+\]/g, '[n]')
        .replace(/@\d+/g, '');
      paths.set(path, (paths.get(path) ?? 0) + 1);
    }
  }
  process.stdout.write('\nRetainer paths of the objects born since the first snapshot (most common first):\n');
  for (const [path, n] of [...paths].sort((a, b) => b[1] - a[1]).slice(0, 30)) {
    process.stdout.write(`  ${String(n).padStart(6)}  ${path}\n`);
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
}
