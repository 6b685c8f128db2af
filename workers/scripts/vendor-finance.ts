/**
 * Regenerates the MSSP finance reference data (workers/reference/mssp/msr-sliding-scale.csv, track-parameters.csv,
 * track-parameters-notes.txt) from the project's shared data folder:
 *   pnpm exec tsx workers/scripts/vendor-finance.ts --from <shared data folder> [--check]
 * Copies are byte for byte; track-parameters.csv comes from the pure, tested `deriveTrackParameters`
 * (src/reference/finance.ts). --check writes nothing and exits 1 on any difference.
 * Provenance: workers/reference/mssp/SOURCES-finance.md.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { FINANCE_REFERENCE_FILES, deriveTrackParameters } from '../src/reference/finance.js';

const referenceRoot = fileURLToPath(new URL('../reference/', import.meta.url));

function main(): number {
  const { values } = parseArgs({
    options: { from: { type: 'string' }, check: { type: 'boolean', default: false } },
    strict: true,
  });
  if (values.from === undefined) {
    process.stderr.write('usage: vendor-finance.ts --from <path to the shared data folder> [--check]\n');
    return 2;
  }
  const source = values.from;
  const outputs = new Map<string, Buffer>();
  for (const file of FINANCE_REFERENCE_FILES) {
    const bytes = readFileSync(join(source, file.source));
    outputs.set(file.target, file.kind === 'copy' ? bytes : Buffer.from(deriveTrackParameters(bytes.toString('utf8'))));
  }
  return values.check ? check(outputs) : write(outputs);
}

function write(outputs: ReadonlyMap<string, Buffer>): number {
  for (const [target, bytes] of outputs) {
    const path = join(referenceRoot, target);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, bytes);
  }
  process.stdout.write(`vendor-finance: wrote ${outputs.size} files\n`);
  return 0;
}

function check(outputs: ReadonlyMap<string, Buffer>): number {
  let problems = 0;
  for (const [target, bytes] of outputs) {
    const path = join(referenceRoot, target);
    if (!existsSync(path) || !readFileSync(path).equals(bytes)) {
      process.stderr.write(`vendor-finance: ${path} differs from its source\n`);
      problems += 1;
    }
  }
  process.stdout.write(
    `vendor-finance: ${outputs.size} files checked, ${problems === 0 ? 'all identical' : 'differences found'}\n`,
  );
  return problems === 0 ? 0 : 1;
}

process.exitCode = main();
