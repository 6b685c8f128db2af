/**
 * Where the vendored reference data lives: `workers/reference/`, beside the package's `src/` and `dist/`.
 * Resolving against this module's own URL makes the same relative path work from the TypeScript sources (tests,
 * tsx) and from the compiled output, because both sit one level below `workers/`.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The URL of a file or folder under `workers/reference/` (pass a path relative to that folder). */
export function referenceUrl(relativePath: string): URL {
  return new URL(`../../reference/${relativePath}`, import.meta.url);
}

/** The text of a vendored reference file. */
export function readReferenceText(relativePath: string): string {
  return readFileSync(referenceUrl(relativePath), 'utf8');
}

/** The file names in a vendored reference folder, sorted so every caller sees the same order. */
export function listReferenceFolder(relativePath: string): string[] {
  return readdirSync(fileURLToPath(referenceUrl(relativePath))).sort();
}
