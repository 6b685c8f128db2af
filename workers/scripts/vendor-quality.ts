/**
 * Regenerates the quality-measure reference data and test fixtures from the project's shared data folder:
 *   pnpm exec tsx workers/scripts/vendor-quality.ts --from <shared data folder> [--check]
 * Derived files (workers/reference/quality/) come from the pure, tested transforms of
 * src/domain/measures/quality-reference.ts; the eCQM development test bundles are copied byte for byte into
 * src/domain/measures/__fixtures__/ecqm-2026/. --check writes nothing and exits 1 on any difference.
 * Provenance: workers/reference/quality/SOURCES.md and the fixtures' SOURCES.md.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  QUALITY_REFERENCE_FILES,
  deriveBenchmarks,
  derivePartBQualityCodes,
  deriveValueSetSupplements,
} from '../src/domain/measures/quality-reference.js';

const referenceRoot = fileURLToPath(new URL('../reference/', import.meta.url));
const fixtureRoot = fileURLToPath(new URL('../src/domain/measures/__fixtures__/ecqm-2026/', import.meta.url));

/** Where the eCQM development cases live in the shared data folder, and the files kept beside them. */
const ECQM_FOLDER = 'quality/ecqm-2026';
const FIXTURE_EXTRAS = ['expected_results_dev.csv', 'LICENSE.txt'];
/** Hand-written beside the copies; never compared. */
const HAND_WRITTEN = new Set(['SOURCES.md']);

type Outputs = Map<string, Buffer>;

function main(): number {
  const { values } = parseArgs({
    options: { from: { type: 'string' }, check: { type: 'boolean', default: false } },
    strict: true,
  });
  if (values.from === undefined) {
    process.stderr.write('usage: vendor-quality.ts --from <path to the shared data folder> [--check]\n');
    return 2;
  }
  const source = values.from;
  const readText = (path: string): string => readFileSync(join(source, path), 'utf8');

  const reference: Outputs = new Map();
  const files = QUALITY_REFERENCE_FILES;
  reference.set(
    files.partBQualityCodes.target,
    Buffer.from(derivePartBQualityCodes(readText(files.partBQualityCodes.source))),
  );
  reference.set(files.benchmarks.target, Buffer.from(deriveBenchmarks(readText(files.benchmarks.source))));
  const expansionFolder = files.valueSetSupplements.expansions;
  const expansions = readdirSync(join(source, expansionFolder))
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => readText(join(expansionFolder, name)));
  reference.set(
    files.valueSetSupplements.target,
    Buffer.from(deriveValueSetSupplements(expansions, readText(files.valueSetSupplements.source))),
  );

  const fixtures: Outputs = new Map();
  for (const measure of readdirSync(join(source, ECQM_FOLDER)).sort()) {
    const tests = join(source, ECQM_FOLDER, measure, 'tests');
    if (!existsSync(tests)) {
      continue;
    }
    for (const name of readdirSync(tests).sort()) {
      // madie-index.json lists test cases; it is not a bundle.
      if (name.endsWith('.json') && name !== 'madie-index.json') {
        fixtures.set(name, readFileSync(join(tests, name)));
      }
    }
  }
  for (const name of FIXTURE_EXTRAS) {
    fixtures.set(name, readFileSync(join(source, ECQM_FOLDER, name)));
  }

  const outputs: [string, Outputs][] = [
    [referenceRoot, reference],
    [fixtureRoot, fixtures],
  ];
  return values.check ? check(outputs) : write(outputs);
}

function write(outputs: readonly [string, Outputs][]): number {
  let count = 0;
  for (const [root, files] of outputs) {
    for (const [target, bytes] of files) {
      const path = join(root, target);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, bytes);
      count += 1;
    }
  }
  process.stdout.write(`vendor-quality: wrote ${count} files\n`);
  return 0;
}

function check(outputs: readonly [string, Outputs][]): number {
  let count = 0;
  let problems = 0;
  for (const [root, files] of outputs) {
    for (const [target, bytes] of files) {
      count += 1;
      const path = join(root, target);
      if (!existsSync(path) || !readFileSync(path).equals(bytes)) {
        process.stderr.write(`vendor-quality: ${join(root, target)} differs from its source\n`);
        problems += 1;
      }
    }
  }
  // A fixture dropped upstream must not linger.
  for (const name of readdirSync(fixtureRoot)) {
    if (!HAND_WRITTEN.has(name) && !(outputs[1]?.[1].has(name) ?? false)) {
      process.stderr.write(`vendor-quality: ${join(fixtureRoot, name)} has no source\n`);
      problems += 1;
    }
  }
  process.stdout.write(
    `vendor-quality: ${count} files checked, ${problems === 0 ? 'all identical' : 'differences found'}\n`,
  );
  return problems === 0 ? 0 : 1;
}

process.exitCode = main();
