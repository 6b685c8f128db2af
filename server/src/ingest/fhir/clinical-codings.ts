/**
 * Reading the codings of clinical CodeableConcepts: every coding in a system Benchline reads, normalised and
 * shape-checked for its system, with the pointer it came from. The eCQMs match a concept when any one of its
 * codings is in the value set (or `~` the code), so a clinical event keeps them all: the first readable coding
 * as `code`, the others as `additionalCodes`; secondary concepts (body site, not-done reason, discharge
 * disposition) as lists. Codings in other systems are skipped; a malformed code in a system we read is an issue.
 */
import type { CodeSystem, Coding } from '@benchline/shared';
import { canonicalSystemOf, codePatternOf, normalizeCode } from './code-systems.js';
import { codingsOf, type JsonObject, pointer } from './fhir-json.js';
import type { EventScope } from './mapping-scope.js';

/** A CodeableConcept with the pointer to it. */
export interface ConceptAt {
  readonly node: JsonObject | undefined;
  readonly path: string;
}

interface ReadCoding {
  readonly coding: Coding;
  readonly path: string;
}

/** The codings of the concepts in systems we read, in order, once each; malformed ones reported (`canonicalPath`). */
function readableCodings(
  concepts: readonly ConceptAt[],
  canonicalPath: string,
  scope: EventScope,
): { read: ReadCoding[]; malformed: boolean } {
  const out: ReadCoding[] = [];
  let malformed = false;
  for (const concept of concepts) {
    for (const found of codingsOf(concept.node, concept.path)) {
      const system = canonicalSystemOf(found.system);
      if (system === undefined || found.code === undefined) {
        continue;
      }
      const code = normalizeCode(system, found.code);
      if (!wellFormed(system, code)) {
        scope.fail(pointer(found.path, 'code'), 'pattern', `is not a well-formed ${system} code`, canonicalPath);
        malformed = true;
        continue;
      }
      if (!out.some((read) => read.coding.system === system && read.coding.code === code)) {
        out.push({ coding: { system, code }, path: found.path });
      }
    }
  }
  return { read: out, malformed };
}

function wellFormed(system: CodeSystem, code: string): boolean {
  const pattern = codePatternOf(system);
  return pattern === undefined || new RegExp(pattern).test(code);
}

function recordOrigin(scope: EventScope, canonicalPath: string, read: ReadCoding): void {
  scope.from(`${canonicalPath}/code`, pointer(read.path, 'code'));
  scope.from(`${canonicalPath}/system`, pointer(read.path, 'system'));
  scope.from(canonicalPath, read.path);
}

/**
 * The concept a clinical event (or its coded value) is coded by: its first coding in a system we read, at
 * `canonicalPath`, and every other one, at `additionalPath`. Reports `required` (no coding, or no code) or
 * `unsupported-code-system` (none in a system we read) against the first concept.
 */
export function conceptOf(
  concepts: readonly ConceptAt[],
  canonicalPath: string,
  additionalPath: string,
  scope: EventScope,
): { coding: Coding; additionalCodes?: Coding[] } | undefined {
  const { read, malformed } = readableCodings(concepts, canonicalPath, scope);
  const [primary, ...others] = read;
  if (malformed) {
    return undefined;
  }
  if (primary === undefined) {
    const first = concepts.flatMap((concept) => codingsOf(concept.node, concept.path))[0];
    const concept = concepts[0];
    if (first === undefined) {
      const path = concept?.node === undefined ? (concept?.path ?? '') : pointer(concept.path, 'coding');
      scope.fail(path, 'required', 'needs a coding', canonicalPath);
    } else if (canonicalSystemOf(first.system) === undefined) {
      scope.fail(
        pointer(first.path, 'system'),
        'unsupported-code-system',
        `${first.system ?? 'a coding without a system'} is not LOINC, SNOMED CT, ICD-10-CM/PCS, CPT, HCPCS, CVX, RxNorm or NDC`,
        canonicalPath,
      );
    } else {
      scope.fail(pointer(first.path, 'code'), 'required', 'a coding needs a code', canonicalPath);
    }
    return undefined;
  }
  recordOrigin(scope, canonicalPath, primary);
  if (others.length === 0) {
    return { coding: primary.coding };
  }
  others.forEach((read, index) => recordOrigin(scope, pointer(additionalPath, index), read));
  scope.from(additionalPath, concepts[0]?.path ?? '');
  return { coding: primary.coding, additionalCodes: others.map((read) => read.coding) };
}

/** Every coding of secondary concepts in systems we read (undefined when none), each with its origin recorded. */
export function codingsIn(
  concepts: readonly ConceptAt[],
  canonicalPath: string,
  scope: EventScope,
): Coding[] | undefined {
  const { read } = readableCodings(concepts, canonicalPath, scope);
  if (read.length === 0) {
    return undefined;
  }
  read.forEach((coding, index) => recordOrigin(scope, pointer(canonicalPath, index), coding));
  scope.from(canonicalPath, concepts[0]?.path ?? '');
  return read.map(({ coding }) => coding);
}
