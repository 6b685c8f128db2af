/**
 * Regenerates workers/reference/ from the project's shared data folder (the path is a required argument):
 *   pnpm exec tsx workers/scripts/vendor-reference.ts --from <shared data folder> [--check]
 * Copies the as-published files and recomputes the derived ones with the pure, tested functions of
 * src/reference/vendor-transforms.ts, so reruns write identical bytes; --check writes nothing and exits 1 on any
 * difference. The few sources the shared data folder lacks (CMS's V24 main and edit macros, KEPT_SOURCE_FILES) are
 * kept under workers/reference/ and read from there, never written. Provenance: workers/reference/SOURCES.md.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  COPIED_FILES,
  DERIVED_FILES,
  KEPT_SOURCE_FILES,
  VALUE_SET_FOLDER,
  deriveCcExclusions,
  deriveChronicHccs,
  deriveCmsHccCoefficients,
  deriveDirectReferenceCodes,
  deriveDxEdits,
  deriveHccHierarchies,
  deriveHccInteractions,
  deriveHccLabels,
  deriveIcd10HccMap,
  type CqlSourceFile,
} from '../src/reference/vendor-transforms.js';

/** The measures whose CQL declares the direct-reference codes the engines use (performance period 2026). */
const ECQM_MEASURE_FOLDERS = [
  'CMS122FHIRDiabetesAssessGreaterThan9Percent',
  'CMS125FHIRBreastCancerScreening',
  'CMS130FHIRColorectalCancerScreening',
  'CMS165FHIRControllingHighBloodPressure',
  'CMS2FHIRPCSDepressionScreenAndFollowUp',
];

const referenceRoot = fileURLToPath(new URL('../reference/', import.meta.url));

function main(): number {
  const { values } = parseArgs({
    options: { from: { type: 'string' }, check: { type: 'boolean', default: false } },
    strict: true,
  });
  if (values.from === undefined) {
    process.stderr.write('usage: vendor-reference.ts --from <path to the shared data folder> [--check]\n');
    return 2;
  }
  const sourceRoot = values.from;
  const outputs = new Map<string, Buffer>();

  for (const { target, source } of COPIED_FILES) {
    outputs.set(target, readFileSync(join(sourceRoot, source)));
  }
  const valueSetSource = join(sourceRoot, VALUE_SET_FOLDER.source);
  for (const fileName of readdirSync(valueSetSource).sort()) {
    if (fileName.endsWith('.json')) {
      outputs.set(`${VALUE_SET_FOLDER.target}/${fileName}`, readFileSync(join(valueSetSource, fileName)));
    }
  }
  const readText = (path: string): string => readFileSync(join(sourceRoot, path), 'utf8');
  const readKept = (path: string): string => readFileSync(join(referenceRoot, path), 'utf8');
  outputs.set(
    DERIVED_FILES.icd10HccMap.target,
    Buffer.from(deriveIcd10HccMap(readText(DERIVED_FILES.icd10HccMap.source))),
  );
  outputs.set(DERIVED_FILES.hccLabels.target, Buffer.from(deriveHccLabels(readText(DERIVED_FILES.hccLabels.source))));
  const { coefficients, hierarchies, interactions, ccExclusions, dxEdits, chronicHccs } = DERIVED_FILES;
  outputs.set(coefficients.target, Buffer.from(deriveCmsHccCoefficients(readText(coefficients.source))));
  outputs.set(
    hierarchies.target,
    Buffer.from(
      deriveHccHierarchies(
        { V24: readText(hierarchies.source.V24), V28: readText(hierarchies.source.V28) },
        readText(hierarchies.crossCheck),
      ),
    ),
  );
  outputs.set(
    interactions.target,
    Buffer.from(
      deriveHccInteractions({
        V24: readKept(interactions.keptSource.V24),
        V28: readText(interactions.source.V28),
      }),
    ),
  );
  outputs.set(
    ccExclusions.target,
    Buffer.from(
      deriveCcExclusions({ V24: readKept(ccExclusions.keptSource.V24), V28: readText(ccExclusions.source.V28) }),
    ),
  );
  outputs.set(
    dxEdits.target,
    Buffer.from(deriveDxEdits(readText(dxEdits.source), { V24: readKept(dxEdits.keptSource.V24) })),
  );
  outputs.set(
    chronicHccs.target,
    Buffer.from(deriveChronicHccs(readText(chronicHccs.source), readText(chronicHccs.labels))),
  );
  const cqlFiles: CqlSourceFile[] = [];
  for (const measure of ECQM_MEASURE_FOLDERS) {
    const folder = join(DERIVED_FILES.directReferenceCodes.source, measure, 'cql');
    for (const fileName of readdirSync(join(sourceRoot, folder)).sort()) {
      if (fileName.endsWith('.cql')) {
        cqlFiles.push({ path: join(folder, fileName), text: readText(join(folder, fileName)) });
      }
    }
  }
  outputs.set(DERIVED_FILES.directReferenceCodes.target, Buffer.from(deriveDirectReferenceCodes(cqlFiles)));

  for (const kept of Object.values(KEPT_SOURCE_FILES)) {
    if (outputs.has(kept)) {
      throw new Error(`${kept} is a kept source and must not be written`);
    }
  }
  return values.check ? check(outputs) : write(outputs);
}

function write(outputs: ReadonlyMap<string, Buffer>): number {
  // The value-set folder is rewritten whole so a value set dropped upstream does not linger.
  rmSync(join(referenceRoot, VALUE_SET_FOLDER.target), { recursive: true, force: true });
  for (const [target, bytes] of outputs) {
    const path = join(referenceRoot, target);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, bytes);
  }
  process.stdout.write(`vendor-reference: wrote ${outputs.size} files under ${referenceRoot}\n`);
  return 0;
}

function check(outputs: ReadonlyMap<string, Buffer>): number {
  const differing = [...outputs].filter(([target, bytes]) => {
    const path = join(referenceRoot, target);
    return !existsSync(path) || !readFileSync(path).equals(bytes);
  });
  const vendoredValueSets = readdirSync(join(referenceRoot, VALUE_SET_FOLDER.target)).filter(
    (name) => !outputs.has(`${VALUE_SET_FOLDER.target}/${name}`),
  );
  for (const [target] of differing) {
    process.stderr.write(`vendor-reference: ${target} differs from its source\n`);
  }
  for (const name of vendoredValueSets) {
    process.stderr.write(`vendor-reference: ${VALUE_SET_FOLDER.target}/${name} has no source\n`);
  }
  const ok = differing.length === 0 && vendoredValueSets.length === 0;
  process.stdout.write(
    `vendor-reference: ${outputs.size} files checked, ${ok ? 'all identical' : 'differences found'}\n`,
  );
  return ok ? 0 : 1;
}

process.exitCode = main();
