/**
 * The CCLF section's memory check, run as a process of its own under a heap limit (cclf.ts starts it with
 * `--max-old-space-size`): parses the delivery in the folder it is given — check, sort, join, map, validate, store
 * nowhere — and prints `{"records":…,"seconds":…,"peakRssMiB":…}`. A delivery parsed under a heap much smaller than
 * the files is the bound shown, not asserted: a heap too small for the import would end this process with an
 * out-of-memory error instead.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importCclfDelivery, inMemoryMbiCrosswalkStore, openDelivery } from '@benchline/server';

const folder = process.argv[2];
if (folder === undefined) {
  process.stderr.write('usage: cclf-bounded-parse.ts <delivery folder>\n');
  process.exit(2);
}
const tempDir = mkdtempSync(join(tmpdir(), 'bench-cclf-bounded-'));
let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
try {
  const started = performance.now();
  let records = 0;
  for await (const result of importCclfDelivery(await openDelivery(folder), {
    tenantId: 'bench',
    store: async (units) => units.map(() => ({ status: 'accepted' as const, eventIds: [] })),
    crosswalkStore: inMemoryMbiCrosswalkStore(),
    tempDir,
  })) {
    records += result.records;
  }
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(`${JSON.stringify({ records, seconds, peakRssMiB: peakRss / 2 ** 20 })}\n`);
} finally {
  clearInterval(sampler);
  rmSync(tempDir, { recursive: true, force: true });
}
