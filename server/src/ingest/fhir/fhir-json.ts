/**
 * Reading untrusted FHIR JSON without trusting its shape: typed accessors that return undefined (or an empty
 * list) instead of throwing, and JSON pointers built as we walk, so every value the mapper takes can name the
 * exact field it came from. Pure; no FHIR semantics live here.
 */

export type JsonObject = Readonly<Record<string, unknown>>;

export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A JSON pointer extended by one segment; `~` and `/` are escaped as RFC 6901 says. */
export function pointer(base: string, ...segments: (string | number)[]): string {
  let path = base;
  for (const segment of segments) {
    path += `/${String(segment).replace(/~/g, '~0').replace(/\//g, '~1')}`;
  }
  return path;
}

export function objectAt(node: JsonObject | undefined, key: string): JsonObject | undefined {
  const value = node?.[key];
  return isObject(value) ? value : undefined;
}

export function stringAt(node: JsonObject | undefined, key: string): string | undefined {
  const value = node?.[key];
  return typeof value === 'string' ? value : undefined;
}

export function numberAt(node: JsonObject | undefined, key: string): number | undefined {
  const value = node?.[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** The object elements of an array field, each with its index (non-objects are skipped, not reported). */
export function objectsAt(node: JsonObject | undefined, key: string): { node: JsonObject; index: number }[] {
  const value = node?.[key];
  if (!Array.isArray(value)) {
    return [];
  }
  const out: { node: JsonObject; index: number }[] = [];
  value.forEach((element: unknown, index) => {
    if (isObject(element)) {
      out.push({ node: element, index });
    }
  });
  return out;
}

/** A Coding found in a CodeableConcept, with the pointer to the coding itself. */
export interface FoundCoding {
  readonly system: string | undefined;
  readonly code: string | undefined;
  readonly path: string;
}

/** Every coding of a CodeableConcept at `path`, in order. */
export function codingsOf(concept: JsonObject | undefined, path: string): FoundCoding[] {
  return objectsAt(concept, 'coding').map(({ node, index }) => ({
    system: stringAt(node, 'system'),
    code: stringAt(node, 'code'),
    path: pointer(path, 'coding', index),
  }));
}

/** The first coding of a concept whose system is one of `systems`. */
export function codingIn(
  concept: JsonObject | undefined,
  path: string,
  systems: readonly string[],
): FoundCoding | undefined {
  return codingsOf(concept, path).find((coding) => coding.system !== undefined && systems.includes(coding.system));
}

/** True when some coding of the concept has one of the codes (whatever its system). */
export function hasCode(concept: JsonObject | undefined, codes: readonly string[]): boolean {
  return codingsOf(concept, '').some((coding) => coding.code !== undefined && codes.includes(coding.code));
}

/** The extension (at any URL in `urls`) of a node, with its pointer. */
export function extensionOf(
  node: JsonObject | undefined,
  path: string,
  urls: readonly string[],
): { node: JsonObject; path: string } | undefined {
  const found = objectsAt(node, 'extension').find(({ node: ext }) => urls.includes(stringAt(ext, 'url') ?? ''));
  return found === undefined ? undefined : { node: found.node, path: pointer(path, 'extension', found.index) };
}

/** The text of an extension's value, whatever type carries it (valueCoding.code, valueIdentifier.value, …). */
export function extensionText(extension: JsonObject): { value: string; field: string } | undefined {
  const coding = objectAt(extension, 'valueCoding');
  if (coding !== undefined && stringAt(coding, 'code') !== undefined) {
    return { value: stringAt(coding, 'code') ?? '', field: 'valueCoding/code' };
  }
  const identifier = objectAt(extension, 'valueIdentifier');
  if (identifier !== undefined && stringAt(identifier, 'value') !== undefined) {
    return { value: stringAt(identifier, 'value') ?? '', field: 'valueIdentifier/value' };
  }
  for (const key of ['valueString', 'valueCode', 'valueDate']) {
    const text = stringAt(extension, key);
    if (text !== undefined) {
      return { value: text, field: key };
    }
  }
  return undefined;
}
