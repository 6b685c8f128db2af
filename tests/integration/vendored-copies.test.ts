/**
 * Copies that must stay equal to what a vendored file says. Cross-package, so they live here; no Redis needed.
 *
 * The Quality page's decile table (client/src/quality/ssp-benchmarks-2026.ts) is a copy, for the browser, of the
 * Shared Savings Program rows the workers vendor (workers/reference/quality/mips-benchmarks-2026.csv, provenance in
 * its SOURCES.md); the client may not import workers code. This keeps the copy honest: it must equal what the vendored
 * file says, row by row.
 *
 * The CCLF parser's typed layout module (server/src/ingest/cclf/layout/cclf-layout.ts) is generated from the vendored
 * field-position table beside it (provenance in its SOURCES.md) by tools/scripts/vendor-cclf-layout.ts: it must be
 * exactly what the script writes from the table today.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import { describe, expect, it } from 'vitest';
import { renderLayoutModule } from '../../server/src/ingest/cclf/layout/layout-csv.js';
import { SSP_BENCHMARKS_2026 } from '../../client/src/quality/ssp-benchmarks-2026.js';

const VENDORED = new URL('../../workers/reference/quality/mips-benchmarks-2026.csv', import.meta.url);
const DECILES = [10, 20, 30, 40, 50, 60, 70, 80, 90] as const;

function sspRowsFromVendoredFile(): Record<string, unknown> {
  const [header = '', ...lines] = readFileSync(VENDORED, 'utf8').trim().split('\n');
  const columns = header.split(',');
  const rows: Record<string, unknown> = {};
  for (const line of lines) {
    const cells: Record<string, string> = {};
    line.split(',').forEach((cell, i) => (cells[columns[i] ?? ''] = cell));
    const measureId = String(cells.measure_id);
    if (!measureId.endsWith('SSP')) {
      continue;
    }
    const qualityId = measureId.slice(0, -'SSP'.length);
    const percentiles = Object.fromEntries(DECILES.map((d) => [d, Number(cells[`p${d}`])]));
    rows[qualityId] = {
      qualityId,
      performanceYear: Number(cells.performance_year),
      benchmarkYear: Number(cells.benchmark_year),
      inverse: cells.is_inverse === 'true',
      // CMS publishes some measures flat: each decile's cut-off is the decile itself.
      flat: DECILES.every((d) => percentiles[d] === d),
      percentiles,
    };
  }
  return rows;
}

describe("the client's copy of the 2026 SSP quality benchmarks", () => {
  it('equals the rows the workers vendor, for every measure the Quality page shows', () => {
    const vendored = sspRowsFromVendoredFile();
    for (const [qualityId, copy] of Object.entries(SSP_BENCHMARKS_2026)) {
      expect(copy, `quality ${qualityId}`).toEqual(vendored[qualityId]);
    }
    expect(Object.keys(SSP_BENCHMARKS_2026).sort()).toEqual(['001', '112', '113', '134', '236']);
  });
});

describe("the CCLF parser's layout module", () => {
  it('is what the vendoring script renders from the vendored field-position table', async () => {
    const folder = new URL('../../server/src/ingest/cclf/layout/', import.meta.url);
    const modulePath = fileURLToPath(new URL('cclf-layout.ts', folder));
    const options = (await prettier.resolveConfig(modulePath)) ?? {};
    const rendered = await prettier.format(
      renderLayoutModule(readFileSync(new URL('cclf-layout.csv', folder), 'utf8')),
      {
        ...options,
        filepath: modulePath,
      },
    );
    expect(readFileSync(modulePath, 'utf8')).toBe(rendered);
  });
});
