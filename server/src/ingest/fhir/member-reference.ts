/**
 * Which member a resource is about. An MBI (`http://hl7.org/fhir/sid/us-mbi`) on the resource itself or on the
 * reference wins; otherwise the reference is looked up in the caller's crosswalk of Patient ids; otherwise the
 * reference is unresolved. BFD's `mbi-hash` identifier is a hash and is never read as an MBI.
 */
import { SYSTEM } from './code-systems.js';
import { type JsonObject, objectAt, objectsAt, pointer, stringAt } from './fhir-json.js';
import type { EventScope } from './mapping-scope.js';

/** An MBI found on an identifier, with the pointer to its value. */
export interface FoundMbi {
  readonly mbi: string;
  readonly path: string;
}

/**
 * The current MBI among identifiers (each with its own pointer): the one BFD marks `current`
 * (identifier-currency), else one whose period has not ended, else one not marked historic, else the first —
 * beneficiaries keep their old MBIs as history.
 */
export function mbiAmong(identifiers: readonly { node: JsonObject; path: string }[]): FoundMbi | undefined {
  const candidates = identifiers
    .filter(({ node }) => stringAt(node, 'system') === SYSTEM.mbi && (stringAt(node, 'value') ?? '').trim() !== '')
    .map(({ node, path }) => ({
      node,
      found: { mbi: (stringAt(node, 'value') ?? '').trim(), path: pointer(path, 'value') },
    }));
  const current = candidates.find(({ node }) => currencyOf(node) === 'current');
  const open = candidates.find(
    ({ node }) => objectAt(node, 'period') !== undefined && stringAt(objectAt(node, 'period'), 'end') === undefined,
  );
  const notHistoric = candidates.find(({ node }) => currencyOf(node) !== 'historic');
  return (current ?? open ?? notHistoric ?? candidates[0])?.found;
}

/** The current MBI among the `identifier` array of a resource at `path`. */
export function mbiOfResource(resource: JsonObject, path = ''): FoundMbi | undefined {
  return mbiAmong(
    objectsAt(resource, 'identifier').map(({ node, index }) => ({ node, path: pointer(path, 'identifier', index) })),
  );
}

function currencyOf(identifier: JsonObject): string | undefined {
  for (const { node: coding } of objectsAt(objectAt(identifier, 'type'), 'coding')) {
    for (const { node: extension } of objectsAt(coding, 'extension')) {
      if ((stringAt(extension, 'url') ?? '').endsWith('identifier-currency')) {
        return stringAt(objectAt(extension, 'valueCoding'), 'code');
      }
    }
  }
  return undefined;
}

/** The logical id of a `Patient/<id>` reference (also inside an absolute URL, a `_history` suffix dropped). */
export function patientIdOf(reference: string): string | undefined {
  return /(?:^|\/)Patient\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]*)?$/.exec(reference)?.[1];
}

/** The lookup key of a Patient reference: the logical id of `Patient/<id>` (also inside an absolute URL). */
export function patientKeyOf(reference: string): string {
  return patientIdOf(reference) ?? reference;
}

/**
 * The member a Reference (at `path`, e.g. /subject) points at: its identifier's MBI, else the crosswalk entry of
 * its reference. Reports `required` when the reference is missing and `unresolved-patient` when it cannot be
 * resolved; `canonicalPath` is the canonical field (memberId) either issue explains.
 */
export function resolveMember(
  referenceNode: JsonObject | undefined,
  path: string,
  patients: ReadonlyMap<string, string>,
  scope: EventScope,
  canonicalPath = '/memberId',
): string | undefined {
  if (referenceNode === undefined) {
    scope.fail(path, 'required', 'the resource must say which patient it is about', canonicalPath);
    return undefined;
  }
  const identifier = objectAt(referenceNode, 'identifier');
  if (identifier !== undefined) {
    const found = mbiAmong([{ node: identifier, path: pointer(path, 'identifier') }]);
    if (found !== undefined) {
      scope.from(canonicalPath, found.path);
      return found.mbi;
    }
  }
  const reference = stringAt(referenceNode, 'reference');
  if (reference !== undefined) {
    const memberId = patients.get(patientKeyOf(reference)) ?? patients.get(reference);
    if (memberId !== undefined) {
      scope.from(canonicalPath, pointer(path, 'reference'));
      return memberId;
    }
  }
  scope.fail(
    path,
    'unresolved-patient',
    reference === undefined
      ? 'the reference carries no MBI identifier and no Patient reference'
      : `${reference} carries no MBI and is not a Patient Benchline has received (send the Patient, with its MBI, first or in the same bundle)`,
    canonicalPath,
  );
  return undefined;
}
