/**
 * Rebuilds the CCLF parser's typed layout module (server/src/ingest/cclf/layout/cclf-layout.ts) from the vendored
 * field-position table beside it:
 *   pnpm exec tsx tools/scripts/vendor-cclf-layout.ts [--from <shared data folder>] [--check]
 * --from first copies `cclf/cclf_layout_v36_positions_verified_against_v38.csv` from the project's shared data folder
 * over the vendored cclf-layout.csv, byte for byte (a new Information Packet's table). The module is rendered by the
 * pure, tested renderLayoutModule and formatted as the repository's prettier would. --check writes nothing and exits
 * 1 when the module (or, with --from, the CSV) differs. Provenance: server/src/ingest/cclf/layout/SOURCES.md.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as prettier from 'prettier';
import { renderLayoutModule } from '../../server/src/ingest/cclf/layout/layout-csv.js';

const layoutFolder = fileURLToPath(new URL('../../server/src/ingest/cclf/layout/', import.meta.url));
const vendoredCsv = join(layoutFolder, 'cclf-layout.csv');
const modulePath = join(layoutFolder, 'cclf-layout.ts');

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { from: { type: 'string' }, check: { type: 'boolean', default: false } },
    strict: true,
  });
  const csv =
    values.from === undefined
      ? readFileSync(vendoredCsv)
      : readFileSync(join(values.from, 'cclf', 'cclf_layout_v36_positions_verified_against_v38.csv'));
  const options = (await prettier.resolveConfig(modulePath)) ?? {};
  const module = await prettier.format(renderLayoutModule(csv.toString('utf8')), { ...options, filepath: modulePath });

  const outputs: [string, Buffer][] = [[modulePath, Buffer.from(module)]];
  if (values.from !== undefined) {
    outputs.unshift([vendoredCsv, csv]);
  }
  if (values.check) {
    const stale = outputs.filter(([path, bytes]) => !safeRead(path)?.equals(bytes)).map(([path]) => path);
    for (const path of stale) {
      process.stderr.write(`out of date: ${path}\n`);
    }
    return stale.length > 0 ? 1 : 0;
  }
  for (const [path, bytes] of outputs) {
    writeFileSync(path, bytes);
    process.stdout.write(`wrote ${path}\n`);
  }
  return 0;
}

function safeRead(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

process.exitCode = await main();
